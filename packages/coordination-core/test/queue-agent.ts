import { seededRandom } from '../src';
import type { Harness } from './harness';

/** An M/M/c/K agent driven in the harness's virtual time, reporting to its service like a real one. */
export interface QueueAgentSpec {
  id: string;
  slots: number;
  /** Waiting room beyond the slots (K − c). */
  queue: number;
  serviceMs: number;
  /** Arrivals per second at virtual time t (ms since the start of `run`). */
  rate: (tMs: number) => number;
  /** Load, capacity and latency reported this often (default every 10 s). */
  reportEveryMs?: number;
  /** Latency the agent reports (ms); its true mean service time when absent. */
  reportedLatencyMs?: number;
  /** Share of arrivals routed through the service (recordAssignment / recordCompletion). Default 1. */
  visibleShare?: number;
}

interface Event {
  at: number;
  kind: 'arrival' | 'end' | 'report' | 'scan';
  agent: number;
  visible: boolean;
}

export interface QueueRun {
  /** Every load report each agent made: virtual ms and value. */
  reports: Map<string, Array<{ atMs: number; load: number }>>;
}

/**
 * Runs `agents` for `durationMs` of virtual time on the harness's clock: Poisson arrivals (the
 * visible share told to the service as picks, their ends as completions), exponential service,
 * load reports every 10 s (in-flight ÷ slots, 1 when queueing), capacity (slots ÷ 16) and
 * latency with each. `scanEveryMs` runs the service's overload scan; `onReport` sees each report.
 */
export function runQueueAgents(
  h: Harness,
  agents: readonly QueueAgentSpec[],
  durationMs: number,
  options: { seed?: number; scanEveryMs?: number; onReport?: (agent: QueueAgentSpec, atMs: number) => void } = {},
): QueueRun {
  const random = seededRandom(options.seed ?? 7);
  const exponential = (mean: number) => -mean * Math.log(1 - random());
  const start = h.now();
  const events: Event[] = [];
  const push = (event: Event) => {
    let i = events.length;
    events.push(event);
    while (i > 0 && events[i - 1].at > event.at) {
      events[i] = events[i - 1];
      i--;
    }
    events[i] = event;
  };
  const inSystem = agents.map(() => 0);
  const waiting: boolean[][] = agents.map(() => []);
  const reports = new Map<string, Array<{ atMs: number; load: number }>>(agents.map((a) => [a.id, []]));
  const nextArrival = (i: number, from: number) => {
    // Thinning against a bound of the rate over the next second keeps arrivals exact for smooth rates.
    let t = from;
    for (;;) {
      const bound = Math.max(1e-6, agents[i].rate(t), agents[i].rate(t + 1000)) * 1.5;
      t += exponential(1000 / bound);
      if (t >= durationMs) return;
      if (random() * bound < agents[i].rate(t)) {
        push({ at: t, kind: 'arrival', agent: i, visible: random() < (agents[i].visibleShare ?? 1) });
        return;
      }
    }
  };
  for (let i = 0; i < agents.length; i++) {
    nextArrival(i, 0);
    push({ at: 0, kind: 'report', agent: i, visible: true });
  }
  if (options.scanEveryMs !== undefined) push({ at: options.scanEveryMs, kind: 'scan', agent: -1, visible: true });
  const startService = (i: number, visible: boolean, at: number) => push({ at: at + exponential(agents[i].serviceMs), kind: 'end', agent: i, visible });
  while (events.length > 0) {
    const event = events.shift() as Event;
    if (event.at > durationMs) break;
    h.advance(start + Math.round(event.at) - h.now());
    const agent = agents[event.agent];
    switch (event.kind) {
      case 'arrival': {
        if (event.visible) h.service.recordAssignment(agent.id);
        if (inSystem[event.agent] < agent.slots + agent.queue) {
          inSystem[event.agent]++;
          if (inSystem[event.agent] <= agent.slots) startService(event.agent, event.visible, event.at);
          else waiting[event.agent].push(event.visible);
        } else if (event.visible) h.service.recordCompletion(agent.id);
        nextArrival(event.agent, event.at);
        break;
      }
      case 'end': {
        inSystem[event.agent]--;
        if (event.visible) h.service.recordCompletion(agent.id);
        const next = waiting[event.agent].shift();
        if (next !== undefined) startService(event.agent, next, event.at);
        break;
      }
      case 'report': {
        const load = Math.min(1, inSystem[event.agent] / agent.slots);
        h.service.registerSignals([
          { agent_id: agent.id, signal_type: 'load', value: load },
          { agent_id: agent.id, signal_type: 'capacity', value: Math.min(1, agent.slots / 16) },
          { agent_id: agent.id, signal_type: 'latency', value: Math.min(1, (agent.reportedLatencyMs ?? agent.serviceMs) / 10_000) },
        ]);
        reports.get(agent.id)?.push({ atMs: event.at, load });
        options.onReport?.(agent, event.at);
        push({ at: event.at + (agent.reportEveryMs ?? 10_000), kind: 'report', agent: event.agent, visible: true });
        break;
      }
      case 'scan':
        h.service.scanOverloads();
        push({ at: event.at + (options.scanEveryMs as number), kind: 'scan', agent: -1, visible: true });
        break;
    }
  }
  h.advance(start + durationMs - h.now());
  return { reports };
}
