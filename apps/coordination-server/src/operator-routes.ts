import express, { type Request, type Response, type Router } from 'express';
import type { OpenRpcDocument } from '@agentcore/coordination-client';
import { mayReadMetrics, type Principal, type TokenAuthenticator } from './auth';
import type { EventStream } from './events';
import { statusPageRoutes } from './status-page/route';
import type { BuildInfo } from './version';

export interface OperatorRoutesOptions {
  auth: TokenAuthenticator;
  events: EventStream;
  build: BuildInfo;
  /** The `rpc.discover` document. */
  openRpc: () => OpenRpcDocument;
  startedAtMs: number;
  now: () => number;
}

/**
 * What operators and integrators read besides JSON-RPC: the event stream, the status page, the
 * build and the OpenRPC document. Auth as for the JSON-RPC reads: with tokens configured,
 * `/version` needs a router or admin token (as `/metrics` does), `/openrpc.json` any valid token
 * (as `rpc.discover`), and `/events` checks its own (an agent token sees its own agent).
 */
export function createOperatorRoutes(options: OperatorRoutesOptions): Router {
  const { auth, build } = options;
  const router = express.Router();

  /** The caller, or null after answering 401/403. */
  function caller(req: Request, res: Response, allowed: (principal: Principal) => boolean): Principal | null {
    const principal = auth.authenticate(req.get('authorization'), req.socket.remoteAddress ?? 'unknown');
    if (principal === null) {
      res.status(401).set('www-authenticate', 'Bearer').json({ error: 'unauthorized' });
      return null;
    }
    if (!allowed(principal)) {
      res.status(403).json({ error: 'forbidden: needs a router or admin token' });
      return null;
    }
    return principal;
  }

  router.get('/events', (req, res) => options.events.handle(req, res));

  router.get('/version', (req, res) => {
    if (caller(req, res, (principal) => mayReadMetrics(principal.role)) === null) return;
    res.json({ ...build, uptime_seconds: (options.now() - options.startedAtMs) / 1000 });
  });

  router.get('/openrpc.json', (req, res) => {
    if (caller(req, res, () => true) === null) return;
    res.json(options.openRpc());
  });

  router.use(statusPageRoutes());
  return router;
}
