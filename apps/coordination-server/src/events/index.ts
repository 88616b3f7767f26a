export { createEventStream, type EventStream, type EventStreamDeps } from './event-stream';
export { loadEventStreamSettings, EVENT_STREAM_DEFAULTS, type EventStreamSettings } from './settings';
