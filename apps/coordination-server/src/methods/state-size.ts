import { CoordinationService, SIGNAL_TYPES, type CoordinationConfig } from '@agentcore/coordination-core';

/**
 * About how many bytes one agent's state takes in an answer: measured once, at start, on a
 * state with every signal type active, a 32-character id and trace ids, built by core itself —
 * so it follows whatever a state holds. Listings are estimated from it before they run; states
 * with longer ids come out larger, and the size of every answer is checked after it is built too.
 */
export function estimateStateBytes(config: Readonly<CoordinationConfig>): number {
  const clock = () => 1_767_225_600_000;
  const sample = new CoordinationService({ config, clock, random: () => 0.5 });
  const agent_id = 'agent-0123456789abcdef0123456789'.slice(0, 32);
  sample.registerSignals(SIGNAL_TYPES.map((signal_type) => ({ agent_id, signal_type, value: 0.5, confidence: 0.9, trace_id: 'trace-0123456789abcdef01234567' })));
  return Buffer.byteLength(JSON.stringify(sample.getState(agent_id)));
}
