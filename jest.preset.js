// Shared Jest configuration for every project in the workspace.
// Packages are resolved from source through the same paths as tsconfig.base.json,
// so a test always runs against the code beside it, never a stale build.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const root = __dirname;
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([name, [target]]) => [`^${name}$`, path.join(root, target)]),
);

function projectConfig(projectDir, overrides = {}) {
  return {
    displayName: path.basename(projectDir),
    rootDir: projectDir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(projectDir, 'tsconfig.json') }],
    },
    moduleFileExtensions: ['ts', 'js', 'json'],
    moduleNameMapper,
    collectCoverageFrom: ['<rootDir>/src/**/*.ts', '!<rootDir>/src/**/*.spec.ts', '!<rootDir>/src/main.ts'],
    coverageDirectory: path.join(root, 'coverage', path.relative(root, projectDir)),
    coverageReporters: ['text-summary', 'lcov'],
    coverageThreshold: { global: { lines: 90, branches: 90, functions: 90, statements: 90 } },
    ...overrides,
  };
}

module.exports = { projectConfig };
