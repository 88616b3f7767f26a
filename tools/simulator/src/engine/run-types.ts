import type { CoordinationConfig, CoordinationService, SelectionTuning, SensitivitySignalInput } from '@agentcore/coordination-core';
import type { DecisionListener, RoutingStrategy } from '@agentcore/message-router';
import type { PredictionTallies, ScoredForecast } from '../prediction/run-forecasts';
import type { SimStrategyName } from '../strategies/catalog';
import type { ScenarioSpec, TaskOutcome, TaskSpec } from './model';

// The inputs and results of one simulation run, apart from the engine in simulation.ts.

export interface SimulationOptions {
  scenario: ScenarioSpec;
  strategy: SimStrategyName;
  seed: number;
  /** The scenario's task stream; drawn from the seed when absent. Pass it to share it across strategies. */
  tasks?: readonly TaskSpec[];
  /** Coordination configuration (weights, TTL, scales) for the in-process service. */
  coordination?: Partial<CoordinationConfig>;
  selection?: Partial<SelectionTuning>;
  /**
   * How agents measure the load they report: the in-flight share at the moment of the report
   * (default), or its time average since their previous report.
   */
  loadReporting?: 'instant' | 'interval-mean';
  /** Score overload prediction during the run (default true). */
  evaluatePrediction?: boolean;
  /**
   * Called once per scored forecast with the load samples the service held and the outcome,
   * so a forecasting model can be studied offline on the same traces.
   */
  onForecastScored?: (forecast: ScoredForecast) => void;
  /**
   * Where the agents' signal batches go. Absent: the in-process service, after a drawn network
   * delay. Given (the HTTP mode): handed over as soon as measured — the real network adds the delay.
   */
  signalSink?: (batch: SensitivitySignalInput[]) => void;
  /**
   * The simulated deployment's router setting `maxAttempts`: delivery attempts per task. Absent:
   * the router's default, every capable agent once.
   */
  maxAttempts?: number;
  /** The router's decision listener, as a deployment would attach for tracing. */
  onDecision?: DecisionListener;
  /** Replaces the strategy under test (used by the HTTP mode and tests). */
  strategyOverride?: (env: { service: CoordinationService; random: () => number; now: () => number }) => RoutingStrategy;
}

export interface RunMetrics {
  tasks: number;
  outcomes: Record<TaskOutcome, number>;
  /** Tasks finished before their deadline by an agent that met their quality bar. */
  goodTasks: number;
  goodput: number;
  latencyMs: { p50: number; p95: number; p99: number };
  overloadEvents: number;
  meanQuality: number;
  costPerTask: number;
  jain: number;
  /** Share of decisions whose chosen agent had a load signal younger than the TTL. */
  freshDecisions: number;
  /** Delivery attempts beyond the first, over tasks. */
  retriesPerTask: number;
}

export interface RunResult {
  scenario: string;
  strategy: SimStrategyName;
  seed: number;
  metrics: RunMetrics;
  prediction: PredictionTallies;
  eventsFired: number;
  /** Set by a paced run: how closely virtual time followed the wall clock. */
  pacing?: PacingStats;
}

/** Scaled real time: virtual time advances `scale` ms per wall-clock ms. */
export interface PaceOptions {
  scale: number;
  /** The run fails (throws) past this much wall time. */
  maxWallMs: number;
}

export interface PacingStats {
  scale: number;
  wallMs: number;
  /** Longest virtual-time slice the simulation advanced without yielding to the network. */
  maxStepVirtualMs: number;
}
