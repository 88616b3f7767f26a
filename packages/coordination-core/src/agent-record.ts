import type { ExpiryEntry } from './expiry-index';
import type { SensitivitySignal } from './models';
import { RingBuffer, SampleRing } from './ring-buffer';
import { decay, TYPE_COUNT, type AgentView } from './scoring';

/** The active (latest) signal of one type for one agent; also its entry in the expiry index. */
export interface ActiveSlot extends ExpiryEntry {
  readonly record: AgentRecord;
  readonly typeIndex: number;
  signal: SensitivitySignal | undefined;
  timestampMs: number;
}

/** Everything the service keeps about one agent. */
export class AgentRecord {
  readonly slots: ActiveSlot[];
  readonly history: RingBuffer<SensitivitySignal>;
  readonly loadTrace: SampleRing;
  /** Selections made since the last load signal: work the agent has not reported yet. */
  assignments = 0;
  activeCount = 0;
  lastUpdatedMs: number;

  constructor(
    readonly agentId: string,
    historySize: number,
    nowMs: number,
  ) {
    this.slots = Array.from({ length: TYPE_COUNT }, (_, typeIndex) => ({
      record: this,
      typeIndex,
      signal: undefined,
      timestampMs: 0,
      expiresAtMs: 0,
      bucket: -1,
    }));
    this.history = new RingBuffer(historySize);
    this.loadTrace = new SampleRing(historySize);
    this.lastUpdatedMs = nowMs;
  }

  /** Fills `view` with each type's value and confidence × decay as of `nowMs`. Returns whether any signal is active. */
  fillView(view: AgentView, nowMs: number): boolean {
    let any = false;
    for (let i = 0; i < TYPE_COUNT; i++) {
      const slot = this.slots[i];
      const signal = slot.signal;
      if (signal === undefined || slot.expiresAtMs <= nowMs) {
        view.values[i] = Number.NaN;
        view.weights[i] = 0;
        continue;
      }
      any = true;
      view.values[i] = signal.value;
      view.weights[i] = signal.confidence * decay(nowMs - slot.timestampMs, signal.ttl_seconds * 1000);
    }
    return any;
  }

  /** The active signals keyed by type, as on the wire. */
  activeSignals(nowMs: number): Partial<Record<SensitivitySignal['signal_type'], SensitivitySignal>> {
    const out: Partial<Record<SensitivitySignal['signal_type'], SensitivitySignal>> = {};
    for (const slot of this.slots) {
      if (slot.signal !== undefined && slot.expiresAtMs > nowMs) out[slot.signal.signal_type] = slot.signal;
    }
    return out;
  }
}

export function newView(): AgentView {
  return { values: new Float64Array(TYPE_COUNT), weights: new Float64Array(TYPE_COUNT) };
}
