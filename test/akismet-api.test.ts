import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AkismetClient } from 'akismet-api';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { Doorkeep } from '../plugin/api.js';
import { makeDoorkeep } from './support/doorkeep.js';

const KEY = 'abc123key';
const BLOG = 'https://halla.example';

/** RFC 6761: *.localhost is loopback. The akismet-api client puts the key in the host name (KEY.localhost). */
const systemLookup = dns.lookup;
beforeAll(() => {
  const lookup = (host: string, options: unknown, callback?: unknown) => {
    const name = host === 'localhost' || host.endsWith('.localhost') ? '127.0.0.1' : host;
    return (systemLookup as (...args: unknown[]) => void).call(dns, name, options, callback);
  };
  (dns as { lookup: unknown }).lookup = lookup;
});
afterAll(() => {
  (dns as { lookup: unknown }).lookup = systemLookup;
});

let dk: Doorkeep;
let app: express.Express;
let server: http.Server;
let port: number;

beforeEach(async () => {
  dk = await makeDoorkeep({ settings: { apiKeys: [KEY] } });
  app = express();
  app.use('/akismet', dk.akismetApi());
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await dk.close();
});

const client = (key = KEY) => new AkismetClient({ key, blog: BLOG, host: `localhost:${port}/akismet`, protocol: 'http' });
const comment = (content: string, ip: string, name: string) =>
  ({ ip, name, email: `${name.toLowerCase()}@mail.example`, content, useragent: 'Mozilla/5.0', permalink: `${BLOG}/posts/rss`, type: 'comment' });

describe('the akismet-api client against Doorkeep', () => {
  it('verifies a valid key and refuses an invalid one', async () => {
    expect(await client().verifyKey()).toBe(true);
    expect(await client('wrongkey99').verifyKey()).toBe(false);
  });

  it('answers checkSpam true for the guaranteed-spam author and false for a genuine comment', async () => {
    expect(await client().checkSpam({ ...comment('Buy now', '198.51.100.9', 'x'), name: 'akismet-guaranteed-spam' })).toBe(true);
    expect(await client().checkSpam({ ...comment('Buy now', '198.51.100.9', 'x'), email: 'akismet-guaranteed-spam@example.com' })).toBe(true);
    const genuine = comment('A full-text RSS feed is exactly why I still follow your site; my feed reader thanks you, no account or tracking needed.', '203.0.113.5', 'Ann');
    expect(await client().checkSpam(genuine)).toBe(false);
    const [stored] = (await dk.store.query({})).items;
    expect(stored).toMatchObject({ type: 'comment', postId: 'rss', status: 'approved', author: { name: 'Ann' }, ip: '203.0.113.5' });
    expect(stored!.meta).toMatchObject({ via: 'akismet', blog: BLOG });
  });

  it('answers checkSpam true for outreach spam, judged by the pipeline', async () => {
    const pitch = comment('Hi! Our digital marketing agency helps blogs grow with guest posts and backlinks. Reply for our price list of sponsored articles.', '198.51.100.4', 'Mark');
    expect(await client().checkSpam(pitch)).toBe(true);
  });

  it('rejects checkSpam with an invalid key', async () => {
    await expect(client('wrongkey99').checkSpam(comment('hello there', '203.0.113.5', 'Ann'))).rejects.toThrow('Invalid API key');
  });

  it('learns from submitSpam and submitHam: later verdicts on similar text change', async () => {
    const praise = (place: string, who: string) =>
      `Wonderful article, I bookmarked your ${place} and shared it with all my ${who}, please keep writing such helpful posts on this topic!`;
    const akismet = client();
    expect(await akismet.checkSpam(comment(praise('site', 'friends'), '198.51.100.1', 'Mark'))).toBe(false);
    await akismet.submitSpam(comment(praise('site', 'friends'), '198.51.100.1', 'Mark'));
    expect(await akismet.checkSpam(comment(praise('blog', 'colleagues'), '198.51.100.2', 'Lucy'))).toBe(true);

    await akismet.submitHam(comment(praise('blog', 'colleagues'), '198.51.100.2', 'Lucy'));
    expect(await akismet.checkSpam(comment(praise('page', 'neighbours'), '198.51.100.3', 'Zed'))).toBe(false);

    const reported = (await dk.store.query({ ip: '198.51.100.1' })).items;
    expect(reported).toHaveLength(1);
    expect(reported[0]!.status).toBe('spam');
    expect(reported[0]!.history.at(-1)).toMatchObject({ type: 'status', by: 'akismet:abc123', to: 'spam' });
    const rescued = (await dk.store.query({ ip: '198.51.100.2' })).items;
    expect(rescued[0]!.history.at(-1)).toMatchObject({ type: 'status', by: 'akismet:abc123', from: 'spam', to: 'approved' });
  });

  it('stores and learns nothing for is_test', async () => {
    const test = { ...comment('Wonderful article, bookmarked and shared with all my friends, keep writing!', '198.51.100.7', 'Tess'), is_test: true };
    expect(await client().checkSpam(test)).toBe(false);
    await client().submitSpam(test);
    expect((await dk.store.query({})).total).toBe(0);
  });
});

describe('the Akismet protocol details', () => {
  const post = (path: string, fields: Record<string, string>, host = `${KEY}.localhost`) =>
    request(app).post(`/akismet/1.1/${path}`).set('host', host).type('form').send(fields).expect(200).expect('content-type', /text\/plain/);

  it('answers a missing user_ip with the message and debug help', async () => {
    const res = await post('comment-check', { blog: BLOG, comment_content: 'hello' });
    expect(res.text).toBe('Missing required field: user_ip.');
    expect(res.headers['x-akismet-debug-help']).toBe('Empty "user_ip" value');
  });

  it('puts an X-akismet-guid on every answer', async () => {
    for (const res of [
      await post('verify-key', { key: KEY, blog: BLOG }),
      await post('comment-check', { blog: BLOG, user_ip: '203.0.113.5', comment_content: 'Thanks for the RSS post.' }),
      await post('comment-check', { blog: BLOG }),
      await post('submit-ham', { blog: BLOG, user_ip: '203.0.113.5', comment_content: 'Thanks for the RSS post.' }),
    ]) expect(res.headers['x-akismet-guid']).toMatch(/^\S{8,}$/);
  });

  it('reads the key from the body too, and says thanks for reports', async () => {
    const res = await post('submit-spam', { api_key: KEY, blog: BLOG, user_ip: '198.51.100.8', comment_content: 'spam spam' }, 'localhost');
    expect(res.text).toBe('Thanks for making the web a better place.');
    expect((await dk.store.query({ ip: '198.51.100.8' })).items[0]!.status).toBe('spam');
  });

  it('adds the discard pro tip for blatant spam', async () => {
    const links = ['a', 'b', 'c', 'd', 'e', 'f'].map((x) => `<a href="http://${x}-casino.example">casino</a>`).join(' ');
    const res = await post('comment-check', {
      blog: BLOG, user_ip: '198.51.100.66', comment_author: 'Cheap SEO backlinks',
      comment_content: `Guest posts, backlinks and sponsored articles for your blog! ${links}`,
      honeypot_field_name: 'hp', hp: 'filled by a bot',
    });
    expect(res.text).toBe('true');
    expect(res.headers['x-akismet-pro-tip']).toBe('discard');
  });

  it('answers false for the administrator role and ignores unknown fields', async () => {
    const res = await post('comment-check', { blog: BLOG, user_ip: '198.51.100.1', user_role: 'administrator', comment_content: 'casino casino', made_up_field: 'x' });
    expect(res.text).toBe('false');
  });

  it('reports usage per key for the month', async () => {
    await post('comment-check', { blog: BLOG, user_ip: '203.0.113.5', comment_content: 'Thanks for the RSS post.' });
    await post('comment-check', { blog: BLOG, user_ip: '203.0.113.6', comment_content: 'Thanks again for the RSS post.' });
    const res = await request(app).get(`/akismet/1.2/usage-limit?api_key=${KEY}`).expect(200);
    expect(res.body).toEqual({ limit: 'none', usage: 2, percentage: '0.00', throttled: false });
    expect((await request(app).get('/akismet/1.2/usage-limit?api_key=nope').expect(200)).text).toBe('invalid');
  });
});

describe('the demo site’s /akismet', () => {
  it('answers the real client', async () => {
    const { createDemoApp } = await import('../demo-site/app.js');
    const { createMemoryStore } = await import('../plugin/store/memory-store.js');
    const demo = await createDemoApp({ store: createMemoryStore(), secret: 'demo-test-secret', retentionIntervalMs: false, apiKeys: ['demokey123'] });
    const demoServer = http.createServer(demo.app);
    await new Promise<void>((resolve) => demoServer.listen(0, '127.0.0.1', resolve));
    try {
      const host = `localhost:${(demoServer.address() as AddressInfo).port}/akismet`;
      const akismet = new AkismetClient({ key: 'demokey123', blog: 'http://localhost:3000', host, protocol: 'http' });
      expect(await akismet.verifyKey()).toBe(true);
      expect(await new AkismetClient({ key: 'otherkey12', blog: 'http://localhost:3000', host, protocol: 'http' }).verifyKey()).toBe(false);
      expect(await akismet.checkSpam({ ip: '198.51.100.20', name: 'akismet-guaranteed-spam', content: 'x' })).toBe(true);
      const genuine = { ip: '203.0.113.20', name: 'Ann', email: 'ann@mail.example', content: 'Turning off the tracking pixel in my newsletter felt scary, but your post convinced me; readers noticed nothing but the respect.', permalink: 'http://localhost:3000/posts/newsletters-that-respect-readers' };
      expect(await akismet.checkSpam(genuine)).toBe(false);
      await akismet.submitSpam(genuine);
      expect((await demo.doorkeep.store.query({ ip: '203.0.113.20' })).items[0]).toMatchObject({ status: 'spam', postId: 'newsletters-that-respect-readers' });
    } finally {
      await new Promise((resolve) => demoServer.close(resolve));
      await demo.close();
    }
  });
});
