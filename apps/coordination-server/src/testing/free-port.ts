import { once } from 'node:events';
import { createServer } from 'node:net';

/** A free loopback port: the OS picks one, the probe lets go of it. Kept, it lets a killed server restart on the same address. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}
