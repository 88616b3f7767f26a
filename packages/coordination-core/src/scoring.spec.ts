import { createHarness } from '../test/harness';
import { DEFAULT_WEIGHTS, loadConfig, normaliseWeights } from './config';
import { ConfigError } from './errors';
import { decay, DEFAULT_SELECTION_TUNING, impliedScore, NEUTRAL, scoreAgent, shrink } from './scoring';
import { newView } from './agent-record';

describe('scoring rules (docs/coordination-core.md, Scoring)', () => {
  describe('direction: higher score is better', () => {
    it('inverts load: a busy agent scores low on load', () => {
      const h = createHarness();
      h.report('busy', 'load', 0.9);
      h.report('idle', 'load', 0.1);
      expect(h.service.getState('busy')?.load_score).toBeCloseTo(0.1, 10);
      expect(h.service.getState('idle')?.load_score).toBeCloseTo(0.9, 10);
    });

    it('inverts cost: an expensive agent scores low on cost', () => {
      const h = createHarness();
      h.report('pricey', 'cost', 0.8);
      h.report('cheap', 'cost', 0.1);
      expect(h.service.getState('pricey')?.cost_score).toBeCloseTo(0.2, 10);
      expect(h.service.getState('cheap')?.cost_score).toBeCloseTo(0.9, 10);
    });

    it('inverts latency, which counts when a profile weighs it', () => {
      const h = createHarness();
      h.report('slow', 'latency', 0.9);
      h.report('fast', 'latency', 0.2);
      expect(h.service.routingScore('slow', { latency: 1 })).toBeCloseTo(0.1, 10);
      expect(h.service.routingScore('fast', { latency: 1 })).toBeCloseTo(0.8, 10);
    });

    it('keeps capacity, quality and availability as reported', () => {
      const h = createHarness();
      h.reportAll('a', { capacity: 0.7, quality: 0.8, availability: 0.6 });
      const state = h.service.getState('a');
      expect(state?.capacity_score).toBeCloseTo(0.7, 10);
      expect(state?.quality_score).toBeCloseTo(0.8, 10);
      expect(state?.availability_score).toBeCloseTo(0.6, 10);
    });

    it('impliedScore inverts exactly load, cost and latency', () => {
      expect(impliedScore('load', 0.3)).toBeCloseTo(0.7);
      expect(impliedScore('cost', 0.3)).toBeCloseTo(0.7);
      expect(impliedScore('latency', 0.3)).toBeCloseTo(0.7);
      expect(impliedScore('quality', 0.3)).toBe(0.3);
      expect(impliedScore('capacity', 0.3)).toBe(0.3);
      expect(impliedScore('availability', 0.3)).toBe(0.3);
    });
  });

  describe('confidence and age shrink a signal toward the neutral 0.5', () => {
    it('moves only half-way from 0.5 when confidence is 0.5', () => {
      const h = createHarness();
      h.report('a', 'quality', 0.9, { confidence: 0.5 });
      h.report('a', 'load', 0.9, { confidence: 0.5 });
      expect(h.service.getState('a')?.quality_score).toBeCloseTo(0.7, 10);
      expect(h.service.getState('a')?.load_score).toBeCloseTo(0.3, 10);
    });

    it('ignores a signal with confidence 0', () => {
      const h = createHarness();
      h.report('a', 'quality', 1, { confidence: 0 });
      expect(h.service.getState('a')?.quality_score).toBe(NEUTRAL);
    });

    it('fades a signal with age: decay = 1 - (age / ttl)^2', () => {
      const h = createHarness();
      h.report('a', 'quality', 1, { ttl_seconds: 60 });
      h.advance(30_000);
      // decay(30 s of 60 s) = 0.75, so 0.5 + 0.75 × 0.5
      expect(h.service.getState('a')?.quality_score).toBeCloseTo(0.875, 10);
      h.advance(24_000);
      expect(h.service.getState('a')?.quality_score).toBeCloseTo(0.5 + (1 - 0.81) * 0.5, 10);
    });

    it('multiplies confidence and decay', () => {
      const h = createHarness();
      h.report('a', 'quality', 1, { ttl_seconds: 60, confidence: 0.5 });
      h.advance(30_000);
      expect(h.service.getState('a')?.quality_score).toBeCloseTo(0.5 + 0.5 * 0.75 * 0.5, 10);
    });

    it('counts an expired signal as absent, before any cleanup ran', () => {
      const h = createHarness();
      h.report('a', 'quality', 1, { ttl_seconds: 10 });
      h.report('a', 'load', 0.2, { ttl_seconds: 100 });
      h.advance(10_000);
      const state = h.service.getState('a');
      expect(state?.quality_score).toBe(NEUTRAL);
      expect(state?.signals.quality).toBeUndefined();
      expect(state?.signals.load?.value).toBe(0.2);
    });

    it('decay is 1 when fresh (or stamped slightly ahead), 0 from expiry on', () => {
      expect(decay(0, 60_000)).toBe(1);
      expect(decay(-500, 60_000)).toBe(1);
      expect(decay(60_000, 60_000)).toBe(0);
      expect(decay(90_000, 60_000)).toBe(0);
      expect(decay(6_000, 60_000)).toBeCloseTo(0.99, 10);
    });

    it('shrink interpolates between the prior and the implied score', () => {
      expect(shrink(1, 0)).toBe(0.5);
      expect(shrink(1, 1)).toBe(1);
      expect(shrink(0, 0.5)).toBe(0.25);
    });
  });

  describe('an agent with no active signals', () => {
    it('scores 0.5 on every dimension and overall', () => {
      const h = createHarness();
      h.report('a', 'quality', 1, { ttl_seconds: 5 });
      h.advance(5_000);
      const state = h.service.getState('a');
      expect(state).toMatchObject({
        load_score: 0.5,
        capacity_score: 0.5,
        quality_score: 0.5,
        cost_score: 0.5,
        availability_score: 0.5,
      });
      expect(state?.routing_score).toBeCloseTo(0.5, 12);
      expect(state?.signals).toEqual({});
    });

    it('scores 0.5 everywhere in a selection explanation when never heard of', () => {
      const h = createHarness();
      const result = h.service.selectAgent(['ghost'], { explain: true });
      expect(result.explanation?.candidates[0].scores).toEqual({
        load: 0.5,
        capacity: 0.5,
        quality: 0.5,
        cost: 0.5,
        availability: 0.5,
        latency: 0.5,
      });
    });
  });

  describe('routing_score = Σ weight × score, weights normalised to sum 1', () => {
    it('uses the default weights .25/.25/.20/.15/.15', () => {
      const h = createHarness();
      h.reportAll('a', { load: 0.3, capacity: 0.6, quality: 0.9, cost: 0.4, availability: 1 });
      const s = h.service.getState('a');
      if (s === null) throw new Error('state expected');
      const expected =
        0.25 * s.load_score + 0.25 * s.capacity_score + 0.2 * s.quality_score + 0.15 * s.cost_score + 0.15 * s.availability_score;
      expect(s.routing_score).toBeCloseTo(expected, 12);
      expect(s.routing_score).toBeCloseTo(0.25 * 0.7 + 0.25 * 0.6 + 0.2 * 0.9 + 0.15 * 0.6 + 0.15 * 1, 12);
    });

    it('normalises weights from the environment', () => {
      const config = loadConfig({
        ROUTING_WEIGHT_LOAD: '2',
        ROUTING_WEIGHT_CAPACITY: '0',
        ROUTING_WEIGHT_QUALITY: '2',
        ROUTING_WEIGHT_COST: '0',
        ROUTING_WEIGHT_AVAILABILITY: '0',
      });
      expect(config.weights).toEqual({ load: 0.5, capacity: 0, quality: 0.5, cost: 0, availability: 0, latency: 0 });
      const h = createHarness({ config });
      h.reportAll('a', { load: 0.2, quality: 0.6 });
      expect(h.service.getState('a')?.routing_score).toBeCloseTo(0.5 * 0.8 + 0.5 * 0.6, 12);
    });

    it('normalises weights handed to the service directly, and refuses a zero sum', () => {
      const h = createHarness({ config: { weights: { load: 4, capacity: 0, quality: 4, cost: 0, availability: 0, latency: 0 } } });
      expect(h.service.config.weights.load).toBe(0.5);
      h.reportAll('a', { load: 0, quality: 1 });
      expect(h.service.getState('a')?.routing_score).toBe(1);
      expect(() =>
        createHarness({ config: { weights: { load: 0, capacity: 0, quality: 0, cost: 0, availability: 0, latency: 0 } } }),
      ).toThrow(ConfigError);
    });

    it('lets a per-request profile override the weights; dimensions left out weigh 0', () => {
      const h = createHarness();
      h.reportAll('a', { load: 0.9, quality: 0.8, cost: 0.2 });
      expect(h.service.routingScore('a', { quality: 1 })).toBeCloseTo(0.8, 12);
      expect(h.service.routingScore('a', { quality: 3, cost: 1 })).toBeCloseTo(0.75 * 0.8 + 0.25 * 0.8, 12);
      expect(h.service.routingScore('a', { load: 1 })).toBeCloseTo(0.1, 12);
      expect(h.service.routingScore('a')).toBeCloseTo(h.service.getState('a')?.routing_score ?? NaN, 12);
    });

    it('reports the normalised profile in a selection explanation', () => {
      const h = createHarness();
      h.report('a', 'load', 0.5);
      const explanation = h.service.selectAgent(['a'], { weights: { load: 3, quality: 1 }, explain: true }).explanation;
      expect(explanation?.weights).toEqual({ load: 0.75, capacity: 0, quality: 0.25, cost: 0, availability: 0, latency: 0 });
    });

    it('the configured defaults are the documented ones', () => {
      expect(DEFAULT_WEIGHTS).toEqual({ load: 0.25, capacity: 0.25, quality: 0.2, cost: 0.15, availability: 0.15, latency: 0 });
    });
  });

  describe('effective load and congestion', () => {
    const tuning = DEFAULT_SELECTION_TUNING;

    it('adds selections since the last load signal as tasks on capacity × scale slots', () => {
      const view = newView();
      view.values.set([0.25, 0.5, NaN, NaN, NaN, NaN]);
      view.weights.set([1, 1, 0, 0, 0, 0]);
      // capacity 0.5 × scale 16 = 8 slots; 2 assignments = 0.25 more load
      const b = scoreAgent(view, DEFAULT_WEIGHTS, 2, 16, tuning);
      expect(b.effectiveLoad).toBeCloseTo(0.5, 12);
      expect(b.scores.load).toBeCloseTo(0.5, 12);
      // below the congestion threshold only the quality factor applies: neutral 0.5 ^ (5 × 0.2)
      expect(b.selectionScore).toBeCloseTo(b.routingScore * 0.5, 12);
    });

    it('weighs quality multiplicatively, as the chance of a good outcome, in step with its weight', () => {
      const view = newView();
      view.values.set([0.2, NaN, 0.9, 0.5, NaN, NaN]);
      view.weights.set([1, 0, 1, 1, 0, 0]);
      const withDefaults = scoreAgent(view, DEFAULT_WEIGHTS, 0, 16, tuning);
      expect(withDefaults.selectionScore).toBeCloseTo(withDefaults.routingScore * 0.9, 12);
      // a profile that ignores quality is not steered by it
      const costOnly = scoreAgent(view, normaliseWeights({ cost: 1 }), 0, 16, tuning);
      expect(costOnly.selectionScore).toBeCloseTo(costOnly.routingScore, 12);
      // twice the quality weight, twice the exponent
      const qualityHeavy = normaliseWeights({ load: 0.25, capacity: 0.25, quality: 0.4, cost: 0.05, availability: 0.05 });
      const heavy = scoreAgent(view, qualityHeavy, 0, 16, tuning);
      expect(heavy.selectionScore).toBeCloseTo(heavy.routingScore * 0.9 ** 2, 12);
      const off = scoreAgent(view, DEFAULT_WEIGHTS, 0, 16, { ...tuning, qualityEmphasis: 0 });
      expect(off.selectionScore).toBe(off.routingScore);
    });

    it('never counts fewer than one slot, however small the capacity', () => {
      const view = newView();
      view.values.set([0, 0, NaN, NaN, NaN, NaN]);
      view.weights.set([1, 1, 0, 0, 0, 0]);
      expect(scoreAgent(view, DEFAULT_WEIGHTS, 1, 16, tuning).effectiveLoad).toBe(1);
    });

    it('keeps penalising past saturation, where the load score has bottomed out at 0', () => {
      const view = newView();
      view.values.set([1, 0.25, 1, 0, NaN, 1]);
      view.weights.set([1, 1, 1, 1, 0, 1]);
      const at = (assignments: number) => scoreAgent(view, DEFAULT_WEIGHTS, assignments, 16, tuning);
      expect(at(4).scores.load).toBe(0);
      expect(at(8).scores.load).toBe(0);
      expect(at(4).routingScore).toBe(at(8).routingScore);
      expect(at(8).selectionScore).toBeLessThan(at(4).selectionScore);
      expect(at(4).selectionScore).toBeLessThan(at(0).selectionScore);
    });

    it('makes congestion hurt a slow agent more than a fast one', () => {
      const fast = newView();
      fast.values.set([0.9, NaN, NaN, NaN, 0.1, NaN]);
      fast.weights.set([1, 0, 0, 0, 1, 0]);
      const slow = newView();
      slow.values.set([0.9, NaN, NaN, NaN, 0.9, NaN]);
      slow.weights.set([1, 0, 0, 0, 1, 0]);
      const fastScore = scoreAgent(fast, DEFAULT_WEIGHTS, 0, 16, tuning);
      const slowScore = scoreAgent(slow, DEFAULT_WEIGHTS, 0, 16, tuning);
      expect(fastScore.routingScore).toBe(slowScore.routingScore); // latency weighs 0 by default
      expect(slowScore.selectionScore).toBeLessThan(fastScore.selectionScore);
    });
  });
});
