import { runAdmission } from './admission-run';

/** Offered loads of the overload scenario (relative to what the fleet serves with every slot busy). */
export const ADMISSION_LOADS = [1.1, 1.3, 1.5] as const;

export interface AdmissionSide {
  /** On time ÷ all tasks, and ÷ the tasks delivered to an agent. */
  goodput: number;
  admittedGoodput: number;
  /** Share of tasks refused (admission queue full or timed out, or every agent's queue full). */
  refused: number;
  /** Share of tasks held at least once. */
  held: number;
}

export interface AdmissionRow {
  offeredLoad: number;
  tasks: number;
  without: AdmissionSide;
  with: AdmissionSide;
}

/** Runs the overload scenario at each load, with and without admission control, averaged over the seeds. */
export async function evaluateAdmission(options: { seeds: readonly number[]; durationSeconds?: number; agents?: number; loads?: readonly number[] }): Promise<AdmissionRow[]> {
  const rows: AdmissionRow[] = [];
  for (const offeredLoad of options.loads ?? ADMISSION_LOADS) {
    const sum = { tasks: 0, without: side(), with: side() };
    for (const seed of options.seeds) {
      for (const admission of [false, true]) {
        const r = await runAdmission({ seed, offeredLoad, admission, durationSeconds: options.durationSeconds, agents: options.agents });
        const target = admission ? sum.with : sum.without;
        target.goodput += r.goodput;
        target.admittedGoodput += r.admittedGoodput;
        target.refused += r.tasks === 0 ? 0 : r.refused / r.tasks;
        target.held += r.tasks === 0 ? 0 : r.held / r.tasks;
        if (!admission) sum.tasks += r.tasks;
      }
    }
    const n = options.seeds.length;
    const mean = (s: AdmissionSide): AdmissionSide => ({ goodput: s.goodput / n, admittedGoodput: s.admittedGoodput / n, refused: s.refused / n, held: s.held / n });
    rows.push({ offeredLoad, tasks: Math.round(sum.tasks / n), without: mean(sum.without), with: mean(sum.with) });
  }
  return rows;
}

function side(): AdmissionSide {
  return { goodput: 0, admittedGoodput: 0, refused: 0, held: 0 };
}
