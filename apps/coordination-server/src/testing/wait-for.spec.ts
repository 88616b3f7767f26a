import { sleep, waitFor } from './wait-for';

describe('waitFor', () => {
  it('returns once the condition holds, sync or async', async () => {
    let calls = 0;
    await waitFor(() => ++calls === 3);
    expect(calls).toBe(3);
    await expect(waitFor(async () => true)).resolves.toBeUndefined();
  });

  it('fails after the timeout, naming what it waited for', async () => {
    const started = Date.now();
    await expect(waitFor(() => false, 50, 'the impossible')).rejects.toThrow('timed out after 50 ms waiting for the impossible');
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    await expect(waitFor(() => false, 0)).rejects.toThrow('waiting for condition');
    await sleep(1);
  });
});
