import { SIGNAL_TYPES, type SensitivitySignal } from '@agentcore/coordination-core';

/** Field names of a stream entry; kept readable so `XRANGE` in redis-cli explains itself. */
export const ORIGIN_FIELD = 'origin';
export const SIGNALS_FIELD = 'signals';

export interface DecodedEntry {
  origin: string;
  signals: SensitivitySignal[];
  /** Items of the entry that were not signals (written by a newer or broken writer); they are skipped. */
  malformed: number;
}

const SIGNAL_TYPE_SET: ReadonlySet<string> = new Set(SIGNAL_TYPES);

/**
 * A cheap shape check for signals read back from Redis. Full validation happens when the
 * receiving service registers them; this only keeps junk from reaching a typed callback.
 */
export function isSignalShaped(value: unknown): value is SensitivitySignal {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    typeof s.signal_id === 'string' &&
    typeof s.agent_id === 'string' &&
    typeof s.signal_type === 'string' &&
    SIGNAL_TYPE_SET.has(s.signal_type) &&
    typeof s.value === 'number' &&
    typeof s.timestamp === 'string' &&
    typeof s.ttl_seconds === 'number' &&
    typeof s.confidence === 'number' &&
    (s.trace_id === undefined || typeof s.trace_id === 'string')
  );
}

/** The replica that wrote an entry, read without parsing its payload: a replica skips its own entries cheaply. */
export function entryOrigin(fields: readonly string[]): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === ORIGIN_FIELD) return fields[i + 1];
  return undefined;
}

/** Parses the flat `[field, value, ...]` list Redis returns for a stream entry; null when unusable. */
export function decodeEntry(fields: readonly string[]): DecodedEntry | null {
  const origin = entryOrigin(fields);
  let payload: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === SIGNALS_FIELD) payload = fields[i + 1];
  if (origin === undefined || payload === undefined) return null;
  let items: unknown;
  try {
    items = JSON.parse(payload);
  } catch {
    return null;
  }
  if (!Array.isArray(items)) return null;
  const signals = items.filter(isSignalShaped);
  return { origin, signals, malformed: items.length - signals.length };
}

/** Parses one JSON-encoded signal (the long-lived keys); null when it is not a signal. */
export function decodeSignal(json: string | null): SensitivitySignal | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return isSignalShaped(value) ? value : null;
  } catch {
    return null;
  }
}

/** Milliseconds part of a stream id (`<ms>-<seq>`): when Redis appended the entry, by Redis' clock. */
export function streamIdMs(id: string): number {
  const dash = id.indexOf('-');
  return Number(dash < 0 ? id : id.slice(0, dash));
}

/** Orders two stream ids; strings do not compare correctly once the ms parts differ in length. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq = '0'] = a.split('-');
  const [bMs, bSeq = '0'] = b.split('-');
  const byMs = BigInt(aMs) - BigInt(bMs);
  if (byMs !== 0n) return byMs < 0n ? -1 : 1;
  const bySeq = BigInt(aSeq) - BigInt(bSeq);
  return bySeq === 0n ? 0 : bySeq < 0n ? -1 : 1;
}

/** Escapes glob metacharacters so a key prefix can be used literally in `SCAN MATCH`. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
