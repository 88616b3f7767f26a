import { join } from 'node:path';
import { run } from './command';

export const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');

/**
 * The installable libraries, in layers: each depends only on libraries of earlier layers, whose
 * declarations its build reads from their dist/ (see tools/build-library.mjs).
 */
export const LIBRARY_LAYERS: readonly (readonly string[])[] = [
  ['coordination-core'],
  ['message-router', 'coordination-client'],
  ['router-ripple'],
];

export interface PackedLibrary {
  name: string;
  /** Absolute path of the tarball. */
  tarball: string;
  /** Paths inside the tarball, relative to its `package/` folder. */
  files: string[];
}

interface NpmPackEntry {
  name: string;
  filename: string;
  files: Array<{ path: string }>;
}

/**
 * `npm pack` of every library into `destination`. Packing runs each library's `prepack` (its
 * build), so the tarballs hold what the current source builds to, never a stale dist/.
 */
export async function packLibraries(destination: string): Promise<PackedLibrary[]> {
  const packed: PackedLibrary[] = [];
  for (const layer of LIBRARY_LAYERS) {
    const results = await Promise.all(
      layer.map(async (library) => {
        const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], {
          cwd: join(WORKSPACE_ROOT, 'packages', library),
          timeoutMs: 120_000,
        });
        // With --json, npm sends the prepack build's output to stderr and only the report to stdout.
        const [entry] = JSON.parse(stdout) as NpmPackEntry[];
        return { name: entry.name, tarball: join(destination, entry.filename), files: entry.files.map((file) => file.path) };
      }),
    );
    packed.push(...results);
  }
  return packed;
}

/** What a library tarball may hold: the build, the package manifest, README and licence files. */
const PUBLISHABLE = /^(dist\/.+\.(c|m)?js(\.map)?|dist\/.+\.d\.(c|m)?ts|package\.json|README(\.md)?|LICEN[CS]E(\.md|\.txt)?)$/;

/** Files that have no place in a published tarball (sources, tests, configuration). */
export function unpublishable(files: readonly string[]): string[] {
  return files.filter((file) => !PUBLISHABLE.test(file) || /\.spec\.|\/test\//.test(file));
}
