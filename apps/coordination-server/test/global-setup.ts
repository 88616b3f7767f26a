import { requireTestRedis } from '../src/testing/test-redis';

/**
 * Several suites share state through a real Redis. Without one they would each wait out their
 * timeouts; checked once here, the run stops at once with one sentence saying what to do.
 */
export default async function globalSetup(): Promise<void> {
  await requireTestRedis();
}
