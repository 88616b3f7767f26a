/**
 * Deliveries a router has dispatched to each agent and not yet seen settle: what strategies
 * read as `ctx.inFlight`. Entries at zero are removed, so agents that left do not linger.
 */
export class InFlightCounts {
  private readonly counts = new Map<string, number>();

  get(agentId: string): number {
    return this.counts.get(agentId) ?? 0;
  }

  add(agentId: string): void {
    this.counts.set(agentId, this.get(agentId) + 1);
  }

  release(agentId: string): void {
    const remaining = this.get(agentId) - 1;
    if (remaining > 0) this.counts.set(agentId, remaining);
    else this.counts.delete(agentId);
  }
}
