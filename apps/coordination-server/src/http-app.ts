import express, { type Application, type NextFunction, type Request, type Response, type Router } from 'express';
import { mayReadMetrics, type TokenAuthenticator } from './auth';
import type { AppLogger } from './logger';
import type { ServerMetrics } from './metrics';
import type { ReplicatorStatus } from './redis';

export interface Readiness {
  ready: boolean;
  reasons: string[];
  /** The replicator's status (`mode: 'memory'` without Redis). */
  replication: ReplicatorStatus;
}

export interface HttpAppOptions {
  metrics: ServerMetrics;
  auth: TokenAuthenticator;
  readiness: () => Readiness;
  logger: AppLogger;
  /** More routes, served before the 404s (`src/operator-routes.ts`: events, status page, version, OpenRPC). */
  routes?: Router;
}

/**
 * Everything but `POST /rpc`: probes, metrics and the 404s. These are rare enough that
 * Express's convenience costs nothing that matters.
 *
 * - `/healthz` and `/readyz` are open: probes carry no tokens and reveal nothing sensitive.
 * - `/metrics` needs a router or admin token when auth is on (it shows agent counts and
 *   traffic); Prometheus sends one with `authorization: { credentials: <token> }`.
 */
export function createHttpApp(options: HttpAppOptions): Application {
  const { metrics, auth, readiness, logger } = options;
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });

  app.get('/readyz', (_req, res) => {
    const state = readiness();
    res.status(state.ready ? 200 : 503).json({ status: state.ready ? 'ready' : 'not_ready', ...state });
  });

  app.get('/metrics', async (req, res) => {
    if (auth.enabled) {
      const principal = auth.authenticate(req.get('authorization'), '');
      if (principal === null) {
        res.status(401).set('www-authenticate', 'Bearer').json({ error: 'unauthorized' });
        return;
      }
      if (!mayReadMetrics(principal.role)) {
        res.status(403).json({ error: 'forbidden: metrics need a router or admin token' });
        return;
      }
    }
    // prom-client 15 writes NaN as `Nan` (e.g. the event-loop lag mean before its first sample);
    // the text format spells it `NaN`, and strict parsers reject anything else.
    const text = (await metrics.registry.metrics()).replace(/ Nan$/gm, ' NaN');
    res.status(200).type(metrics.registry.contentType).send(text);
  });

  if (options.routes !== undefined) app.use(options.routes);

  app.all('/rpc', (_req, res) => {
    res.status(405).set('allow', 'POST').json({ error: 'use POST for JSON-RPC' });
  });

  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: `not found: ${req.method} ${req.path}` });
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    logger.error('http handler failed', { error: error instanceof Error ? error.message : String(error) });
    res.status(500).json({ error: 'internal error' });
  });
  return app;
}
