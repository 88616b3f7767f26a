import { Exposition } from './exposition';

const TEXT = `# HELP requests_total Requests.
# TYPE requests_total counter
requests_total{method="select",outcome="ok"} 3
requests_total{method="a \\"quoted\\", value"} 1
# TYPE duration_seconds histogram
duration_seconds_bucket{le="0.1",method="select"} 1
duration_seconds_bucket{le="+Inf",method="select"} 2
duration_seconds_sum{method="select"} 0.3
duration_seconds_count{method="select"} 2
# TYPE rpc_summary summary
rpc_summary{quantile="0.5"} 1
rpc_summary_sum 2
rpc_summary_count 3
# TYPE queue_count gauge
queue_count 4
# TYPE labelled_never_set counter
`;

describe('Exposition', () => {
  const exposition = new Exposition(TEXT);

  it('knows the label names under each sample name', () => {
    expect(exposition.labelsOf('requests_total')).toEqual(new Set(['method', 'outcome']));
    expect(exposition.labelsOf('duration_seconds_bucket')).toEqual(new Set(['le', 'method']));
    expect(exposition.labelsOf('rpc_summary_sum')).toEqual(new Set());
    expect(exposition.labelsOf('duration_seconds')).toBeUndefined();
    expect(exposition.labelsOf('labelled_never_set')).toBeUndefined();
  });

  it('maps _bucket, _sum and _count to their histogram or summary family, and nothing else', () => {
    expect(exposition.familyOf('duration_seconds_bucket')).toBe('duration_seconds');
    expect(exposition.familyOf('duration_seconds_count')).toBe('duration_seconds');
    expect(exposition.familyOf('rpc_summary_sum')).toBe('rpc_summary');
    expect(exposition.familyOf('rpc_summary_bucket')).toBeUndefined();
    expect(exposition.familyOf('queue_count')).toBe('queue_count');
    expect(exposition.familyOf('requests_total_count')).toBeUndefined();
    expect(exposition.familyOf('labelled_never_set')).toBe('labelled_never_set');
    expect(exposition.familyOf('missing')).toBeUndefined();
  });

  it('refuses a line that is not an exposition line', () => {
    expect(() => new Exposition('{oops} 1\n')).toThrow('not an exposition line: {oops} 1');
  });
});
