import { CoordinationService, type SensitivitySignalInput } from '@agentcore/coordination-core';
import { AgentRegistry, MessageRouter, type MessageEnvelope, type RoutingStrategy, type Transport } from '@agentcore/message-router';
import { LoadTrace } from '../prediction/load-trace';
import { PREDICTION_HORIZONS, RunForecasts, type ForecastSubject } from '../prediction/run-forecasts';
import { createStrategy } from '../strategies/catalog';
import { EventQueue } from './event-queue';
import { jainIndex, mean, percentile } from './metrics';
import type { ScenarioSpec, TaskOutcome, TaskSpec } from './model';
import { clamp, Sampler } from './random';
import type { PaceOptions, RunMetrics, RunResult, SimulationOptions } from './run-types';
import { SimAgent, type LiveTask } from './sim-agent';
import { generateTasks } from './workload';

/** Virtual time 0 as epoch milliseconds: signals carry realistic timestamps. */
export const EPOCH_MS = Date.UTC(2025, 0, 1);
/** Time lost on a delivery to a crashed agent before the router gives up on it (connect timeout). */
export const DEAD_AGENT_PENALTY_MS = 1000;
/** Time lost on a delivery the agent rejects because its queue is full. */
export const REJECT_PENALTY_MS = 50;
/** Time until the router notices that the agent working on its task has crashed. */
export const CRASH_DETECT_MS = 500;
const PREDICTION_EVERY_MS = 10_000;
const PREDICTION_WARMUP_MS = 60_000;
const LOAD_NOISE_SD = 0.04;

/** Why a simulated delivery failed. Shared instances: the router keeps the agent beside the reason, and a stack trace per failure would cost more than the decision. */
const UNREACHABLE = new Error('agent unreachable');
const QUEUE_FULL = new Error('agent rejected the task: queue full');
const CRASHED = new Error('agent crashed while working on the task');

/** The router plans attempts through begin(); deliveries happen in virtual time, never through a transport. */
const VIRTUAL_DELIVERY: Transport = {
  deliver: () => Promise.reject(new Error('simulated deliveries happen in virtual time, not through a transport')),
};

/** Runs one strategy through one scenario. Deterministic in (scenario, strategy, seed, tuning). */
export function simulate(options: SimulationOptions): RunResult {
  return new Simulation(options).run();
}

/**
 * Runs one strategy in scaled real time, yielding to the event loop between steps so that
 * timers and network I/O (signal reports, score refreshes) interleave with the simulation.
 * Events still fire in virtual-time order; what is no longer deterministic is which reports
 * and refreshes have landed when a decision is made.
 */
export function simulatePaced(options: SimulationOptions, pace: PaceOptions): Promise<RunResult> {
  return new Simulation(options).runPaced(pace);
}

class Simulation {
  private readonly q = new EventQueue();
  private readonly scenario: ScenarioSpec;
  private readonly tasks: readonly TaskSpec[];
  private readonly agents = new Map<string, SimAgent>();
  private readonly agentList: SimAgent[];
  private readonly service: CoordinationService;
  private readonly router: MessageRouter;
  private readonly routerRandom: () => number;
  private readonly serviceTimes: Sampler;
  private readonly lastLoadSignalMs = new Map<string, number>();
  /** Per agent, the load samples delivered to the service (as its own history holds them) beside the true load. */
  private readonly forecastSubjects = new Map<string, ForecastSubject>();
  private readonly forecasts: RunForecasts;
  private readonly maxCost: number;
  private readonly ttlMs: number;
  private unsettled = 0;
  private readonly outcomes: Record<TaskOutcome, number> = { completed: 0, late: 0, failed: 0, dropped: 0 };
  private readonly latencies: number[] = [];
  private readonly qualities: number[] = [];
  private totalCost = 0;
  private goodTasks = 0;
  private decisions = 0;
  private freshDecisions = 0;
  private retries = 0;
  private readonly settled = new Set<number>();

  constructor(private readonly options: SimulationOptions) {
    this.scenario = options.scenario;
    this.tasks = options.tasks ?? generateTasks(options.scenario, options.seed);
    const seed = options.seed;
    const now = () => EPOCH_MS + this.q.now;
    // The service gets its own stream: its tie-breaks must not shift the router's draws.
    this.service = new CoordinationService({
      config: options.coordination,
      clock: now,
      random: new Sampler(Sampler.streamSeed(seed, 'service')).uniform,
      selection: options.selection,
    });
    this.ttlMs = this.service.config.signalTtlSeconds * 1000;
    this.forecasts = new RunForecasts(this.service, EPOCH_MS, options.onForecastScored !== undefined);
    this.routerRandom = new Sampler(Sampler.streamSeed(seed, `router:${options.strategy}`)).uniform;
    this.serviceTimes = new Sampler(Sampler.streamSeed(seed, 'service-times'));
    // Generous horizon for the load trace: arrivals stop at the duration, the drain follows.
    const horizonMs = this.scenario.durationMs * 2 + 600_000;
    this.agentList = this.scenario.agents.map((spec) => new SimAgent(spec, horizonMs));
    for (const agent of this.agentList) this.agents.set(agent.spec.id, agent);
    this.maxCost = Math.max(...this.scenario.agents.map((a) => a.costPerTask));
    const env = { service: this.service, random: this.routerRandom, now };
    const strategy: RoutingStrategy =
      options.strategyOverride?.(env) ??
      createStrategy(options.strategy, { ...env, virtualNow: () => this.q.now, agents: this.agents });
    // The shipped router decides every attempt: candidates, retries, fallback guards and outcome
    // feedback are its own. Only delivery is simulated.
    this.router = new MessageRouter({
      registry: new AgentRegistry(this.agentList.map((a) => ({ id: a.spec.id, capabilities: a.spec.capabilities }))),
      strategy,
      transport: VIRTUAL_DELIVERY,
      maxAttempts: options.maxAttempts,
      random: this.routerRandom,
      now,
      onDecision: options.onDecision,
    });
  }

  run(): RunResult {
    this.schedule();
    return this.finish(this.q.run());
  }

  async runPaced(pace: PaceOptions): Promise<RunResult> {
    this.schedule();
    const started = performance.now();
    let fired = 0;
    let previous = 0;
    let maxStep = 0;
    while (this.q.size > 0) {
      const elapsed = performance.now() - started;
      if (elapsed > pace.maxWallMs) throw new Error(`paced run of ${this.scenario.name} exceeded its ${pace.maxWallMs} ms wall-time bound`);
      fired += this.q.run(elapsed * pace.scale);
      maxStep = Math.max(maxStep, (elapsed - previous) * pace.scale);
      previous = elapsed;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return { ...this.finish(fired), pacing: { scale: pace.scale, wallMs: performance.now() - started, maxStepVirtualMs: maxStep } };
  }

  private schedule(): void {
    for (const task of this.tasks) {
      this.unsettled++;
      this.q.at(task.arrivalMs, () => this.route({ spec: task, routing: this.router.begin(message(task)) }));
    }
    for (const agent of this.agentList) this.startAgent(agent);
    if (this.options.evaluatePrediction !== false) this.q.at(PREDICTION_WARMUP_MS, () => this.forecastAll());
  }

  private finish(eventsFired: number): RunResult {
    for (const agent of this.agentList) agent.account(this.q.now);
    if (this.unsettled !== 0 || this.settled.size !== this.tasks.length) {
      throw new Error(`simulation ended with ${this.unsettled} unsettled task(s)`);
    }
    return {
      scenario: this.scenario.name,
      strategy: this.options.strategy,
      seed: this.options.seed,
      metrics: this.metrics(),
      prediction: this.forecasts.score(this.options.onForecastScored),
      eventsFired,
    };
  }

  /** Background activity (reports, forecasts) continues while arrivals or unsettled tasks remain. */
  private active(): boolean {
    return this.q.now < this.scenario.durationMs || this.unsettled > 0;
  }

  // ---- routing -------------------------------------------------------------------------

  /**
   * The router plans the task's next attempt; without one the task ends — dropped when it never
   * had a candidate, otherwise as its last attempt ended (a dead agent: failed; a full queue: dropped).
   */
  private route(task: LiveTask, lastFailure: 'failed' | 'dropped' = 'dropped'): void {
    const next = task.routing.next();
    if (next === undefined) return this.settle(task, lastFailure);
    if (next.attempt > 1) this.retries++;
    const agent = this.agents.get(next.agent.id) as SimAgent;
    this.decisions++;
    const lastLoad = this.lastLoadSignalMs.get(agent.spec.id);
    if (lastLoad !== undefined && this.q.now - lastLoad < this.ttlMs) this.freshDecisions++;
    if (!agent.up) {
      this.q.after(DEAD_AGENT_PENALTY_MS, () => this.attemptFailed(task, 'failed', DEAD_AGENT_PENALTY_MS, UNREACHABLE));
    } else if (!agent.canAccept()) {
      this.q.after(REJECT_PENALTY_MS, () => this.attemptFailed(task, 'dropped', REJECT_PENALTY_MS, QUEUE_FULL));
    } else {
      this.accept(agent, task);
    }
  }

  /** Settles the failed attempt with the router (which tells the strategy), then retries as it allows. */
  private attemptFailed(task: LiveTask, outcome: 'failed' | 'dropped', latencyMs: number, error: Error): void {
    task.routing.settle({ messageId: task.routing.message.id, success: false, latencyMs, timedOut: false, error });
    this.route(task, outcome);
  }

  // ---- agents --------------------------------------------------------------------------

  private accept(agent: SimAgent, task: LiveTask): void {
    const now = this.q.now;
    agent.account(now);
    task.agentId = agent.spec.id;
    task.acceptedMs = now;
    task.cancelled = false;
    if (agent.busy < agent.spec.maxConcurrency) this.start(agent, task);
    else agent.queue.push(task);
    agent.noteLoad(now);
  }

  private start(agent: SimAgent, task: LiveTask): void {
    const now = this.q.now;
    agent.busy++;
    agent.running.add(task);
    const spec = agent.spec;
    const duration =
      spec.meanServiceMs * task.spec.size * agent.slowdown(now) * agent.stretch(agent.busy) * this.serviceTimes.logNormal(1, spec.serviceCv);
    this.q.after(duration, () => this.complete(agent, task));
  }

  private complete(agent: SimAgent, task: LiveTask): void {
    if (task.cancelled === true || !agent.running.has(task)) return;
    const now = this.q.now;
    agent.account(now);
    agent.busy--;
    agent.running.delete(task);
    const spec = task.spec;
    const quality = clamp(agent.meanQuality(now) + agent.spec.qualityNoise * spec.qualityZ, 0, 1);
    const metBar = quality >= spec.minQuality;
    agent.recordCompletion(now - (task.acceptedMs as number), metBar);
    task.routing.settle({ messageId: task.routing.message.id, success: true, latencyMs: now - (task.acceptedMs as number), timedOut: false });
    const onTime = now <= spec.arrivalMs + spec.deadlineMs;
    this.latencies.push(now - spec.arrivalMs);
    this.qualities.push(quality);
    this.totalCost += agent.spec.costPerTask;
    if (onTime && metBar) this.goodTasks++;
    this.settle(task, onTime ? 'completed' : 'late');
    const next = agent.queue.shift();
    if (next !== undefined) this.start(agent, next);
    agent.noteLoad(now);
  }

  private settle(task: LiveTask, outcome: TaskOutcome): void {
    if (this.settled.has(task.spec.id)) throw new Error(`task ${task.spec.id} settled twice`);
    this.settled.add(task.spec.id);
    this.outcomes[outcome]++;
    this.unsettled--;
  }

  private startAgent(agent: SimAgent): void {
    const reporter = new Sampler(Sampler.streamSeed(this.options.seed, `reporter:${agent.spec.id}`));
    // Agents come up at different moments, so their report schedules are out of phase.
    this.q.at(reporter.between(0, agent.spec.reportIntervalMs[0]), () => this.reportLoop(agent, reporter));
    for (const failure of agent.spec.failures ?? []) {
      this.q.at(failure.atMs, () => (failure.graceful ? this.drain(agent, reporter) : this.crash(agent)));
      this.q.at(failure.atMs + failure.downMs, () => this.recover(agent, reporter));
    }
  }

  private reportLoop(agent: SimAgent, reporter: Sampler): void {
    if (agent.up) this.report(agent, reporter);
    if (this.active()) {
      const [lo, hi] = agent.spec.reportIntervalMs;
      this.q.after(reporter.between(lo, hi), () => this.reportLoop(agent, reporter));
    }
  }

  /** Measures the agent now; the batch reaches the service after a network and batching delay. */
  private report(agent: SimAgent, reporter: Sampler): void {
    const now = this.q.now;
    const spec = agent.spec;
    const recent = agent.recent();
    const timestamp = EPOCH_MS + Math.floor(now);
    const signal = (signal_type: SensitivitySignalInput['signal_type'], value: number, confidence = 1): SensitivitySignalInput => ({
      agent_id: spec.id,
      signal_type,
      value: clamp(value, 0, 1),
      timestamp,
      confidence,
    });
    // By default load is sampled, not averaged, and the sample is noisy: the agent's own gauge jitters.
    const measured = this.options.loadReporting === 'interval-mean' ? agent.meanLoadSinceReport(now) : agent.trueLoad();
    const load = clamp(measured + reporter.normal(0, LOAD_NOISE_SD), 0, 1);
    const slowdown = agent.slowdown(now);
    const availability = agent.draining ? 0 : slowdown > 1.5 ? clamp(1.5 / slowdown, 0.2, 0.9) : 1;
    const batch: SensitivitySignalInput[] = [
      signal('load', load),
      signal('capacity', spec.maxConcurrency / this.service.config.capacityScale),
      signal('cost', spec.costPerTask / this.maxCost),
      signal('availability', availability),
    ];
    if (recent.count > 0) {
      // Few recent tasks make a shaky estimate; say so through confidence.
      const confidence = Math.min(1, recent.count / 20);
      batch.push(signal('quality', recent.shareWell, confidence));
      batch.push(signal('latency', recent.meanLatencyMs / this.service.config.latencyScaleMs, confidence));
    }
    const delay = reporter.logNormal(250, 1);
    const sink = this.options.signalSink;
    const deliver = () => {
      if (sink === undefined) this.service.registerSignals(batch);
      else sink(batch);
      this.forecastSubject(agent).trace.push(timestamp, batch[0].value);
      const previous = this.lastLoadSignalMs.get(spec.id) ?? -Infinity;
      this.lastLoadSignalMs.set(spec.id, Math.max(previous, now));
    };
    if (sink === undefined) this.q.after(delay, deliver);
    else deliver();
  }

  private crash(agent: SimAgent): void {
    const now = this.q.now;
    agent.account(now);
    agent.up = false;
    const lost = [...agent.running, ...agent.queue];
    agent.running.clear();
    agent.queue.length = 0;
    agent.busy = 0;
    agent.noteLoad(now);
    for (const task of lost) {
      task.cancelled = true;
      this.q.after(CRASH_DETECT_MS, () => this.attemptFailed(task, 'failed', now - (task.acceptedMs as number) + CRASH_DETECT_MS, CRASHED));
    }
  }

  /** An announced outage: the agent says it is unavailable, rejects new work and finishes what it has. */
  private drain(agent: SimAgent, reporter: Sampler): void {
    agent.draining = true;
    this.report(agent, reporter);
  }

  private recover(agent: SimAgent, reporter: Sampler): void {
    const now = this.q.now;
    agent.account(now);
    agent.up = true;
    agent.draining = false;
    agent.noteLoad(now);
    this.report(agent, reporter);
  }

  // ---- overload prediction --------------------------------------------------------------

  private forecastSubject(agent: SimAgent): ForecastSubject {
    let subject = this.forecastSubjects.get(agent.spec.id);
    if (subject === undefined) {
      const trace = new LoadTrace(this.service.config.maxHistorySize);
      subject = { agentId: agent.spec.id, trace, loadBySecond: agent.loadBySecond, meanLoadBySecond: agent.meanLoadBySecond };
      this.forecastSubjects.set(agent.spec.id, subject);
    }
    return subject;
  }

  /** Every agent that has reported load is forecast every 10 s, while a forecast can still be scored. */
  private forecastAll(): void {
    const now = this.q.now;
    for (const agent of this.agentList) {
      if (this.lastLoadSignalMs.get(agent.spec.id) === undefined) continue;
      this.forecasts.forecast(this.forecastSubject(agent), now, this.scenario.durationMs);
    }
    if (now + PREDICTION_EVERY_MS + PREDICTION_HORIZONS[0] * 1000 <= this.scenario.durationMs) {
      this.q.after(PREDICTION_EVERY_MS, () => this.forecastAll());
    }
  }

  // ---- results ---------------------------------------------------------------------------

  private metrics(): RunMetrics {
    const sorted = Float64Array.from(this.latencies).sort();
    const completedOrLate = this.latencies.length;
    const tasks = this.tasks.length;
    return {
      tasks,
      outcomes: { ...this.outcomes },
      goodTasks: this.goodTasks,
      goodput: tasks === 0 ? 0 : this.goodTasks / tasks,
      latencyMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) },
      overloadEvents: this.agentList.reduce((s, a) => s + a.overloadEvents, 0),
      meanQuality: mean(this.qualities),
      costPerTask: completedOrLate === 0 ? 0 : this.totalCost / completedOrLate,
      jain: jainIndex(this.agentList.map((a) => a.utilisation())),
      freshDecisions: this.decisions === 0 ? 0 : this.freshDecisions / this.decisions,
      retriesPerTask: tasks === 0 ? 0 : this.retries / tasks,
    };
  }
}

/** A task as the router sees it: its capability, with its bar and deadline in the payload (the oracle reads them). */
function message(task: TaskSpec): MessageEnvelope {
  return {
    id: String(task.id),
    sender: 'simulator',
    capability: task.capability,
    payload: { minQuality: task.minQuality, dueMs: task.arrivalMs + task.deadlineMs },
  };
}
