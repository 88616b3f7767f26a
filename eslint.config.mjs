import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/node_modules', '**/dist', '**/coverage', '**/.nx', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            // core is pure logic: it may depend on nothing else of ours.
            { sourceTag: 'scope:core', onlyDependOnLibsWithTags: [] },
            // the router knows nothing of coordination: strategies plug in from outside.
            { sourceTag: 'scope:router', onlyDependOnLibsWithTags: ['scope:core', 'scope:client', 'scope:router'] },
            { sourceTag: 'scope:client', onlyDependOnLibsWithTags: ['scope:core'] },
            { sourceTag: 'scope:app', onlyDependOnLibsWithTags: ['scope:core', 'scope:client'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:core', 'scope:client', 'scope:router', 'scope:app'] },
          ],
        },
      ],
    },
  },
  {
    // coordination-core does no I/O: no node built-ins, clock/RNG/logger are injected.
    files: ['packages/coordination-core/src/**/*.ts'],
    ignores: ['packages/coordination-core/src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'http', 'https', 'net', 'crypto', 'child_process'], message: 'coordination-core does no I/O; inject it.' }] }],
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
