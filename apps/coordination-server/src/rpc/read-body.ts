import type { IncomingMessage } from 'node:http';

/**
 * Reads a request body of at most `maxBytes`. `onBody` gets it whole; a longer one calls
 * `onTooLarge` instead, once — by its Content-Length before a byte is read, or as soon as the
 * streamed bytes pass the limit (chunked bodies have no length to go by). A client that goes away
 * mid-body gets neither: there is nobody to answer.
 */
export function readBody(req: IncomingMessage, maxBytes: number, onBody: (raw: Buffer) => void, onTooLarge: () => void): void {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    onTooLarge();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  req.on('data', (chunk: Buffer) => {
    if (done) return;
    size += chunk.length;
    if (size > maxBytes) {
      done = true;
      chunks.length = 0;
      onTooLarge();
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (!done) onBody(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
  });
  req.on('error', () => {
    done = true;
  });
}
