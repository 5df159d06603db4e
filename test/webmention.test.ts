import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLowdbStore } from '../plugin/store/lowdb-store.js';
import type { Resolver } from '../plugin/net/safe-fetch.js';
import type { MentionsOptions } from '../plugin/hooks/mentions.js';
import { startPeer, type Peer } from './helpers/http-peer.js';
import { SITE, TARGET, relevantPage, serveSources } from './helpers/mention-pages.js';
import { makeMentionsApp, type MentionsSetup } from './helpers/mentions-app.js';
import { makeDoorkeep } from './support/doorkeep.js';

let peer: Peer;
beforeAll(async () => {
  peer = await startPeer();
  serveSources(peer);
});
afterAll(() => peer.close());

const send = (setup: MentionsSetup, source: string, target = TARGET) =>
  request(setup.app).post('/webmention').type('form').send({ source, target });

/** Sends, waits for the queue, and returns the status page as JSON. */
async function sendAndSettle(setup: MentionsSetup, source: string, target = TARGET) {
  const res = await send(setup, source, target).expect(201);
  await setup.router.webmentions.idle();
  return (await request(setup.app).get(res.headers.location!).set('accept', 'application/json').expect(200)).body as Record<string, string>;
}

describe('POST /webmention', () => {
  let setup: MentionsSetup;
  beforeEach(async () => {
    setup = await makeMentionsApp();
  });
  afterEach(() => setup.dk.close());

  it.each([
    ['a missing target', { source: 'https://a.example/x' }, 'required'],
    ['a source that is not a URL', { source: 'nonsense', target: TARGET }, 'source must be an http or https URL'],
    ['an unsupported scheme', { source: 'ftp://a.example/x', target: TARGET }, 'source must be an http or https URL'],
    ['the source being the target', { source: `${TARGET}/#c1`, target: TARGET }, 'same URL'],
    ['a target that is not ours', { source: 'https://a.example/x', target: 'https://other.example/posts/newsletters' }, 'not on https://halla.example'],
    ['a target that is not a post', { source: 'https://a.example/x', target: `${SITE}/posts/unknown` }, 'does not exist'],
    ['a post closed to mentions', { source: 'https://a.example/x', target: `${SITE}/posts/closed` }, 'does not accept'],
  ])('answers 400 for %s, with the reason', async (_name, fields, reason) => {
    const res = await request(setup.app).post('/webmention').type('form').send(fields).expect(400);
    expect(res.text).toContain(reason);
    expect(peer.seen.some((s) => s.path === '/x')).toBe(false);
  });

  it('answers 201 with a status page, then verifies and accepts a relevant page that links', async () => {
    const res = await send(setup, peer.url('/relevant')).expect(201);
    expect(res.headers.location).toMatch(/^\/webmention\/status\/[\w-]+$/);
    const queued = await request(setup.app).get(res.headers.location!).set('accept', 'application/json').expect(200);
    expect(['queued', 'accepted']).toContain(queued.body.state);
    await setup.router.webmentions.idle();
    const done = await request(setup.app).get(res.headers.location!).set('accept', 'application/json').expect(200);
    expect(done.body).toMatchObject({ state: 'accepted', status: 'approved', source: peer.url('/relevant'), target: TARGET });
    const [stored] = (await setup.dk.store.query({ type: 'webmention' })).items;
    expect(stored).toMatchObject({ postId: 'newsletters', status: 'approved', mention: { title: 'On writing newsletters people actually read' } });
    const html = await request(setup.app).get(res.headers.location!).set('accept', 'text/html').expect(200);
    expect(html.text).toContain('Webmention accepted');
  });

  it('accepts a linking scraper page with the off-topic reason recorded', async () => {
    const status = await sendAndSettle(setup, peer.url('/scraper'));
    expect(status.state).toBe('accepted');
    const [stored] = (await setup.dk.store.query({ type: 'webmention' })).items;
    expect(stored!.signals.map((s) => s.reason).join(' ')).toMatch(/Barely related.*casino/);
  });

  // Known gap, as in pingback.test.ts: relevance scores off-topic mentions like comments (0.6 < pending 1).
  it('holds a linking scraper page instead of publishing it', async () => {
    const status = await sendAndSettle(setup, peer.url('/scraper'));
    expect(['pending', 'spam', 'discard']).toContain(status.status);
  });

  it('rejects a page without the link, saying why', async () => {
    expect(await sendAndSettle(setup, peer.url('/no-link'))).toMatchObject({ state: 'rejected', reason: 'The source does not link to the target.' });
    expect((await setup.dk.store.query({})).total).toBe(0);
  });

  it('rejects redirects past the limit', async () => {
    expect(await sendAndSettle(setup, peer.url('/redirect0'))).toMatchObject({ state: 'rejected', reason: 'More than 5 redirects.' });
  });

  it('updates the mention when the same source and target come again', async () => {
    let body = relevantPage();
    peer.route('/changing', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(body));
    const first = await sendAndSettle(setup, peer.url('/changing'));
    body = body.replace('On writing newsletters people actually read', 'Newsletters, revisited');
    const second = await sendAndSettle(setup, peer.url('/changing'));
    expect(second).toMatchObject({ state: 'updated', status: 'approved' });
    const { items } = await setup.dk.store.query({ type: 'webmention' });
    expect(items).toHaveLength(1);
    expect(items[0]!.mention!.title).toBe('Newsletters, revisited');
    expect(items[0]!.history.some((h) => h.type === 'note' && h.note.includes('sent again'))).toBe(true);
    expect(first.state).toBe('accepted');
  });

  it('removes the mention when the source answers 410 or no longer links', async () => {
    for (const after of [(res: import('node:http').ServerResponse) => res.writeHead(410).end('gone'),
      (res: import('node:http').ServerResponse) => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>I took the link out.</p>')]) {
      let live = true;
      peer.route('/retracted', (_req, res) => (live ? res.writeHead(200, { 'content-type': 'text/html' }).end(relevantPage()) : after(res)));
      await sendAndSettle(setup, peer.url('/retracted'));
      expect((await setup.dk.store.query({ type: 'webmention' })).total).toBe(1);
      live = false;
      const status = await sendAndSettle(setup, peer.url('/retracted'));
      expect(status.state).toBe('removed');
      expect((await setup.dk.store.query({ type: 'webmention' })).total).toBe(0);
    }
  });

  it('refuses sources resolving to private or metadata addresses', async () => {
    const resolve: Resolver = async (host) => [{ address: host === 'intranet.test' ? '10.0.0.1' : '169.254.169.254', family: 4 }];
    const strict = await makeMentionsApp({ fetch: { allowHosts: [] }, router: { resolve } });
    for (const source of ['http://intranet.test/post', 'http://metadata.test/post', peer.url('/relevant')]) {
      const status = await sendAndSettle(strict, source);
      expect(status.state).toBe('rejected');
      expect(status.reason).toMatch(/Refused to fetch/);
    }
    await strict.dk.close();
  });

  it('answers 404 for an unknown status page', async () => {
    await request(setup.app).get('/webmention/status/nope').expect(404);
  });
});

describe('mentions router options', () => {
  it('rejects an unknown option at creation, with a hint', async () => {
    await expect(makeMentionsApp({ router: { routePatern: '/p/:id' } as unknown as MentionsOptions })).rejects.toThrow('Unknown option `mentions.routePatern`. Did you mean `routePattern`?');
  });
});

describe('webmention queue', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doorkeep-webmention-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps queued webmentions in the store so a restart loses nothing', async () => {
    const file = join(dir, 'doorkeep.json');
    const first = await makeMentionsApp({
      dk: await makeDoorkeep({ store: createLowdbStore(file), fetch: { allowHosts: ['127.0.0.1'] } }),
      router: { schedule: () => {} },
    });
    const res = await send(first, peer.url('/relevant')).expect(201);
    await first.dk.close();

    const second = await makeMentionsApp({ dk: await makeDoorkeep({ store: createLowdbStore(file), fetch: { allowHosts: ['127.0.0.1'] } }) });
    await second.router.webmentions.idle();
    const status = await request(second.app).get(res.headers.location!).set('accept', 'application/json').expect(200);
    expect(status.body).toMatchObject({ state: 'accepted', status: 'approved' });
    expect((await second.dk.store.query({ type: 'webmention' })).total).toBe(1);
    await second.dk.close();
  });
});
