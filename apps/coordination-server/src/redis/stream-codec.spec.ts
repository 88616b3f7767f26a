import { compareStreamIds, decodeEntry, decodeSignal, escapeGlob, isSignalShaped, streamIdMs } from './stream-codec';

const signal = {
  signal_id: '00000000-0000-4000-8000-000000000001',
  agent_id: 'a',
  signal_type: 'load',
  value: 0.5,
  timestamp: '2025-01-01T00:00:00.000Z',
  ttl_seconds: 60,
  confidence: 1,
};

describe('stream codec', () => {
  it('decodes entries and counts items that are not signals', () => {
    const entry = decodeEntry(['origin', 'r/1', 'signals', JSON.stringify([signal, { ...signal, signal_type: 'mood' }, null, 7])]);
    expect(entry).toEqual({ origin: 'r/1', signals: [signal], malformed: 3 });
    expect(decodeEntry(['signals', '[]'])).toBeNull();
    expect(decodeEntry(['origin', 'r/1'])).toBeNull();
    expect(decodeEntry(['origin', 'r/1', 'signals', '{'])).toBeNull();
    expect(decodeEntry(['origin', 'r/1', 'signals', '{}'])).toBeNull();
    expect(decodeEntry(['origin', 'r/1', 'extra', 'x', 'signals', '[]', 'dangling'])).toEqual({ origin: 'r/1', signals: [], malformed: 0 });
  });

  it('checks the shape of every field a signal must have', () => {
    expect(isSignalShaped({ ...signal, trace_id: 't' })).toBe(true);
    expect(isSignalShaped({ ...signal, trace_id: 3 })).toBe(false);
    for (const field of Object.keys(signal)) {
      expect(isSignalShaped({ ...signal, [field]: undefined })).toBe(false);
    }
    expect(isSignalShaped('signal')).toBe(false);
  });

  it('decodes single signals, rejecting junk', () => {
    expect(decodeSignal(JSON.stringify(signal))).toEqual(signal);
    expect(decodeSignal(null)).toBeNull();
    expect(decodeSignal('nope')).toBeNull();
    expect(decodeSignal('{"a":1}')).toBeNull();
  });

  it('orders stream ids numerically, not as strings', () => {
    expect(compareStreamIds('999-5', '1000-0')).toBe(-1);
    expect(compareStreamIds('1000-0', '999-5')).toBe(1);
    expect(compareStreamIds('5-2', '5-10')).toBe(-1);
    expect(compareStreamIds('5-10', '5-2')).toBe(1);
    expect(compareStreamIds('5-1', '5-1')).toBe(0);
    expect(compareStreamIds('5', '5-0')).toBe(0);
    expect(streamIdMs('1700000000000-3')).toBe(1_700_000_000_000);
    expect(streamIdMs('42')).toBe(42);
  });

  it('escapes glob metacharacters for SCAN MATCH', () => {
    expect(escapeGlob('app:*?[x]\\:')).toBe('app:\\*\\?\\[x\\]\\\\:');
  });
});
