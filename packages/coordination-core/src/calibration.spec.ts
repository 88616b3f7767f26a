import { seededRandom } from './random';
import { CALIBRATION_BINS, IsotonicCalibration } from './calibration';

describe('IsotonicCalibration', () => {
  it('stays the identity until enough forecasts are scored', () => {
    const c = new IsotonicCalibration({ minForecasts: 100, memory: 1e12 });
    for (let i = 0; i < 99; i++) c.add(0.2, true);
    expect(c.active).toBe(false);
    expect(c.map(0.2)).toBe(0.2);
    c.add(0.2, true);
    expect(c.active).toBe(true);
    expect(c.map(0.2)).toBeGreaterThan(0.5);
  });

  it('recalibrates a model that is systematically too low, keeping the map non-decreasing', () => {
    const c = new IsotonicCalibration({ minForecasts: 500, memory: 50_000 });
    const random = seededRandom(4);
    // The truth is p' = min(1, 2p): every probability the model gives is half what it should be.
    for (let i = 0; i < 20_000; i++) {
      const p = random() * 0.5;
      c.add(p, random() < 2 * p);
    }
    for (const p of [0.05, 0.15, 0.25, 0.35, 0.45]) expect(c.map(p)).toBeCloseTo(2 * p, 1);
    let previous = -1;
    for (let p = 0; p <= 1; p += 0.01) {
      const mapped = c.map(p);
      expect(mapped).toBeGreaterThanOrEqual(previous - 1e-12);
      expect(mapped).toBeGreaterThanOrEqual(0);
      expect(mapped).toBeLessThanOrEqual(1);
      previous = mapped;
    }
    // Bins never seen keep their prior at the identity, pooled to stay non-decreasing.
    expect(c.map(0.95)).toBeGreaterThan(0.9);
  });

  it('pools violators into a flat stretch instead of a map that goes down', () => {
    const c = new IsotonicCalibration({ minForecasts: 1, memory: 1e9 });
    for (let i = 0; i < 1_000; i++) {
      c.add(0.3, i % 10 < 8); // 0.3 comes true 80 % of the time
      c.add(0.6, i % 10 < 4); // 0.6 only 40 %
    }
    expect(Math.abs(c.map(0.3) - c.map(0.6))).toBeLessThan(1e-9);
    expect(c.map(0.3)).toBeGreaterThan(0.55);
    expect(c.map(0.3)).toBeLessThan(0.65);
  });

  it('forgets: memory bounds how long old evidence counts', () => {
    const c = new IsotonicCalibration({ minForecasts: 10, memory: 1_000 });
    for (let i = 0; i < 5_000; i++) c.add(0.5, false);
    expect(c.map(0.5)).toBeLessThan(0.1);
    for (let i = 0; i < 5_000; i++) c.add(0.5, true);
    expect(c.map(0.5)).toBeGreaterThan(0.9);
    expect(c.evidence).toBeLessThan(1_001);
    expect(c.bins()).toHaveLength(CALIBRATION_BINS);
    expect(c.bins()[10].observed).toBeGreaterThan(0.9);
    expect(Number.isNaN(c.bins()[0].observed)).toBe(true);
  });

  it('clips probabilities outside [0, 1] into the end bins', () => {
    const c = new IsotonicCalibration({ minForecasts: 1, memory: 1e9 });
    c.add(-0.5, false);
    c.add(1.5, true);
    expect(c.bins()[0].count).toBeCloseTo(1, 6);
    expect(c.bins()[CALIBRATION_BINS - 1].count).toBeCloseTo(1, 6);
    expect(c.map(-1)).toBeLessThan(0.1);
    expect(c.map(2)).toBeGreaterThan(0.9);
  });
});
