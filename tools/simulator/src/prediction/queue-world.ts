import { Sampler } from '../engine/random';
import { drawOfferedLoad, LOAD_KINDS, type LoadKind } from './load-shapes';

/** One agent of the prediction evaluation: an M/M/c/K queue whose offered load follows one kind. */
export interface QueueAgentSpec {
  id: string;
  kind: LoadKind;
  /** c: tasks served at once. */
  slots: number;
  /** K − c: tasks that may wait; an arrival beyond K is rejected. */
  queueLimit: number;
  /** Mean of the exponential service time. */
  meanServiceMs: number;
  /** Offered load (arrival rate ÷ (slots ÷ mean service time)) per second of the run. */
  offered: Float32Array;
  /** When the agent's first report is due (ms); later ones follow every 10 ± 2 s. */
  firstReportMs: number;
}

export interface QueueWorldSpec {
  seed: number;
  durationSeconds: number;
  agents: QueueAgentSpec[];
}

/**
 * Draws the fleet: `agents` agents, the kinds in turn (so each kind has a fifth of them), 1–8
 * slots, a queue of 1–4 rounds of slots, mean service time 2–20 s (log-uniform).
 * Deterministic in the seed.
 */
export function drawQueueWorld(seed: number, agents: number, durationSeconds: number): QueueWorldSpec {
  const s = new Sampler(Sampler.streamSeed(seed, 'prediction-world'));
  const out: QueueAgentSpec[] = [];
  for (let i = 0; i < agents; i++) {
    const kind = LOAD_KINDS[i % LOAD_KINDS.length];
    const slots = 1 + s.int(8);
    out.push({
      id: `q${String(i).padStart(3, '0')}-${kind}`,
      kind,
      slots,
      queueLimit: Math.max(1, Math.round(slots * s.between(1, 4))),
      meanServiceMs: Math.exp(s.between(Math.log(2_000), Math.log(20_000))),
      offered: drawOfferedLoad(kind, durationSeconds, new Sampler(Sampler.streamSeed(seed, `offered:${i}`))),
      firstReportMs: s.between(0, 10_000),
    });
  }
  return { seed, durationSeconds, agents: out };
}
