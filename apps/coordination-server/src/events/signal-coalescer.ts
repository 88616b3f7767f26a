import type { CoordinationEventMap } from '@agentcore/coordination-client';
import type { SensitivitySignal, SignalType } from '@agentcore/coordination-core';

type SignalsEvent = Omit<CoordinationEventMap['signals'], 'time'>;

interface Pending {
  count: number;
  latest: Partial<Record<SignalType, number>>;
  /** ISO timestamps of the values in `latest`: ISO strings of one format order as their times do. */
  timestamps: Partial<Record<SignalType, string>>;
  ttls: Partial<Record<SignalType, number>>;
}

/** What a flush tells the staleness tracker about an agent: when its newest report turns stale. */
export interface Freshness {
  agentId: string;
  staleAtMs: number;
  lastTimestamp: string;
  ttlSeconds: number;
}

/**
 * Turns accepted signals into at most one `signals` event per agent per interval. `add` runs on
 * the signal path, so it only updates a map entry; `flush` (once per interval, off that path)
 * builds the events.
 */
export class SignalCoalescer {
  private pending = new Map<string, Pending>();

  add(signal: SensitivitySignal): void {
    let entry = this.pending.get(signal.agent_id);
    if (entry === undefined) {
      entry = { count: 0, latest: {}, timestamps: {}, ttls: {} };
      this.pending.set(signal.agent_id, entry);
    }
    entry.count++;
    const type = signal.signal_type;
    const previous = entry.timestamps[type];
    // A late report (older than one already seen) does not replace the newer value.
    if (previous === undefined || signal.timestamp >= previous) {
      entry.latest[type] = signal.value;
      entry.timestamps[type] = signal.timestamp;
      entry.ttls[type] = signal.ttl_seconds;
    }
  }

  /** The events of the interval, and each agent's freshness after it. */
  flush(): { events: SignalsEvent[]; freshness: Freshness[] } {
    const events: SignalsEvent[] = [];
    const freshness: Freshness[] = [];
    for (const [agentId, entry] of this.pending) {
      let lastTimestamp = '';
      let staleAtMs = -Infinity;
      let ttlSeconds = 0;
      for (const type of Object.keys(entry.timestamps) as SignalType[]) {
        const timestamp = entry.timestamps[type] as string;
        const ttl = entry.ttls[type] as number;
        if (timestamp > lastTimestamp) lastTimestamp = timestamp;
        const staleAt = Date.parse(timestamp) + (ttl * 1000) / 2;
        if (staleAt > staleAtMs) {
          staleAtMs = staleAt;
          ttlSeconds = ttl;
        }
      }
      events.push({ agent_id: agentId, count: entry.count, latest: entry.latest, last_timestamp: lastTimestamp });
      freshness.push({ agentId, staleAtMs, lastTimestamp, ttlSeconds });
    }
    this.pending = new Map();
    return { events, freshness };
  }
}
