import type { CoordinationService } from '@agentcore/coordination-core';
import {
  createDefaultStrategyRegistry,
  noopLogger,
  StrategyName,
  type RoutingStrategy,
} from '@agentcore/message-router';
import { createRippleStrategy, InProcessScoreSource } from '@agentcore/router-ripple';
import { OracleStrategy } from './oracle';
import type { SimAgent } from '../engine/sim-agent';

export const STRATEGY_NAMES = [
  'random',
  'round-robin',
  'least-loaded',
  'power-of-two',
  'capability-match',
  'ripple',
  'oracle',
] as const;
/** A strategy as the simulator's command line names it. */
export type SimStrategyName = (typeof STRATEGY_NAMES)[number];

const ROUTER_STRATEGIES: Partial<Record<SimStrategyName, StrategyName>> = {
  random: StrategyName.RANDOM,
  'round-robin': StrategyName.ROUND_ROBIN,
  'least-loaded': StrategyName.LEAST_LOADED,
  'power-of-two': StrategyName.POWER_OF_TWO_CHOICES,
  'capability-match': StrategyName.CAPABILITY_MATCH,
};

export interface StrategyEnvironment {
  service: CoordinationService;
  random: () => number;
  /** Epoch milliseconds on the virtual clock. */
  now: () => number;
  /** Virtual milliseconds since the start of the run, for the oracle's view of agents. */
  virtualNow: () => number;
  agents: ReadonlyMap<string, SimAgent>;
}

export function createStrategy(name: SimStrategyName, env: StrategyEnvironment): RoutingStrategy {
  const builtIn = ROUTER_STRATEGIES[name];
  if (builtIn !== undefined) {
    return createDefaultStrategyRegistry().create(builtIn, { random: env.random, now: env.now, logger: noopLogger });
  }
  // Ripple exactly as a router deploys it in-process; its fallback (random) draws from ctx.random.
  if (name === 'ripple') return createRippleStrategy({ source: new InProcessScoreSource(env.service) });
  return new OracleStrategy(env.agents, env.virtualNow);
}

export function parseStrategies(list: string): SimStrategyName[] {
  const names = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const n of names) {
    if (!(STRATEGY_NAMES as readonly string[]).includes(n)) {
      throw new Error(`unknown strategy "${n}"; expected one of ${STRATEGY_NAMES.join(', ')}`);
    }
  }
  return names as SimStrategyName[];
}
