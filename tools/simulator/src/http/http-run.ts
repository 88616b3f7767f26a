import { CoordinationClient, SignalReporter } from '@agentcore/coordination-client';
import { DEFAULT_CONFIG, type SensitivitySignalInput } from '@agentcore/coordination-core';
import { createDefaultStrategyRegistry } from '@agentcore/message-router';
import { createRippleFromConfig, loadRippleConfig, type RemoteScoreSource, type RippleStats } from '@agentcore/router-ripple';
import type { ScenarioSpec, TaskSpec } from '../engine/model';
import { Sampler } from '../engine/random';
import type { RunResult } from '../engine/run-types';
import { simulatePaced } from '../engine/simulation';

/**
 * Virtual milliseconds per wall-clock millisecond in an HTTP run: one virtual minute per real
 * second. The server expires signals against its own clock and TTLs are whole seconds, so
 * the scale is chosen to turn the 60 s TTL into exactly 1 s; every other duration of the
 * product path (report intervals, refresh period, staleness bound) is scaled the same way.
 */
export const TIME_SCALE = 60;
/** The simulation's signal TTL (core's default) in virtual seconds, and what the server uses. */
export const VIRTUAL_TTL_SECONDS = DEFAULT_CONFIG.signalTtlSeconds;
export const SERVER_TTL_SECONDS = Math.max(1, Math.round(VIRTUAL_TTL_SECONDS / TIME_SCALE));

/** Server settings for an HTTP run: the scaled TTL, no rate limit on loopback. */
export const HTTP_SERVER_ENV: Readonly<Record<string, string>> = {
  COORDINATION_SIGNAL_TTL: String(SERVER_TTL_SECONDS),
  COORDINATION_RATE_LIMIT: '0',
};

/** Router-ripple's remote-mode defaults (1 s refresh, 5 s staleness and circuit cool-down), scaled. */
export const HTTP_RIPPLE_ENV: Readonly<Record<string, string>> = {
  RIPPLE_MODE: 'remote',
  RIPPLE_REFRESH_INTERVAL_MS: String(Math.max(10, Math.round(1000 / TIME_SCALE))),
  RIPPLE_MAX_STALENESS_MS: String(Math.round(5000 / TIME_SCALE)),
  RIPPLE_CIRCUIT_COOLDOWN_MS: String(Math.round(5000 / TIME_SCALE)),
  // A failure-detection bound for a loopback call, not a modelled duration: left unscaled.
  RIPPLE_REQUEST_TIMEOUT_MS: '250',
};

export interface HttpRunOptions {
  scenario: ScenarioSpec;
  seed: number;
  /** The scenario's task stream; drawn from the seed when absent. */
  tasks?: readonly TaskSpec[];
  /** Base URL of a running coordination-server started with HTTP_SERVER_ENV (loopback). */
  serverUrl: string;
  /** Wall-time bound of the run. Default: the scaled arrival period plus 20 s. */
  maxWallMs?: number;
}

/** What went over the wire, and how ripple decided. */
export interface HttpTransport {
  signalsSent: number;
  signalsDropped: number;
  failedFlushes: number;
  ripple: RippleStats;
  /** Failed score refreshes in a row at the end of the run (0 when healthy). */
  refreshFailuresAtEnd: number;
}

export interface HttpRunResult extends RunResult {
  http: HttpTransport;
}

/**
 * Runs ripple through one scenario over the whole product path, in scaled real time: each
 * simulated agent reports through its own `CoordinationClient` and `SignalReporter` to the
 * coordination-server, and tasks are routed by router-ripple in remote mode, which reads
 * agent states back from the server. The reporters and the score source are closed on every
 * exit path.
 */
export async function simulateOverHttp(options: HttpRunOptions): Promise<HttpRunResult> {
  const ids = options.scenario.agents.map((a) => a.id);
  const reporters = new Map<string, SignalReporter>();
  for (const id of ids) {
    const client = new CoordinationClient({ url: options.serverUrl, timeoutMs: 1000, retry: { retries: 1, baseDelayMs: 10, maxDelayMs: 50 } });
    const reporter = new SignalReporter({
      client,
      flushIntervalMs: Math.round(1000 / TIME_SCALE),
      retryBaseDelayMs: 10,
      retryMaxDelayMs: 200,
      stopTimeoutMs: 1000,
    });
    reporters.set(id, reporter.start());
  }
  const ripple = createRippleFromConfig(loadRippleConfig({ ...HTTP_RIPPLE_ENV, COORDINATION_SERVER_URL: options.serverUrl }), {
    strategies: createDefaultStrategyRegistry(),
    agentIds: () => ids,
    coordination: { signalTtlSeconds: SERVER_TTL_SECONDS },
    random: new Sampler(Sampler.streamSeed(options.seed, 'router:ripple-http')).uniform,
  });
  const source = ripple.source as RemoteScoreSource;
  try {
    await source.start();
    const result = await simulatePaced(
      {
        scenario: options.scenario,
        strategy: 'ripple',
        seed: options.seed,
        tasks: options.tasks,
        evaluatePrediction: false,
        strategyOverride: () => ripple,
        // Stamped with the wall clock: the server ages signals against its own.
        signalSink: (batch: SensitivitySignalInput[]) => {
          const reporter = reporters.get(batch[0].agent_id) as SignalReporter;
          const timestamp = Date.now();
          for (const signal of batch) reporter.report({ ...signal, timestamp });
          void reporter.flush();
        },
      },
      { scale: TIME_SCALE, maxWallMs: options.maxWallMs ?? options.scenario.durationMs / TIME_SCALE + 20_000 },
    );
    const refreshFailuresAtEnd = source.health().consecutiveFailures;
    const stats = await Promise.all([...reporters.values()].map((r) => r.stop()));
    return {
      ...result,
      http: {
        signalsSent: stats.reduce((s, x) => s + x.sent, 0),
        signalsDropped: stats.reduce((s, x) => s + x.dropped, 0),
        failedFlushes: stats.reduce((s, x) => s + x.failedFlushes, 0),
        ripple: ripple.stats(),
        refreshFailuresAtEnd,
      },
    };
  } finally {
    await source.close();
    await Promise.all([...reporters.values()].map((r) => r.stop()));
  }
}
