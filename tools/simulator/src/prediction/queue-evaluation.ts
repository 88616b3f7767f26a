import type { PredictionMetrics } from '@agentcore/coordination-core';
import type { AdmissionRow } from './admission-evaluation';
import { addToTally, emptyTally, scoreTally, type ClassifierScore, type ClassifierTally } from './classifier-tally';
import { FORECAST_MODELS, runQueueWorld, type QueueRunResult } from './queue-run';
import { drawQueueWorld } from './queue-world';
import { firstHighReportSeconds, happened, TRUTHS, type Truth } from './truths';

export const EVALUATION_HORIZONS = [30, 60] as const;
export const EVALUATION_THRESHOLD = 0.8;
/** Every model scored, the baselines included. `always-yes` says yes with the base rate as its probability. */
export const SCORED_MODELS = [...FORECAST_MODELS, 'always-yes'] as const;
export type ScoredModel = (typeof SCORED_MODELS)[number];
export const SUBSETS = ['all', 'onset'] as const;
export type Subset = (typeof SUBSETS)[number];

/** Who routes: the service sees every arrival, or half of them (other routers send the rest). */
export const VISIBILITY = [
  { name: 'all', share: 1, description: 'the service is told of every arrival and end' },
  { name: 'half', share: 0.5, description: 'the service is told of half of the arrivals and their ends (other routers send the rest)' },
  { name: 'none', share: 0, description: 'the service routes none of the work: reports only' },
] as const;
export type Visibility = (typeof VISIBILITY)[number]['name'];
export const DEFAULT_VISIBILITY: readonly Visibility[] = ['all', 'half', 'none'];

export interface PredictionEvaluationOptions {
  seeds: readonly number[];
  agents?: number;
  durationSeconds?: number;
  visibility?: readonly Visibility[];
  reportNoise?: number;
  onProgress?: (done: number, total: number, label: string) => void;
}

/** Mean absolute error of time_to_overload_seconds against the first high report, where both exist. */
export interface TimeToOverloadError {
  count: number;
  meanAbsoluteSeconds: number;
  /** Predicted minus actual, mean: positive is late. */
  biasSeconds: number;
  /** Forecasts with probability ≥ 0.5 that gave no time (should be none). */
  missing: number;
}

export interface PredictionEvaluation {
  seeds: number[];
  agents: number;
  durationSeconds: number;
  reportNoise: number;
  /** `${visibility}|${truth}|${horizon}|${subset}|${kind or 'all'}|${model}` → score. */
  scores: Record<string, ClassifierScore>;
  /** `${visibility}|${horizon}|${subset}|${kind or 'all'}` → predictOverload's time-to-overload error (documented truth). */
  timeToOverload: Record<string, TimeToOverloadError>;
  /** What admission control buys in an overload (set by the caller: evaluateAdmission runs asynchronously). */
  admission?: AdmissionRow[];
  /** The service's own record of its scan forecasts at the end of each run (last seed), per visibility. */
  selfScoring: Partial<Record<Visibility, PredictionMetrics>>;
}

export function scoreKey(visibility: string, truth: Truth, horizon: number, subset: Subset, kind: string, model: ScoredModel): string {
  return `${visibility}|${truth}|${horizon}|${subset}|${kind}|${model}`;
}

interface TtoTally {
  count: number;
  absSum: number;
  signedSum: number;
  missing: number;
}

/** Scores one run's forecasts into the tallies (always "yes" is added once all runs are in: it needs the base rate). */
function tallyRun(run: QueueRunResult, visibility: string, tallies: Map<string, ClassifierTally>, tto: Map<string, TtoTally>): void {
  const f = run.forecasts;
  const get = (key: string): ClassifierTally => {
    let t = tallies.get(key);
    if (t === undefined) tallies.set(key, (t = emptyTally()));
    return t;
  };
  const getTto = (key: string): TtoTally => {
    let t = tto.get(key);
    if (t === undefined) tto.set(key, (t = { count: 0, absSum: 0, signedSum: 0, missing: 0 }));
    return t;
  };
  for (let i = 0; i < f.agent.length; i++) {
    const trace = run.traces[f.agent[i]];
    const kind = trace.spec.kind;
    const h = f.horizon[i];
    const subsets: Subset[] = f.below[i] ? ['all', 'onset'] : ['all'];
    for (const truth of TRUTHS) {
      const actual = happened(truth, trace, f.atMs[i], h, EVALUATION_THRESHOLD);
      for (const subset of subsets) {
        for (const k of ['all', kind]) {
          for (const model of FORECAST_MODELS) {
            addToTally(get(scoreKey(visibility, truth, h, subset, k, model)), f.probability[model][i], f.willOverload[model][i], actual);
          }
        }
      }
    }
    if (f.willOverload.core[i]) {
      const actualSeconds = firstHighReportSeconds(trace, f.atMs[i], h, EVALUATION_THRESHOLD);
      for (const subset of subsets) {
        for (const k of ['all', kind]) {
          const t = getTto(`${visibility}|${h}|${subset}|${k}`);
          if (Number.isNaN(f.timeToOverload[i])) t.missing++;
          else if (!Number.isNaN(actualSeconds)) {
            t.count++;
            t.absSum += Math.abs(f.timeToOverload[i] - actualSeconds);
            t.signedSum += f.timeToOverload[i] - actualSeconds;
          }
        }
      }
    }
  }
}

/** Always "yes", with the cell's base rate as its probability: the tally it would have had. */
function alwaysYesTally(reference: ClassifierTally): ClassifierTally {
  const positives = reference.tp + reference.fn;
  const n = positives + reference.fp + reference.tn;
  const t = emptyTally();
  if (n === 0) return t;
  const b = positives / n;
  t.tp = positives;
  t.fp = n - positives;
  t.brierSum = positives * (1 - b) * (1 - b) + (n - positives) * b * b;
  const bin = Math.min(9, Math.floor(b * 10));
  t.binCount[bin] = n;
  t.binProbability[bin] = b * n;
  t.binObserved[bin] = positives;
  return t;
}

/**
 * The prediction evaluation: for each seed, a fleet of M/M/c/K agents of the five load kinds,
 * run once per visibility against a fresh service; every model scored against every truth, for
 * all forecasts and for onsets, per horizon and per kind.
 */
export function evaluatePrediction(options: PredictionEvaluationOptions): PredictionEvaluation {
  const agents = options.agents ?? 250;
  const durationSeconds = options.durationSeconds ?? 7200;
  const visibilities = VISIBILITY.filter((v) => (options.visibility ?? DEFAULT_VISIBILITY).includes(v.name));
  const tallies = new Map<string, ClassifierTally>();
  const tto = new Map<string, TtoTally>();
  const selfScoring: Partial<Record<Visibility, PredictionMetrics>> = {};
  const total = options.seeds.length * visibilities.length;
  let done = 0;
  for (const seed of options.seeds) {
    const world = drawQueueWorld(seed, agents, durationSeconds);
    for (const v of visibilities) {
      const run = runQueueWorld({
        world,
        visibleShare: v.share,
        horizons: EVALUATION_HORIZONS,
        threshold: EVALUATION_THRESHOLD,
        reportNoise: options.reportNoise,
      });
      tallyRun(run, v.name, tallies, tto);
      selfScoring[v.name] = run.service.metrics().prediction;
      done++;
      options.onProgress?.(done, total, `prediction · ${v.name} · seed ${seed}`);
    }
  }
  const scores: Record<string, ClassifierScore> = {};
  for (const [key, tally] of tallies) {
    scores[key] = scoreTally(tally);
    if (key.endsWith('|core')) scores[`${key.slice(0, -'core'.length)}always-yes`] = scoreTally(alwaysYesTally(tally));
  }
  const timeToOverload: Record<string, TimeToOverloadError> = {};
  for (const [key, t] of tto) {
    timeToOverload[key] = {
      count: t.count,
      meanAbsoluteSeconds: t.count === 0 ? 0 : t.absSum / t.count,
      biasSeconds: t.count === 0 ? 0 : t.signedSum / t.count,
      missing: t.missing,
    };
  }
  return { seeds: [...options.seeds], agents, durationSeconds, reportNoise: options.reportNoise ?? 0, scores, timeToOverload, selfScoring };
}

