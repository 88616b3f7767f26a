import { commandLine } from './cli';
import { ENVIRONMENT } from './environment';

const build = { version: '1.2.3', commit: 'abc123', node: 'v20.0.0' };

describe('commandLine', () => {
  it('starts the server when given no arguments', () => {
    expect(commandLine([], build)).toEqual({});
  });

  it('--version prints the version, commit and Node.js, and exits 0', () => {
    for (const arg of ['--version', '-v']) {
      expect(commandLine([arg], build)).toEqual({ exitCode: 0, output: 'coordination-server 1.2.3 (commit abc123, node v20.0.0)\n' });
    }
  });

  it('--help lists every environment variable with its default, one per line', () => {
    const { exitCode, output = '' } = commandLine(['--help'], build);
    expect(exitCode).toBe(0);
    expect(commandLine(['-h'], build).output).toBe(output);
    for (const variable of ENVIRONMENT) {
      expect(output).toMatch(new RegExp(`^  ${variable.name} +${variable.default.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +\\S`, 'm'));
    }
  });

  it('refuses anything else with exit code 2 and the help', () => {
    const outcome = commandLine(['--port', '80'], build);
    expect(outcome.exitCode).toBe(2);
    expect(outcome.output).toMatch(/^unknown argument: --port 80\n\ncoordination-server 1\.2\.3/);
  });
});
