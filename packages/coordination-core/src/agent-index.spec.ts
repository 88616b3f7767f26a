import fc from 'fast-check';
import { AgentIndex, SortedIds } from './agent-index';

describe('SortedIds', () => {
  it('keeps ids in string order through adds and deletes, and pages after any id (against a naive model)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), id: fc.string({ maxLength: 6 }) }),
      fc.record({ kind: fc.constant('delete' as const), id: fc.string({ maxLength: 6 }) }),
      // Runs of adds and deletes of generated ids make chunks split and merge.
      fc.record({ kind: fc.constant('addMany' as const), n: fc.integer({ min: 1, max: 1500 }) }),
      fc.record({ kind: fc.constant('deleteEvery' as const), every: fc.integer({ min: 1, max: 3 }) }),
      // A wave: many at once (one pass) or a few (one by one), with ids not there among them.
      fc.record({ kind: fc.constant('deleteMany' as const), every: fc.integer({ min: 1, max: 40 }), extra: fc.array(fc.string({ maxLength: 6 }), { maxLength: 5 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.string({ maxLength: 6 }), fc.integer({ min: 1, max: 700 }), (ops, after, limit) => {
        const ids = new SortedIds();
        const model = new Set<string>();
        // Every add and delete answers as the model does (collected, then checked once: expect() per id is slow).
        let disagreements = 0;
        const add = (id: string) => {
          if (ids.add(id) === model.has(id)) disagreements++;
          model.add(id);
        };
        const remove = (id: string) => {
          if (ids.delete(id) !== model.delete(id)) disagreements++;
        };
        for (const o of ops) {
          if (o.kind === 'add') add(o.id);
          else if (o.kind === 'delete') remove(o.id);
          else if (o.kind === 'addMany') for (let i = 0; i < o.n; i++) add(`m${(i * 7919) % o.n}`);
          else if (o.kind === 'deleteEvery') [...model].forEach((id, i) => i % o.every === 0 && remove(id));
          else {
            const wave = [...[...model].filter((_, i) => i % o.every === 0), ...o.extra];
            const expected = new Set(wave.filter((id) => model.has(id))).size;
            for (const id of wave) model.delete(id);
            if (ids.deleteMany(wave) !== expected) disagreements++;
          }
        }
        expect(disagreements).toBe(0);
        const sorted = [...model].sort();
        expect(ids.size).toBe(sorted.length);
        expect([...ids]).toEqual(sorted);
        expect(ids.after(undefined, limit)).toEqual(sorted.slice(0, limit));
        expect(ids.after(after, limit)).toEqual(sorted.filter((id) => id > after).slice(0, limit));
      }),
      { numRuns: 150 },
    );
  });

  it('answers empty pages and empty sets', () => {
    const ids = new SortedIds();
    expect(ids.after(undefined, 5)).toEqual([]);
    expect(ids.delete('x')).toBe(false);
    ids.add('b');
    expect(ids.after('a', 0)).toEqual([]);
    expect(ids.after('b', 5)).toEqual([]);
    expect(ids.after('a', 5)).toEqual(['b']);
    ids.clear();
    expect(ids.size).toBe(0);
    expect([...ids]).toEqual([]);
  });
});

describe('AgentIndex', () => {
  it('is a Map whose ids stay sorted as entries come and go', () => {
    const index = new AgentIndex<number>();
    index.set('c', 3).set('a', 1).set('b', 2).set('a', 10);
    expect(index.get('a')).toBe(10);
    expect([...index.ids]).toEqual(['a', 'b', 'c']);
    expect(index.delete('b')).toBe(true);
    expect(index.delete('b')).toBe(false);
    expect([...index.ids]).toEqual(['a', 'c']);
    index.set('d', 4).set('e', 5);
    expect(index.deleteMany(['a', 'zz', 'e'])).toBe(2);
    expect([...index.keys()]).toEqual(['c', 'd']);
    expect([...index.ids]).toEqual(['c', 'd']);
    index.clear();
    expect(index.size).toBe(0);
    expect(index.ids.size).toBe(0);
  });
});
