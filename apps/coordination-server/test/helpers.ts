import { request } from 'node:http';
import { Writable } from 'node:stream';
import { CoordinationClient, type CoordinationClientOptions } from '@agentcore/coordination-client';
import { createLogger, createServer, loadServerConfig, type CoordinationServer, type ServerDeps } from '../src';
import type { LogLevel } from '../src/config';

export { sleep } from '../src/testing';

/** Collects the server's JSON log lines so tests can assert on them. */
export class LogCapture extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') this.lines.push(JSON.parse(line));
    callback();
  }

  messages(level?: string): string[] {
    return this.lines.filter((l) => level === undefined || l.level === level).map((l) => String(l.message));
  }
}

export interface TestServer {
  server: CoordinationServer;
  url: string;
  logs: LogCapture;
  client(options?: Partial<CoordinationClientOptions>): CoordinationClient;
  /** Raw POST /rpc: status, parsed body (undefined when empty) and headers. */
  post(body: string | object, headers?: Record<string, string>): Promise<RawResponse>;
  close(): Promise<void>;
}

export interface RawResponse {
  status: number;
  body: unknown;
  text: string;
  headers: Headers;
}

export const ADMIN_TOKEN = 'admin-token-0123456789';
export const ROUTER_TOKEN = 'router-token-0123456789';
export const AGENT_TOKEN = 'agent-a1-token-0123456789';
export const AUTH_ENV = { COORDINATION_AUTH_TOKENS: `${ADMIN_TOKEN}=admin,${ROUTER_TOKEN}=router,${AGENT_TOKEN}=agent:a1` };

/** Starts the real server on an ephemeral loopback port. */
export async function startServer(env: Record<string, string> = {}, deps: ServerDeps & { logLevel?: LogLevel } = {}): Promise<TestServer> {
  const config = loadServerConfig({ PORT: '0', HOST: '127.0.0.1', ...env });
  const logs = new LogCapture();
  const logger = deps.logger ?? createLogger({ level: deps.logLevel ?? 'debug', stream: logs });
  const server = createServer(config, { ...deps, logger });
  await server.listen();
  const url = server.url;
  return {
    server,
    url,
    logs,
    client: (options = {}) => new CoordinationClient({ url, timeoutMs: 5000, ...options }),
    post: (body, headers = {}) => post(`${url}/rpc`, body, headers),
    close: () => server.close(),
  };
}

export async function post(url: string, body: string | object, headers: Record<string, string> = {}): Promise<RawResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
}

export function rpc(method: string, params?: unknown, id: number | string | null = 1): Record<string, unknown> {
  const message: Record<string, unknown> = { jsonrpc: '2.0', id, method };
  if (params !== undefined) message.params = params;
  return message;
}

/** POST /rpc with a chunked body (no Content-Length), written chunk by chunk. */
export function postChunked(url: string, chunks: readonly string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/rpc`, { method: 'POST', headers: { 'transfer-encoding': 'chunked', 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    for (const chunk of chunks.slice(0, -1)) req.write(chunk);
    req.end(chunks[chunks.length - 1]);
  });
}
