// What the client throws, and how to read it. Run it with a server started (npm start):
//   COORDINATION_SERVER_URL=http://127.0.0.1:8080 npx tsx docs/examples/client-errors.ts
import { CoordinationClient, CoordinationRpcError, CoordinationTransportError, RpcErrorCode } from '@agentcore/coordination-client';
import type { SensitivitySignalInput } from '@agentcore/coordination-core';

async function main(): Promise<void> {
  const client = new CoordinationClient({ url: process.env.COORDINATION_SERVER_URL ?? 'http://127.0.0.1:8080' });
  const batch: SensitivitySignalInput[] = [
    { agent_id: 'agent-7', signal_type: 'load', value: 0.4 },
    { agent_id: 'agent-7', signal_type: 'quality', value: 1.5 }, // out of range: the whole batch is refused
  ];
  try {
    await client.signals(batch);
  } catch (error) {
    if (error instanceof CoordinationRpcError && error.code === RpcErrorCode.INVALID_PARAMS) {
      for (const issue of error.issues) console.log(`refused: ${issue.path}: ${issue.message}`); // e.g. signals.1.value
    } else throw error;
  }

  // No server there: a transport error (after the retries the call allows).
  const nowhere = new CoordinationClient({ url: 'http://127.0.0.1:1', retry: { retries: 0 } });
  try {
    await nowhere.metrics();
  } catch (error) {
    if (error instanceof CoordinationTransportError) console.log(`${error.name} from ${error.method}`);
    else throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
