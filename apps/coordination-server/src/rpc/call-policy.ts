import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RpcErrorCode } from '@agentcore/coordination-client';
import { tokenDescription, type Principal } from '../auth';
import type { MethodDefinition } from '../methods';
import { RpcFailure } from './errors';

/** What the rate limit decided about one message. */
export interface RateLimitOutcome {
  /** Run the message. */
  admitted(): void;
  /** Over the caller's budget: try again after this long. */
  limited(retryAfterMs: number): void;
  /** The limiter itself failed. */
  failed(error: Error): void;
}

/**
 * The per-caller rate limit, charged by work rather than by calls: a message spends the work
 * units of its calls (signals stored, candidates scored, agents listed; 1 for any other call)
 * from the caller's budget for the current second. A message that costs more than a whole
 * second's budget spends the whole budget, so it runs in a fresh second rather than never.
 * `perSecond` 0 turns it off; the message is then admitted without a promise in between, which
 * matters on the signal path.
 */
export function createRateLimit(perSecond: number): (principal: Principal, work: number, outcome: RateLimitOutcome) => void {
  if (perSecond <= 0) return (_principal, _work, outcome) => outcome.admitted();
  const limiter = new RateLimiterMemory({ points: perSecond, duration: 1 });
  return (principal, work, outcome) => {
    limiter.consume(principal.key, Math.min(Math.max(1, work), perSecond)).then(
      () => outcome.admitted(),
      (rejection: unknown) => {
        if (rejection instanceof RateLimiterRes) outcome.limited(Math.max(1, Math.ceil(rejection.msBeforeNext)));
        else outcome.failed(rejection instanceof Error ? rejection : new Error(String(rejection)));
      },
    );
  };
}

/** Per-call authorization: whether the caller's role may call the method at all (the method table says who may). */
export function authorizeCall(principal: Principal, definition: MethodDefinition): void {
  const role = principal.role;
  if (!definition.roles.includes(role.kind)) {
    throw new RpcFailure(RpcErrorCode.FORBIDDEN, `Forbidden: ${tokenDescription(role)} may not call ${definition.name}`);
  }
}
