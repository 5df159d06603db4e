import { beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { UNDO_KEY } from '../admin/actions.js';
import { adminApp } from './support/browser.js';
import { signedInAdmin, type AdminSession } from './support/admin-session.js';

let dk: AdminSession['dk'];
let agent: AdminSession['agent'];
let token: string;
let clock: AdminSession['clock'];
let add: AdminSession['add'];
let status: AdminSession['status'];

beforeEach(async () => {
  ({ dk, agent, token, clock, add, status } = await signedInAdmin());
});
const rowActions = (html: string, id: string) => [...html.matchAll(new RegExp(`name="one" value="([\\w-]+):${id}"`, 'g'))].map((m) => m[1]);

describe('row actions fit the status', () => {
  it('offers only actions that change something: no Pitch in the pitch inbox, no Spam in Spam, Not spam instead of Approve there', async () => {
    const items = {
      pending: await add({ status: 'pending' }),
      pitch: await add({ status: 'pitch' }),
      spam: await add({ status: 'spam' }),
      approved: await add({ status: 'approved' }),
      trash: await add({ status: 'trash' }),
    };
    const expected: Record<string, string[]> = {
      pending: ['approve', 'pitch', 'spam', 'trash'],
      pitch: ['approve', 'spam', 'trash'],
      spam: ['approve', 'pitch', 'trash'],
      approved: ['unapprove', 'pitch', 'spam', 'trash'],
      trash: ['restore', 'delete'],
    };
    for (const [queue, item] of Object.entries(items)) {
      const html = (await agent.get(`/admin/queue/${queue}`).expect(200)).text;
      // The details add Block and Trust; the row's own actions come after them.
      expect(rowActions(html, item.id).filter((a) => a !== 'block' && a !== 'trust')).toEqual(expected[queue]);
    }
    const spamPage = (await agent.get('/admin/queue/spam')).text;
    expect(spamPage).toContain('title="Same as Approve: publish it (deliver a message) and teach Doorkeep it was not spam (key a)" aria-keyshortcuts="a">Not spam</button>');
  });

  it('leads each row with its status and who decided it, with Doorkeep’s own verdict and top reason beside', async () => {
    const item = await add({
      status: 'spam',
      signals: [{ filter: 'links', score: 1.2, reason: '3 links in 12 words of text' }, { filter: 'outreach', score: 0.4, reason: 'Reads like outreach' }],
      history: [
        { at: '2026-11-20T08:00:00.000Z', type: 'verdict', by: 'doorkeep', status: 'pending', score: 1.6, signals: [] },
        { at: '2026-11-20T08:30:00.000Z', type: 'status', by: 'admin', actor: 'person', from: 'pending', to: 'spam' },
      ],
    });
    const html = (await agent.get('/admin/queue/spam')).text;
    const row = html.slice(html.indexOf(`id="item-${item.id}"`));
    expect(row).toMatch(/<td class="state">\s*<span class="badge spam">Spam<\/span>\s*<span class="by person">by admin<\/span>/);
    expect(row).toMatch(/Doorkeep: Pending <span class="score">\(1\.6\)<\/span>/);
    expect(row).toContain('title="3 links in 12 words of text">3 links in 12 words of text</span>');
  });
});

describe('trash, restore and undo', () => {
  it('moves a message to the trash without learning, restores it where it was, and says so', async () => {
    const item = await add({ status: 'pitch' });
    const trashed = await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `trash:${item.id}`, return: '/admin/queue/pitch' }).expect(303);
    expect(trashed.headers.location).toMatch(/^\/admin\/queue\/pitch\?done=trash&n=1&undo=[\w-]+$/);
    expect((await agent.get(trashed.headers.location)).text).toContain('Moved to the trash: 1 message.');
    const stored = (await dk.store.get(item.id))!;
    expect(stored.status).toBe('trash');
    expect(stored.history.at(-1)).toMatchObject({ type: 'status', by: 'admin', actor: 'person', from: 'pitch', to: 'trash' });
    expect((await dk.store.countByStatus()).trash).toBe(1);
    await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `restore:${item.id}`, return: '/admin/queue/trash' }).expect(303);
    expect(await status(item.id)).toBe('pitch');
  });

  it('undoes a bulk decision from the Undo button of the next page, once', async () => {
    const [a, b] = [await add(), await add({ status: 'approved' })];
    const response = await agent.post('/admin/actions').type('form').send(`_csrf=${encodeURIComponent(token)}&action=spam&ids=${a.id}&ids=${b.id}&return=%2Fadmin%2Fqueue%2Fall`).expect(303);
    const undo = new URL(response.headers.location, 'http://x').searchParams.get('undo')!;
    const page = (await agent.get(response.headers.location)).text;
    expect(page).toContain(`<input type="hidden" name="token" value="${undo}">`);
    expect([await status(a.id), await status(b.id)]).toEqual(['spam', 'spam']);
    const undone = await agent.post('/admin/actions/undo').type('form').send({ _csrf: token, token: undo, return: '/admin/queue/all' }).expect(303);
    expect(undone.headers.location).toBe('/admin/queue/all?done=undo&n=2');
    expect([await status(a.id), await status(b.id)]).toEqual(['pending', 'approved']);
    expect((await dk.store.get(a.id))!.history.at(-1)).toMatchObject({ from: 'spam', to: 'pending', note: 'Undo' });
    const again = await agent.post('/admin/actions/undo').type('form').send({ _csrf: token, token: undo, return: '/admin/queue/all' }).expect(303);
    expect(again.headers.location).toContain('error=Nothing+to+undo');
  });

  it('takes back what the undone decision taught the classifier', async () => {
    const item = await add({ author: { name: 'Ola', email: 'ola@reader.example', url: '' }, text: 'Win a free cruise today, reply now to claim it', content: 'Win a free cruise today, reply now to claim it' });
    const learned = async () => (await dk.exportPersonalData('ola@reader.example')).learned.classifierDecisions;
    const response = await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `spam:${item.id}` }).expect(303);
    expect(await learned()).toBe(1);
    const undo = new URL(response.headers.location, 'http://x').searchParams.get('undo')!;
    await agent.post('/admin/actions/undo').type('form').send({ _csrf: token, token: undo }).expect(303);
    expect(await status(item.id)).toBe('pending');
    expect(await learned()).toBe(0);
  });

  it('leaves alone what was moved again since: undo never overwrites a later decision', async () => {
    const item = await add();
    const first = await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `spam:${item.id}` }).expect(303);
    await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `pitch:${item.id}` }).expect(303);
    const undo = new URL(first.headers.location, 'http://x').searchParams.get('undo')!;
    await agent.post('/admin/actions/undo').type('form').send({ _csrf: token, token: undo }).expect(303);
    expect(await status(item.id)).toBe('pitch');
  });

  it('answers the page script with JSON: the new status, counts, the row to show and an undo token', async () => {
    const item = await add();
    const response = await agent.post('/admin/actions').set('Accept', 'application/json').type('form').send({ _csrf: token, action: 'approve', ids: item.id, return: '/admin/queue/all' }).expect(200);
    expect(response.body).toMatchObject({ message: 'Approved: 1 message.', changed: [{ id: item.id, status: 'approved', label: 'Approved' }], missing: [] });
    expect(response.body.counts).toMatchObject({ approved: 1, pending: 0 });
    expect(response.body.rows[item.id]).toMatch(new RegExp(`^<tr class="row" id="item-${item.id}" data-id="${item.id}" data-status="approved"`));
    const undo = await agent.post('/admin/actions/undo').set('Accept', 'application/json').type('form').send({ _csrf: token, token: response.body.undo }).expect(200);
    expect(undo.body).toMatchObject({ message: 'Undone: 1 message.', changed: [{ id: item.id, status: 'pending' }], undo: null });
    const bad = await agent.post('/admin/actions').set('Accept', 'application/json').type('form').send({ _csrf: token, action: 'explode', ids: item.id }).expect(400);
    expect(bad.body).toEqual({ error: 'Unknown action.' });
  });

  it('keeps the last 30 undoable actions in the store, so a reload or another instance can still undo', async () => {
    for (let i = 0; i < 32; i++) {
      const item = await add();
      await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `trash:${item.id}` }).expect(303);
    }
    expect(await dk.store.getState<unknown[]>(UNDO_KEY)).toHaveLength(30);
  });
});

describe('Empty spam and Empty trash', () => {
  it('asks first, then deletes only what was there when it asked', async () => {
    const old = [await add({ status: 'spam' }), await add({ status: 'spam' })];
    const kept = await add({ status: 'pending' });
    const ask = await agent.post('/admin/queue/spam/empty').type('form').send({ _csrf: token }).expect(200);
    expect(ask.text).toContain('<h1>Empty spam?</h1>');
    expect(ask.text).toContain('This deletes 2 messages in Spam for good');
    expect((await dk.store.countByStatus()).spam).toBe(2);
    const before = /name="before" value="([^"]+)"/.exec(ask.text)![1]!;
    clock.advance(60_000);
    const late = await add({ status: 'spam', receivedAt: clock.now().toISOString() });
    const done = await agent.post('/admin/queue/spam/empty').type('form').send({ _csrf: token, confirm: 'yes', before }).expect(303);
    expect(done.headers.location).toBe('/admin/queue/spam?done=empty&n=2');
    for (const item of old) expect(await dk.store.get(item.id)).toBeUndefined();
    expect(await status(late.id)).toBe('spam');
    expect(await status(kept.id)).toBe('pending');
  });

  it('empties the trash the same way and refuses to empty any other queue', async () => {
    await add({ status: 'trash' });
    const ask = await agent.post('/admin/queue/trash/empty').type('form').send({ _csrf: token }).expect(200);
    const before = /name="before" value="([^"]+)"/.exec(ask.text)![1]!;
    await agent.post('/admin/queue/trash/empty').type('form').send({ _csrf: token, confirm: 'yes', before }).expect(303);
    expect((await dk.store.countByStatus()).trash).toBe(0);
    await agent.post('/admin/queue/approved/empty').type('form').send({ _csrf: token, confirm: 'yes', before }).expect(400);
  });

  it('refuses a signed-out request and one without the CSRF token', async () => {
    await add({ status: 'spam' });
    const app = adminApp(dk);
    expect((await request(app).post('/admin/queue/spam/empty').type('form').send({ confirm: 'yes', before: clock.now().toISOString() })).status).toBe(401);
    expect((await agent.post('/admin/queue/spam/empty').type('form').send({ confirm: 'yes', before: clock.now().toISOString() })).status).toBe(403);
    expect((await agent.post('/admin/actions/undo').type('form').send({ token: 'x' })).status).toBe(403);
    expect((await agent.post('/admin/pitches/read').type('form').send({ ids: 'x' })).status).toBe(403);
    expect((await dk.store.countByStatus()).spam).toBe(1);
  });
});

describe('filters', () => {
  it('narrows by type, channel, reason and post, counts each status under the filters, and keeps them in the tabs and pages', async () => {
    await add({ type: 'contact-form', postId: null, channel: 'work-with-me', status: 'pending' });
    await add({ type: 'contact-form', postId: null, channel: 'work-with-me', status: 'pitch' });
    await add({ type: 'contact-form', postId: null, channel: 'contact', status: 'pending' });
    await add({ postId: 'typography', signals: [{ filter: 'outreach', score: 2, reason: 'Reads like outreach' }] });
    const html = (await agent.get('/admin/queue/all?type=contact-form&channel=work-with-me').expect(200)).text;
    expect((html.match(/<tr class="row"/g) ?? []).length).toBe(2);
    expect(html).toContain('<a href="/admin/queue/pending?type=contact-form&amp;channel=work-with-me">Pending <span class="n">1</span></a>');
    expect(html).toContain('<a href="/admin/queue/pitch?type=contact-form&amp;channel=work-with-me">Pitch inbox <span class="n">1</span></a>');
    expect(html).toContain('<option value="work-with-me" selected>work-with-me</option>');
    const byReason = (await agent.get('/admin/queue/all?filter=outreach')).text;
    expect((byReason.match(/<tr class="row"/g) ?? []).length).toBe(1);
    const byPost = (await agent.get('/admin/queue/all?post=typography')).text;
    expect(byPost).toContain('<option value="typography" selected>Typography for being read</option>');
    expect((byPost.match(/<tr class="row"/g) ?? []).length).toBe(1);
    // An unknown type or reason is ignored rather than matching nothing.
    expect(((await agent.get('/admin/queue/all?type=fax&filter=astrology')).text.match(/<tr class="row"/g) ?? []).length).toBe(4);
  });
});
