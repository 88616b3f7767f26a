import { AgentRecord, newView } from './agent-record';
import { completeWeights, DEFAULT_CONFIG, DEFAULT_WEIGHTS, normaliseWeights, validateConfig, type CoordinationConfig } from './config';
import { issuesFromZod, ValidationError, type ValidationIssue } from './errors';
import { ExpiryIndex } from './expiry-index';
import {
  WeightProfileSchema,
  type AgentCoordinationState,
  type OverloadPrediction,
  type SelectionResult,
  type SensitivitySignal,
  type WeightProfile,
  type Weights,
} from './models';
import { DEFAULT_TREND_TUNING, forecastLoad, MAX_HORIZON_SECONDS, type PredictionOptions, type TrendTuning } from './prediction';
import { silentLogger, uuidFromRandom, type Clock, type Logger, type Random } from './rng';
import {
  DEFAULT_SELECTION_TUNING,
  SCORE_SLOT,
  SCORE_SLOTS,
  scoreAgent,
  scoreInto,
  TYPE_INDEX,
  type SelectionTuning,
} from './scoring';
import { emptyCounters, type CoordinationMetrics } from './counters';
import { decodeCursor, encodeCursor } from './cursor';
import { selectFrom, type SelectOptions } from './selection';
import { parseSignal, type ParsedSignal } from './validation';
import type { ActiveSlot } from './agent-record';

export interface CoordinationServiceOptions {
  config?: Partial<CoordinationConfig>;
  /** Epoch milliseconds. Required: core never reads the real clock itself. */
  clock: Clock;
  /** Uniform [0, 1). Required: used for tie-breaking and generated ids. */
  random: Random;
  /** Generates signal ids; defaults to UUID v4 built from `random`. */
  generateId?: () => string;
  logger?: Logger;
  selection?: Partial<SelectionTuning>;
  trend?: Partial<TrendTuning>;
  /** How far in the future a timestamp may be (clock skew) before it is rejected. Default 60 s. */
  maxFutureSkewMs?: number;
}

export interface CoordinationEvents {
  signal: (signal: SensitivitySignal) => void;
  agentExpired: (agentId: string) => void;
  overloadPredicted: (prediction: OverloadPrediction) => void;
}

export interface StatePage {
  states: AgentCoordinationState[];
  next_cursor: string | null;
}

export interface CleanupResult {
  removedSignals: number;
  expiredAgents: string[];
}

/** Per-agent coordination state: signals in, scores, selections and overload predictions out. */
export class CoordinationService {
  readonly config: Readonly<CoordinationConfig>;
  private readonly agents = new Map<string, AgentRecord>();
  private readonly expiry = new ExpiryIndex<ActiveSlot>();
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly generateId: () => string;
  private readonly logger: Logger;
  private readonly tuning: SelectionTuning;
  private readonly trend: TrendTuning;
  private readonly maxFutureSkewMs: number;
  private readonly view = newView();
  private readonly scores = new Float64Array(SCORE_SLOTS);
  private lastIsoMs = Number.NaN;
  private lastIso = '';
  private readonly listeners: { [K in keyof CoordinationEvents]: CoordinationEvents[K][] } = {
    signal: [],
    agentExpired: [],
    overloadPredicted: [],
  };
  private readonly counters: CoordinationMetrics;

  constructor(options: CoordinationServiceOptions) {
    // Dimensions a directly handed-in profile leaves out weigh 0, as in a per-request profile.
    const weights = completeWeights(options.config?.weights ?? DEFAULT_WEIGHTS);
    const config = { ...DEFAULT_CONFIG, ...options.config, weights };
    validateConfig(config);
    // loadConfig normalises already; weights handed in directly must obey the same rule.
    this.config = { ...config, weights: normaliseWeights(config.weights) };
    this.clock = options.clock;
    this.random = options.random;
    this.generateId = options.generateId ?? uuidFromRandom(options.random);
    this.logger = options.logger ?? silentLogger;
    this.tuning = { ...DEFAULT_SELECTION_TUNING, ...options.selection };
    this.trend = { ...DEFAULT_TREND_TUNING, ...options.trend };
    this.maxFutureSkewMs = options.maxFutureSkewMs ?? 60_000;
    this.counters = emptyCounters();
  }

  /** Subscribes to an event; returns the function that unsubscribes. */
  on<K extends keyof CoordinationEvents>(event: K, listener: CoordinationEvents[K]): () => void {
    const list = this.listeners[event] as CoordinationEvents[K][];
    list.push(listener);
    return () => {
      const i = list.indexOf(listener);
      if (i >= 0) list.splice(i, 1);
    };
  }

  get agentCount(): number {
    return this.agents.size;
  }

  /** Validates and stores one signal. Throws ValidationError (nothing stored) on bad input. */
  registerSignal(input: unknown): SensitivitySignal {
    const now = this.clock();
    const parsed = this.validate(input, now, []);
    if (!('agent_id' in parsed)) {
      this.counters.rejected_signals++;
      throw new ValidationError(parsed);
    }
    const fresh: SensitivitySignal[] = [];
    const signal = this.store(parsed, now, fresh);
    if (fresh.length > 0 && this.listeners.signal.length > 0) this.emit('signal', signal);
    return signal;
  }

  /**
   * Validates every signal, then stores all of them — or, if any is invalid, none, reporting
   * the issues of every invalid item with paths such as `signals.3.value`.
   */
  registerSignals(inputs: readonly unknown[], pathPrefix: readonly PropertyKey[] = []): SensitivitySignal[] {
    const now = this.clock();
    const parsed: ParsedSignal[] = [];
    const issues: ValidationIssue[] = [];
    for (let i = 0; i < inputs.length; i++) {
      const result = this.validate(inputs[i], now, pathPrefix, i);
      if ('agent_id' in result) parsed.push(result);
      else issues.push(...result);
    }
    if (issues.length > 0) {
      this.counters.rejected_signals += inputs.length;
      throw new ValidationError(issues);
    }
    const fresh: SensitivitySignal[] = [];
    const stored = parsed.map((p) => this.store(p, now, fresh));
    if (this.listeners.signal.length > 0) for (const signal of fresh) this.emit('signal', signal);
    return stored;
  }

  /** `index` is the item's position in a batch; paths are built only for bad input, never per item. */
  private validate(
    input: unknown,
    now: number,
    pathPrefix: readonly PropertyKey[],
    index?: number,
  ): ParsedSignal | ValidationIssue[] {
    const parsed = parseSignal(input);
    if ('agent_id' in parsed) {
      if (parsed.timestampMs === undefined || parsed.timestampMs <= now + this.maxFutureSkewMs) return parsed;
      return withPathPrefix(
        [
          {
            path: 'timestamp',
            message: `timestamp is more than ${this.maxFutureSkewMs / 1000} s in the future`,
            code: 'too_big',
          },
        ],
        index === undefined ? pathPrefix : [...pathPrefix, index],
      );
    }
    return withPathPrefix(parsed, index === undefined ? pathPrefix : [...pathPrefix, index]);
  }

  /** Stores one validated signal; a new one (not a duplicate) is also appended to `fresh`. */
  private store(parsed: ParsedSignal, now: number, fresh: SensitivitySignal[]): SensitivitySignal {
    let record = this.agents.get(parsed.agent_id);
    const slotIndex = TYPE_INDEX[parsed.signal_type];
    if (record !== undefined && parsed.signal_id !== undefined) {
      const current = record.slots[slotIndex].signal;
      // The same signal again (a retried request, a replica's echo): idempotent.
      if (current !== undefined && current.signal_id === parsed.signal_id) {
        this.counters.duplicate_signals++;
        return current;
      }
    }
    const timestampMs = parsed.timestampMs ?? now;
    const signal: SensitivitySignal = {
      signal_id: parsed.signal_id ?? this.generateId(),
      agent_id: parsed.agent_id,
      signal_type: parsed.signal_type,
      value: parsed.value,
      timestamp: this.isoTimestamp(timestampMs),
      ttl_seconds: parsed.ttl_seconds ?? this.config.signalTtlSeconds,
      confidence: parsed.confidence ?? 1,
    };
    if (parsed.trace_id !== undefined) signal.trace_id = parsed.trace_id;

    const expiresAtMs = timestampMs + signal.ttl_seconds * 1000;
    if (record === undefined && expiresAtMs > now) {
      record = new AgentRecord(parsed.agent_id, this.config.maxHistorySize, now);
      this.agents.set(parsed.agent_id, record);
    }
    // An already-expired signal from an unknown agent creates no record: nothing would ever
    // expire it, so stale signals under ever-new ids would pile up for good.
    if (record !== undefined) {
      record.history.push(signal);
      if (slotIndex === 0) record.loadTrace.push(timestampMs, signal.value, signal.confidence);
      const slot = record.slots[slotIndex];
      // Out-of-order arrivals go to history only; an already-expired one never becomes active.
      if ((slot.signal === undefined || timestampMs >= slot.timestampMs) && expiresAtMs > now) {
        if (slot.bucket < 0) record.activeCount++;
        record.activate(slot, signal, timestampMs, expiresAtMs);
        this.expiry.arm(slot, expiresAtMs);
        if (slotIndex === 0) record.assignments = 0;
      }
      record.lastUpdatedMs = now;
    }
    this.counters.total_signals++;
    this.counters.signals_by_type[signal.signal_type]++;
    fresh.push(signal);
    return signal;
  }

  /**
   * Tells subscribers, after everything of the call is stored: a subscriber that throws is
   * logged and cannot undo, interrupt or half-apply a batch.
   */
  private emit<K extends keyof CoordinationEvents>(event: K, payload: Parameters<CoordinationEvents[K]>[0]): void {
    const listeners = this.listeners[event] as Array<(payload: Parameters<CoordinationEvents[K]>[0]) => void>;
    for (let i = 0; i < listeners.length; i++) {
      try {
        listeners[i](payload);
      } catch (error) {
        this.logger.error('coordination event listener failed', { event, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }

  /** Signals of one batch (and of a burst) mostly share a timestamp: format it once and share the string. */
  private isoTimestamp(ms: number): string {
    if (ms !== this.lastIsoMs) {
      this.lastIso = new Date(ms).toISOString();
      this.lastIsoMs = ms;
    }
    return this.lastIso;
  }

  /** Current state of one agent, or null if the service has never heard of it (or it expired and was cleaned). */
  getState(agentId: string): AgentCoordinationState | null {
    const record = this.agents.get(agentId);
    return record === undefined ? null : this.toState(record, this.clock());
  }

  /** States of the given agents, in the order given; unknown ids are omitted. */
  getStates(agentIds: readonly string[]): AgentCoordinationState[] {
    const now = this.clock();
    const out: AgentCoordinationState[] = [];
    for (const id of agentIds) {
      const record = this.agents.get(id);
      if (record !== undefined) out.push(this.toState(record, now));
    }
    return out;
  }

  /** All agents, ordered by id, a page at a time. `cursor` is the opaque `next_cursor` of the previous page. */
  listStates(options: { limit?: number; cursor?: string | null } = {}): StatePage {
    const limit = options.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new ValidationError([{ path: 'limit', message: 'limit must be an integer from 1 to 1000', code: 'invalid_value' }]);
    }
    let after: string | undefined;
    if (options.cursor !== undefined && options.cursor !== null) {
      after = decodeCursor(options.cursor);
    }
    this.removeExpired();
    const ids = [...this.agents.keys()].filter((id) => after === undefined || id > after).sort();
    const page = ids.slice(0, limit);
    const now = this.clock();
    return {
      states: page.map((id) => this.toState(this.agents.get(id) as AgentRecord, now)),
      next_cursor: ids.length > limit ? encodeCursor(page[page.length - 1]) : null,
    };
  }

  /** Signal history of one agent, oldest first (bounded by COORDINATION_MAX_HISTORY_SIZE). */
  getHistory(agentId: string): SensitivitySignal[] {
    return this.agents.get(agentId)?.history.toArray() ?? [];
  }

  /** Routing score of one agent under the default or given weights; null if unknown. */
  routingScore(agentId: string, weights?: WeightProfile): number | null {
    const record = this.agents.get(agentId);
    if (record === undefined) return null;
    record.fillView(this.view, this.clock());
    scoreInto(this.view, this.resolveWeights(weights), 0, this.config.capacityScale, this.tuning, this.scores);
    return this.scores[SCORE_SLOT.routing];
  }

  /** Routing scores of many agents at once; unknown agents are omitted. */
  routingScores(agentIds: readonly string[], weights?: WeightProfile): Record<string, number> {
    const resolved = this.resolveWeights(weights);
    const now = this.clock();
    const out: Record<string, number> = {};
    for (const id of agentIds) {
      const record = this.agents.get(id);
      if (record === undefined) continue;
      record.fillView(this.view, now);
      scoreInto(this.view, resolved, 0, this.config.capacityScale, this.tuning, this.scores);
      out[id] = this.scores[SCORE_SLOT.routing];
    }
    return out;
  }

  /**
   * Picks the best of `candidates` and (by default) counts the pick as work on that agent
   * until its next load signal, so a burst of decisions between signals spreads out.
   */
  selectAgent(candidates: readonly string[], options: SelectOptions = {}): SelectionResult {
    if (candidates.length === 0) {
      throw new ValidationError([{ path: 'candidates', message: 'at least one candidate is required', code: 'too_small' }]);
    }
    const result = selectFrom(candidates, {
      agents: this.agents,
      weights: this.resolveWeights(options.weights),
      now: this.clock(),
      random: this.random,
      capacityScale: this.config.capacityScale,
      tuning: this.tuning,
      explain: options.explain === true,
      view: this.view,
    });
    if (options.recordAssignment !== false) this.recordAssignment(result.agent_id);
    this.counters.selections++;
    this.counters.selections_by_reason[result.reason]++;
    if (result.reason === 'no_signals_random' || result.reason === 'all_unavailable_random') this.counters.fallbacks++;
    this.logger.debug('agent selected', { agent_id: result.agent_id, reason: result.reason, candidates: candidates.length });
    return result;
  }

  /** Counts one task routed to `agentId` that its load signals do not reflect yet; false if the agent is unknown. */
  recordAssignment(agentId: string, count = 1): boolean {
    checkCount(count);
    const record = this.agents.get(agentId);
    if (record === undefined) return false;
    record.assignments += count;
    return true;
  }

  /**
   * Counts one task that left the agent (finished, failed or given up on) since its last load
   * signal. Without it, every pick between two signals would count as work forever, and the
   * agent that reported last would look idle by comparison and take a whole burst.
   * Returns false (and records nothing) for an unknown agent.
   */
  recordCompletion(agentId: string, count = 1): boolean {
    checkCount(count);
    const record = this.agents.get(agentId);
    if (record === undefined) return false;
    // It may go below zero: work that was in flight when the agent last reported load has
    // finished since, so the agent is less busy than it said. Effective load stops at 0.
    record.assignments -= count;
    return true;
  }

  /** Forecasts whether the agent's load crosses the threshold within the horizon; null if the agent is unknown. */
  predictOverload(agentId: string, options: PredictionOptions = {}): OverloadPrediction | null {
    const horizonSeconds = options.horizonSeconds ?? 60;
    const threshold = options.threshold ?? 0.8;
    const issues: ValidationIssue[] = [];
    if (!Number.isFinite(horizonSeconds) || horizonSeconds <= 0 || horizonSeconds > MAX_HORIZON_SECONDS) {
      issues.push({ path: 'horizon_seconds', message: `horizon_seconds must be > 0 and <= ${MAX_HORIZON_SECONDS}`, code: 'invalid_value' });
    }
    if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 1) {
      issues.push({ path: 'threshold', message: 'threshold must be > 0 and <= 1', code: 'invalid_value' });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    const record = this.agents.get(agentId);
    if (record === undefined) return null;
    const now = this.clock();
    // Expired = absent, here too: with no active load signal there is no current load to project.
    const load = record.slots[TYPE_INDEX.load];
    const active = load.signal !== undefined && load.expiresAtMs > now;
    // A long-lived active signal older than the fit's window still says where load is now.
    const ageSeconds = (now - load.timestampMs) / 1000;
    const trend = active && ageSeconds >= this.trend.windowSeconds ? { ...this.trend, windowSeconds: ageSeconds + 1 } : this.trend;
    const forecast = active ? forecastLoad(record.loadTrace, now, horizonSeconds, threshold, trend) : null;
    const prediction: OverloadPrediction =
      forecast === null
        ? {
            agent_id: agentId,
            will_overload: false,
            probability: 0,
            predicted_load: 0,
            current_load: 0,
            time_to_overload_seconds: null,
            horizon_seconds: horizonSeconds,
            threshold,
            samples: 0,
          }
        : {
            agent_id: agentId,
            will_overload: forecast.probability >= 0.5,
            probability: forecast.probability,
            predicted_load: forecast.predictedLoad,
            current_load: forecast.currentLoad,
            time_to_overload_seconds: forecast.timeToOverloadSeconds,
            horizon_seconds: horizonSeconds,
            threshold,
            samples: forecast.samples,
          };
    if (prediction.will_overload) {
      this.counters.overload_predictions++;
      this.emit('overloadPredicted', prediction);
    }
    return prediction;
  }

  /** Predicts every agent that has load history; returns those predicted to overload. */
  scanOverloads(options: PredictionOptions = {}): OverloadPrediction[] {
    const out: OverloadPrediction[] = [];
    for (const [id, record] of this.agents) {
      if (record.loadTrace.size === 0) continue;
      const prediction = this.predictOverload(id, options);
      if (prediction?.will_overload) out.push(prediction);
    }
    return out;
  }

  /**
   * Drops every signal whose TTL has passed, and every agent left with none. Costs time in
   * proportion to what expired, not to how many agents are tracked.
   */
  removeExpired(nowMs: number = this.clock()): CleanupResult {
    const due = this.expiry.takeExpired(nowMs);
    const expiredAgents: string[] = [];
    for (const slot of due) {
      const record = slot.record;
      record.deactivate(slot);
      record.activeCount--;
      if (record.activeCount === 0 && this.agents.get(record.agentId) === record) {
        this.agents.delete(record.agentId);
        expiredAgents.push(record.agentId);
      }
    }
    this.counters.expired_signals_cleaned += due.length;
    this.counters.agents_expired += expiredAgents.length;
    for (const id of expiredAgents) this.emit('agentExpired', id);
    if (due.length > 0) {
      this.logger.debug('expired signals removed', { removed: due.length, agents_expired: expiredAgents.length });
    }
    return { removedSignals: due.length, expiredAgents };
  }

  /** Counters; expired signals are swept first, so agents_tracked and active_signals are exact. */
  metrics(): CoordinationMetrics {
    this.removeExpired();
    return {
      ...this.counters,
      signals_by_type: { ...this.counters.signals_by_type },
      selections_by_reason: { ...this.counters.selections_by_reason },
      agents_tracked: this.agents.size,
      active_signals: this.expiry.size,
    };
  }

  private resolveWeights(profile: WeightProfile | undefined): Weights {
    if (profile === undefined) return this.config.weights;
    const result = WeightProfileSchema.safeParse(profile);
    if (!result.success) throw new ValidationError(issuesFromZod(result.error, ['weights']));
    return normaliseWeights(result.data);
  }

  private toState(record: AgentRecord, now: number): AgentCoordinationState {
    record.fillView(this.view, now);
    const breakdown = scoreAgent(this.view, this.config.weights, 0, this.config.capacityScale, this.tuning);
    return {
      agent_id: record.agentId,
      signals: record.activeSignals(now),
      load_score: breakdown.scores.load,
      capacity_score: breakdown.scores.capacity,
      quality_score: breakdown.scores.quality,
      cost_score: breakdown.scores.cost,
      availability_score: breakdown.scores.availability,
      routing_score: breakdown.routingScore,
      last_updated: new Date(record.lastUpdatedMs).toISOString(),
    };
  }
}

function withPathPrefix(issues: ValidationIssue[], prefix: readonly PropertyKey[]): ValidationIssue[] {
  if (prefix.length === 0) return issues;
  const head = prefix.map(String).join('.');
  return issues.map((issue) => ({ ...issue, path: issue.path === '' ? head : `${head}.${issue.path}` }));
}

/** A task count must be a whole number >= 0: NaN or a negative count would corrupt effective load for good. */
function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) {
    throw new ValidationError([{ path: 'count', message: 'count must be an integer >= 0', code: 'invalid_value' }]);
  }
}
