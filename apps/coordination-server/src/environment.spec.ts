import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadServerConfig } from './config';
import { ENVIRONMENT } from './environment';
import { readBuildInfo } from './version';

/** The variables a function reads from the environment it is given. */
function variablesRead(read: (env: Record<string, string | undefined>) => unknown): string[] {
  const seen = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get(_target, name) {
      if (typeof name === 'string') seen.add(name);
      return undefined;
    },
  });
  read(env);
  return [...seen];
}

/** `| `NAME` | `default` | meaning |` rows of the configuration table in docs/server.md. */
function documentedVariables(): Array<{ name: string; default: string }> {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'server.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Configuration'), doc.indexOf('\n## ', doc.indexOf('## Configuration') + 1));
  return [...section.matchAll(/^\| `([A-Z_]+)` \| ([^|]+) \|/gm)].map(([, name, value]) => ({ name, default: value.trim().replace(/^`(.*)`$/, '$1') }));
}

describe('ENVIRONMENT, the table of every variable', () => {
  it('lists exactly the variables the server reads', () => {
    const read = [...variablesRead((env) => loadServerConfig(env)), ...variablesRead((env) => readBuildInfo(env, () => '{}'))];
    expect(ENVIRONMENT.map((v) => v.name).sort()).toEqual([...new Set(read)].sort());
  });

  it('names each variable once, with a default and a meaning', () => {
    expect(new Set(ENVIRONMENT.map((v) => v.name)).size).toBe(ENVIRONMENT.length);
    for (const variable of ENVIRONMENT) {
      expect([variable.name, variable.default.length > 0, variable.meaning.length > 0]).toEqual([variable.name, true, true]);
    }
  });

  it('gives the defaults the server really uses: each default, set explicitly, changes nothing', () => {
    const defaults = loadServerConfig({});
    for (const variable of ENVIRONMENT) {
      if (variable.default === 'unset' || variable.name === 'COORDINATION_BUILD_COMMIT') continue;
      expect([variable.name, loadServerConfig({ [variable.name]: variable.default })]).toEqual([variable.name, defaults]);
    }
  });

  it('is what the configuration table of docs/server.md shows, in the same order', () => {
    expect(documentedVariables()).toEqual(ENVIRONMENT.map((v) => ({ name: v.name, default: v.default })));
  });
});
