/**
 * GET a remote page without letting the remote decide where we connect: http(s) only, every hop's
 * address resolved and checked (no loopback, private, link-local or metadata addresses unless the
 * host is allowed), the connection pinned to the checked address, a deadline, a byte cap and a
 * redirect limit.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { LookupFunction } from 'node:net';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses. Tests inject one; the default is dns.lookup with `all`. */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export interface SafeFetchOptions {
  /** Host names or IP literals that may be fetched even when they resolve to private addresses. Defaults to []. */
  allowHosts?: string[];
  /** Abort after this many milliseconds in all (every hop). Defaults to 5000. */
  timeoutMs?: number;
  /** Stop reading after this many bytes; the body is cut, not refused. Defaults to 1_048_576. */
  maxBytes?: number;
  /** Follow at most this many redirects. Defaults to 5. */
  maxRedirects?: number;
  /** The User-Agent sent. Defaults to "Doorkeep (link verification)". */
  userAgent?: string;
  /** Resolves host names. Defaults to dns.lookup with all addresses. */
  resolve?: Resolver;
}

export interface FetchResult {
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  contentType: string;
  body: string;
  bytes: number;
  /** True when the body was cut at maxBytes. */
  truncated: boolean;
  /** True when the deadline passed while the body was arriving; body holds what arrived. */
  timedOut: boolean;
  redirects: number;
}

export type FetchFailure = 'bad-url' | 'scheme' | 'dns' | 'blocked-address' | 'too-many-redirects' | 'timeout' | 'network';

export class SafeFetchError extends Error {
  readonly reason: FetchFailure;
  readonly url: string;
  constructor(reason: FetchFailure, url: string, message: string) {
    super(message);
    this.name = 'SafeFetchError';
    this.reason = reason;
    this.url = url;
  }
}

export type SafeFetch = (url: string) => Promise<FetchResult>;

const BLOCKED = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8], ['2001:db8::', 32],
  ['100::', 64],
] as const) BLOCKED.addSubnet(prefix, bits, 'ipv6');

/** The eight 16-bit groups of an IPv6 address (with "::" expanded and a dotted IPv4 tail converted), if valid. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase().split('%')[0]!;
  const last = text.lastIndexOf(':') + 1;
  const dotted = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.slice(last));
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, last)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const groups = halves.length === 2 ? [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail] : head;
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

const v4Of = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * The IPv4 address an IPv6 address carries, if any: IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible
 * (::a.b.c.d, written ::7f00:1 too), NAT64 (64:ff9b::/96), 6to4 (2002:AABB:CCDD::/48) and Teredo
 * (2001::/32, the client address stored inverted).
 */
function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  if (!g) return undefined;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0) && !(g[5] === 0 && g[6] === 0)) return v4Of(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4Of(g[6]!, g[7]!);
  if (g[0] === 0x2002) return v4Of(g[1]!, g[2]!);
  if (g[0] === 0x2001 && g[1] === 0) return v4Of(g[6]! ^ 0xffff, g[7]! ^ 0xffff);
  return undefined;
}

/** Why an address may not be fetched, or undefined when it is a public address. */
export function blockedAddressReason(address: string): string | undefined {
  const family = net.isIP(address);
  if (family === 0) return 'not an IP address';
  const v4 = family === 6 ? embeddedIpv4(address) : address;
  if (v4 !== undefined && net.isIPv4(v4)) {
    if (v4 === '169.254.169.254') return 'a cloud metadata address';
    if (BLOCKED.check(v4, 'ipv4')) return 'a loopback, private, link-local or reserved address';
    return undefined;
  }
  if (address.toLowerCase() === 'fd00:ec2::254') return 'a cloud metadata address';
  return BLOCKED.check(address, 'ipv6') ? 'a loopback, private, link-local or reserved address' : undefined;
}

const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) => {
    dns.lookup(host, { all: true, verbatim: true }, (error, addresses) => {
      if (error) reject(error);
      else resolve(addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })));
    });
  });

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function decode(buffer: Buffer, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1]?.toLowerCase() ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(buffer);
  } catch {
    return new TextDecoder('utf-8').decode(buffer);
  }
}

export function createSafeFetch(options: SafeFetchOptions = {}): SafeFetch {
  const allowHosts = new Set((options.allowHosts ?? []).map((h) => h.toLowerCase().replace(/^\[|\]$/g, '')));
  const timeoutMs = options.timeoutMs ?? 5000;
  const maxBytes = options.maxBytes ?? 1_048_576;
  const maxRedirects = options.maxRedirects ?? 5;
  const userAgent = options.userAgent ?? 'Doorkeep (link verification)';
  const resolve = options.resolve ?? systemResolver;

  async function pickAddress(url: URL): Promise<ResolvedAddress> {
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    const literal = net.isIP(host);
    const addresses = literal ? [{ address: host, family: literal as 4 | 6 }] : await resolve(host).catch((error: Error) => {
      throw new SafeFetchError('dns', url.href, `Could not resolve ${host}: ${error.message}`);
    });
    if (addresses.length === 0) throw new SafeFetchError('dns', url.href, `${host} has no addresses.`);
    if (allowHosts.has(host)) return addresses[0]!;
    for (const { address } of addresses) {
      const reason = blockedAddressReason(address);
      if (reason) throw new SafeFetchError('blocked-address', url.href, `Refused to fetch ${host}: it resolves to ${address}, ${reason}.`);
    }
    return addresses[0]!;
  }

  return async function safeFetch(input: string): Promise<FetchResult> {
    const deadline = Date.now() + timeoutMs;
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new SafeFetchError('bad-url', input, `Not a valid URL: ${input}`);
    }
    for (let redirects = 0; ; redirects++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new SafeFetchError('scheme', url.href, `Only http and https URLs can be fetched, not ${url.protocol}`);
      }
      url.hash = '';
      const pinned = await pickAddress(url);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new SafeFetchError('timeout', url.href, `Timed out after ${timeoutMs} ms.`);
      const hop = await get(url, pinned, remaining);
      const location = hop.location;
      if (location === undefined) return { ...hop.result, redirects };
      if (redirects >= maxRedirects) {
        throw new SafeFetchError('too-many-redirects', url.href, `More than ${maxRedirects} redirects.`);
      }
      try {
        url = new URL(location, url);
      } catch {
        throw new SafeFetchError('bad-url', location, `Redirected to an invalid URL: ${location}`);
      }
    }
  };

  function get(url: URL, pinned: ResolvedAddress, remainingMs: number): Promise<{ result: Omit<FetchResult, 'redirects'>; location?: string }> {
    const lookup: LookupFunction = (_host, opts, callback) => {
      if ((opts as { all?: boolean }).all) (callback as unknown as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
      else callback(null, pinned.address, pinned.family);
    };
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolvePromise, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const request = client.request(url, {
        method: 'GET',
        lookup,
        agent: false,
        headers: { 'user-agent': userAgent, accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5', 'accept-encoding': 'identity' },
      });
      let onDeadline = () => finish(() => reject(new SafeFetchError('timeout', url.href, `Timed out after ${timeoutMs} ms.`)));
      const timer = setTimeout(() => {
        onDeadline();
        request.destroy();
      }, remainingMs);
      request.on('error', (error) => finish(() => reject(new SafeFetchError('network', url.href, `Could not fetch ${url.href}: ${error.message}`))));
      request.on('response', (response) => {
        const status = response.statusCode ?? 0;
        const contentType = String(response.headers['content-type'] ?? '');
        if (REDIRECTS.has(status) && response.headers.location) {
          response.resume();
          finish(() => resolvePromise({ result: { url: url.href, status, contentType, body: '', bytes: 0, truncated: false, timedOut: false }, location: response.headers.location }));
          request.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let bytes = 0;
        const done = (truncated: boolean, timedOut: boolean) =>
          finish(() => resolvePromise({ result: { url: url.href, status, contentType, body: decode(Buffer.concat(chunks), contentType), bytes, truncated, timedOut } }));
        onDeadline = () => done(false, true);
        response.on('data', (chunk: Buffer) => {
          const room = maxBytes - bytes;
          if (chunk.length >= room) {
            chunks.push(chunk.subarray(0, room));
            bytes += room;
            done(true, false);
            request.destroy();
            return;
          }
          chunks.push(chunk);
          bytes += chunk.length;
        });
        response.on('end', () => done(false, false));
        response.on('error', () => done(false, false));
        response.on('aborted', () => done(false, false));
      });
      request.end();
    });
  }
}
