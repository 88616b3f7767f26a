import { requireTestRedis } from '@agentcore/coordination-server/testing';
import { fences } from '../src/fences';
import { checkDocument, DocSession, readDoc } from './doc-session';
import { DOCUMENTS } from './documents';

// Each ```bash block of these documents runs against a live server, its answer compared with the
// one shown (see DocSession).
describe('the commands the documentation shows', () => {
  beforeAll(() => requireTestRedis());

  it('docs/server.md has a curl example for every JSON-RPC method', () => {
    const commands = fences(readDoc('docs/server.md')).filter((f) => f.lang === 'bash').map((f) => f.body);
    for (const method of ['coordination.signal', 'coordination.state', 'coordination.metrics', 'coordination.select', 'coordination.predict', 'coordination.complete', 'rpc.discover']) {
      expect([method, commands.some((c) => c.includes(`"method": "${method}"`))]).toEqual([method, true]);
    }
  });

  for (const doc of DOCUMENTS) {
    it(`${doc.path}: each one, run as written, prints the answer shown`, async () => {
      const session = new DocSession({ defaultServer: doc.defaultServer });
      try {
        expect(await checkDocument(doc.path, session)).toBeGreaterThanOrEqual(doc.least);
      } finally {
        await session.close();
      }
    }, 180_000);
  }
});
