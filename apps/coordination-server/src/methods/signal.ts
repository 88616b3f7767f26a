import { z } from 'zod';
import { issuesFromZod, SensitivitySignalInputSchema, SignalBatchSchema } from '@agentcore/coordination-core';
import { RpcErrorCode } from '@agentcore/coordination-client';
import { tokenDescription } from '../auth';
import { batchTooLarge, invalidParams, RpcFailure } from '../rpc/errors';
import { defineMethod, type ParamsOf } from './definition';
import { listLength } from './raw-params';

type SignalParams = ParamsOf<'coordination.signal'>;

/** How many signals raw params carry: the length of `signals` when it is a list, else one. */
function signalsIn(raw: unknown): number {
  return listLength(raw, 'signals', 1);
}

/** An answer lists one id per stored signal; a refusal lists at most MAX_LISTED_ISSUES issues. */
const ANSWER_BYTES = 64;
const SIGNAL_ID_BYTES = 39;

/** An agent token reports for its own agent_id only; one foreign signal refuses the whole call. */
function authorizeAgent(items: readonly unknown[], ownAgentId: string, description: string): void {
  for (let i = 0; i < items.length; i++) {
    const agentId = (items[i] as { agent_id?: unknown } | null)?.agent_id;
    if (typeof agentId === 'string' && agentId !== ownAgentId) {
      throw new RpcFailure(RpcErrorCode.FORBIDDEN, `Forbidden: ${description} may not report signals for another agent_id`, {
        path: items.length === 1 && i === 0 ? 'agent_id' : `signals.${i}.agent_id`,
      });
    }
  }
}

export const signalMethod = defineMethod({
  name: 'coordination.signal',
  summary: 'Report one sensitivity signal, or { signals: [...] } as one atomic batch.',
  resultName: 'accepted',
  params: ({ maxBatch }) =>
    z.union([SensitivitySignalInputSchema, SignalBatchSchema.extend({ signals: SignalBatchSchema.shape.signals.max(maxBatch) })]),
  result: z.object({ accepted: z.number().int(), signal_ids: z.array(z.string()) }),
  roles: ['admin', 'agent'],
  errors: [RpcErrorCode.INVALID_PARAMS, RpcErrorCode.BATCH_TOO_LARGE, RpcErrorCode.AGENT_LIMIT_REACHED],
  signalCount: signalsIn,
  work: signalsIn,
  estimateBytes: (raw) => ANSWER_BYTES + SIGNAL_ID_BYTES * signalsIn(raw),

  /**
   * Checks the envelope only: one signal object or `{ signals: [...] }`, the list size, and an
   * agent token's own agent_id. The signals themselves are validated by core as it stores them
   * (the same rules as the published schema; core's hand-written validator is what keeps the
   * signal path fast), so a malformed signal still fails with -32602 and its path.
   */
  parse(raw, _schema, { limits }, { principal }): SignalParams {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw invalidParams([{ path: '', message: 'params must be a signal object or { "signals": [...] }', code: 'invalid_type' }]);
    }
    let items: readonly unknown[] = [raw];
    if ('signals' in raw) {
      const signals = raw.signals;
      if (!Array.isArray(signals) || Object.keys(raw).length !== 1) {
        const parsed = SignalBatchSchema.safeParse(raw);
        // The shape is wrong, so zod has issues to report; the fallback only satisfies the type.
        throw invalidParams(parsed.success ? [] : issuesFromZod(parsed.error));
      }
      if (signals.length > limits.maxBatch) throw batchTooLarge('signals', signals.length, limits.maxBatch);
      items = signals;
    }
    const role = principal.role;
    if (role.kind === 'agent') authorizeAgent(items, role.agentId, tokenDescription(role));
    return raw as SignalParams;
  },

  handle(params, { service, onAccepted }) {
    // A ValidationError from core becomes -32602 with the issues' paths (`signals.2.value`).
    const stored = 'signals' in params ? service.registerSignals(params.signals, ['signals']) : [service.registerSignal(params)];
    if (stored.length > 0) onAccepted(stored);
    const ids = new Array<string>(stored.length);
    for (let i = 0; i < stored.length; i++) ids[i] = stored[i].signal_id;
    return { accepted: stored.length, signal_ids: ids };
  },
});
