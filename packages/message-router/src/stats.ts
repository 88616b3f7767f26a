export interface LatencySummary {
  count: number;
  meanNs: number;
  p50Ns: number;
  p99Ns: number;
  maxNs: number;
}

export interface StrategyStats {
  /** Calls to the strategy's select (one per attempt), plus explicit-recipient routings. */
  decisions: number;
  /** Decisions where the strategy could not apply its rule, by reason. */
  fallbacks: Record<string, number>;
  deliveries: number;
  deliveryFailures: number;
  /** Messages no candidate could take after retries. */
  lost: number;
  /** Messages rejected because no agent offered the capability. */
  noCandidates: number;
  /** Decisions that held the message for admission instead of delivering it. */
  holds: number;
  decisionLatency: LatencySummary;
}

export type RouterStats = Record<string, StrategyStats>;

/** Recent samples kept for percentiles; count, mean and max cover every sample. */
export const LATENCY_WINDOW_SIZE = 4096;

/**
 * Latency recorder with a fixed-size ring of the most recent samples. A ring (rather than
 * random reservoir sampling) keeps memory bounded without drawing on the injected RNG,
 * which would shift the sequence strategies see and break seeded determinism.
 */
export class LatencyRecorder {
  private readonly window: Float64Array;
  private next = 0;
  private count = 0;
  private sum = 0;
  private max = 0;

  constructor(windowSize: number = LATENCY_WINDOW_SIZE) {
    this.window = new Float64Array(windowSize);
  }

  record(ns: number): void {
    this.window[this.next] = ns;
    this.next = (this.next + 1) % this.window.length;
    this.count += 1;
    this.sum += ns;
    if (ns > this.max) this.max = ns;
  }

  summary(): LatencySummary {
    const filled = Math.min(this.count, this.window.length);
    if (filled === 0) return { count: 0, meanNs: 0, p50Ns: 0, p99Ns: 0, maxNs: 0 };
    const sorted = this.window.slice(0, filled).sort();
    return {
      count: this.count,
      meanNs: this.sum / this.count,
      p50Ns: nearestRank(sorted, 0.5),
      p99Ns: nearestRank(sorted, 0.99),
      maxNs: this.max,
    };
  }
}

function nearestRank(sorted: Float64Array, quantile: number): number {
  return sorted[Math.max(0, Math.ceil(quantile * sorted.length) - 1)];
}

export class StrategyStatsRecorder {
  decisions = 0;
  deliveries = 0;
  deliveryFailures = 0;
  lost = 0;
  noCandidates = 0;
  holds = 0;
  readonly fallbacks: Record<string, number> = {};
  readonly decisionLatency = new LatencyRecorder();

  recordFallback(reason: string): void {
    this.fallbacks[reason] = (this.fallbacks[reason] ?? 0) + 1;
  }

  snapshot(): StrategyStats {
    return {
      decisions: this.decisions,
      fallbacks: { ...this.fallbacks },
      deliveries: this.deliveries,
      deliveryFailures: this.deliveryFailures,
      lost: this.lost,
      noCandidates: this.noCandidates,
      holds: this.holds,
      decisionLatency: this.decisionLatency.summary(),
    };
  }
}
