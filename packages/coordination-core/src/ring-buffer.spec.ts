import { RingBuffer, SampleRing } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps entries oldest first until full', () => {
    const ring = new RingBuffer<number>(3);
    expect(ring.toArray()).toEqual([]);
    ring.push(1);
    ring.push(2);
    expect(ring.toArray()).toEqual([1, 2]);
    expect(ring.size).toBe(2);
  });

  it('overwrites the oldest entry once full', () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 7; i++) ring.push(i);
    expect(ring.toArray()).toEqual([5, 6, 7]);
    expect(ring.size).toBe(3);
    expect(ring.capacity).toBe(3);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses capacity %p', (capacity) => {
    expect(() => new RingBuffer(capacity)).toThrow(RangeError);
  });
});

describe('SampleRing', () => {
  it('visits (time, value) samples oldest first and keeps only the newest `capacity`', () => {
    const ring = new SampleRing(2);
    ring.push(1, 0.1);
    ring.push(2, 0.2);
    ring.push(3, 0.3);
    const seen: [number, number][] = [];
    ring.forEach((t, v) => seen.push([t, v]));
    expect(seen).toEqual([
      [2, 0.2],
      [3, 0.3],
    ]);
    expect(ring.size).toBe(2);
  });
});
