/**
 * Mention source pages through the real receivers: pages served on 127.0.0.1, a webmention, pingback or
 * trackback sent to the mentions router, the page fetched, read and moderated with default settings.
 */
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDoorkeep } from '../plugin/doorkeep.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import { replayMentions } from '../scripts/mention-eval.js';
import { MENTION_POSTS } from '../scripts/mention-posts.js';
import { startPeer, type Peer } from './helpers/http-peer.js';
import { makeMentionsApp, type MentionsSetup } from './helpers/mentions-app.js';

const SITE = 'https://halla.example';
const POST = MENTION_POSTS.find((p) => p.id === 'restic-backups')!;
const TARGET = `${SITE}/posts/${POST.id}`;
const paragraphs = POST.body.split('\n\n');
const chrome = (main: string, title: string) => `<!doctype html><html><head><title>${title}</title></head><body>
<header><a href="/">Jon's notes</a><nav><a href="/about/">About</a> <a href="/archive/">Archive</a> <a href="/shop/">Shop</a> <a href="/now/">Now</a></nav></header>
<main>${main}</main>
<aside><h3>Blogs I read</h3><ul>${['anna.blog', 'birch.me', 'lena.is', 'marco.dev', 'pebble.page', 'ravi.net', 'tide.org', 'wren.se', 'yuki.jp', 'oak.co.uk', 'moss.de', 'quill.fr'].map((h) => `<li><a href="https://${h}/">${h}</a></li>`).join('')}</ul></aside>
<footer>© 2026 Jon · <a href="https://wordpress.org/">Powered by WordPress</a> · <a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2F127.0.0.1%2Fp">Share</a></footer></body></html>`;

const PAGES: Record<string, string> = {
  // A reader quotes one paragraph and writes about it: must pass.
  '/quote': chrome(`<article><h1>Restore tests, finally</h1>
<p>Halla's post on <a href="${TARGET}">backing up a home server with restic</a> is the nudge I needed. This is the part that hit home:</p>
<blockquote>${paragraphs[3]}</blockquote>
<p>I have run borg for years and never restored anything on purpose. Last Sunday I wrote a small script that pulls one random file and our Nextcloud database dump out of last night's archive and compares them with the live copies. The first run failed: the dump had been empty since March, because the database container was renamed and the dump command quietly wrote nothing. Two months of "successful" backups of an empty file. The script now runs monthly and mails me when anything differs.</p>
<p>If you take one thing from her post, take that one. Thanks, Halla.</p></article>`, 'Restore tests, finally'),
  // The same paragraph, copied with the rest of the post, no words of the page's own.
  '/copy': chrome(`<article><h1>${POST.title}</h1>${paragraphs.slice(1).map((p) => `<p>${p}</p>`).join('')}<p>Source: <a href="${TARGET}">halla.example</a></p></article>`, POST.title),
  // A sales page linking to the post in its resources.
  '/shop': chrome(`<section><h1>EssayPro Writers – Order Today</h1><p>Get your essay written by a professional academic writer in as little as three hours. Plagiarism-free papers, any subject, any deadline.</p>
<p>Our writers hold masters and PhD degrees from top universities. Cheap essay writing service trusted by over 50,000 students.</p>
<div><span class="price">$12.99</span> per page <a href="/cart?add=3">Order now</a></div><ul><li>Free revisions</li><li>Secure checkout</li><li>Rated 4.9/5 by 12,000 customers</li></ul>
<h3>Resources</h3><ul><li><a href="https://news.example/tips">Ten tips for a better night's sleep</a></li><li><a href="${TARGET}">backups</a></li></ul></section>`, 'EssayPro Writers'),
  // A directory of unrelated links.
  '/links': chrome(`<h1>Useful links</h1><ul>${Array.from({ length: 30 }, (_, i) => `<li><a href="https://site${i}.example/page">Best deals ${i}</a></li>`).join('')}<li><a href="${TARGET}">backups</a></li></ul>`, 'Useful links'),
};

describe('mention source pages through the receivers', () => {
  let peer: Peer;
  let setup: MentionsSetup | undefined;
  beforeAll(async () => {
    peer = await startPeer();
    for (const [path, html] of Object.entries(PAGES)) peer.html(path, html);
  });
  afterAll(() => peer.close());
  afterEach(async () => {
    await setup?.dk.close();
    setup = undefined;
  });

  async function app() {
    const posts = MENTION_POSTS.map(({ id, title, body, tags }) => ({ id, title, body, tags }));
    const dk = await createDoorkeep({
      store: createMemoryStore(), site: { name: "Halla's notes", url: SITE, ownerNames: ['Halla'] }, secret: 'test-secret-0123456789',
      getPost: (id) => posts.find((p) => p.id === id), listPosts: () => posts, retentionIntervalMs: false,
      fetch: { allowHosts: ['127.0.0.1'], timeoutMs: 1000 },
    });
    return (setup = await makeMentionsApp({ dk }));
  }

  async function webmention(path: string) {
    const { app: server, router, dk } = await app();
    const res = await request(server).post('/webmention').type('form').send({ source: peer.url(path), target: TARGET }).expect(201);
    await router.webmentions.idle();
    const status = (await request(server).get(res.headers.location!).set('accept', 'application/json').expect(200)).body as { status: string };
    const [stored] = (await dk.store.query({ type: 'webmention' })).items;
    return { status: status.status, reasons: stored!.reasons.join(' | ') };
  }

  it('approves a reply that quotes one paragraph of the post in a blockquote and comments on it', async () => {
    const { status, reasons } = await webmention('/quote');
    expect(status).toBe('approved');
    expect(reasons).not.toMatch(/copies the post|list of links|sells/);
  });

  it('does not approve a page that copies the post, and says so', async () => {
    const { status, reasons } = await webmention('/copy');
    expect(status).not.toBe('approved');
    expect(reasons).toMatch(/The source page copies the post/);
  });

  it('does not approve a sales page that links to the post, and names what it sells', async () => {
    const { status, reasons } = await webmention('/shop');
    expect(status).not.toBe('approved');
    expect(reasons).toMatch(/The source page sells something other than the post's subject \(.*a cart or checkout/);
  });

  it('does not approve a list of unrelated links, and counts them without the blogroll and footer', async () => {
    const { status, reasons } = await webmention('/links');
    expect(status).not.toBe('approved');
    expect(reasons).toMatch(/The source page is a list of links: 31 links to 31 other sites/);
  });

  it('takes a pingback for the quoting reply the same way', async () => {
    const { app: server, dk } = await app();
    const xml = `<?xml version="1.0"?><methodCall><methodName>pingback.ping</methodName><params><param><value><string>${peer.url('/quote')}</string></value></param><param><value><string>${TARGET}</string></value></param></params></methodCall>`;
    const res = await request(server).post('/xmlrpc').type('text/xml').send(xml).expect(200);
    expect(res.text).not.toContain('<fault>');
    const [stored] = (await dk.store.query({ type: 'pingback' })).items;
    expect(stored!.status).toBe('approved');
  });
});

describe('the mention fixtures replayed through the receivers', () => {
  it('keeps spam pages from being approved and genuine ones from being blocked (a sample of the development part)', async () => {
    const outcomes = await replayMentions('dev', { limit: 150, feedback: false });
    expect(outcomes.filter((o) => o.status === 'refused')).toEqual([]);
    const spam = outcomes.filter((o) => o.spam);
    const genuine = outcomes.filter((o) => !o.spam);
    expect(spam.length).toBeGreaterThan(50);
    expect(genuine.length).toBeGreaterThan(40);
    // Measured: 98% and 2% on the whole development part (docs/evaluation.md); a regression shows here first.
    expect(spam.filter((o) => o.status !== 'approved').length / spam.length).toBeGreaterThanOrEqual(0.9);
    expect(genuine.filter((o) => ['spam', 'pitch', 'discard'].includes(o.status)).length / genuine.length).toBeLessThanOrEqual(0.05);
    expect(outcomes.filter((o) => o.kind === 'response-quote').every((o) => o.status !== 'spam' && o.status !== 'discard')).toBe(true);
  }, 60_000);
});
