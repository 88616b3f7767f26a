import { AgentIndex, AgentLimitError } from './agent-index';
import { newView, type ActiveSlot, type AgentRecord } from './agent-record';
import { agentState } from './agent-state';
import type { Clock } from './clock';
import { completeWeights, DEFAULT_CONFIG, DEFAULT_WEIGHTS, normaliseWeights, validateConfig, type CoordinationConfig } from './config';
import { emptyCounters, type CoordinationMetrics } from './counters';
import { issuesFromZod, ValidationError, type ValidationIssue } from './errors';
import { ExpiryIndex } from './expiry-index';
import { SignalIngest } from './ingest';
import { silentLogger, type Logger } from './logger';
import {
  isSelectionFallback,
  WeightProfileSchema,
  type AgentCoordinationState,
  type OverloadPrediction,
  type SelectionResult,
  type SensitivitySignal,
  type WeightProfile,
  type Weights,
} from './models';
import { pageOf, type PageRequest } from './paging';
import { admissionHold, outlookFrom } from './admission';
import { DEFAULT_CALIBRATION, type CalibrationOptions } from './calibration';
import { DEFAULT_SCORED_HORIZONS, DEFAULT_SCORING, ForecastScoring, type PredictionMetrics } from './forecast-scoring';
import {
  createPredictionContext,
  forecastAgent,
  predictAgent,
  predictionFrom,
  predictionRequest,
  type PredictionContext,
  type PredictionOptions,
} from './prediction';
import { MIN_SHARE, slotsOf } from './queue-estimate';
import { uuidFromRandom, type Random } from './random';
import { DEFAULT_SELECTION_TUNING, SCORE_SLOT, SCORE_SLOTS, scoreInto, TYPE_INDEX, type SelectionTuning } from './scoring';
import { selectFrom, type SelectOptions } from './selection';
import type { ParsedSignal } from './validation';

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
  /** How far in the future a timestamp may be (clock skew) before it is rejected. Default 60 s. */
  maxFutureSkewMs?: number;
  /** How the background scan's forecasts are scored and the probabilities recalibrated. */
  prediction?: PredictionSettings;
  /**
   * Most agents tracked at once. Signals that would add agents beyond it are refused with an
   * AgentLimitError (nothing stored); expired agents are swept first, so expiry frees room.
   * Default: no limit.
   */
  maxAgents?: number;
}

/** Self-scoring and recalibration of overload forecasts (see docs/coordination-core.md, Overload prediction). */
export interface PredictionSettings {
  /** Horizons (s) the scan forecasts and scores. Default 30 and 60. */
  scoredHorizons?: readonly number[];
  /** Threshold the scored forecasts use (a scan asked for another threshold is not scored). Default 0.8. */
  threshold?: number;
  /** Recalibrate published probabilities from the record. Default true. */
  recalibrate?: boolean;
  /** Effective memory of the published scores, in forecasts per horizon. Default 20,000. */
  memory?: number;
  calibration?: Partial<CalibrationOptions>;
  /** A selection asked for admission holds when a task sent now would wait on every candidate with at least this probability. Default 0.5. */
  holdAt?: number;
}

const LOAD_INDEX = TYPE_INDEX.load;
/** Default overload outlook at which a selection asked for admission holds. */
export const DEFAULT_HOLD_AT = 0.5;

export interface CoordinationEvents {
  signal: (signal: SensitivitySignal) => void;
  agentExpired: (agentId: string) => void;
  overloadPredicted: (prediction: OverloadPrediction) => void;
}

export interface StatePage {
  states: AgentCoordinationState[];
  next_cursor: string | null;
}

/** A page of agent ids in id order (see `listAgentIds`). */
export interface AgentIdPage {
  agent_ids: string[];
  next_cursor: string | null;
}

export interface CleanupResult {
  removedSignals: number;
  expiredAgents: string[];
}

/** Per-agent coordination state: signals in, scores, selections and overload predictions out. */
export class CoordinationService {
  readonly config: Readonly<CoordinationConfig>;
  /** Agents by id, with their ids kept sorted for listings. */
  private readonly agents = new AgentIndex<AgentRecord>();
  private readonly maxAgents: number;
  private readonly expiry = new ExpiryIndex<ActiveSlot>();
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly logger: Logger;
  private readonly tuning: SelectionTuning;
  private readonly ingest: SignalIngest;
  private readonly view = newView();
  private readonly scores = new Float64Array(SCORE_SLOTS);
  private readonly listeners: { [K in keyof CoordinationEvents]: CoordinationEvents[K][] } = {
    signal: [],
    agentExpired: [],
    overloadPredicted: [],
  };
  private readonly counters: CoordinationMetrics;
  private readonly prediction: PredictionContext;
  private readonly scoring: ForecastScoring;
  private readonly holdAt: number;

  constructor(options: CoordinationServiceOptions) {
    // Dimensions a directly handed-in profile leaves out weigh 0, as in a per-request profile.
    const weights = completeWeights(options.config?.weights ?? DEFAULT_WEIGHTS);
    const config = { ...DEFAULT_CONFIG, ...options.config, weights };
    validateConfig(config);
    // loadConfig normalises already; weights handed in directly must obey the same rule.
    this.config = { ...config, weights: normaliseWeights(config.weights) };
    this.clock = options.clock;
    this.random = options.random;
    this.logger = options.logger ?? silentLogger;
    this.tuning = { ...DEFAULT_SELECTION_TUNING, ...options.selection };
    this.counters = emptyCounters();
    const settings = options.prediction ?? {};
    this.scoring = new ForecastScoring({
      horizons: (settings.scoredHorizons ?? DEFAULT_SCORED_HORIZONS).map((h) => predictionRequest({ horizonSeconds: h }).horizonSeconds),
      threshold: predictionRequest({ threshold: settings.threshold ?? DEFAULT_SCORING.threshold }).threshold,
      memory: settings.memory ?? DEFAULT_SCORING.memory,
      recalibrate: settings.recalibrate ?? DEFAULT_SCORING.recalibrate,
      calibration: { ...DEFAULT_CALIBRATION, ...settings.calibration },
    });
    this.prediction = createPredictionContext(this.config, (raw, horizonSeconds) => this.scoring.calibrate(raw, horizonSeconds));
    this.holdAt = settings.holdAt ?? DEFAULT_HOLD_AT;
    if (!(this.holdAt > 0 && this.holdAt <= 1)) throw new ValidationError([{ path: 'prediction.holdAt', message: 'holdAt must be > 0 and <= 1', code: 'invalid_value' }]);
    this.maxAgents = options.maxAgents ?? Number.POSITIVE_INFINITY;
    if (!(this.maxAgents >= 1)) throw new RangeError('maxAgents must be at least 1');
    this.ingest = new SignalIngest({
      agents: this.agents,
      expiry: this.expiry,
      config: this.config,
      counters: this.counters,
      generateId: options.generateId ?? uuidFromRandom(options.random),
      maxFutureSkewMs: options.maxFutureSkewMs ?? 60_000,
      onActivated: (record, signal, now) => {
        if (signal.signal_type === 'load') this.loadReported(record, signal.value, now);
      },
    });
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
    const parsed = this.ingest.validate(input, now, []);
    if (!('agent_id' in parsed)) {
      this.counters.rejected_signals++;
      throw new ValidationError(parsed);
    }
    if (this.agents.size >= this.maxAgents && !this.agents.has(parsed.agent_id)) this.checkRoom([parsed], now, 1);
    const fresh: SensitivitySignal[] = [];
    const signal = this.ingest.store(parsed, now, fresh);
    if (fresh.length > 0 && this.listeners.signal.length > 0) this.emit('signal', signal);
    return signal;
  }

  /**
   * Validates every signal, then stores all of them — or, if any is invalid, none, reporting
   * the issues of the invalid items with paths such as `signals.3.value`. Once MAX_BATCH_ISSUES
   * issues are found, further invalid items are only counted (`ValidationError.omitted`):
   * working out the issues of a thousand bad items costs ~25 ms, for an answer that would list
   * the first few anyway.
   */
  registerSignals(inputs: readonly unknown[], pathPrefix: readonly PropertyKey[] = []): SensitivitySignal[] {
    const now = this.clock();
    const parsed: ParsedSignal[] = [];
    const issues: ValidationIssue[] = [];
    let omitted = 0;
    for (let i = 0; i < inputs.length; i++) {
      if (issues.length >= MAX_BATCH_ISSUES) {
        if (!this.ingest.isValid(inputs[i], now)) omitted++;
        continue;
      }
      const result = this.ingest.validate(inputs[i], now, pathPrefix, i);
      if ('agent_id' in result) parsed.push(result);
      else issues.push(...result);
    }
    if (issues.length > 0) {
      this.counters.rejected_signals += inputs.length;
      throw new ValidationError(issues, omitted);
    }
    // Only a batch that could pass the limit pays for counting its new agents.
    if (this.agents.size + parsed.length > this.maxAgents) this.checkRoom(parsed, now, inputs.length);
    const fresh: SensitivitySignal[] = [];
    const stored = parsed.map((p) => this.ingest.store(p, now, fresh));
    if (this.listeners.signal.length > 0) for (const signal of fresh) this.emit('signal', signal);
    return stored;
  }

  /**
   * Refuses signals that would take the service past `maxAgents` (AgentLimitError, nothing
   * stored): first sweeping expired agents, whose room is free again. Only signals that would
   * create an agent count (an already-expired one for an unknown agent creates none).
   */
  private checkRoom(parsed: readonly ParsedSignal[], now: number, inputs: number): void {
    const newAgents = (): number => {
      const ids = new Set<string>();
      for (const p of parsed) {
        if (this.agents.has(p.agent_id)) continue;
        const expiresAtMs = (p.timestampMs ?? now) + (p.ttl_seconds ?? this.config.signalTtlSeconds) * 1000;
        if (expiresAtMs > now) ids.add(p.agent_id);
      }
      return ids.size;
    };
    if (this.agents.size + newAgents() <= this.maxAgents) return;
    this.removeExpired(now);
    const adding = newAgents();
    if (this.agents.size + adding <= this.maxAgents) return;
    this.counters.rejected_signals += inputs;
    throw new AgentLimitError(this.maxAgents, adding);
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
  listStates(request: PageRequest = {}): StatePage {
    this.removeExpired();
    const page = pageOf(this.agents.ids, request);
    const now = this.clock();
    return {
      states: page.ids.map((id) => this.toState(this.agents.get(id) as AgentRecord, now)),
      next_cursor: page.nextCursor,
    };
  }

  /**
   * Agent ids only, in id order, a page at a time (same cursors as `listStates`): for work that
   * visits every agent in slices. Does not sweep expired agents.
   */
  listAgentIds(request: PageRequest = {}): AgentIdPage {
    const page = pageOf(this.agents.ids, request);
    return { agent_ids: page.ids, next_cursor: page.nextCursor };
  }

  /** The most agents tracked at once (Infinity without a limit). */
  get agentLimit(): number {
    return this.maxAgents;
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
    const now = this.clock();
    const hold = options.admission === true ? admissionHold(candidates.map((id) => this.agents.get(id)), now, this.scoring.threshold, this.holdAt, this.prediction) : undefined;
    const result = selectFrom(candidates, {
      agents: this.agents,
      weights: this.resolveWeights(options.weights),
      now,
      random: this.random,
      capacityScale: this.config.capacityScale,
      tuning: this.tuning,
      explain: options.explain === true,
      view: this.view,
    });
    if (options.admission === true) {
      result.admitted = hold === undefined;
      if (hold !== undefined) {
        result.retry_after_ms = Math.round(hold);
        this.counters.selections_held++;
        this.logger.debug('selection held', { candidates: candidates.length, retry_after_ms: result.retry_after_ms });
        return result;
      }
    }
    if (options.recordAssignment !== false) this.recordAssignment(result.agent_id);
    this.counters.selections++;
    this.counters.selections_by_reason[result.reason]++;
    if (isSelectionFallback(result.reason)) this.counters.fallbacks++;
    this.logger.debug('agent selected', { agent_id: result.agent_id, reason: result.reason, candidates: candidates.length });
    return result;
  }

  /** Counts one task routed to `agentId` that its load signals do not reflect yet; false if the agent is unknown. */
  recordAssignment(agentId: string, count = 1): boolean {
    checkCount(count);
    const record = this.agents.get(agentId);
    if (record === undefined) return false;
    record.addAssignments(count);
    if (count > 0) record.pickFlow.addPicks(count, this.clock());
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
    record.removeAssignments(count);
    if (count > 0) record.pickFlow.addEnds(count, this.clock());
    return true;
  }

  /** The chance that one of the agent's load reports within the horizon reads at or above the threshold (see docs/coordination-core.md); null if the agent is unknown. */
  predictOverload(agentId: string, options: PredictionOptions = {}): OverloadPrediction | null {
    const request = predictionRequest(options);
    const record = this.agents.get(agentId);
    if (record === undefined) return null;
    const prediction = predictAgent(record, this.clock(), request, this.prediction);
    if (prediction.will_overload) {
      this.counters.overload_predictions++;
      this.emit('overloadPredicted', prediction);
    }
    return prediction;
  }

  /**
   * The background scan: forecasts every agent that has load history and returns those predicted
   * to overload at `options` (default horizon 60 s, threshold 0.8). At the scored threshold it
   * also forecasts every scored horizon and keeps those forecasts to score against the agents'
   * next load reports (see `metrics().prediction`), which is what the recalibration learns from.
   */
  scanOverloads(options: PredictionOptions = {}): OverloadPrediction[] {
    const request = predictionRequest(options);
    const now = this.clock();
    const scoring = this.scoring;
    const scored = request.threshold === scoring.threshold;
    const longest = scored ? Math.max(request.horizonSeconds, scoring.horizons[scoring.horizons.length - 1]) : request.horizonSeconds;
    const forecaster = this.prediction.forecaster;
    const out: OverloadPrediction[] = [];
    for (const record of this.agents.values()) {
      scoring.expire(record, now);
      if (record.loadTrace.size === 0) continue;
      const forecast = forecastAgent(record, now, longest, request.threshold, this.prediction);
      if (forecast === null) continue;
      if (scored) {
        const below = (record.slots[LOAD_INDEX].signal?.value ?? 0) < request.threshold;
        for (let h = 0; h < scoring.horizons.length; h++) {
          const seconds = scoring.horizons[h];
          const raw = forecaster.probabilityWithin(seconds);
          const published = scoring.calibrate(raw, seconds);
          const tto = published >= 0.5 ? forecaster.timeToOverload(seconds) : Number.NaN;
          scoring.forecast(record, h, now, raw, published, tto, below);
        }
      }
      const prediction = predictionFrom(record.agentId, forecast, request, this.prediction);
      if (prediction.will_overload) {
        this.counters.overload_predictions++;
        this.emit('overloadPredicted', prediction);
        out.push(prediction);
      }
      // Every agent's admission outlook is known after a scan (from this same estimate); selections keep them fresh lazily.
      outlookFrom(record, forecast, now, this.prediction);
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
      if (record.deactivate(slot) && this.agents.get(record.agentId) === record) expiredAgents.push(record.agentId);
    }
    // At once: a wave of agents expiring together costs one pass over the sorted ids.
    this.agents.deleteMany(expiredAgents);
    this.counters.expired_signals_cleaned += due.length;
    this.counters.agents_expired += expiredAgents.length;
    for (const slot of due) if (slot.record.activeCount === 0) this.scoring.forget(slot.record);
    for (const id of expiredAgents) this.emit('agentExpired', id);
    if (due.length > 0) {
      this.logger.debug('expired signals removed', { removed: due.length, agents_expired: expiredAgents.length });
    }
    return { removedSignals: due.length, expiredAgents };
  }

  /** How the background scan's forecasts came out, per scored horizon (also in `metrics()`); no sweep, cheap. */
  predictionMetrics(): PredictionMetrics {
    return this.scoring.snapshot();
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
      prediction: this.scoring.snapshot(),
    };
  }

  /** A new active load signal: the flows of the work routed there start counting afresh from it. */
  private loadReported(record: AgentRecord, load: number, nowMs: number): void {
    const view = this.prediction.view;
    record.fillView(view, nowMs);
    const slots = slotsOf(record, view, this.config.capacityScale);
    const flow = record.pickFlow;
    const share = flow.shareSamples > 0 && flow.share >= MIN_SHARE ? flow.share : 0;
    record.queueStats.onReport(record.slots[LOAD_INDEX].timestampMs, Math.min(1, load) * slots, flow.endsSinceReport, share);
    flow.onLoadReport(load * slots, load >= 1);
    this.scoring.loadReported(record, record.slots[LOAD_INDEX].timestampMs, load);
  }

  private resolveWeights(profile: WeightProfile | undefined): Weights {
    if (profile === undefined) return this.config.weights;
    const result = WeightProfileSchema.safeParse(profile);
    if (!result.success) throw new ValidationError(issuesFromZod(result.error, ['weights']));
    return normaliseWeights(result.data);
  }

  private toState(record: AgentRecord, now: number): AgentCoordinationState {
    return agentState(record, now, { weights: this.config.weights, capacityScale: this.config.capacityScale, tuning: this.tuning, view: this.view });
  }
}

/** Issues a refused batch works out in detail; past them, invalid items are only counted. */
export const MAX_BATCH_ISSUES = 100;

/** A task count must be a whole number >= 0: NaN or a negative count would corrupt effective load for good. */
function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) {
    throw new ValidationError([{ path: 'count', message: 'count must be an integer >= 0', code: 'invalid_value' }]);
  }
}
