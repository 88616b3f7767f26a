import { Counter, Gauge, type Registry } from 'prom-client';
import type { FallbackReason } from './score-source';
import type { RefreshOutcome, RemoteSourceHealth } from './remote-source';

/** Prometheus metrics of the ripple strategy, registered on the caller's registry. */
export class RippleMetrics {
  private readonly decisions: Counter<'outcome'>;
  private readonly fallbacks: Counter<'reason'>;
  private readonly refreshes: Counter<'outcome'>;
  private healthProbe: (() => RemoteSourceHealth) | undefined;

  constructor(registry: Registry, prefix = 'router_ripple_') {
    this.decisions = new Counter({
      name: `${prefix}decisions_total`,
      help: 'RIPPLE_COORDINATION routing decisions, by whether coordination scores decided or the fallback did.',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.fallbacks = new Counter({
      name: `${prefix}fallbacks_total`,
      help: 'RIPPLE_COORDINATION decisions handed to the fallback strategy, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.refreshes = new Counter({
      name: `${prefix}score_refreshes_total`,
      help: 'Background refreshes of the remote score cache, by outcome.',
      labelNames: ['outcome'],
      registers: [registry],
    });
    const probe = () => this.healthProbe?.();
    new Gauge({
      name: `${prefix}score_cache_last_refresh_timestamp_seconds`,
      help: 'Unix time of the last good refresh of the remote score cache; 0 before the first one.',
      registers: [registry],
      collect() {
        this.set((probe()?.lastRefreshAt ?? 0) / 1000);
      },
    });
    new Gauge({
      name: `${prefix}circuit_open`,
      help: '1 while the circuit breaker towards the coordination server is open.',
      registers: [registry],
      collect() {
        const health = probe();
        if (health !== undefined) this.set(health.circuit === 'open' ? 1 : 0);
      },
    });
  }

  decision(outcome: 'coordinated' | 'fallback', reason?: FallbackReason): void {
    this.decisions.inc({ outcome });
    if (reason !== undefined) this.fallbacks.inc({ reason });
  }

  refresh(outcome: RefreshOutcome): void {
    this.refreshes.inc({ outcome: outcome.ok ? 'ok' : (outcome.reason ?? 'error') });
  }

  /** Lets the gauges read the remote source's health at scrape time. */
  observe(health: () => RemoteSourceHealth): void {
    this.healthProbe = health;
  }
}
