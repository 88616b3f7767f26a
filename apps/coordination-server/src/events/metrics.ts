import { Counter, Gauge, type Registry } from 'prom-client';
import { COORDINATION_EVENT_TYPES, type CoordinationEventType } from '@agentcore/coordination-client';

export interface EventStreamMetrics {
  streamOpened(): void;
  streamClosed(): void;
  sent(type: CoordinationEventType): void;
  consumerDropped(): void;
  streamRefused(): void;
}

/** The `/events` metrics, in the server's registry. */
export function createEventStreamMetrics(registry: Registry): EventStreamMetrics {
  const registers = [registry];
  const streams = new Gauge({ name: 'coordination_events_streams', help: 'Connected GET /events streams.', registers });
  const sent = new Counter({ name: 'coordination_events_sent_total', help: 'Events written to /events streams, by event type.', labelNames: ['type'], registers });
  const dropped = new Counter({
    name: 'coordination_events_dropped_consumers_total',
    help: 'Event streams disconnected because the client read too slowly and its queue overflowed.',
    registers,
  });
  const refused = new Counter({
    name: 'coordination_events_refused_streams_total',
    help: 'GET /events requests refused because COORDINATION_EVENTS_MAX_STREAMS streams were open.',
    registers,
  });
  // Every type's series exists from the start, so rates work before the first event.
  for (const type of COORDINATION_EVENT_TYPES) sent.labels({ type }).inc(0);
  const children = new Map(COORDINATION_EVENT_TYPES.map((type) => [type, sent.labels({ type })]));
  return {
    streamOpened: () => streams.inc(),
    streamClosed: () => streams.dec(),
    sent: (type) => children.get(type)?.inc(),
    consumerDropped: () => dropped.inc(),
    streamRefused: () => refused.inc(),
  };
}
