module.exports = require('../../jest.preset.js').projectConfig(__dirname, {
  // The Redis-backed suites need the test Redis: fail fast, once, when it does not answer.
  globalSetup: '<rootDir>/test/global-setup.ts',
});
