import { jainIndex, mean, percentile } from './metrics';

describe('metrics', () => {
  it('interpolates percentiles of a sorted array', () => {
    expect(percentile([], 50)).toBe(0);
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 100)).toBe(4);
  });

  it("computes Jain's index: 1 for equal shares, 1/n when one agent carries everything", () => {
    expect(jainIndex([0.5, 0.5, 0.5])).toBeCloseTo(1);
    expect(jainIndex([1, 0, 0, 0])).toBeCloseTo(0.25);
    expect(jainIndex([])).toBe(1);
    expect(jainIndex([0, 0])).toBe(1);
  });

  it('averages', () => {
    expect(mean([])).toBe(0);
    expect(mean([1, 2, 3])).toBe(2);
  });
});
