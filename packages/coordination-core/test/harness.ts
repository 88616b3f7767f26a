import {
  CoordinationService,
  seededRandom,
  type CoordinationServiceOptions,
  type SensitivitySignalInput,
  type SignalType,
} from '../src';

/** 2026-11-25T12:00:00Z: every test starts its clock here. */
export const T0 = Date.parse('2026-11-25T12:00:00.000Z');

export interface Harness {
  service: CoordinationService;
  /** Current time in epoch ms. */
  now(): number;
  advance(ms: number): void;
  /** Registers one signal of `type` for `agentId` with the given value and optional extra fields. */
  report(agentId: string, type: SignalType, value: number, extra?: Partial<SensitivitySignalInput>): void;
  /** Registers one fresh signal per entry. */
  reportAll(agentId: string, values: Partial<Record<SignalType, number>>): void;
}

export function createHarness(options: Partial<CoordinationServiceOptions> = {}): Harness {
  let now = T0;
  const service = new CoordinationService({ clock: () => now, random: seededRandom(1), ...options });
  const report: Harness['report'] = (agentId, type, value, extra = {}) => {
    service.registerSignal({ agent_id: agentId, signal_type: type, value, ...extra });
  };
  return {
    service,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    report,
    reportAll: (agentId, values) => {
      for (const [type, value] of Object.entries(values) as [SignalType, number][]) report(agentId, type, value);
    },
  };
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
