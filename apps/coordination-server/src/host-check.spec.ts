import type { IncomingMessage } from 'node:http';
import { createHostCheck, hostName } from './host-check';

const request = (host?: string) => ({ headers: host === undefined ? {} : { host } }) as IncomingMessage;

describe('the Host check', () => {
  it('reads the host name without the port', () => {
    expect(hostName('LocalHost:8080')).toBe('localhost');
    expect(hostName('[::1]:8080')).toBe('::1');
    expect(hostName('[::1')).toBe('[::1');
    expect(hostName('::1')).toBe('::1');
    expect(hostName('example.com')).toBe('example.com');
  });

  it('lets through only the allowed names, and anything when there is no list', () => {
    const check = createHostCheck(['localhost', '127.0.0.1', '::1']);
    expect(['localhost:8080', '127.0.0.1:1', '[::1]:9', 'LOCALHOST'].map((h) => check(request(h)))).toEqual([true, true, true, true]);
    expect(['attacker.example:8080', 'localhost.attacker.example', '127.0.0.2'].map((h) => check(request(h)))).toEqual([false, false, false]);
    expect(check(request())).toBe(false);
    expect(createHostCheck(null)(request())).toBe(true);
  });
});
