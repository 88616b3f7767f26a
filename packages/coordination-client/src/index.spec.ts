import * as api from './index';

it('exposes the client, the reporter and the error family from one place', () => {
  expect(Object.keys(api).sort()).toEqual([
    'COORDINATION_EVENT_TYPES',
    'CoordinationClient',
    'CoordinationError',
    'CoordinationRpcError',
    'CoordinationTimeoutError',
    'CoordinationTransportError',
    'RpcErrorCode',
    'SignalReporter',
  ]);
  expect(new api.CoordinationTimeoutError('m', 5)).toBeInstanceOf(api.CoordinationError);
  expect(api.RpcErrorCode.RATE_LIMITED).toBe(-32029);
});
