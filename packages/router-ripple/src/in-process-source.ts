import type { CoordinationService } from '@agentcore/coordination-core';
import { selectFromCore, type ScoreSource, type SourceSelection, type SourceSelectOptions } from './score-source';

/** Scores straight from a coordination service living in the same process. */
export class InProcessScoreSource implements ScoreSource {
  readonly mode = 'in-process' as const;

  constructor(private readonly service: CoordinationService) {}

  select(candidateIds: readonly string[], options: SourceSelectOptions): SourceSelection {
    // The assignment is recorded by the strategy once the final pick (ripple's or the fallback's) is known.
    return selectFromCore(() =>
      this.service.selectAgent(candidateIds, { weights: options.weights, explain: options.explain, admission: options.admission, recordAssignment: false }),
    );
  }

  recordAssignment(agentId: string): void {
    this.service.recordAssignment(agentId);
  }

  recordCompletion(agentId: string): void {
    this.service.recordCompletion(agentId);
  }
}
