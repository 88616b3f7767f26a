import { z } from 'zod';
import { RpcErrorCode } from '@agentcore/coordination-client';
import { defineMethod } from './definition';

export const discoverMethod = defineMethod({
  name: 'rpc.discover',
  summary: 'This document.',
  resultName: 'openrpc',
  params: () => z.strictObject({}),
  result: z.looseObject({ openrpc: z.string(), info: z.looseObject({}), methods: z.array(z.looseObject({})) }),
  // Every role may read what it may call.
  roles: ['admin', 'router', 'agent'],
  errors: [RpcErrorCode.INVALID_PARAMS],
  // A batch of these would otherwise answer tens of kilobytes per call.
  estimateBytes: (_raw, { discoverBytes }) => discoverBytes(),

  handle(_params, { discoverDocument }) {
    return discoverDocument();
  },
});
