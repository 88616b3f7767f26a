// Process entry point: reads the environment, wires signals, runs the server. Everything it
// calls lives in testable modules; this file only connects them to the process.
import { hostname } from 'node:os';
import { ConfigError } from '@agentcore/coordination-core';
import { loadServerConfig, type ServerConfig } from './config';
import { warnUnknownVariables } from './env-check';
import { commandLine } from './cli';
import { createLogger } from './logger';
import { createReplicator } from './redis';
import { createServer } from './server';
import { readBuildInfo } from './version';

/** Hard stop in case draining hangs: SIGTERM must end the process within 5 s. */
const SHUTDOWN_DEADLINE_MS = 4800;

function fail(message: string, meta: Record<string, unknown>): never {
  process.stderr.write(`${JSON.stringify({ level: 'error', message, ...meta, timestamp: new Date().toISOString() })}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const build = readBuildInfo(process.env);
  const cli = commandLine(process.argv.slice(2), build);
  if (cli.exitCode !== undefined) {
    (cli.exitCode === 0 ? process.stdout : process.stderr).write(cli.output ?? '', () => process.exit(cli.exitCode));
    return;
  }
  let config: ServerConfig;
  try {
    config = loadServerConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`, { variable: error.variable });
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  // A typo in a variable name would leave the default in force without a word.
  warnUnknownVariables(process.env, logger);
  const replicator =
    config.redis === null
      ? undefined
      : createReplicator({
          url: config.redis.url,
          prefix: config.redis.prefix,
          replicaId: `${hostname()}:${process.pid}`,
          windowSeconds: config.core.signalTtlSeconds,
          commandTimeoutMs: config.redis.commandTimeoutMs,
          logger,
        });
  const server = createServer(config, { logger, replicator, build });
  const shutdown = (signal: NodeJS.Signals) => {
    logger.info('shutting down', { signal });
    setTimeout(() => {
      process.stderr.write('shutdown deadline passed; exiting\n');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    server.close().then(
      // Give the log transport a tick to write the last lines.
      () => setImmediate(() => process.exit(0)),
      (error: unknown) => fail('shutdown failed', { error: String(error) }),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  // Handlers first: a signal that arrives while the server starts must still shut it down cleanly.
  try {
    await server.listen();
  } catch (error) {
    fail('could not listen', { host: config.host, port: config.port, error: (error as Error).message });
  }
}

main().catch((error: unknown) => fail('coordination-server crashed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
