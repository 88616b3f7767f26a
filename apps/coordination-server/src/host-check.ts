import type { IncomingMessage } from 'node:http';

/**
 * Whether a request's Host header names this server (COORDINATION_ALLOWED_HOSTS). A web page can
 * point a name of its own at 127.0.0.1 (DNS rebinding) and have a browser send requests there;
 * their Host is that name, so a loopback server that answers only to loopback names is out of
 * its reach. `null`: any host.
 */
export function createHostCheck(allowed: readonly string[] | null): (req: IncomingMessage) => boolean {
  if (allowed === null) return () => true;
  const names = new Set(allowed);
  // Clients send the same few Host values over and over: remember the verdicts (bounded).
  const seen = new Map<string, boolean>();
  return (req) => {
    const host = req.headers.host;
    if (host === undefined) return false;
    let verdict = seen.get(host);
    if (verdict === undefined) {
      verdict = names.has(hostName(host));
      if (seen.size < 256) seen.set(host, verdict);
    }
    return verdict;
  };
}

/** The host name of a Host header, without its port, lower-cased (`[::1]:8080` → `::1`). */
export function hostName(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end < 0 ? value : value.slice(1, end);
  }
  const colon = value.indexOf(':');
  // Exactly one colon: name:port. More: a bare IPv6 address (not valid in Host, but name it whole).
  return colon >= 0 && value.indexOf(':', colon + 1) < 0 ? value.slice(0, colon) : value;
}
