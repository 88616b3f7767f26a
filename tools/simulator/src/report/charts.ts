import type { ComparisonResult } from '../compare';

/** A Vega-Lite specification, kept as plain JSON: vega-lite's own types ship ESM-only. */
export type ChartSpec = { [key: string]: unknown };

export interface Chart {
  /** File name under docs/effectiveness/. */
  file: string;
  title: string;
  spec: ChartSpec;
}

const WIDTH = 640;

function strategyRows(result: ComparisonResult, labels: readonly string[], value: (label: string, scenario: ComparisonResult['scenarios'][number]) => number | undefined) {
  const rows: Array<{ scenario: string; strategy: string; value: number }> = [];
  for (const scenario of result.scenarios) {
    for (const label of labels) {
      const v = value(label, scenario);
      if (v !== undefined) rows.push({ scenario: scenario.name, strategy: label, value: v });
    }
  }
  return rows;
}

function groupedBars(title: string, rows: ReturnType<typeof strategyRows>, axis: string, format: string, log = false): ChartSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: WIDTH,
    height: 260,
    background: 'white',
    data: { values: rows },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'scenario', type: 'nominal', title: null, sort: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'strategy', type: 'nominal', sort: null },
      y: { field: 'value', type: 'quantitative', title: axis, axis: { format }, ...(log ? { scale: { type: 'log' } } : {}) },
      color: { field: 'strategy', type: 'nominal', sort: null, legend: { orient: 'bottom', columns: 4 } },
    },
  };
}

/** The charts of docs/effectiveness.md, built from one comparison. */
export function buildCharts(result: ComparisonResult): Chart[] {
  const labels = [...result.strategies, ...result.variants.map((v) => v.name)];
  const charts: Chart[] = [
    {
      file: 'goodput.svg',
      title: 'SLA goodput per scenario and strategy',
      spec: groupedBars('SLA goodput (share of tasks on time and good enough)', strategyRows(result, labels, (l, s) => s.results[l]?.goodput), 'SLA goodput', '.0%'),
    },
    {
      file: 'latency-p99.svg',
      title: 'p99 latency per scenario and strategy',
      spec: groupedBars('p99 latency (s, log scale)', strategyRows(result, labels, (l, s) => (s.results[l] === undefined ? undefined : s.results[l].latencyMs.p99 / 1000)), 'p99 latency (s)', '~s', true),
    },
  ];
  const calibration: Array<{ model: string; predicted: number; observed: number; count: number }> = [];
  const models: Record<string, string> = { core: 'predictOverload', endpoint: 'before: endpoint only', naive: 'naive slope' };
  for (const [model, name] of Object.entries(models)) {
    const score = result.prediction[`${model}@30s`];
    for (const bin of score?.calibration ?? []) {
      calibration.push({ model: name, predicted: bin.meanProbability, observed: bin.observed, count: bin.count });
    }
  }
  if (calibration.length > 0) {
    charts.push({
      file: 'calibration-30s.svg',
      title: 'Reliability of the 30 s overload probability',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: 'Overload within 30 s: forecast probability vs observed frequency',
        width: 360,
        height: 360,
        background: 'white',
        layer: [
          {
            data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
            mark: { type: 'line', color: '#999', strokeDash: [4, 4] },
            encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
          },
          {
            data: { values: calibration },
            mark: { type: 'line', point: true },
            encoding: {
              x: { field: 'predicted', type: 'quantitative', title: 'forecast probability', scale: { domain: [0, 1] } },
              y: { field: 'observed', type: 'quantitative', title: 'observed frequency', scale: { domain: [0, 1] } },
              color: { field: 'model', type: 'nominal', legend: { orient: 'bottom' } },
            },
          },
        ],
      },
    });
  }
  return charts;
}
