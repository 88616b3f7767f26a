import type { ExpiryEntry } from './expiry-index';
import type { SensitivitySignal } from './models';
import { OverloadOutlook } from './admission';
import type { PendingForecasts } from './pending-forecasts';
import { PickFlow } from './pick-flow';
import { QueueStats } from './queue-stats';
import { RingBuffer, SampleRing } from './ring-buffer';
import { decay, TYPE_COUNT, TYPE_INDEX, type AgentView } from './scoring';

// Imported bindings copied into locals for the per-candidate loop: under CommonJS transforms
// (tsx, ts-jest, unbundled esbuild) each use of an imported binding is a property or getter
// access, which profiled at about a third of selection time.
const typeCount = TYPE_COUNT;
const decayOf = decay;
const LOAD = TYPE_INDEX.load;

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
  /** Net tasks routed here since the last load signal (picks minus completions): work not reported yet. */
  private assigned = 0;
  /** The picks and task ends routed here, for overload prediction. */
  readonly pickFlow = new PickFlow();
  /** Long-run service and arrival rates of its queue, for overload prediction. */
  readonly queueStats = new QueueStats();
  /** Its overload outlook for a task sent now, cached for admission (refreshed lazily). */
  readonly outlook = new OverloadOutlook();
  /** The background scan's forecasts of this agent still waiting for their outcome (created on first use). */
  pendingForecasts: PendingForecasts | undefined = undefined;
  /** Slots holding an active signal; the agent is forgotten when this reaches 0. */
  private active = 0;
  /** Which selection last looked at this agent: lets a selection skip a repeated candidate id without allocating. */
  selectionMark = 0;
  private updatedMs: number;

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
    this.updatedMs = nowMs;
    for (let i = 0; i < TYPE_COUNT; i++) this.numbers[i * FIELDS + EXPIRES] = -Infinity;
  }

  get assignments(): number {
    return this.assigned;
  }

  get activeCount(): number {
    return this.active;
  }

  /** When the service last heard from the agent (epoch ms). */
  get lastUpdatedMs(): number {
    return this.updatedMs;
  }

  /** Counts tasks routed here that the agent's load signals do not reflect yet. */
  addAssignments(count: number): void {
    this.assigned += count;
  }

  /**
   * Counts tasks that left the agent. The net count may go below zero: work that was in flight
   * when the agent last reported load has finished since, so it is less busy than it said.
   */
  removeAssignments(count: number): void {
    this.assigned -= count;
  }

  /** Keeps a received signal in the history (and the load trace), whether or not it becomes active. */
  remember(signal: SensitivitySignal, timestampMs: number, nowMs: number): void {
    this.history.push(signal);
    if (signal.signal_type === 'load') this.loadTrace.push(timestampMs, signal.value, signal.confidence);
    this.updatedMs = nowMs;
  }

  /**
   * Makes `signal` the active one of its slot. The caller arms the slot in the expiry index.
   * A load signal is the agent's own count of its work, so it replaces the assignments counted since the last one.
   */
  activate(slot: ActiveSlot, signal: SensitivitySignal, timestampMs: number, expiresAtMs: number): void {
    if (slot.signal === undefined) this.active++;
    if (slot.typeIndex === LOAD) this.assigned = 0;
    slot.signal = signal;
    slot.timestampMs = timestampMs;
    const at = slot.typeIndex * FIELDS;
    this.numbers[at + VALUE] = signal.value;
    this.numbers[at + CONFIDENCE] = signal.confidence;
    this.numbers[at + TIMESTAMP] = timestampMs;
    this.numbers[at + TTL] = signal.ttl_seconds * 1000;
    this.numbers[at + EXPIRES] = expiresAtMs;
  }

  /** Clears an expired slot (already taken out of the expiry index). Returns whether no active signal is left. */
  deactivate(slot: ActiveSlot): boolean {
    if (slot.signal !== undefined) this.active--;
    slot.signal = undefined;
    this.numbers[slot.typeIndex * FIELDS + EXPIRES] = -Infinity;
    return this.active === 0;
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
