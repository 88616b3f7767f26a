import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { rulesOf } from '../src/queries';

// The alert rules through Prometheus' own tool: `promtool check rules` (syntax, templates) and
// `promtool test rules` (the unit tests in alerts.test.yml), plus what every alert must carry.
const PROMETHEUS = join(__dirname, '..', 'prometheus');
const run = promisify(execFile);

async function promtool(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run('promtool', args, { cwd: PROMETHEUS });
    return stdout + stderr;
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (failure.code === 'ENOENT') {
      throw new Error("promtool is not installed: install Debian's prometheus package for promtool (apt-get install prometheus); .ci/run does");
    }
    throw new Error(`promtool ${args.join(' ')} failed:\n${failure.stdout ?? ''}${failure.stderr ?? ''}`);
  }
}

const rules = rulesOf(readFileSync(join(PROMETHEUS, 'alerts.yml'), 'utf8'));

interface AlertTest {
  alertname: string;
  exp_alerts?: unknown[];
}
const unitTests = (parse(readFileSync(join(PROMETHEUS, 'alerts.test.yml'), 'utf8')) as { tests: Array<{ alert_rule_test?: AlertTest[] }> }).tests.flatMap(
  (test) => test.alert_rule_test ?? [],
);

describe('deploy/prometheus/alerts.yml', () => {
  it('passes promtool check rules', async () => {
    expect(await promtool('check', 'rules', 'alerts.yml')).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  it('passes its unit tests (promtool test rules alerts.test.yml)', async () => {
    expect(await promtool('test', 'rules', 'alerts.test.yml')).toContain('SUCCESS');
  });

  it.each(rules.map((rule) => [rule.alert ?? rule.record, rule] as const))('%s has a for:, a severity, a summary and a description', (_name, rule) => {
    expect(rule.for).toMatch(/^\d+[smh]$/);
    expect(['warning', 'critical']).toContain(rule.labels?.severity);
    expect(rule.annotations?.summary?.length).toBeGreaterThan(10);
    expect(rule.annotations?.description?.length).toBeGreaterThan(80);
  });

  it.each(rules.map((rule) => [rule.alert as string]))('%s has unit tests where it fires and where it stays silent', (alert) => {
    const cases = unitTests.filter((test) => test.alertname === alert);
    expect({ alert, fires: cases.some((test) => (test.exp_alerts ?? []).length > 0) }).toEqual({ alert, fires: true });
    expect({ alert, silent: cases.some((test) => (test.exp_alerts ?? []).length === 0) }).toEqual({ alert, silent: true });
  });
});
