/**
 * Issue 11, items 3, 7 and 8, through POST /webmention: a full disk while saving a job's outcome neither
 * crashes the process nor loses the mention; bodies the parser refuses are 4xx with a reason; the queue is
 * bounded per source host and in all (429 with Retry-After).
 */
import { mkdtemp, readdir, rename, rm, symlink, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MentionsOptions } from '../plugin/hooks/mentions.js';
import { createLowdbStore } from '../plugin/store/lowdb-store.js';
import { startPeer, type Peer } from './helpers/http-peer.js';
import { TARGET, serveSources } from './helpers/mention-pages.js';
import { makeMentionsApp, type MentionsSetup } from './helpers/mentions-app.js';
import { makeDoorkeep } from './support/doorkeep.js';

let peer: Peer;
beforeAll(async () => {
  peer = await startPeer();
  serveSources(peer);
});
afterAll(() => peer.close());

const setups: MentionsSetup[] = [];
const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const setup of setups.splice(0)) await setup.dk.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function app(router: MentionsOptions = {}, dk?: MentionsSetup['dk']) {
  const setup = await makeMentionsApp({ router, ...(dk ? { dk } : {}) });
  setups.push(setup);
  return setup;
}

describe('a full disk while a webmention job finishes (item 3)', () => {
  it('keeps the process up, reports the failed save, and verifies the job again after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dk-wm-full-'));
    dirs.push(dir);
    const file = join(dir, 'doorkeep.json');
    const open = async () => makeDoorkeep({ store: createLowdbStore(file, { writeDelayMs: 1 }), fetch: { allowHosts: ['127.0.0.1'], timeoutMs: 1000 } });
    let run: (() => void) | undefined;
    const first = await app({ schedule: (next) => void (run = next) }, await open());
    const res = await request(first.app).post('/webmention').type('form').send({ source: peer.url('/relevant'), target: TARGET }).expect(201);

    // From here every write of the state journal fails with ENOSPC, as on a full disk (what it holds is kept aside).
    const journal = join(dirname(file), (await readdir(dirname(file))).find((name) => /^doorkeep\.state\.\d+\.jsonl$/.test(name))!);
    await rename(journal, `${journal}.aside`);
    await symlink('/dev/full', journal);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    run!();
    await first.router.webmentions.idle();
    // The job ended (the disk refused the mention, then its outcome) and the worker said so, without crashing.
    expect(errors.mock.calls.some(([message]) => String(message).includes('could not save the outcome'))).toBe(true);
    const status = await request(first.app).get(res.headers.location!).set('accept', 'application/json').expect(200);
    expect(status.body.state).not.toBe('queued');

    await unlink(journal);
    await rename(`${journal}.aside`, journal);
    setups.splice(setups.indexOf(first), 1);
    await first.dk.close();
    const again = await app({}, await open());
    await again.router.webmentions.idle();
    const after = await request(again.app).get(res.headers.location!).set('accept', 'application/json').expect(200);
    expect(after.body).toMatchObject({ state: expect.stringMatching(/^(accepted|updated)$/), status: 'approved' });
    expect((await again.dk.store.query({ type: 'webmention' })).total).toBe(1);
  });
});

describe('bodies the parser refuses (item 7)', () => {
  const form = 'source=https%3A%2F%2Fa.example%2Fx&target=https%3A%2F%2Fhalla.example%2Fposts%2Fnewsletters';
  it.each([
    ['charset=utf-7', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-7' }, form, 415, 'charset'],
    ['an unknown Content-Encoding', { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'x-rot13' }, form, 415, 'Content-Encoding'],
    ['an invalid gzip body', { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' }, 'not gzip at all', 400, 'could not be read'],
    ['21 parameters', { 'content-type': 'application/x-www-form-urlencoded' }, Array.from({ length: 21 }, (_, i) => `p${i}=1`).join('&'), 413, 'Too many form fields'],
  ])('answers %s with a 4xx and a reason', async (_name, headers, body, status, reason) => {
    const setup = await app();
    const res = await request(setup.app).post('/webmention').set(headers).send(body);
    expect(res.status).toBe(status);
    expect(res.text).toContain(reason);
  });

  it('still reads a valid gzip body', async () => {
    const setup = await app({ schedule: () => undefined });
    const server = setup.app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webmention`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' }, body: gzipSync(form),
      });
      expect(res.status).toBe(201);
    } finally {
      server.close();
    }
  });
});

describe('a bounded queue (item 8)', () => {
  it('answers 429 with Retry-After once one source host has 5 waiting, while other hosts still get in', async () => {
    const setup = await app({ schedule: () => undefined }); // the worker never runs: everything stays queued
    const send = (source: string) => request(setup.app).post('/webmention').type('form').send({ source, target: TARGET });
    for (let i = 0; i < 5; i++) await send(`https://flood.example/p${i}`).expect(201);
    const full = await send('https://flood.example/p5').expect(429);
    expect(Number(full.headers['retry-after'])).toBeGreaterThan(0);
    expect(full.text).toContain('flood.example');
    await send('https://legit.example/reply').expect(201);
  });

  it('answers 429 once the whole queue is full, whatever the host', async () => {
    const setup = await app({ schedule: () => undefined, maxQueued: 12 });
    const send = (source: string) => request(setup.app).post('/webmention').type('form').send({ source, target: TARGET });
    for (let i = 0; i < 12; i++) await send(`https://h${i}.example/x`).expect(201);
    const full = await send('https://h99.example/x').expect(429);
    expect(Number(full.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('takes new ones again once the queue has drained', async () => {
    const setup = await app({ maxQueuedPerHost: 2 });
    const send = () => request(setup.app).post('/webmention').type('form').send({ source: peer.url('/relevant'), target: TARGET });
    await send().expect(201);
    await setup.router.webmentions.idle();
    await send().expect(201);
    await send().expect(201);
  });
});
