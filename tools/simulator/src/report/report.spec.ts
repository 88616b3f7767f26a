import { runComparison, type ComparisonResult } from '../compare';
import { evaluatePrediction, type PredictionEvaluation } from '../prediction/queue-evaluation';
import { RIPPLE_VARIANTS } from '../strategies/variants';
import { buildCharts } from './charts';
import { goodputTable, predictionTable, renderMarkdown, renderSummary } from './report';
import { checkTargets, geometricMeanRatio, meanOver } from './targets';

describe('the report: targets, charts, markdown and summary', () => {
  let result: ComparisonResult;
  let prediction: PredictionEvaluation;

  beforeAll(() => {
    // Two contrasting scenarios, one seed: enough for every table, target and section.
    result = runComparison({
      scenarios: ['steady', 'quality-cost'],
      strategies: ['random', 'round-robin', 'least-loaded', 'power-of-two', 'ripple', 'oracle'],
      seeds: [1],
      quick: true,
      variants: RIPPLE_VARIANTS,
      loadReportingExperiment: true,
    });
    prediction = evaluatePrediction({ seeds: [1], agents: 10, durationSeconds: 600, visibility: ['all'] });
  });

  it('checks the targets', () => {
    const checks = checkTargets(result);
    expect(checks.map((c) => c.target)).toEqual([
      'SLA goodput ≥ 1.41× random',
      'SLA goodput ≥ 1.41× round-robin',
      'SLA goodput ≥ 1× power-of-two choices',
      'p99 latency ≤ power-of-two in most scenarios',
      '≥ 90 % of oracle goodput',
      'better mean quality than least-loaded at no higher cost',
    ]);
    expect(geometricMeanRatio(result, 'ripple', 'ripple')).toBeCloseTo(1);
    expect(geometricMeanRatio(result, 'ripple', 'capability-match')).toBeNaN();
    expect(meanOver(result, 'capability-match', (m) => m.goodput)).toBeNaN();
  });

  it('renders the markdown, the summary and the charts', () => {
    const charts = buildCharts(result);
    expect(charts.map((c) => c.file)).toEqual(['goodput.svg', 'latency-p99.svg', 'calibration-30s.svg']);
    expect(buildCharts({ ...result, prediction: {} })).toHaveLength(2);
    const md = renderMarkdown(result, charts);
    for (const heading of ['# Coordination effectiveness', '## Targets', '## SLA goodput', '## Overload prediction', '## Diagnosis', '### Steady, homogeneous']) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('](effectiveness/goodput.svg)');
    expect(md).toContain('ripple (no completion feedback)');
    expect(md).toContain('## What changed in the product, and what it bought');
    expect(md).toContain('effective load = reported load + (picks − completions since the last load signal) ÷ slots, floored at 0');
    expect(md).toContain('| scenario | goodput before | goodput after |');
    expect(md).toContain('before: endpoint only · 30 s');
    expect(md).not.toContain('{{');
    // Without the baseline variant or the endpoint model there is nothing to compare.
    const bare = renderMarkdown({ ...result, variants: [], prediction: {} }, []);
    expect(bare).not.toContain('### Completion feedback');
    expect(bare).not.toContain('### Overload prediction: a first passage');
    expect(renderMarkdown({ ...result, quick: false, variants: [] }, [])).not.toContain('interval-mean:');
    expect(goodputTable(result)).toContain('| mean |');
    expect(predictionTable(result.prediction)).toContain('predictOverload · 30 s');
    const withPrediction = renderMarkdown(result, charts, prediction);
    expect(withPrediction).toContain('Overload prediction (see [Overload prediction](#overload-prediction)):');
    expect(withPrediction).toContain('onset F1 ≥ 0.75 at 30 s');
    expect(withPrediction).toContain("### On the routing scenarios' traces");
    expect(renderSummary(result, prediction)).toMatch(/prediction: Brier below every baseline/);
    const summary = renderSummary(result);
    expect(summary).toContain('steady');
    expect(summary).toMatch(/prediction @30s: precision/);
    const withoutRipple = renderSummary({ ...result, strategies: ['random'], variants: [], prediction: {} });
    expect(withoutRipple).not.toContain('1.41');
  });
});
