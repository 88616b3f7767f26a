import type { CoordinationService, OverloadPrediction } from '@agentcore/coordination-core';
import type { AppLogger } from './logger';

/**
 * The background overload scan, and what it logs: changes only — an agent newly predicted to
 * overload (warn) and one no longer predicted (info) — rather than every agent at risk on every
 * scan. The scan itself is core's `scanOverloads` (it also scores the forecasts and keeps the
 * agents' admission outlooks), so it runs in one piece: about 6–16 µs an agent
 * (docs/benchmarks.md).
 */
export class OverloadWatch {
  /** Agents predicted to overload by the last scan. */
  private readonly atRisk = new Set<string>();

  constructor(
    private readonly service: CoordinationService,
    private readonly logger: AppLogger,
  ) {}

  /** Agents currently predicted to overload, as of the last scan. */
  get predicted(): ReadonlySet<string> {
    return this.atRisk;
  }

  /** One scan; returns the agents predicted to overload. */
  scan(): OverloadPrediction[] {
    const found = this.service.scanOverloads();
    this.logChanges(found);
    return found;
  }

  private logChanges(found: readonly OverloadPrediction[]): void {
    const now = new Set<string>();
    for (const prediction of found) {
      now.add(prediction.agent_id);
      if (this.atRisk.has(prediction.agent_id)) continue;
      this.atRisk.add(prediction.agent_id);
      this.logger.warn('overload predicted', {
        agent_id: prediction.agent_id,
        probability: prediction.probability,
        predicted_load: prediction.predicted_load,
        time_to_overload_seconds: prediction.time_to_overload_seconds,
        horizon_seconds: prediction.horizon_seconds,
      });
    }
    for (const agentId of this.atRisk) {
      if (now.has(agentId)) continue;
      this.atRisk.delete(agentId);
      this.logger.info('overload no longer predicted', { agent_id: agentId });
    }
  }
}
