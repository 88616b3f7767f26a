import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { ROOT } from './doc-session';

const run = promisify(execFile);

// The configuration files docs/operations.md shows (docs/examples/prometheus, docs/examples/grafana).
describe('docs/operations.md configuration', () => {
  it('prometheus.yml passes promtool check config, with the rules and the token file it names in place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docs-prometheus-'));
    try {
      // The example names absolute paths of a Prometheus host; here they live under a temporary folder.
      const config = readFileSync(join(ROOT, 'docs/examples/prometheus/prometheus.yml'), 'utf8').replaceAll('/etc/prometheus/', `${dir}/`);
      mkdirSync(join(dir, 'rules'));
      copyFileSync(join(ROOT, 'deploy/prometheus/alerts.yml'), join(dir, 'rules', 'coordination-alerts.yml'));
      writeFileSync(join(dir, 'coordination-router-token'), 'router-token-0123456789\n');
      writeFileSync(join(dir, 'prometheus.yml'), config);
      const checked = await run('promtool', ['check', 'config', join(dir, 'prometheus.yml')]).catch((error: NodeJS.ErrnoException & { stdout?: string; stderr?: string }) => {
        if (error.code === 'ENOENT') throw new Error("promtool is not installed: install Debian's prometheus package (apt-get install prometheus); .ci/run does");
        throw new Error(`promtool check config failed: ${error.stdout ?? ''}${error.stderr ?? ''}`);
      });
      expect(`${checked.stdout}${checked.stderr}`).toContain('SUCCESS: 1 rule files found');
      const parsed = parse(config) as { scrape_configs: Array<{ job_name: string }> };
      // The CoordinationServerDown alert reads `up` of this job.
      expect(parsed.scrape_configs.map((job) => job.job_name)).toEqual(['coordination-server']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the Grafana provisioning file is a file provider pointing at the folder that holds the dashboard', () => {
    const provisioning = parse(readFileSync(join(ROOT, 'docs/examples/grafana/agentcore.yml'), 'utf8')) as Record<string, unknown>;
    expect(provisioning).toEqual({
      apiVersion: 1,
      providers: [{ name: 'agentcore', folder: 'AgentCore', type: 'file', options: { path: expect.stringMatching(/^\/.+/) } }],
    });
  });
});
