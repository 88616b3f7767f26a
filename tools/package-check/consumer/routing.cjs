'use strict';
// The router team's use of the installed packages, shared by route.cjs (require) and route.mjs
// (import): each passes the packages as its own module system loaded them.
const assert = require('node:assert/strict');

const MESSAGES = 60;

/** Four agents: one saturated, one draining, two with room; ripple should use the two. */
function fleet(prefix) {
  const id = (name) => `${prefix}-${name}`;
  const signals = [
    ...['hot', 'down', 'ok-1', 'ok-2'].map((name) => ({ agent_id: id(name), signal_type: 'capacity', value: 1 })),
    { agent_id: id('hot'), signal_type: 'load', value: 0.95 },
    { agent_id: id('down'), signal_type: 'load', value: 0.1 },
    { agent_id: id('down'), signal_type: 'availability', value: 0 },
    { agent_id: id('ok-1'), signal_type: 'load', value: 0.2 },
    { agent_id: id('ok-2'), signal_type: 'load', value: 0.25 },
  ];
  return { ids: ['hot', 'down', 'ok-1', 'ok-2'].map(id), hot: id('hot'), down: id('down'), signals };
}

/**
 * Routes MESSAGES messages with RIPPLE_COORDINATION, in-process (a CoordinationService in this
 * process) or remote (the coordination-server at `serverUrl`), prints where they went and checks
 * that ripple kept the saturated and the draining agent out.
 */
async function routeWithRipple(packages, { consumer, serverUrl }) {
  const { core, router: mr, ripple: rr, client } = packages;
  const mode = serverUrl === undefined ? 'in-process' : 'remote';
  const agents = fleet(`${consumer}-${mode}`);
  let service;
  if (mode === 'in-process') {
    service = new core.CoordinationService({ clock: Date.now, random: Math.random });
    service.registerSignals(agents.signals);
  } else {
    await new client.CoordinationClient({ url: serverUrl }).signals(agents.signals);
  }
  const registry = new mr.AgentRegistry(
    agents.ids.map((id) => ({ id, capabilities: ['summarize'], handler: (message) => `${id}:${message.id}` })),
  );
  const strategies = mr.createDefaultStrategyRegistry();
  const env = mode === 'remote' ? { RIPPLE_MODE: 'remote', COORDINATION_SERVER_URL: serverUrl } : {};
  const ripple = rr.createRippleFromConfig(rr.loadRippleConfig(env), { strategies, service, agentIds: () => agents.ids });
  if (mode === 'remote') await ripple.source.start();
  strategies.register(mr.StrategyName.RIPPLE_COORDINATION, () => ripple);
  const router = new mr.MessageRouter({
    registry,
    strategies,
    strategy: mr.StrategyName.RIPPLE_COORDINATION,
    transport: new mr.InMemoryTransport(),
  });

  const delivered = Object.fromEntries(agents.ids.map((id) => [id, 0]));
  for (let i = 0; i < MESSAGES; i++) {
    const { agentId } = await router.route({ id: `task-${i}`, sender: 'planner', capability: 'summarize', payload: { i } });
    delivered[agentId] += 1;
  }
  await router.close();
  await ripple.close();
  const { coordinated, fallbacks } = ripple.stats();
  console.log(JSON.stringify({ consumer, mode, delivered, coordinated }));

  const where = `${consumer} consumer, ${mode}: delivered ${JSON.stringify(delivered)}`;
  assert.equal(coordinated, MESSAGES, `${where}; ripple decided only ${coordinated} on scores (fallbacks ${JSON.stringify(fallbacks)})`);
  assert.equal(delivered[agents.down], 0, `${where}; the draining agent (availability 0) got messages`);
  assert.ok(delivered[agents.hot] <= MESSAGES / 10, `${where}; the saturated agent (load 0.95) got more than a tenth`);
}

module.exports = { routeWithRipple };
