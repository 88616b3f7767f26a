import type { Env, Logger } from '@agentcore/coordination-core';
import { ENVIRONMENT } from './environment';

/**
 * Variables of the same families that other parts of the project read: routers with
 * RIPPLE_COORDINATION (docs/router.md) and the test suites. A deployment that shares one
 * environment between them is not warned about these.
 */
export const OTHER_COMPONENTS_VARIABLES = Object.freeze([
  'COORDINATION_SERVER_URL',
  'COORDINATION_TOKEN',
  'COORDINATION_TEST_REDIS_URL',
  'RIPPLE_MODE',
  'RIPPLE_FALLBACK_STRATEGY',
  'RIPPLE_REFRESH_INTERVAL_MS',
  'RIPPLE_MAX_STALENESS_MS',
  'RIPPLE_REQUEST_TIMEOUT_MS',
  'RIPPLE_CIRCUIT_FAILURES',
  'RIPPLE_CIRCUIT_COOLDOWN_MS',
  'RIPPLE_ADMISSION',
] as const);

/** The prefixes whose variables belong to this project: a name under them that nobody reads is most likely a typo. */
const OWN_PREFIXES = /^(COORDINATION_|ROUTING_|RIPPLE_)/;

export interface UnknownVariable {
  name: string;
  /** The known name it most likely meant, when one is close. */
  closest?: string;
}

/**
 * Variables under the project's prefixes that nothing reads: a typo (`COORDINATION_RATE_LIMT`)
 * would otherwise leave the default in force without a word.
 */
export function unknownVariables(env: Env): UnknownVariable[] {
  const known = [...ENVIRONMENT.map((variable) => variable.name), ...OTHER_COMPONENTS_VARIABLES];
  const knownSet = new Set<string>(known);
  const out: UnknownVariable[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!OWN_PREFIXES.test(name) || knownSet.has(name)) continue;
    const closest = closestName(name, known);
    out.push(closest === undefined ? { name } : { name, closest });
  }
  return out;
}

/** The known name within a few edits of `name` (a third of its length, at most 4), if any. */
function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(4, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(name, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below it. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return Math.min(previous[b.length], limit);
}

/** Warns once, in one line, about the unknown variables of `env`, with the names they most likely meant; values are never logged. */
export function warnUnknownVariables(env: Env, logger: Logger): void {
  const unknown = unknownVariables(env);
  if (unknown.length === 0) return;
  logger.warn('unknown configuration variables ignored', {
    variables: unknown.map((v) => v.name),
    did_you_mean: Object.fromEntries(unknown.flatMap((v) => (v.closest === undefined ? [] : [[v.name, v.closest]]))),
  });
}
