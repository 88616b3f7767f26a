import type { ChartSpec } from './charts';

/** The parts of vega and vega-lite this renderer uses. */
interface VegaLiteModule {
  compile(spec: ChartSpec): { spec: unknown };
}
interface VegaModule {
  parse(spec: unknown): unknown;
  View: new (runtime: unknown, options: { renderer: 'none' }) => { toSVG(): Promise<string> };
}

// vega 6 and vega-lite 6 are ESM-only (with top-level await), which require() cannot load
// from this CommonJS build, and TypeScript would compile a plain import() into require().
// Going through Function keeps a genuine dynamic import.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

/** Renders a Vega-Lite spec to an SVG string, headless (no browser, no canvas). */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const vl = (await importEsm('vega-lite')) as VegaLiteModule;
  const vega = (await importEsm('vega')) as VegaModule;
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}
