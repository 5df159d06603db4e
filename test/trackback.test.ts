import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPeer, type Peer } from './helpers/http-peer.js';
import { serveSources } from './helpers/mention-pages.js';
import { makeMentionsApp, type MentionsSetup } from './helpers/mentions-app.js';

let peer: Peer;
beforeAll(async () => {
  peer = await startPeer();
  serveSources(peer);
});
afterAll(() => peer.close());

const errorOf = (xml: string) => Number(/<error>(\d)<\/error>/.exec(xml)?.[1]);
const messageOf = (xml: string) => /<message>([^<]*)<\/message>/.exec(xml)?.[1] ?? '';

describe('POST /trackback/:postId', () => {
  let setup: MentionsSetup;
  beforeEach(async () => {
    setup = await makeMentionsApp();
  });
  afterEach(() => setup.dk.close());

  const trackback = (postId: string, fields: Record<string, string>, app = setup.app) =>
    request(app).post(`/trackback/${postId}`).type('form').send(fields).expect(200).expect('content-type', /text\/xml/);
  const relevant = () => ({
    url: peer.url('/relevant'), title: 'Newsletters people read', blog_name: 'Ann’s notebook',
    excerpt: 'Plain text, one-click unsubscribe and no tracking pixels: my newsletter now follows Halla’s advice.',
  });

  it('accepts a trackback from a page that links to the post and keeps what the sender gave', async () => {
    const res = await trackback('newsletters', relevant());
    expect(res.text).toBe('<?xml version="1.0" encoding="utf-8"?>\n<response>\n<error>0</error>\n</response>\n');
    const [stored] = (await setup.dk.store.query({ type: 'trackback' })).items;
    expect(stored).toMatchObject({
      postId: 'newsletters',
      target: 'https://halla.example/posts/newsletters',
      author: { name: 'Ann’s notebook', url: peer.url('/relevant') },
      mention: { source: peer.url('/relevant'), title: 'Newsletters people read', blogName: 'Ann’s notebook' },
    });
    expect(stored!.text).toContain('my newsletter now follows');
    expect(stored!.mention!.excerpt).toContain('newsletters that respect readers');
  });

  it('answers error 1 without a url', async () => {
    const res = await trackback('newsletters', { title: 'x' });
    expect(errorOf(res.text)).toBe(1);
    expect(messageOf(res.text)).toBe('No url given.');
  });

  it.each([
    ['an unknown post', 'nope', 'does not exist'],
    ['a post closed to pings', 'closed', 'does not accept mentions'],
  ])('answers error 1 for %s', async (_name, postId, message) => {
    const res = await trackback(postId, relevant());
    expect(errorOf(res.text)).toBe(1);
    expect(messageOf(res.text)).toContain(message);
  });

  it('answers error 1 when the page does not link to the post', async () => {
    const res = await trackback('newsletters', { ...relevant(), url: peer.url('/no-link') });
    expect(errorOf(res.text)).toBe(1);
    expect(messageOf(res.text)).toBe('The source does not link to the target.');
    expect((await setup.dk.store.query({})).total).toBe(0);
  });

  it('answers error 1 for the same trackback again', async () => {
    await trackback('newsletters', relevant());
    const res = await trackback('newsletters', relevant());
    expect(errorOf(res.text)).toBe(1);
    expect(messageOf(res.text)).toContain('already registered');
  });

  it('refuses to fetch a loopback source when the allowlist is off', async () => {
    const strict = await makeMentionsApp({ fetch: { allowHosts: [] } });
    const res = await trackback('newsletters', relevant(), strict.app);
    expect(errorOf(res.text)).toBe(1);
    expect(messageOf(res.text)).toMatch(/Refused to fetch 127\.0\.0\.1/);
    await strict.dk.close();
  });

  it('takes the sender at their word when verification is turned off', async () => {
    const trusting = await makeMentionsApp({ fetch: { allowHosts: [] }, router: { verifyTrackbacks: false } });
    const res = await trackback('newsletters', relevant(), trusting.app);
    expect(errorOf(res.text)).toBe(0);
    expect((await trusting.dk.store.query({ type: 'trackback' })).items[0]!.mention!.excerpt).toContain('my newsletter now follows');
    await trusting.dk.close();
  });
});
