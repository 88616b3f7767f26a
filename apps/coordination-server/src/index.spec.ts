import * as api from './index';

it('exposes the server factory, its replicator, configuration and logger from one place', () => {
  expect(Object.keys(api).sort()).toEqual([
    'LOG_LEVELS',
    'MIN_TOKEN_LENGTH',
    'SERVER_DEFAULTS',
    'SERVER_VERSION',
    'createLogger',
    'createReplicator',
    'createServer',
    'describeConfig',
    'isLoopback',
    'loadServerConfig',
    'redactUrl',
  ]);
});
