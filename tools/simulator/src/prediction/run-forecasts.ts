import type { CoordinationService } from '@agentcore/coordination-core';
import { addToTally, emptyTally, type ClassifierTally } from './classifier-tally';
import { endpointForecast } from './endpoint-forecast';
import type { LoadTrace } from './load-trace';
import { naiveForecast } from './naive-forecast';
import { crossedWithin } from './overload';

export const OVERLOAD_THRESHOLD = 0.8;
export const PREDICTION_HORIZONS = [30, 60] as const;
/** Overload, for scoring forecasts, is the true load averaged over this many seconds at or above the threshold. */
export const SUSTAINED_SECONDS = 10;

/** One agent as the forecasts see it (what the service holds) and as it truly was. */
export interface ForecastSubject {
  agentId: string;
  /** The load samples delivered to the service, as its own history holds them. */
  trace: LoadTrace;
  /** Per-second maximum of the true load. */
  loadBySecond: Float32Array;
  /** Per-second time-weighted mean of the true load. */
  meanLoadBySecond: Float32Array;
}

/** One scored forecast, with what the forecaster saw and what then happened. */
export interface ScoredForecast {
  agentId: string;
  /** Epoch ms of the forecast. */
  nowMs: number;
  horizonSeconds: number;
  /** The agent's 10 s mean true load reached the threshold within the horizon. */
  actual: boolean;
  /** The agent was below the threshold when the forecast was made. */
  below: boolean;
  /** Load samples the service held (epoch ms and value, in arrival order). */
  times: number[];
  values: number[];
}

export interface PredictionTallies {
  /**
   * Keyed by `${model}@${horizon}s`, `${model}@${horizon}s/onset` (agent below the threshold
   * when forecasting) and `${model}@${horizon}s/peak` (scored against any instant at the threshold).
   */
  [key: string]: ClassifierTally;
}

interface Forecast {
  subject: ForecastSubject;
  /** Virtual ms of the forecast. */
  atMs: number;
  h: number;
  below: boolean;
  models: Record<string, [number, boolean]>;
  trace?: { times: number[]; values: number[] };
}

/**
 * The overload forecasts made during one run — core's `predictOverload` beside the naive and
 * endpoint models on the same samples — scored once the run has revealed the true load.
 */
export class RunForecasts {
  private readonly made: Forecast[] = [];
  private scannedAtMs = Number.NaN;

  /**
   * @param epochMs virtual time 0 as epoch ms, as the signals are stamped
   * @param keepTraces keep each forecast's samples for `score`'s `onScored`
   */
  constructor(
    private readonly service: CoordinationService,
    private readonly epochMs: number,
    private readonly keepTraces: boolean,
  ) {}

  /** Forecasts the subject now (virtual ms) at every horizon that ends by `endMs`. */
  forecast(subject: ForecastSubject, nowMs: number, endMs: number): void {
    // The service scans as a deployed server does (every forecasting round here), so it scores its
    // own forecasts and recalibrates them as it would in production.
    if (nowMs !== this.scannedAtMs) {
      this.scannedAtMs = nowMs;
      this.service.scanOverloads();
    }
    const history = this.service.getHistory(subject.agentId);
    const second = Math.floor(nowMs / 1000);
    const recent = subject.meanLoadBySecond.subarray(Math.max(0, second - SUSTAINED_SECONDS), second);
    const below = recent.reduce((a, b) => a + b, 0) / Math.max(1, recent.length) < OVERLOAD_THRESHOLD;
    for (const h of PREDICTION_HORIZONS) {
      if (nowMs + h * 1000 > endMs) continue;
      const core = this.service.predictOverload(subject.agentId, { horizonSeconds: h, threshold: OVERLOAD_THRESHOLD });
      if (core === null) continue;
      const naive = naiveForecast(history, this.epochMs + nowMs, h, OVERLOAD_THRESHOLD);
      const endpoint = endpointForecast(subject.trace, this.epochMs + nowMs, h, OVERLOAD_THRESHOLD);
      this.made.push({
        subject,
        atMs: nowMs,
        h,
        below,
        models: { core: [core.probability, core.will_overload], naive: [naive.probability, naive.willOverload], endpoint: [endpoint.probability, endpoint.willOverload] },
        ...(this.keepTraces ? { trace: subject.trace.snapshot() } : {}),
      });
    }
  }

  /** Scores every forecast against the true load; hands each one to `onScored` when traces were kept. */
  score(onScored?: (forecast: ScoredForecast) => void): PredictionTallies {
    const tallies: PredictionTallies = {};
    const tally = (key: string): ClassifierTally => (tallies[key] ??= emptyTally());
    for (const f of this.made) {
      const actual = crossedWithin(f.subject.meanLoadBySecond, f.atMs, f.h, OVERLOAD_THRESHOLD, SUSTAINED_SECONDS);
      const peak = crossedWithin(f.subject.loadBySecond, f.atMs, f.h, OVERLOAD_THRESHOLD);
      if (f.trace !== undefined) {
        onScored?.({ agentId: f.subject.agentId, nowMs: this.epochMs + f.atMs, horizonSeconds: f.h, actual, below: f.below, ...f.trace });
      }
      for (const [model, [probability, will]] of Object.entries(f.models)) {
        addToTally(tally(`${model}@${f.h}s`), probability, will, actual);
        addToTally(tally(`${model}@${f.h}s/peak`), probability, will, peak);
        if (f.below) addToTally(tally(`${model}@${f.h}s/onset`), probability, will, actual);
      }
    }
    return tallies;
  }
}
