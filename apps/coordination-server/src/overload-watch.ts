import { performance } from 'node:perf_hooks';
import type { CoordinationService, OverloadPrediction } from '@agentcore/coordination-core';
import type { AppLogger } from './logger';

/** Agents predicted per step of a scan; the scan yields to the event loop between steps that took a while. */
const PAGE = 500;
const SLICE_MS = 8;

/**
 * The background overload scan. It predicts every agent a page at a time, yielding to the event
 * loop between pages, so a scan of many agents never holds the server up; and it logs changes
 * only — an agent newly predicted to overload (warn) and one no longer predicted (info) — rather
 * than every agent at risk on every scan.
 */
export class OverloadWatch {
  /** Agents predicted to overload by the last scan. */
  private readonly atRisk = new Set<string>();
  private running: Promise<OverloadPrediction[]> | undefined;

  constructor(
    private readonly service: CoordinationService,
    private readonly logger: AppLogger,
  ) {}

  /** Agents currently predicted to overload, as of the last scan. */
  get predicted(): ReadonlySet<string> {
    return this.atRisk;
  }

  /** One scan; returns the agents predicted to overload. A scan asked for while one runs joins it. */
  scan(): Promise<OverloadPrediction[]> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<OverloadPrediction[]> {
    const found: OverloadPrediction[] = [];
    let cursor: string | null = null;
    let sliceStarted = performance.now();
    do {
      const page = this.service.listAgentIds({ limit: PAGE, cursor });
      for (const id of page.agent_ids) {
        const prediction = this.service.predictOverload(id);
        if (prediction?.will_overload) found.push(prediction);
      }
      cursor = page.next_cursor;
      if (cursor !== null && performance.now() - sliceStarted > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStarted = performance.now();
      }
    } while (cursor !== null);
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
