import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedAddressReason, createSafeFetch, SafeFetchError, type Resolver } from '../plugin/net/safe-fetch.js';
import { startPeer, type Peer } from './helpers/http-peer.js';

let peer: Peer;
beforeAll(async () => {
  peer = await startPeer();
  peer.html('/page', '<title>Hello</title><p>hi</p>');
  for (let i = 0; i < 8; i++) {
    peer.route(`/hop${i}`, (_req, res) => res.writeHead(302, { location: `/hop${i + 1}` }).end());
  }
  peer.html('/hop8', 'arrived');
  peer.route('/to-private', (_req, res) => res.writeHead(301, { location: 'http://10.0.0.1/admin' }).end());
  peer.route('/to-file', (_req, res) => res.writeHead(301, { location: 'file:///etc/passwd' }).end());
  peer.route('/big', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('x'.repeat(300_000));
  });
  peer.route('/slow', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write('<p>first part</p>');
  });
  peer.route('/silent', () => {});
});
afterAll(() => peer.close());

const errorOf = async (promise: Promise<unknown>): Promise<SafeFetchError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SafeFetchError) return error;
    throw error;
  }
  throw new Error('expected the fetch to be refused');
};

/** A resolver for made-up names; never returns anything but what the test says. */
const resolverFor = (table: Record<string, string[]>): Resolver & { calls: string[] } => {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    const addresses = table[host];
    if (!addresses) throw new Error('unknown host');
    return addresses.map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));
  };
  return Object.assign(resolve, { calls });
};

describe('safe fetch', () => {
  it('fetches an allowed host and sends a clear User-Agent', async () => {
    const fetch = createSafeFetch({ allowHosts: ['127.0.0.1'], userAgent: 'Doorkeep/test (+http://site.test)' });
    const result = await fetch(peer.url('/page'));
    expect(result).toMatchObject({ status: 200, body: '<title>Hello</title><p>hi</p>', truncated: false, timedOut: false, redirects: 0 });
    expect(peer.seen.at(-1)?.userAgent).toBe('Doorkeep/test (+http://site.test)');
  });

  it('refuses 127.0.0.1 when the allowlist is off', async () => {
    const before = peer.seen.length;
    const error = await errorOf(createSafeFetch()(peer.url('/page')));
    expect(error.reason).toBe('blocked-address');
    expect(error.message).toContain('127.0.0.1');
    expect(peer.seen.length).toBe(before);
  });

  it('refuses a name resolving to 10.0.0.1 or 169.254.169.254 without connecting', async () => {
    const resolve = resolverFor({ 'intranet.test': ['10.0.0.1'], 'metadata.test': ['169.254.169.254'] });
    const fetch = createSafeFetch({ resolve });
    expect((await errorOf(fetch('http://intranet.test/'))).message).toMatch(/10\.0\.0\.1, a loopback, private/);
    expect((await errorOf(fetch('http://metadata.test/latest/meta-data/'))).message).toMatch(/metadata/);
    expect(resolve.calls).toEqual(['intranet.test', 'metadata.test']);
  });

  it('refuses a name when any of its addresses is private', async () => {
    const fetch = createSafeFetch({ resolve: resolverFor({ 'mixed.test': ['93.184.216.34', '192.168.1.5'] }) });
    expect((await errorOf(fetch('http://mixed.test/'))).reason).toBe('blocked-address');
  });

  it('connects to the address it checked, not to a second lookup', async () => {
    const resolve = resolverFor({ 'pinned.test': ['127.0.0.1'] });
    const fetch = createSafeFetch({ allowHosts: ['pinned.test'], resolve });
    const result = await fetch(`http://pinned.test:${peer.port}/page`);
    expect(result.status).toBe(200);
    expect(resolve.calls).toEqual(['pinned.test']);
    expect(peer.seen.at(-1)?.host).toBe(`pinned.test:${peer.port}`);
  });

  it('accepts only http and https', async () => {
    const fetch = createSafeFetch({ allowHosts: ['127.0.0.1'] });
    expect((await errorOf(fetch('file:///etc/passwd'))).reason).toBe('scheme');
    expect((await errorOf(fetch('ftp://127.0.0.1/x'))).reason).toBe('scheme');
    expect((await errorOf(fetch('not a url'))).reason).toBe('bad-url');
  });

  it('follows redirects up to the limit and refuses one more', async () => {
    const fetch = createSafeFetch({ allowHosts: ['127.0.0.1'], maxRedirects: 5 });
    const followed = await fetch(peer.url('/hop3'));
    expect(followed).toMatchObject({ status: 200, body: 'arrived', redirects: 5, url: peer.url('/hop8') });
    const error = await errorOf(fetch(peer.url('/hop2')));
    expect(error.reason).toBe('too-many-redirects');
  });

  it('re-checks every redirect hop', async () => {
    const fetch = createSafeFetch({ allowHosts: ['127.0.0.1'] });
    expect((await errorOf(fetch(peer.url('/to-private')))).reason).toBe('blocked-address');
    expect((await errorOf(fetch(peer.url('/to-file')))).reason).toBe('scheme');
  });

  it('cuts an oversized body at the cap', async () => {
    const result = await createSafeFetch({ allowHosts: ['127.0.0.1'], maxBytes: 50_000 })(peer.url('/big'));
    expect(result).toMatchObject({ status: 200, bytes: 50_000, truncated: true });
    expect(result.body.length).toBe(50_000);
  });

  it('keeps what arrived when a slow source passes the deadline', async () => {
    const started = Date.now();
    const result = await createSafeFetch({ allowHosts: ['127.0.0.1'], timeoutMs: 200 })(peer.url('/slow'));
    expect(result).toMatchObject({ status: 200, body: '<p>first part</p>', timedOut: true });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fails with a timeout when nothing arrives before the deadline', async () => {
    const error = await errorOf(createSafeFetch({ allowHosts: ['127.0.0.1'], timeoutMs: 200 })(peer.url('/silent')));
    expect(error.reason).toBe('timeout');
  });
});

describe('blocked addresses', () => {
  it.each([
    ['127.0.0.1'], ['10.1.2.3'], ['172.31.255.255'], ['192.168.0.1'], ['100.64.0.1'], ['169.254.169.254'], ['0.0.0.0'],
    ['::1'], ['::'], ['fc00::1'], ['fd12:3456::1'], ['fe80::1'], ['::ffff:127.0.0.1'], ['::ffff:7f00:1'], ['::ffff:a00:1'], ['fd00:ec2::254'],
  ])('refuses %s', (address) => {
    expect(blockedAddressReason(address)).toBeDefined();
  });

  it.each([['93.184.216.34'], ['172.32.0.1'], ['100.128.0.1'], ['2606:4700:4700::1111']])('allows %s', (address) => {
    expect(blockedAddressReason(address)).toBeUndefined();
  });
});
