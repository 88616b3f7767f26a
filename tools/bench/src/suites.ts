export interface BenchSuite {
  name: string;
  title: string;
  run(): Promise<void>;
}

/** Every suite `npm run bench` knows, in the order they run. */
export const suites: BenchSuite[] = [];
