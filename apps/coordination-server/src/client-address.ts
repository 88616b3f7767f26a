import type { IncomingMessage } from 'node:http';
import { isIP, type BlockList } from 'node:net';

/** Longest X-Forwarded-For value looked at: the header is the client's to fill. */
const MAX_FORWARDED = 2048;

/**
 * Who a request comes from, for rate limits and logs when it carries no token. Behind a proxy
 * every client shares the proxy's address, so with `trusted` proxies configured
 * (COORDINATION_TRUST_PROXY) the client is the right-most X-Forwarded-For entry that is not one
 * of them. X-Forwarded-For from anyone else is ignored: a client could write anything there.
 */
export function createClientAddress(trusted: BlockList | null): (req: IncomingMessage) => string {
  const isTrusted = (address: string): boolean => {
    const family = isIP(address);
    return family !== 0 && trusted !== null && trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
  return (req) => {
    const peer = normalise(req.socket.remoteAddress ?? 'unknown');
    if (trusted === null || !isTrusted(peer)) return peer;
    const header = req.headers['x-forwarded-for'];
    const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).slice(-MAX_FORWARDED);
    const hops = forwarded.split(',').map((hop) => normalise(hop.trim()));
    let client = peer;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i];
      // Anything that is not an address ends the chain: what lies left of it cannot be trusted.
      if (isIP(hop) === 0) break;
      client = hop;
      if (!isTrusted(hop)) break;
    }
    return client;
  };
}

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is 10.0.0.1. */
function normalise(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
