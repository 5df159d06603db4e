import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseMethodCall } from '../plugin/hooks/pingback.js';
import type { Resolver } from '../plugin/net/safe-fetch.js';
import { startPeer, type Peer } from './helpers/http-peer.js';
import { SITE, TARGET, serveSources } from './helpers/mention-pages.js';
import { makeMentionsApp, type MentionsSetup } from './helpers/mentions-app.js';

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const pingXml = (source: string, target: string) => `<?xml version="1.0"?>
<methodCall><methodName>pingback.ping</methodName><params>
<param><value><string>${xmlEscape(source)}</string></value></param>
<param><value><string>${xmlEscape(target)}</string></value></param>
</params></methodCall>`;

/** The fault code of an XML-RPC answer, or undefined for a success. */
const faultCode = (xml: string) => {
  const match = /<name>faultCode<\/name><value><int>(-?\d+)<\/int>/.exec(xml);
  return match ? Number(match[1]) : undefined;
};
const faultString = (xml: string) => /<name>faultString<\/name><value><string>([^<]*)</.exec(xml)?.[1] ?? '';

let peer: Peer;
beforeAll(async () => {
  peer = await startPeer();
  serveSources(peer);
});
afterAll(() => peer.close());

describe('pingback.ping', () => {
  let setup: MentionsSetup;
  beforeEach(async () => {
    setup = await makeMentionsApp();
  });
  afterEach(() => setup.dk.close());

  const ping = (source: string, target = TARGET, app = setup.app) =>
    request(app).post('/xmlrpc').type('text/xml').send(pingXml(source, target)).expect(200).expect('content-type', /text\/xml/);

  it('registers a pingback from a relevant page that links, with its title and excerpt', async () => {
    const res = await ping(peer.url('/relevant'));
    expect(faultCode(res.text)).toBeUndefined();
    expect(res.text).toContain('registered');
    const { items } = await setup.dk.store.query({ type: 'pingback' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      postId: 'newsletters',
      target: TARGET,
      status: 'approved',
      author: { name: 'On writing newsletters people actually read', url: peer.url('/relevant') },
      mention: { source: peer.url('/relevant'), title: 'On writing newsletters people actually read' },
    });
    expect(items[0]!.mention!.excerpt).toContain("Halla's piece on newsletters that respect readers argues for plain text");
  });

  it('records why a linking scraper page is off topic', async () => {
    await ping(peer.url('/scraper'));
    const [stored] = (await setup.dk.store.query({ type: 'pingback' })).items;
    const offTopic = stored!.signals.find((s) => s.filter === 'relevance');
    expect(offTopic).toMatchObject({ publicReason: 'held for review' });
    expect(offTopic!.score).toBeGreaterThan(0);
    expect(offTopic!.reason).toMatch(/Barely related to 'Email newsletters that respect readers'.*casino/);
  });

  // Known gap: the relevance filter scores an off-topic text 0.6 whatever the door, below the pending threshold (1).
  it('holds a linking scraper page instead of publishing it', async () => {
    await ping(peer.url('/scraper'));
    const [stored] = (await setup.dk.store.query({ type: 'pingback' })).items;
    expect(['pending', 'spam', 'discard']).toContain(stored!.status);
  });

  it('answers fault 17 when the source does not link to the target', async () => {
    const res = await ping(peer.url('/no-link'));
    expect(faultCode(res.text)).toBe(17);
    expect((await setup.dk.store.query({})).total).toBe(0);
  });

  it('answers fault 48 for the same source and target again', async () => {
    await ping(peer.url('/relevant'));
    const res = await ping(peer.url('/relevant'));
    expect(faultCode(res.text)).toBe(48);
    expect((await setup.dk.store.query({})).total).toBe(1);
  });

  it.each([
    ['a target on another site', 'https://elsewhere.example/posts/newsletters', 33],
    ['a target that is not a post', `${SITE}/about/me`, 32],
    ['a post that does not exist', `${SITE}/posts/nope`, 32],
    ['a post closed to pings', `${SITE}/posts/closed`, 33],
    ['a target that is not a URL', 'not a url', 32],
  ])('refuses %s', async (_name, target, code) => {
    const res = await ping(peer.url('/relevant'), target);
    expect(faultCode(res.text)).toBe(code);
  });

  it('answers fault 16 for a source that is missing or not a URL', async () => {
    expect(faultCode((await ping(peer.url('/missing'))).text)).toBe(16);
    expect(faultCode((await ping('javascript:alert(1)')).text)).toBe(16);
    expect(faultCode((await ping(peer.url('/gone'))).text)).toBe(16);
  });

  it('answers fault 0 when the source is the target', async () => {
    expect(faultCode((await ping(TARGET, TARGET)).text)).toBe(0);
  });

  it('answers fault 16 when the source redirects more than five times', async () => {
    const res = await ping(peer.url('/redirect0'));
    expect(faultCode(res.text)).toBe(16);
    expect(faultString(res.text)).toContain('More than 5 redirects');
    expect(faultCode((await ping(peer.url('/redirect2'))).text)).toBeUndefined();
  });
});

describe('pingback source limits', () => {
  it('cuts a slow source at the timeout and reports the missing link', async () => {
    const setup = await makeMentionsApp({ fetch: { timeoutMs: 300 } });
    const started = Date.now();
    const res = await request(setup.app).post('/xmlrpc').type('text/xml').send(pingXml(peer.url('/slow'), TARGET)).expect(200);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(faultCode(res.text)).toBe(17);
    expect(faultString(res.text)).toContain('read until the time limit');
    await setup.dk.close();
  });

  it('cuts an oversized source at the byte cap', async () => {
    const setup = await makeMentionsApp({ fetch: { maxBytes: 50_000 } });
    const res = await request(setup.app).post('/xmlrpc').type('text/xml').send(pingXml(peer.url('/huge'), TARGET)).expect(200);
    expect(faultCode(res.text)).toBe(17);
    expect(faultString(res.text)).toContain('read up to 50000 bytes');
    await setup.dk.close();
  });

  it('refuses sources resolving to 127.0.0.1, 10.0.0.1 and 169.254.169.254 with the allowlist off', async () => {
    const resolve: Resolver = async (host) => {
      const table: Record<string, string> = { 'intranet.test': '10.0.0.1', 'metadata.test': '169.254.169.254', 'loopback.test': '127.0.0.1' };
      if (!table[host]) throw new Error('unknown host');
      return [{ address: table[host]!, family: 4 }];
    };
    const setup = await makeMentionsApp({ fetch: { allowHosts: [] }, router: { resolve } });
    const before = peer.seen.length;
    for (const source of [peer.url('/relevant'), `http://loopback.test:${peer.port}/relevant`, 'http://intranet.test/relevant', 'http://metadata.test/latest/meta-data/']) {
      const res = await request(setup.app).post('/xmlrpc').type('text/xml').send(pingXml(source, TARGET)).expect(200);
      expect(faultCode(res.text)).toBe(49);
      expect(faultString(res.text)).toMatch(/Refused to fetch .* (loopback|metadata)/);
    }
    expect(peer.seen.length).toBe(before);
    await setup.dk.close();
  });
});

describe('XML-RPC endpoint', () => {
  let setup: MentionsSetup;
  beforeAll(async () => {
    setup = await makeMentionsApp();
  });
  afterAll(() => setup.dk.close());
  const post = (body: string) => request(setup.app).post('/xmlrpc').type('text/xml').send(body).expect(200);

  it('answers malformed XML with a parse-error fault, not a 500', async () => {
    const res = await post('<methodCall><methodName>pingback.ping</methodName><params>');
    expect(faultCode(res.text)).toBe(-32700);
  });

  it('refuses entity declarations instead of expanding them', async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<methodCall><methodName>pingback.ping</methodName><params><param><value>&lol2;</value></param></params></methodCall>`;
    const res = await post(laughs);
    expect(faultCode(res.text)).toBe(-32700);
    expect(faultString(res.text)).toContain('DTD');
  });

  it('answers an oversized body with a fault', async () => {
    const res = await post(pingXml(`${peer.url('/relevant')}?${'x'.repeat(70_000)}`, TARGET));
    expect(faultCode(res.text)).toBe(-32700);
    expect(faultString(res.text)).toContain('larger than');
  });

  it('answers unknown methods and wrong parameters with faults', async () => {
    expect(faultCode((await post('<methodCall><methodName>system.exec</methodName></methodCall>')).text)).toBe(-32601);
    const oneParam = '<methodCall><methodName>pingback.ping</methodName><params><param><value>x</value></param></params></methodCall>';
    expect(faultCode((await post(oneParam)).text)).toBe(-32602);
  });

  it('accepts only POST', async () => {
    await request(setup.app).get('/xmlrpc').expect(405).expect('allow', 'POST');
  });
});

describe('parseMethodCall', () => {
  it('reads untyped and typed scalar values and decodes character references', () => {
    const call = parseMethodCall(`<methodCall><methodName>pingback.ping</methodName><params>
      <param><value>http://a.example/?x=1&amp;y=&#50;</value></param><param><value><string>b</string></value></param>
      <param><value><int>7</int></value></param><param><value><boolean>1</boolean></value></param></params></methodCall>`);
    expect(call).toEqual({ ok: true, methodName: 'pingback.ping', params: ['http://a.example/?x=1&y=2', 'b', 7, true] });
  });

  it('leaves unknown entity references unexpanded', () => {
    const call = parseMethodCall('<methodCall><methodName>m</methodName><params><param><value>&ext;</value></param></params></methodCall>');
    expect(call).toEqual({ ok: true, methodName: 'm', params: ['&ext;'] });
  });

  it('rejects structs and arrays as parameters', () => {
    const call = parseMethodCall('<methodCall><methodName>m</methodName><params><param><value><struct><member><name>a</name><value>b</value></member></struct></value></param></params></methodCall>');
    expect(call.ok).toBe(false);
  });
});

describe('on the demo site', () => {
  it('advertises pingback and trackback works end to end; approved mentions show under the post', async () => {
    const { createDemoApp } = await import('../demo-site/app.js');
    const { createMemoryStore } = await import('../plugin/store/memory-store.js');
    const demo = await createDemoApp({ store: createMemoryStore(), secret: 'demo-test-secret', retentionIntervalMs: false, fetchAllow: ['127.0.0.1'] });
    try {
      const post = demo.posts.find((p) => p.id === 'newsletters-that-respect-readers')!;
      const page = await request(demo.app).get(`/posts/${post.id}`).expect(200);
      expect(page.headers['x-pingback']).toBe('http://localhost:3000/xmlrpc');
      expect(page.text).toContain('<link rel="pingback" href="http://localhost:3000/xmlrpc">');

      peer.html('/demo-pingback', `<title>Tracking pixels, gone</title><p>After reading
        <a href="${post.permalink}">a newsletter that respects its readers</a> I removed the tracking pixel and click tracking
        from my own newsletter too; double opt-in and a one-click unsubscribe came next.</p>`);
      const ping = await request(demo.app).post('/xmlrpc').type('text/xml').send(pingXml(peer.url('/demo-pingback'), post.permalink!)).expect(200);
      expect(faultCode(ping.text)).toBeUndefined();

      peer.html('/demo-trackback', `<title>Weeknotes</title><p>Reading list: <a href="${post.permalink}">Halla on newsletters</a>, privacy and email.</p>`);
      const track = await request(demo.app).post(`/trackback/${post.id}`).type('form')
        .send({ url: peer.url('/demo-trackback'), title: 'Weeknotes 12', blog_name: 'Sam’s weeknotes', excerpt: 'Halla on newsletters without tracking pixels, and why open rates stopped mattering for my email letter.' })
        .expect(200);
      expect(track.text).toContain('<error>0</error>');

      for (const item of (await demo.doorkeep.store.query({ postId: post.id })).items) {
        if (item.status !== 'approved') await demo.doorkeep.decide(item.id, 'approve', 'halla');
      }
      const shown = await request(demo.app).get(`/posts/${post.id}`).expect(200);
      expect(shown.text).toContain('Tracking pixels, gone</a>');
      expect(shown.text).toContain('I removed the tracking pixel and click tracking');
      expect(shown.text).toContain('Weeknotes 12</a>');
    } finally {
      await demo.close();
    }
  });
});
