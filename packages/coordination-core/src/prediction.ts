import { newView, type AgentRecord } from './agent-record';
import { ValidationError, type ValidationIssue } from './errors';
import type { OverloadPrediction } from './models';
import { estimateQueue, MAX_STATES, type QueueEstimate } from './queue-estimate';
import { ReportForecaster } from './queue-forecast';
import type { AgentView } from './scoring';

/** The longest horizon a forecast answers (s): the chain's parameters say little about the load further ahead. */
export const MAX_HORIZON_SECONDS = 600;

export interface PredictionOptions {
  /** Seconds ahead to look. Default 60. */
  horizonSeconds?: number;
  /** Load at or above which the agent counts as overloaded. Default 0.8. */
  threshold?: number;
}

export const DEFAULT_HORIZON_SECONDS = 60;
export const DEFAULT_OVERLOAD_THRESHOLD = 0.8;

/** The horizon and threshold asked for, defaulted and checked (a ValidationError names each bad one). */
export function predictionRequest(options: PredictionOptions): { horizonSeconds: number; threshold: number } {
  const horizonSeconds = options.horizonSeconds ?? DEFAULT_HORIZON_SECONDS;
  const threshold = options.threshold ?? DEFAULT_OVERLOAD_THRESHOLD;
  const issues: ValidationIssue[] = [];
  if (!Number.isFinite(horizonSeconds) || horizonSeconds <= 0 || horizonSeconds > MAX_HORIZON_SECONDS) {
    issues.push({ path: 'horizon_seconds', message: `horizon_seconds must be > 0 and <= ${MAX_HORIZON_SECONDS}`, code: 'invalid_value' });
  }
  if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 1) {
    issues.push({ path: 'threshold', message: 'threshold must be > 0 and <= 1', code: 'invalid_value' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { horizonSeconds, threshold };
}

/** What a forecast needs besides the agent: scratch space and the service's scales. */
export interface PredictionContext {
  forecaster: ReportForecaster;
  view: AgentView;
  capacityScale: number;
  latencyScaleMs: number;
  /** Maps a raw probability at a horizon to a recalibrated one (identity until enough forecasts are scored). */
  calibrate?: (probability: number, horizonSeconds: number) => number;
}

export function createPredictionContext(
  scales: { capacityScale: number; latencyScaleMs: number },
  calibrate?: (probability: number, horizonSeconds: number) => number,
): PredictionContext {
  return {
    forecaster: new ReportForecaster(MAX_STATES),
    view: newView(),
    capacityScale: scales.capacityScale,
    latencyScaleMs: scales.latencyScaleMs,
    calibrate,
  };
}

/**
 * Runs the agent's queue forward over the longest horizon wanted; afterwards
 * `context.forecaster` answers for any horizon up to it. Null without an active load signal.
 */
export function forecastAgent(record: AgentRecord, nowMs: number, horizonSeconds: number, threshold: number, context: PredictionContext): QueueEstimate | null {
  const estimate = estimateQueue(record, context.view, nowMs, horizonSeconds, threshold, context, context.forecaster);
  if (estimate === null) return null;
  context.forecaster.run(estimate.params);
  return estimate;
}

/** One agent's overload forecast as the wire carries it (see docs/coordination-core.md, Overload prediction). */
export function predictAgent(
  record: AgentRecord,
  now: number,
  request: { horizonSeconds: number; threshold: number },
  context: PredictionContext,
): OverloadPrediction {
  const { horizonSeconds, threshold } = request;
  const forecast = forecastAgent(record, now, horizonSeconds, threshold, context);
  if (forecast === null) {
    return {
      agent_id: record.agentId,
      will_overload: false,
      probability: 0,
      predicted_load: 0,
      current_load: 0,
      time_to_overload_seconds: null,
      horizon_seconds: horizonSeconds,
      threshold,
      samples: 0,
    };
  }
  return predictionFrom(record.agentId, forecast, request, context);
}

/** The wire form of the forecast `context.forecaster` holds, at one horizon. */
export function predictionFrom(
  agentId: string,
  forecast: { currentLoad: number; samples: number },
  request: { horizonSeconds: number; threshold: number },
  context: PredictionContext,
): OverloadPrediction {
  const { horizonSeconds, threshold } = request;
  const forecaster = context.forecaster;
  const raw = forecaster.probabilityWithin(horizonSeconds);
  const probability = context.calibrate === undefined ? raw : context.calibrate(raw, horizonSeconds);
  const likely = probability >= 0.5;
  return {
    agent_id: agentId,
    will_overload: likely,
    probability,
    predicted_load: forecaster.expectedLoadAt(horizonSeconds),
    current_load: forecast.currentLoad,
    time_to_overload_seconds: likely ? forecaster.timeToOverload(horizonSeconds) : null,
    horizon_seconds: horizonSeconds,
    threshold,
    samples: forecast.samples,
  };
}
