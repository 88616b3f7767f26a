import { createHarness, type Harness } from '../test/harness';
import { ValidationError } from './errors';
import { OverloadPredictionSchema, type OverloadPrediction } from './models';
import { forecastLoad, normalCdf } from './trend';
import { SampleRing } from './ring-buffer';
import { seededRandom } from './random';

/** Reports `loads` as load signals `stepMs` apart, ending at the current time. */
function reportLoads(h: Harness, agentId: string, loads: number[], stepMs = 5_000): void {
  loads.forEach((load, i) => {
    if (i > 0) h.advance(stepMs);
    h.report(agentId, 'load', Math.min(1, Math.max(0, load)), { ttl_seconds: 600 });
  });
}

function ramp(from: number, to: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => from + ((to - from) * i) / (n - 1));
}

describe('predictOverload', () => {
  it('sees a rising trend coming: will overload, with the time until it does', () => {
    const h = createHarness();
    reportLoads(h, 'a', ramp(0.2, 0.7, 11)); // +0.01 per second for 50 s
    const prediction = h.service.predictOverload('a');
    expect(OverloadPredictionSchema.parse(prediction)).toEqual(prediction);
    expect(prediction).toMatchObject({ agent_id: 'a', will_overload: true, horizon_seconds: 60, threshold: 0.8, samples: 11 });
    expect(prediction?.probability).toBeGreaterThan(0.9);
    expect(prediction?.current_load).toBeCloseTo(0.7, 2);
    expect(prediction?.predicted_load).toBe(1); // 0.7 + 0.6, clamped
    expect(prediction?.time_to_overload_seconds).toBeCloseTo(10, 0);
  });

  it('gives a flat, low load a low probability and no time to overload', () => {
    const h = createHarness();
    const noise = seededRandom(3);
    reportLoads(h, 'a', Array.from({ length: 20 }, () => 0.2 + (noise() - 0.5) * 0.04));
    const prediction = h.service.predictOverload('a');
    expect(prediction?.will_overload).toBe(false);
    expect(prediction?.probability).toBeLessThan(0.001);
    expect(prediction?.predicted_load).toBeLessThan(0.3);
    expect(prediction?.time_to_overload_seconds).toBeNull();
  });

  it('is less certain about a noisy history than a clean one', () => {
    const clean = createHarness();
    reportLoads(clean, 'a', Array.from({ length: 30 }, () => 0.65));
    const noisy = createHarness();
    const noise = seededRandom(11);
    reportLoads(noisy, 'a', Array.from({ length: 30 }, () => 0.65 + (noise() - 0.5) * 0.4));
    const cleanP = clean.service.predictOverload('a')?.probability ?? NaN;
    const noisyP = noisy.service.predictOverload('a')?.probability ?? NaN;
    // A steady 0.65 may still wander up to 0.8 within a minute, but rarely within 10 s.
    expect(cleanP).toBeLessThan(0.1);
    expect(clean.service.predictOverload('a', { horizonSeconds: 10 })?.probability).toBeLessThan(0.01);
    expect(noisyP).toBeGreaterThan(cleanP);
    // A load swinging ±0.2 around 0.65 touches 0.8 within a minute about as often as not.
    expect(noisyP).toBeGreaterThan(0.3);
    expect(noisyP).toBeLessThan(0.7);
    // and on the other side of the threshold, the clean history is the more certain one
    const cleanHigh = createHarness();
    reportLoads(cleanHigh, 'a', Array.from({ length: 30 }, () => 0.95));
    const noisyHigh = createHarness();
    reportLoads(noisyHigh, 'a', Array.from({ length: 30 }, () => 0.95 + (noise() - 0.5) * 0.4));
    expect(cleanHigh.service.predictOverload('a')?.probability).toBeGreaterThan(
      noisyHigh.service.predictOverload('a')?.probability ?? NaN,
    );
  });

  it('counts a crossing at any time within the horizon, not only at its end', () => {
    const h = createHarness();
    const noise = seededRandom(5);
    reportLoads(h, 'a', Array.from({ length: 30 }, () => 0.7 + (noise() - 0.5) * 0.2));
    const at = (horizonSeconds: number) => h.service.predictOverload('a', { horizonSeconds })?.probability ?? NaN;
    // The fitted trend is flat, so a point forecast would barely change with the horizon;
    // the chance of touching the threshold somewhere on the way grows with every look.
    expect(at(10)).toBeLessThan(at(30));
    expect(at(30)).toBeLessThan(at(60));
    expect(at(60)).toBeLessThan(at(300));
    expect(at(60) - at(10)).toBeGreaterThan(0.1);
    // The longest horizon answered is the fit's window; it stays a probability, and longer is refused.
    expect(at(600)).toBeGreaterThanOrEqual(at(300) - 1e-9);
    expect(at(600)).toBeLessThanOrEqual(1);
    expect(() => at(601)).toThrow(/horizon_seconds must be > 0 and <= 600/);
    // A steady load far from the threshold stays practically safe.
    const low = createHarness();
    reportLoads(low, 'a', Array.from({ length: 30 }, () => 0.5));
    expect(low.service.predictOverload('a')?.probability).toBeLessThan(0.001);
  });

  it('looks from now on: a falling load still at the threshold is at risk even though its trend ends below', () => {
    const h = createHarness();
    reportLoads(h, 'a', ramp(1, 0.8, 11)); // −0.004 per second, at 0.8 now
    const prediction = h.service.predictOverload('a');
    expect(prediction?.predicted_load).toBeLessThan(0.6);
    expect(prediction?.probability).toBeGreaterThan(0.5);
    expect(prediction?.time_to_overload_seconds).toBe(0);
  });

  it('is unsure with a single sample rather than certain', () => {
    const h = createHarness();
    h.report('a', 'load', 0.75);
    // One sample just below the threshold: about a coin flip over the next 10 s, likelier
    // than not over a minute (the prior spread of 0.1 and the drift both apply), never certain.
    const soon = h.service.predictOverload('a', { horizonSeconds: 10 })?.probability ?? NaN;
    const p = h.service.predictOverload('a')?.probability ?? NaN;
    expect(soon).toBeGreaterThan(0.3);
    expect(soon).toBeLessThan(0.7);
    expect(p).toBeGreaterThan(soon);
    expect(p).toBeLessThan(0.9);
    const low = createHarness();
    low.report('a', 'load', 0.3);
    const lowP = low.service.predictOverload('a')?.probability ?? NaN;
    expect(lowP).toBeGreaterThan(0.001);
    expect(lowP).toBeLessThan(0.2);
  });

  it('reports time to overload 0 for an agent already past the threshold', () => {
    const h = createHarness();
    reportLoads(h, 'a', [0.9, 0.92, 0.91, 0.93]);
    expect(h.service.predictOverload('a')).toMatchObject({ will_overload: true, time_to_overload_seconds: 0 });
  });

  it('answers against the threshold and horizon asked for', () => {
    const h = createHarness();
    reportLoads(h, 'a', ramp(0.1, 0.3, 11)); // +0.004 per second
    expect(h.service.predictOverload('a')?.will_overload).toBe(false);
    const longer = h.service.predictOverload('a', { horizonSeconds: 300, threshold: 0.9 });
    expect(longer).toMatchObject({ will_overload: true, horizon_seconds: 300, threshold: 0.9 });
    expect(longer?.time_to_overload_seconds).toBeCloseTo(150, -1);
    expect(h.service.predictOverload('a', { threshold: 0.25 })?.will_overload).toBe(true);
  });

  it('does not promise an overload beyond the horizon', () => {
    const h = createHarness();
    reportLoads(h, 'a', ramp(0.1, 0.2, 11));
    expect(h.service.predictOverload('a', { horizonSeconds: 10 })?.time_to_overload_seconds).toBeNull();
  });

  it.each([
    [{ threshold: 0 }, ['threshold']],
    [{ threshold: 1.2 }, ['threshold']],
    [{ threshold: Number.NaN }, ['threshold']],
    [{ horizonSeconds: 0 }, ['horizon_seconds']],
    [{ horizonSeconds: -5 }, ['horizon_seconds']],
    [{ horizonSeconds: Number.POSITIVE_INFINITY }, ['horizon_seconds']],
    [{ horizonSeconds: 86_401, threshold: -1 }, ['horizon_seconds', 'threshold']],
  ])('rejects options %p', (options, paths) => {
    const h = createHarness();
    h.report('a', 'load', 0.5);
    try {
      h.service.predictOverload('a', options);
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toEqual(paths);
    }
  });

  it('does not extrapolate a few reports bunched into seconds across a minute', () => {
    const flat = createHarness();
    for (let i = 0; i < 3; i++) {
      flat.report('a', 'load', 0.4);
      flat.advance(300);
    }
    expect(flat.service.predictOverload('a')).toMatchObject({ will_overload: false, time_to_overload_seconds: null });
    expect(flat.service.predictOverload('a')?.probability).toBeLessThan(0.3);
    const jump = createHarness();
    jump.report('a', 'load', 0);
    jump.advance(500);
    jump.report('a', 'load', 0.5);
    expect(jump.service.predictOverload('a')).toMatchObject({ will_overload: false, time_to_overload_seconds: null });
  });

  it('weighs load samples by their confidence: an untrusted report is absent here too', () => {
    const h = createHarness();
    h.report('a', 'load', 1, { confidence: 0 });
    expect(h.service.getState('a')?.load_score).toBe(0.5);
    expect(h.service.predictOverload('a')).toMatchObject({ will_overload: false, probability: 0, samples: 0 });
  });

  it('returns null for an unknown agent', () => {
    expect(createHarness().service.predictOverload('nobody')).toBeNull();
  });

  it('predicts nothing for an agent with no active load signal: expired = absent', () => {
    const h = createHarness();
    h.report('a', 'quality', 0.9);
    expect(h.service.predictOverload('a')).toMatchObject({ will_overload: false, probability: 0, samples: 0 });
    h.report('c', 'load', 1, { ttl_seconds: 1 });
    h.advance(30_000); // its only load signal expired long ago, though still in history
    expect(h.service.getState('c')?.signals.load).toBeUndefined();
    expect(h.service.predictOverload('c')).toMatchObject({ will_overload: false, probability: 0, samples: 0 });
  });

  it('agrees with the state: a long-lived active load signal older than the fit window still counts', () => {
    const h = createHarness();
    h.report('b', 'load', 0.95, { ttl_seconds: 3_600 });
    h.advance(700_000); // older than the 600 s window, still active
    expect(h.service.getState('b')?.signals.load?.value).toBe(0.95);
    expect(h.service.predictOverload('b')).toMatchObject({ will_overload: true, current_load: 0.95, samples: 1 });
  });

  it('emits and counts a predicted overload; scanOverloads returns the agents at risk', () => {
    const h = createHarness();
    const seen: OverloadPrediction[] = [];
    const unsubscribe = h.service.on('overloadPredicted', (p) => seen.push(p));
    for (const id of ['calm', 'rising']) h.report(id, 'load', 0.2, { ttl_seconds: 600 });
    h.report('quiet', 'quality', 1);
    for (let i = 1; i <= 10; i++) {
      h.advance(5_000);
      h.report('calm', 'load', 0.2, { ttl_seconds: 600 });
      h.report('rising', 'load', 0.2 + 0.06 * i, { ttl_seconds: 600 });
    }
    const atRisk = h.service.scanOverloads();
    expect(atRisk.map((p) => p.agent_id)).toEqual(['rising']);
    expect(seen.map((p) => p.agent_id)).toEqual(['rising']);
    expect(h.service.metrics().overload_predictions).toBe(1);
    unsubscribe();
    h.service.predictOverload('rising');
    expect(seen).toHaveLength(1);
    expect(h.service.metrics().overload_predictions).toBe(2);
  });
});

describe('forecastLoad', () => {
  it('returns null for an empty trace', () => {
    expect(forecastLoad(new SampleRing(4), 0, 60, 0.8)).toBeNull();
  });

  it('treats samples stamped in the future as now', () => {
    const trace = new SampleRing(4);
    trace.push(10_000, 0.5);
    trace.push(12_000, 0.5);
    expect(forecastLoad(trace, 0, 60, 0.8)).toMatchObject({ samples: 2, currentLoad: 0.5 });
  });
});

describe('normalCdf', () => {
  it('matches known values of the standard normal distribution', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 3);
    expect(normalCdf(-1.96)).toBeCloseTo(0.025, 3);
    expect(normalCdf(-8)).toBeCloseTo(0, 6);
  });
});
