/**
 * Issue 11, items 9, 10, 11, 12, 14 and 15, each through the surface where it showed: the comment hook,
 * the pingback and webmention doors, the admin's actions, the Akismet-compatible API, the fetcher and the
 * public pages.
 */
import express from 'express';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { publicPages } from '../admin/index.js';
import type { Doorkeep } from '../plugin/api.js';
import { createSafeFetch } from '../plugin/net/safe-fetch.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import { createDemoApp } from '../demo-site/app.js';
import { startPeer, type Peer } from './helpers/http-peer.js';
import { TARGET, serveSources } from './helpers/mention-pages.js';
import { makeMentionsApp } from './helpers/mentions-app.js';
import { appWith, makeClock, makeDoorkeep } from './support/doorkeep.js';
import { adminApp, makeDoorkeep as makeAdminDoorkeep, makeStored, signedInAgent, tokenFor } from './support/browser.js';

const open: Doorkeep[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(open.splice(0).map((dk) => dk.close()));
});
async function doorkeep(options: Parameters<typeof makeDoorkeep>[0] = {}) {
  const dk = await makeDoorkeep(options);
  open.push(dk);
  return dk;
}

let peer: Peer;
beforeAll(async () => {
  peer = await startPeer();
  serveSources(peer);
});
afterAll(() => peer.close());

describe('content that is empty once sanitized (item 9)', () => {
  it.each([
    ['a script', '<script>alert(1)</script>'],
    ['a style', '<style>body { display: none }</style>'],
    ['a comment', '<!-- -->'],
    ['an image', '<img src="https://x.example/pixel.gif">'],
  ])('answers 400 for %s alone and stores nothing', async (_name, comment) => {
    const dk = await doorkeep();
    const res = await request(appWith(dk)).post('/posts/rss/comments').type('form').send({ author: 'Ann', email: 'ann@mail.example', comment });
    expect(res.status).toBe(400);
    expect(res.text).toContain('empty');
    expect((await dk.store.query({})).total).toBe(0);
  });

  it('still takes markup with text in it', async () => {
    const dk = await doorkeep();
    await request(appWith(dk)).post('/posts/rss/comments').type('form')
      .send({ author: 'Ann', email: 'ann@mail.example', comment: '<p>The <em>full-text</em> feed point is why I subscribed.</p><script>x</script>' }).expect(201);
  });
});

describe('a mention source URL over 200 characters (item 10)', () => {
  it('is refused before anything is fetched, saying what is wrong (pingback and webmention)', async () => {
    const setup = await makeMentionsApp();
    open.push(setup.dk);
    const source = peer.url(`/relevant?${'x'.repeat(220)}`);
    const before = peer.seen.length;
    const xml = `<?xml version="1.0"?><methodCall><methodName>pingback.ping</methodName><params><param><value><string>${source}</string></value></param><param><value><string>${TARGET}</string></value></param></params></methodCall>`;
    const ping = await request(setup.app).post('/xmlrpc').type('text/xml').send(xml).expect(200);
    expect(ping.text).toContain('<int>16</int>');
    expect(ping.text).toContain('too long: at most 200 characters');
    const wm = await request(setup.app).post('/webmention').type('form').send({ source, target: TARGET }).expect(400);
    expect(wm.text).toContain('too long: at most 200 characters');
    expect(peer.seen.length).toBe(before);
  });
});

describe('the admin return address (item 11)', () => {
  it.each([
    '/admin/../..//evil.example/x',
    '/admin/%2e%2e/%2e%2e//evil.example/x',
    '/admin/..//evil.example',
  ])('never redirects outside the admin for %s', async (back) => {
    const dk = await makeAdminDoorkeep();
    open.push(dk);
    const agent = await signedInAgent(adminApp(dk));
    const token = await tokenFor(agent);
    const item = makeStored();
    await dk.store.add(item);
    const res = await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `approve:${item.id}`, return: back }).expect(303);
    const location = res.headers.location!;
    expect(location.startsWith('/admin/')).toBe(true);
    expect(new URL(location, 'http://blog.test').host).toBe('blog.test');
    expect(new URL(location, 'http://blog.test').pathname.startsWith('/admin/')).toBe(true);
  });

  it('keeps an ordinary return address', async () => {
    const dk = await makeAdminDoorkeep();
    open.push(dk);
    const agent = await signedInAgent(adminApp(dk));
    const token = await tokenFor(agent);
    const item = makeStored();
    await dk.store.add(item);
    const res = await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `approve:${item.id}`, return: '/admin/queue/pending?page=2' }).expect(303);
    expect(res.headers.location).toMatch(/^\/admin\/queue\/pending\?page=2&done=approve&n=1/);
  });
});

describe('the Akismet-compatible API (item 12)', () => {
  const KEY = 'abc123key';
  async function api() {
    const dk = await doorkeep({ settings: { apiKeys: [KEY] }, clock: makeClock() });
    const app = express();
    app.use('/akismet', dk.akismetApi());
    return { dk, app };
  }
  const check = (app: express.Express, fields: Record<string, string>) =>
    request(app).post('/akismet/1.1/comment-check').type('form')
      .send({ api_key: KEY, blog: 'https://halla.example', user_ip: '203.0.113.7', comment_content: 'The feed reader point is a good one, thanks for writing it up.', ...fields });

  it.each(['275760-09-13T00:00:00Z', '1970-01-01T00:00:00Z'])('does not store the implausible comment_date_gmt %s', async (date) => {
    const { dk, app } = await api();
    await check(app, { comment_date_gmt: date }).expect(200);
    const [stored] = (await dk.store.query({})).items;
    expect(stored!.receivedAt).toBe(dk.clock.now().toISOString());
  });

  it('keeps a plausible comment_date_gmt', async () => {
    const { dk, app } = await api();
    const date = new Date(dk.clock.now().getTime() - 3_600_000).toISOString();
    await check(app, { comment_date_gmt: date }).expect(200);
    expect((await dk.store.query({})).items[0]!.receivedAt).toBe(date);
  });

  it('treats comment_type=__proto__ as a comment', async () => {
    const { dk, app } = await api();
    const res = await check(app, { comment_type: '__proto__' }).expect(200);
    expect(res.text).toBe('false');
    expect((await dk.store.query({})).items[0]!.type).toBe('comment');
  });

  it('answers a body it cannot read with 400 and never logs the api_key', async () => {
    const { app } = await api();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await request(app).post('/akismet/1.1/comment-check')
      .set('content-type', 'application/x-www-form-urlencoded; charset=utf-7').send(`api_key=${KEY}&comment_content=hello`);
    expect(res.status).toBe(400);
    expect(res.headers['x-akismet-debug-help']).toContain('could not be read');
    const gz = await request(app).post('/akismet/1.1/comment-check')
      .set({ 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' }).send(`api_key=${KEY}&comment_content=hello`);
    expect(gz.status).toBe(400);
    for (const call of errors.mock.calls) expect(call.map(String).join(' ')).not.toContain(KEY);
  });
});

describe('addresses that carry an IPv4 address inside IPv6 (item 14)', () => {
  it.each([
    ['IPv4-compatible loopback', '::7f00:1'],
    ['IPv4-compatible, dotted', '::127.0.0.1'],
    ['6to4 of loopback', '2002:7f00:1::1'],
    ['6to4 of a private address', '2002:c0a8:101::1'],
    ['6to4 of the metadata address', '2002:a9fe:a9fe::1'],
  ])('refuses a host resolving to %s (%s)', async (_name, address) => {
    const fetch = createSafeFetch({ resolve: async () => [{ address, family: 6 }], timeoutMs: 1000 });
    await expect(fetch('http://sneaky.example/x')).rejects.toMatchObject({ reason: 'blocked-address' });
  });
});

describe('Content-Security-Policy on the pages that show what senders wrote (item 15)', () => {
  it('sets a script-free CSP on the processing page and receipts', async () => {
    const dk = await doorkeep();
    const app = express();
    app.use('/doorkeep', publicPages(dk));
    const item = makeStored({ receipt: 'r-0123456789abcdef' });
    await dk.store.add(item);
    for (const path of ['/doorkeep/processing', '/doorkeep/receipt/r-0123456789abcdef', '/doorkeep/receipt/unknown']) {
      const res = await request(app).get(path);
      expect(res.headers['content-security-policy'], path).toContain("default-src 'none'");
      expect(res.headers['content-security-policy'], path).not.toContain('script-src');
    }
  });

  it('sets one on webmention status pages and on the demo feed', async () => {
    const setup = await makeMentionsApp({ router: { schedule: () => undefined } });
    open.push(setup.dk);
    const res = await request(setup.app).post('/webmention').type('form').send({ source: peer.url('/relevant'), target: TARGET }).expect(201);
    const status = await request(setup.app).get(res.headers.location!).set('accept', 'text/html').expect(200);
    expect(status.headers['content-security-policy']).toContain("default-src 'none'");

    const demo = await createDemoApp({ store: createMemoryStore(), retentionIntervalMs: false });
    try {
      const feed = await request(demo.app).get('/feed.xml').expect(200);
      expect(feed.headers['content-security-policy']).toContain("default-src 'none'");
    } finally {
      await demo.close();
    }
  });

  it('builds the private feed address from the site URL, not the Host header', async () => {
    const dk = await makeAdminDoorkeep();
    open.push(dk);
    const agent = await signedInAgent(adminApp(dk));
    const page = await agent.get('/admin/pitches').set('host', 'evil.example').expect(200);
    expect(page.text).toContain('http://blog.test/admin/pitches.atom?key=');
    expect(page.text).not.toContain('evil.example');
  });
});
