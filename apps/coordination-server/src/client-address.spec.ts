import type { IncomingMessage } from 'node:http';
import { createClientAddress } from './client-address';
import { trustedProxies } from './config';

const request = (remoteAddress: string | undefined, forwarded?: string | string[]) =>
  ({ socket: { remoteAddress }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }) as unknown as IncomingMessage;

describe('the client address', () => {
  it('is the connection address unless a trusted proxy forwarded the request', () => {
    const direct = createClientAddress(null);
    expect(direct(request('10.0.0.9', '1.2.3.4'))).toBe('10.0.0.9');
    expect(direct(request('::ffff:10.0.0.9'))).toBe('10.0.0.9');
    expect(direct(request(undefined))).toBe('unknown');
  });

  it('behind trusted proxies, is the right-most forwarded address that is not a proxy', () => {
    const address = createClientAddress(trustedProxies(['10.0.0.0/8', '::1']));
    expect(address(request('10.0.0.1', '203.0.113.7'))).toBe('203.0.113.7');
    // The client wrote a first entry of its own: it is not believed, the proxy's view is.
    expect(address(request('10.0.0.1', 'spoofed, 198.51.100.1, 203.0.113.7, 10.1.1.1'))).toBe('203.0.113.7');
    expect(address(request('::1', ['198.51.100.1', '203.0.113.8']))).toBe('203.0.113.8');
    // Only proxies in the chain: the left-most one.
    expect(address(request('10.0.0.1', '10.2.2.2, 10.3.3.3'))).toBe('10.2.2.2');
    // Nothing forwarded: the proxy itself.
    expect(address(request('10.0.0.1'))).toBe('10.0.0.1');
    // An untrusted peer's X-Forwarded-For is ignored.
    expect(address(request('192.0.2.5', '203.0.113.7'))).toBe('192.0.2.5');
  });
});
