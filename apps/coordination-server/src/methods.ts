import {
  issuesFromZod,
  SignalBatchSchema,
  ValidationError,
  type CoordinationService,
  type SensitivitySignal,
} from '@agentcore/coordination-core';
import { RpcErrorCode } from '@agentcore/coordination-client';
import { tokenDescription, type MethodName, type Principal } from './auth';
import type { AppLogger } from './logger';
import type { ServerMetrics } from './metrics';
import { batchTooLarge, invalidParams, parseParams, RpcFailure } from './rpc-errors';
import type { Schemas } from './schemas';

export interface CallContext {
  principal: Principal;
}

export type MethodHandler = (params: unknown, context: CallContext) => unknown;

export interface MethodDeps {
  service: CoordinationService;
  schemas: Schemas;
  maxBatch: number;
  metrics: ServerMetrics;
  logger: AppLogger;
  /** Called with every batch of signals stored, after they are stored (replication). */
  onAccepted: (signals: SensitivitySignal[]) => void;
  discoverDocument: () => unknown;
  startedAtMs: number;
  now: () => number;
}

/** The JSON-RPC methods of DESIGN §5, each a plain function of params and caller. */
export function createMethods(deps: MethodDeps): Record<MethodName, MethodHandler> {
  const { service, schemas, maxBatch, metrics, logger } = deps;

  function rejectSignals(reason: 'invalid' | 'forbidden' | 'batch_too_large', count: number, failure: RpcFailure, principal: Principal): never {
    metrics.signalsRejected(reason, count);
    logger.warn('signals rejected', { reason, count, caller: principal.key, error: failure.message });
    throw failure;
  }

  /** An agent token reports for its own agent_id only; one foreign signal refuses the whole call. */
  function authorizeSignals(items: readonly unknown[], principal: Principal): void {
    const role = principal.role;
    if (role.kind !== 'agent') return;
    for (let i = 0; i < items.length; i++) {
      const agentId = (items[i] as { agent_id?: unknown } | null)?.agent_id;
      if (typeof agentId === 'string' && agentId !== role.agentId) {
        rejectSignals(
          'forbidden',
          items.length,
          new RpcFailure(RpcErrorCode.FORBIDDEN, `Forbidden: ${tokenDescription(role)} may not report signals for another agent_id`, {
            path: items.length === 1 && i === 0 ? 'agent_id' : `signals.${i}.agent_id`,
          }),
          principal,
        );
      }
    }
  }

  /** A list param over COORDINATION_MAX_BATCH fails as -32014 before the schema sees it (as signals do). */
  function checkListSize(params: unknown, field: 'candidates' | 'agent_ids'): void {
    const list = typeof params === 'object' && params !== null ? (params as Record<string, unknown>)[field] : undefined;
    if (Array.isArray(list) && list.length > maxBatch) throw batchTooLarge(field, list.length, maxBatch);
  }

  function store(items: readonly unknown[], batch: boolean, principal: Principal): SensitivitySignal[] {
    try {
      return batch ? service.registerSignals(items, ['signals']) : [service.registerSignal(items[0])];
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return rejectSignals('invalid', items.length, invalidParams(error.issues), principal);
    }
  }

  return {
    'coordination.signal'(params, { principal }) {
      if (typeof params !== 'object' || params === null || Array.isArray(params)) {
        rejectSignals(
          'invalid',
          1,
          invalidParams([{ path: '', message: 'params must be a signal object or { "signals": [...] }', code: 'invalid_type' }]),
          principal,
        );
      }
      const batch = 'signals' in params;
      let items: readonly unknown[];
      if (batch) {
        const signals = (params as { signals: unknown }).signals;
        if (!Array.isArray(signals) || Object.keys(params).length !== 1) {
          const parsed = SignalBatchSchema.safeParse(params);
          // The shape is wrong, so zod has issues to report; the fallback only satisfies the type.
          const issues = parsed.success ? [] : issuesFromZod(parsed.error);
          rejectSignals('invalid', Array.isArray(signals) ? signals.length : 1, invalidParams(issues), principal);
        }
        items = signals as unknown[];
        if (items.length > maxBatch) rejectSignals('batch_too_large', items.length, batchTooLarge('signals', items.length, maxBatch), principal);
      } else {
        items = [params];
      }
      authorizeSignals(items, principal);
      const stored = store(items, batch, principal);
      if (stored.length > 0) deps.onAccepted(stored);
      const ids = new Array<string>(stored.length);
      for (let i = 0; i < stored.length; i++) ids[i] = stored[i].signal_id;
      return { accepted: stored.length, signal_ids: ids };
    },

    'coordination.state'(params) {
      const given = params === undefined ? {} : params;
      if (typeof given === 'object' && given !== null && 'agent_id' in given) {
        return service.getState(parseParams(schemas.state.byId, given).agent_id);
      }
      if (typeof given === 'object' && given !== null && 'agent_ids' in given) {
        checkListSize(given, 'agent_ids');
        return { states: service.getStates(parseParams(schemas.state.byIds, given).agent_ids) };
      }
      const page = parseParams(schemas.state.page, given);
      return service.listStates({ limit: page.limit, cursor: page.cursor });
    },

    'coordination.metrics'(params) {
      parseParams(schemas.metrics.params, params);
      return {
        ...service.metrics(),
        rep_enabled: service.config.enableRep,
        uptime_seconds: (deps.now() - deps.startedAtMs) / 1000,
      };
    },

    'coordination.select'(params) {
      checkListSize(params, 'candidates');
      const { candidates, weights, explain } = parseParams(schemas.select.params, params);
      const result = service.selectAgent(candidates, { weights, explain });
      if (logger.isEnabled('debug')) {
        logger.debug('selection rationale', {
          agent_id: result.agent_id,
          reason: result.reason,
          routing_score: result.routing_score,
          selection_score: result.selection_score,
          candidates: candidates.length,
        });
      }
      return result;
    },

    'coordination.predict'(params) {
      const { agent_id, horizon_seconds, threshold } = parseParams(schemas.predict.params, params);
      return service.predictOverload(agent_id, { horizonSeconds: horizon_seconds, threshold });
    },

    'coordination.complete'(params) {
      const { agent_id, count } = parseParams(schemas.complete.params, params);
      return { agent_id, recorded: service.recordCompletion(agent_id, count ?? 1) };
    },

    'rpc.discover'(params) {
      parseParams(schemas.discover.params, params);
      return deps.discoverDocument();
    },
  };
}
