import { createHash, timingSafeEqual } from 'node:crypto';
import type { Role, TokenEntry } from './config';

/** Who is calling. `key` identifies the caller for rate limiting and logs without revealing the token. */
export interface Principal {
  key: string;
  role: Role;
}

/** Whether the role may read `/metrics`. */
export function mayReadMetrics(role: Role): boolean {
  return role.kind !== 'agent';
}

/**
 * Bearer-token authentication. Tokens are compared as SHA-256 digests with timingSafeEqual, and
 * every configured token is compared on every request, so neither the length of a matching
 * prefix nor which entry matched shows in the response time.
 */
export class TokenAuthenticator {
  private readonly entries: Array<{ digest: Buffer; principal: Principal }>;

  constructor(tokens: readonly TokenEntry[]) {
    this.entries = tokens.map((entry, i) => ({
      digest: digest(entry.token),
      principal: { key: `token:${i + 1}:${roleName(entry.role)}`, role: entry.role },
    }));
  }

  get enabled(): boolean {
    return this.entries.length > 0;
  }

  /**
   * The caller behind an `Authorization` header, or null when it carries no known token.
   * With auth off everyone is an admin, told apart by `anonymousKey` (the client address).
   */
  authenticate(header: string | undefined, anonymousKey: string): Principal | null {
    if (this.entries.length === 0) return { key: `anonymous:${anonymousKey}`, role: { kind: 'admin' } };
    if (header === undefined || header.length < 8 || header.slice(0, 7).toLowerCase() !== 'bearer ') return null;
    const presented = digest(header.slice(7).trim());
    let found: Principal | null = null;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, presented) && found === null) found = entry.principal;
    }
    return found;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function roleName(role: Role): string {
  return role.kind === 'agent' ? `agent:${role.agentId}` : role.kind;
}

/** The token's role as a phrase for error messages: "an admin token", "a router token", "a token for agent:a1". */
export function tokenDescription(role: Role): string {
  switch (role.kind) {
    case 'admin':
      return 'an admin token';
    case 'router':
      return 'a router token';
    case 'agent':
      return `a token for agent:${role.agentId}`;
  }
}
