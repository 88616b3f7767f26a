import { readNumber, type Env } from '@agentcore/coordination-core';

/** The `GET /events` stream's limits (`COORDINATION_EVENTS_*`, see docs/server.md). */
export interface EventStreamSettings {
  /** Events kept for `Last-Event-ID` resume; an older id gets `reset`. */
  bufferSize: number;
  /** Seconds between heartbeat comments on an idle stream (keeps proxies from closing it). */
  heartbeatSeconds: number;
  /** Concurrent streams; more are refused with 503. 0 turns `/events` off. */
  maxStreams: number;
  /** Events a stream may still have waiting for its socket when an interval ends; more, and it is dropped. */
  queueLimit: number;
  /** Coalescing interval: at most one `signals` event per agent per interval; stale agents and mode changes are checked as often. */
  intervalMs: number;
}

export const EVENT_STREAM_DEFAULTS: Readonly<EventStreamSettings> = Object.freeze({
  bufferSize: 1000,
  heartbeatSeconds: 15,
  maxStreams: 100,
  queueLimit: 1000,
  intervalMs: 1000,
});

export function loadEventStreamSettings(env: Env): EventStreamSettings {
  const d = EVENT_STREAM_DEFAULTS;
  return {
    bufferSize: readNumber(env, 'COORDINATION_EVENTS_BUFFER', d.bufferSize, { integer: true, min: 1, max: 1_000_000 }),
    heartbeatSeconds: readNumber(env, 'COORDINATION_EVENTS_HEARTBEAT', d.heartbeatSeconds, { min: 0.1, max: 3600 }),
    maxStreams: readNumber(env, 'COORDINATION_EVENTS_MAX_STREAMS', d.maxStreams, { integer: true, min: 0, max: 100_000 }),
    queueLimit: readNumber(env, 'COORDINATION_EVENTS_QUEUE', d.queueLimit, { integer: true, min: 1, max: 1_000_000 }),
    intervalMs: readNumber(env, 'COORDINATION_EVENTS_INTERVAL_MS', d.intervalMs, { integer: true, min: 10, max: 60_000 }),
  };
}
