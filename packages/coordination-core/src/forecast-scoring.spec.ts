import { DEFAULT_CALIBRATION } from './calibration';
import { ForecastScoring, RESOLUTION_GRACE_MS, type ScoringOptions } from './forecast-scoring';
import { PENDING_PER_HORIZON, type PendingForecasts } from './pending-forecasts';

const options = (overrides: Partial<ScoringOptions> = {}): ScoringOptions => ({
  horizons: [60, 30],
  threshold: 0.8,
  memory: 1e9,
  recalibrate: true,
  calibration: DEFAULT_CALIBRATION,
  ...overrides,
});

const agent = (): { pendingForecasts: PendingForecasts | undefined } => ({ pendingForecasts: undefined });

describe('ForecastScoring', () => {
  it('scores "yes" at the first report within the horizon at or above the threshold, and measures the time to it', () => {
    const s = new ForecastScoring(options());
    expect(s.horizons).toEqual([30, 60]);
    const a = agent();
    s.forecast(a, 0, 0, 0.7, 0.7, 12, true);
    s.forecast(a, 1, 0, 0.9, 0.9, 20, true);
    expect(s.snapshot().horizons.map((h) => h.pending)).toEqual([1, 1]);
    s.loadReported(a, 0, 1); // stamped at the forecast itself: not after it
    s.loadReported(a, 10_000, 0.5); // within, low: keeps waiting
    expect(s.snapshot().horizons.map((h) => h.pending)).toEqual([1, 1]);
    s.loadReported(a, 25_000, 0.8);
    const [h30, h60] = s.snapshot().horizons;
    expect(h30).toMatchObject({ horizon_seconds: 30, scored: 1, happened: 1, true_positives: 1, pending: 0, time_to_overload_scored: 1 });
    expect(h30.time_to_overload_mae_seconds).toBeCloseTo(13, 9);
    expect(h30.brier).toBeCloseTo(0.09, 9);
    expect(h60).toMatchObject({ scored: 1, true_positives: 1, time_to_overload_mae_seconds: 5 });
  });

  it('scores "no" once a report stamped past the horizon arrives, or after the grace for a silent agent', () => {
    const s = new ForecastScoring(options());
    const a = agent();
    s.forecast(a, 0, 0, 0.2, 0.2, Number.NaN, true);
    s.forecast(a, 1, 0, 0.6, 0.6, 40, true);
    s.loadReported(a, 31_000, 0.9); // past 30 s: "no" there; within 60 s: "yes" there
    const [h30, h60] = s.snapshot().horizons;
    expect(h30).toMatchObject({ scored: 1, happened: 0, true_negatives: 1 });
    expect(h60).toMatchObject({ scored: 1, happened: 1, true_positives: 1 });
    const quiet = agent();
    s.forecast(quiet, 1, 100_000, 0.7, 0.7, 10, false);
    s.expire(quiet, 100_000 + 60_000 + RESOLUTION_GRACE_MS);
    expect(s.snapshot().horizons[1].pending).toBe(1);
    s.expire(quiet, 100_000 + 60_000 + RESOLUTION_GRACE_MS + 1);
    expect(s.snapshot().horizons[1]).toMatchObject({ scored: 2, false_positives: 1, pending: 0 });
    // Time to overload is scored for onsets only (this one was already above the threshold).
    expect(s.snapshot().horizons[1].time_to_overload_scored).toBe(1);
  });

  it('keeps a bounded number of pending forecasts per agent and horizon, and drops them with the agent', () => {
    const s = new ForecastScoring(options());
    const a = agent();
    for (let i = 0; i < PENDING_PER_HORIZON + 2; i++) s.forecast(a, 1, i * 1_000, 0.5, 0.5, 10, true);
    expect(s.snapshot().horizons[1]).toMatchObject({ pending: PENDING_PER_HORIZON, skipped: 2 });
    s.loadReported(a, 50_000, 1); // within the horizon of every one kept: each comes out "yes"
    expect(s.snapshot().horizons[1]).toMatchObject({ scored: PENDING_PER_HORIZON, pending: 0 });
    s.forecast(a, 1, 100_000, 0.5, 0.5, 10, true);
    s.forecast(a, 1, 110_000, 0.5, 0.5, 10, true);
    s.forecast(a, 1, 120_000, 0.5, 0.5, 10, true);
    s.loadReported(a, 105_000, 0.1);
    expect(s.snapshot().horizons[1].pending).toBe(3);
    // Past the first one's horizon only: it settles, the others stay, in order.
    s.loadReported(a, 165_000, 0.1);
    expect(s.snapshot().horizons[1]).toMatchObject({ pending: 2, scored: PENDING_PER_HORIZON + 1 });
    s.loadReported(a, 175_000, 0.1);
    expect(s.snapshot().horizons[1]).toMatchObject({ pending: 1, scored: PENDING_PER_HORIZON + 2 });
    s.forget(a);
    expect(a.pendingForecasts).toBeUndefined();
    expect(s.snapshot().horizons[1].pending).toBe(0);
    s.forget(a);
    s.loadReported(a, 200_000, 1);
    s.expire(a, 1e9);
  });

  it('publishes precision, recall, F1, base rate, ECE and a reliability diagram of what it said', () => {
    const s = new ForecastScoring(options({ horizons: [30] }));
    const a = agent();
    const said = [0.9, 0.9, 0.1, 0.1];
    const happened = [true, false, true, false];
    said.forEach((p, i) => {
      s.forecast(a, 0, i * 100_000, p, p, p >= 0.5 ? 5 : Number.NaN, false);
      s.loadReported(a, i * 100_000 + (happened[i] ? 10_000 : 40_000), happened[i] ? 1 : 0);
    });
    const score = s.snapshot().horizons[0];
    expect(score).toMatchObject({ scored: 4, happened: 2, true_positives: 1, false_positives: 1, false_negatives: 1, true_negatives: 1 });
    expect(score.precision).toBeCloseTo(0.5, 9);
    expect(score.recall).toBeCloseTo(0.5, 9);
    expect(score.f1).toBeCloseTo(0.5, 9);
    expect(score.base_rate).toBeCloseTo(0.5, 9);
    expect(score.ece).toBeCloseTo(0.4, 9);
    expect(score.brier).toBeCloseTo(0.41, 9);
    expect(score.brier_uncalibrated).toBeCloseTo(0.41, 9);
    expect(score.reliability.map((b) => b.bin)).toEqual([1, 9]);
    expect(score.reliability[0].mean_probability).toBeCloseTo(0.1, 9);
    expect(score.reliability[1].mean_probability).toBeCloseTo(0.9, 9);
    for (const bin of score.reliability) expect(bin.observed_frequency).toBeCloseTo(0.5, 6);
    expect(score.time_to_overload_mae_seconds).toBeNull();
    expect(score.recalibrated).toBe(false);
  });

  it('recalibrates from the nearest scored horizon, and not at all when told not to', () => {
    const s = new ForecastScoring(options({ calibration: { minForecasts: 10, memory: 1e9 } }));
    const a = agent();
    for (let i = 0; i < 400; i++) {
      s.forecast(a, 0, i * 100_000, 0.2, 0.2, Number.NaN, true);
      s.loadReported(a, i * 100_000 + 10_000, 1); // 0.2 at 30 s always comes true
    }
    // Far above the next bins' priors (still at the identity), so pooled with them: well up, and non-decreasing.
    expect(s.calibrate(0.2, 30)).toBeGreaterThan(0.7);
    expect(s.calibrate(0.2, 10)).toBe(s.calibrate(0.2, 30));
    expect(s.calibrate(0.2, 60)).toBe(0.2);
    expect(s.calibrate(0.2, 600)).toBe(0.2);
    expect(s.snapshot().horizons[0].recalibrated).toBe(true);
    const off = new ForecastScoring(options({ recalibrate: false, calibration: { minForecasts: 1, memory: 1e9 } }));
    const b = agent();
    off.forecast(b, 0, 0, 0.2, 0.2, Number.NaN, true);
    off.loadReported(b, 10_000, 1);
    expect(off.calibrate(0.2, 30)).toBe(0.2);
    expect(off.snapshot().horizons[0].recalibrated).toBe(false);
  });
});
