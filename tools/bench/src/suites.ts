import { coreBenchmark } from './core.bench';
import { routerBenchmark } from './router.bench';
import { scaleOutBenchmark } from './scale-out.bench';
import { serverBenchmark } from './server.bench';
import type { BenchSuite } from './suite';

/** Every suite `npm run bench` knows, in the order they run. */
export const suites: readonly BenchSuite[] = [coreBenchmark, routerBenchmark, serverBenchmark, scaleOutBenchmark];
