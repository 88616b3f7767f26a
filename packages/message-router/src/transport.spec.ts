import { DeliveryError, InMemoryTransport } from './index';
import { agent, envelope } from '../test/helpers';

describe('InMemoryTransport', () => {
  const transport = new InMemoryTransport();

  it('hands the message to the agent handler and returns its answer', async () => {
    const message = envelope();
    const handler = jest.fn(async () => 'done');
    await expect(transport.deliver(agent('a', ['chat'], { handler }), message)).resolves.toBe('done');
    expect(handler).toHaveBeenCalledWith(message);
  });

  it('fails when the agent has no handler', async () => {
    await expect(transport.deliver(agent('a'), envelope())).rejects.toThrow(new DeliveryError('Agent a has no in-process handler', 'a'));
  });

  it('turns a throwing handler into a rejection', async () => {
    const handler = () => {
      throw new Error('boom');
    };
    await expect(transport.deliver(agent('a', ['chat'], { handler }), envelope())).rejects.toThrow('boom');
  });
});
