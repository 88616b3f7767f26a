import { CoordinationClient } from '@agentcore/coordination-client';
import type { AgentCoordinationState } from '@agentcore/coordination-core';
import type { StateFetcher } from './remote-source';

const PAGE_SIZE = 500;

/** Reads agent states from a coordination-server with the typed client: by id in chunks, or every agent page by page. */
export function clientStateFetcher(client: CoordinationClient): StateFetcher {
  return {
    async fetchStates(agentIds: readonly string[] | undefined): Promise<AgentCoordinationState[]> {
      const out: AgentCoordinationState[] = [];
      if (agentIds !== undefined) {
        for (let i = 0; i < agentIds.length; i += PAGE_SIZE) {
          out.push(...(await client.states(agentIds.slice(i, i + PAGE_SIZE))));
        }
        return out;
      }
      let cursor: string | null = null;
      do {
        const page = await client.listStates({ limit: PAGE_SIZE, cursor });
        out.push(...page.states);
        cursor = page.next_cursor;
      } while (cursor !== null);
      return out;
    },
  };
}

/**
 * A client for the refresh loop: one attempt per refresh (the loop itself is the retry, and
 * the circuit breaker decides when to stop), bounded by the refresh timeout.
 */
export function refreshClient(url: string, token: string | undefined, timeoutMs: number): CoordinationClient {
  return new CoordinationClient({ url, token, timeoutMs, retry: { retries: 0 } });
}
