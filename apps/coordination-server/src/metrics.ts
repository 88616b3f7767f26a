import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { RELIABILITY_BINS, SELECTION_FALLBACKS, SELECTION_REASONS, SIGNAL_TYPES, type CoordinationService, type HorizonScore } from '@agentcore/coordination-core';
import { MEMORY_STATUS, REPLICATION_MODES, type ReplicatorStatus } from './redis';

/** Why a signal was not stored (`coordination_signals_rejected_total{reason}`). */
export type SignalRejection = 'invalid' | 'forbidden' | 'batch_too_large' | 'rate_limited' | 'payload_too_large' | 'agent_limit';
/** Why a whole HTTP request to /rpc was turned away before any method ran. */
export type RequestRejection =
  | 'unauthorized'
  | 'unsupported_media_type'
  | 'misdirected_request'
  | 'payload_too_large'
  | 'parse_error'
  | 'invalid_request'
  | 'batch_too_large'
  | 'rate_limited'
  | 'response_too_large';
/** Where in the request path an unexpected failure happened (`coordination_internal_errors_total{stage}`). */
export type FailureStage = 'method' | 'serialize' | 'request' | 'http';

export interface ServerMetrics {
  readonly registry: Registry;
  observeCall(method: string, outcome: string, seconds: number): void;
  signalsRejected(reason: SignalRejection, count: number): void;
  requestRejected(reason: RequestRejection): void;
  internalError(stage: FailureStage): void;
}

export interface MetricsOptions {
  /** The replicator's status, read at every scrape. Absent: the server runs in memory. */
  replication?: () => ReplicatorStatus;
  /** Names of the JSON-RPC methods: their `ok` duration series exist from the start, so rates work before the first call. */
  methods?: readonly string[];
  /** Event-loop delay over the last window, read at scrape time (see EventLoopMonitor). */
  eventLoop?: () => { p99Seconds: number; maxSeconds: number; windowSeconds: number };
}

/**
 * prom-client metrics in a registry of the server's own (several servers can share a process,
 * as they do in tests). Counters core already keeps are copied in at scrape time by `collect`,
 * so the signal path pays nothing for them; only the per-call duration is observed live.
 * The replication status is read at scrape time too.
 */
export function createMetrics(service: CoordinationService, options: MetricsOptions = {}): ServerMetrics {
  const replication = options.replication ?? (() => MEMORY_STATUS);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  new Counter({
    name: 'coordination_signals_total',
    help: 'Signals registered, by signal type.',
    labelNames: ['signal_type'],
    registers,
    collect() {
      const byType = service.metrics().signals_by_type;
      copyInto(this, SIGNAL_TYPES.map((type) => [{ signal_type: type }, byType[type]]));
    },
  });
  const rejected = new Counter({
    name: 'coordination_signals_rejected_total',
    help: 'Signals refused and not stored, by reason.',
    labelNames: ['reason'],
    registers,
  });
  const internalErrors = new Counter({
    name: 'coordination_internal_errors_total',
    help: 'Unexpected failures in the request path, answered -32603 (or HTTP 500 when no JSON-RPC answer could be formed), by stage.',
    labelNames: ['stage'],
    registers,
  });
  for (const stage of ['method', 'serialize', 'request', 'http'] as const) internalErrors.inc({ stage }, 0);
  new Gauge({
    name: 'coordination_agents_limit',
    help: 'Most agents the server tracks at once (COORDINATION_MAX_AGENTS); signals for new agents beyond it are refused.',
    registers,
    collect() {
      this.set(service.agentLimit);
    },
  });
  const eventLoop = options.eventLoop;
  if (eventLoop !== undefined) {
    new Gauge({
      name: 'coordination_event_loop_delay_p99_seconds',
      help: '99th percentile of event-loop delay over the last window (10 s), whoever scrapes and however often.',
      registers,
      collect() {
        this.set(eventLoop().p99Seconds);
      },
    });
    new Gauge({
      name: 'coordination_event_loop_delay_max_seconds',
      help: 'Longest event-loop delay over the last window (10 s): the longest the server was unable to answer anything.',
      registers,
      collect() {
        this.set(eventLoop().maxSeconds);
      },
    });
  }
  const requestsRejected = new Counter({
    name: 'coordination_rpc_requests_rejected_total',
    help: 'HTTP requests to /rpc turned away before any method ran, by reason.',
    labelNames: ['reason'],
    registers,
  });
  new Gauge({
    name: 'coordination_agents_tracked',
    help: 'Agents with at least one active signal.',
    registers,
    collect() {
      // metrics() sweeps expired signals first, so this is exact rather than "until the next cleanup".
      this.set(service.metrics().agents_tracked);
    },
  });
  new Counter({
    name: 'coordination_expired_signals_cleaned_total',
    help: 'Signals removed because their TTL passed.',
    registers,
    collect() {
      copyInto(this, [[{}, service.metrics().expired_signals_cleaned]]);
    },
  });
  new Counter({
    name: 'coordination_selections_total',
    help: 'Agent selections, by outcome (the reason for the pick).',
    labelNames: ['outcome'],
    registers,
    collect() {
      const byReason = service.metrics().selections_by_reason;
      copyInto(this, SELECTION_REASONS.map((reason) => [{ outcome: reason }, byReason[reason]]));
    },
  });
  new Counter({
    name: 'coordination_fallbacks_total',
    help: 'Selections that fell back to a random pick, by reason.',
    labelNames: ['reason'],
    registers,
    collect() {
      const byReason = service.metrics().selections_by_reason;
      copyInto(this, SELECTION_FALLBACKS.map((reason) => [{ reason }, byReason[reason]]));
    },
  });
  new Counter({
    name: 'coordination_selections_held_total',
    help: 'Selections asked for admission that answered admitted: false (a task sent now would more likely than not wait on every candidate).',
    registers,
    collect() {
      copyInto(this, [[{}, service.metrics().selections_held]]);
    },
  });
  new Counter({
    name: 'coordination_overload_predictions_total',
    help: 'Predictions that an agent will overload within the horizon.',
    registers,
    collect() {
      copyInto(this, [[{}, service.metrics().overload_predictions]]);
    },
  });
  addPredictionMetrics(service, registers);
  new Gauge({
    name: 'coordination_replication_mode',
    help: 'Replication mode: 1 for the current one (memory, connected or degraded), 0 for the others.',
    labelNames: ['mode'],
    registers,
    collect() {
      const current = replication().mode;
      for (const mode of REPLICATION_MODES) this.set({ mode }, mode === current ? 1 : 0);
    },
  });
  new Gauge({
    name: 'coordination_replication_lag_seconds',
    help: 'How long after its write to Redis the newest shared entry was applied here; 0 when nothing is waiting.',
    registers,
    collect() {
      this.set((replication().lagMs ?? 0) / 1000);
    },
  });
  new Gauge({
    name: 'coordination_replication_buffered_signals',
    help: 'Accepted signals waiting to be shared with the other replicas.',
    registers,
    collect() {
      this.set(replication().buffered);
    },
  });
  new Counter({
    name: 'coordination_replication_dropped_signals_total',
    help: 'Accepted signals never shared because the outage buffer overflowed.',
    registers,
    collect() {
      copyInto(this, [[{}, replication().dropped]]);
    },
  });
  new Counter({
    name: 'coordination_replication_rejected_signals_total',
    help: 'Signals shared by other replicas that failed validation here and were skipped (e.g. a timestamp too far ahead of this clock).',
    registers,
    collect() {
      copyInto(this, [[{}, replication().rejected]]);
    },
  });
  const duration = new Histogram({
    name: 'coordination_rpc_duration_seconds',
    help: 'Time spent in a JSON-RPC method, by method and outcome.',
    labelNames: ['method', 'outcome'],
    buckets: [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25, 1],
    registers,
  });

  // labels() hashes its arguments on every call; the children are few, so keep them.
  const children = new Map<string, { observe(value: number): void }>();
  for (const method of options.methods ?? []) duration.zero({ method, outcome: 'ok' });
  return {
    registry,
    observeCall(method, outcome, seconds) {
      const key = `${method}\n${outcome}`;
      let child = children.get(key);
      if (child === undefined) {
        child = duration.labels({ method, outcome });
        children.set(key, child);
      }
      child.observe(seconds);
    },
    signalsRejected(reason, count) {
      rejected.inc({ reason }, count);
    },
    requestRejected(reason) {
      requestsRejected.inc({ reason });
    },
    internalError(stage) {
      internalErrors.inc({ stage });
    },
  };
}

/**
 * How the background scan's overload forecasts came out, per scored horizon (core's self-scoring,
 * see docs/coordination-core.md): totals as counters, the recent figures and the reliability
 * diagram as gauges, all read at scrape time.
 */
function addPredictionMetrics(service: CoordinationService, registers: Registry[]): void {
  const horizons = () => service.predictionMetrics().horizons;
  const label = (h: HorizonScore) => ({ horizon_seconds: String(h.horizon_seconds) });
  new Counter({
    name: 'coordination_prediction_forecasts_total',
    help: 'Background-scan overload forecasts scored against the load reports that followed, by horizon and outcome (true_positive, false_positive, false_negative, true_negative).',
    labelNames: ['horizon_seconds', 'outcome'],
    registers,
    collect() {
      const values: Array<[Partial<Record<'horizon_seconds' | 'outcome', string>>, number]> = [];
      for (const h of horizons()) {
        values.push([{ ...label(h), outcome: 'true_positive' }, h.true_positives]);
        values.push([{ ...label(h), outcome: 'false_positive' }, h.false_positives]);
        values.push([{ ...label(h), outcome: 'false_negative' }, h.false_negatives]);
        values.push([{ ...label(h), outcome: 'true_negative' }, h.true_negatives]);
      }
      copyInto(this, values);
    },
  });
  new Counter({
    name: 'coordination_prediction_forecasts_skipped_total',
    help: 'Scan forecasts not scored because the agent already had as many waiting for their outcome as it may.',
    labelNames: ['horizon_seconds'],
    registers,
    collect() {
      copyInto(this, horizons().map((h) => [label(h), h.skipped]));
    },
  });
  const gauges: Array<[string, string, (h: HorizonScore) => number]> = [
    ['coordination_prediction_pending', 'Scan forecasts waiting for their outcome.', (h) => h.pending],
    ['coordination_prediction_brier', 'Brier score of the published overload probabilities (recent forecasts; 0 is perfect).', (h) => h.brier],
    ['coordination_prediction_brier_uncalibrated', 'Brier score the raw probabilities would have had, before recalibration.', (h) => h.brier_uncalibrated],
    ['coordination_prediction_ece', 'Expected calibration error of the published probabilities over ten bins (recent forecasts).', (h) => h.ece],
    ['coordination_prediction_precision', 'Share of "will overload" forecasts that came true (recent forecasts).', (h) => h.precision],
    ['coordination_prediction_recall', 'Share of overloads that were forecast (recent forecasts).', (h) => h.recall],
    ['coordination_prediction_f1', 'F1 of the "will overload" forecasts (recent forecasts).', (h) => h.f1],
    ['coordination_prediction_base_rate', 'Share of recent scored forecasts whose overload happened.', (h) => h.base_rate],
    ['coordination_prediction_time_to_overload_mae_seconds', 'Mean absolute error of time_to_overload_seconds for onsets (agent below the threshold when forecast); 0 before any.', (h) => h.time_to_overload_mae_seconds ?? 0],
    ['coordination_prediction_recalibrated', '1 while the published probabilities are recalibrated from the record, 0 before enough forecasts are scored.', (h) => (h.recalibrated ? 1 : 0)],
  ];
  for (const [name, help, read] of gauges) {
    new Gauge({
      name,
      help,
      labelNames: ['horizon_seconds'],
      registers,
      collect() {
        this.reset();
        for (const h of horizons()) this.set(label(h), read(h));
      },
    });
  }
  const reliability = (name: string, help: string, read: (bin: HorizonScore['reliability'][number]) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['horizon_seconds', 'bin'],
      registers,
      collect() {
        this.reset();
        for (const h of horizons()) for (const bin of h.reliability) this.set({ ...label(h), bin: (bin.bin / RELIABILITY_BINS).toFixed(1) }, read(bin));
      },
    });
  reliability('coordination_prediction_reliability_forecasts', 'Recent scored forecasts per probability bin (bin = its lower edge): the reliability diagram\'s weights.', (bin) => bin.count);
  reliability('coordination_prediction_reliability_probability', 'Mean published probability per bin.', (bin) => bin.mean_probability);
  reliability('coordination_prediction_reliability_observed', 'Observed frequency of overload per bin: equal to the mean probability when calibrated.', (bin) => bin.observed_frequency);
}

/** Counters have no set(); core's totals are the source of truth (and only grow), so copy them in. */
function copyInto<T extends string>(counter: Counter<T>, values: Array<[Partial<Record<T, string>>, number]>): void {
  counter.reset();
  for (const [labels, value] of values) counter.inc(labels, value);
}
