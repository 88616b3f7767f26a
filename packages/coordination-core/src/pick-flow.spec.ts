import { PickFlow } from './pick-flow';
import { QueueStats } from './queue-stats';

describe('PickFlow', () => {
  it('counts picks and ends since the last load report, and the rates of both', () => {
    const f = new PickFlow();
    f.addPicks(3, 1_000);
    f.addEnds(1, 2_000);
    expect([f.picksSinceReport, f.endsSinceReport, f.outstanding, f.totalPicks]).toEqual([3, 1, 2, 3]);
    expect(f.arrivals.rate(2_000)).toBeGreaterThan(0);
    expect(f.completions.rate(2_000)).toBeGreaterThan(0);
    f.onLoadReport(4, false);
    expect([f.picksSinceReport, f.endsSinceReport]).toEqual([0, 0]);
    f.addEnds(5, 3_000);
    expect(f.outstanding).toBe(0);
  });

  it("learns which share of the agent's work is ours from its unsaturated reports", () => {
    const f = new PickFlow();
    expect([f.share, f.shareSamples]).toEqual([0, 0]);
    f.addPicks(2, 0);
    f.onLoadReport(4, false); // 2 of its 4 tasks are ours
    expect(f.share).toBeCloseTo(0.5, 9);
    f.onLoadReport(0, false); // nothing in flight: says nothing
    f.onLoadReport(8, true); // saturated: it may be queueing more than it says
    expect(f.shareSamples).toBe(1);
    f.addPicks(10, 1_000);
    f.onLoadReport(3, false); // ours cannot exceed what it reports
    expect(f.outstanding).toBe(3);
    expect(f.share).toBeCloseTo(0.75, 9);
  });

  it('knows when the ends of its picks go unreported', () => {
    const f = new PickFlow();
    expect(f.endShare).toBe(1);
    f.addPicks(10, 0);
    f.addEnds(9, 1_000);
    expect(f.endShare).toBeGreaterThan(0.85);
    f.addPicks(100, 2_000);
    expect(f.endShare).toBeLessThan(0.1);
  });
});

describe('QueueStats', () => {
  it('learns the service rate per slot from ends over busy slot-seconds', () => {
    const s = new QueueStats();
    expect(Number.isNaN(s.serviceRate)).toBe(true);
    s.onReport(0, 2, 0, 1);
    for (let t = 10_000; t <= 300_000; t += 10_000) s.onReport(t, 2, 4, 1); // 2 busy, 4 ends per 10 s: 0.2 per slot-second
    expect(s.serviceRate).toBeCloseTo(0.2, 2);
    expect(s.serviceEvidence).toBeGreaterThan(50);
    s.onReport(300_000, 2, 100, 1); // same stamp again: no interval
    s.onReport(1_000_000, 2, 100, 1); // a gap too long to say anything
    s.onReport(1_010_000, 2, 100, 0); // nothing routed: not counted
    expect(s.serviceRate).toBeCloseTo(0.2, 2);
    s.onReport(1_020_000, 4, 4, 0.5); // half our work: 8 ends over 30 busy slot-seconds
    expect(s.serviceRate).toBeGreaterThan(0.2);
  });
});
