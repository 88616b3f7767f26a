import { dashboardQueries, dashboardTexts, expandGrafanaVariables, mentionedMetrics, ruleQueries, rulesOf, ruleTexts } from './queries';

describe('expandGrafanaVariables', () => {
  it('turns interval variables into a duration and dashboard variables into a match-all regex', () => {
    expect(expandGrafanaVariables('rate(x{job=~"$job", instance=~"${instance}"}[$__rate_interval]) + y[${__interval}] + z[$__range]')).toBe(
      'rate(x{job=~".*", instance=~".*"}[5m]) + y[5m] + z[5m]',
    );
  });
});

describe('dashboardQueries and dashboardTexts', () => {
  const dashboard = {
    description: 'about coordination_agents_tracked',
    panels: [
      { title: 'Top', description: 'top panel', targets: [{ refId: 'A', expr: 'up{job=~"$job"}' }, { refId: 'B' }] },
      { title: 'Row', panels: [{ title: 'Inside', targets: [{ refId: 'A', expr: 'rate(x[$__rate_interval])' }] }] },
      { title: 'Text' },
    ],
    templating: {
      list: [
        { name: 'datasource', type: 'datasource', query: 'prometheus' },
        { name: 'job', type: 'query', query: 'label_values(coordination_agents_tracked, job)' },
        { name: 'instance', type: 'query', query: { query: 'label_values(coordination_agents_tracked{job=~"$job"}, instance)' } },
        { name: 'raw', type: 'query', query: 'up' },
        { name: 'empty', type: 'query', query: {} },
      ],
    },
  };

  it('lists panel targets, rows included, and query variables as PromQL', () => {
    expect(dashboardQueries(dashboard)).toEqual([
      { where: 'panel "Top" A', expr: 'up{job=~".*"}' },
      { where: 'panel "Inside" A', expr: 'rate(x[5m])' },
      { where: 'variable $job', expr: 'count by (job) (coordination_agents_tracked)' },
      { where: 'variable $instance', expr: 'count by (instance) (coordination_agents_tracked{job=~".*"})' },
      { where: 'variable $raw', expr: 'up' },
      { where: 'variable $empty', expr: '' },
    ]);
    expect(dashboardQueries({})).toEqual([]);
  });

  it('lists the descriptions', () => {
    expect(dashboardTexts(dashboard)).toEqual([
      { where: 'dashboard description', text: 'about coordination_agents_tracked' },
      { where: 'panel "Top" description', text: 'top panel' },
    ]);
    expect(dashboardTexts({})).toEqual([]);
  });
});

describe('rules', () => {
  const rules = rulesOf(`
groups:
  - name: a
    rules:
      - alert: Down
        expr: up == 0
        annotations: { summary: s, description: d }
      - record: job:x:rate5m
        expr: rate(x[5m])
  - name: empty
`);

  it('reads the rules of every group, with their expressions and annotations', () => {
    expect(ruleQueries(rules)).toEqual([
      { where: 'rule Down', expr: 'up == 0' },
      { where: 'rule job:x:rate5m', expr: 'rate(x[5m])' },
    ]);
    expect(ruleTexts(rules)).toEqual([
      { where: 'rule Down summary', text: 's' },
      { where: 'rule Down description', text: 'd' },
    ]);
    expect(rulesOf('{}')).toEqual([]);
  });
});

describe('mentionedMetrics', () => {
  it('finds the metric names written in prose, once each', () => {
    expect(
      mentionedMetrics('see coordination_fallbacks_total{reason}, process_cpu_seconds_total and coordination_fallbacks_total; not COORDINATION_RATE_LIMIT or coordination-server'),
    ).toEqual(['coordination_fallbacks_total', 'process_cpu_seconds_total']);
  });
});
