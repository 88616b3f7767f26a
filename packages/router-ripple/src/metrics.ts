import { Counter, Gauge, type Registry } from 'prom-client';
import type { FallbackReason } from './score-source';
import type { RefreshOutcome, RemoteSourceHealth } from './remote-source';

type HealthProbe = () => RemoteSourceHealth | undefined;

/** Health probes of every RippleMetrics sharing a gauge (one per ripple strategy on the registry). */
const gaugeProbes = new WeakMap<Gauge, Set<HealthProbe>>();

/**
 * Prometheus metrics of the ripple strategy, registered on the caller's registry.
 * Several instances (e.g. one per router) may share a registry: the second and later reuse
 * the metrics the first registered, so counters add up across strategies, the cache-age
 * gauge shows the oldest cache and the circuit gauge is 1 while any circuit is open.
 */
export class RippleMetrics {
  private readonly decisions: Counter<'outcome'>;
  private readonly fallbacks: Counter<'reason'>;
  private readonly refreshes: Counter<'outcome'>;
  private healthProbe: (() => RemoteSourceHealth) | undefined;

  constructor(registry: Registry, prefix = 'router_ripple_') {
    this.decisions = counter(
      registry,
      `${prefix}decisions_total`,
      'RIPPLE_COORDINATION routing decisions, by whether coordination scores decided, held the message (admission) or the fallback decided.',
      'outcome',
    );
    this.fallbacks = counter(
      registry,
      `${prefix}fallbacks_total`,
      'RIPPLE_COORDINATION decisions handed to the fallback strategy, by reason.',
      'reason',
    );
    this.refreshes = counter(registry, `${prefix}score_refreshes_total`, 'Background refreshes of the remote score cache, by outcome.', 'outcome');
    const probe: HealthProbe = () => this.healthProbe?.();
    gauge(
      registry,
      `${prefix}score_cache_last_refresh_timestamp_seconds`,
      'Unix time of the last good refresh of the remote score cache (the oldest, when several share the registry); 0 before the first one.',
      (target, healths) => target.set(healths.length === 0 ? 0 : Math.min(...healths.map((h) => h.lastRefreshAt ?? 0)) / 1000),
    ).add(probe);
    gauge(
      registry,
      `${prefix}circuit_open`,
      '1 while the circuit breaker towards the coordination server is open (any of them, when several share the registry).',
      (target, healths) => {
        if (healths.length > 0) target.set(healths.some((h) => h.circuit === 'open') ? 1 : 0);
      },
    ).add(probe);
  }

  decision(outcome: 'coordinated' | 'held' | 'fallback', reason?: FallbackReason): void {
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

function counter<L extends string>(registry: Registry, name: string, help: string, label: L): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing === undefined) return new Counter({ name, help, labelNames: [label], registers: [registry] });
  if (!(existing instanceof Counter)) throw new Error(`Metric ${name} is already registered and is not a counter`);
  return existing as Counter<L>;
}

/** The gauge's probe set: a ripple gauge already on the registry is shared, otherwise one is registered. */
function gauge(
  registry: Registry,
  name: string,
  help: string,
  update: (target: Gauge, healths: RemoteSourceHealth[]) => void,
): Set<HealthProbe> {
  const existing = registry.getSingleMetric(name);
  if (existing !== undefined) {
    const probes = existing instanceof Gauge ? gaugeProbes.get(existing) : undefined;
    if (probes === undefined) throw new Error(`Metric ${name} is already registered and is not a ripple gauge`);
    return probes;
  }
  const probes = new Set<HealthProbe>();
  const created = new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      const healths: RemoteSourceHealth[] = [];
      for (const probe of probes) {
        const health = probe();
        if (health !== undefined) healths.push(health);
      }
      update(this, healths);
    },
  });
  gaugeProbes.set(created, probes);
  return probes;
}
