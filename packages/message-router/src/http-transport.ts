import { DeliveryError, DeliveryTimeoutError } from './errors';
import type { DeliveryOptions, Transport } from './transport';
import type { AgentRegistration, MessageEnvelope } from './envelope';

export interface HttpTransportOptions {
  /** Extra request headers (e.g. auth), fixed or per agent. */
  headers?: Record<string, string> | ((agent: AgentRegistration) => Record<string, string>);
  /** Defaults to the global fetch; injectable for proxies or instrumentation. */
  fetch?: typeof fetch;
}

const MAX_ERROR_BODY_CHARS = 200;

/** POSTs `{ message }` as JSON to the agent's endpoint; any non-2xx answer is a failure. */
export class HttpTransport implements Transport {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: HttpTransportOptions = {}) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  async deliver(agent: AgentRegistration, message: MessageEnvelope, { timeoutMs }: DeliveryOptions): Promise<unknown> {
    if (!agent.endpoint) {
      throw new DeliveryError(`Agent ${agent.id} has no endpoint`, agent.id);
    }
    const extraHeaders = typeof this.options.headers === 'function' ? this.options.headers(agent) : this.options.headers;
    // The signal covers reading the body too, so a server that stalls mid-response still times out.
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await this.fetchImpl(agent.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...extraHeaders },
        body: JSON.stringify({ message }),
        signal,
      });
      const text = await response.text();
      if (!response.ok) {
        throw new DeliveryError(
          `Agent ${agent.id} answered HTTP ${response.status}: ${text.slice(0, MAX_ERROR_BODY_CHARS)}`,
          agent.id,
          response.status,
        );
      }
      return parseBody(agent.id, text, response.headers.get('content-type'));
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      if (signal.aborted) throw new DeliveryTimeoutError(agent.id, timeoutMs);
      const reason = error instanceof Error ? error.message : String(error);
      throw new DeliveryError(`Agent ${agent.id} unreachable at ${agent.endpoint}: ${reason}`, agent.id);
    }
  }
}

function parseBody(agentId: string, text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  if (!contentType?.includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DeliveryError(`Agent ${agentId} answered with invalid JSON`, agentId);
  }
}
