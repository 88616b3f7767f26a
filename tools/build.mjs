// Bundles the coordination server into one file under dist/ so that `npm start`
// runs plain JavaScript with no TypeScript toolchain at run time. Workspace
// packages (@agentcore/*) are compiled in; third-party packages stay in node_modules.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const serverPackage = JSON.parse(readFileSync('apps/coordination-server/package.json', 'utf8'));
const external = Object.keys(serverPackage.dependencies).filter((name) => !name.startsWith('@agentcore/'));

await build({
  entryPoints: { 'coordination-server/main': 'apps/coordination-server/src/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
});
