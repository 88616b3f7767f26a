import { PublishBuffer } from './publish-buffer';

describe('PublishBuffer', () => {
  it('hands items out oldest first', () => {
    const buffer = new PublishBuffer<number>(10);
    [1, 2, 3, 4].forEach((n) => buffer.push(n));
    expect(buffer.take(3)).toEqual([1, 2, 3]);
    expect(buffer.take(3)).toEqual([4]);
    expect(buffer.take(3)).toEqual([]);
    expect(buffer.size).toBe(0);
  });

  it('drops the oldest on overflow and counts them', () => {
    const buffer = new PublishBuffer<number>(3);
    [1, 2, 3, 4, 5].forEach((n) => buffer.push(n));
    expect(buffer.dropped).toBe(2);
    expect(buffer.take(10)).toEqual([3, 4, 5]);
  });

  it('puts a failed chunk back ahead of newer items, dropping the oldest beyond capacity', () => {
    const buffer = new PublishBuffer<number>(4);
    [1, 2, 3].forEach((n) => buffer.push(n));
    const chunk = buffer.take(2);
    [4, 5, 6].forEach((n) => buffer.push(n));
    buffer.restore(chunk);
    expect(buffer.dropped).toBe(2);
    expect(buffer.take(10)).toEqual([3, 4, 5, 6]);

    const roomy = new PublishBuffer<number>(10);
    roomy.push(1);
    roomy.restore([0]);
    expect(roomy.take(10)).toEqual([0, 1]);
    expect(roomy.dropped).toBe(0);
  });

  it('stays correct across compaction of a long-consumed prefix', () => {
    const buffer = new PublishBuffer<number>(5_000);
    for (let i = 0; i < 3_000; i++) buffer.push(i);
    expect(buffer.take(2_000)).toHaveLength(2_000);
    buffer.push(3_000);
    expect(buffer.take(5)).toEqual([2_000, 2_001, 2_002, 2_003, 2_004]);
    expect(buffer.size).toBe(996);

    const overflowing = new PublishBuffer<number>(10);
    for (let i = 0; i < 3_000; i++) overflowing.push(i);
    overflowing.restore([-1, -2]);
    expect(overflowing.take(20)).toEqual([2_990, 2_991, 2_992, 2_993, 2_994, 2_995, 2_996, 2_997, 2_998, 2_999]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new PublishBuffer(0)).toThrow(RangeError);
    expect(() => new PublishBuffer(1.5)).toThrow(RangeError);
  });
});
