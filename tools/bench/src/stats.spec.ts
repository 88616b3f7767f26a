import { formatNumber, summarise, table } from './stats';

describe('benchmark statistics', () => {
  it('takes nearest-rank percentiles of a sample', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarise(samples)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
    expect(summarise(new Float64Array([3, 1, 2]))).toMatchObject({ p50: 2, max: 3 });
  });

  it('renders a Markdown table with readable numbers', () => {
    expect(table(['op', 'µs'], [['select', 8.372], ['ingest', 1747754], ['x', 12.34]])).toBe(
      ['| op | µs |', '| --- | --- |', '| select | 8.37 |', '| ingest | 1,747,754 |', '| x | 12.3 |'].join('\n'),
    );
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
});
