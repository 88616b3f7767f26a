import type { ComparisonResult } from '../compare';

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

/** Geometric mean of per-scenario ratios: the fair average of ratios (a 2× and a 0.5× cancel out). */
export function geometricMeanRatio(result: ComparisonResult, a: string, b: string, metric: 'goodput' = 'goodput'): number {
  const ratios = result.scenarios
    .filter((s) => s.results[a] !== undefined && s.results[b] !== undefined && s.results[b][metric] > 0)
    .map((s) => s.results[a][metric] / s.results[b][metric]);
  if (ratios.length === 0) return Number.NaN;
  return Math.exp(ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length);
}

/** Mean of a metric over the scenarios in which the strategy ran. */
export function meanOver(result: ComparisonResult, label: string, pick: (m: ComparisonResult['scenarios'][number]['results'][string]) => number): number {
  const values = result.scenarios.filter((s) => s.results[label] !== undefined).map((s) => pick(s.results[label]));
  return values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
}

const fmt = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(2));

/** The targets for a ripple label (`ripple` or a variant), measured against this comparison. */
export function checkTargets(result: ComparisonResult, ripple = 'ripple'): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const ratio = (other: string, bar: number, label: string) => {
    const r = geometricMeanRatio(result, ripple, other);
    if (!Number.isNaN(r)) checks.push({ target: `SLA goodput ≥ ${bar}× ${label}`, measured: `${fmt(r)}×`, met: r >= bar });
  };
  ratio('random', 1.41, 'random');
  ratio('round-robin', 1.41, 'round-robin');
  ratio('power-of-two', 1.0, 'power-of-two choices');
  const both = result.scenarios.filter((s) => s.results[ripple] !== undefined && s.results['power-of-two'] !== undefined);
  if (both.length > 0) {
    const wins = both.filter((s) => s.results[ripple].latencyMs.p99 <= s.results['power-of-two'].latencyMs.p99).length;
    checks.push({ target: 'p99 latency ≤ power-of-two in most scenarios', measured: `${wins} of ${both.length}`, met: wins * 2 > both.length });
  }
  const oracle = geometricMeanRatio(result, ripple, 'oracle');
  if (!Number.isNaN(oracle)) checks.push({ target: '≥ 90 % of oracle goodput', measured: `${(oracle * 100).toFixed(1)} %`, met: oracle >= 0.9 });
  if (both.length > 0 && result.scenarios.some((s) => s.results['least-loaded'] !== undefined)) {
    const q = meanOver(result, ripple, (m) => m.meanQuality) - meanOver(result, 'least-loaded', (m) => m.meanQuality);
    const c = meanOver(result, ripple, (m) => m.costPerTask) / meanOver(result, 'least-loaded', (m) => m.costPerTask);
    checks.push({
      target: 'better mean quality than least-loaded at no higher cost',
      measured: `quality ${q >= 0 ? '+' : ''}${q.toFixed(4)}, cost ${c.toFixed(3)}×`,
      // A difference below 0.001 is noise in the per-task quality draw, not "better".
      met: q >= 0.001 && c <= 1.0,
    });
  }
  return checks;
}
