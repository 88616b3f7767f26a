import { evaluateAdmission } from './admission-evaluation';
import { runAdmission } from './admission-run';
import { evaluatePrediction } from './queue-evaluation';
import { renderPredictionSection } from './prediction-section';

describe('admission control in an overload', () => {
  it('settles every task once, reproducibly, and holds only with admission control', async () => {
    const options = { seed: 5, offeredLoad: 1.4, agents: 4, durationSeconds: 120 };
    const without = await runAdmission({ ...options, admission: false });
    const withControl = await runAdmission({ ...options, admission: true });
    for (const r of [without, withControl]) {
      expect(r.tasks).toBeGreaterThan(50);
      expect(r.admitted + r.refused).toBe(r.tasks);
      expect(r.onTime + r.late).toBe(r.admitted);
    }
    expect(without.held).toBe(0);
    expect(withControl.held).toBeGreaterThan(0);
    expect(withControl.tasks).toBe(without.tasks); // the same task stream
    expect(await runAdmission({ ...options, admission: true })).toEqual(withControl);
    // What the tasks that reach an agent get: more of them on time when nobody is sent work it cannot start.
    expect(withControl.admittedGoodput).toBeGreaterThan(without.admittedGoodput);
  });

  it('averages each load over the seeds and renders the comparison', async () => {
    const rows = await evaluateAdmission({ seeds: [1], loads: [1.2], agents: 3, durationSeconds: 90 });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ offeredLoad: 1.2 });
    expect(rows[0].without.held).toBe(0);
    const e = evaluatePrediction({ seeds: [1], agents: 5, durationSeconds: 300, visibility: ['all'] });
    e.admission = rows;
    const md = renderPredictionSection(e);
    expect(md).toContain('### What admission control buys in an overload');
    expect(md).toContain('| 120 % |');
  });
});
