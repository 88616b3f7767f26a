export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through. */
  cooldownMs: number;
  now: () => number;
}

/**
 * Classic three-state breaker: after `failureThreshold` consecutive failures it opens and
 * refuses calls for `cooldownMs`, then lets one trial through (half-open); its outcome
 * closes or re-opens the circuit. Keeps a dead server from being hammered and tells the
 * strategy to stop trusting the cache.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private current: CircuitState = 'closed';

  constructor(private readonly options: CircuitBreakerOptions) {}

  get state(): CircuitState {
    if (this.current === 'open' && this.options.now() - this.openedAt >= this.options.cooldownMs) {
      this.current = 'half-open';
    }
    return this.current;
  }

  /** Whether a call may go out now. */
  allows(): boolean {
    return this.state !== 'open';
  }

  onSuccess(): void {
    this.failures = 0;
    this.current = 'closed';
  }

  onFailure(): void {
    this.failures++;
    if (this.current === 'half-open' || this.failures >= this.options.failureThreshold) {
      this.current = 'open';
      this.openedAt = this.options.now();
    }
  }
}
