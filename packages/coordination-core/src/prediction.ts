import type { AgentRecord } from './agent-record';
import { ValidationError, type ValidationIssue } from './errors';
import type { OverloadPrediction } from './models';
import { TYPE_INDEX } from './scoring';
import { forecastLoad, MAX_HORIZON_SECONDS, type TrendTuning } from './trend';

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

/** One agent's overload forecast as the wire carries it (see docs/coordination-core.md, Overload prediction). */
export function predictAgent(
  record: AgentRecord,
  now: number,
  request: { horizonSeconds: number; threshold: number },
  tuning: TrendTuning,
): OverloadPrediction {
  const { horizonSeconds, threshold } = request;
  // Expired = absent, here too: with no active load signal there is no current load to project.
  const load = record.slots[TYPE_INDEX.load];
  const active = load.signal !== undefined && load.expiresAtMs > now;
  // A long-lived active signal older than the fit's window still says where load is now.
  const ageSeconds = (now - load.timestampMs) / 1000;
  const trend = active && ageSeconds >= tuning.windowSeconds ? { ...tuning, windowSeconds: ageSeconds + 1 } : tuning;
  const forecast = active ? forecastLoad(record.loadTrace, now, horizonSeconds, threshold, trend) : null;
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
  return {
    agent_id: record.agentId,
    will_overload: forecast.probability >= 0.5,
    probability: forecast.probability,
    predicted_load: forecast.predictedLoad,
    current_load: forecast.currentLoad,
    time_to_overload_seconds: forecast.timeToOverloadSeconds,
    horizon_seconds: horizonSeconds,
    threshold,
    samples: forecast.samples,
  };
}
