import { normalCdf } from '@agentcore/coordination-core';
import type { RoutingContext, RoutingDecision, RoutingStrategy } from '@agentcore/message-router';
import type { SimAgent } from '../engine/sim-agent';

/** What the oracle reads from the routed message: the task's own bar and deadline. */
export interface OracleTaskView {
  minQuality: number;
  /** Virtual time (ms) by which the task must be finished. */
  dueMs: number;
}

/** Spread of a task's completion time around its expectation (task size × agent noise). */
const COMPLETION_CV = 0.65;

/**
 * The upper bound: a router with perfect, instantaneous knowledge of every agent's true
 * queue, speed, degradation, health and quality. For each task it takes the agent most
 * likely to finish it in time among those that probably meet its quality bar, preferring
 * the sooner and then the cheaper agent among near-equals. Greedy per task, so
 * not a strict optimum, but nothing that only sees signals can know more.
 */
export class OracleStrategy implements RoutingStrategy {
  readonly name = 'ORACLE';

  constructor(
    private readonly agents: ReadonlyMap<string, SimAgent>,
    private readonly virtualNow: () => number,
  ) {}

  select(ctx: RoutingContext): RoutingDecision {
    const now = this.virtualNow();
    const task = ctx.message.payload as OracleTaskView;
    let best: { id: string; success: number; eta: number; cost: number } | undefined;
    for (const candidate of ctx.candidates) {
      const agent = this.agents.get(candidate.id) as SimAgent;
      if (!agent.canAccept()) continue;
      const eta = expectedCompletionMs(agent, now);
      // An agent that more likely than not meets the bar counts as qualified: preferring the
      // marginally surer agent would pile every task onto the top tier and drown it.
      const quality = qualityChance(agent, now, task.minQuality);
      const success = (quality >= 0.5 ? 1 : quality) * onTimeChance(eta, task.dueMs - now);
      const cost = agent.spec.costPerTask;
      const better =
        best === undefined ||
        success > best.success + 0.01 ||
        (success >= best.success - 0.01 && (eta < best.eta * 0.9 || (eta <= best.eta * 1.1 && cost < best.cost)));
      if (better) best = { id: candidate.id, success, eta, cost };
    }
    // Nobody can take it: any pick is rejected and retried, so take the first candidate.
    return { agentId: best?.id ?? ctx.candidates[0].id, explanation: { strategy: this.name, reason: 'most likely good and on time' } };
  }
}

/** Wait for a slot (queued work spread over the slots) plus the task's own service time. */
export function expectedCompletionMs(agent: SimAgent, now: number): number {
  const c = agent.spec.maxConcurrency;
  const service = agent.expectedServiceMs(now);
  if (agent.busy < c) return service;
  return ((agent.queue.length + 1) / c) * agent.spec.meanServiceMs * agent.slowdown(now) * agent.stretch(c) + service;
}

function qualityChance(agent: SimAgent, now: number, bar: number): number {
  const sd = Math.max(1e-6, agent.spec.qualityNoise);
  return 1 - normalCdf((bar - agent.meanQuality(now)) / sd);
}

/** P(T ≤ remaining) for a log-normal completion time T with mean `eta`. */
function onTimeChance(eta: number, remainingMs: number): number {
  if (remainingMs <= 0) return 0;
  const sigma2 = Math.log(1 + COMPLETION_CV * COMPLETION_CV);
  const mu = Math.log(eta) - sigma2 / 2;
  return normalCdf((Math.log(remainingMs) - mu) / Math.sqrt(sigma2));
}
