import type { Server } from 'node:http';

export interface DrainOptions {
  /**
   * How long the server goes on reading, after shutdown begins, before it stops listening and
   * closes idle connections. Default 250 ms.
   */
  lingerMs?: number;
  /** When connections still busy are cut. */
  deadlineMs: number;
  onDeadline(): void;
}

/**
 * Stops an HTTP server so that every request whose bytes arrived before the call is answered.
 * `http.Server.close()` at once would lose two kinds of them: a request still in the socket
 * buffer of a keep-alive connection (Node counts the connection idle until it has read the
 * request, and closes it unanswered), and a connection still in the listen backlog (reset when
 * the listener closes). So the server first lingers — the event loop reads and accepts what
 * arrived, and every answer carries `Connection: close` — then stops listening and closes idle
 * connections, and keeps closing them as the busy ones finish, until none is left or the
 * deadline cuts the rest.
 */
export function drainHttp(http: Server, options: DrainOptions): Promise<void> {
  return new Promise<void>((resolve) => {
    const lingerMs = options.lingerMs ?? 250;
    const timers: NodeJS.Timeout[] = [];
    timers.push(
      setTimeout(() => {
        http.close(() => {
          for (const timer of timers) clearTimeout(timer);
          resolve();
        });
        // A connection that was busy at close() turns idle once its answer (Connection: close) is out.
        timers.push(setInterval(() => http.closeIdleConnections(), 50));
      }, lingerMs),
      setTimeout(() => {
        options.onDeadline();
        http.closeAllConnections();
      }, Math.max(options.deadlineMs, lingerMs + 1)),
    );
  });
}
