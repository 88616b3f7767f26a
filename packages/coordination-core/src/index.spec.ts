import * as core from './index';

describe('public API (src/index.ts)', () => {
  it('exports the names other packages build on', () => {
    const values = [
      'CoordinationService',
      'loadConfig',
      'normaliseWeights',
      'readBoolean',
      'readNumber',
      'DEFAULT_CONFIG',
      'DEFAULT_WEIGHTS',
      'seededRandom',
      'uuidFromRandom',
      'silentLogger',
      'DEFAULT_SELECTION_TUNING',
      'decay',
      'impliedScore',
      'NEUTRAL',
      'normalCdf',
      'MAX_HORIZON_SECONDS',
      'DEFAULT_SCORED_HORIZONS',
      'DEFAULT_CALIBRATION',
      'parseSignal',
      'ValidationError',
      'ConfigError',
      'issuesFromZod',
      'SIGNAL_TYPES',
      'WEIGHT_DIMENSIONS',
      'SensitivitySignalInputSchema',
      'SensitivitySignalSchema',
      'SignalBatchSchema',
      'WeightProfileSchema',
      'AgentCoordinationStateSchema',
      'SelectionResultSchema',
      'OverloadPredictionSchema',
    ] as const;
    for (const name of values) expect(core[name]).toBeDefined();
  });

  it('exposes the documented signal types and neutral prior', () => {
    expect(core.SIGNAL_TYPES).toEqual(['load', 'capacity', 'quality', 'cost', 'latency', 'availability']);
    expect(core.NEUTRAL).toBe(0.5);
  });
});
