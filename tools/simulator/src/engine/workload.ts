import type { ScenarioSpec, TaskSpec, Weighted, WorkloadSpec } from './model';
import { Sampler } from './random';

/** Arrival-rate multiplier at time `t`: overlapping bursts do not compound, the strongest wins. */
export function rateMultiplier(workload: WorkloadSpec, t: number): number {
  let m = 1;
  for (const b of workload.bursts) {
    if (t >= b.startMs && t < b.startMs + b.durationMs && b.multiplier > m) m = b.multiplier;
  }
  return m;
}

function pickWeighted<T>(items: readonly Weighted<T>[], sampler: Sampler): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let r = sampler.uniform() * total;
  for (const item of items) {
    r -= item.weight;
    if (r < 0) return item.value;
  }
  return items[items.length - 1].value;
}

/**
 * Draws the scenario's whole task stream up front (a non-homogeneous Poisson process by
 * thinning). Every strategy then faces exactly the same tasks — common random numbers —
 * so differences between strategies are not noise in the workload.
 */
export function generateTasks(scenario: ScenarioSpec, seed: number): TaskSpec[] {
  const { workload, durationMs } = scenario;
  const sampler = new Sampler(Sampler.streamSeed(seed, `tasks:${scenario.name}`));
  const peak = workload.ratePerSecond * Math.max(1, ...workload.bursts.map((b) => b.multiplier));
  const tasks: TaskSpec[] = [];
  let t = 0;
  for (;;) {
    t += sampler.exponential(1000 / peak);
    if (t >= durationMs) break;
    if (sampler.uniform() * peak > workload.ratePerSecond * rateMultiplier(workload, t)) continue;
    tasks.push({
      id: tasks.length,
      arrivalMs: t,
      capability: pickWeighted(workload.capabilities, sampler),
      deadlineMs: sampler.between(workload.deadlineMs[0], workload.deadlineMs[1]),
      minQuality: pickWeighted(workload.minQuality, sampler),
      size: sampler.logNormal(1, workload.sizeCv),
      qualityZ: sampler.normal(),
    });
  }
  return tasks;
}
