import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserServer, type Page } from 'playwright-core';
import type { SensitivitySignalInput } from '@agentcore/coordination-core';
import { ADMIN_TOKEN, AUTH_ENV, ROUTER_TOKEN, sleep, startServer, type TestServer } from './helpers';

// The status page in a real browser: Debian's Chromium, driven by playwright-core (which
// downloads no browser of its own).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FAST = { COORDINATION_EVENTS_INTERVAL_MS: '50' };

describe('the status page in Chromium', () => {
  let server0: BrowserServer;
  let browser: Browser;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  let server: TestServer;
  const requestedUrls: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium; .ci/run does), or set CHROMIUM_PATH`);
    }
    profile = mkdtempSync(join(tmpdir(), 'status-page-chromium-'));
    server0 = await chromium.launchServer({
      executablePath: CHROMIUM,
      headless: true,
      // As the machine's closed network wants it: nothing of Chromium's own phoning home.
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    // Low CPU priority (inherited by the renderers it starts), so the timing-sensitive tests
    // running beside it on the same cores keep theirs.
    setPriority(server0.process().pid ?? 0, 10);
    browser = await chromium.connect(server0.wsEndpoint());
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server0?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1180, height: 560 } });
    page = await context.newPage();
    requestedUrls.length = 0;
    page.on('request', (request) => requestedUrls.push(request.url()));
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    pageErrors = errors;
  });
  let pageErrors: string[] = [];
  afterEach(async () => {
    await context?.close();
    await server?.close();
  });

  const row = (agent: string) => page.locator(`#agents tbody tr[data-agent="${agent}"]`);

  it('lists the agents, and a signal sent over JSON-RPC appears live, with its sparkline; the search box filters', async () => {
    server = await startServer(FAST, { logLevel: 'error' });
    const client = server.client();
    await client.signal({ agent_id: 'already-there', signal_type: 'load', value: 0.5 });
    await page.goto(`${server.url}/`);
    await row('already-there').waitFor();
    await page.locator('#connection[data-state="live"]').waitFor();
    await client.signals([
      { agent_id: 'summarizer-7', signal_type: 'load', value: 0.35 },
      { agent_id: 'summarizer-7', signal_type: 'capacity', value: 0.5 },
    ]);
    await row('summarizer-7').waitFor();
    // The score comes from coordination.state, read again for agents that reported.
    await expectText(row('summarizer-7').locator('td.score'), /^0\.\d{3}$/);
    await expectText(row('summarizer-7').locator('td.load'), /35 %$/);
    await client.signal({ agent_id: 'summarizer-7', signal_type: 'load', value: 0.6 });
    await row('summarizer-7').locator('svg.spark[data-points="2"]').waitFor();
    await expectText(row('summarizer-7').locator('td.load'), /60 %$/);
    expect(await page.locator('#count').textContent()).toBe('2 agents');

    await page.fill('#search', 'summ');
    await row('already-there').waitFor({ state: 'detached' });
    expect(await row('summarizer-7').count()).toBe(1);
    expect(await page.locator('#count').textContent()).toBe('1 of 2 agents');
    expect(pageErrors).toEqual([]);
  }, 30_000);

  it('marks a stale agent, shows an overload risk, and drops an expired agent', async () => {
    server = await startServer(FAST, { logLevel: 'error' });
    const client = server.client();
    await page.goto(`${server.url}/status/`);
    await page.locator('#connection[data-state="live"]').waitFor();
    await client.signal({ agent_id: 'quiet', signal_type: 'load', value: 0.5, ttl_seconds: 1 });
    await row('quiet').locator('.badge', { hasText: 'stale' }).waitFor();
    await client.signals(rising('hot'));
    await client.predict('hot', { horizonSeconds: 60, threshold: 0.8 });
    await expectText(row('hot').locator('td.risk'), /^\d+ % in \d+ s$/);
    await sleep(600);
    await client.metrics(); // sweeps the expired agent
    await row('quiet').waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  }, 30_000);

  it('with authentication on: asks for a token, keeps it in sessionStorage only, and never puts it in a URL', async () => {
    server = await startServer({ ...FAST, ...AUTH_ENV }, { logLevel: 'error' });
    const admin = server.client({ token: ADMIN_TOKEN });
    await admin.signal({ agent_id: 'secured-1', signal_type: 'load', value: 0.2 });
    await page.goto(`${server.url}/status/`);
    await page.locator('#token-form').waitFor();
    expect(await page.locator('#main').isHidden()).toBe(true);

    await page.fill('#token', 'not-the-right-token-123');
    await page.click('#token-form button[type="submit"]');
    await expectText(page.locator('#token-error'), /refused/);

    await page.fill('#token', ROUTER_TOKEN);
    await page.click('#token-form button[type="submit"]');
    await row('secured-1').waitFor();
    await page.locator('#connection[data-state="live"]').waitFor();
    await admin.signal({ agent_id: 'secured-2', signal_type: 'load', value: 0.7 });
    await row('secured-2').waitFor();

    expect(await page.evaluate("sessionStorage.getItem('agentcore-coordination-token')")).toBe(ROUTER_TOKEN);
    expect(await page.evaluate('localStorage.length + document.cookie.length')).toBe(0);
    expect(requestedUrls.filter((url) => url.includes(ROUTER_TOKEN))).toEqual([]);
    expect(requestedUrls.some((url) => url.endsWith('/events'))).toBe(true);

    // A reload in the same tab keeps the token; forgetting it asks again.
    await page.reload();
    await row('secured-2').waitFor();
    await page.click('#forget');
    await page.locator('#token-form').waitFor();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
  }, 30_000);

  it('takes a screenshot of a small fleet (STATUS_PAGE_SCREENSHOT=<path> keeps it, e.g. docs/status-page.png)', async () => {
    server = await startServer({ ...FAST, ...AUTH_ENV }, { logLevel: 'error' });
    const admin = server.client({ token: ADMIN_TOKEN });
    await page.goto(`${server.url}/status/`);
    await page.fill('#token', ROUTER_TOKEN);
    await page.click('#token-form button[type="submit"]');
    await page.locator('#connection[data-state="live"]').waitFor();

    const fleet: Array<[string, number[]]> = [
      ['planner-1', [0.2, 0.25, 0.3, 0.28, 0.22, 0.2]],
      ['summarizer-a', [0.4, 0.45, 0.5, 0.55, 0.5, 0.48]],
      ['summarizer-b', [0.1, 0.12, 0.1, 0.15, 0.12, 0.1]],
      ['translator-de', [0.6, 0.55, 0.5, 0.45, 0.4, 0.35]],
      ['translator-fr', [0.3, 0.3, 0.32, 0.3, 0.31, 0.3]],
    ];
    const hot = rising('coder-3');
    for (let step = 0; step < 6; step++) {
      await admin.signals([...fleet.map(([agent, loads]) => ({ agent_id: agent, signal_type: 'load' as const, value: loads[step] })), hot[step]]);
      await sleep(120);
    }
    await admin.signals(fleet.map(([agent], i) => ({ agent_id: agent, signal_type: 'capacity', value: 0.25 + i * 0.15 })));
    await admin.predict('coder-3', { horizonSeconds: 60, threshold: 0.8 });
    await admin.signal({ agent_id: 'reviewer-2', signal_type: 'load', value: 0.3, ttl_seconds: 1 });
    await admin.select(['nobody-reports']);
    await row('reviewer-2').locator('.badge', { hasText: 'stale' }).waitFor();
    await expectText(row('coder-3').locator('td.risk'), /%/);
    await page.locator('#selection[data-state="no_signals"]').waitFor();
    await sleep(300);
    // The first look, before the token, was refused: that is how the page learns it needs one.
    pageErrors = pageErrors.filter((message) => !message.includes('status of 401'));

    const target = process.env.STATUS_PAGE_SCREENSHOT;
    const path = target === undefined ? join(profile, 'status-page.png') : resolve(__dirname, '..', '..', '..', target);
    await page.screenshot({ path, fullPage: true });
    expect(existsSync(path)).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 30_000);

  async function expectText(locator: ReturnType<Page['locator']>, pattern: RegExp): Promise<void> {
    const deadline = Date.now() + 5000;
    let text = '';
    while (Date.now() < deadline) {
      text = (await locator.textContent().catch(() => '')) ?? '';
      if (pattern.test(text)) return;
      await sleep(50);
    }
    expect(text).toMatch(pattern);
  }
});

/** Load rising over the last minute: the overload forecast says it reaches 0.8 soon. */
function rising(agent: string): SensitivitySignalInput[] {
  const now = Date.now();
  return [0.3, 0.4, 0.5, 0.6, 0.7, 0.75].map((value, i) => ({ agent_id: agent, signal_type: 'load', value, timestamp: now - (50 - i * 10) * 1000 }));
}
