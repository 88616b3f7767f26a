// The server's live events through the typed client: follows one agent's signals and stops.
// Run it with a server started (npm start):
//   COORDINATION_SERVER_URL=http://127.0.0.1:8080 npx tsx docs/examples/client-events.ts
import { CoordinationClient } from '@agentcore/coordination-client';

async function main(): Promise<void> {
  const client = new CoordinationClient({ url: process.env.COORDINATION_SERVER_URL ?? 'http://127.0.0.1:8080', token: process.env.COORDINATION_TOKEN });
  const stop = new AbortController();

  // Report a few readings once the stream is open (as the agent would, from elsewhere).
  setTimeout(async () => {
    for (const value of [0.2, 0.4, 0.6]) {
      await client.signal({ agent_id: 'agent-21', signal_type: 'load', value });
      await new Promise((resolve) => setTimeout(resolve, 1100)); // one `signals` event per agent per second
    }
  }, 300);

  let seen = 0;
  for await (const event of client.events({ types: ['signals', 'agent_stale'], agents: ['agent-21'], signal: stop.signal })) {
    // `event.type` narrows `event.data` to that event's fields.
    if (event.type === 'signals') console.log(`${event.data.agent_id}: load ${event.data.latest.load} (${event.data.count} signal)`);
    if (++seen === 3) stop.abort(); // ends the loop and closes the connection
  }
  console.log('stopped');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
