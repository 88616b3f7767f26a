import { DEFAULT_SEEDS, parseArgs, USAGE } from './options';
import { SCENARIO_NAMES } from './scenarios/catalog';
import { parseStrategies, STRATEGY_NAMES } from './strategies/catalog';

describe('parseArgs', () => {
  it('runs everything over the default seeds and writes the docs by default', () => {
    const o = parseArgs([]);
    expect(o.scenarios).toEqual([...SCENARIO_NAMES]);
    expect(o.strategies).toEqual([...STRATEGY_NAMES]);
    expect(o.seeds).toEqual(DEFAULT_SEEDS);
    expect(o.writeDocs).toBe(true);
    expect(o.variants).toBe(true);
    expect(o.prediction).toBe(true);
    expect(parseArgs(['--no-prediction']).prediction).toBe(false);
  });

  it('parses every option, in both --flag value and --flag=value forms', () => {
    const o = parseArgs(['--scenario=steady,spike', '--strategies', 'random,ripple', '--seed', '7', '--quick', '--json', '--no-variants', '--http']);
    expect(o.scenarios).toEqual(['steady', 'spike']);
    expect(o.strategies).toEqual(['random', 'ripple']);
    expect(o.seeds).toEqual([7]);
    expect([o.quick, o.json, o.variants, o.loadExperiment, o.http, o.writeDocs]).toEqual([true, true, false, false, true, false]);
    expect(parseArgs(['--seeds', '1,2', '--scenario', 'all', '--docs']).seeds).toEqual([1, 2]);
    expect(parseArgs(['--scenario', 'all', '--docs']).writeDocs).toBe(true);
    expect(parseArgs(['--no-docs']).writeDocs).toBe(false);
    expect(parseArgs(['--help']).help).toBe(true);
    expect(parseArgs(['-h']).help).toBe(true);
    expect(USAGE).toContain('--strategies');
  });

  it('runs --http on the heterogeneous scenario unless told otherwise, never writing the docs', () => {
    const o = parseArgs(['--http']);
    expect([o.http, o.writeDocs, o.scenarios]).toEqual([true, false, ['heterogeneous']]);
    expect(parseArgs(['--http', '--scenario', 'spike']).scenarios).toEqual(['spike']);
    expect(() => parseArgs(['--http', '--docs'])).toThrow(/cannot be combined/);
    expect(() => parseArgs(['--http', '--strategies', 'random'])).toThrow(/include ripple/);
  });

  it('refuses what it does not understand', () => {
    expect(() => parseArgs(['--frobnicate'])).toThrow(/unknown option/);
    expect(() => parseArgs(['--scenario', 'moon'])).toThrow(/unknown scenario "moon"/);
    expect(() => parseArgs(['--strategies', 'psychic'])).toThrow(/unknown strategy "psychic"/);
    expect(() => parseArgs(['--seed', '-1'])).toThrow(/non-negative integer/);
    expect(() => parseArgs(['--seed'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--scenario', ','])).toThrow(/no scenario/);
    expect(() => parseArgs(['--strategies', ','])).toThrow(/no strategy/);
    expect(parseStrategies(' random , oracle ')).toEqual(['random', 'oracle']);
  });
});
