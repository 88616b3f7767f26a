'use strict';
// A CommonJS consumer: routes in-process, then (when COORDINATION_SERVER_URL is set) remote.
const packages = {
  core: require('@agentcore/coordination-core'),
  router: require('@agentcore/message-router'),
  ripple: require('@agentcore/router-ripple'),
  client: require('@agentcore/coordination-client'),
};
const { routeWithRipple } = require('./routing.cjs');

(async () => {
  await routeWithRipple(packages, { consumer: 'cjs' });
  const serverUrl = process.env.COORDINATION_SERVER_URL;
  if (serverUrl) await routeWithRipple(packages, { consumer: 'cjs', serverUrl });
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
