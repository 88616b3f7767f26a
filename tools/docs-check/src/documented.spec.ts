import { jsonDifferences, textDifferences } from './documented';

describe('jsonDifferences', () => {
  it('is empty for an equal answer, and names each difference by path', () => {
    expect(jsonDifferences({ a: 1, b: [true, null, 'x'] }, { a: 1, b: [true, null, 'x'] })).toEqual([]);
    expect(jsonDifferences({ a: 2, b: [false] }, { a: 1, b: [true] })).toEqual(['$.a: expected 1, got 2', '$.b[0]: expected true, got false']);
  });

  it('matches a number with decimals to what rounds to it at that many decimals; whole numbers exactly', () => {
    expect(jsonDifferences({ a: 0.5053949999999999, b: 0.6499999 }, { a: 0.505395, b: 0.65 })).toEqual([]);
    expect(jsonDifferences({ a: 0.64 }, { a: 0.65 })).toEqual(['$.a: expected 0.65, got 0.64']);
    expect(jsonDifferences({ a: 2.4 }, { a: 2 })).toEqual(['$.a: expected 2, got 2.4']);
    expect(jsonDifferences({ a: '0.65' }, { a: 0.65 })).toEqual(['$.a: expected 0.65, got "0.65"']);
  });

  it('takes "…" as any value, and … inside a string as any text', () => {
    expect(jsonDifferences({ id: 42, name: '0b7e-1234', message: 'Parse error: at 3' }, { id: '…', name: '0b7e…', message: 'Parse error: …' })).toEqual([]);
    expect(jsonDifferences({ name: 'ab' }, { name: '0b7e…' })).toEqual(['$.name: expected "0b7e…", got "ab"']);
    expect(jsonDifferences({ name: 3 }, { name: 'a…' })).toEqual(['$.name: expected a string like "a…", got 3']);
  });

  it('wants exactly the fields shown, unless "…": "…" says there are more', () => {
    expect(jsonDifferences({ a: 1, extra: 2 }, { a: 1 })).toEqual(['$.extra: not shown in the docs (add it, or "…": "…")']);
    expect(jsonDifferences({ a: 1, extra: 2 }, { a: 1, '…': '…' })).toEqual([]);
    expect(jsonDifferences({ extra: 2 }, { a: 1, '…': '…' })).toEqual(['$.a: missing']);
  });

  it('wants exactly the elements shown, unless the last is "…"', () => {
    expect(jsonDifferences([1, 2, 3], [1, '…'])).toEqual([]);
    expect(jsonDifferences([], [1, '…'])).toEqual(['$: expected at least 1 elements, got 0']);
    expect(jsonDifferences([1, 2], [1])).toEqual(['$: expected 1 elements, got 2']);
    expect(jsonDifferences({}, [1])).toEqual(['$: expected an array, got {}']);
    expect(jsonDifferences([], { a: 1 })).toEqual(['$: expected an object, got []']);
    expect(jsonDifferences(null, { a: 1 })).toEqual(['$: expected an object, got null']);
  });
});

describe('textDifferences', () => {
  it('compares line by line, … in a line being any text and a line of … any lines', () => {
    expect(textDifferences('204\n', '204')).toEqual([]);
    expect(textDifferences('state of a (last updated 2026-12-01T06:28:19.723Z):\n  x', 'state of a (last updated …):\n  x')).toEqual([]);
    expect(textDifferences('head\n1\n2\n3\ntail', 'head\n…\ntail')).toEqual([]);
    expect(textDifferences('head\ntail', 'head\n…\ntail')).toEqual([]);
    expect(textDifferences('head\n1', 'head\n…\ntail')).toHaveLength(1);
    expect(textDifferences('a\nb', 'a')).toHaveLength(1);
    expect(textDifferences('a', 'a\nb')).toHaveLength(1);
  });
});
