import { runComparison, type ComparisonResult } from './compare';
import { TASK_OUTCOMES } from './engine/model';
import { RIPPLE_VARIANTS } from './strategies/variants';

describe('runComparison', () => {
  let result: ComparisonResult;
  const progress: string[] = [];
  const variants = RIPPLE_VARIANTS.slice(0, 1);

  beforeAll(() => {
    result = runComparison({
      scenarios: ['steady', 'quality-cost'],
      strategies: ['random', 'power-of-two', 'ripple'],
      seeds: [1, 2],
      quick: true,
      variants,
      loadReportingExperiment: true,
      onProgress: (done, total, label) => progress.push(`${done}/${total} ${label}`),
    });
  });

  it('runs every combination and reports progress', () => {
    expect(progress).toHaveLength(2 * 2 * (3 + variants.length + 1));
    expect(progress[progress.length - 1]).toMatch(/^(\d+)\/\1 /);
    expect(result.scenarios.map((s) => s.name)).toEqual(['steady', 'quality-cost']);
    const steady = result.scenarios[0];
    expect(Object.keys(steady.results)).toEqual([...result.strategies, ...variants.map((v) => v.name)]);
    expect(steady.results['random'].outcomes.completed + steady.results['random'].outcomes.late).toBeGreaterThan(0);
    expect(Object.keys(result.prediction)).toEqual(expect.arrayContaining(['core@30s', 'instant:core@30s', 'interval-mean:core@30s']));
  });

  it('averages metrics over the seeds and sums the outcomes', () => {
    const steady = result.scenarios[0];
    const settled = TASK_OUTCOMES.reduce((sum, o) => sum + steady.results['ripple'].outcomes[o], 0);
    expect(Math.abs(settled - 2 * steady.tasks)).toBeLessThanOrEqual(1);
    expect(steady.results['ripple'].goodput).toBeGreaterThan(0);
    expect(steady.results['ripple'].goodput).toBeLessThanOrEqual(1);
  });
});
