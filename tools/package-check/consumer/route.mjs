// An ES module consumer: routes in-process, then (when COORDINATION_SERVER_URL is set) remote.
import * as core from '@agentcore/coordination-core';
import * as router from '@agentcore/message-router';
import * as ripple from '@agentcore/router-ripple';
import * as client from '@agentcore/coordination-client';
import routing from './routing.cjs';

const packages = { core, router, ripple, client };
await routing.routeWithRipple(packages, { consumer: 'esm' });
const serverUrl = process.env.COORDINATION_SERVER_URL;
if (serverUrl) await routing.routeWithRipple(packages, { consumer: 'esm', serverUrl });
