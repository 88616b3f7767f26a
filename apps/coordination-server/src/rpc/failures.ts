import type { ServerResponse } from 'node:http';
import type { LogThrottle } from '../log-throttle';
import type { FailureStage, ServerMetrics } from '../metrics';
import { INTERNAL_ERROR, truncate } from './errors';
import { errorResponse } from './send';

/**
 * What happens to a failure nobody planned for in the request path (a bug, or a limit of the
 * runtime such as a string too long to build): it is counted in
 * `coordination_internal_errors_total{stage}`, logged (once per cause and interval, with its
 * stack), and the request is answered -32603 — or HTTP 500 when no JSON-RPC answer can be
 * formed — instead of the exception reaching the process and taking it down.
 */
export interface Failures {
  report(stage: FailureStage, error: unknown): void;
  /** Reports the failure and answers the request with HTTP 500 and -32603 if nothing was sent yet; otherwise cuts the connection. */
  answer(stage: FailureStage, error: unknown, res: ServerResponse): void;
}

export function createFailures(metrics: ServerMetrics, warnings: LogThrottle): Failures {
  const report = (stage: FailureStage, error: unknown): void => {
    metrics.internalError(stage);
    const message = error instanceof Error ? error.message : String(error);
    const stack = error instanceof Error ? (error.stack ?? message) : message;
    warnings.log('error', 'request failed inside the server', `${stage}\u0000${truncate(message, 200)}`, { stage, error: truncate(stack, 2_000) });
  };
  return {
    report,
    answer(stage, error, res) {
      report(stage, error);
      try {
        if (res.headersSent || res.destroyed) {
          res.destroy();
          return;
        }
        const text = JSON.stringify(errorResponse(null, INTERNAL_ERROR));
        res.writeHead(500, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), connection: 'close' });
        res.end(text);
      } catch {
        res.destroy();
      }
    },
  };
}
