/** Base class so callers can tell routing failures from errors thrown by agents. */
export class RouterError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class AgentRegistrationError extends RouterError {
  constructor(message: string) {
    super(message, 'AGENT_REGISTRATION');
  }
}

export class UnknownStrategyError extends RouterError {
  constructor(
    readonly strategyName: string,
    readonly available: readonly string[],
  ) {
    super(
      `Unknown routing strategy "${strategyName}". Available: ${available.length > 0 ? available.join(', ') : '(none)'}`,
      'UNKNOWN_STRATEGY',
    );
  }
}

export class NoCandidateError extends RouterError {
  constructor(
    readonly messageId: string,
    readonly capability: string | undefined,
    detail?: string,
  ) {
    super(
      detail ??
        (capability === undefined
          ? `No agent registered to take message ${messageId}`
          : `No agent registered with capability "${capability}" for message ${messageId}`),
      'NO_CANDIDATE',
    );
  }
}

export interface FailedAttempt {
  agentId: string;
  reason: string;
  timedOut: boolean;
  latencyMs: number;
}

export class MessageUndeliverableError extends RouterError {
  constructor(
    readonly messageId: string,
    readonly attempts: readonly FailedAttempt[],
  ) {
    const tried = attempts.map((a) => `${a.agentId}: ${a.reason}`).join('; ');
    super(`Message ${messageId} could not be delivered after ${attempts.length} attempt(s) [${tried}]`, 'UNDELIVERABLE');
  }
}

export class DeliveryTimeoutError extends RouterError {
  constructor(
    readonly agentId: string,
    readonly timeoutMs: number,
  ) {
    super(`Delivery to agent ${agentId} timed out after ${timeoutMs} ms`, 'DELIVERY_TIMEOUT');
  }
}

/** A transport-level failure: the agent could not be reached or answered with an error. */
export class DeliveryError extends RouterError {
  constructor(
    message: string,
    readonly agentId: string,
    readonly status?: number,
  ) {
    super(message, 'DELIVERY_FAILED');
  }
}

/** The admission queue is full: the message is refused at once rather than queued without bound. */
export class AdmissionQueueFullError extends RouterError {
  constructor(
    readonly messageId: string,
    readonly maxQueued: number,
  ) {
    super(`Message ${messageId} refused: ${maxQueued} messages already wait for an agent to take more work`, 'ADMISSION_QUEUE_FULL');
  }
}

/** The message waited for admission as long as the router allows and no agent could take it. */
export class AdmissionTimeoutError extends RouterError {
  constructor(
    readonly messageId: string,
    readonly timeoutMs: number,
  ) {
    super(`Message ${messageId} not admitted within ${timeoutMs} ms: every candidate was too busy to take more work`, 'ADMISSION_TIMEOUT');
  }
}

/** The router was closed while the message waited. */
export class RouterClosedError extends RouterError {
  constructor() {
    super('The router was closed', 'ROUTER_CLOSED');
  }
}
