/**
 * Scale-out through Redis: how fast a signal accepted on one replica reaches another, how long a
 * late replica takes to rebuild 1,000 agents, and ingest with one and two replicas.
 *
 * Replicas run in this one process (each its own CoordinationService and two Redis connections),
 * so two replicas share one CPU core and the event loop: the figures for two replicas are a lower
 * bound for two real processes. Redis is COORDINATION_REDIS_URL or 127.0.0.1:6379; the suite
 * writes under a unique prefix and deletes it afterwards.
 */
import { randomUUID } from 'node:crypto';
import { CoordinationService, seededRandom, type SensitivitySignalInput, type SignalType } from '@agentcore/coordination-core';
import { deleteKeys, redisAnswers, startReplica as startServerReplica, type Replica } from '@agentcore/coordination-server/testing';
import { formatNumber, summarise, table } from './stats';
import type { BenchSuite } from './suite';

const REDIS_URL = process.env.COORDINATION_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TYPES: readonly SignalType[] = ['load', 'capacity', 'quality', 'cost', 'latency', 'availability'];
const PROPAGATION_SAMPLES = 2_000;
const REBUILD_AGENTS = 1_000;
const REBUILD_RUNS = 5;
const INGEST_SIGNALS = 200_000;
const INGEST_BATCH = 100;
/** Ingest pauses when this many signals wait to be shared, so nothing is dropped and the figure is honest. */
const INGEST_HIGH_WATER = 20_000;

/** A replica as the server wires one (service, replicator, accept = store then share), without HTTP. */
function startReplica(prefix: string, windowSeconds = 60): Promise<Replica> {
  return startServerReplica({ url: REDIS_URL, prefix, windowSeconds });
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1);
  }
}


/** Milliseconds from A returning from accept to B's service storing the same signal. */
async function measurePropagation(prefix: string): Promise<Float64Array> {
  const a = await startReplica(prefix);
  const b = await startReplica(prefix);
  const sentAt = new Map<string, bigint>();
  const delays = new Float64Array(PROPAGATION_SAMPLES);
  let received = 0;
  b.service.on('signal', (signal) => {
    const t0 = sentAt.get(signal.signal_id);
    if (t0 === undefined) return;
    delays[received++] = Number(process.hrtime.bigint() - t0) / 1e6;
  });
  // Paced, not back to back: a signal every 2 ms is a busy deployment, not a saturation test.
  for (let i = 0; i < PROPAGATION_SAMPLES; i++) {
    const [signal] = a.service.registerSignals([{ agent_id: `agent-${i % 100}`, signal_type: 'load', value: (i % 10) / 10 }]);
    sentAt.set(signal.signal_id, process.hrtime.bigint());
    a.replicator.publish([signal]);
    await sleep(2);
  }
  await until(() => received === PROPAGATION_SAMPLES, 10_000, 'propagation samples');
  await Promise.all([a.replicator.close(), b.replicator.close()]);
  return delays;
}

/** Milliseconds for a fresh replica's start() to resolve with 1,000 agents × 6 signals in the stream. */
async function measureRebuild(prefix: string): Promise<number[]> {
  const writer = await startReplica(prefix);
  const random = seededRandom(7);
  const inputs: SensitivitySignalInput[] = [];
  for (let i = 0; i < REBUILD_AGENTS; i++) {
    for (const type of TYPES) inputs.push({ agent_id: `agent-${i}`, signal_type: type, value: Math.round(random() * 1000) / 1000 });
  }
  for (let i = 0; i < inputs.length; i += INGEST_BATCH) writer.accept(inputs.slice(i, i + INGEST_BATCH));
  await until(() => writer.replicator.status().buffered === 0, 10_000, 'rebuild data written');
  await sleep(50);
  const times: number[] = [];
  for (let run = 0; run < REBUILD_RUNS; run++) {
    const t0 = performance.now();
    const late = await startReplica(prefix);
    times.push(performance.now() - t0);
    if (late.service.agentCount !== REBUILD_AGENTS) throw new Error(`rebuilt ${late.service.agentCount} agents, expected ${REBUILD_AGENTS}`);
    await late.replicator.close();
  }
  await writer.replicator.close();
  return times;
}

/**
 * Signals/s accepted across `replicaCount` replicas, counted until every signal is in Redis and,
 * with two replicas, applied by the other one: the rate at which the deployment converges.
 */
async function measureIngest(prefix: string, replicaCount: 1 | 2): Promise<number> {
  // A short window keeps the shared Redis small while 200K signals pass through it.
  const replicas: Replica[] = [];
  for (let i = 0; i < replicaCount; i++) replicas.push(await startReplica(prefix, 5));
  const applied = replicas.map(() => 0);
  replicas.forEach((r, i) => r.service.on('signal', () => applied[i]++));
  const random = seededRandom(11);
  const batches: SensitivitySignalInput[][] = [];
  for (let i = 0; i < INGEST_SIGNALS / INGEST_BATCH; i++) {
    const batch: SensitivitySignalInput[] = [];
    for (let j = 0; j < INGEST_BATCH; j++) {
      batch.push({ agent_id: `agent-${(i * INGEST_BATCH + j) % 1000}`, signal_type: TYPES[j % TYPES.length], value: Math.round(random() * 1000) / 1000 });
    }
    batches.push(batch);
  }
  const t0 = performance.now();
  for (let i = 0; i < batches.length; i++) {
    replicas[i % replicaCount].accept(batches[i]);
    if (i % 10 === 9) {
      await tick();
      while (replicas.some((r) => r.replicator.status().buffered > INGEST_HIGH_WATER)) await sleep(1);
    }
  }
  // Every replica stores every signal once: its own on accept, the others' when applied.
  await until(() => replicas.every((r, i) => r.replicator.status().buffered === 0 && applied[i] >= INGEST_SIGNALS), 60_000, 'ingest converged');
  const elapsedS = (performance.now() - t0) / 1000;
  for (const r of replicas) if (r.replicator.status().dropped > 0) throw new Error('ingest dropped signals');
  await Promise.all(replicas.map((r) => r.replicator.close()));
  return INGEST_SIGNALS / elapsedS;
}

/** Core alone, no replication: the ceiling the replicated figures compare against. */
function measureLocalIngest(): number {
  const service = new CoordinationService({ clock: Date.now, random: seededRandom(3) });
  const batch: SensitivitySignalInput[] = [];
  for (let j = 0; j < INGEST_BATCH; j++) batch.push({ agent_id: `agent-${j}`, signal_type: TYPES[j % TYPES.length], value: 0.5 });
  const t0 = performance.now();
  for (let i = 0; i < INGEST_SIGNALS / INGEST_BATCH; i++) service.registerSignals(batch);
  return INGEST_SIGNALS / ((performance.now() - t0) / 1000);
}

export const scaleOutBenchmark: BenchSuite = {
  name: 'scale-out',
  title: 'Scale-out: replicas sharing state through Redis',
  async run() {
    if (!(await redisAnswers(REDIS_URL))) throw new Error(`no Redis answers at ${REDIS_URL}: start one or set COORDINATION_REDIS_URL`);
    const prefix = `bench:scale-out:${randomUUID().slice(0, 8)}:`;
    try {
      const propagation = summarise(await measurePropagation(`${prefix}p:`));
      const rebuild = await measureRebuild(`${prefix}r:`);
      const rebuildSummary = summarise(rebuild);
      const local = measureLocalIngest();
      const one = await measureIngest(`${prefix}i1:`, 1);
      const two = await measureIngest(`${prefix}i2:`, 2);
      const met = (ok: boolean) => (ok ? 'met' : 'missed');
      console.log(`Redis ${REDIS_URL}; replicas in one Node process (shared event loop).`);
      console.log(
        table(
          ['Measure', 'Result', 'Target', 'Status'],
          [
            [`Propagation A → B, p50 (${PROPAGATION_SAMPLES} signals, 1 per 2 ms)`, `${formatNumber(propagation.p50)} ms`, '—', '—'],
            ['Propagation A → B, p99', `${formatNumber(propagation.p99)} ms`, '≤ 100 ms', met(propagation.p99 <= 100)],
            ['Propagation A → B, max', `${formatNumber(propagation.max)} ms`, '—', '—'],
            [`Rebuild, ${REBUILD_AGENTS} agents × 6 signals, median of ${REBUILD_RUNS}`, `${formatNumber(rebuildSummary.p50)} ms`, '≤ 1,000 ms', met(rebuildSummary.max <= 1000)],
            ['Rebuild, worst run', `${formatNumber(rebuildSummary.max)} ms`, '≤ 1,000 ms', met(rebuildSummary.max <= 1000)],
            ['Ingest, core only (no Redis), batches of 100', `${formatNumber(local)} signals/s`, '—', '—'],
            ['Ingest, 1 replica, until shared', `${formatNumber(one)} signals/s`, '≥ 10,000 signals/s', met(one >= 10_000)],
            ['Ingest, 2 replicas, until both converged', `${formatNumber(two)} signals/s`, '≥ 10,000 signals/s', met(two >= 10_000)],
          ],
        ),
      );
    } finally {
      await deleteKeys(REDIS_URL, prefix);
    }
  },
};
