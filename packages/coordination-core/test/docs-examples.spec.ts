import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { quickstart, signalsFor } from '../../../docs/examples/coordination-core.example';

const root = path.resolve(__dirname, '../../..');
const exampleFile = path.join(root, 'docs/examples/coordination-core.example.ts');

describe('docs/coordination-core.md examples', () => {
  it('type-check against the public API', () => {
    // Jest only transpiles; this compiles the example the way `tsc` would.
    const { config } = ts.readConfigFile(path.join(root, 'tsconfig.base.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
    const program = ts.createProgram([exampleFile], { ...options, noEmit: true });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  }, 30_000);

  it('appear in the guide exactly as compiled here', () => {
    const guide = readFileSync(path.join(root, 'docs/coordination-core.md'), 'utf8');
    expect(guide).toContain(readFileSync(exampleFile, 'utf8').trim());
  });

  it('turn an agent’s own numbers into the six signals', () => {
    const signals = signalsFor({
      agentId: 'x',
      inFlightTasks: 3,
      maxConcurrentTasks: 4,
      successRate: 0.9,
      relativeCost: 0.5,
      meanLatencyMs: 25_000,
      accepting: true,
    });
    expect(Object.fromEntries(signals.map((s) => [s.signal_type, s.value]))).toEqual({
      load: 0.75,
      capacity: 0.25,
      quality: 0.9,
      cost: 0.5,
      latency: 1,
      availability: 1,
    });
  });

  it('quickstart: scores, picks, spreads a burst, predicts and cleans up as the guide says', () => {
    const result = quickstart();
    expect(Object.keys(result.routingScores)).toEqual(['summariser-a', 'summariser-b', 'summariser-c']);
    expect(result.pick.agent_id).toBe('summariser-a');
    expect(result.pick.reason).toBe('highest_score');
    expect(result.pick.explanation?.candidates.find((c) => c.agent_id === 'summariser-c')?.excluded).toBe('unavailable');
    expect(result.cheapestPick).toBe('summariser-b');
    expect(result.burst['summariser-c']).toBeUndefined();
    expect(result.burst['summariser-a']).toBeGreaterThan(0);
    expect(result.burst['summariser-b']).toBeGreaterThan(0);
    expect(result.prediction).toMatchObject({ will_overload: true, horizon_seconds: 60 });
    expect(result.prediction?.time_to_overload_seconds).toBeGreaterThan(0);
    expect(result.cleanedUp).toBe(18);
  });
});
