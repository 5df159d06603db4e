import { beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { PITCHES_SEEN_KEY } from '../admin/pitches.js';
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

describe('actions on one message', () => {
  it('approves it, records who did it and says so on the page it came from', async () => {
    const item = await add();
    const response = await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `approve:${item.id}`, return: '/admin/queue/pending' });
    expect(response.status).toBe(303);
    expect(response.headers.location).toMatch(/^\/admin\/queue\/pending\?done=approve&n=1&undo=[\w-]+$/);
    const stored = (await dk.store.get(item.id))!;
    expect(stored.status).toBe('approved');
    expect(stored.history.at(-1)).toMatchObject({ type: 'status', by: 'admin', actor: 'person', from: 'pending', to: 'approved' });
    expect((await agent.get(response.headers.location)).text).toContain('Approved: 1 message.');
  });

  it('acts only on the message whose button was pressed, even with others ticked', async () => {
    const [a, b] = [await add(), await add()];
    await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `spam:${a.id}`, ids: [a.id, b.id] }).expect(303);
    expect([await status(a.id), await status(b.id)]).toEqual(['spam', 'pending']);
  });

  it('restores a spam message with not spam', async () => {
    const item = await add({ status: 'spam' });
    await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `not-spam:${item.id}` }).expect(303);
    expect(await status(item.id)).toBe('approved');
  });

  it('blocks the sender: their email joins the block list and the message is spam', async () => {
    const item = await add({ author: { name: 'X', email: 'Seller@Example.com', url: '' } });
    await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `block:${item.id}` }).expect(303);
    expect(dk.settings().lists.blockedEmails).toContain('seller@example.com');
    expect(await status(item.id)).toBe('spam');
  });

  it('blocks by IP when the sender gave no email', async () => {
    const item = await add({ author: { name: 'X', email: '', url: '' }, ip: '192.0.2.77' });
    await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `block:${item.id}` }).expect(303);
    expect(dk.settings().lists.blockedIps).toContain('192.0.2.77');
  });

  it('trusts the sender: their email is trusted, no longer blocked, and the message approved', async () => {
    await dk.updateSettings({ lists: { blockedEmails: ['friend@example.org', 'other@example.org'] } });
    const item = await add({ status: 'spam', author: { name: 'F', email: 'friend@example.org', url: '' } });
    await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `trust:${item.id}` }).expect(303);
    expect(dk.settings().lists.trustedEmails).toEqual(['friend@example.org']);
    expect(dk.settings().lists.blockedEmails).toEqual(['other@example.org']);
    expect(await status(item.id)).toBe('approved');
  });

  it('deletes it for good and goes back to the queue from its own page', async () => {
    const item = await add();
    const response = await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `delete:${item.id}`, return: `/admin/items/${item.id}` });
    expect(response.headers.location).toBe('/admin/queue/pending?done=delete&n=1');
    expect(await dk.store.get(item.id)).toBeUndefined();
  });

  it('refuses an unknown action', async () => {
    const item = await add();
    await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `publish-everything:${item.id}` }).expect(400);
    expect(await status(item.id)).toBe('pending');
  });
});

describe('bulk actions', () => {
  it('marks every ticked message as spam and leaves the rest', async () => {
    const items = [await add(), await add(), await add(), await add()];
    const response = await agent
      .post('/admin/actions')
      .type('form')
      .send(`_csrf=${encodeURIComponent(token)}&action=spam&ids=${items[0]!.id}&ids=${items[1]!.id}&ids=${items[2]!.id}&return=%2Fadmin%2Fqueue%2Fpending`);
    expect(response.headers.location).toMatch(/^\/admin\/queue\/pending\?done=spam&n=3&undo=[\w-]+$/);
    expect(await Promise.all(items.map((i) => status(i.id)))).toEqual(['spam', 'spam', 'spam', 'pending']);
    expect((await agent.get(response.headers.location)).text).toContain('Marked as spam: 3 messages.');
  });

  it('moves ticked messages to the pitch inbox', async () => {
    const items = [await add(), await add()];
    await agent.post('/admin/actions').type('form').send({ _csrf: token, action: 'pitch', ids: items.map((i) => i.id) }).expect(303);
    expect(await Promise.all(items.map((i) => status(i.id)))).toEqual(['pitch', 'pitch']);
  });

  it('deletes ticked messages', async () => {
    const items = [await add(), await add()];
    await agent.post('/admin/actions').type('form').send({ _csrf: token, action: 'delete', ids: items.map((i) => i.id) }).expect(303);
    expect((await dk.store.countByStatus()).pending).toBe(0);
  });

  it('asks for a selection when nothing is ticked', async () => {
    const response = await agent.post('/admin/actions').type('form').send({ _csrf: token, action: 'approve', return: '/admin/queue/pending?page=2' });
    expect(response.headers.location).toBe('/admin/queue/pending?page=2&error=Select+at+least+one+message+first.');
  });

  it('offers select-all and a checkbox with a label for every message on the page', async () => {
    const items = [await add(), await add()];
    const html = (await agent.get('/admin/queue/pending')).text;
    expect(html).toContain('<input type="checkbox" id="select-all" data-select-all><label for="select-all">Select all</label>');
    for (const item of items) expect(html).toContain(`<input type="checkbox" name="ids" value="${item.id}" id="pick-${item.id}"><label for="pick-${item.id}"`);
  });
});

const TEMPLATE = (name: string) =>
  `Hi ${name}, I loved your latest article and I think our readers would too. We publish high quality guest posts on marketing topics and would love to contribute one to your blog for a small fee. Let me know!`;

async function campaign(size: number) {
  const ids: string[] = [];
  for (let i = 0; i < size; i++) {
    clock.advance(3_600_000);
    const { submission } = await dk.moderate({
      type: 'contact-form',
      channel: 'contact',
      author: { name: `Agent ${i}`, email: `agent${i}@agency${i}.example`, url: '' },
      ip: `192.0.2.${10 + i}`,
      content: TEMPLATE(['Halla', 'there', 'friend', 'team', 'Halla'][i % 5]!),
    });
    ids.push(submission.id);
  }
  return ids;
}

describe('template campaigns', () => {
  it('names each campaign from its template and lists its domains, size, first and last seen and where it stands', async () => {
    await campaign(4);
    const [cluster] = dk.templates().clusters();
    expect(cluster).toBeDefined();
    const html = (await agent.get('/admin/campaigns')).text;
    // The greeting ("Hi Halla,") is left out of the name: the first line after it names the template.
    expect(html).toContain('>I loved your latest article and I think our readers would too.</a>');
    expect(html).toContain('agency0.example, agency1.example, agency2.example <span class="sub">and 1 more</span>');
    expect(html).toContain(`${cluster!.members.length} messages<span class="sub">4 senders</span>`);
    expect(html).toContain('<time datetime="2026-11-20T10:00:00.000Z">20 Nov 10:00</time> – <time datetime="2026-11-20T13:00:00.000Z">20 Nov 13:00</time>');
    expect(html).toMatch(/<td class="mix">\d+ (pending|pitch|approved|spam)/);
    const detail = await agent.get(`/admin/campaigns/${encodeURIComponent(cluster!.id)}`).expect(200);
    expect((detail.text.match(/<tr class="row"/g) ?? []).length).toBe(cluster!.members.length);
    expect(detail.text).toContain('<h1>Campaign: I loved your latest article and I think our readers would too.</h1>');
  });

  it('names a contact-form campaign by the subject its messages share', async () => {
    for (let i = 0; i < 3; i++) {
      clock.advance(3_600_000);
      await dk.moderate({ type: 'contact-form', channel: 'contact', subject: 'Partnership proposal', author: { name: `P ${i}`, email: `p${i}@partner${i}.example`, url: '' }, ip: `192.0.2.${50 + i}`, content: TEMPLATE(['Halla', 'there', 'team'][i]!) });
    }
    expect((await agent.get('/admin/campaigns')).text).toContain('>Partnership proposal</a>');
  });

  it('finds campaigns by name, text, sender or domain', async () => {
    await campaign(3);
    expect((await agent.get('/admin/campaigns?q=agency1.example')).text).toContain('I loved your latest article');
    expect((await agent.get('/admin/campaigns?q=nothing-like-this')).text).toContain('No campaign matches that search.');
  });

  it('asks for confirmation, naming the campaign and its senders, before acting on all of it', async () => {
    const ids = await campaign(4);
    const [cluster] = dk.templates().clusters();
    const url = `/admin/campaigns/${encodeURIComponent(cluster!.id)}/decide`;
    const before = await Promise.all(cluster!.members.map(status));
    const ask = await agent.post(url).type('form').send({ _csrf: token, decision: 'spam' }).expect(200);
    expect(ask.text).toContain('<h1>Mark all as spam?</h1>');
    expect(ask.text).toContain('“I loved your latest article and I think our readers would too.”, 4 messages from 4 senders');
    expect(ask.text).toContain('Agent 0 &lt;agent0@agency0.example&gt;, now');
    expect(await Promise.all(cluster!.members.map(status))).toEqual(before);
    expect(before).not.toContain('spam');
    const response = await agent.post(url).type('form').send({ _csrf: token, decision: 'spam', confirm: 'yes' });
    expect(response.status).toBe(303);
    for (const id of cluster!.members) expect(await status(id)).toBe('spam');
    expect(cluster!.members.length).toBeGreaterThanOrEqual(3);
    expect(ids).toEqual(expect.arrayContaining(cluster!.members));
    expect(dk.templates().getCluster(cluster!.id)!.decision).toBe('spam');
  });

  it('refuses an unknown campaign decision and an unknown campaign', async () => {
    await campaign(3);
    const [cluster] = dk.templates().clusters();
    await agent.post(`/admin/campaigns/${encodeURIComponent(cluster!.id)}/decide`).type('form').send({ _csrf: token, decision: 'delete', confirm: 'yes' }).expect(400);
    await agent.post('/admin/campaigns/none/decide').type('form').send({ _csrf: token, decision: 'pitch', confirm: 'yes' }).expect(404);
  });
});

describe('stats', () => {
  it('draws 30 days on the server and counts filters and corrections', async () => {
    const held = await add({ status: 'spam', receivedAt: '2026-11-19T10:00:00.000Z', signals: [{ filter: 'links', score: 2, reason: 'many links' }] });
    const missed = await add({ status: 'approved', receivedAt: '2026-11-20T08:00:00.000Z', signals: [{ filter: 'reputation', score: -1, reason: 'known' }] });
    await add({ status: 'approved', receivedAt: '2026-09-01T08:00:00.000Z' });
    await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `not-spam:${held.id}` });
    await agent.post('/admin/actions').type('form').send({ _csrf: token, one: `spam:${missed.id}` });
    const html = (await agent.get('/admin/stats').expect(200)).text;
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="chart"');
    expect(html).toContain('2 submissions over 30 days, 2026-10-22 to 2026-11-20');
    expect(html).toMatch(/<th scope="row">links<\/th><td class="num">1<\/td><td class="num">0<\/td>/);
    expect(html).toMatch(/<th scope="row">reputation<\/th><td class="num">0<\/td><td class="num">1<\/td>/);
    expect(html).toMatch(/False positives \(held by Doorkeep, approved by you\)<\/th><td class="num">1</);
    expect(html).toMatch(/Misses \(approved by Doorkeep, marked unwanted by you\)<\/th><td class="num">1</);
  });
});

describe('pitches at the owner’s pace', () => {
  it('shows the last 30 days of pitches with what is unread, and marking them read keeps them on the page and in the feed', async () => {
    await add({ status: 'pitch', receivedAt: '2026-10-01T08:00:00.000Z', author: { name: 'Ancient Pitch', email: 'ancient@agency.example', url: '' } });
    await add({ status: 'pitch', receivedAt: '2026-11-19T08:00:00.000Z', author: { name: 'Old Pitch', email: 'old@agency.example', url: '' } });
    await dk.store.setState(PITCHES_SEEN_KEY, '2026-11-19T12:00:00.000Z');
    await add({ status: 'pitch', receivedAt: '2026-11-20T08:00:00.000Z', author: { name: 'New Pitch', email: 'new@agency.example', url: '' }, subject: 'Sponsored post <b>offer</b>' });

    const digest = (await agent.get('/admin/pitches').expect(200)).text;
    expect(digest).toMatch(/<li class="unread">\s*<span class="visually-hidden">Unread:<\/span>\s*<a href="\/admin\/items\/[^"]+">New Pitch<\/a>/);
    expect(digest).toMatch(/<li class="read">\s*<span class="visually-hidden">Read:<\/span>\s*<a href="\/admin\/items\/[^"]+">Old Pitch<\/a>/);
    expect(digest).not.toContain('Ancient Pitch');
    expect(digest).toMatch(/Pitch digest<span class="count" aria-label="1 unread">1</);
    expect((await agent.get('/admin/pitches?show=unread')).text).not.toContain('Old Pitch');

    const feed = await agent.get('/admin/pitches.atom').expect(200);
    expect(feed.headers['content-type']).toMatch(/application\/atom\+xml/);
    expect(feed.text).toContain('<title>Pitch from New Pitch: Sponsored post &#60;b&#62;offer&#60;/b&#62;</title>');
    // Links are built from the site URL, never from the request's Host header (issue 11 item 15).
    expect(feed.text).toMatch(/<link rel="alternate" type="text\/html" href="http:\/\/blog\.test\/admin\/items\/s\d+-\w+"\/>/);
    expect(feed.text.match(/<entry>/g)).toHaveLength(2);

    clock.set('2026-11-20T09:30:00.000Z');
    const renderedAt = /name="upTo" value="([^"]+)"/.exec(digest)![1];
    await agent.post('/admin/pitches/seen').type('form').send({ _csrf: token, upTo: renderedAt }).expect(303);
    expect(await dk.store.getState(PITCHES_SEEN_KEY)).toBe('2026-11-20T09:00:00.000Z');
    const after = (await agent.get('/admin/pitches')).text;
    expect(after).toMatch(/<li class="read">\s*<span class="visually-hidden">Read:<\/span>\s*<a href="\/admin\/items\/[^"]+">New Pitch<\/a>/);
    expect(after).not.toContain('aria-label="1 unread"');
    expect((await agent.get('/admin/pitches.atom')).text.match(/<entry>/g)).toHaveLength(2);
  });

  it('groups pitches by campaign, and marks one campaign read or unread again', async () => {
    const ids = await campaign(4);
    const single = await add({ status: 'pitch', receivedAt: '2026-11-20T09:00:00.000Z', author: { name: 'Lone Pitch', email: 'lone@else.example', url: '' } });
    const pitches = [];
    for (const id of ids) if ((await status(id)) === 'pitch') pitches.push(id);
    expect(pitches.length).toBeGreaterThanOrEqual(2);
    const html = (await agent.get('/admin/pitches')).text;
    const groups = html.split('<section class="card digest-group').slice(1);
    expect(groups[0]).toContain('I loved your latest article and I think our readers would too.');
    expect(groups[0]).toContain(`${pitches.length} pitches, ${pitches.length} unread`);
    expect(groups.at(-1)).toContain('Not part of a campaign');
    expect(groups.at(-1)).toContain('Lone Pitch');
    await agent.post('/admin/pitches/read').type('form').send(`_csrf=${encodeURIComponent(token)}&read=1&${pitches.map((id) => `ids=${id}`).join('&')}`).expect(303);
    let again = (await agent.get('/admin/pitches')).text.split('<section class="card digest-group').slice(1);
    expect(again[0]).toContain(`${pitches.length} pitches, all read`);
    expect(again.at(-1)).toContain('1 pitch, 1 unread');
    expect((await agent.get('/admin/pitches')).text).toContain('Pitch digest<span class="count" aria-label="1 unread">1</span>');
    // "Mark all as read", then one campaign unread again.
    await agent.post('/admin/pitches/seen').type('form').send({ _csrf: token }).expect(303);
    await agent.post('/admin/pitches/read').type('form').send(`_csrf=${encodeURIComponent(token)}&read=0&${pitches.map((id) => `ids=${id}`).join('&')}`).expect(303);
    again = (await agent.get('/admin/pitches')).text.split('<section class="card digest-group').slice(1);
    expect(again[0]).toContain(`${pitches.length} pitches, ${pitches.length} unread`);
    expect(again.at(-1)).toContain('1 pitch, all read');
    expect((await agent.get('/admin/pitches')).text).toContain(`Pitch digest<span class="count" aria-label="${pitches.length} unread">${pitches.length}</span>`);
    expect(single.id).toBeTruthy();
  });

  it('keeps the feed behind the session', async () => {
    const response = await request(adminApp(dk)).get('/admin/pitches.atom');
    expect(response.status).toBe(303);
  });

  it('serves the feed without a session only at the private address shown on the digest', async () => {
    await add({ status: 'pitch', author: { name: 'Feed Pitch', email: 'feed@agency.example', url: '' } });
    const digest = (await agent.get('/admin/pitches').expect(200)).text;
    const address = /aria-label="Private feed address" value="([^"]+)"/.exec(digest)![1]!;
    const url = new URL(address.replace(/&amp;/g, '&'));
    const app = adminApp(dk);
    const feed = await request(app).get(`${url.pathname}${url.search}`).expect(200);
    expect(feed.text).toContain('Feed Pitch');
    await request(app).get(`${url.pathname}?key=${'x'.repeat(43)}`).expect(303);
    await request(app).get(`/admin/queue/pitch${url.search}`).expect(303);
    await request(app).post(`${url.pathname}${url.search}`).expect(401);
  });
});
