import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';

export interface DrainOptions {
  /**
   * The server goes on accepting and reading for at least this long after shutdown begins, then
   * until turns of the event loop pass without a new connection (at most `maxLingerMs`), before
   * it stops listening and closes idle connections. Defaults 250 ms and 2.5 s.
   */
  lingerMs?: number;
  maxLingerMs?: number;
  /** When connections still busy are cut. */
  deadlineMs: number;
  onDeadline(): void;
}

/** Resolves after `turns` passes of the event loop, each with a poll phase (sockets read and accepted). */
function loopTurns(turns: number): Promise<void> {
  return new Promise((resolve) => {
    const next = (left: number) => (left === 0 ? resolve() : setImmediate(() => next(left - 1)));
    next(turns);
  });
}

/** Turns of the loop without a new connection after which the listen backlog is taken to be empty. */
const QUIET_TURNS = 3;

/**
 * Stops an HTTP server so that every request whose bytes arrived before the call is answered.
 * `http.Server.close()` at once would lose two kinds of them: a request still in the socket
 * buffer of a keep-alive connection (Node counts a connection idle until it has read a request
 * from it, and closes idle ones unanswered), and a connection still in the listen backlog (reset
 * when the listener closes — and a busy event loop accepts one connection per turn, so a backlog
 * of fifty takes fifty turns). So the server first lingers — it accepts and reads what arrived,
 * every answer carrying `Connection: close` — until a few turns of the loop pass without a new
 * connection; then it stops listening, lets the loop read what the last connections hold, and
 * only then closes idle connections, and keeps closing them as busy ones finish, until none is
 * left or the deadline cuts the rest.
 */
export function drainHttp(http: Server, options: DrainOptions): Promise<void> {
  return new Promise<void>((resolve) => {
    const lingerMs = options.lingerMs ?? 250;
    const maxLingerMs = Math.max(lingerMs, options.maxLingerMs ?? 2_500);
    const started = Date.now();
    let connections = 0;
    const noteConnection = () => connections++;
    http.on('connection', noteConnection);
    const timers: NodeJS.Timeout[] = [];
    timers.push(
      setTimeout(() => {
        options.onDeadline();
        http.closeAllConnections();
      }, Math.max(options.deadlineMs, lingerMs + 1)),
    );

    let closed = false;
    const stopListening = () => {
      http.off('connection', noteConnection);
      // net.Server's close stops accepting; http.Server's would also close idle connections at once.
      NetServer.prototype.close.call(http, () => {
        closed = true;
        for (const timer of timers) clearTimeout(timer);
        // Also stops Node's checks of header and request timeouts.
        http.close(() => undefined);
        resolve();
      });
      // Connections accepted in the last poll have their bytes read in the next ones.
      void loopTurns(2).then(() => {
        if (closed) return;
        http.closeIdleConnections();
        // A connection that was busy turns idle once its answer (Connection: close) is out.
        timers.push(setInterval(() => http.closeIdleConnections(), 50));
      });
    };
    const lingered = (): void => {
      const before = connections;
      void loopTurns(QUIET_TURNS).then(() => {
        if (connections === before || Date.now() - started >= maxLingerMs) stopListening();
        else lingered();
      });
    };
    timers.push(setTimeout(lingered, lingerMs));
  });
}
