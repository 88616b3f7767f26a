import { buildScenario } from './catalog';
import { fleetThroughput } from './fleet';

describe('fleet', () => {
  it('sizes the arrival rate from what the fleet can serve', () => {
    const s = buildScenario('steady', { seed: 1 });
    const throughput = fleetThroughput(s.agents);
    expect(throughput).toBeCloseTo((12 * 4 * 1000) / (2000 * 1.25));
    expect(s.workload.ratePerSecond).toBeLessThanOrEqual(0.75 * throughput);
  });
});
