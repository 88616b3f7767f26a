import nx from '@nx/eslint-plugin';

// `@agentcore/<pkg>/src/...` or `/test/...` reach past a package's public entry (src/index.ts).
const DEEP_IMPORT = {
  regex: '^@agentcore/[^/]+/(src|test)(/.*)?$',
  message: "import a package through its public entry, or the server's testing entry (@agentcore/coordination-server/testing)",
};
// The server's testing entry spawns processes and talks to Redis: for tests and tools, never product code.
const TESTING_ENTRY = {
  regex: '^@agentcore/coordination-server/testing$',
  message: 'the testing entry is for tests and tools only',
};
// coordination-core does no I/O: no node built-ins, clock/RNG/logger are injected.
const NODE_BUILTINS = { group: ['node:*', 'fs', 'http', 'https', 'net', 'crypto', 'child_process'], message: 'coordination-core does no I/O; inject it.' };

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/node_modules', '**/dist', '**/coverage', '**/.nx', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [DEEP_IMPORT] }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          // Tests and tools of any project may run the real server through its testing entry,
          // and only through it: nothing else of the app is importable (see below for product code).
          allow: ['@agentcore/coordination-server/testing'],
          depConstraints: [
            // core is pure logic: it may depend on nothing else of ours.
            { sourceTag: 'scope:core', onlyDependOnLibsWithTags: [] },
            // the router knows nothing of coordination: strategies plug in from outside.
            { sourceTag: 'scope:router', onlyDependOnLibsWithTags: ['scope:core', 'scope:client', 'scope:router'] },
            { sourceTag: 'scope:client', onlyDependOnLibsWithTags: ['scope:core'] },
            { sourceTag: 'scope:app', onlyDependOnLibsWithTags: ['scope:core', 'scope:client'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:core', 'scope:client', 'scope:router'] },
          ],
        },
      ],
    },
  },
  {
    // Product code may not use the testing entry (tests beside it and tools may).
    files: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.ts', 'docs/**/*.ts'],
    ignores: ['**/*.spec.ts', 'apps/coordination-server/src/testing/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [DEEP_IMPORT, TESTING_ENTRY] }] },
  },
  {
    // Nor the server's own code, by a relative path.
    files: ['apps/coordination-server/src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'apps/coordination-server/src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [DEEP_IMPORT, TESTING_ENTRY, { regex: '^\\.{1,2}/(.*/)?testing(/.*)?$', message: TESTING_ENTRY.message }] },
      ],
    },
  },
  {
    files: ['packages/coordination-core/src/**/*.ts'],
    ignores: ['packages/coordination-core/src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NODE_BUILTINS, DEEP_IMPORT, TESTING_ENTRY] }],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'coordination-core has no timers.' }, { name: 'setInterval', message: 'coordination-core has no timers.' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'inject a clock' }, { object: 'Math', property: 'random', message: 'inject an RNG' }],
    },
  },
  {
    // Specs that compile the examples under docs/ reach outside their project on purpose.
    files: ['**/*docs-example*.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
