import { AgentRegistrationError, AgentRegistry } from './index';
import { agent } from '../test/helpers';

describe('AgentRegistry', () => {
  it('lists agents in registration order and finds them by id', () => {
    const registry = new AgentRegistry([agent('a'), agent('b', ['code'])]);
    expect(registry.list().map((a) => a.id)).toEqual(['a', 'b']);
    expect(registry.get('b')?.capabilities).toEqual(['code']);
    expect(registry.has('a')).toBe(true);
    expect(registry.size).toBe(2);
  });

  it('rejects empty and duplicate ids with a clear error', () => {
    const registry = new AgentRegistry([agent('a')]);
    expect(() => registry.register(agent(''))).toThrow(new AgentRegistrationError('Agent id must be a non-empty string'));
    expect(() => registry.register(agent('  '))).toThrow(AgentRegistrationError);
    expect(() => registry.register(agent('a'))).toThrow('Agent "a" is already registered; unregister it first');
  });

  it('rejects malformed capabilities', () => {
    const registry = new AgentRegistry();
    expect(() => registry.register(agent('a', ['']))).toThrow('capabilities must be an array of non-empty strings');
    expect(() => registry.register({ id: 'b' } as never)).toThrow(AgentRegistrationError);
  });

  it('filters candidates by capability', () => {
    const registry = new AgentRegistry([agent('a', ['chat']), agent('b', ['code', 'chat']), agent('c', ['code'])]);
    expect(registry.candidatesFor('code').map((a) => a.id)).toEqual(['b', 'c']);
    expect(registry.candidatesFor('chat').map((a) => a.id)).toEqual(['a', 'b']);
    expect(registry.candidatesFor('vision')).toEqual([]);
    expect(registry.candidatesFor().map((a) => a.id)).toEqual(['a', 'b', 'c']);
  });

  it('forgets unregistered agents everywhere', () => {
    const registry = new AgentRegistry([agent('a', ['code']), agent('b', ['code'])]);
    expect(registry.unregister('a')).toBe(true);
    expect(registry.unregister('a')).toBe(false);
    expect(registry.get('a')).toBeUndefined();
    expect(registry.candidatesFor('code').map((a) => a.id)).toEqual(['b']);
    registry.unregister('b');
    expect(registry.candidatesFor('code')).toEqual([]);
  });

  it('keeps its own frozen copy so later caller mutations do not change routing', () => {
    const capabilities = ['code', 'code'];
    const registry = new AgentRegistry();
    const stored = registry.register({ id: 'a', capabilities });
    capabilities.push('chat');
    expect(stored.capabilities).toEqual(['code']);
    expect(Object.isFrozen(stored)).toBe(true);
  });
});
