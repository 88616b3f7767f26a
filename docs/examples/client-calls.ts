// Every call of the typed client, against a running server (npm start). Run it:
//   COORDINATION_SERVER_URL=http://127.0.0.1:8080 npx tsx docs/examples/client-calls.ts
import { CoordinationClient } from '@agentcore/coordination-client';

async function main(): Promise<void> {
  const client = new CoordinationClient({
    url: process.env.COORDINATION_SERVER_URL ?? 'http://127.0.0.1:8080', // `/rpc` is appended
    token: process.env.COORDINATION_TOKEN, // sent as Authorization: Bearer … when set
    timeoutMs: 5000, // per attempt
    retry: { retries: 2, baseDelayMs: 100, maxDelayMs: 2000 },
  });

  await client.signal({ agent_id: 'agent-7', signal_type: 'load', value: 0.35 });
  await client.signals([{ agent_id: 'agent-7', signal_type: 'quality', value: 0.9 }]); // atomic batch
  const state = await client.state('agent-7'); // AgentCoordinationState | null
  const states = await client.states(['agent-7', 'agent-9']); // unknown ids left out
  const page = await client.listStates({ limit: 100 }); // { states, next_cursor }
  const pick = await client.select(['agent-7', 'agent-9'], { weights: { load: 2, quality: 1 }, explain: true });
  await client.complete(pick.agent_id); // the task is done: it stops counting as work on the agent
  const forecast = await client.predict('agent-7', { horizonSeconds: 60, threshold: 0.8 }); // null if unknown
  const metrics = await client.metrics(); // core counters + rep_enabled, uptime_seconds
  const openrpc = await client.discover();
  const byIds = await client.call('coordination.state', { agent_ids: ['agent-7'] }); // any method, typed by CoordinationMethods

  console.log(`agent-7 reports load ${state?.signals.load?.value} and quality ${state?.signals.quality?.value}`);
  console.log(`known of agent-7 and agent-9: ${states.map((s) => s.agent_id).join(', ')}; listed: ${page.states.length}`);
  console.log(`picked ${pick.agent_id} (${pick.reason}) among ${pick.explanation?.candidates.length} candidates`);
  console.log(`agent-7 will overload within 60 s: ${forecast?.will_overload}`);
  console.log(`signals stored: ${metrics.total_signals}; methods: ${openrpc.methods.map((m) => m.name).join(', ')}`);
  console.log(`the raw call answered ${JSON.stringify(Object.keys(byIds ?? {}))}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
