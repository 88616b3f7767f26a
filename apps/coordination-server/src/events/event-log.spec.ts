import { EventLog } from './event-log';

const signals = (agent: string) => ({ time: 't', agent_id: agent, count: 1, latest: {}, last_timestamp: 't' });

describe('EventLog', () => {
  it('numbers events <process>-<n> and serialises each as one SSE frame', () => {
    const log = new EventLog(3, 'abc123');
    expect(log.lastId).toBe('');
    const event = log.append('signals', signals('a\nb'), 'a\nb');
    expect(event).toMatchObject({ seq: 1, id: 'abc123-1', type: 'signals', agentId: 'a\nb' });
    expect(event.frame).toBe(`id: abc123-1\nevent: signals\ndata: ${JSON.stringify(signals('a\nb'))}\n\n`);
    expect(event.frame.split('\n')).toHaveLength(5); // the line break in the id stays escaped inside the JSON
    expect(log.lastId).toBe('abc123-1');
  });

  it('tells subscribers about every event until they unsubscribe', () => {
    const log = new EventLog(3, 'p');
    const seen: string[] = [];
    const stop = log.subscribe((e) => seen.push(e.id));
    log.append('agent_expired', { time: 't', agent_id: 'x' }, 'x');
    stop();
    log.append('agent_expired', { time: 't', agent_id: 'y' }, 'y');
    expect(seen).toEqual(['p-1']);
  });

  it('resumes from any id still in the ring (or the one just before it), and only from those', () => {
    const log = new EventLog(3, 'p');
    for (const agent of ['a', 'b', 'c', 'd', 'e']) log.append('agent_expired', { time: 't', agent_id: agent }, agent);
    // The ring holds 3..5; resuming after 2 misses nothing.
    expect(log.since('p-2')).toEqual({ events: [expect.objectContaining({ seq: 3 }), expect.objectContaining({ seq: 4 }), expect.objectContaining({ seq: 5 })] });
    expect(log.since('p-4')).toEqual({ events: [expect.objectContaining({ id: 'p-5' })] });
    expect(log.since('p-5')).toEqual({ events: [] });
    expect(log.since('p-1')).toEqual({ reset: 'expired_id' });
    expect(log.since('p-6')).toEqual({ reset: 'unknown_id' });
    expect(log.since('q-4')).toEqual({ reset: 'unknown_id' });
    expect(log.since('nonsense')).toEqual({ reset: 'unknown_id' });
    expect(log.since('p-99999999999999999999')).toEqual({ reset: 'unknown_id' });
  });

  it('draws a random process id per log, so two logs never share ids', () => {
    const a = new EventLog(1);
    const b = new EventLog(1);
    expect(a.process).toMatch(/^[0-9a-f]{8}$/);
    expect(a.process).not.toBe(b.process);
    expect(b.since(a.append('agent_expired', { time: 't', agent_id: 'x' }, 'x').id)).toEqual({ reset: 'unknown_id' });
  });
});
