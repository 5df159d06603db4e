import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { publicPages } from '../admin/index.js';
import type { Doorkeep } from '../plugin/api.js';
import { createFormToken } from '../plugin/form-token.js';
import { identifyingText, mentions, namesPerson } from '../plugin/privacy.js';
import { adminApp, csrfFrom, makeDoorkeep as makeAdminDoorkeep, signedInAgent } from './support/browser.js';
import { makeClock, makeDoorkeep } from './support/doorkeep.js';

const SECRET = 'test-secret-0123456789';
const ZELDA = { name: 'Zelda Quimbleforth', email: 'Zelda.Quimbleforth@Example.net', url: '' };

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Every file the store wrote (the head file and the month journals), as one lower-case text. */
async function everythingOnDisk(folder: string): Promise<string> {
  const files = (await readdir(folder, { recursive: true, withFileTypes: true })).filter((f) => f.isFile());
  const texts = await Promise.all(files.map((f) => readFile(join(f.parentPath, f.name), 'utf8')));
  expect(files.map((f) => f.name)).toContain('doorkeep.json');
  return texts.join('\n').toLowerCase();
}

/** A site with a trained classifier, a campaign and Zelda's own submissions, on a lowdb file. */
async function siteWithZelda() {
  dir = await mkdtemp(join(tmpdir(), 'dk-privacy-'));
  const dataFile = join(dir, 'doorkeep.json');
  const clock = makeClock();
  const dk = await makeDoorkeep({ store: undefined, dataFile, clock, writeDelayMs: 5, mail: false });
  const form = () => ({ token: createFormToken(SECRET, new Date(clock.now().getTime() - 60_000)), honeypot: '' });
  const send = async (author: { name: string; email: string; url?: string }, content: string, postId = 'rss') => {
    clock.advance(120_000);
    return (await dk.moderate({ type: 'comment', postId, author: { url: '', ...author }, content, form: form() })).submission;
  };
  // Others, decided both ways, so the classifier learns.
  for (let i = 0; i < 3; i++) {
    await dk.decide((await send({ name: `Reader ${i}`, email: `reader${i}@example.org` }, `I switched my feed reader to NetNewsWire after this post ${i}, thanks for the tips on full-text feeds.`)).id, 'approve', 'halla');
    await dk.decide((await send({ name: `Seller ${i}`, email: `seller${i}@shop.example` }, `Buy cheap watches now ${i}! Best replica watches discount, visit our store today.`)).id, 'spam', 'halla');
  }
  // Zelda: a comment signed with her name, decided spam; a message; and one in a campaign.
  const signed = await send(ZELDA, 'Quimbleforth family recipes for feeds: zelda says subscribe to quimbleforth dot example for great deals. — Zelda Quimbleforth');
  await dk.decide(signed.id, 'spam', 'halla');
  const message = (await dk.moderate({ type: 'contact-form', author: ZELDA, content: 'Hello, this is Zelda Quimbleforth. Do you have an RSS feed per tag?', subject: 'Feeds', form: form() })).submission;
  await dk.decide(message.id, 'approve', 'halla');
  const pitch = 'Hi, I loved your post about feeds! Our agency would love to collaborate on a sponsored guest post with a dofollow backlink for our client, rates are flexible.';
  await send({ name: 'Pat Agency', email: 'pat@agency.example' }, pitch);
  await send({ name: 'Sam Agency', email: 'sam@agency.example' }, pitch.replace('loved', 'really loved'));
  const inCampaign = await send(ZELDA, `${pitch} Zelda Quimbleforth`);
  return { dk, dataFile, ids: [signed.id, message.id, inCampaign.id] };
}

describe('personal data through the API', () => {
  it('exports everything held about an address, whatever its case', async () => {
    const { dk, ids } = await siteWithZelda();
    const data = await dk.exportPersonalData('  zelda.quimbleforth@EXAMPLE.net ');
    expect(data.email).toBe('zelda.quimbleforth@example.net');
    expect(data.submissions.map((s) => s.id).sort()).toEqual([...ids].sort());
    expect(data.submissions.every((s) => s.history.length >= 1)).toBe(true);
    expect(data.learned.classifierDecisions).toBe(2);
    expect(data.learned.templateEntries).toBeGreaterThanOrEqual(1);
    await dk.close();
  });

  it('erases it: after the file is flushed it holds no trace of the address or the name', async () => {
    const { dk, ids } = await siteWithZelda();
    await dk.updateSettings({ lists: { trustedEmails: [ZELDA.email, 'pat@agency.example'] } });
    await dk.store.setState('test.probe', 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = await everythingOnDisk(dir!);
    expect(before).toContain('quimbleforth');
    expect(before).toContain('zelda.quimbleforth@example.net');
    expect((await dk.store.getState<{ features: Record<string, number> }>('knowledge.classifier'))!.features.quimbleforth).toBeDefined();

    const report = await dk.erasePersonalData('zelda.quimbleforth@example.net');
    expect(report).toMatchObject({ email: 'zelda.quimbleforth@example.net', submissions: 3, classifierDecisions: 2, lists: ['trustedEmails'], logEntries: 1 });
    for (const id of ids) expect(await dk.store.get(id)).toBeUndefined();
    expect((await dk.store.senderCounts({ email: ZELDA.email })).byEmail).toMatchObject({ approved: 0, spam: 0, pending: 0, pitch: 0 });
    expect((await dk.exportPersonalData(ZELDA.email)).submissions).toEqual([]);
    await dk.close();

    const after = await everythingOnDisk(dir!);
    for (const trace of ['zelda', 'quimbleforth', 'example.net']) expect(after.includes(trace), trace).toBe(false);
    expect(after).toContain('reader0@example.org');
    expect(after).toContain('pat@agency.example');
  });

  it('takes the address off the blocked and trusted lists', async () => {
    const dk = await makeDoorkeep({ mail: false });
    await dk.updateSettings({ lists: { blockedEmails: ['Zelda.Quimbleforth@example.net', 'other@example.org'], trustedEmails: ['zelda.quimbleforth@example.net'] } });
    expect((await dk.exportPersonalData(ZELDA.email)).lists).toEqual(['blockedEmails', 'trustedEmails']);
    const report = await dk.erasePersonalData(ZELDA.email);
    expect(report.lists).toEqual(['blockedEmails', 'trustedEmails']);
    expect(dk.settings().lists.blockedEmails).toEqual(['other@example.org']);
    expect(dk.settings().lists.trustedEmails).toEqual([]);
    // The settings log recorded the address going on the lists; it keeps the change, without the address.
    expect(report.logEntries).toBe(1);
    const log = await dk.store.getLog<{ patch: { lists: Record<string, string[]> } }>('settings.log');
    expect(JSON.stringify(log).toLowerCase()).not.toContain('zelda');
    expect(log[0]!.patch.lists.blockedEmails).toEqual(['other@example.org']);
    await dk.close();
  });

  it('refuses something that is not an address', async () => {
    const dk = await makeDoorkeep({ mail: false });
    await expect(dk.erasePersonalData('zelda')).rejects.toMatchObject({ code: 'ERR_DK_INPUT', field: 'email' });
    await expect(dk.exportPersonalData('')).rejects.toMatchObject({ code: 'ERR_DK_INPUT' });
    await dk.close();
  });
});

describe('withdrawing from the receipt', () => {
  async function setUp() {
    const clock = makeClock();
    const dk: Doorkeep = await makeDoorkeep({ clock, mail: false });
    const app = express();
    app.use('/doorkeep', publicPages(dk));
    const result = await dk.moderate({ type: 'comment', postId: 'rss', author: { name: 'Kim Reader', email: 'kim@example.org' }, content: 'Which feed reader do you use for RSS these days?' });
    return { dk, app, result };
  }

  it('offers to withdraw, asks to confirm, then deletes the submission', async () => {
    const { dk, app, result } = await setUp();
    const token = result.submission.receipt;
    const receipt = (await request(app).get(`/doorkeep/receipt/${token}`).expect(200)).text;
    expect(receipt).toContain(`<form method="post" action="/doorkeep/receipt/${token}/withdraw">`);
    const ask = await request(app).post(`/doorkeep/receipt/${token}/withdraw`).type('form').send({}).expect(200);
    expect(ask.text).toContain('Withdraw this comment?');
    expect(await dk.store.get(result.submission.id)).toBeDefined();
    const done = await request(app).post(`/doorkeep/receipt/${token}/withdraw`).type('form').send({ confirm: 'withdraw' }).expect(200);
    expect(done.text).toContain('<h1>Withdrawn</h1>');
    expect(await dk.store.get(result.submission.id)).toBeUndefined();
    await request(app).get(`/doorkeep/receipt/${token}`).expect(404);
    await dk.close();
  });

  it('refuses a withdrawal sent from another site, and an unknown receipt', async () => {
    const { dk, app, result } = await setUp();
    await request(app).post(`/doorkeep/receipt/${result.submission.receipt}/withdraw`).set('Sec-Fetch-Site', 'cross-site').type('form').send({ confirm: 'withdraw' }).expect(403);
    expect(await dk.store.get(result.submission.id)).toBeDefined();
    await request(app).post('/doorkeep/receipt/nope/withdraw').type('form').send({ confirm: 'withdraw' }).expect(404);
    await dk.close();
  });

  it('says on the processing page how to get a copy or have it erased', async () => {
    const { dk, app } = await setUp();
    const html = (await request(app).get('/doorkeep/processing').expect(200)).text;
    expect(html).toContain('Your data: a copy, or erasing it');
    expect(html).toContain('open its receipt and choose “Withdraw”');
    await dk.close();
  });
});

describe('the admin’s personal data page', () => {
  it('exports as a JSON download, and erases only after a confirmation, signed in and with the form token', async () => {
    const dk = await makeAdminDoorkeep();
    await dk.moderate({ type: 'comment', postId: 'rss', author: { name: 'Kim Reader', email: 'kim@example.org' }, content: 'Which feed reader do you use for RSS these days?' });
    const app = adminApp(dk);
    await request(app).get('/admin/privacy').expect(303);
    await request(app).post('/admin/privacy/erase').type('form').send({ email: 'kim@example.org', confirm: 'erase' }).expect(401);

    const agent = await signedInAgent(app);
    const page = (await agent.get('/admin/privacy').expect(200)).text;
    expect(page).toContain('<label for="privacy-email">E-mail address</label>');
    const token = csrfFrom(page);
    await agent.post('/admin/privacy/erase').type('form').send({ email: 'kim@example.org', confirm: 'erase' }).expect(403);
    expect((await dk.exportPersonalData('kim@example.org')).submissions).toHaveLength(1);

    const exported = await agent.post('/admin/privacy/export').type('form').send({ _csrf: token, email: 'Kim@example.org' }).expect(200);
    expect(exported.headers['content-disposition']).toBe('attachment; filename="personal-data-kim@example.org.json"');
    expect(JSON.parse(exported.text).submissions[0].author.name).toBe('Kim Reader');

    const bad = await agent.post('/admin/privacy/export').type('form').send({ _csrf: token, email: 'kim' }).expect(400);
    expect(bad.text).toMatch(/aria-describedby="privacy-email-hint privacy-email-error" aria-invalid="true">\s*<p class="field-error" id="privacy-email-error">Enter an e-mail address/);

    const confirm = await agent.post('/admin/privacy/erase').type('form').send({ _csrf: token, email: 'kim@example.org' }).expect(200);
    expect(confirm.text).toContain('<strong>1 submission</strong> from <strong>kim@example.org</strong>');
    expect((await dk.exportPersonalData('kim@example.org')).submissions).toHaveLength(1);
    const erased = await agent.post('/admin/privacy/erase').type('form').send({ _csrf: token, email: 'kim@example.org', confirm: 'erase' }).expect(200);
    expect(erased.text).toContain('Erased what was held about <strong>kim@example.org</strong>');
    expect((await dk.exportPersonalData('kim@example.org')).submissions).toHaveLength(0);
    await dk.close();
  });
});

describe('what names a person in learned text', () => {
  const identity = identifyingText('ann.lee@example.org', ['Ann Lee']);

  it('takes the address, its local part, the name and its words of three letters or more', () => {
    expect(identity).toEqual(['ann.lee@example.org', 'ann.lee', 'ann lee', 'ann', 'lee']);
  });

  it('matches whole words, so a short name does not take other words with it', () => {
    expect(mentions('thanks ann, great post', 'ann')).toBe(true);
    expect(mentions('subscribe to my channel annually', 'ann')).toBe(false);
    expect(namesPerson('ann', identity)).toBe(true);
    expect(namesPerson('thanks ann', identity)).toBe(true);
    expect(namesPerson('channel', identity)).toBe(false);
    expect(namesPerson('#_ann_', identity)).toBe(true);
    expect(namesPerson('#chann', identity)).toBe(false);
    expect(namesPerson('#ann.l', identity)).toBe(true);
    expect(namesPerson('@host:example.org', identity)).toBe(false);
    expect(namesPerson('#zelda', identifyingText('z@example.net', ['Zelda']))).toBe(true);
  });
});
