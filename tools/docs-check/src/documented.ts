/**
 * Whether an answer is what the documentation shows, where the docs write `…` for what varies:
 *
 * - the value `"…"` stands for any value;
 * - `…` inside a string stands for any text there (`"0b7e…"`, `"Parse error: …"`);
 * - an object with a `"…": "…"` entry may have more fields than the ones shown; without it, the
 *   answer has exactly the fields shown;
 * - an array whose last element is `"…"` may go on with more elements;
 * - a number with decimals matches what rounds to it at that many decimals (docs show 0.505395
 *   for 0.5053949999999999); every other value is equal: whole numbers, booleans, null, strings
 *   without `…`.
 *
 * For text, each line is compared the same way (`…` inside a line is any text), and a line that
 * is only `…` stands for any number of lines.
 *
 * Returns the differences, as `path: what`, empty when the answer is as documented.
 */
export function jsonDifferences(actual: unknown, documented: unknown, path = '$'): string[] {
  if (documented === ELLIPSIS) return [];
  if (typeof documented === 'string') {
    if (typeof actual !== 'string') return [`${path}: expected a string like ${JSON.stringify(documented)}, got ${JSON.stringify(actual)}`];
    return matchesPattern(actual, documented) ? [] : [`${path}: expected ${JSON.stringify(documented)}, got ${JSON.stringify(actual)}`];
  }
  if (Array.isArray(documented)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${JSON.stringify(actual)}`];
    const open = documented.length > 0 && documented[documented.length - 1] === ELLIPSIS;
    const shown = open ? documented.slice(0, -1) : documented;
    const out: string[] = [];
    if (open ? actual.length < shown.length : actual.length !== shown.length) {
      out.push(`${path}: expected ${open ? 'at least ' : ''}${shown.length} elements, got ${actual.length}`);
    }
    for (let i = 0; i < Math.min(shown.length, actual.length); i++) out.push(...jsonDifferences(actual[i], shown[i], `${path}[${i}]`));
    return out;
  }
  if (documented !== null && typeof documented === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    const shown = documented as Record<string, unknown>;
    const given = actual as Record<string, unknown>;
    const open = shown[ELLIPSIS] === ELLIPSIS;
    const out: string[] = [];
    for (const key of Object.keys(shown)) {
      if (key === ELLIPSIS) continue;
      if (!(key in given)) out.push(`${path}.${key}: missing`);
      else out.push(...jsonDifferences(given[key], shown[key], `${path}.${key}`));
    }
    if (!open) for (const key of Object.keys(given)) if (!(key in shown)) out.push(`${path}.${key}: not shown in the docs (add it, or "…": "…")`);
    return out;
  }
  if (typeof documented === 'number' && typeof actual === 'number' && !Number.isInteger(documented)) {
    const decimals = String(documented).split('.')[1]?.length ?? 0;
    if (Math.abs(actual - documented) <= 0.5 * 10 ** -decimals + Number.EPSILON) return [];
  }
  return Object.is(actual, documented) ? [] : [`${path}: expected ${JSON.stringify(documented)}, got ${JSON.stringify(actual)}`];
}

/** Text compared line by line (see `jsonDifferences`); empty when it matches. */
export function textDifferences(actual: string, documented: string): string[] {
  const lines = actual.replace(/\s+$/, '').split('\n');
  const shown = documented.replace(/\s+$/, '').split('\n');
  return linesMatch(lines, 0, shown, 0) ? [] : [`expected:\n${documented}\ngot:\n${actual}`];
}

export const ELLIPSIS = '…';

function linesMatch(lines: string[], i: number, shown: string[], j: number): boolean {
  if (j === shown.length) return i === lines.length;
  if (shown[j].trim() === ELLIPSIS) {
    for (let skip = i; skip <= lines.length; skip++) if (linesMatch(lines, skip, shown, j + 1)) return true;
    return false;
  }
  return i < lines.length && matchesPattern(lines[i], shown[j]) && linesMatch(lines, i + 1, shown, j + 1);
}

function matchesPattern(actual: string, documented: string): boolean {
  if (!documented.includes(ELLIPSIS)) return actual === documented;
  const regex = documented
    .split(ELLIPSIS)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*');
  return new RegExp(`^${regex}$`).test(actual);
}
