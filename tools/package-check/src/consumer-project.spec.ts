import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConsumerProject } from './consumer-project';
import { WORKSPACE_ROOT } from './libraries';

describe('ConsumerProject', () => {
  it('is a fresh npm project outside the workspace, removed afterwards', async () => {
    const project = await ConsumerProject.create();
    expect(project.dir.startsWith(WORKSPACE_ROOT)).toBe(false);
    expect(JSON.parse(await readFile(join(project.dir, 'package.json'), 'utf8'))).toMatchObject({ private: true });
    await project.write('hello.cjs', 'console.log("hello " + process.env.WHO)');
    await expect(project.node('hello.cjs', { WHO: 'consumer' })).resolves.toMatchObject({ stdout: 'hello consumer\n' });
    await project.remove();
    expect(existsSync(project.dir)).toBe(false);
  });

  it('refuses a temporary directory inside the workspace', async () => {
    await expect(ConsumerProject.create(join(WORKSPACE_ROOT, 'tools'))).rejects.toThrow('lies inside the workspace');
  });
});
