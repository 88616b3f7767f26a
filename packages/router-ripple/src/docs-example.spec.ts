import { routeWithRipple } from '../../../docs/examples/router-quickstart';

describe('docs/router.md quick start', () => {
  it('routes away from the saturated and the draining agent', async () => {
    const delivered = await routeWithRipple();
    expect(delivered).toEqual({ 'summarizer-b': 10 });
  });

  it('degrades to the fallback strategy when coordination is disabled', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const delivered = await routeWithRipple({ COORDINATION_ENABLE_REP: 'false' });
    expect(Object.values(delivered).reduce((a, b) => a + b, 0)).toBe(10);
    expect(warn).toHaveBeenCalledTimes(10);
    warn.mockRestore();
  });
});
