import { buildScenario } from '../scenarios/catalog';
import { generateTasks, rateMultiplier } from './workload';

describe('workload', () => {
  it('draws the same tasks for the same seed, with bursts raising the rate', () => {
    const s = buildScenario('spike', { seed: 4, quick: true });
    const tasks = generateTasks(s, 4);
    expect(generateTasks(s, 4)).toEqual(tasks);
    expect(tasks.every((t, i) => i === 0 || t.arrivalMs >= tasks[i - 1].arrivalMs)).toBe(true);
    const spike = s.workload.bursts[0];
    expect(rateMultiplier(s.workload, spike.startMs + 1)).toBeGreaterThanOrEqual(2.2);
    expect(rateMultiplier({ ...s.workload, bursts: [] }, spike.startMs + 1)).toBe(1);
    const inSpike = tasks.filter((t) => t.arrivalMs >= spike.startMs && t.arrivalMs < spike.startMs + spike.durationMs).length;
    const before = tasks.filter((t) => t.arrivalMs >= spike.startMs - spike.durationMs && t.arrivalMs < spike.startMs).length;
    expect(inSpike).toBeGreaterThan(before * 1.5);
  });
});
