import { LOAD_KINDS } from './load-shapes';
import { evaluatePrediction, scoreKey, SCORED_MODELS } from './queue-evaluation';
import { predictionSummary, predictionTargets, renderPredictionSection } from './prediction-section';
import { drawQueueWorld } from './queue-world';
import { Sampler } from '../engine/random';
import { drawOfferedLoad } from './load-shapes';

describe('the prediction evaluation', () => {
  it('draws a deterministic world with every kind of offered load', () => {
    const a = drawQueueWorld(5, 10, 600);
    const b = drawQueueWorld(5, 10, 600);
    expect(a.agents.map((x) => [x.kind, x.slots, x.meanServiceMs])).toEqual(b.agents.map((x) => [x.kind, x.slots, x.meanServiceMs]));
    expect(new Set(a.agents.map((x) => x.kind))).toEqual(new Set(LOAD_KINDS));
    for (const agent of a.agents) {
      expect(agent.slots).toBeGreaterThanOrEqual(1);
      expect(agent.slots).toBeLessThanOrEqual(8);
      expect(agent.meanServiceMs).toBeGreaterThanOrEqual(2_000);
      expect(agent.meanServiceMs).toBeLessThanOrEqual(20_000);
      expect(agent.offered).toHaveLength(600);
    }
    for (const kind of LOAD_KINDS) {
      const load = drawOfferedLoad(kind, 3_600, new Sampler(1));
      expect(Math.min(...load)).toBeGreaterThan(0);
      expect(Math.max(...load)).toBeLessThan(1.7);
    }
    expect(new Set(drawOfferedLoad('flat', 100, new Sampler(2))).size).toBe(1);
    expect(new Set(drawOfferedLoad('bursty', 3_600, new Sampler(2))).size).toBe(2);
  });

  it('scores every model against every truth, reproducibly, and renders the section', () => {
    const options = { seeds: [7], agents: 10, durationSeconds: 900, visibility: ['all', 'none'] as const };
    const e = evaluatePrediction(options);
    expect(evaluatePrediction(options).scores).toEqual(e.scores);
    for (const model of SCORED_MODELS) {
      for (const truth of ['reported', 'instant', 'mean10s'] as const) {
        const s = e.scores[scoreKey('all', truth, 30, 'all', 'all', model)];
        expect(s.samples).toBeGreaterThan(500);
      }
    }
    // Always "yes" has the base rate as its probability: perfectly calibrated, never missing one.
    const yes = e.scores[scoreKey('all', 'reported', 30, 'all', 'all', 'always-yes')];
    expect(yes.recall).toBe(1);
    expect(yes.ece).toBeCloseTo(0, 9);
    expect(e.scores[scoreKey('all', 'reported', 30, 'onset', 'all', 'persistence')].recall).toBe(0);
    const core = e.scores[scoreKey('all', 'reported', 30, 'all', 'all', 'core')];
    expect(core.brier).toBeLessThan(yes.brier);
    expect(e.timeToOverload['all|30|all|all'].count).toBeGreaterThan(0);
    expect(e.timeToOverload['all|30|all|all'].missing).toBe(0);
    expect(e.selfScoring.all?.horizons).toHaveLength(2);
    expect(e.selfScoring.half).toBeUndefined();
    const targets = predictionTargets(e);
    expect(targets.map((t) => t.target)).toContain('onset F1 ≥ 0.75 at 30 s');
    expect(predictionSummary(e)).toHaveLength(targets.length);
    const md = renderPredictionSection(e);
    for (const heading of ['## Overload prediction', '### Targets', '### The other two truths', '### Time to overload', "### The service's own record"]) expect(md).toContain(heading);
    expect(md).toContain('| none · 30 s |');
    expect(md).not.toContain('| half · 30 s |');
    expect(md).not.toContain('NaN');
  });
});
