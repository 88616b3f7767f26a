import { DEFAULT_CONFIG, loadConfig, normaliseWeights, readBoolean, readNumber } from './config';
import { ConfigError } from './errors';

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('falls back to the documented defaults', () => {
    expect(loadConfig({})).toEqual(DEFAULT_CONFIG);
    expect(loadConfig()).toEqual({
      enableRep: true,
      signalTtlSeconds: 60,
      maxHistorySize: 100,
      cleanupIntervalSeconds: 300,
      weights: { load: 0.25, capacity: 0.25, quality: 0.2, cost: 0.15, availability: 0.15, latency: 0 },
      capacityScale: 16,
      latencyScaleMs: 10_000,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      COORDINATION_ENABLE_REP: 'false',
      COORDINATION_SIGNAL_TTL: '30',
      COORDINATION_MAX_HISTORY_SIZE: '50',
      COORDINATION_CLEANUP_INTERVAL: '120',
      ROUTING_WEIGHT_LOAD: '0.4',
      ROUTING_WEIGHT_CAPACITY: '0.1',
      ROUTING_WEIGHT_QUALITY: '0.2',
      ROUTING_WEIGHT_COST: '0.1',
      ROUTING_WEIGHT_AVAILABILITY: '0.1',
      ROUTING_WEIGHT_LATENCY: '0.1',
      COORDINATION_CAPACITY_SCALE: '32',
      COORDINATION_LATENCY_SCALE_MS: '2500',
    });
    expect(config).toMatchObject({
      enableRep: false,
      signalTtlSeconds: 30,
      maxHistorySize: 50,
      cleanupIntervalSeconds: 120,
      capacityScale: 32,
      latencyScaleMs: 2500,
    });
    expect(config.weights.load).toBeCloseTo(0.4, 12);
    expect(config.weights.latency).toBeCloseTo(0.1, 12);
    const sum = Object.values(config.weights).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 12);
  });

  it('treats a blank variable as unset and trims whitespace', () => {
    expect(loadConfig({ COORDINATION_SIGNAL_TTL: '  ', COORDINATION_MAX_HISTORY_SIZE: ' 20 ' })).toMatchObject({
      signalTtlSeconds: 60,
      maxHistorySize: 20,
    });
  });

  it('normalises weights that do not sum to 1', () => {
    const config = loadConfig({
      ROUTING_WEIGHT_LOAD: '1',
      ROUTING_WEIGHT_CAPACITY: '1',
      ROUTING_WEIGHT_QUALITY: '1',
      ROUTING_WEIGHT_COST: '1',
      ROUTING_WEIGHT_AVAILABILITY: '0',
    });
    expect(config.weights).toEqual({ load: 0.25, capacity: 0.25, quality: 0.25, cost: 0.25, availability: 0, latency: 0 });
  });

  it.each([
    ['ROUTING_WEIGHT_LOAD', 'abc', 'a number >= 0'],
    ['ROUTING_WEIGHT_COST', '-0.1', 'a number >= 0'],
    ['ROUTING_WEIGHT_QUALITY', '0x10', 'a number >= 0'],
    ['ROUTING_WEIGHT_CAPACITY', '1e400', 'a number >= 0'],
    ['COORDINATION_SIGNAL_TTL', '-5', 'an integer >= 1 <= 604800'],
    ['COORDINATION_SIGNAL_TTL', '0', 'an integer >= 1'],
    ['COORDINATION_SIGNAL_TTL', '1.5', 'an integer'],
    ['COORDINATION_MAX_HISTORY_SIZE', '1', 'an integer >= 2 <= 100000'],
    ['COORDINATION_CLEANUP_INTERVAL', 'soon', 'an integer >= 1'],
    ['COORDINATION_CAPACITY_SCALE', '0', 'a number > 0'],
    ['COORDINATION_LATENCY_SCALE_MS', 'NaN', 'a number > 0'],
    ['COORDINATION_ENABLE_REP', 'maybe', 'true or false'],
  ])('rejects %s=%s, naming the variable and the expected form', (variable, value, expected) => {
    const error = configError(() => loadConfig({ [variable]: value }));
    expect(error.variable).toBe(variable);
    expect(error.received).toBe(value);
    expect(error.message).toContain(variable);
    expect(error.message).toContain(`expected ${expected}`);
    expect(error.message).toContain(JSON.stringify(value));
  });

  it('rejects weights that sum to 0', () => {
    const error = configError(() =>
      loadConfig({
        ROUTING_WEIGHT_LOAD: '0',
        ROUTING_WEIGHT_CAPACITY: '0',
        ROUTING_WEIGHT_QUALITY: '0',
        ROUTING_WEIGHT_COST: '0',
        ROUTING_WEIGHT_AVAILABILITY: '0',
      }),
    );
    expect(error.message).toContain('ROUTING_WEIGHT_LOAD');
    expect(error.message).toContain('ROUTING_WEIGHT_AVAILABILITY');
    expect(error.message).toContain('sum > 0');
  });

  it('accepts the usual spellings of booleans', () => {
    for (const yes of ['true', 'TRUE', '1', 'yes', 'on']) expect(readBoolean({ X: yes }, 'X', false)).toBe(true);
    for (const no of ['false', 'False', '0', 'no', 'off']) expect(readBoolean({ X: no }, 'X', true)).toBe(false);
  });

  it('readNumber checks each rule and accepts plain decimal notation', () => {
    expect(readNumber({ X: '2.5e1' }, 'X', 0, {})).toBe(25);
    expect(readNumber({ X: '.5' }, 'X', 0, { max: 1 })).toBe(0.5);
    expect(() => readNumber({ X: '2' }, 'X', 0, { max: 1 })).toThrow('X: expected a number <= 1, got "2"');
    expect(readNumber({}, 'X', 7, { integer: true })).toBe(7);
  });
});

describe('normaliseWeights', () => {
  it('scales to a sum of 1 and fills missing dimensions with 0', () => {
    expect(normaliseWeights({ load: 1, quality: 3 })).toEqual({
      load: 0.25,
      capacity: 0,
      quality: 0.75,
      cost: 0,
      availability: 0,
      latency: 0,
    });
  });
});
