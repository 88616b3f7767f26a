import { ADMIN_TOKEN, AGENT_TOKEN, AUTH_ENV, ROUTER_TOKEN, rpc, startServer, type TestServer } from './helpers';

describe('operator endpoints', () => {
  let server: TestServer;
  afterEach(() => server.close());

  it('GET /version: version, commit, Node.js and uptime; the same in coordination_build_info', async () => {
    server = await startServer({}, { build: { version: '9.9.9', commit: 'c0ffee', node: 'v20.0.0' } });
    const response = await fetch(`${server.url}/version`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({ version: '9.9.9', commit: 'c0ffee', node: 'v20.0.0', uptime_seconds: expect.any(Number) });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('coordination_build_info{version="9.9.9",commit="c0ffee",node="v20.0.0"} 1');
  });

  it('GET /openrpc.json is the rpc.discover document', async () => {
    server = await startServer();
    const served = await (await fetch(`${server.url}/openrpc.json`)).json();
    const discovered = (await server.post(rpc('rpc.discover'))).body as { result: unknown };
    expect(served).toEqual(discovered.result);
  });

  it('with auth on: /version needs a router or admin token, /openrpc.json any valid token', async () => {
    server = await startServer(AUTH_ENV);
    const get = (path: string, token?: string) => fetch(`${server.url}${path}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
    expect((await get('/version')).status).toBe(401);
    expect((await get('/version', AGENT_TOKEN)).status).toBe(403);
    expect((await get('/version', ROUTER_TOKEN)).status).toBe(200);
    expect((await get('/openrpc.json')).status).toBe(401);
    expect((await get('/openrpc.json', 'not-a-token-0123456789')).status).toBe(401);
    expect((await get('/openrpc.json', AGENT_TOKEN)).status).toBe(200);
    expect((await get('/openrpc.json', ADMIN_TOKEN)).status).toBe(200);
  });

  it('serves the status page and its files under /status/ with a strict content security policy; / leads there', async () => {
    server = await startServer(AUTH_ENV);
    const root = await fetch(`${server.url}/`, { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([302, '/status/']);
    const bare = await fetch(`${server.url}/status`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([301, '/status/']);
    // The files hold no data: public even with auth on.
    const page = await fetch(`${server.url}/status/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('<script src="status.js" defer></script>');
    for (const [file, type] of [
      ['status.js', /javascript/],
      ['status.css', /^text\/css/],
    ] as const) {
      const response = await fetch(`${server.url}/status/${file}`);
      expect([file, response.status]).toEqual([file, 200]);
      expect(response.headers.get('content-type')).toMatch(type);
    }
    expect((await fetch(`${server.url}/status/nothing.js`)).status).toBe(404);
  });
});
