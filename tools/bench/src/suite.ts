/** One benchmark suite: `npm run bench [-- name ...]` runs it by name and prints under its title. */
export interface BenchSuite {
  name: string;
  title: string;
  run(): Promise<void>;
}
