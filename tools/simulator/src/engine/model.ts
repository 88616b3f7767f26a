/** How an agent slows down and loses quality over time (a memory leak, a throttled upstream). */
export interface DegradationSpec {
  startMs: number;
  /** Time over which the slowdown ramps linearly from 1 to `slowdown`. */
  rampMs: number;
  /** Service-time multiplier at the end of the ramp. */
  slowdown: number;
  /** Amount subtracted from the agent's mean quality at the end of the ramp. */
  qualityDrop: number;
}

/** One outage. A graceful one announces itself (availability 0) and drains; a crash just stops. */
export interface FailureSpec {
  atMs: number;
  downMs: number;
  graceful: boolean;
}

export interface AgentSpec {
  id: string;
  capabilities: readonly string[];
  maxConcurrency: number;
  /** Mean service time of a task of average size with one slot busy. */
  meanServiceMs: number;
  /** Coefficient of variation of the service time (log-normal). */
  serviceCv: number;
  /** Service-time stretch when every slot is busy: shared CPU, memory, upstream rate limits. */
  loadStretch: number;
  /** Mean quality of a finished task, 0..1. */
  quality: number;
  /** Standard deviation of per-task quality around the mean. */
  qualityNoise: number;
  /** Price of one task, in arbitrary currency units. */
  costPerTask: number;
  /** Tasks waiting beyond the busy slots; more are rejected. */
  maxQueue: number;
  /** Range of the jittered interval between signal reports. */
  reportIntervalMs: readonly [number, number];
  degradation?: DegradationSpec;
  failures?: readonly FailureSpec[];
}

/** A period in which the arrival rate is multiplied. */
export interface BurstSpec {
  startMs: number;
  durationMs: number;
  multiplier: number;
}

export interface Weighted<T> {
  value: T;
  weight: number;
}

export interface WorkloadSpec {
  /** Base Poisson arrival rate. */
  ratePerSecond: number;
  /** Bursts, both scheduled (a spike) and random (drawn when the scenario is built). */
  bursts: readonly BurstSpec[];
  capabilities: readonly Weighted<string>[];
  /** Range of the per-task deadline (SLA), measured from arrival. */
  deadlineMs: readonly [number, number];
  minQuality: readonly Weighted<number>[];
  /** Coefficient of variation of task size; the same task is equally big on every agent. */
  sizeCv: number;
}

export interface ScenarioSpec {
  name: string;
  title: string;
  description: string;
  /** Arrivals stop here; the run continues until every accepted task has settled. */
  durationMs: number;
  agents: readonly AgentSpec[];
  workload: WorkloadSpec;
}

export type TaskOutcome = 'completed' | 'late' | 'failed' | 'dropped';
export const TASK_OUTCOMES: readonly TaskOutcome[] = ['completed', 'late', 'failed', 'dropped'];

/** A task's intrinsic properties, drawn once per scenario so every strategy sees the same workload. */
export interface TaskSpec {
  id: number;
  arrivalMs: number;
  capability: string;
  deadlineMs: number;
  minQuality: number;
  /** Size relative to an average task (mean 1). */
  size: number;
  /** Standard-normal draw that fixes where in the agent's quality spread this task lands. */
  qualityZ: number;
}
