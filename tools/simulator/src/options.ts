import { SCENARIO_NAMES, type ScenarioName } from './scenarios/catalog';
import { parseStrategies, STRATEGY_NAMES, type SimStrategyName } from './strategies/catalog';

export interface CliOptions {
  scenarios: ScenarioName[];
  strategies: SimStrategyName[];
  seeds: number[];
  quick: boolean;
  json: boolean;
  /** Also run the ripple variants (ripple without completion feedback, proposals). */
  variants: boolean;
  /** Also score prediction with agents reporting interval-mean load. */
  loadExperiment: boolean;
  /** Run the overload prediction evaluation (M/M/c/K agents of five load kinds, tools/simulator/src/prediction). */
  prediction: boolean;
  writeDocs: boolean;
  http: boolean;
  help: boolean;
}

export const DEFAULT_SEEDS = [1, 2, 3];

export const USAGE = `Usage: npm run sim -- [options]

  --scenario <names>     comma-separated: ${SCENARIO_NAMES.join(', ')} (default: all)
  --strategies <names>   comma-separated: ${STRATEGY_NAMES.join(', ')} (default: all)
  --seed <n>             run a single seed (default: seeds ${DEFAULT_SEEDS.join(', ')}, averaged)
  --seeds <a,b,...>      run these seeds, averaged
  --quick                short runs and small fleets
  --json                 print the full results as JSON instead of the summary table
  --no-variants          skip the ripple variants and the load-reporting experiment
  --no-prediction        skip the overload prediction evaluation (250 queue agents × 2 h per seed)
  --docs / --no-docs     write docs/effectiveness.md and its charts (default: only for a full run)
  --http                 run ripple over HTTP (router-ripple remote mode, agents reporting through
                         the coordination client) against a coordination-server child process, in
                         scaled real time (60×), beside the other strategies on the same small
                         scenario (default: heterogeneous); not bit-for-bit reproducible
  --help                 this text
`;

function parseSeed(text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`seed must be a non-negative integer, got "${text}"`);
  return Number(text);
}

function parseScenarios(list: string): ScenarioName[] {
  if (list === 'all') return [...SCENARIO_NAMES];
  const names = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const n of names) {
    if (!(SCENARIO_NAMES as readonly string[]).includes(n)) throw new Error(`unknown scenario "${n}"; expected one of ${SCENARIO_NAMES.join(', ')}`);
  }
  return names as ScenarioName[];
}

/** Parses the CLI arguments; throws with a clear message on anything it does not understand. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    scenarios: [...SCENARIO_NAMES],
    strategies: [...STRATEGY_NAMES],
    seeds: [...DEFAULT_SEEDS],
    quick: false,
    json: false,
    variants: true,
    loadExperiment: true,
    prediction: true,
    writeDocs: false,
    http: false,
    help: false,
  };
  let docs: boolean | undefined;
  let subset = false;
  let scenariosGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--scenario':
      case '--scenarios':
        options.scenarios = parseScenarios(value());
        subset = true;
        scenariosGiven = true;
        break;
      case '--strategies':
      case '--strategy':
        options.strategies = parseStrategies(value());
        subset = true;
        break;
      case '--seed':
        options.seeds = [parseSeed(value())];
        break;
      case '--seeds':
        options.seeds = value().split(',').map(parseSeed);
        break;
      case '--quick':
        options.quick = true;
        break;
      case '--json':
        options.json = true;
        break;
      case '--no-variants':
        options.variants = false;
        options.loadExperiment = false;
        break;
      case '--no-prediction':
        options.prediction = false;
        break;
      case '--docs':
        docs = true;
        break;
      case '--no-docs':
        docs = false;
        break;
      case '--http':
        options.http = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new Error(`unknown option "${arg}"\n\n${USAGE}`);
    }
  }
  if (options.scenarios.length === 0) throw new Error('no scenario selected');
  if (options.strategies.length === 0) throw new Error('no strategy selected');
  if (options.http) {
    if (docs === true) throw new Error('--docs cannot be combined with --http: the published comparison runs in virtual time');
    if (!options.strategies.includes('ripple')) throw new Error('--http compares ripple over HTTP: include ripple in --strategies');
    if (!scenariosGiven) options.scenarios = ['heterogeneous'];
  }
  // A partial or quick run must not overwrite the published full comparison unless asked to.
  options.writeDocs = docs ?? (!subset && !options.quick && !options.http);
  return options;
}
