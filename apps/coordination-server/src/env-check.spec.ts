import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OTHER_COMPONENTS_VARIABLES, unknownVariables, warnUnknownVariables } from './env-check';
import { ENVIRONMENT } from './environment';

describe('unknown configuration variables', () => {
  it('names each variable of the project families that nothing reads, with the closest known name', () => {
    expect(
      unknownVariables({
        COORDINATION_RATE_LIMT: '10',
        ROUTING_WEIGHT_QUALTY: '1',
        RIPPLE_MODEE: 'remote',
        COORDINATION_SOMETHING_ELSE_ENTIRELY: 'x',
        COORDINATION_RATE_LIMIT: '10',
        RIPPLE_MODE: 'remote',
        COORDINATION_TEST_REDIS_URL: 'redis://x',
        PATH: '/usr/bin',
        NODE_ENV: 'production',
      }),
    ).toEqual([
      { name: 'COORDINATION_RATE_LIMT', closest: 'COORDINATION_RATE_LIMIT' },
      { name: 'COORDINATION_SOMETHING_ELSE_ENTIRELY' },
      { name: 'RIPPLE_MODEE', closest: 'RIPPLE_MODE' },
      { name: 'ROUTING_WEIGHT_QUALTY', closest: 'ROUTING_WEIGHT_QUALITY' },
    ]);
  });

  it('warns in one line, naming the variables and what they likely meant, never their values', () => {
    const lines: Array<[string, Record<string, unknown> | undefined]> = [];
    const logger = { error: () => undefined, info: () => undefined, debug: () => undefined, warn: (message: string, meta?: Record<string, unknown>) => lines.push([message, meta]) };
    warnUnknownVariables({ PORT: '1', COORDINATION_SOMETHING_ELSE_ENTIRELY: 'secret-value' }, logger);
    warnUnknownVariables({ PORT: '1' }, logger);
    expect(lines).toEqual([['unknown configuration variables ignored', { variables: ['COORDINATION_SOMETHING_ELSE_ENTIRELY'], did_you_mean: {} }]]);
  });

  it("knows the routers' RIPPLE_* variables as router-ripple reads them", () => {
    const source = readFileSync(join(__dirname, '..', '..', '..', 'packages', 'router-ripple', 'src', 'config.ts'), 'utf8');
    const ripple = new Set(source.match(/\b(RIPPLE_[A-Z_]+|COORDINATION_[A-Z_]+)\b/g));
    // RIPPLE_COORDINATION is the strategy's name, not a variable.
    ripple.delete('RIPPLE_COORDINATION');
    const known = new Set<string>([...ENVIRONMENT.map((v) => v.name), ...OTHER_COMPONENTS_VARIABLES]);
    expect([...ripple].filter((name) => !known.has(name))).toEqual([]);
  });
});
