import { Registry } from 'prom-client';
import serverPackage from '../package.json';
import { readBuildInfo, registerBuildInfo, SERVER_VERSION } from './version';

describe('build info', () => {
  it('is the package version, the Node.js running it, and the commit from the environment first', () => {
    expect(SERVER_VERSION).toBe(serverPackage.version);
    const info = readBuildInfo({ COORDINATION_BUILD_COMMIT: ' 0123abc ' }, () => JSON.stringify({ commit: 'from-file' }));
    expect(info).toEqual({ version: SERVER_VERSION, commit: '0123abc', node: process.version });
  });

  it('takes the commit from the file the build wrote, else says unknown', () => {
    const files: string[] = [];
    expect(readBuildInfo({}, (path) => (files.push(path), JSON.stringify({ commit: 'from-file' }))).commit).toBe('from-file');
    expect(files[0]).toMatch(/build-info\.json$/);
    expect(readBuildInfo({ COORDINATION_BUILD_COMMIT: '' }, () => '{"commit":42}').commit).toBe('unknown');
    expect(readBuildInfo({}, () => 'not json').commit).toBe('unknown');
    // From source (as in this test run) there is no build-info.json.
    expect(readBuildInfo({}).commit).toBe('unknown');
  });

  it('exports coordination_build_info{version,commit,node} 1', async () => {
    const registry = new Registry();
    registerBuildInfo(registry, { version: '1.0.0', commit: 'abc', node: 'v20.1.0' });
    expect(await registry.metrics()).toContain('coordination_build_info{version="1.0.0",commit="abc",node="v20.1.0"} 1');
  });
});
