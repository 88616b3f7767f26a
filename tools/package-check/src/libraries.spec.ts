import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIBRARY_LAYERS, unpublishable, WORKSPACE_ROOT } from './libraries';

describe('unpublishable', () => {
  it('accepts the build, the manifest, README and licence files', () => {
    expect(
      unpublishable([
        'package.json',
        'README.md',
        'LICENSE',
        'dist/index.cjs',
        'dist/index.cjs.map',
        'dist/index.mjs',
        'dist/index.d.mts',
        'dist/types/index.d.ts',
        'dist/types/strategies/random.d.ts',
      ]),
    ).toEqual([]);
  });

  it('names sources, tests and configuration', () => {
    expect(
      unpublishable(['src/index.ts', 'dist/types/index.spec.d.ts', 'dist/test/helpers.js', 'jest.config.js', 'tsconfig.lib.json', 'dist/notes.txt']),
    ).toEqual(['src/index.ts', 'dist/types/index.spec.d.ts', 'dist/test/helpers.js', 'jest.config.js', 'tsconfig.lib.json', 'dist/notes.txt']);
  });
});

describe('LIBRARY_LAYERS', () => {
  it('puts every library after the workspace libraries it depends on', () => {
    const seen = new Set<string>();
    for (const layer of LIBRARY_LAYERS) {
      for (const library of layer) {
        const manifest = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'packages', library, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
        const workspaceDependencies = Object.keys(manifest.dependencies).filter((name) => name.startsWith('@agentcore/'));
        expect({ library, missing: workspaceDependencies.filter((name) => !seen.has(name.slice('@agentcore/'.length))) }).toEqual({ library, missing: [] });
      }
      for (const library of layer) seen.add(library);
    }
  });
});
