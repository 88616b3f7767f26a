// `npm run build`: type-checks the coordination server, then bundles it with everything it uses
// into dist/coordination-server/, a folder that runs with plain `node main.js` anywhere — no
// node_modules, no TypeScript (the Dockerfile copies exactly this folder):
//
//   main.js (+ .map)      the server and every dependency, one CommonJS file
//   main.js.LEGAL.txt     the licence comments of the bundled packages
//   assets/               the status page (src/status-page/assets)
//   build-info.json       version and the commit it was built from (GET /version)
//   package.json          name, version, "type": "commonjs"
//
// `--outdir <dir>` builds elsewhere (tests); `--no-typecheck` skips tsc.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outdirArg = args.indexOf('--outdir');
const outdir = outdirArg === -1 ? join(root, 'dist', 'coordination-server') : resolve(args[outdirArg + 1]);
const server = join(root, 'apps', 'coordination-server');
const serverPackage = JSON.parse(readFileSync(join(server, 'package.json'), 'utf8'));

if (!args.includes('--no-typecheck')) {
  // The server and the packages it compiles in, as strictly as `npm run lint` checks them.
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(server, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
}

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: [join(server, 'src', 'main.ts')],
  outfile: join(outdir, 'main.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  legalComments: 'external',
  // Workspace packages resolve to their sources, as in the tests.
  tsconfig: join(root, 'tsconfig.base.json'),
  logLevel: 'warning',
  absWorkingDir: root,
});
cpSync(join(server, 'src', 'status-page', 'assets'), join(outdir, 'assets'), { recursive: true });
writeFileSync(join(outdir, 'build-info.json'), `${JSON.stringify({ version: serverPackage.version, commit: commit(), built_at: new Date().toISOString() }, null, 2)}\n`);
writeFileSync(
  join(outdir, 'package.json'),
  `${JSON.stringify({ name: 'coordination-server', version: serverPackage.version, private: true, type: 'commonjs', main: 'main.js' }, null, 2)}\n`,
);

/** The commit being built: COORDINATION_BUILD_COMMIT (a pipeline that knows it), else git's HEAD (with `-dirty` for uncommitted changes), else unknown. */
function commit() {
  if (process.env.COORDINATION_BUILD_COMMIT?.trim()) return process.env.COORDINATION_BUILD_COMMIT.trim();
  try {
    const git = (...gitArgs) => execFileSync('git', gitArgs, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const head = git('rev-parse', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') === '' ? head : `${head}-dirty`;
  } catch {
    return 'unknown';
  }
}
