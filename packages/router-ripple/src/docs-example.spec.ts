import { routeWithRipple } from '../../../docs/examples/router-quickstart';

// The example docs/router.md shows, in-process; tools/docs-check runs it as a reader would,
// in-process and against a server.
describe('docs/router.md quick start', () => {
  it('routes away from the saturated and the draining agent', async () => {
    const result = await routeWithRipple({});
    expect(result).toMatchObject({ mode: 'in-process', delivered: { 'summarizer-b': 10 } });
    expect(result.lastExplanation).toMatchObject({ strategy: 'RIPPLE_COORDINATION', reason: 'highest_score', source: 'in-process' });
  });

  it('degrades to the fallback strategy when coordination is disabled, and delivers every message', async () => {
    const result = await routeWithRipple({ COORDINATION_ENABLE_REP: 'false' });
    expect(Object.values(result.delivered).reduce((a, b) => a + b, 0)).toBe(10);
    expect(result.lastExplanation).toMatchObject({ reason: 'fallback:disabled', fallback_strategy: 'RANDOM' });
  });
});
