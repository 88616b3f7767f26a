import { cleanEnv, run } from './command';

describe('run', () => {
  it('resolves with what the program printed', async () => {
    const output = await run(process.execPath, ['-e', 'console.log("out"); console.error("err")'], { cwd: __dirname });
    expect(output).toEqual({ stdout: 'out\n', stderr: 'err\n' });
  });

  it('rejects naming the command, the directory, the exit code and the output', async () => {
    const failing = run(process.execPath, ['-e', 'console.log("partial"); console.error("broken"); process.exit(3)'], { cwd: __dirname });
    await expect(failing).rejects.toThrow(/-e .* in .*src failed \(3\)\n--- stdout\npartial\n--- stderr\nbroken\n/s);
  });

  it('stops a program that outlives its time limit and says so', async () => {
    const slow = run(process.execPath, ['-e', 'setTimeout(() => {}, 10_000)'], { cwd: __dirname, timeoutMs: 200 });
    await expect(slow).rejects.toThrow('was stopped after 200 ms');
  });

  it('passes extra variables to the program', async () => {
    const { stdout } = await run(process.execPath, ['-e', 'process.stdout.write(process.env.EXTRA)'], { cwd: __dirname, env: { EXTRA: 'yes' } });
    expect(stdout).toBe('yes');
  });
});

describe('cleanEnv', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('drops what an outer npm run exported, except where the cache and registry are', () => {
    process.env.npm_config_local_prefix = '/workspace';
    process.env.npm_package_name = '@agentcore/source';
    process.env.INIT_CWD = '/workspace';
    process.env.npm_config_cache = '/cache';
    process.env.KEEP_ME = '1';
    const env = cleanEnv({ ADDED: '2' });
    expect(env).not.toHaveProperty('npm_config_local_prefix');
    expect(env).not.toHaveProperty('npm_package_name');
    expect(env).not.toHaveProperty('INIT_CWD');
    expect(env).toMatchObject({ npm_config_cache: '/cache', KEEP_ME: '1', ADDED: '2' });
  });
});
