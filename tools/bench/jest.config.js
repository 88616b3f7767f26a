// The suites are measuring scripts run by `npm run bench`, not library code: coverage is
// enforced on the shared statistics helpers they rely on.
module.exports = require('../../jest.preset.js').projectConfig(__dirname, {
  collectCoverageFrom: ['<rootDir>/src/stats.ts'],
});
