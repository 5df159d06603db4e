/**
 * A restart keeps admins signed in and keeps the private pitch feed's address; only a password change
 * ends the sessions and changes the address. Two Doorkeep instances over the same data file, one after the other.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin } from '../admin/index.js';
import { createDoorkeep, type Doorkeep } from '../plugin/index.js';
import { csrfFrom } from './support/browser.js';

let dir: string;
const open: Doorkeep[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dk-restart-'));
});
afterEach(async () => {
  for (const dk of open.splice(0)) await dk.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(password: string) {
  const dk = await createDoorkeep({
    dataFile: join(dir, 'doorkeep.json'),
    site: { name: 'Halla writes', url: 'https://halla.example' },
    admin: { password },
    retentionIntervalMs: false,
  });
  open.push(dk);
  const app = express();
  app.use('/admin', admin(dk));
  return { dk, app };
}

async function stop(dk: Doorkeep) {
  await dk.close();
  open.splice(open.indexOf(dk), 1);
}

async function signIn(app: express.Express, password: string): Promise<string> {
  const agent = request.agent(app);
  const page = await agent.get('/admin/sign-in').expect(200);
  const cookies = ([] as string[]).concat(page.headers['set-cookie'] ?? []);
  const res = await request(app).post('/admin/sign-in').set('Cookie', cookies.map((c) => c.split(';')[0]).join('; '))
    .type('form').send({ _csrf: csrfFrom(page.text), password, next: '/admin/' }).expect(303);
  const session = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('dk_admin='));
  if (!session) throw new Error('No session cookie after signing in.');
  return session.split(';')[0]!;
}

async function feedUrl(app: express.Express, cookie: string): Promise<string> {
  const page = await request(app).get('/admin/pitches').set('Cookie', cookie).expect(200);
  const match = /(\/admin\/pitches\.atom\?key=[\w-]+)/.exec(page.text);
  if (!match) throw new Error('No private feed URL on the digest page.');
  return match[1]!;
}

describe('admin across restarts', () => {
  it('keeps the session and the private feed address when the password is unchanged', async () => {
    const first = await start('correct horse battery staple');
    const cookie = await signIn(first.app, 'correct horse battery staple');
    const feed = await feedUrl(first.app, cookie);
    await stop(first.dk);

    const second = await start('correct horse battery staple');
    await request(second.app).get('/admin/queue/pending').set('Cookie', cookie).expect(200);
    expect(await feedUrl(second.app, cookie)).toBe(feed);
    const atom = await request(second.app).get(feed).expect(200);
    expect(atom.headers['content-type']).toMatch(/atom/);
  });

  it('ends sessions and changes the feed address when the password changes', async () => {
    const first = await start('correct horse battery staple');
    const cookie = await signIn(first.app, 'correct horse battery staple');
    const feed = await feedUrl(first.app, cookie);
    await stop(first.dk);

    const changed = await start('a different passphrase entirely');
    const refused = await request(changed.app).get('/admin/queue/pending').set('Cookie', cookie).expect(303);
    expect(refused.headers.location).toMatch(/^\/admin\/sign-in/);
    await request(changed.app).get(feed).expect(303);
    const fresh = await signIn(changed.app, 'a different passphrase entirely');
    expect(await feedUrl(changed.app, fresh)).not.toBe(feed);
  });
});
