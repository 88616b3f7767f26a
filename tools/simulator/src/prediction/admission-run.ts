import { CoordinationService, seededRandom } from '@agentcore/coordination-core';
import { AgentRegistry, DeliveryError, MessageRouter, type AdmissionTimers, type AgentRegistration, type Transport } from '@agentcore/message-router';
import { InProcessScoreSource, RippleStrategy } from '@agentcore/router-ripple';
import { EventQueue } from '../engine/event-queue';
import { clamp, Sampler } from '../engine/random';

/** Virtual time 0 as epoch ms. */
const EPOCH_MS = Date.parse('2026-12-01T00:00:00Z');
const CAPACITY_SCALE = 16;
const LATENCY_SCALE_MS = 10_000;
/** Virtual time advances in steps this long, each followed by the promise work it caused. */
const STEP_MS = 20;

export interface AdmissionRunOptions {
  seed: number;
  /** Offered load relative to what the fleet serves with every slot busy (1.1–1.5 for the overload scenario). */
  offeredLoad: number;
  /** Ripple asks for admission and the router holds what it is told to (admission control), or neither. */
  admission: boolean;
  agents?: number;
  durationSeconds?: number;
}

export interface AdmissionRunResult {
  tasks: number;
  /** Delivered to an agent (not refused by the admission queue or by every agent's full queue). */
  admitted: number;
  onTime: number;
  late: number;
  /** Refused: admission queue full, admission timed out, or every agent's queue full. */
  refused: number;
  /** On time ÷ all tasks, and ÷ admitted tasks. */
  goodput: number;
  admittedGoodput: number;
  /** Messages the router held at least once (admission control on). */
  held: number;
}

interface Agent {
  spec: AgentRegistration;
  slots: number;
  queueLimit: number;
  meanServiceMs: number;
  inSystem: number;
  waiting: Array<() => void>;
  services: number[];
}

/**
 * What admission control buys in an overload: a fleet of M/M/c/K agents receives Poisson tasks at
 * 110–150 % of what it can serve, each with a deadline, routed by the shipped MessageRouter with
 * RIPPLE_COORDINATION over an in-process coordination service (agents report load, capacity and
 * latency every 10 ± 2 s; the service scans every 15 s). With admission, ripple asks coordination
 * whether any candidate should take more work and the router holds the rest in its bounded
 * admission queue (timing out at half the shortest deadline); without, every task goes to the
 * best agent and waits in its queue. Deterministic in the seed; runs in virtual time.
 */
export async function runAdmission(options: AdmissionRunOptions): Promise<AdmissionRunResult> {
  const agentCount = options.agents ?? 12;
  const durationMs = (options.durationSeconds ?? 1_200) * 1000;
  const s = new Sampler(Sampler.streamSeed(options.seed, 'admission-fleet'));
  const arrivals = new Sampler(Sampler.streamSeed(options.seed, 'admission-arrivals'));
  const work = new Sampler(Sampler.streamSeed(options.seed, 'admission-work'));
  const q = new EventQueue();
  const now = () => EPOCH_MS + Math.round(q.now);
  const service = new CoordinationService({ clock: now, random: seededRandom(options.seed), config: { capacityScale: CAPACITY_SCALE, latencyScaleMs: LATENCY_SCALE_MS } });
  const agents: Agent[] = Array.from({ length: agentCount }, (_, i) => {
    const slots = 1 + s.int(8);
    return {
      spec: { id: `a${i}`, capabilities: ['work'] },
      slots,
      queueLimit: slots * 4,
      meanServiceMs: Math.exp(s.between(Math.log(2_000), Math.log(10_000))),
      inSystem: 0,
      waiting: [],
      services: [],
    };
  });
  const byId = new Map(agents.map((a) => [a.spec.id, a]));
  const capacityPerMs = agents.reduce((sum, a) => sum + a.slots / a.meanServiceMs, 0);
  const meanServiceMs = agents.reduce((sum, a) => sum + a.meanServiceMs * a.slots, 0) / agents.reduce((sum, a) => sum + a.slots, 0);

  const startService = (agent: Agent, done: () => void): void => {
    const ms = work.exponential(agent.meanServiceMs);
    q.after(ms, () => {
      agent.inSystem--;
      agent.services.push(ms);
      if (agent.services.length > 50) agent.services.shift();
      done();
      agent.waiting.shift()?.();
    });
  };
  const transport: Transport = {
    deliver(target) {
      const agent = byId.get(target.id) as Agent;
      if (agent.inSystem >= agent.slots + agent.queueLimit) return Promise.reject(new DeliveryError(`${target.id}: queue full`, target.id));
      agent.inSystem++;
      return new Promise<unknown>((resolve) => {
        const run = () => startService(agent, () => resolve('done'));
        if (agent.inSystem <= agent.slots) run();
        else agent.waiting.push(run);
      });
    },
  };
  const cancelled = new Set<number>();
  let timerId = 0;
  const timers: AdmissionTimers = {
    setTimeout(callback, ms) {
      const id = ++timerId;
      q.after(ms, () => {
        if (!cancelled.delete(id)) callback();
      });
      return id;
    },
    clearTimeout(handle) {
      cancelled.add(handle as number);
    },
  };
  let held = 0;
  const heldIds = new Set<string>();
  const deadlineMs = [2 * meanServiceMs, 4 * meanServiceMs] as const;
  const router = new MessageRouter({
    registry: new AgentRegistry(agents.map((a) => a.spec)),
    transport,
    strategy: new RippleStrategy({ source: new InProcessScoreSource(service), admission: options.admission }),
    // Deliveries settle in virtual time; the router's own timer must never fire.
    timeoutMs: 1e9,
    now,
    random: seededRandom(options.seed + 1),
    ...(options.admission
      ? {
          admission: {
            maxQueued: agents.reduce((sum, a) => sum + a.slots, 0) * 2,
            timeoutMs: deadlineMs[0] / 2,
            timers,
            onEvent: (e) => {
              if (e.kind === 'queued' && !heldIds.has(e.messageId)) {
                heldIds.add(e.messageId);
                held++;
              }
            },
          },
        }
      : {}),
  });

  const result = { tasks: 0, admitted: 0, onTime: 0, late: 0, refused: 0 };
  const arrive = (): void => {
    const id = String(result.tasks++);
    const due = q.now + arrivals.between(deadlineMs[0], deadlineMs[1]);
    const delivered = () => {
      result.admitted++;
      if (q.now <= due) result.onTime++;
      else result.late++;
    };
    router.route({ id, sender: 'simulator', capability: 'work', payload: null }).then(delivered, () => result.refused++);
    const next = q.now + arrivals.exponential(1 / (capacityPerMs * options.offeredLoad));
    if (next < durationMs) q.at(next, arrive);
  };
  const reporter = new Sampler(Sampler.streamSeed(options.seed, 'admission-reports'));
  const report = (agent: Agent): void => {
    const signals = [
      { agent_id: agent.spec.id, signal_type: 'load' as const, value: Math.min(1, agent.inSystem / agent.slots) },
      { agent_id: agent.spec.id, signal_type: 'capacity' as const, value: Math.min(1, agent.slots / CAPACITY_SCALE) },
    ];
    const latency = agent.services.length === 0 ? [] : [{ agent_id: agent.spec.id, signal_type: 'latency' as const, value: clamp(agent.services.reduce((a, b) => a + b, 0) / agent.services.length / LATENCY_SCALE_MS, 0, 1) }];
    service.registerSignals([...signals, ...latency]);
    q.after(reporter.between(8_000, 12_000), () => report(agent));
  };
  const scan = (): void => {
    service.scanOverloads();
    q.after(15_000, scan);
  };
  for (const agent of agents) q.at(reporter.between(0, 10_000), () => report(agent));
  q.at(15_000, scan);
  q.at(arrivals.exponential(1 / capacityPerMs), arrive);

  // Virtual time in steps of STEP_MS: fire what is due, then let every promise continuation it
  // caused run (deliveries settling, held messages deciding again) before the next step.
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  const limitMs = durationMs + 600_000;
  for (let t = 0; t <= limitMs; t += STEP_MS) {
    q.run(t);
    await settle();
    if (t >= durationMs && result.admitted + result.refused === result.tasks) break;
  }
  await router.close();
  return {
    ...result,
    goodput: result.tasks === 0 ? 0 : result.onTime / result.tasks,
    admittedGoodput: result.admitted === 0 ? 0 : result.onTime / result.admitted,
    held,
  };
}
