/**
 * `npm run bench [-- name ...]`: runs the benchmark suites and prints their figures.
 * Each suite lives in its own file and registers in suites.ts; with no names, all run in order.
 */
import { cpus } from 'node:os';
import { suites } from './suites';

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((name) => !suites.some((s) => s.name === name));
  if (unknown.length > 0) {
    console.error(`unknown benchmark suite(s): ${unknown.join(', ')}; available: ${suites.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }
  const cpu = cpus();
  console.log(`# AgentCore coordination benchmarks — ${new Date().toISOString()}`);
  console.log(`node ${process.version}, ${cpu.length} cores (${cpu[0]?.model ?? 'unknown cpu'})\n`);
  for (const suite of suites) {
    if (wanted.length > 0 && !wanted.includes(suite.name)) continue;
    console.log(`## ${suite.title}\n`);
    await suite.run();
    console.log('');
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
