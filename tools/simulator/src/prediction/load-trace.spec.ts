import { LoadTrace } from './load-trace';

const T0 = Date.UTC(2025, 0, 1);

describe('LoadTrace', () => {
  it('keeps the newest samples up to its capacity, in arrival order', () => {
    const trace = new LoadTrace(2);
    [0.1, 0.2, 0.3].forEach((v, i) => trace.push(T0 + i * 1000, v));
    expect(trace.snapshot()).toEqual({ times: [T0 + 1000, T0 + 2000], values: [0.2, 0.3] });
  });
});
