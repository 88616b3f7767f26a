import type { ComparisonResult, ScenarioSummary } from '../compare';
import type { ClassifierScore } from '../prediction/classifier-tally';
import { MIN_QUALITY_VARIANT, NO_FEEDBACK_VARIANT, NO_QUALITY_FACTOR_VARIANT, QUALITY_VARIANT } from '../strategies/variants';
import type { Chart } from './charts';
import { predictionSummary, predictionTargets, renderPredictionSection } from '../prediction/prediction-section';
import type { PredictionEvaluation } from '../prediction/queue-evaluation';
import { changesText, diagnosis, HTTP_MODE, METHOD, type ChangeFigures } from './report-text';
import { checkTargets, geometricMeanRatio, meanOver, type TargetCheck } from './targets';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const sec = (ms: number) => (ms / 1000).toFixed(1);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const align = header.map((_, i) => (i === 0 ? ':--' : '--:'));
  return [header, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function labelsOf(result: ComparisonResult): string[] {
  return [...result.strategies, ...result.variants.map((v) => v.name)];
}

/** Scenario × strategy goodput, with the mean and the ratio to ripple at the bottom. */
export function goodputTable(result: ComparisonResult): string {
  const labels = labelsOf(result);
  const rows = result.scenarios.map((s) => [s.name, ...labels.map((l) => (s.results[l] === undefined ? '–' : pct(s.results[l].goodput)))]);
  const mean = labels.map((l) => {
    const v = result.scenarios.filter((s) => s.results[l] !== undefined).map((s) => s.results[l].goodput);
    return v.length === 0 ? '–' : `**${pct(v.reduce((a, b) => a + b, 0) / v.length)}**`;
  });
  rows.push(['mean', ...mean]);
  if (labels.includes('ripple')) {
    rows.push(['ripple ÷ this (geo. mean)', ...labels.map((l) => {
      const r = geometricMeanRatio(result, 'ripple', l);
      return Number.isNaN(r) ? '–' : `${r.toFixed(2)}×`;
    })]);
  }
  return table(['scenario', ...labels], rows);
}

function scenarioTable(result: ComparisonResult, scenario: ScenarioSummary): string {
  const oracle = scenario.results['oracle']?.goodput;
  const rows = labelsOf(result)
    .filter((l) => scenario.results[l] !== undefined)
    .map((l) => {
      const m = scenario.results[l];
      return [
        l,
        pct(m.goodput),
        oracle === undefined || oracle === 0 ? '–' : pct(m.goodput / oracle),
        sec(m.latencyMs.p50),
        sec(m.latencyMs.p95),
        sec(m.latencyMs.p99),
        m.overloadEvents.toFixed(0),
        m.meanQuality.toFixed(3),
        m.costPerTask.toFixed(3),
        m.jain.toFixed(3),
        pct(m.freshDecisions),
        `${m.outcomes.completed} / ${m.outcomes.late} / ${m.outcomes.failed} / ${m.outcomes.dropped}`,
      ];
    });
  return table(
    ['strategy', 'goodput', '÷ oracle', 'p50 s', 'p95 s', 'p99 s', 'overloads', 'quality', 'cost/task', 'Jain', 'fresh', 'completed / late / failed / dropped'],
    rows,
  );
}

function targetTable(checks: readonly TargetCheck[]): string {
  return table(['target', 'measured', 'met'], checks.map((c) => [c.target, c.measured, c.met ? 'yes' : '**no**']));
}

function predictionRow(name: string, s: ClassifierScore): string[] {
  return [name, s.samples.toString(), pct(s.baseRate), s.precision.toFixed(3), s.recall.toFixed(3), s.f1.toFixed(3), s.accuracy.toFixed(3), s.brier.toFixed(3), s.ece.toFixed(3)];
}

const MODEL_NAMES: Record<string, string> = { core: 'predictOverload', endpoint: 'before: endpoint only', naive: 'naive slope' };

export function predictionTable(prediction: Record<string, ClassifierScore>, prefix = ''): string {
  const rows: string[][] = [];
  const subsets: Record<string, string> = { '': '', '/onset': ' · onset only', '/peak': ' · instantaneous peak' };
  for (const [subset, suffix] of Object.entries(subsets)) {
    for (const h of [30, 60]) {
      for (const model of Object.keys(MODEL_NAMES)) {
        const key = `${prefix}${model}@${h}s${subset}`;
        if (prediction[key] === undefined) continue;
        rows.push(predictionRow(`${MODEL_NAMES[model]} · ${h} s${suffix}`, prediction[key]));
      }
    }
  }
  return table(['model · horizon', 'samples', 'base rate', 'precision', 'recall', 'F1', 'accuracy', 'Brier', 'ECE'], rows);
}

const ratioText = (result: ComparisonResult, a: string, b: string, asPercent = true): string => {
  const r = geometricMeanRatio(result, a, b);
  return Number.isNaN(r) ? 'n/a' : asPercent ? pct(r) : `${r.toFixed(2)}×`;
};

function meanOverloads(result: ComparisonResult, label: string): string {
  const values = result.scenarios.filter((s) => s.results[label] !== undefined).map((s) => s.results[label].overloadEvents);
  return values.length === 0 ? 'n/a' : (values.reduce((a, b) => a + b, 0) / values.length).toFixed(0);
}

function p99Wins(result: ComparisonResult, label: string): string {
  const both = result.scenarios.filter((s) => s.results[label] !== undefined && s.results['power-of-two'] !== undefined);
  return `${both.filter((s) => s.results[label].latencyMs.p99 <= s.results['power-of-two'].latencyMs.p99).length} of ${both.length}`;
}

function belowRandom(result: ComparisonResult, label: string): string[] {
  return result.scenarios
    .filter((s) => s.results[label] !== undefined && s.results['random'] !== undefined && s.results[label].goodput < s.results['random'].goodput)
    .map((s) => s.name);
}

/** Everything the prose quotes, measured in this comparison. */
export function changeFigures(result: ComparisonResult): ChangeFigures {
  const labels = labelsOf(result);
  const has = (l: string) => labels.includes(l);
  const figures: ChangeFigures = {
    overRandom: result.scenarios
      .filter((s) => s.results['random'] !== undefined && s.results['ripple'] !== undefined && s.results['oracle'] !== undefined)
      .map((s) => [s.name, `${(s.results['ripple'].goodput / s.results['random'].goodput).toFixed(2)}×`, `${(s.results['oracle'].goodput / s.results['random'].goodput).toFixed(2)}×`]),
    oracleBelowBar: result.scenarios
      .filter((s) => s.results['random'] !== undefined && s.results['oracle'] !== undefined && s.results['oracle'].goodput < 1.41 * s.results['random'].goodput)
      .map((s) => s.name),
    oracleAboveBar: result.scenarios
      .filter((s) => s.results['random'] !== undefined && s.results['oracle'] !== undefined && s.results['oracle'].goodput >= 1.41 * s.results['random'].goodput)
      .map((s) => s.name),
    rippleVsRandom: ratioText(result, 'ripple', 'random', false),
    rippleVsRoundRobin: ratioText(result, 'ripple', 'round-robin', false),
  };
  if (has('ripple') && has(NO_FEEDBACK_VARIANT)) {
    figures.feedback = {
      beforeVsP2c: ratioText(result, NO_FEEDBACK_VARIANT, 'power-of-two'),
      afterVsP2c: ratioText(result, 'ripple', 'power-of-two'),
      beforeVsOracle: ratioText(result, NO_FEEDBACK_VARIANT, 'oracle'),
      afterVsOracle: ratioText(result, 'ripple', 'oracle'),
      beforeVsRandom: ratioText(result, NO_FEEDBACK_VARIANT, 'random', false),
      afterVsRandom: ratioText(result, 'ripple', 'random', false),
      beforeOverloads: meanOverloads(result, NO_FEEDBACK_VARIANT),
      afterOverloads: meanOverloads(result, 'ripple'),
      p2cOverloads: meanOverloads(result, 'power-of-two'),
      beforeP99Wins: p99Wins(result, NO_FEEDBACK_VARIANT),
      afterP99Wins: p99Wins(result, 'ripple'),
      beforeBelowRandom: belowRandom(result, NO_FEEDBACK_VARIANT),
      afterBelowRandom: belowRandom(result, 'ripple'),
    };
  }
  const qc = result.scenarios.find((s) => s.name === 'quality-cost');
  if (has('ripple') && has(NO_QUALITY_FACTOR_VARIANT) && has('least-loaded') && qc?.results['oracle'] !== undefined) {
    const versusLeastLoaded = (label: string, metric: (m: ComparisonResult['scenarios'][number]['results'][string]) => number, asRatio: boolean): string => {
      const mine = meanOver(result, label, metric);
      const theirs = meanOver(result, 'least-loaded', metric);
      if (asRatio) return `${(mine / theirs).toFixed(3)}×`;
      const d = mine - theirs;
      return `${d >= 0 ? '+' : ''}${d.toFixed(3)}`;
    };
    figures.qualityFactor = {
      qualityCostBefore: pct(qc.results[NO_QUALITY_FACTOR_VARIANT].goodput),
      qualityCostAfter: pct(qc.results['ripple'].goodput),
      qualityCostOracle: pct(qc.results['oracle'].goodput),
      beforeVsOracle: ratioText(result, NO_QUALITY_FACTOR_VARIANT, 'oracle'),
      afterVsOracle: ratioText(result, 'ripple', 'oracle'),
      beforeVsRandom: ratioText(result, NO_QUALITY_FACTOR_VARIANT, 'random', false),
      afterVsRandom: ratioText(result, 'ripple', 'random', false),
      qualityBefore: versusLeastLoaded(NO_QUALITY_FACTOR_VARIANT, (m) => m.meanQuality, false),
      qualityAfter: versusLeastLoaded('ripple', (m) => m.meanQuality, false),
      costBefore: versusLeastLoaded(NO_QUALITY_FACTOR_VARIANT, (m) => m.costPerTask, true),
      costAfter: versusLeastLoaded('ripple', (m) => m.costPerTask, true),
      worse: result.scenarios
        .filter((s) => s.results['ripple'] !== undefined && s.results[NO_QUALITY_FACTOR_VARIANT] !== undefined)
        .filter((s) => s.results['ripple'].goodput < s.results[NO_QUALITY_FACTOR_VARIANT].goodput - 0.005)
        .map((s) => s.name),
    };
  }
  if (has('ripple') && has(QUALITY_VARIANT) && qc !== undefined && qc.results['oracle'] !== undefined) {
    const q = meanOver(result, QUALITY_VARIANT, (m) => m.meanQuality) - meanOver(result, 'least-loaded', (m) => m.meanQuality);
    const c = meanOver(result, QUALITY_VARIANT, (m) => m.costPerTask) / meanOver(result, 'least-loaded', (m) => m.costPerTask);
    figures.quality = {
      name: QUALITY_VARIANT,
      qualityCostRipple: pct(qc.results['ripple'].goodput),
      qualityCostVariant: pct(qc.results[QUALITY_VARIANT].goodput),
      qualityCostOracle: pct(qc.results['oracle'].goodput),
      variantVsOracle: ratioText(result, QUALITY_VARIANT, 'oracle'),
      rippleVsOracle: ratioText(result, 'ripple', 'oracle'),
      qualityDelta: Number.isNaN(q) ? 'n/a' : `${q >= 0 ? '+' : ''}${q.toFixed(3)}`,
      costRatio: Number.isNaN(c) ? 'n/a' : `${c.toFixed(3)}×`,
    };
  }
  if (has('ripple') && has(MIN_QUALITY_VARIANT) && has('least-loaded') && qc?.results['oracle'] !== undefined) {
    const m = MIN_QUALITY_VARIANT;
    const versus = (label: string) => {
      const q = meanOver(result, label, (r) => r.meanQuality) - meanOver(result, 'least-loaded', (r) => r.meanQuality);
      const c = meanOver(result, label, (r) => r.costPerTask) / meanOver(result, 'least-loaded', (r) => r.costPerTask);
      return { quality: `${q >= 0 ? '+' : ''}${q.toFixed(3)}`, cost: `${c.toFixed(3)}×` };
    };
    const both = result.scenarios.filter((s) => s.results['ripple'] !== undefined && s.results[m] !== undefined);
    figures.minQuality = {
      name: m,
      perScenario: both.map((s) => [s.name, pct(s.results['ripple'].goodput), pct(s.results[m].goodput)]),
      qualityCostJainRipple: qc.results['ripple']?.jain.toFixed(3) ?? 'n/a',
      qualityCostJainVariant: qc.results[m]?.jain.toFixed(3) ?? 'n/a',
      variantVsOracle: ratioText(result, m, 'oracle'),
      rippleVsOracle: ratioText(result, 'ripple', 'oracle'),
      variantVsP2c: ratioText(result, m, 'power-of-two', false),
      rippleVsP2c: ratioText(result, 'ripple', 'power-of-two', false),
      variant: versus(m),
      ripple: versus('ripple'),
      worse: both.filter((s) => s.results[m].goodput < s.results['ripple'].goodput - 0.005).map((s) => s.name),
      better: both.filter((s) => s.results[m].goodput > s.results['ripple'].goodput + 0.005).map((s) => s.name),
    };
  }
  return figures;
}

/** Before/after table for completion feedback: goodput, p99 and overloads per scenario. */
export function feedbackTable(result: ComparisonResult): string {
  const rows = result.scenarios
    .filter((s) => s.results['ripple'] !== undefined && s.results[NO_FEEDBACK_VARIANT] !== undefined)
    .map((s) => {
      const before = s.results[NO_FEEDBACK_VARIANT];
      const after = s.results['ripple'];
      return [
        s.name,
        pct(before.goodput),
        pct(after.goodput),
        `${((after.goodput - before.goodput) * 100 >= 0 ? '+' : '')}${((after.goodput - before.goodput) * 100).toFixed(1)}`,
        sec(before.latencyMs.p99),
        sec(after.latencyMs.p99),
        before.overloadEvents.toFixed(0),
        after.overloadEvents.toFixed(0),
      ];
    });
  return table(['scenario', 'goodput before', 'goodput after', 'Δ points', 'p99 s before', 'p99 s after', 'overloads before', 'overloads after'], rows);
}

/** docs/effectiveness.md: everything measured, the targets, and what to change in core. */
export function renderMarkdown(result: ComparisonResult, charts: readonly Chart[], prediction?: PredictionEvaluation): string {
  const out: string[] = [];
  out.push('# Coordination effectiveness');
  out.push('');
  out.push(
    `Generated by \`npm run sim\` (tools/simulator) — seeds ${result.seeds.join(', ')}${result.quick ? ', quick mode' : ''}; every figure is a mean over the seeds. ` +
      'Re-running with the same seeds reproduces every number exactly. The issue\'s targets are reported as measured, met or not.',
  );
  out.push('');
  out.push('## Targets');
  out.push('');
  out.push('Ripple as shipped (core defaults, completion feedback, quality factor; router-ripple in-process):');
  out.push('');
  out.push(targetTable(checkTargets(result, 'ripple')));
  if (prediction !== undefined) {
    out.push('');
    out.push('Overload prediction (see [Overload prediction](#overload-prediction)):');
    out.push('');
    out.push(targetTable(predictionTargets(prediction)));
  }
  for (const v of result.variants) {
    out.push('');
    out.push(
      v.kind === 'baseline'
        ? `Baseline — \`${v.name}\`. ${v.description}`
        : `Proposal, not shipped — \`${v.name}\` (see Diagnosis). ${v.description}`,
    );
    out.push('');
    out.push(targetTable(checkTargets(result, v.name)));
  }
  out.push('');
  out.push('Ratios "averaged over scenarios" are geometric means of the per-scenario goodput ratios.');
  out.push('');
  const figures = changeFigures(result);
  out.push(changesText(figures).replace('{{feedback-table}}', feedbackTable(result)));
  out.push('## SLA goodput');
  out.push('');
  out.push('Share of all tasks finished before their deadline by an agent that met the task\'s quality bar ("coordination accuracy").');
  out.push('');
  out.push(goodputTable(result));
  out.push('');
  for (const chart of charts) {
    out.push(`![${chart.title}](effectiveness/${chart.file})`);
    out.push('');
  }
  out.push('## Scenarios in detail');
  out.push('');
  out.push(
    'Latency is arrival to completion (retries included) of tasks that finished; *overloads* counts times an agent\'s queue reached a full round of its slots; ' +
      '*Jain* is Jain\'s index over agents\' utilisation (busy slot-time ÷ slot-time, so capacity-normalised); *fresh* is the share of decisions whose chosen agent ' +
      'had a load signal younger than the TTL (60 s).',
  );
  for (const scenario of result.scenarios) {
    out.push('');
    out.push(`### ${scenario.title} (\`${scenario.name}\`)`);
    out.push('');
    out.push(`${scenario.description} ${scenario.agents} agents, ${scenario.durationSeconds} s of arrivals, ≈ ${scenario.tasks} tasks per seed.`);
    out.push('');
    out.push(scenarioTable(result, scenario));
  }
  out.push('');
  if (prediction !== undefined) {
    out.push(renderPredictionSection(prediction));
    out.push("### On the routing scenarios' traces");
  } else out.push('## Overload prediction');
  out.push('');
  out.push(
    'Every 10 s (after a 60 s warm-up) each agent\'s `service.predictOverload(agent, { horizonSeconds })` is scored against whether the agent\'s true load ' +
      '(in-flight ÷ slots, 1 when queueing), averaged over 10 s, reached 0.8 within the horizon, on the traces of every run above — a different reading of overload from the one ' +
      'predictOverload documents (a load report within the horizon at or above the threshold). *Onset only* keeps the forecasts made while the agent was below the threshold. ' +
      '*Before: endpoint only* is the trend fit core used before its queue model (evaluated at the end of the horizon), recomputed by the simulator on the same load samples. ' +
      'The naive rule fits an ordinary least-squares line through the last five reported loads and uses the extrapolated load as its "probability". *Instantaneous peak* ' +
      'scores against the true load at any instant. ECE is the expected calibration error over ten probability bins.',
  );
  out.push('');
  out.push(predictionTable(result.prediction));
  out.push('');
  if (Object.keys(result.prediction).some((k) => k.startsWith('interval-mean:'))) {
    out.push(
      'How agents measure load matters. Power-of-two choices ignores signals, so its runs have the same load traces whether agents report an instantaneous ' +
        'sample of their load (first table) or its average over the interval since their previous report (second table):',
    );
    out.push('');
    out.push(predictionTable(result.prediction, 'instant:'));
    out.push('');
    out.push(predictionTable(result.prediction, 'interval-mean:'));
    out.push('');
  }
  out.push(METHOD);
  out.push('');
  out.push(HTTP_MODE);
  out.push('');
  out.push(diagnosis(figures));
  out.push('');
  return out.join('\n');
}

/** The console summary: goodput table and targets, as plain text. */
export function renderSummary(result: ComparisonResult, prediction?: PredictionEvaluation): string {
  const labels = labelsOf(result);
  const width = Math.max(14, ...labels.map((l) => l.length + 1));
  const lines: string[] = [];
  lines.push(['scenario'.padEnd(16), ...labels.map((l) => l.padStart(width))].join(''));
  for (const s of result.scenarios) {
    lines.push([s.name.padEnd(16), ...labels.map((l) => (s.results[l] === undefined ? '–' : pct(s.results[l].goodput)).padStart(width))].join(''));
  }
  lines.push('');
  const checks = labels.includes('ripple') ? checkTargets(result, 'ripple') : [];
  for (const c of checks) lines.push(`${c.met ? 'met   ' : 'MISSED'}  ${c.target}: ${c.measured}`);
  if (prediction !== undefined) lines.push(...predictionSummary(prediction));
  for (const v of result.variants) {
    for (const c of checkTargets(result, v.name)) lines.push(`${c.met ? 'met   ' : 'MISSED'}  [${v.name}] ${c.target}: ${c.measured}`);
  }
  const core = result.prediction['core@30s'];
  if (core !== undefined) lines.push(`prediction @30s: precision ${core.precision.toFixed(3)} recall ${core.recall.toFixed(3)} F1 ${core.f1.toFixed(3)} Brier ${core.brier.toFixed(3)}`);
  return lines.join('\n');
}
