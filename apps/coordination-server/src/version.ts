import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Gauge, type Registry } from 'prom-client';
import type { Env } from '@agentcore/coordination-core';
import serverPackage from '../package.json';

/** The server's version: its package's. */
export const SERVER_VERSION: string = serverPackage.version;

/** What `GET /version`, `--version` and `coordination_build_info` report. */
export interface BuildInfo {
  version: string;
  /** The source commit the bundle was built from; `unknown` when run from source without one. */
  commit: string;
  /** The Node.js running the server (`process.version`). */
  node: string;
}

/**
 * `npm run build` writes `build-info.json` beside the bundle's `main.js`; this module is bundled
 * into that file, so `__dirname` is that folder. Run from source there is no such file.
 */
const BUILD_INFO_FILE = join(__dirname, 'build-info.json');

/**
 * The commit comes from `COORDINATION_BUILD_COMMIT` when set (an image built by a pipeline that
 * knows it), else from the file the build wrote, else `unknown`.
 */
export function readBuildInfo(env: Env, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): BuildInfo {
  let commit = env.COORDINATION_BUILD_COMMIT?.trim() ?? '';
  if (commit === '') {
    try {
      const written = JSON.parse(readFile(BUILD_INFO_FILE)) as { commit?: unknown };
      commit = typeof written.commit === 'string' ? written.commit : '';
    } catch {
      // Run from source: no build, no file.
    }
  }
  return { version: SERVER_VERSION, commit: commit === '' ? 'unknown' : commit, node: process.version };
}

/** `coordination_build_info{version,commit,node} 1`: joins other series to the build that produced them. */
export function registerBuildInfo(registry: Registry, info: BuildInfo): void {
  const gauge = new Gauge({
    name: 'coordination_build_info',
    help: 'Always 1; the labels say which build of the server this is.',
    labelNames: ['version', 'commit', 'node'],
    registers: [registry],
  });
  gauge.set({ version: info.version, commit: info.commit, node: info.node }, 1);
}
