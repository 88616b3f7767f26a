import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { run, type CommandOutput } from './command';
import { WORKSPACE_ROOT } from './libraries';

/**
 * A fresh npm project in the system's temporary directory, outside the workspace, so that nothing
 * resolves through the workspace's node_modules or its tsconfig paths: only what was installed
 * into the project itself is there, as on a machine of the router team.
 */
export class ConsumerProject {
  private constructor(readonly dir: string) {}

  /** `base`: where to create it, the system's temporary directory unless told. */
  static async create(base = tmpdir()): Promise<ConsumerProject> {
    const fromWorkspace = relative(WORKSPACE_ROOT, base);
    if (!fromWorkspace.startsWith('..') && !isAbsolute(fromWorkspace)) {
      throw new Error(`the temporary directory ${base} lies inside the workspace ${WORKSPACE_ROOT}; set TMPDIR to a directory outside it`);
    }
    const dir = await mkdtemp(join(base, 'agentcore-consumer-'));
    await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: 'agentcore-consumer', version: '1.0.0', private: true }, null, 2)}\n`);
    return new ConsumerProject(dir);
  }

  /**
   * `npm install` of tarballs and registry packages. Third-party packages come from npm's cache
   * when the workspace's `npm ci` already put them there (`--prefer-offline`), else from the registry.
   */
  async install(specs: readonly string[]): Promise<void> {
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...specs], {
      cwd: this.dir,
      timeoutMs: 120_000,
    });
  }

  /** Copies a folder of scripts and sources into the project. */
  async add(folder: string): Promise<void> {
    await cp(folder, this.dir, { recursive: true });
  }

  async write(file: string, content: string): Promise<void> {
    await writeFile(join(this.dir, file), content);
  }

  /** Runs one of the project's scripts with Node. */
  node(script: string, env: Readonly<Record<string, string>> = {}): Promise<CommandOutput> {
    return run(process.execPath, [script], { cwd: this.dir, env, timeoutMs: 30_000 });
  }

  /** Type-checks the project with a tsconfig of its own (the compiler is the workspace's; resolution is the project's). */
  typecheck(tsconfig: string): Promise<CommandOutput> {
    const tsc = require.resolve('typescript/bin/tsc', { paths: [WORKSPACE_ROOT] });
    return run(process.execPath, [tsc, '-p', tsconfig], { cwd: this.dir, timeoutMs: 60_000 });
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
