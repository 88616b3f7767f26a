import { execFile } from 'node:child_process';

export interface CommandOptions {
  cwd: string;
  env?: Readonly<Record<string, string>>;
  timeoutMs?: number;
}

export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/**
 * npm settings that only say where the cache, the registry and its certificates are. Every other
 * `npm_*` variable that an outer `npm run` exports (`npm_config_local_prefix` above all) would make
 * an npm started from here act on the workspace instead of the directory it was started in.
 */
const KEPT_NPM_SETTINGS = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig', 'npm_config_cafile']);

/** The environment of this process without what npm exported to it, plus `extra`. */
export function cleanEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    const npmOwned = /^npm_/i.test(name) || name === 'INIT_CWD';
    if (value !== undefined && (!npmOwned || KEPT_NPM_SETTINGS.has(name.toLowerCase()))) env[name] = value;
  }
  return { ...env, ...extra };
}

/**
 * Runs a program to completion, at low CPU priority (`nice`): builds, installs and compilers here
 * only need to finish, while tests running beside them on the same cores may be timing-sensitive.
 * A non-zero exit, a signal or the time limit rejects with an error that names the command, the
 * directory and everything it printed, so a failing check explains itself.
 */
export function run(file: string, args: readonly string[], options: CommandOptions): Promise<CommandOutput> {
  const timeout = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const niced = ['-n', '10', file, ...args];
    execFile('nice', niced, { cwd: options.cwd, env: cleanEnv(options.env), timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) {
        resolve({ stdout, stderr });
        return;
      }
      const how = error.killed ? `was stopped after ${timeout} ms` : `failed (${error.code ?? error.signal})`;
      reject(new Error(`\`${[file, ...args].join(' ')}\` in ${options.cwd} ${how}\n--- stdout\n${stdout}--- stderr\n${stderr}`));
    });
  });
}
