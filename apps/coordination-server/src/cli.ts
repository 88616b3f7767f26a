import { ENVIRONMENT } from './environment';
import type { BuildInfo } from './version';

export interface CommandLineOutcome {
  /** Exit with this code without starting the server; undefined: start it. */
  exitCode?: number;
  output?: string;
}

/**
 * The server's command line: it is configured through the environment alone, so the only
 * arguments are `--help` (every variable with its default, from `ENVIRONMENT`) and `--version`.
 */
export function commandLine(args: readonly string[], build: BuildInfo): CommandLineOutcome {
  if (args.length === 0) return {};
  const [arg] = args;
  if (args.length === 1 && (arg === '--version' || arg === '-v')) {
    return { exitCode: 0, output: `coordination-server ${build.version} (commit ${build.commit}, node ${build.node})\n` };
  }
  if (args.length === 1 && (arg === '--help' || arg === '-h')) return { exitCode: 0, output: help(build) };
  return { exitCode: 2, output: `unknown argument: ${args.join(' ')}\n\n${help(build)}` };
}

function help(build: BuildInfo): string {
  const width = Math.max(...ENVIRONMENT.map((variable) => variable.name.length));
  const defaults = Math.max(...ENVIRONMENT.map((variable) => variable.default.length));
  const rows = ENVIRONMENT.map((v) => `  ${v.name.padEnd(width)}  ${v.default.padEnd(defaults)}  ${v.meaning}`);
  return [
    `coordination-server ${build.version}: the AgentCore coordination service (JSON-RPC 2.0 on POST /rpc).`,
    '',
    'Usage: node main.js [--help | --version]',
    '',
    'Configured through the environment; a bad value stops it with exit code 1 naming the variable.',
    '',
    `  ${'variable'.padEnd(width)}  ${'default'.padEnd(defaults)}  meaning`,
    ...rows,
    '',
    'Endpoints: POST /rpc, GET /events, GET /status/, GET /metrics, /healthz, /readyz, /version, /openrpc.json.',
    'More: docs/server.md.',
    '',
  ].join('\n');
}
