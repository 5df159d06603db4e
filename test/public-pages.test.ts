import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createDoorkeep } from '../plugin/index.js';
import type { Doorkeep } from '../plugin/api.js';
import type { DoorkeepOptions } from '../plugin/options.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import { FILTER_NAMES } from '../plugin/filters/index.js';
import { PUBLIC_CHECKS, describeStatus } from '../admin/public.js';
import { notice, publicPages } from '../admin/index.js';
import { makeStored } from './support/factories.js';

const open: Doorkeep[] = [];

async function makeSite(overrides: Partial<DoorkeepOptions> = {}) {
  const dk = await createDoorkeep({
    store: createMemoryStore(),
    secret: 'public-pages-test-secret',
    site: { name: 'Halla\'s notes', url: 'https://halla.example', ownerNames: ['Halla'], contact: 'halla@halla.example' },
    getPost: (id) => (id === 'rss' ? { id, title: 'RSS never left', body: 'Feeds.', permalink: 'https://halla.example/posts/rss' } : undefined),
    retentionIntervalMs: false,
    ...overrides,
  });
  open.push(dk);
  const app = express();
  app.use('/doorkeep', publicPages(dk));
  return { dk, app };
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((dk) => dk.close()));
});

describe('data-processing page', () => {
  it('lists what is collected, the checks that are on, retention and how to ask for a review', async () => {
    const { app } = await makeSite();
    const res = await request(app).get('/doorkeep/processing').expect(200);
    expect(res.type).toBe('text/html');
    for (const collected of ['name, email address and website', 'IP address', 'user agent']) expect(res.text).toContain(collected);
    for (const name of FILTER_NAMES) expect(res.text).toContain(escapeHtml(PUBLIC_CHECKS[name]));
    expect(res.text).toContain('deleted after 15 days');
    expect(res.text).toContain('shortened after 30 days');
    expect(res.text).toContain('Nothing you submit is sent to any other company or service');
    expect(res.text).toContain('href="mailto:halla@halla.example"');
    expect(res.text).not.toContain('observe mode');
  });

  it('points to a contact page when the site gives a page instead of an address', async () => {
    const { app } = await makeSite({ site: { name: 'Halla\'s notes', url: 'https://halla.example', contact: '/contact' } });
    const res = await request(app).get('/doorkeep/processing').expect(200);
    expect(res.text).toContain('use <a href="/contact">the contact page</a>');
  });

  it('follows the live settings: a retention change, a check turned off and observe mode', async () => {
    const { dk, app } = await makeSite();
    await dk.updateSettings({ retention: { spamDays: 7, ipDays: 10 }, filters: { links: false }, mode: 'observe' });
    const res = await request(app).get('/doorkeep/processing').expect(200);
    expect(res.text).toContain('deleted after 7 days');
    expect(res.text).toContain('shortened after 10 days');
    expect(res.text).not.toContain(escapeHtml(PUBLIC_CHECKS.links));
    expect(res.text).toContain('1 other check is switched off');
    expect(res.text).toContain('observe mode');
  });

  it('describes every filter in the filter table', () => {
    expect(Object.keys(PUBLIC_CHECKS).sort()).toEqual([...FILTER_NAMES].sort());
  });
});

describe('receipt page', () => {
  it('says a published comment is published and names the post, without scores or reasons', async () => {
    const { dk, app } = await makeSite();
    await dk.store.add(makeStored({
      id: 'c1', postId: 'rss', status: 'approved', score: -1.25, receipt: 'r-approved-0123456789',
      reasons: ['Sender previously approved twice'], signals: [{ filter: 'reputation', score: -1.25, reason: 'Sender previously approved twice' }],
    }));
    const res = await request(app).get('/doorkeep/receipt/r-approved-0123456789').expect(200);
    expect(res.text).toContain('Published');
    expect(res.text).toContain('RSS never left');
    expect(res.text).not.toContain('previously approved');
    expect(res.text).not.toContain('reputation');
    expect(res.text).not.toContain('-1.25');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('says a held comment is waiting for review and a spam comment was not published', async () => {
    const { dk, app } = await makeSite();
    await dk.store.add(makeStored({ id: 'c2', status: 'pending', receipt: 'r-pending-0123456789' }));
    await dk.store.add(makeStored({
      id: 'c3', status: 'spam', receipt: 'r-spam-0123456789', score: 7,
      reasons: ['The hidden honeypot field, which people never see, was filled in'],
    }));
    expect((await request(app).get('/doorkeep/receipt/r-pending-0123456789').expect(200)).text).toContain('Waiting for review');
    const spam = await request(app).get('/doorkeep/receipt/r-spam-0123456789').expect(200);
    expect(spam.text).toContain('Not published');
    expect(spam.text).not.toContain('honeypot');
  });

  it('says a contact message was delivered, or filed with pitches', async () => {
    const { dk, app } = await makeSite();
    await dk.store.add(makeStored({ id: 'm1', type: 'contact-form', postId: null, status: 'approved', receipt: 'r-message-0123456789' }));
    await dk.store.add(makeStored({ id: 'm2', type: 'contact-form', postId: null, status: 'pitch', receipt: 'r-pitch-0123456789' }));
    expect((await request(app).get('/doorkeep/receipt/r-message-0123456789')).text).toContain('Delivered');
    expect((await request(app).get('/doorkeep/receipt/r-pitch-0123456789')).text).toContain('Filed with offers and pitches');
  });

  it('answers 404 with a page for an unknown receipt', async () => {
    const { app } = await makeSite();
    const res = await request(app).get('/doorkeep/receipt/no-such-receipt').expect(404);
    expect(res.text).toContain('No such receipt');
    expect(res.text).toContain('deleted after 15 days');
  });
});

describe('notice', () => {
  it('links the "Learn how" sentence to the processing page where the public pages are mounted', async () => {
    const { dk } = await makeSite({ publicPath: '/privacy' });
    expect(notice(dk)).toBe(
      '<p class="doorkeep-notice">This site uses Doorkeep to reduce spam. <a href="/privacy/processing">Learn how your comment data is processed.</a></p>\n',
    );
  });

  it('escapes a custom notice text and still links to the processing page', async () => {
    const { dk } = await makeSite();
    await dk.updateSettings({ noticeText: 'Spam is checked <here> & now.' });
    expect(notice(dk)).toContain('Spam is checked &lt;here&gt; &amp; now. <a href="/doorkeep/processing">How your data is processed.</a>');
  });
});

describe('describeStatus', () => {
  it('uses the three plain words for comments', () => {
    expect(describeStatus('approved', 'comment').headline).toBe('Published');
    expect(describeStatus('pending', 'comment').headline).toBe('Waiting for review');
    for (const status of ['spam', 'discard', 'pitch'] as const) expect(describeStatus(status, 'webmention').headline).toBe('Not published');
  });
});

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
}
