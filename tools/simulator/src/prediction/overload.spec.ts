import { crossedWithin } from './overload';

describe('crossedWithin', () => {
  const trace = new Float32Array([0, 0.5, 0.9, 0.5, 0.5, 0.5, 1, 1, 1, 1, 1, 1]);
  it('reads a momentary peak with a 1 s window and ignores it with a longer one', () => {
    expect(crossedWithin(trace, 0, 2, 0.8)).toBe(true);
    expect(crossedWithin(trace, 0, 4, 0.8, 3)).toBe(false);
    expect(crossedWithin(trace, 0, 11, 0.8, 3)).toBe(true);
    expect(crossedWithin(trace, 0, 1, 0.8)).toBe(false);
  });
});
