import { buildCharts } from './charts';
import { runComparison, type ComparisonResult } from './compare';
import { CoordinationService } from '@agentcore/coordination-core';
import { meetingMinQuality, MIN_QUALITY_VARIANT, RIPPLE_VARIANTS, taskMinQuality, variantStrategy } from './experiments';
import { goodputTable, predictionTable, renderMarkdown, renderSummary } from './report';
import { checkPredictionTargets, checkTargets, geometricMeanRatio, meanOver } from './targets';

describe('runComparison and its report', () => {
  let result: ComparisonResult;
  const progress: string[] = [];

  beforeAll(() => {
    result = runComparison({
      scenarios: ['steady', 'quality-cost'],
      strategies: ['random', 'round-robin', 'least-loaded', 'power-of-two', 'ripple', 'oracle'],
      seeds: [1, 2],
      quick: true,
      variants: RIPPLE_VARIANTS,
      loadReportingExperiment: true,
      onProgress: (done, total, label) => progress.push(`${done}/${total} ${label}`),
    });
  });

  it('runs every combination and reports progress', () => {
    expect(progress).toHaveLength(2 * 2 * (6 + RIPPLE_VARIANTS.length + 1));
    expect(progress[progress.length - 1]).toMatch(/^(\d+)\/\1 /);
    expect(result.scenarios.map((s) => s.name)).toEqual(['steady', 'quality-cost']);
    const steady = result.scenarios[0];
    expect(Object.keys(steady.results)).toEqual([...result.strategies, ...RIPPLE_VARIANTS.map((v) => v.name)]);
    expect(steady.results['random'].outcomes.completed + steady.results['random'].outcomes.late).toBeGreaterThan(0);
    expect(Object.keys(result.prediction)).toEqual(expect.arrayContaining(['core@30s', 'instant:core@30s', 'interval-mean:core@30s']));
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
    expect(checkPredictionTargets(result)).toHaveLength(2);
    expect(geometricMeanRatio(result, 'ripple', 'ripple')).toBeCloseTo(1);
    expect(geometricMeanRatio(result, 'ripple', 'capability-match')).toBeNaN();
    expect(meanOver(result, 'capability-match', (m) => m.goodput)).toBeNaN();
    expect(checkPredictionTargets({ ...result, prediction: {} })).toEqual([]);
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
    const summary = renderSummary(result);
    expect(summary).toContain('steady');
    expect(summary).toMatch(/prediction @30s: precision/);
    const withoutRipple = renderSummary({ ...result, strategies: ['random'], variants: [], prediction: {} });
    expect(withoutRipple).not.toContain('1.41');
  });
});

describe('ripple variants', () => {
  it('withholds delivery outcomes only in the no-feedback baseline', () => {
    const service = new CoordinationService({ clock: () => 0, random: () => 0.5 });
    const [baseline, quality] = RIPPLE_VARIANTS;
    expect(baseline.kind).toBe('baseline');
    expect(variantStrategy(service, baseline).onOutcome).toBeUndefined();
    expect(quality.kind).toBe('proposal');
    expect(variantStrategy(service, quality).onOutcome).toBeInstanceOf(Function);
    expect(RIPPLE_VARIANTS.map((v) => v.name)).not.toContain('ripple+feedback');
  });
});

describe('the minimum-quality proposal', () => {
  const agents = ['good', 'poor', 'down', 'ghost'].map((id) => ({ id, capabilities: [] }));
  function service(): CoordinationService {
    const s = new CoordinationService({ clock: () => 0, random: () => 0.5 });
    s.registerSignals([
      { agent_id: 'good', signal_type: 'quality', value: 0.9, timestamp: 0 },
      { agent_id: 'good', signal_type: 'cost', value: 1, timestamp: 0 },
      { agent_id: 'poor', signal_type: 'quality', value: 0.3, timestamp: 0 },
      { agent_id: 'poor', signal_type: 'cost', value: 0, timestamp: 0 },
      { agent_id: 'down', signal_type: 'quality', value: 1, timestamp: 0 },
      { agent_id: 'down', signal_type: 'availability', value: 0, timestamp: 0 },
    ]);
    return s;
  }

  it('reads the bar from the task payload', () => {
    expect(taskMinQuality({ minQuality: 0.7, dueMs: 1 })).toBe(0.7);
    expect([taskMinQuality(null), taskMinQuality('x'), taskMinQuality({ minQuality: '0.7' })]).toEqual([undefined, undefined, undefined]);
  });

  it('keeps the available candidates that meet the bar, or everyone when none does', () => {
    const s = service();
    expect(meetingMinQuality(s, agents, 0.8).map((a) => a.id)).toEqual(['good']);
    expect(meetingMinQuality(s, agents, 0.95)).toBe(agents);
    expect(meetingMinQuality(s, agents, undefined)).toBe(agents);
  });

  it('routes through ripple with the filter and passes outcomes on', () => {
    const s = service();
    const variant = RIPPLE_VARIANTS.find((v) => v.name === MIN_QUALITY_VARIANT);
    expect(variant?.kind).toBe('proposal');
    const strategy = variantStrategy(s, variant as (typeof RIPPLE_VARIANTS)[number]);
    const ctx = (minQuality: number) => ({
      message: { id: 'm', sender: 's', payload: { minQuality } },
      candidates: agents.slice(0, 2),
      inFlight: () => 0,
      random: () => 0.5,
      now: () => 0,
      attempt: 1,
    });
    expect(strategy.select(ctx(0.8)).agentId).toBe('good');
    expect(() => strategy.onOutcome?.('good', { messageId: 'm', success: true, latencyMs: 1, timedOut: false })).not.toThrow();
  });
});
