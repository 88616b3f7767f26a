import { PromQLSyntaxError, references } from './promql';

describe('references', () => {
  it('finds each selected metric with the labels its matchers name', () => {
    expect(references('rate(coordination_signals_rejected_total{job=~"coord.*", reason!="invalid"}[5m]) > 0').selectors).toEqual([
      { metric: 'coordination_signals_rejected_total', labels: ['job', 'reason'] },
    ]);
  });

  it('reads {__name__="…"} as the metric', () => {
    expect(references('{__name__="coordination_agents_tracked", instance="a"}').selectors).toEqual([{ metric: 'coordination_agents_tracked', labels: ['instance'] }]);
  });

  it('finds by, on, ignoring and group_left lists with the metrics beneath them, and skips without', () => {
    const { groupings } = references(
      'sum by (job, reason) (rate(a_total[5m])) / ignoring (reason) group_left (instance) sum by (job) (rate(b_total[5m])) + on (job) sum without (instance) (c)',
    );
    expect(groupings).toEqual([
      { labels: ['job', 'reason'], metrics: ['a_total'] },
      { labels: ['reason'], metrics: ['a_total', 'b_total'] },
      { labels: ['instance'], metrics: ['a_total', 'b_total'] },
      { labels: ['job'], metrics: ['b_total'] },
      { labels: ['job'], metrics: ['a_total', 'b_total', 'c'] },
    ]);
  });

  it('sees through functions, histograms and subqueries', () => {
    const { selectors, groupings } = references('histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m]))) > max_over_time(y[10m:1m])');
    expect(selectors.map((s) => s.metric)).toEqual(['x_bucket', 'y']);
    expect(groupings).toEqual([{ labels: ['le'], metrics: ['x_bucket'] }]);
  });

  it('refuses what is not PromQL, showing where', () => {
    expect(() => references('sum(rate(x[5m])')).toThrow(PromQLSyntaxError);
    expect(() => references('rate(x[$__rate_interval])')).toThrow(/offset \d+: rate\(x\[⟨here⟩|offset \d+: rate\(x\[\$/);
  });
});
