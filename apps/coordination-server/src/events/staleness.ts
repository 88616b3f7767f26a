import type { Freshness } from './signal-coalescer';

interface Tracked {
  staleAtMs: number;
  lastTimestamp: string;
  ttlSeconds: number;
  stale: boolean;
}

/**
 * Which agents went quiet. An agent turns stale when its newest signal (of any type) is older
 * than half that signal's `ttl_seconds`: an agent that reports every TTL/2, as docs/client.md
 * advises, has then missed a report, and its state expires at the full TTL unless it reports
 * again. Each agent turns stale once; its next report makes it fresh again.
 *
 * `due` visits every tracked agent, once per interval: a comparison each, far below the cost of
 * the signals that keep them tracked.
 */
export class StalenessTracker {
  private readonly agents = new Map<string, Tracked>();

  observe(update: Freshness): void {
    const tracked = this.agents.get(update.agentId);
    if (tracked === undefined) {
      this.agents.set(update.agentId, { staleAtMs: update.staleAtMs, lastTimestamp: update.lastTimestamp, ttlSeconds: update.ttlSeconds, stale: false });
    } else if (update.staleAtMs > tracked.staleAtMs) {
      tracked.staleAtMs = update.staleAtMs;
      tracked.lastTimestamp = update.lastTimestamp;
      tracked.ttlSeconds = update.ttlSeconds;
      tracked.stale = false;
    }
  }

  /** The agent is gone (expired): nothing more to say about it. */
  forget(agentId: string): void {
    this.agents.delete(agentId);
  }

  /** Agents that turned stale since the last call. */
  due(nowMs: number): Array<{ agentId: string; lastTimestamp: string; ttlSeconds: number }> {
    const out: Array<{ agentId: string; lastTimestamp: string; ttlSeconds: number }> = [];
    for (const [agentId, tracked] of this.agents) {
      if (tracked.stale || tracked.staleAtMs > nowMs) continue;
      tracked.stale = true;
      out.push({ agentId, lastTimestamp: tracked.lastTimestamp, ttlSeconds: tracked.ttlSeconds });
    }
    return out;
  }
}
