import { SingleBar, Presets } from 'cli-progress';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runComparison } from './compare';
import { renderHttpSummary, runHttpComparison } from './http/http-compare';
import { parseArgs, USAGE } from './options';
import { buildCharts } from './report/charts';
import { renderMarkdown, renderSummary } from './report/report';
import { renderSvg } from './report/svg';
import { evaluateAdmission } from './prediction/admission-evaluation';
import { evaluatePrediction } from './prediction/queue-evaluation';
import { RIPPLE_VARIANTS } from './strategies/variants';

// The CLI: parse, run with a progress bar on stderr, print, write the docs. Everything it
// calls is tested on its own; this file only wires it to the terminal and the file system.
async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  const bar = new SingleBar({ format: 'simulating [{bar}] {value}/{total} {label}', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  const onProgress = (done: number, total: number, label: string) => {
    bar.setTotal(total);
    bar.update(done, { label });
  };
  const started = Date.now();
  if (options.http) {
    // Ctrl-C or a kill must not leave the server child behind: exiting runs its exit hook.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
    bar.start(1, 0, { label: 'starting' });
    const result = await runHttpComparison({ scenarios: options.scenarios, strategies: options.strategies, seeds: options.seeds, onProgress }).finally(() => bar.stop());
    process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${renderHttpSummary(result)}\n`);
    return;
  }
  bar.start(1, 0, { label: '' });
  const result = runComparison({
    scenarios: options.scenarios,
    strategies: options.strategies,
    seeds: options.seeds,
    quick: options.quick,
    variants: options.variants ? RIPPLE_VARIANTS : [],
    loadReportingExperiment: options.loadExperiment,
    onProgress,
  });
  // The prediction evaluation runs its own queue agents (quick: a small fleet for half an hour).
  const prediction = options.prediction
    ? evaluatePrediction({
        seeds: options.seeds,
        ...(options.quick ? { agents: 50, durationSeconds: 1_800, visibility: ['all'] as const } : {}),
        onProgress,
      })
    : undefined;
  if (prediction !== undefined) {
    onProgress(0, 1, 'admission control in an overload');
    prediction.admission = await evaluateAdmission({ seeds: options.seeds, ...(options.quick ? { durationSeconds: 300 } : {}) });
  }
  bar.stop();
  process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (options.json) process.stdout.write(`${JSON.stringify({ ...result, predictionEvaluation: prediction }, null, 2)}\n`);
  else process.stdout.write(`${renderSummary(result, prediction)}\n`);
  if (options.writeDocs) {
    const root = resolve(__dirname, '../../..');
    const doc = join(root, 'docs', 'effectiveness.md');
    const charts = buildCharts(result);
    mkdirSync(join(dirname(doc), 'effectiveness'), { recursive: true });
    for (const chart of charts) writeFileSync(join(dirname(doc), 'effectiveness', chart.file), await renderSvg(chart.spec));
    writeFileSync(doc, renderMarkdown(result, charts, prediction));
    process.stderr.write(`wrote ${doc} and ${charts.length} chart(s)\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
