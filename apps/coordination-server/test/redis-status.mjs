// Prints whether the test Redis answers (COORDINATION_TEST_REDIS_URL, default 127.0.0.1:6379).
// Nx hashes this output as a runtime input of the tests that need Redis (nx.json, "testRedis"),
// so a result recorded while Redis answered is never replayed while it does not.
// Plain Node, no TypeScript: it runs on every hash computation and must take milliseconds.
import { connect as connectTcp } from 'node:net';
import { connect as connectTls } from 'node:tls';

const TIMEOUT_MS = 500;
let url;
try {
  url = new URL(process.env.COORDINATION_TEST_REDIS_URL || 'redis://127.0.0.1:6379');
} catch {
  console.log('test redis: invalid url');
  process.exit(0);
}
const host = url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
const port = Number(url.port || 6379);
const socket = url.protocol === 'rediss:' ? connectTls({ host, port, servername: host, rejectUnauthorized: false }) : connectTcp({ host, port });
const done = (answers) => {
  console.log(`test redis: ${answers ? 'answers' : 'does not answer'}`);
  socket.destroy();
  process.exit(0);
};
socket.setTimeout(TIMEOUT_MS, () => done(false));
socket.once('error', () => done(false));
socket.once(url.protocol === 'rediss:' ? 'secureConnect' : 'connect', () => socket.write('PING\r\n'));
// "+PONG", or "-NOAUTH ..." from a Redis that wants a password: either way a Redis answered.
socket.once('data', (reply) => done(reply[0] === 0x2b || reply[0] === 0x2d));
