import type { AgentTrace } from './queue-run';
import { firstHighReportSeconds, happened } from './truths';

function trace(maxLoad: number[], meanLoad: number[], reports: Array<[number, number]>): AgentTrace {
  return {
    spec: { id: 'a', kind: 'flat', slots: 1, queueLimit: 1, meanServiceMs: 1000, offered: new Float32Array(0), firstReportMs: 0 },
    reportTimes: reports.map(([t]) => t),
    reportValues: reports.map(([, v]) => v),
    maxLoad: Float32Array.from(maxLoad),
    meanLoad: Float32Array.from(meanLoad),
  };
}

describe('the three truths', () => {
  const t = trace(
    Array.from({ length: 60 }, (_, s) => (s === 12 ? 1 : 0.5)),
    Array.from({ length: 60 }, (_, s) => (s >= 30 && s < 45 ? 0.9 : 0.5)),
    [
      [0, 0.9],
      [10_000, 0.5],
      [20_000, 0.5],
      [35_000, 0.9],
    ],
  );

  it('reported: a report stamped after the forecast and within the horizon, at or above the threshold', () => {
    expect(happened('reported', t, 0, 30, 0.8)).toBe(false); // the report at 0 is the one the forecast was made on
    expect(happened('reported', t, 0, 35, 0.8)).toBe(true);
    expect(firstHighReportSeconds(t, 5_000, 60, 0.8)).toBe(30);
    expect(Number.isNaN(firstHighReportSeconds(t, 40_000, 60, 0.8))).toBe(true);
  });

  it('instant: any second whose highest load reached the threshold', () => {
    expect(happened('instant', t, 0, 10, 0.8)).toBe(false);
    expect(happened('instant', t, 0, 15, 0.8)).toBe(true);
  });

  it('mean10s: the load averaged over 10 s at or above the threshold at some point', () => {
    expect(happened('mean10s', t, 0, 30, 0.8)).toBe(false);
    expect(happened('mean10s', t, 30_000, 20, 0.8)).toBe(true);
  });
});
