import { CoordinationService, seededRandom, type SensitivitySignalInput } from '@agentcore/coordination-core';
import { EventQueue } from '../engine/event-queue';
import { clamp, Sampler } from '../engine/random';
import { frequencyForecast, persistenceForecast, slopeForecast } from './baselines';
import type { QueueAgentSpec, QueueWorldSpec } from './queue-world';

/** Virtual time 0 as epoch ms, as the reports are stamped. */
export const QUEUE_EPOCH_MS = Date.parse('2026-12-01T00:00:00Z');
export const FORECAST_MODELS = ['core', 'persistence', 'slope', 'frequency'] as const;
export type ForecastModel = (typeof FORECAST_MODELS)[number];

export interface QueueRunOptions {
  world: QueueWorldSpec;
  /** Share of arrivals (and their ends) the service is told about; the rest come from other routers. */
  visibleShare: number;
  horizons: readonly number[];
  threshold: number;
  /** Standard deviation of the noise on reported loads (0: exact). */
  reportNoise?: number;
  /** How often the service's background scan runs (it scores and recalibrates itself on these). */
  scanIntervalSeconds?: number;
}

/** What one agent truly did and what it reported. */
export interface AgentTrace {
  spec: QueueAgentSpec;
  /** Report times (virtual ms) and reported loads, in order. */
  reportTimes: number[];
  reportValues: number[];
  /** Per second: the highest load reached and the time-weighted mean load. */
  maxLoad: Float32Array;
  meanLoad: Float32Array;
}

/** The forecasts made at every report, as parallel arrays (one entry per report and horizon). */
export interface ForecastLog {
  agent: number[];
  atMs: number[];
  horizon: number[];
  /** The report just received was below the threshold. */
  below: boolean[];
  probability: Record<ForecastModel, number[]>;
  willOverload: Record<ForecastModel, boolean[]>;
  /** predictOverload's time_to_overload_seconds (NaN when null). */
  timeToOverload: number[];
}

export interface QueueRunResult {
  traces: AgentTrace[];
  forecasts: ForecastLog;
  service: CoordinationService;
}

const LATENCY_SCALE_MS = 10_000;
const CAPACITY_SCALE = 16;
const LATENCY_WINDOW = 50;

class QueueAgent {
  inSystem = 0;
  /** Visibility of each waiting task, oldest first. */
  readonly waiting: boolean[] = [];
  private changedMs = 0;
  readonly trace: AgentTrace;
  readonly services: number[] = [];
  readonly arrivals: Sampler;
  readonly work: Sampler;
  readonly reports: Sampler;
  readonly maxRate: number;

  constructor(
    readonly spec: QueueAgentSpec,
    readonly index: number,
    seed: number,
    seconds: number,
  ) {
    this.trace = { spec, reportTimes: [], reportValues: [], maxLoad: new Float32Array(seconds), meanLoad: new Float32Array(seconds) };
    this.arrivals = new Sampler(Sampler.streamSeed(seed, `arrivals:${index}`));
    this.work = new Sampler(Sampler.streamSeed(seed, `work:${index}`));
    this.reports = new Sampler(Sampler.streamSeed(seed, `reports:${index}`));
    let peak = 0;
    for (const v of spec.offered) if (v > peak) peak = v;
    // Tasks per ms at the peak offered load: the envelope arrivals are thinned from.
    this.maxRate = (Math.max(peak, 1e-3) * spec.slots) / spec.meanServiceMs;
  }

  get load(): number {
    return Math.min(1, this.inSystem / this.spec.slots);
  }

  /** Accounts the load held since the last change up to `nowMs`, per second (mean and max). */
  account(nowMs: number): void {
    const load = this.load;
    const { maxLoad, meanLoad } = this.trace;
    let t = this.changedMs;
    while (t < nowMs) {
      const second = Math.floor(t / 1000);
      if (second >= meanLoad.length) break;
      const end = Math.min(nowMs, (second + 1) * 1000);
      meanLoad[second] += (load * (end - t)) / 1000;
      if (load > maxLoad[second]) maxLoad[second] = load;
      t = end;
    }
    this.changedMs = nowMs;
  }

  offeredRate(nowMs: number): number {
    const second = Math.min(this.spec.offered.length - 1, Math.floor(nowMs / 1000));
    return (this.spec.offered[second] * this.spec.slots) / this.spec.meanServiceMs;
  }
}

/**
 * Runs one world in virtual time against a real CoordinationService: every agent is an
 * M/M/c/K queue; the service is told of the arrivals and ends a router would see (a share of
 * them when other routers send work too), receives each agent's load, capacity and latency
 * reports every 10 ± 2 s, runs its background scan, and is asked predictOverload at every
 * report, beside the naive forecasts on the same reports.
 */
export function runQueueWorld(options: QueueRunOptions): QueueRunResult {
  const { world, visibleShare, horizons, threshold } = options;
  const durationMs = world.durationSeconds * 1000;
  const q = new EventQueue();
  const service = new CoordinationService({
    clock: () => QUEUE_EPOCH_MS + Math.round(q.now),
    random: seededRandom(world.seed),
    config: { signalTtlSeconds: 60, capacityScale: CAPACITY_SCALE, latencyScaleMs: LATENCY_SCALE_MS },
  });
  const visibility = new Sampler(Sampler.streamSeed(world.seed, 'visibility'));
  const noise = new Sampler(Sampler.streamSeed(world.seed, 'report-noise'));
  const agents = world.agents.map((spec, i) => new QueueAgent(spec, i, world.seed, world.durationSeconds));
  const log: ForecastLog = {
    agent: [],
    atMs: [],
    horizon: [],
    below: [],
    probability: { core: [], persistence: [], slope: [], frequency: [] },
    willOverload: { core: [], persistence: [], slope: [], frequency: [] },
    timeToOverload: [],
  };

  const startService = (agent: QueueAgent, visible: boolean): void => {
    const serviceMs = agent.work.exponential(agent.spec.meanServiceMs);
    q.after(serviceMs, () => {
      agent.account(q.now);
      agent.inSystem--;
      agent.services.push(serviceMs);
      if (agent.services.length > LATENCY_WINDOW) agent.services.shift();
      if (visible) service.recordCompletion(agent.spec.id);
      const next = agent.waiting.shift();
      if (next !== undefined) startService(agent, next);
    });
  };

  const arrive = (agent: QueueAgent): void => {
    // Thinning: candidates at the peak rate, each kept with the current rate's share of it.
    if (agent.arrivals.uniform() * agent.maxRate < agent.offeredRate(q.now)) {
      const visible = visibility.uniform() < visibleShare;
      if (visible) service.recordAssignment(agent.spec.id);
      if (agent.inSystem < agent.spec.slots + agent.spec.queueLimit) {
        agent.account(q.now);
        agent.inSystem++;
        if (agent.inSystem <= agent.spec.slots) startService(agent, visible);
        else agent.waiting.push(visible);
      } else if (visible) {
        // Rejected at once: the router hears of the end straight away.
        service.recordCompletion(agent.spec.id);
      }
    }
    const next = q.now + agent.arrivals.exponential(1 / agent.maxRate);
    if (next < durationMs) q.at(next, () => arrive(agent));
  };

  const report = (agent: QueueAgent): void => {
    const now = q.now;
    const noiseSd = options.reportNoise ?? 0;
    const value = clamp(agent.load + (noiseSd > 0 ? noise.normal(0, noiseSd) : 0), 0, 1);
    const timestamp = QUEUE_EPOCH_MS + Math.round(now);
    const signals: SensitivitySignalInput[] = [
      { agent_id: agent.spec.id, signal_type: 'load', value, timestamp },
      { agent_id: agent.spec.id, signal_type: 'capacity', value: Math.min(1, agent.spec.slots / CAPACITY_SCALE), timestamp },
    ];
    if (agent.services.length > 0) {
      const mean = agent.services.reduce((a, b) => a + b, 0) / agent.services.length;
      signals.push({
        agent_id: agent.spec.id,
        signal_type: 'latency',
        value: Math.min(1, mean / LATENCY_SCALE_MS),
        confidence: Math.min(1, agent.services.length / 20),
        timestamp,
      });
    }
    service.registerSignals(signals);
    const { reportTimes, reportValues } = agent.trace;
    reportTimes.push(now);
    reportValues.push(value);
    for (const h of horizons) {
      if (now + h * 1000 > durationMs) continue;
      const core = service.predictOverload(agent.spec.id, { horizonSeconds: h, threshold });
      if (core === null) continue;
      log.agent.push(agent.index);
      log.atMs.push(now);
      log.horizon.push(h);
      log.below.push(value < threshold);
      const persistence = persistenceForecast(reportValues, threshold);
      const slope = slopeForecast(reportTimes, reportValues, now, h, threshold);
      const frequency = frequencyForecast(reportTimes, reportValues, h, threshold);
      log.probability.core.push(core.probability);
      log.willOverload.core.push(core.will_overload);
      log.probability.persistence.push(persistence.probability);
      log.willOverload.persistence.push(persistence.willOverload);
      log.probability.slope.push(slope.probability);
      log.willOverload.slope.push(slope.willOverload);
      log.probability.frequency.push(frequency.probability);
      log.willOverload.frequency.push(frequency.willOverload);
      log.timeToOverload.push(core.time_to_overload_seconds ?? Number.NaN);
    }
    const next = now + agent.reports.between(8_000, 12_000);
    if (next < durationMs) q.at(next, () => report(agent));
  };

  const scanEveryMs = (options.scanIntervalSeconds ?? 15) * 1000;
  const scan = (): void => {
    service.scanOverloads();
    if (q.now + scanEveryMs < durationMs) q.after(scanEveryMs, scan);
  };

  for (const agent of agents) {
    q.at(agent.arrivals.exponential(1 / agent.maxRate), () => arrive(agent));
    q.at(agent.spec.firstReportMs, () => report(agent));
  }
  q.at(scanEveryMs, scan);
  q.run(durationMs);
  for (const agent of agents) agent.account(durationMs);
  return { traces: agents.map((a) => a.trace), forecasts: log, service };
}
