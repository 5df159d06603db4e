import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoApp, type DemoApp, type DemoAppOptions } from '../demo-site/app.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import type { Clock, StoredSubmission } from '../plugin/types.js';
import { makeStored } from './support/factories.js';

const running: DemoApp[] = [];
const servers: Server[] = [];
const tempDirs: string[] = [];

function makeClock(start = '2026-11-02T10:00:00.000Z'): Clock & { advance(seconds: number): void } {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), advance: (seconds) => { now += seconds * 1000; } };
}

async function makeDemo(overrides: DemoAppOptions = {}) {
  const clock = makeClock();
  const demo = await createDemoApp({
    store: createMemoryStore(), clock, secret: 'demo-test-secret', retentionIntervalMs: false, ...overrides,
  });
  running.push(demo);
  return { ...demo, clock };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((demo) => demo.close()));
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#34;': '"', '&#39;': "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#34|#39);/g, (e) => entities[e]!);
const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];

/** The fields of the form posting to `action`, as a browser would send them before the user types anything. */
function parseForm(html: string, action: string): Record<string, string> {
  const form = [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].map((m) => m[0]).find((f) => attr(f.slice(0, f.indexOf('>') + 1), 'action') === action);
  if (!form) throw new Error(`No form posting to ${action}`);
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, 'name');
    if (name) fields[name] = decode(attr(tag, 'value') ?? '');
  }
  for (const [, tag, body] of form.matchAll(/(<textarea\b[^>]*>)([\s\S]*?)<\/textarea>/g)) {
    const name = attr(tag!, 'name');
    if (name) fields[name] = decode(body!);
  }
  return fields;
}

/** GET the page, fill in the visible fields, wait like a person, submit everything the form carries. */
async function submitForm(demo: Awaited<ReturnType<typeof makeDemo>>, page: string, action: string, typed: Record<string, string>, seconds = 45) {
  const html = (await request(demo.app).get(page).expect(200)).text;
  const fields = { ...parseForm(html, action), ...typed };
  demo.clock.advance(seconds);
  return request(demo.app).post(action).type('form').set('User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0').send(fields);
}

async function onlySubmission(demo: DemoApp): Promise<StoredSubmission> {
  const { items, total } = await demo.doorkeep.store.query({});
  expect(total).toBe(1);
  return items[0]!;
}

const receiptPath = (html: string) => new URL(decode(html.match(/class="receipt"><a href="([^"]+)"/)![1]!), 'http://localhost').pathname;

describe('demo blog pages', () => {
  it('links every post from the home page, each a real post of 300 to 600 words', async () => {
    const demo = await makeDemo();
    expect(demo.posts.length).toBeGreaterThanOrEqual(5);
    const home = await request(demo.app).get('/').expect(200);
    for (const post of demo.posts) {
      expect(home.text).toContain(`href="/posts/${post.id}"`);
      const words = post.body.split(/\s+/).length;
      expect(words).toBeGreaterThanOrEqual(300);
      expect(words).toBeLessThanOrEqual(600);
    }
  });

  it('shows a post with a comment form carrying the signed token, the honeypot and the notice', async () => {
    const demo = await makeDemo();
    const post = demo.posts[0]!;
    const res = await request(demo.app).get(`/posts/${post.id}`).expect(200);
    expect(res.text).toContain(`<h1>${post.title}</h1>`);
    const fields = parseForm(res.text, `/posts/${post.id}/comments`);
    const hidden = Object.entries(fields).filter(([name]) => !['author', 'email', 'url', 'comment'].includes(name));
    expect(hidden.some(([, value]) => /^\d+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/.test(value))).toBe(true);
    expect(hidden.some(([, value]) => value === '')).toBe(true);
    expect(res.text).toContain('This site uses Doorkeep to reduce spam.');
    expect(res.text).toContain('<a href="/doorkeep/processing">Learn how your comment data is processed.</a>');
  });

  it('advertises the trackback URL of each post, on the page and in RDF auto-discovery, and the URL takes trackbacks', async () => {
    const demo = await makeDemo();
    const post = demo.posts[1]!;
    const res = await request(demo.app).get(`/posts/${post.id}`).expect(200);
    const url = `http://localhost:3000/trackback/${post.id}`;
    expect(res.text).toContain(`trackback URL</strong>: <code id="trackback-url">${url}</code>`);
    expect(res.text).toContain(`<rdf:Description rdf:about="http://localhost:3000/posts/${post.id}" dc:identifier="http://localhost:3000/posts/${post.id}" dc:title="${post.title}" trackback:ping="${url}" />`);
    const ping = await request(demo.app).post(`/trackback/${post.id}`).type('form').send({ title: 'x' });
    expect(ping.status).not.toBe(404);
    expect(ping.text).toContain('<error>1</error>');
  });

  it('answers 404 for a post that does not exist', async () => {
    const demo = await makeDemo();
    await request(demo.app).get('/posts/no-such-post').expect(404);
  });

  it('serves an Atom feed with every post', async () => {
    const demo = await makeDemo();
    const res = await request(demo.app).get('/feed.xml').expect(200);
    expect(res.type).toBe('application/atom+xml');
    for (const post of demo.posts) expect(res.text).toContain(`<id>http://localhost:3000/posts/${post.id}</id>`);
  });
});

describe('commenting through the demo form', () => {
  it('stores a genuine comment with a verdict and its reasons and tells the sender what happened', async () => {
    const demo = await makeDemo();
    const post = demo.posts.find((p) => p.id === 'rss-never-left')!;
    const res = await submitForm(demo, `/posts/${post.id}`, `/posts/${post.id}/comments`, {
      author: 'Maren Olsen', email: 'maren@olsen.example', url: '',
      comment: 'The point about stable entry ids bit me last year: I moved my blog to a new domain and every subscriber saw twenty old posts again. Using the original permalink as the id would have saved me.',
    });
    expect(res.status).toBe(201);
    const stored = await onlySubmission(demo);
    expect(stored.postId).toBe(post.id);
    expect(stored.author.name).toBe('Maren Olsen');
    expect(['approved', 'pending']).toContain(stored.status);
    expect(stored.history[0]).toMatchObject({ type: 'verdict', by: 'doorkeep', status: stored.status });
    expect(Array.isArray(stored.reasons)).toBe(true);
    expect(res.text).toContain(stored.status === 'approved' ? 'Published' : 'Waiting for review');
    expect(res.text).toContain(`<a href="http://localhost:3000/doorkeep/receipt/${stored.receipt}">`);
  });

  it('marks five links and a filled honeypot as spam with both reasons, and the receipt says not published', async () => {
    const demo = await makeDemo();
    const post = demo.posts[0]!;
    const html = (await request(demo.app).get(`/posts/${post.id}`)).text;
    const honeypot = Object.entries(parseForm(html, `/posts/${post.id}/comments`))
      .find(([name, value]) => value === '' && !['author', 'email', 'url', 'comment'].includes(name))![0];
    const links = ['cheap-pills', 'casino-bonus', 'loans-now', 'replica-watches', 'seo-links']
      .map((host) => `<a href="https://${host}.example/">${host}</a>`).join(' ');
    const res = await submitForm(demo, `/posts/${post.id}`, `/posts/${post.id}/comments`, {
      author: 'Best Deals', email: 'deals@bulk.example', url: 'https://cheap-pills.example/',
      comment: `Great post ${links}`, [honeypot]: 'https://cheap-pills.example/',
    });
    expect(res.status).toBe(201);
    const stored = await onlySubmission(demo);
    expect(['spam', 'discard']).toContain(stored.status);
    const verdict = stored.history.find((h) => h.type === 'verdict');
    expect(verdict && verdict.type === 'verdict' && verdict.signals.map((s) => s.filter)).toEqual(expect.arrayContaining(['links', 'honeypot']));
    expect(stored.reasons.join(' ')).toMatch(/honeypot/i);
    expect(stored.reasons.join(' ')).toMatch(/link/i);
    expect(res.text).toContain('Not published');
    const receipt = await request(demo.app).get(receiptPath(res.text)).expect(200);
    expect(receipt.text).toContain('Not published');
    expect(receipt.text).not.toMatch(/honeypot|links/i);
  });

  it('refuses a comment without a name with 400 and stores nothing', async () => {
    const demo = await makeDemo();
    const post = demo.posts[0]!;
    const res = await submitForm(demo, `/posts/${post.id}`, `/posts/${post.id}/comments`, { email: 'x@example.org', comment: 'No name given.' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('name');
    expect((await demo.doorkeep.store.query({})).total).toBe(0);
  });

  it('shows approved comments under the post, escaped, and leaves spam out', async () => {
    const demo = await makeDemo();
    const post = demo.posts[1]!;
    const genuine = await demo.doorkeep.moderate({
      type: 'comment', postId: post.id, author: { name: 'Tove & Bo', email: 'tove@example.org', url: 'https://tove.example/' },
      content: 'I finally set max-width to 65ch after reading this. <script>alert(1)</script>It reads so much better.',
    }, { persist: true });
    await demo.doorkeep.decide(genuine.submission.id, 'approve', 'halla');
    const junk = await demo.doorkeep.moderate({ type: 'comment', postId: post.id, author: { name: 'Spammer' }, content: 'buy followers now' });
    await demo.doorkeep.decide(junk.submission.id, 'spam', 'halla');
    await demo.doorkeep.store.add(makeStored({
      id: 'imported', postId: post.id, status: 'approved', receipt: 'imported-receipt-0123456789',
      author: { name: 'Imported <img src=x onerror=alert(3)>', email: '', url: 'javascript:alert(2)' }, content: '<p>Kept from an older import.</p>',
    }));
    const res = await request(demo.app).get(`/posts/${post.id}`).expect(200);
    expect(res.text).toContain('2 comments');
    expect(res.text).toContain('<a href="https://tove.example/" rel="nofollow ugc">');
    expect(res.text).toContain('Tove &amp; Bo');
    expect(res.text).toContain('Imported &lt;img src=x onerror=alert(3)&gt;');
    expect(res.text).toContain('It reads so much better.');
    expect(res.text).not.toContain('<script>alert(1)');
    expect(res.text).not.toContain('javascript:');
    expect(res.text).not.toContain('buy followers');
  });

  it('shows approved mentions with the source title and excerpt, and only approved ones', async () => {
    const demo = await makeDemo();
    const post = demo.posts[0]!;
    const mention = (id: string, type: 'webmention' | 'pingback', status: 'approved' | 'pending', title: string) => makeStored({
      id, type, postId: post.id, status, receipt: `receipt-${id}-0123456789`, target: post.permalink,
      author: { name: '', email: '', url: '' }, content: '',
      mention: { source: `https://${id}.example/notes/1`, title, excerpt: `As Halla wrote in "${post.title}", keep it boring & simple.` },
    });
    await demo.doorkeep.store.add(mention('wm', 'webmention', 'approved', 'Weeknotes <47>'));
    await demo.doorkeep.store.add(mention('pb', 'pingback', 'approved', 'A reply on feeds'));
    await demo.doorkeep.store.add(mention('held', 'webmention', 'pending', 'Held mention'));
    const res = await request(demo.app).get(`/posts/${post.id}`).expect(200);
    expect(res.text).toContain('Mention from <a href="https://wm.example/notes/1" rel="nofollow ugc">Weeknotes &lt;47&gt;</a>');
    expect(res.text).toContain('Pingback from <a href="https://pb.example/notes/1" rel="nofollow ugc">A reply on feeds</a>');
    expect(res.text).toContain('keep it boring &amp; simple.');
    expect(res.text).not.toContain('Held mention');
    expect(res.text).toContain('No comments yet');
    expect(res.headers.link).toBe('<http://localhost:3000/webmention>; rel="webmention"');
  });

  it('reflects a settings change on the processing page', async () => {
    const demo = await makeDemo();
    expect((await request(demo.app).get('/doorkeep/processing').expect(200)).text).toContain('deleted after 15 days');
    await demo.doorkeep.updateSettings({ retention: { spamDays: 9 } });
    expect((await request(demo.app).get('/doorkeep/processing').expect(200)).text).toContain('deleted after 9 days');
  });
});

describe('mentions', () => {
  it('receives a webmention from a page linking to a post and shows it under the post once approved', async () => {
    const demo = await makeDemo({ fetchAllow: ['127.0.0.1'] });
    const post = demo.posts.find((p) => p.id === 'the-writing-habit-that-stuck')!;
    const source = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>Three hundred words a day, a month in</title><article class="h-entry"><p>A month ago I read
        <a href="${post.permalink}">Halla's post on the writing habit that finally stuck</a> and started writing three hundred
        words every day. The drafts folder that is allowed to be terrible is the part that changed everything for me.</p></article>`);
    });
    servers.push(source);
    await new Promise<void>((ready) => source.listen(0, '127.0.0.1', ready));
    const sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}/notes/a-month-in`;

    await request(demo.app).post('/webmention').type('form').send({ source: sourceUrl, target: post.permalink }).expect(201);
    await demo.mentions.webmentions.idle();
    const { items } = await demo.doorkeep.store.query({ type: 'webmention' });
    expect(items).toHaveLength(1);
    const mention = items[0]!;
    expect(mention).toMatchObject({ postId: post.id, mention: { source: sourceUrl, title: 'Three hundred words a day, a month in' } });
    if (mention.status !== 'approved') await demo.doorkeep.decide(mention.id, 'approve', 'halla');

    const page = await request(demo.app).get(`/posts/${post.id}`).expect(200);
    expect(page.text).toContain(`Mention from <a href="${sourceUrl}" rel="nofollow ugc">Three hundred words a day, a month in</a>`);
    expect(page.text).toContain('drafts folder that is allowed to be terrible');
    expect(page.text).toContain('<link rel="webmention" href="http://localhost:3000/webmention">');
  });
});

describe('contact doors', () => {
  const pitch = {
    name: 'Jordan Pike', email: 'jordan@growthreach.example', subject: 'Guest post collaboration',
    message: 'Hi there! I came across your amazing blog and loved your content. I would love to contribute a high-quality guest post for your readers, with a do-follow link back to our client. We can also offer a sponsored post or link exchange. Let me know your rates!',
  };

  it('delivers a pitch sent through work-with-me and holds the same pitch sent through contact', async () => {
    const open = await makeDemo();
    const delivered = await submitForm(open, '/work-with-me', '/work-with-me', pitch);
    expect(delivered.status).toBe(201);
    const openStored = await onlySubmission(open);
    expect(openStored).toMatchObject({ type: 'contact-form', channel: 'work-with-me', postId: null, subject: 'Guest post collaboration' });
    expect(openStored.status).not.toBe('pitch');

    const closed = await makeDemo();
    const held = await submitForm(closed, '/contact', '/contact', pitch);
    expect(held.status).toBe(201);
    const closedStored = await onlySubmission(closed);
    expect(closedStored).toMatchObject({ type: 'contact-form', channel: 'contact', status: 'pitch' });
    expect(held.text).toContain('Filed with offers and pitches');

    expect(openStored.status).toBe('approved');
    expect(delivered.text).toContain('Delivered');
  });
});

describe('durability', () => {
  it('keeps comments in the data folder across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doorkeep-demo-'));
    tempDirs.push(dir);
    const dataFile = join(dir, 'doorkeep.json');
    const first = await makeDemo({ store: undefined, dataFile });
    const post = first.posts[2]!;
    await submitForm(first, `/posts/${post.id}`, `/posts/${post.id}/comments`, {
      author: 'Iris', email: 'iris@example.org', comment: 'Restoring a backup onto a fresh server is the test I keep skipping. Thank you for the nudge.',
    });
    await first.close();
    running.splice(running.indexOf(first), 1);
    const month = new Date().toISOString().slice(0, 7);
    expect(readFileSync(join(dir, 'doorkeep.submissions', `${month}.jsonl`), 'utf8')).toContain('Restoring a backup');
    const second = await makeDemo({ store: undefined, dataFile });
    const { items } = await second.doorkeep.store.query({ postId: post.id });
    expect(items.map((i) => i.author.name)).toEqual(['Iris']);
  });
});
