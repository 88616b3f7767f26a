import type { SelectionFallback, SignalType } from '@agentcore/coordination-core';

/**
 * The events of the server's `GET /events` stream (Server-Sent Events), by name, with what their
 * `data` carries. The server builds its events from this map too: it is the one definition of
 * the stream's wire format, as `CoordinationMethods` is for JSON-RPC. Every payload has `time`,
 * when the server produced the event (ISO-8601).
 */
export interface CoordinationEventMap {
  /**
   * Signals accepted for one agent, coalesced: at most one event per agent per interval (1 s by
   * default), with the latest value of each type reported in it and how many signals arrived.
   */
  signals: { time: string; agent_id: string; count: number; latest: Partial<Record<SignalType, number>>; last_timestamp: string };
  /**
   * The agent's newest signal is older than half its `ttl_seconds`: it missed at least one report
   * if it reports every TTL/2. Sent once; its next `signals` event ends it.
   */
  agent_stale: { time: string; agent_id: string; last_timestamp: string; ttl_seconds: number };
  /** The server forgot the agent: every signal of it expired. */
  agent_expired: { time: string; agent_id: string };
  /** An overload prediction: the agent's load is expected to reach `threshold` within `horizon_seconds`. */
  overload_predicted: {
    time: string;
    agent_id: string;
    probability: number;
    time_to_overload_seconds: number | null;
    predicted_load: number;
    current_load: number;
    horizon_seconds: number;
    threshold: number;
  };
  /** The agent is no longer predicted to overload. */
  overload_cleared: { time: string; agent_id: string; probability: number | null; current_load: number | null };
  /**
   * `coordination.select` changed between coordinated picks and random fallbacks. The mode of an
   * interval is the one most of its selections had; `selections` counts them by mode.
   */
  selection_mode: { time: string; mode: SelectionMode; previous: SelectionMode; selections: Record<SelectionMode, number> };
  /** Selection leaves the agent out until `until`, after repeated failures. */
  agent_ejected: { time: string; agent_id: string; until: string | null };
  /** The agent is back in selection. */
  agent_restored: { time: string; agent_id: string };
  /** Replication through Redis fails: this replica serves from memory and buffers what it accepts. */
  replication_degraded: { time: string; mode: ReplicationMode; previous: ReplicationMode; last_error: string | null; buffered: number };
  /** Replication works again. */
  replication_recovered: { time: string; mode: ReplicationMode; previous: ReplicationMode; last_error: string | null; buffered: number };
  /**
   * Sent first on a connection whose `Last-Event-ID` the server cannot resume from (too old for
   * its buffer, or from another server process): events were missed, so read the state again.
   */
  reset: { time: string; reason: 'expired_id' | 'unknown_id'; last_event_id: string };
}

export type CoordinationEventType = keyof CoordinationEventMap;

/** How `coordination.select` picks: by score, or at random for lack of usable signals. */
export type SelectionMode = 'coordinated' | SelectionFallback;
export type ReplicationMode = 'memory' | 'connected' | 'degraded';

/** Every event name, in the order of the map; what the `types` filter accepts. */
export const COORDINATION_EVENT_TYPES = [
  'signals',
  'agent_stale',
  'agent_expired',
  'overload_predicted',
  'overload_cleared',
  'selection_mode',
  'agent_ejected',
  'agent_restored',
  'replication_degraded',
  'replication_recovered',
  'reset',
] as const satisfies readonly CoordinationEventType[];

// The list and the map name the same events: fails to compile otherwise.
type Unlisted = Exclude<CoordinationEventType, (typeof COORDINATION_EVENT_TYPES)[number]>;
const everyEventIsListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyEventIsListed;

/** One event as `CoordinationClient.events()` yields it: `type` tells `data` apart. */
export type CoordinationEvent = {
  [K in CoordinationEventType]: { id: string; type: K; data: CoordinationEventMap[K] };
}[CoordinationEventType];
