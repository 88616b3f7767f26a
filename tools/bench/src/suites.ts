import { coreBenchmark } from './core.bench';
import { routerBenchmark } from './router.bench';
import { scaleOutBenchmark } from './scale-out.bench';
import { serverBenchmark } from './server.bench';

export interface BenchSuite {
  name: string;
  title: string;
  run(): Promise<void>;
}

/** Every suite `npm run bench` knows, in the order they run. */
export const suites: BenchSuite[] = [coreBenchmark, routerBenchmark, serverBenchmark, scaleOutBenchmark];
