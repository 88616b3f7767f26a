import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Exposition } from '../src/exposition';
import { references } from '../src/promql';
import { dashboardQueries, dashboardTexts, mentionedMetrics, ruleQueries, rulesOf, ruleTexts, type NamedQuery, type NamedText } from '../src/queries';
import { ServerProcess } from '@agentcore/coordination-server/testing';

// Every metric the dashboard and the alert rules name, and every label they select or group by,
// must exist on the /metrics of a real server. The names are read from the artefacts themselves,
// so a new panel or rule is checked without touching this test; a metric that only gets series
// after some traffic needs that traffic in `exerciseEveryMetric`.
jest.setTimeout(60_000);

const DEPLOY = join(__dirname, '..');
/** Series Prometheus itself adds for every target, which no exposition carries. */
const SCRAPE_SERIES = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added']);
/** Labels Prometheus attaches to every scraped series. */
const TARGET_LABELS = new Set(['job', 'instance']);

let server: ServerProcess;
let exposition: Exposition;

beforeAll(async () => {
  server = await ServerProcess.start();
  await exerciseEveryMetric(server.url);
  const response = await fetch(`${server.url}/metrics`);
  expect(response.status).toBe(200);
  exposition = new Exposition(await response.text());
});

afterAll(async () => {
  await server?.stop();
});

/** A little traffic of each kind, so that labelled series exist: accepted, refused and malformed calls. */
async function exerciseEveryMetric(url: string): Promise<void> {
  const rpc = (body: string) => fetch(`${url}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.text());
  const call = (method: string, params: unknown) => rpc(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }));
  await call('coordination.signal', { signals: [
    { agent_id: 'agent-1', signal_type: 'load', value: 0.4 },
    { agent_id: 'agent-2', signal_type: 'load', value: 0.7 },
  ] });
  await call('coordination.signal', { agent_id: 'agent-1', signal_type: 'load', value: 7 }); // refused: invalid
  await call('coordination.select', { candidates: ['agent-1', 'agent-2'] });
  await call('coordination.select', { candidates: ['nobody'] }); // a fallback
  await call('coordination.predict', { agent_id: 'agent-1' });
  await rpc('{ not json'); // a request refused before any method ran
}

function loadArtefacts(): { queries: NamedQuery[]; texts: NamedText[] } {
  const dashboard = JSON.parse(readFileSync(join(DEPLOY, 'grafana', 'coordination.json'), 'utf8'));
  const rules = rulesOf(readFileSync(join(DEPLOY, 'prometheus', 'alerts.yml'), 'utf8'));
  return {
    queries: [...dashboardQueries(dashboard), ...ruleQueries(rules)],
    texts: [...dashboardTexts(dashboard), ...ruleTexts(rules)],
  };
}

describe('the metrics named by deploy/grafana/coordination.json and deploy/prometheus/alerts.yml', () => {
  const { queries, texts } = loadArtefacts();

  it('are read from a dashboard and rules that query something', () => {
    expect(queries.filter((query) => query.where.startsWith('panel')).length).toBeGreaterThanOrEqual(20);
    expect(queries.filter((query) => query.where.startsWith('rule')).length).toBeGreaterThanOrEqual(10);
  });

  it('exist on the live /metrics with every label the queries select or group by', () => {
    const problems: string[] = [];
    for (const { where, expr } of queries) {
      const { selectors, groupings } = references(expr);
      for (const { metric, labels } of selectors) {
        if (SCRAPE_SERIES.has(metric)) continue;
        const present = exposition.labelsOf(metric);
        if (present === undefined) {
          problems.push(`${where}: no series named ${metric} on /metrics`);
          continue;
        }
        for (const label of labels) {
          if (!TARGET_LABELS.has(label) && !present.has(label)) problems.push(`${where}: ${metric} has no label ${label}`);
        }
      }
      for (const { labels, metrics } of groupings) {
        for (const label of labels) {
          const somewhere = TARGET_LABELS.has(label) || metrics.some((metric) => exposition.labelsOf(metric)?.has(label));
          if (!somewhere) problems.push(`${where}: groups by ${label}, which none of ${metrics.join(', ')} has`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('exist on the live /metrics when written out in descriptions and summaries', () => {
    const problems = texts.flatMap(({ where, text }) =>
      mentionedMetrics(text)
        .filter((name) => exposition.familyOf(name) === undefined && exposition.labelsOf(name) === undefined)
        .map((name) => `${where}: names ${name}, which /metrics does not have`),
    );
    expect(problems).toEqual([]);
  });
});
