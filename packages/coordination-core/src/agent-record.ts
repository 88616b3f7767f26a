import type { ExpiryEntry } from './expiry-index';
import type { SensitivitySignal } from './models';
import { RingBuffer, SampleRing } from './ring-buffer';
import { decay, TYPE_COUNT, type AgentView } from './scoring';

// Imported bindings copied into locals for the per-candidate loop: under CommonJS transforms
// (tsx, ts-jest, unbundled esbuild) each use of an imported binding is a property or getter
// access, which profiled at about a third of selection time.
const typeCount = TYPE_COUNT;
const decayOf = decay;

/** The active (latest) signal of one type for one agent; also its entry in the expiry index. */
export interface ActiveSlot extends ExpiryEntry {
  readonly record: AgentRecord;
  readonly typeIndex: number;
  signal: SensitivitySignal | undefined;
  timestampMs: number;
}

/** Per signal type, `numbers` holds value, confidence, timestamp, ttl and expiry (ms), in this order. */
const FIELDS = 5;
const VALUE = 0;
const CONFIDENCE = 1;
const TIMESTAMP = 2;
const TTL = 3;
const EXPIRES = 4;

/** Everything the service keeps about one agent. */
export class AgentRecord {
  readonly slots: ActiveSlot[];
  /**
   * The numbers scoring needs from the active signals, side by side: selection reads them for
   * every candidate, and chasing six signal objects per agent through the heap cost ~3× more.
   */
  private readonly numbers = new Float64Array(TYPE_COUNT * FIELDS);
  readonly history: RingBuffer<SensitivitySignal>;
  readonly loadTrace: SampleRing;
  /** Selections made since the last load signal: work the agent has not reported yet. */
  assignments = 0;
  activeCount = 0;
  /** Which selection last looked at this agent: lets a selection skip a repeated candidate id without allocating. */
  selectionMark = 0;
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
    for (let i = 0; i < TYPE_COUNT; i++) this.numbers[i * FIELDS + EXPIRES] = -Infinity;
  }

  /** Makes `signal` the active one of its slot. The caller arms the slot in the expiry index. */
  activate(slot: ActiveSlot, signal: SensitivitySignal, timestampMs: number, expiresAtMs: number): void {
    slot.signal = signal;
    slot.timestampMs = timestampMs;
    const at = slot.typeIndex * FIELDS;
    this.numbers[at + VALUE] = signal.value;
    this.numbers[at + CONFIDENCE] = signal.confidence;
    this.numbers[at + TIMESTAMP] = timestampMs;
    this.numbers[at + TTL] = signal.ttl_seconds * 1000;
    this.numbers[at + EXPIRES] = expiresAtMs;
  }

  /** Clears an expired slot (already taken out of the expiry index). */
  deactivate(slot: ActiveSlot): void {
    slot.signal = undefined;
    this.numbers[slot.typeIndex * FIELDS + EXPIRES] = -Infinity;
  }

  /** Fills `view` with each type's value and confidence × decay as of `nowMs`. Returns whether any signal is active. */
  fillView(view: AgentView, nowMs: number): boolean {
    const numbers = this.numbers;
    const { values, weights } = view;
    let any = false;
    for (let i = 0, at = 0; i < typeCount; i++, at += FIELDS) {
      if (!(numbers[at + EXPIRES] > nowMs)) {
        values[i] = Number.NaN;
        weights[i] = 0;
        continue;
      }
      any = true;
      values[i] = numbers[at + VALUE];
      weights[i] = numbers[at + CONFIDENCE] * decayOf(nowMs - numbers[at + TIMESTAMP], numbers[at + TTL]);
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
