import { z } from 'zod';
import { issuesFromZod, type ValidationIssue } from './errors';
import {
  isValidAgentId,
  MAX_TTL_SECONDS,
  SensitivitySignalInputSchema,
  SIGNAL_TYPES,
  TRACE_ID_MAX_LENGTH,
  UUID_PATTERN,
  type SensitivitySignalInput,
  type SignalType,
} from './models';

/** A validated signal with its defaults still to be applied. */
export interface ParsedSignal {
  signal_id: string | undefined;
  agent_id: string;
  signal_type: SignalType;
  value: number;
  timestampMs: number | undefined;
  ttl_seconds: number | undefined;
  confidence: number | undefined;
  trace_id: string | undefined;
}

const ALLOWED_KEYS = new Set(Object.keys(SensitivitySignalInputSchema.shape));
const SIGNAL_TYPE_SET = new Set<string>(SIGNAL_TYPES);
const IsoTimestampSchema = SensitivitySignalInputSchema.shape.timestamp.unwrap().options[0];

function isUnit(x: unknown): x is number {
  return typeof x === 'number' && x >= 0 && x <= 1; // NaN fails both comparisons
}

/**
 * Validates one signal. The zod schema is the definition; this fast path accepts only
 * input the schema accepts too (a property test pins that down) and hands everything
 * else to zod, which produces the issues. It exists because ingest runs at >500K/s.
 */
export function parseSignal(input: unknown, prefix: readonly PropertyKey[] = []): ParsedSignal | ValidationIssue[] {
  const fast = fastParse(input);
  if (fast !== undefined) return fast;
  const result = SensitivitySignalInputSchema.safeParse(input);
  if (!result.success) return issuesFromZod(result.error, prefix);
  return fromSchema(result.data);
}

/** The fast path alone: a parsed signal, or undefined when it declines (the schema then decides). Exported for its property test. */
export function fastParse(input: unknown): ParsedSignal | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const o = input as Record<string, unknown>;
  for (const key in o) if (!ALLOWED_KEYS.has(key)) return undefined;
  const { agent_id, signal_type, value, signal_id, timestamp, ttl_seconds, confidence, trace_id } = o;
  if (typeof agent_id !== 'string' || !isValidAgentId(agent_id)) return undefined;
  if (typeof signal_type !== 'string' || !SIGNAL_TYPE_SET.has(signal_type)) return undefined;
  if (!isUnit(value)) return undefined;
  if (signal_id !== undefined && (typeof signal_id !== 'string' || !UUID_PATTERN.test(signal_id))) return undefined;
  let timestampMs: number | undefined;
  if (typeof timestamp === 'number') {
    // zod's int() means a safe integer; a wider range would slip past the schema here.
    if (!Number.isSafeInteger(timestamp) || timestamp < 0) return undefined;
    timestampMs = timestamp;
  } else if (typeof timestamp === 'string') {
    if (!IsoTimestampSchema.safeParse(timestamp).success) return undefined;
    timestampMs = Date.parse(timestamp);
  } else if (timestamp !== undefined) return undefined;
  if (
    ttl_seconds !== undefined &&
    (typeof ttl_seconds !== 'number' || !Number.isInteger(ttl_seconds) || ttl_seconds <= 0 || ttl_seconds > MAX_TTL_SECONDS)
  )
    return undefined;
  if (confidence !== undefined && !isUnit(confidence)) return undefined;
  if (trace_id !== undefined && (typeof trace_id !== 'string' || trace_id.length === 0 || trace_id.length > TRACE_ID_MAX_LENGTH))
    return undefined;
  return {
    signal_id: signal_id as string | undefined,
    agent_id,
    signal_type: signal_type as SignalType,
    value,
    timestampMs,
    ttl_seconds: ttl_seconds as number | undefined,
    confidence: confidence as number | undefined,
    trace_id: trace_id as string | undefined,
  };
}

function fromSchema(data: z.output<typeof SensitivitySignalInputSchema>): ParsedSignal {
  return {
    signal_id: data.signal_id,
    agent_id: data.agent_id,
    signal_type: data.signal_type,
    value: data.value,
    timestampMs: typeof data.timestamp === 'string' ? Date.parse(data.timestamp) : data.timestamp,
    ttl_seconds: data.ttl_seconds,
    confidence: data.confidence,
    trace_id: data.trace_id,
  };
}

export type { SensitivitySignalInput };
