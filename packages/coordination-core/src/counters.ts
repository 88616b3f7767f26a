import type { PredictionMetrics } from './forecast-scoring';
import { SIGNAL_TYPES, type SelectionReason, type SignalType } from './models';

/** What the service counts, as `metrics()` returns it (the wire format of coordination.metrics). */
export interface CoordinationMetrics {
  total_signals: number;
  signals_by_type: Record<SignalType, number>;
  agents_tracked: number;
  active_signals: number;
  expired_signals_cleaned: number;
  agents_expired: number;
  rejected_signals: number;
  duplicate_signals: number;
  selections: number;
  selections_by_reason: Record<SelectionReason, number>;
  fallbacks: number;
  /** Selections asked for admission that answered admitted: false (not counted in `selections`). */
  selections_held: number;
  overload_predictions: number;
  /** How the background scan's forecasts came out, per scored horizon (self-scoring and recalibration). */
  prediction: PredictionMetrics;
}

export function emptyCounters(): CoordinationMetrics {
  return {
    total_signals: 0,
    signals_by_type: Object.fromEntries(SIGNAL_TYPES.map((t) => [t, 0])) as Record<SignalType, number>,
    agents_tracked: 0,
    active_signals: 0,
    expired_signals_cleaned: 0,
    agents_expired: 0,
    rejected_signals: 0,
    duplicate_signals: 0,
    selections: 0,
    selections_by_reason: {
      highest_score: 0,
      near_tie_random: 0,
      only_candidate: 0,
      no_signals: 0,
      all_unavailable: 0,
    },
    fallbacks: 0,
    selections_held: 0,
    overload_predictions: 0,
    prediction: { threshold: 0.8, horizons: [] },
  };
}
