import type { CoordinationEventMap, CoordinationEventType } from '@agentcore/coordination-client';
import type { CoordinationService } from '@agentcore/coordination-core';

/** A stream event built from a core event: its type, the agent it is about, and its data (`time` is added when logged). */
export type Translated = {
  [K in CoordinationEventType]: { type: K; agentId: string; data: Omit<CoordinationEventMap[K], 'time'> };
}[CoordinationEventType];

/**
 * Core events that become stream events, one row each: core's event name, and how its payload
 * becomes the stream's. Rows for events core does not emit yet are harmless: `subscribeCore`
 * skips them, and they flow the moment core has them. Payloads are read defensively for the
 * same reason: a row must not break when core's payload gains a field.
 *
 * `family` groups events about the same thing (an overload predicted, then cleared): within one
 * interval only the latest of a family per agent is sent, so a router polling
 * `coordination.predict` cannot flood the stream.
 */
export const CORE_EVENTS: readonly CoreEventRow[] = [
  {
    core: 'agentExpired',
    translate: (payload) => withAgent(payload, (agentId) => ({ type: 'agent_expired', agentId, data: { agent_id: agentId } })),
  },
  {
    core: 'overloadPredicted',
    family: 'overload',
    translate: (payload) =>
      withAgent(payload, (agentId, p) => ({
        type: 'overload_predicted',
        agentId,
        data: {
          agent_id: agentId,
          probability: numberOr(p.probability, 0),
          time_to_overload_seconds: numberOrNull(p.time_to_overload_seconds),
          predicted_load: numberOr(p.predicted_load, 0),
          current_load: numberOr(p.current_load, 0),
          horizon_seconds: numberOr(p.horizon_seconds, 0),
          threshold: numberOr(p.threshold, 0),
        },
      })),
  },
  {
    core: 'overloadCleared',
    family: 'overload',
    translate: (payload) =>
      withAgent(payload, (agentId, p) => ({
        type: 'overload_cleared',
        agentId,
        data: { agent_id: agentId, probability: numberOrNull(p.probability), current_load: numberOrNull(p.current_load) },
      })),
  },
  {
    core: 'agentEjected',
    family: 'ejection',
    translate: (payload) =>
      withAgent(payload, (agentId, p) => {
        const untilMs = numberOrNull(p.untilMs ?? p.until_ms);
        return { type: 'agent_ejected', agentId, data: { agent_id: agentId, until: untilMs === null ? null : new Date(untilMs).toISOString() } };
      }),
  },
  {
    core: 'agentRestored',
    family: 'ejection',
    translate: (payload) => withAgent(payload, (agentId) => ({ type: 'agent_restored', agentId, data: { agent_id: agentId } })),
  },
];

export interface CoreEventRow {
  /** The name core emits it under (`CoordinationService.on`). */
  core: string;
  family?: string;
  translate(payload: unknown): Translated | undefined;
}

type Untyped = (event: string, listener: (payload: unknown) => void) => () => void;

/**
 * Subscribes to one core event by name. Core's `on` is typed by the events it has; one it does
 * not have (yet) throws or is never emitted, and either way nothing is subscribed.
 */
export function subscribeCore(service: CoordinationService, event: string, listener: (payload: unknown) => void): (() => void) | undefined {
  try {
    return (service.on as unknown as Untyped).call(service, event, listener);
  } catch {
    return undefined;
  }
}

/** Core names an agent by a string payload (`agentExpired`) or an object with `agent_id` / `agentId`. */
function withAgent(payload: unknown, build: (agentId: string, fields: Record<string, unknown>) => Translated): Translated | undefined {
  if (typeof payload === 'string') return build(payload, {});
  if (typeof payload !== 'object' || payload === null) return undefined;
  const fields = payload as Record<string, unknown>;
  const agentId = fields.agent_id ?? fields.agentId;
  return typeof agentId === 'string' ? build(agentId, fields) : undefined;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
