/**
 * Every document whose examples are commands, with the server it assumes before its first
 * start-up block, and how many commands it has at least: `requests.spec.ts` runs them,
 * `inventory.spec.ts` checks that no document with commands is missing here.
 */
export const DOCUMENTS: ReadonlyArray<{ path: string; defaultServer?: Record<string, string>; least: number }> = [
  { path: 'README.md', defaultServer: {}, least: 1 },
  { path: 'docs/server.md', defaultServer: {}, least: 17 },
  { path: 'docs/client.md', defaultServer: {}, least: 5 },
  { path: 'docs/router.md', defaultServer: {}, least: 3 },
  { path: 'docs/scale-out.md', least: 2 },
  { path: 'docs/operations.md', least: 1 },
];
