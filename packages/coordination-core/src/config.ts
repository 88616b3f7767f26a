import { ConfigError } from './errors';
import type { Weights } from './models';

/** Effective configuration of the coordination logic (the variables are listed in docs/coordination-core.md, Configuration). */
export interface CoordinationConfig {
  enableRep: boolean;
  signalTtlSeconds: number;
  maxHistorySize: number;
  cleanupIntervalSeconds: number;
  weights: Weights;
  capacityScale: number;
  latencyScaleMs: number;
}

export const DEFAULT_WEIGHTS: Weights = Object.freeze({
  load: 0.25,
  capacity: 0.25,
  quality: 0.2,
  cost: 0.15,
  availability: 0.15,
  latency: 0,
});

export const DEFAULT_CONFIG: Readonly<CoordinationConfig> = Object.freeze({
  enableRep: true,
  signalTtlSeconds: 60,
  maxHistorySize: 100,
  cleanupIntervalSeconds: 300,
  weights: DEFAULT_WEIGHTS,
  capacityScale: 16,
  latencyScaleMs: 10_000,
});

export type Env = Readonly<Record<string, string | undefined>>;

/** Weights are relative; bounding them keeps their sum finite (1e308 + 1e308 overflows). */
export const MAX_WEIGHT = 1e6;

/**
 * Checks a configuration handed to the service directly (loadConfig checks the environment
 * the same way): a bad value fails at construction, naming the field, rather than silently
 * dropping every signal or reversing the ranking later.
 */
export function validateConfig(config: CoordinationConfig): void {
  const check = (field: string, value: unknown, ok: boolean, expected: string) => {
    if (!ok) throw new ConfigError(field, expected, String(value));
  };
  const positiveInt = (v: number, min = 1) => Number.isInteger(v) && v >= min;
  check('enableRep', config.enableRep, typeof config.enableRep === 'boolean', 'a boolean');
  check('signalTtlSeconds', config.signalTtlSeconds, positiveInt(config.signalTtlSeconds), 'an integer >= 1');
  check('maxHistorySize', config.maxHistorySize, positiveInt(config.maxHistorySize, 2), 'an integer >= 2');
  check('cleanupIntervalSeconds', config.cleanupIntervalSeconds, positiveInt(config.cleanupIntervalSeconds), 'an integer >= 1');
  check('capacityScale', config.capacityScale, Number.isFinite(config.capacityScale) && config.capacityScale > 0, 'a finite number > 0');
  check('latencyScaleMs', config.latencyScaleMs, Number.isFinite(config.latencyScaleMs) && config.latencyScaleMs > 0, 'a finite number > 0');
  const w = config.weights;
  const values = [w.load, w.capacity, w.quality, w.cost, w.availability, w.latency];
  check(
    'weights',
    JSON.stringify(w),
    values.every((v) => Number.isFinite(v) && v >= 0 && v <= MAX_WEIGHT) && values.some((v) => v > 0),
    `finite non-negative routing weights (each <= ${MAX_WEIGHT}) with a sum > 0`,
  );
}

/** Reads one variable; blank counts as unset so `FOO= cmd` falls back to the default. */
function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const lowered = value.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lowered)) return true;
  if (['false', '0', 'no', 'off'].includes(lowered)) return false;
  throw new ConfigError(name, 'true or false', value);
}

export function readNumber(
  env: Env,
  name: string,
  fallback: number,
  rule: { integer?: boolean; min?: number; minExclusive?: number; max?: number },
): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const expected = [
    rule.integer ? 'an integer' : 'a number',
    rule.minExclusive !== undefined ? `> ${rule.minExclusive}` : undefined,
    rule.min !== undefined ? `>= ${rule.min}` : undefined,
    rule.max !== undefined ? `<= ${rule.max}` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  // Number('') and Number('0x10') are too lenient; accept plain decimal notation only.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) throw new ConfigError(name, expected, value);
  const parsed = Number(value);
  const bad =
    !Number.isFinite(parsed) ||
    (rule.integer === true && !Number.isInteger(parsed)) ||
    (rule.min !== undefined && parsed < rule.min) ||
    (rule.minExclusive !== undefined && parsed <= rule.minExclusive) ||
    (rule.max !== undefined && parsed > rule.max);
  if (bad) throw new ConfigError(name, expected, value);
  return parsed;
}

const WEIGHT_VARIABLES: ReadonlyArray<[keyof Weights, string]> = [
  ['load', 'ROUTING_WEIGHT_LOAD'],
  ['capacity', 'ROUTING_WEIGHT_CAPACITY'],
  ['quality', 'ROUTING_WEIGHT_QUALITY'],
  ['cost', 'ROUTING_WEIGHT_COST'],
  ['availability', 'ROUTING_WEIGHT_AVAILABILITY'],
  ['latency', 'ROUTING_WEIGHT_LATENCY'],
];

/**
 * Builds the configuration from environment variables, validating every one.
 * Throws a ConfigError naming the variable and the expected form on the first bad value.
 */
export function loadConfig(env: Env = {}): CoordinationConfig {
  const weights = Object.fromEntries(
    WEIGHT_VARIABLES.map(([dimension, variable]) => [
      dimension,
      readNumber(env, variable, DEFAULT_WEIGHTS[dimension], { min: 0, max: MAX_WEIGHT }),
    ]),
  ) as Record<keyof Weights, number>;
  const total = Object.values(weights).reduce((sum, w) => sum + w, 0);
  if (total <= 0) {
    throw new ConfigError(
      WEIGHT_VARIABLES.map(([, variable]) => variable).join('+'),
      'routing weights with a sum > 0',
      String(total),
    );
  }
  return {
    enableRep: readBoolean(env, 'COORDINATION_ENABLE_REP', DEFAULT_CONFIG.enableRep),
    signalTtlSeconds: readNumber(env, 'COORDINATION_SIGNAL_TTL', DEFAULT_CONFIG.signalTtlSeconds, {
      integer: true,
      min: 1,
      max: 7 * 24 * 3600,
    }),
    maxHistorySize: readNumber(env, 'COORDINATION_MAX_HISTORY_SIZE', DEFAULT_CONFIG.maxHistorySize, {
      integer: true,
      min: 2,
      max: 100_000,
    }),
    cleanupIntervalSeconds: readNumber(env, 'COORDINATION_CLEANUP_INTERVAL', DEFAULT_CONFIG.cleanupIntervalSeconds, {
      integer: true,
      min: 1,
    }),
    weights: normaliseWeights(weights),
    capacityScale: readNumber(env, 'COORDINATION_CAPACITY_SCALE', DEFAULT_CONFIG.capacityScale, { minExclusive: 0 }),
    latencyScaleMs: readNumber(env, 'COORDINATION_LATENCY_SCALE_MS', DEFAULT_CONFIG.latencyScaleMs, { minExclusive: 0 }),
  };
}

/** Every dimension of a profile; those it leaves out weigh 0. */
export function completeWeights(weights: Partial<Record<keyof Weights, number>>): Weights {
  return {
    load: weights.load ?? 0,
    capacity: weights.capacity ?? 0,
    quality: weights.quality ?? 0,
    cost: weights.cost ?? 0,
    availability: weights.availability ?? 0,
    latency: weights.latency ?? 0,
  };
}

/** Scales weights so they sum to 1. The caller guarantees a positive sum. */
export function normaliseWeights(weights: Partial<Record<keyof Weights, number>>): Weights {
  const full = completeWeights(weights);
  const total = full.load + full.capacity + full.quality + full.cost + full.availability + full.latency;
  return Object.freeze({
    load: full.load / total,
    capacity: full.capacity / total,
    quality: full.quality / total,
    cost: full.cost / total,
    availability: full.availability / total,
    latency: full.latency / total,
  });
}
