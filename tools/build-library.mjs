// Builds the workspace library in the current directory for installing outside the monorepo:
// esbuild bundles src/index.ts into one CommonJS file (dist/index.cjs) and one ES module
// (dist/index.mjs), every dependency left external; tsc writes the declarations
// (dist/types/**/*.d.ts, read by `require` and node10 consumers), and dist/index.d.mts
// re-exports them for `import` consumers, so each condition's types match its module format.
// Inside the monorepo nothing reads dist/: Jest, tsx and the server's esbuild bundle resolve
// @agentcore/* to src/ through the tsconfig paths.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const dependencies = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });

// Declarations of a workspace dependency come from its dist/ (as they will for a consumer).
for (const name of dependencies.filter((dep) => dep.startsWith('@agentcore/'))) {
  const types = join('..', name.slice('@agentcore/'.length), 'dist', 'types', 'index.d.ts');
  if (!existsSync(types)) {
    console.error(`${pkg.name}: ${name} is not built (no ${types}); \`npx nx build ${pkg.nx.name}\` builds the dependencies first`);
    process.exit(1);
  }
}

rmSync('dist', { recursive: true, force: true });
await Promise.all(
  [
    ['cjs', 'dist/index.cjs'],
    ['esm', 'dist/index.mjs'],
  ].map(([format, outfile]) =>
    build({
      entryPoints: ['src/index.ts'],
      outfile,
      format,
      bundle: true,
      platform: 'node',
      target: 'node20',
      external: dependencies,
      sourcemap: true,
      logLevel: 'warning',
    }),
  ),
);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.lib.json'], { stdio: 'inherit' });
writeFileSync('dist/index.d.mts', "export * from './types/index.js';\n");
