import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpenRpcDocument } from '@agentcore/coordination-client';
import { CoordinationService, type CleanupResult, type Clock, type OverloadPrediction, type Random } from '@agentcore/coordination-core';
import { TokenAuthenticator } from './auth';
import { describeConfig, isLoopback, type ServerConfig } from './config';
import { createEventStream } from './events';
import { createHttpApp, type Readiness } from './http-app';
import { createLogger, type AppLogger } from './logger';
import { bindMethods, METHODS, type MethodDeps } from './methods';
import { createMetrics, type ServerMetrics } from './metrics';
import { buildOpenRpcDocument } from './openrpc';
import { createOperatorRoutes } from './operator-routes';
import { MEMORY_STATUS, type ReplicatorStatus, type StateReplicator } from './redis';
import { createRpcHandler } from './rpc';
import { readBuildInfo, registerBuildInfo, SERVER_VERSION, type BuildInfo } from './version';

export { SERVER_VERSION };

export interface ServerDeps {
  logger?: AppLogger;
  /** Epoch ms; default Date.now. */
  clock?: Clock;
  /** Uniform [0, 1); default Math.random. */
  random?: Random;
  /**
   * Keeps replicas in step (shared Redis state). Absent: this process is the whole deployment.
   * The server feeds it every accepted signal and waits for its `start` before reporting ready.
   */
  replicator?: StateReplicator;
  /** How long `close()` waits for in-flight requests before cutting connections. Default 4000 ms. */
  drainTimeoutMs?: number;
  /** What `/version` and `coordination_build_info` report; default: the build's own (`readBuildInfo`). */
  build?: BuildInfo;
}

export interface CoordinationServer {
  readonly service: CoordinationService;
  readonly metrics: ServerMetrics;
  readonly http: Server;
  /** `http://host:port` once listening. */
  readonly url: string;
  listen(): Promise<AddressInfo>;
  /** Stops accepting, lets in-flight requests finish (up to the drain timeout), stops timers. Idempotent. */
  close(): Promise<void>;
  /** One cleanup pass, as the background timer runs it. */
  runCleanup(): CleanupResult;
  /** One overload scan, as the background timer runs it; returns the agents predicted to overload. */
  runOverloadScan(): OverloadPrediction[];
}

/** Builds the server from validated configuration. Nothing listens and no timer runs until `listen()`. */
export function createServer(config: ServerConfig, deps: ServerDeps = {}): CoordinationServer {
  const logger = deps.logger ?? createLogger({ level: config.logLevel });
  const clock = deps.clock ?? Date.now;
  const replicator = deps.replicator;
  // Signal ids come from the CSPRNG: replicas generate them independently and must not collide.
  const service = new CoordinationService({ config: config.core, clock, random: deps.random ?? Math.random, generateId: randomUUID, logger });
  const replicationStatus = (): ReplicatorStatus => replicator?.status() ?? { ...MEMORY_STATUS };
  const metrics = createMetrics(service, { replication: replicationStatus, methods: METHODS.map((method) => method.name) });
  const auth = new TokenAuthenticator(config.tokens);
  const limits = { maxBatch: config.maxBatch };
  const methods = bindMethods(limits);
  let discoverDocument: OpenRpcDocument | undefined;
  const discover = () => (discoverDocument ??= buildOpenRpcDocument(methods, SERVER_VERSION));
  const build = deps.build ?? readBuildInfo({});
  registerBuildInfo(metrics.registry, build);
  const events = createEventStream({
    service,
    settings: config.events,
    auth,
    registry: metrics.registry,
    replication: replicationStatus,
    clock,
    logger,
    maxAgents: config.maxBatch,
    isClosing: () => shuttingDown,
  });

  if (logger.isEnabled('debug')) {
    // Subscribed only at debug level, so the signal path pays nothing otherwise.
    service.on('signal', (signal) =>
      logger.debug('signal registered', { agent_id: signal.agent_id, signal_type: signal.signal_type, trace_id: signal.trace_id }),
    );
  }
  service.on('overloadPredicted', (prediction) =>
    logger.warn('overload predicted', {
      agent_id: prediction.agent_id,
      probability: prediction.probability,
      predicted_load: prediction.predicted_load,
      time_to_overload_seconds: prediction.time_to_overload_seconds,
      horizon_seconds: prediction.horizon_seconds,
    }),
  );

  const methodDeps: MethodDeps = {
    service,
    limits,
    logger,
    onAccepted: replicator === undefined ? () => undefined : (signals) => replicator.publish(signals),
    onSelected: (reason) => events.selected(reason),
    discoverDocument: discover,
    startedAtMs: clock(),
    now: clock,
  };
  const handleRpc = createRpcHandler({
    methods,
    deps: methodDeps,
    auth,
    rateLimitPerSecond: config.rateLimitPerSecond,
    maxBodyBytes: config.maxBodyBytes,
    maxBatch: config.maxBatch,
    metrics,
    logger,
    isClosing: () => shuttingDown,
  });

  let listening = false;
  let replicationStarted = replicator === undefined;
  let shuttingDown = false;
  let closing: Promise<void> | undefined;
  const timers: NodeJS.Timeout[] = [];

  const readiness = (): Readiness => {
    const reasons: string[] = [];
    if (!listening) reasons.push('not listening');
    if (shuttingDown) reasons.push('shutting down');
    // A degraded replica stays ready: its state is rebuilt, and it keeps serving from memory.
    const replication = replicationStatus();
    if (!replicationStarted || !replication.ready) reasons.push('shared state not rebuilt yet');
    return { ready: reasons.length === 0, reasons, replication };
  };
  const routes = createOperatorRoutes({ auth, events, build, openRpc: discover, startedAtMs: methodDeps.startedAtMs, now: clock });
  const app = createHttpApp({ metrics, auth, readiness, logger, routes });

  const http = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    if (shuttingDown) res.setHeader('connection', 'close');
    const url = req.url ?? '';
    if (req.method === 'POST' && (url === '/rpc' || url.startsWith('/rpc?'))) handleRpc(req, res);
    else app(req, res);
  });
  // Load balancers keep idle connections open longer than Node's 5 s default would allow.
  http.keepAliveTimeout = 65_000;

  function runCleanup(): CleanupResult {
    const started = performance.now();
    const result = service.removeExpired();
    logger.info('cleanup ran', {
      removed_signals: result.removedSignals,
      agents_expired: result.expiredAgents.length,
      agents_tracked: service.agentCount,
      duration_ms: Math.round((performance.now() - started) * 1000) / 1000,
    });
    return result;
  }

  function runOverloadScan(): OverloadPrediction[] {
    // Each prediction at or over the threshold is logged at warn by the overloadPredicted listener.
    return service.scanOverloads();
  }

  function every(seconds: number, task: () => unknown, name: string): void {
    const timer = setInterval(() => {
      try {
        task();
      } catch (error) {
        logger.error(`${name} failed`, { error: error instanceof Error ? error.message : String(error) });
      }
    }, seconds * 1000);
    timer.unref();
    timers.push(timer);
  }

  const server: CoordinationServer = {
    service,
    metrics,
    http,
    get url() {
      const address = http.address() as AddressInfo | null;
      if (address === null) throw new Error('server is not listening');
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${host}:${address.port}`;
    },

    async listen() {
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(config.port, config.host, () => {
          http.off('error', reject);
          resolve();
        });
      });
      listening = true;
      every(config.core.cleanupIntervalSeconds, runCleanup, 'cleanup');
      every(config.overloadScanIntervalSeconds, runOverloadScan, 'overload scan');
      events.start();
      const address = http.address() as AddressInfo;
      logger.info('coordination-server listening', { url: server.url, port: address.port, config: describeConfig(config) });
      if (!auth.enabled && !isLoopback(config.host)) {
        logger.warn('authentication is off and the server accepts connections from other machines', {
          host: config.host,
          hint: 'set COORDINATION_AUTH_TOKENS or COORDINATION_AUTH_TOKENS_FILE',
        });
      }
      if (replicator !== undefined) {
        // A batch with a signal invalid here throws, and the replicator applies what it can of it (see StateReplicator.start).
        replicator
          .start((signals) => service.registerSignals(signals))
          .then(
            () => {
              replicationStarted = true;
            },
            (error: unknown) => logger.error('replication failed to start', { error: error instanceof Error ? error.message : String(error) }),
          );
      }
      return address;
    },

    close() {
      closing ??= (async () => {
        shuttingDown = true;
        for (const timer of timers.splice(0)) clearInterval(timer);
        // Event streams never end by themselves: end them, so draining waits only for requests.
        events.close();
        if (listening) {
          await new Promise<void>((resolve) => {
            const force = setTimeout(() => {
              logger.warn('in-flight requests cut at the drain deadline');
              http.closeAllConnections();
            }, deps.drainTimeoutMs ?? 4000);
            force.unref();
            http.close(() => {
              clearTimeout(force);
              resolve();
            });
            http.closeIdleConnections();
          });
        }
        await replicator?.close();
        logger.info('coordination-server stopped');
      })();
      return closing;
    },

    runCleanup,
    runOverloadScan,
  };

  return server;
}
