// cli.ts and report/svg.ts only wire tested modules to the terminal, the file system and the
// ESM-only chart renderer (which Jest's CommonJS runtime cannot load); they are run by `npm run sim`.
module.exports = require('../../jest.preset.js').projectConfig(__dirname, {
  collectCoverageFrom: ['<rootDir>/src/**/*.ts', '!<rootDir>/src/**/*.spec.ts', '!<rootDir>/src/cli.ts', '!<rootDir>/src/report/svg.ts'],
});
