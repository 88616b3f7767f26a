import { AgentRecord, type ActiveSlot } from './agent-record';
import type { CoordinationConfig } from './config';
import type { CoordinationMetrics } from './counters';
import type { ValidationIssue } from './errors';
import type { ExpiryIndex } from './expiry-index';
import type { SensitivitySignal } from './models';
import { TYPE_INDEX } from './scoring';
import { fastParse, parseSignal, type ParsedSignal } from './validation';

export interface IngestOptions {
  agents: Map<string, AgentRecord>;
  expiry: ExpiryIndex<ActiveSlot>;
  config: Readonly<CoordinationConfig>;
  counters: CoordinationMetrics;
  generateId: () => string;
  /** How far in the future a timestamp may be (clock skew) before it is rejected. */
  maxFutureSkewMs: number;
  /** Told after a signal became an agent's active one (a load signal restarts the count of routed work). */
  onActivated?: (record: AgentRecord, signal: SensitivitySignal, nowMs: number) => void;
}

/**
 * How a signal gets in: validated (the wire rules plus the service's clock — a timestamp too far
 * ahead is refused), given its defaults, de-duplicated by signal id, kept in history and, when it
 * is the newest of its type and not already expired, made the agent's active signal.
 */
export class SignalIngest {
  private lastIsoMs = Number.NaN;
  private lastIso = '';

  constructor(private readonly options: IngestOptions) {}

  /**
   * Validates one input. `index` is the item's position in a batch; paths (e.g. `signals.3.value`)
   * are built only for bad input, never per item.
   */
  validate(input: unknown, now: number, pathPrefix: readonly PropertyKey[], index?: number): ParsedSignal | ValidationIssue[] {
    const parsed = parseSignal(input);
    const prefix = index === undefined ? pathPrefix : [...pathPrefix, index];
    if (!('agent_id' in parsed)) return withPathPrefix(parsed, prefix);
    const skew = this.options.maxFutureSkewMs;
    if (parsed.timestampMs === undefined || parsed.timestampMs <= now + skew) return parsed;
    return withPathPrefix([{ path: 'timestamp', message: `timestamp is more than ${skew / 1000} s in the future`, code: 'too_big' }], prefix);
  }

  /**
   * Whether one input is valid, without working out its issues: the fast path alone, which
   * accepts exactly what the schema accepts for plain JSON (a property test holds them together).
   */
  isValid(input: unknown, now: number): boolean {
    const parsed = fastParse(input);
    return parsed !== undefined && (parsed.timestampMs === undefined || parsed.timestampMs <= now + this.options.maxFutureSkewMs);
  }

  /** Stores one validated signal; a new one (not a duplicate) is also appended to `fresh`. */
  store(parsed: ParsedSignal, now: number, fresh: SensitivitySignal[]): SensitivitySignal {
    const { agents, config, counters } = this.options;
    let record = agents.get(parsed.agent_id);
    const slotIndex = TYPE_INDEX[parsed.signal_type];
    if (record !== undefined && parsed.signal_id !== undefined) {
      const current = record.slots[slotIndex].signal;
      // The same signal again (a retried request, a replica's echo): idempotent.
      if (current !== undefined && current.signal_id === parsed.signal_id) {
        counters.duplicate_signals++;
        return current;
      }
    }
    const timestampMs = parsed.timestampMs ?? now;
    const signal: SensitivitySignal = {
      signal_id: parsed.signal_id ?? this.options.generateId(),
      agent_id: parsed.agent_id,
      signal_type: parsed.signal_type,
      value: parsed.value,
      timestamp: this.isoTimestamp(timestampMs),
      ttl_seconds: parsed.ttl_seconds ?? config.signalTtlSeconds,
      confidence: parsed.confidence ?? 1,
    };
    if (parsed.trace_id !== undefined) signal.trace_id = parsed.trace_id;

    const expiresAtMs = timestampMs + signal.ttl_seconds * 1000;
    if (record === undefined && expiresAtMs > now) {
      record = new AgentRecord(parsed.agent_id, config.maxHistorySize, now);
      agents.set(parsed.agent_id, record);
    }
    // An already-expired signal from an unknown agent creates no record: nothing would ever
    // expire it, so stale signals under ever-new ids would pile up for good.
    if (record !== undefined) {
      record.remember(signal, timestampMs, now);
      const slot = record.slots[slotIndex];
      // Out-of-order arrivals go to history only; an already-expired one never becomes active.
      if ((slot.signal === undefined || timestampMs >= slot.timestampMs) && expiresAtMs > now) {
        record.activate(slot, signal, timestampMs, expiresAtMs);
        this.options.expiry.arm(slot, expiresAtMs);
        this.options.onActivated?.(record, signal, now);
      }
    }
    counters.total_signals++;
    counters.signals_by_type[signal.signal_type]++;
    fresh.push(signal);
    return signal;
  }

  /** Signals of one batch (and of a burst) mostly share a timestamp: format it once and share the string. */
  private isoTimestamp(ms: number): string {
    if (ms !== this.lastIsoMs) {
      this.lastIso = new Date(ms).toISOString();
      this.lastIsoMs = ms;
    }
    return this.lastIso;
  }
}

function withPathPrefix(issues: ValidationIssue[], prefix: readonly PropertyKey[]): ValidationIssue[] {
  if (prefix.length === 0) return issues;
  const head = prefix.map(String).join('.');
  return issues.map((issue) => ({ ...issue, path: issue.path === '' ? head : `${head}.${issue.path}` }));
}
