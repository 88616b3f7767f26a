import { addToTally, emptyTally, mergeTallies, scoreTally } from './classifier-tally';

describe('classifier scoring', () => {
  it('counts the confusion matrix, Brier score and calibration bins', () => {
    const t = emptyTally();
    addToTally(t, 0.9, true, true);
    addToTally(t, 0.8, true, false);
    addToTally(t, 0.1, false, true);
    addToTally(t, 0.0, false, false);
    const merged = emptyTally();
    mergeTallies(merged, t);
    mergeTallies(merged, t);
    const s = scoreTally(merged);
    expect(s.samples).toBe(8);
    expect([s.truePositives, s.falsePositives, s.falseNegatives, s.trueNegatives]).toEqual([2, 2, 2, 2]);
    expect(s.precision).toBeCloseTo(0.5);
    expect(s.recall).toBeCloseTo(0.5);
    expect(s.f1).toBeCloseTo(0.5);
    expect(s.accuracy).toBeCloseTo(0.5);
    expect(s.baseRate).toBeCloseTo(0.5);
    expect(s.brier).toBeCloseTo((0.01 + 0.64 + 0.81 + 0) / 4);
    expect(s.calibration.map((b) => b.bin)).toEqual([0, 1, 8, 9]);
    expect(s.ece).toBeGreaterThan(0);
  });

  it('scores an empty tally as zeros', () => {
    const s = scoreTally(emptyTally());
    expect([s.samples, s.precision, s.recall, s.f1, s.brier, s.accuracy, s.baseRate]).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});
