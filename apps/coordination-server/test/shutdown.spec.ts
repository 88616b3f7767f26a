import { connect, type Socket } from 'node:net';
import { ServerProcess } from '../src/testing';

// SIGTERM under load: every request whose bytes reached the server before the signal must be
// answered, on keep-alive connections that looked idle (their request not read yet) and on
// connections the server had not even accepted yet; then the process exits, in bounded time.
jest.setTimeout(60_000);

const body = (i: number) => JSON.stringify({ jsonrpc: '2.0', id: i, method: 'coordination.signal', params: { agent_id: `agent-${i}`, signal_type: 'load', value: 0.5 } });
const request = (i: number) => `POST /rpc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body(i))}\r\n\r\n${body(i)}`;

interface Connection {
  socket: Socket;
  /** Every status line received, in order. */
  statuses: number[];
  closed: Promise<void>;
}

function open(port: number): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const statuses: number[] = [];
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      for (const match of text.matchAll(/HTTP\/1\.1 (\d{3})/g)) statuses.push(Number(match[1]));
      text = text.slice(text.lastIndexOf('HTTP/1.1') + 1);
    });
    socket.on('error', () => undefined);
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.once('connect', () => resolve({ socket, statuses, closed }));
    socket.once('error', reject);
  });
}

const write = (socket: Socket, text: string) => new Promise<void>((resolve, reject) => socket.write(text, (error) => (error ? reject(error) : resolve())));

describe('graceful shutdown of a server process', () => {
  it('answers all 200 requests written before SIGTERM — 150 on idle keep-alive connections, 50 on new ones — then exits 0', async () => {
    const server = await ServerProcess.start({ LOG_LEVEL: 'warn' });
    try {
      // 150 keep-alive connections, each answered once so that it sits idle, as a client pool's do.
      const pooled = await Promise.all(Array.from({ length: 150 }, () => open(server.port)));
      await Promise.all(pooled.map((c, i) => write(c.socket, request(i))));
      while (pooled.some((c) => c.statuses.length < 1)) await new Promise((resolve) => setTimeout(resolve, 10));
      // Keep the event loop busy, as under load, so what arrives next is not read at once.
      const load = Array.from({ length: 4 }, () =>
        fetch(`${server.url}/rpc`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'coordination.signal', params: { signals: Array.from({ length: 300 }, () => ({})) } }))),
        }).then(
          (r) => r.text(),
          () => 'cut',
        ),
      );
      const fresh = await Promise.all(Array.from({ length: 50 }, () => open(server.port)));
      // The 200 requests, fully handed to the kernel before the signal is sent.
      await Promise.all([...pooled.map((c, i) => write(c.socket, request(1_000 + i))), ...fresh.map((c, i) => write(c.socket, request(2_000 + i)))]);
      const signalled = Date.now();
      const exit = server.stop();
      await Promise.all([...pooled, ...fresh].map((c) => c.closed));
      await Promise.all(load);
      const took = Date.now() - signalled;
      const unanswered = [...pooled.map((c, i) => [`pooled ${i}`, c.statuses, [200, 200]] as const), ...fresh.map((c, i) => [`fresh ${i}`, c.statuses, [200]] as const)].filter(
        ([, got, want]) => got.join() !== want.join(),
      );
      expect({ exit: await exit, unanswered, log: unanswered.length > 0 ? server.stderr.slice(-2_000) : '' }).toEqual({ exit: { code: 0, signal: null }, unanswered: [], log: '' });
      expect(took).toBeLessThan(5_000);
    } finally {
      await server.stop();
    }
  });
});
