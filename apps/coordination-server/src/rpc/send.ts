import type { ServerResponse } from 'node:http';
import type { JsonRpcError } from './errors';

export type JsonRpcId = string | number | null;
export type JsonRpcResponse = { jsonrpc: '2.0'; id: JsonRpcId } & ({ result: unknown } | { error: JsonRpcError });

export function errorResponse(id: JsonRpcId, error: JsonRpcError): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error };
}

/** The last stage of `POST /rpc`: every answer goes out through one of these. */
export interface Responder {
  json(res: ServerResponse, status: number, payload: unknown, headers?: Record<string, string>): void;
  /** An answer serialised already (dispatch serialises each call's answer against the response budget). */
  text(res: ServerResponse, status: number, text: string, headers?: Record<string, string>): void;
  /** Nothing to answer (notifications only). */
  noContent(res: ServerResponse): void;
}

/** `isClosing`: true once shutdown began; answers then close their connection so clients reconnect elsewhere. */
export function createResponder(isClosing: () => boolean): Responder {
  const text: Responder['text'] = (res, status, body, headers = {}) => {
    // The client may have gone while the answer was made: nobody to write to.
    if (res.destroyed) return;
    const all: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers };
    if (isClosing()) all.connection = 'close';
    res.writeHead(status, all);
    res.end(body);
  };
  return {
    json: (res, status, payload, headers) => text(res, status, JSON.stringify(payload), headers),
    text,
    noContent(res) {
      if (res.destroyed) return;
      res.writeHead(204, isClosing() ? { connection: 'close' } : {});
      res.end();
    },
  };
}
