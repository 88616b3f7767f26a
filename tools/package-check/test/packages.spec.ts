import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../src/command';
import { ConsumerProject } from '../src/consumer-project';
import { packLibraries, unpublishable, WORKSPACE_ROOT, type PackedLibrary } from '../src/libraries';
import { ServerProcess } from '@agentcore/coordination-server/testing';

// Packs the four libraries and installs the tarballs into a fresh project outside the workspace,
// then uses them there as the router team and agent authors would: from CommonJS, from an ES
// module and from TypeScript under each module resolution, against a real coordination-server.
jest.setTimeout(180_000);

const CONSUMER_FILES = join(__dirname, '..', 'consumer');

let tarballs: string;
let libraries: PackedLibrary[];
let project: ConsumerProject;
let server: ServerProcess;

beforeAll(async () => {
  tarballs = await mkdtemp(join(tmpdir(), 'agentcore-tarballs-'));
  const workspace = JSON.parse(await readFile(join(WORKSPACE_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  [libraries, project, server] = await Promise.all([packLibraries(tarballs), ConsumerProject.create(), ServerProcess.start()]);
  await project.install([...libraries.map((library) => library.tarball), `@types/node@${workspace.devDependencies['@types/node']}`]);
  await project.add(CONSUMER_FILES);
});

afterAll(async () => {
  await server?.stop();
  await project?.remove();
  if (tarballs !== undefined) await rm(tarballs, { recursive: true, force: true });
});

describe('the library tarballs', () => {
  it('are the four libraries', () => {
    expect(libraries.map((library) => library.name).sort()).toEqual([
      '@agentcore/coordination-client',
      '@agentcore/coordination-core',
      '@agentcore/message-router',
      '@agentcore/router-ripple',
    ]);
  });

  it('hold the build, package.json and README only: no sources, no tests', () => {
    for (const library of libraries) {
      expect({ library: library.name, unpublishable: unpublishable(library.files) }).toEqual({ library: library.name, unpublishable: [] });
      expect(library.files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.cjs', 'dist/index.mjs', 'dist/index.d.mts', 'dist/types/index.d.ts']));
    }
  });

  it('resolve types for node10, node16 (from CommonJS and from ES modules) and bundler (arethetypeswrong)', async () => {
    const attw = join(WORKSPACE_ROOT, 'node_modules', '.bin', 'attw');
    const reports = await Promise.all(
      libraries.map((library) => run(attw, [library.tarball, '--format', 'ascii', '--no-emoji', '--no-color'], { cwd: tarballs })),
    );
    for (const { stdout } of reports) expect(stdout).toContain('No problems found');
  });
});

describe('a project that installed the tarballs', () => {
  it('routes with RIPPLE_COORDINATION from CommonJS, in-process and against the server, avoiding the saturated and the draining agent', async () => {
    const { stdout } = await project.node('route.cjs', { COORDINATION_SERVER_URL: server.url });
    process.stdout.write(stdout);
    expect(deliveries(stdout)).toEqual([
      { consumer: 'cjs', mode: 'in-process', avoided: true },
      { consumer: 'cjs', mode: 'remote', avoided: true },
    ]);
  });

  it('routes with RIPPLE_COORDINATION from an ES module, in-process and against the server, avoiding the saturated and the draining agent', async () => {
    const { stdout } = await project.node('route.mjs', { COORDINATION_SERVER_URL: server.url });
    process.stdout.write(stdout);
    expect(deliveries(stdout)).toEqual([
      { consumer: 'esm', mode: 'in-process', avoided: true },
      { consumer: 'esm', mode: 'remote', avoided: true },
    ]);
  });

  it('reports signals as an agent with the SignalReporter and reads them back with CoordinationClient.state', async () => {
    const { stdout } = await project.node('agent.mjs', { COORDINATION_SERVER_URL: server.url });
    process.stdout.write(stdout);
    expect(JSON.parse(stdout)).toMatchObject({
      agent: 'consumer-agent-1',
      sent: 5,
      dropped: 0,
      stored: { load: 0.4, capacity: 0.5, quality: 0.9, latency: 0.2, availability: 1 },
    });
  });

  it('type-checks TypeScript that uses the packages under node16 (CommonJS and ES module), bundler and node10 resolution', async () => {
    const source = await readFile(join(CONSUMER_FILES, 'types-check.ts'), 'utf8');
    await project.write('types-check.cts', source);
    await project.write('types-check.mts', source);
    await Promise.all(
      libraries.map(async (library) => {
        const readme = await readFile(join(WORKSPACE_ROOT, 'packages', library.name.split('/')[1], 'README.md'), 'utf8');
        await project.write(`readme-${library.name.split('/')[1]}.mts`, typescriptBlocks(readme));
      }),
    );
    await Promise.all(['tsconfig.node16.json', 'tsconfig.bundler.json', 'tsconfig.node10.json'].map((tsconfig) => project.typecheck(tsconfig)));
  });
});

/** Each JSON line a routing script printed, reduced to who routed how and whether both bad agents were spared. */
function deliveries(stdout: string): Array<{ consumer: string; mode: string; avoided: boolean }> {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { consumer: string; mode: string; delivered: Record<string, number> })
    .map(({ consumer, mode, delivered }) => ({
      consumer,
      mode,
      avoided: delivered[`${consumer}-${mode}-down`] === 0 && delivered[`${consumer}-${mode}-hot`] <= 6,
    }));
}

/** The ```ts blocks of a README, one after the other: what a reader would paste into a module. */
function typescriptBlocks(markdown: string): string {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]).join('\n');
}
