import {
  CoordinationService,
  type AgentCoordinationState,
  type CoordinationConfig,
  type Logger,
} from '@agentcore/coordination-core';
import { CircuitBreaker, type CircuitState } from './circuit-breaker';
import { InProcessScoreSource } from './in-process-source';
import type { ScoreSource, SourceSelection, SourceSelectOptions } from './score-source';

/** How the remote source reads agent states from a coordination server. */
export interface StateFetcher {
  /** States of the given agents (unknown ones omitted), or of every agent when `agentIds` is undefined. */
  fetchStates(agentIds: readonly string[] | undefined, options: { timeoutMs: number }): Promise<AgentCoordinationState[]>;
}

export interface RemoteScoreSourceOptions {
  fetcher: StateFetcher;
  /** Agents to keep scores for; all agents the server knows when absent. */
  agentIds?: () => readonly string[];
  /** Background refresh period. Default 1000 ms. */
  refreshIntervalMs?: number;
  /** Scores older than this are not trusted: decisions fall back. Default 5000 ms. */
  maxStalenessMs?: number;
  /**
   * Deadline of one whole refresh (every request it makes, all pages). Default 500 ms.
   * Also passed to the fetcher as the timeout of its own requests.
   */
  requestTimeoutMs?: number;
  circuitBreaker?: { failureThreshold?: number; cooldownMs?: number };
  /** Must match the server's scoring configuration (weights, capacity scale). */
  config?: Partial<CoordinationConfig>;
  now?: () => number;
  random?: () => number;
  logger?: Logger;
  /** Observes every refresh, for metrics. */
  onRefresh?: (outcome: RefreshOutcome) => void;
}

export interface RefreshOutcome {
  ok: boolean;
  reason?: 'error' | 'timeout' | 'circuit_open';
  agents: number;
  durationMs: number;
}

export interface RemoteSourceHealth {
  circuit: CircuitState;
  lastRefreshAt: number | null;
  cacheAgeMs: number | null;
  consecutiveFailures: number;
  lastError: string | null;
}

/**
 * Keeps a local mirror of the server's agent states — a coordination-core service fed
 * with the signals the server returns — and answers decisions from it with the same
 * scoring and herding protection as the server. The mirror is refreshed in the background;
 * a decision never waits on the network. Past `maxStalenessMs` without a good refresh,
 * or while the circuit is open, decisions fall back.
 */
export class RemoteScoreSource implements ScoreSource {
  readonly mode = 'remote' as const;
  private readonly mirror: CoordinationService;
  /** Decisions on the mirror are made exactly as in-process ones are. */
  private readonly scores: InProcessScoreSource;
  private readonly breaker: CircuitBreaker;
  private readonly now: () => number;
  private readonly refreshIntervalMs: number;
  private readonly maxStalenessMs: number;
  private readonly requestTimeoutMs: number;
  private lastSuccessAt: number | null = null;
  private lastFailure: 'error' | 'timeout' | null = null;
  private lastError: string | null = null;
  private consecutiveFailures = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  /** Aborts the refresh under way (its deadline rejects at once); set while one runs. */
  private abortInFlight: (() => void) | undefined;
  /** Bumped by close(): a refresh that settles under an older generation is ignored. */
  private generation = 0;
  private closed = false;

  constructor(private readonly options: RemoteScoreSourceOptions) {
    this.now = options.now ?? Date.now;
    this.refreshIntervalMs = options.refreshIntervalMs ?? 1000;
    this.maxStalenessMs = options.maxStalenessMs ?? 5000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 500;
    this.breaker = new CircuitBreaker({
      failureThreshold: options.circuitBreaker?.failureThreshold ?? 3,
      cooldownMs: options.circuitBreaker?.cooldownMs ?? 5000,
      now: this.now,
    });
    this.mirror = new CoordinationService({
      config: options.config,
      clock: this.now,
      random: options.random ?? Math.random,
      logger: options.logger,
    });
    this.scores = new InProcessScoreSource(this.mirror);
  }

  /** Does a first refresh (its failure is not fatal: decisions fall back), then refreshes periodically. */
  async start(): Promise<void> {
    await this.refresh();
    this.schedule();
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      void this.refresh().finally(() => this.schedule());
    }, this.refreshIntervalMs);
    this.timer.unref();
  }

  /** Pulls fresh states now (coalesced with a refresh already under way). */
  refresh(): Promise<void> {
    this.inFlight ??= this.doRefresh().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async doRefresh(): Promise<void> {
    if (this.closed) return;
    const started = this.now();
    if (!this.breaker.allows()) {
      this.options.onRefresh?.({ ok: false, reason: 'circuit_open', agents: 0, durationMs: 0 });
      return;
    }
    const generation = this.generation;
    try {
      const states = await this.fetchWithDeadline();
      // Closed while the fetch was under way: its result belongs to nobody.
      if (generation !== this.generation) return;
      for (const state of states) this.apply(state);
      this.mirror.removeExpired(this.now());
      this.breaker.onSuccess();
      this.lastSuccessAt = this.now();
      this.lastFailure = null;
      this.consecutiveFailures = 0;
      this.options.onRefresh?.({ ok: true, agents: states.length, durationMs: this.now() - started });
    } catch (error) {
      if (generation !== this.generation) return;
      this.breaker.onFailure();
      this.consecutiveFailures++;
      this.lastFailure = isTimeout(error) ? 'timeout' : 'error';
      this.lastError = error instanceof Error ? error.message : String(error);
      this.options.logger?.warn('coordination refresh failed', {
        reason: this.lastFailure,
        error: this.lastError,
        consecutive_failures: this.consecutiveFailures,
        circuit: this.breaker.state,
      });
      this.options.onRefresh?.({ ok: false, reason: this.lastFailure, agents: 0, durationMs: this.now() - started });
    }
  }

  /**
   * The fetch, bounded by `requestTimeoutMs` overall whatever the fetcher does with the
   * timeout it is given: a fetcher that never settles fails the refresh as a timeout
   * (and counts towards opening the circuit) instead of stalling the refresh loop. The
   * abandoned fetch may still settle later; that result is dropped.
   */
  private fetchWithDeadline(): Promise<AgentCoordinationState[]> {
    const timeoutMs = this.requestTimeoutMs;
    // Promise.resolve().then turns a synchronous throw in the fetcher (or in agentIds) into a rejection.
    const fetch = Promise.resolve().then(() => this.options.fetcher.fetchStates(this.options.agentIds?.(), { timeoutMs }));
    // A fetch that fails after the deadline must not surface as an unhandled rejection.
    fetch.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timeoutError(timeoutMs)), timeoutMs);
      this.abortInFlight = () => reject(new Error('remote score source closed'));
    });
    return Promise.race([fetch, deadline]).finally(() => {
      clearTimeout(timer);
      this.abortInFlight = undefined;
    });
  }

  private apply(state: AgentCoordinationState): void {
    for (const signal of Object.values(state.signals)) {
      if (signal === undefined) continue;
      try {
        // Same signal_id as the mirror's latest → ignored, so re-applying a state is cheap.
        this.mirror.registerSignal(signal);
      } catch (error) {
        this.options.logger?.debug('signal from server not mirrored', {
          agent_id: signal.agent_id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }

  select(candidateIds: readonly string[], options: SourceSelectOptions): SourceSelection {
    if (this.breaker.state === 'open') return { kind: 'fallback', reason: 'circuit_open', detail: this.lastError ?? undefined };
    if (this.lastSuccessAt === null || this.now() - this.lastSuccessAt > this.maxStalenessMs) {
      return { kind: 'fallback', reason: this.lastFailure ?? 'stale', detail: this.lastError ?? undefined };
    }
    return this.scores.select(candidateIds, options);
  }

  recordAssignment(agentId: string): void {
    this.scores.recordAssignment(agentId);
  }

  recordCompletion(agentId: string): void {
    this.scores.recordCompletion(agentId);
  }

  health(): RemoteSourceHealth {
    return {
      circuit: this.breaker.state,
      lastRefreshAt: this.lastSuccessAt,
      cacheAgeMs: this.lastSuccessAt === null ? null : this.now() - this.lastSuccessAt,
      consecutiveFailures: this.consecutiveFailures,
      lastError: this.lastError,
    };
  }

  /** Stops refreshing. Does not wait on a fetch under way: it is abandoned and its result ignored. */
  async close(): Promise<void> {
    this.closed = true;
    this.generation++;
    clearTimeout(this.timer);
    this.abortInFlight?.();
    await this.inFlight;
  }
}

function timeoutError(timeoutMs: number): Error {
  const error = new Error(`coordination refresh timed out after ${timeoutMs} ms`);
  error.name = 'TimeoutError';
  return error;
}

function isTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return /timeout|timed out|abort/i.test(error.name) || /timed out|timeout/i.test(error.message);
}
