import { randomUUID } from 'node:crypto';
import { CoordinationService, seededRandom, type SensitivitySignal, type SensitivitySignalInput } from '@agentcore/coordination-core';
import { applyShared, createReplicator, type ReplicatorOptions, type StateReplicator } from '../redis';

/** A coordination service plus its replicator: what one server process holds, without HTTP. */
export interface Replica {
  service: CoordinationService;
  replicator: StateReplicator;
  /** What the server does for `coordination.signal`: validate and store locally, then share. */
  accept(inputs: readonly SensitivitySignalInput[]): SensitivitySignal[];
  close(): Promise<void>;
}

export type ReplicaOptions = Partial<ReplicatorOptions> & { url: string; prefix: string };

let seed = 1;

/** A replica whose replicator is not started yet. Window 60 s unless `options` say otherwise. */
export function createReplica(options: ReplicaOptions): Replica {
  const replicaSeed = seed++;
  // Signal ids from the CSPRNG, as the server makes them: replicas must not collide.
  const service = new CoordinationService({ clock: Date.now, random: seededRandom(replicaSeed), generateId: randomUUID });
  const replicator = createReplicator({ replicaId: `replica-${replicaSeed}`, windowSeconds: 60, ...options });
  return {
    service,
    replicator,
    accept(inputs) {
      const accepted = service.registerSignals(inputs);
      replicator.publish(accepted);
      return accepted;
    },
    close: () => replicator.close(),
  };
}

/** A replica whose shared state is rebuilt (its replicator started, as the server starts it). */
export async function startReplica(options: ReplicaOptions): Promise<Replica> {
  const replica = createReplica(options);
  await replica.replicator.start((signals) => applyShared(replica.service, signals));
  return replica;
}
