import { quickstart } from '../../../docs/examples/coordination-core.example';
import { jsonDifferences } from '../src/documented';
import { fences } from '../src/fences';
import { readDoc } from './doc-session';

// docs/coordination-core.md shows what its example returns: the state of an agent, an explained
// pick and a prediction. Each ```json block there is that value, `…` for what varies.
describe('docs/coordination-core.md', () => {
  const blocks = fences(readDoc('docs/coordination-core.md')).filter((f) => f.lang === 'json');
  const result = quickstart();

  it('shows three values of the example, each as it returns them', () => {
    expect(blocks.map((b) => b.section)).toEqual(['State', 'Selection', 'Overload prediction']);
    const [state, pick, prediction] = blocks.map((b) => JSON.parse(b.body) as unknown);
    expect(jsonDifferences(result.state, state)).toEqual([]);
    expect(jsonDifferences(result.pick, pick)).toEqual([]);
    expect(jsonDifferences(result.prediction, prediction)).toEqual([]);
  });
});
