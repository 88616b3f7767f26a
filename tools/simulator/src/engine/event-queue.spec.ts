import { EventQueue } from './event-queue';

describe('EventQueue', () => {
  it('fires events in time order, and same-time events in the order they were scheduled', () => {
    const q = new EventQueue();
    const fired: string[] = [];
    q.at(30, () => fired.push('c'));
    q.at(10, () => fired.push('a1'));
    q.at(20, () => fired.push('b'));
    q.at(10, () => fired.push('a2'));
    for (let i = 0; i < 50; i++) q.at(100 + ((i * 37) % 50), () => fired.push(`x${(i * 37) % 50}`));
    expect(q.run()).toBe(54);
    expect(fired.slice(0, 4)).toEqual(['a1', 'a2', 'b', 'c']);
    expect(fired.slice(4)).toEqual(Array.from({ length: 50 }, (_, i) => `x${i}`));
    expect(q.now).toBe(149);
  });

  it('advances virtual time only, stops at `until`, and never schedules into the past', () => {
    const q = new EventQueue();
    const times: number[] = [];
    q.at(50, () => {
      times.push(q.now);
      q.at(10, () => times.push(q.now));
      q.after(5, () => times.push(q.now));
    });
    q.at(500, () => times.push(q.now));
    q.run(100);
    expect(times).toEqual([50, 50, 55]);
    expect(q.size).toBe(1);
    q.run();
    expect(times).toEqual([50, 50, 55, 500]);
  });
});
