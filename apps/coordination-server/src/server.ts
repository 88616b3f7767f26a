import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpenRpcDocument } from '@agentcore/coordination-client';
import { CoordinationService, type CleanupResult, type Clock, type OverloadPrediction, type Random } from '@agentcore/coordination-core';
import { RpcErrorCode } from '@agentcore/coordination-client';
import { TokenAuthenticator } from './auth';
import { createClientAddress } from './client-address';
import { describeConfig, isLoopback, trustedProxies, type ServerConfig } from './config';
import { drainHttp } from './drain';
import { EventLoopMonitor } from './event-loop';
import { createEventStream } from './events';
import { createHostCheck } from './host-check';
import { createHttpApp, type Readiness } from './http-app';
import { LogThrottle } from './log-throttle';
import { createLogger, type AppLogger } from './logger';
import { bindMethods, METHODS, type MethodDeps } from './methods';
import { estimateStateBytes } from './methods/state-size';
import { createMetrics, type ServerMetrics } from './metrics';
import { buildOpenRpcDocument } from './openrpc';
import { createOperatorRoutes } from './operator-routes';
import { OverloadWatch } from './overload-watch';
import { applyShared, MEMORY_STATUS, type ReplicatorStatus, type StateReplicator } from './redis';
import { createRpcHandler } from './rpc';
import { createFailures } from './rpc/failures';
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
  /** Interval of repeated warnings (one line per cause and caller per interval, see LogThrottle). Default 10 s. */
  warningIntervalMs?: number;
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

/** Paths answered whatever the Host header says: probes carry the pod's address, and reveal nothing. */
const PROBES = new Set(['/healthz', '/readyz']);

/** Builds the server from validated configuration. Nothing listens and no timer runs until `listen()`. */
export function createServer(config: ServerConfig, deps: ServerDeps = {}): CoordinationServer {
  const logger = deps.logger ?? createLogger({ level: config.logLevel });
  const clock = deps.clock ?? Date.now;
  const replicator = deps.replicator;
  // Signal ids come from the CSPRNG: replicas generate them independently and must not collide.
  const service = new CoordinationService({
    config: config.core,
    clock,
    random: deps.random ?? Math.random,
    generateId: randomUUID,
    logger,
    maxAgents: config.maxAgents,
  });
  const replicationStatus = (): ReplicatorStatus => replicator?.status() ?? { ...MEMORY_STATUS };
  const eventLoop = new EventLoopMonitor();
  const metrics = createMetrics(service, {
    replication: replicationStatus,
    methods: METHODS.map((method) => method.name),
    eventLoop: () => eventLoop.current(),
  });
  const auth = new TokenAuthenticator(config.tokens);
  const limits = { maxBatch: config.maxBatch };
  const methods = bindMethods(limits);
  const warnings = new LogThrottle(logger, { intervalMs: deps.warningIntervalMs });
  const failures = createFailures(metrics, warnings);
  const overloads = new OverloadWatch(service, logger);
  const allowedHost = createHostCheck(config.allowedHosts);
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
  let discoverBytes: number | undefined;

  if (logger.isEnabled('debug')) {
    // Subscribed only at debug level, so the signal path pays nothing otherwise.
    service.on('signal', (signal) =>
      logger.debug('signal registered', { agent_id: signal.agent_id, signal_type: signal.signal_type, trace_id: signal.trace_id }),
    );
  }
  const methodDeps: MethodDeps = {
    service,
    limits,
    logger,
    onAccepted: replicator === undefined ? () => undefined : (signals) => replicator.publish(signals),
    onSelected: (reason) => events.selected(reason),
    discoverDocument: discover,
    discoverBytes: () => (discoverBytes ??= Buffer.byteLength(JSON.stringify(discover()))),
    stateBytes: estimateStateBytes(service.config),
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
    maxResponseBytes: config.maxResponseBytes,
    metrics,
    warnings,
    failures,
    clientAddress: createClientAddress(config.trustProxy.length === 0 ? null : trustedProxies(config.trustProxy)),
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

  const { headersMs, requestMs, keepAliveMs } = config.httpTimeouts;
  const http = createHttpServer(
    {
      headersTimeout: headersMs,
      // The whole request, body included: a body trickled in slowly cannot hold a connection for minutes.
      requestTimeout: requestMs,
      keepAliveTimeout: keepAliveMs,
      // How often Node enforces the two above; its default of 30 s would let a slow request live 30 s past its timeout.
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(headersMs / 4))),
    },
    (req: IncomingMessage, res: ServerResponse) => {
      try {
        if (shuttingDown) res.setHeader('connection', 'close');
        const url = req.url ?? '';
        const query = url.indexOf('?');
        const path = query < 0 ? url : url.slice(0, query);
        if (!PROBES.has(path) && !allowedHost(req)) {
          refuseHost(req, res, path === '/rpc');
          return;
        }
        if (req.method === 'POST' && path === '/rpc') handleRpc(req, res);
        else app(req, res);
      } catch (error) {
        failures.answer('http', error, res);
      }
    },
  );

  /** 421: the request names a host this server does not answer to (COORDINATION_ALLOWED_HOSTS). */
  function refuseHost(req: IncomingMessage, res: ServerResponse, rpc: boolean): void {
    metrics.requestRejected('misdirected_request');
    warnings.log('warn', 'request for another host refused', 'host', { host: String(req.headers.host ?? '').slice(0, 100), path: (req.url ?? '').slice(0, 100) });
    req.resume();
    const message = 'Misdirected request: this server does not answer to that Host (COORDINATION_ALLOWED_HOSTS)';
    const body = JSON.stringify(rpc ? { jsonrpc: '2.0', id: null, error: { code: RpcErrorCode.MISDIRECTED_REQUEST, message } } : { error: message });
    res.writeHead(421, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
    res.end(body);
  }

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
    // Agents newly predicted to overload, and those no longer predicted, are logged by the watch.
    return overloads.scan();
  }

  function every(seconds: number, task: () => unknown, name: string): void {
    const failed = (error: unknown) => logger.error(`${name} failed`, { error: error instanceof Error ? error.message : String(error) });
    const timer = setInterval(() => {
      try {
        const result = task();
        if (result instanceof Promise) result.catch(failed);
      } catch (error) {
        failed(error);
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
      eventLoop.start();
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
        // Shared signals are stored one by one: one this replica refuses (say, a timestamp too far
        // ahead of its clock, or an agent past its limit) is skipped and counted; the rest are kept.
        replicator
          .start((signals) => applyShared(service, signals))
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
        eventLoop.stop();
        if (listening) {
          await drainHttp(http, {
            deadlineMs: deps.drainTimeoutMs ?? 4000,
            onDeadline: () => logger.warn('in-flight requests cut at the drain deadline'),
          });
        }
        await replicator?.close();
        warnings.flush();
        logger.info('coordination-server stopped');
      })();
      return closing;
    },

    runCleanup,
    runOverloadScan,
  };

  return server;
}
