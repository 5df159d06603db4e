/**
 * Several instances, one PostgreSQL database: they behave as one site. Two Doorkeep instances, each with
 * its own pool, knowledge and settings (as two processes would have), on one database schema; and two
 * demo processes, one killed with SIGKILL mid-load. Runs when DOORKEEP_TEST_DATABASE_URL is set (and
 * fails under CI=true without it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Doorkeep } from '../plugin/api.js';
import type { TemplateIndex } from '../plugin/knowledge/template-index.js';
import request from 'supertest';
import { createPostgresStore, type PostgresStore } from '../plugin/store/postgres-store.js';
import { ADMIN_PASSWORD, adminApp, csrfFrom, signedInAgent } from './support/browser.js';
import { makeClock, makeDoorkeep } from './support/doorkeep.js';
import { createTestSchema, runPostgres, type TestSchema } from './support/postgres.js';

const TEMPLATE = (name: string, company: string) =>
  `Hi Halla, I came across your blog and really enjoyed reading it. I work with ${company} and we would love to `
  + 'partner with you on a sponsored article for your readers about our new productivity app. Let me know your rates '
  + `and we can get started this week. Best regards, ${name}`;

const waitFor = async (check: () => boolean | Promise<boolean>, ms = 2000) => {
  const until = Date.now() + ms;
  while (!(await check()) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return check();
};

describe.runIf(runPostgres)('two instances on one PostgreSQL database', () => {
  let schema: TestSchema;
  let a: Doorkeep;
  let b: Doorkeep;
  const clock = makeClock();

  beforeEach(async () => {
    schema = await createTestSchema();
    const storeA = createPostgresStore({ pool: schema.pool() });
    const storeB = createPostgresStore({ pool: schema.pool() });
    a = await makeDoorkeep({ store: storeA, clock, admin: { password: ADMIN_PASSWORD } });
    b = await makeDoorkeep({ store: storeB, clock, admin: { password: ADMIN_PASSWORD } });
    await storeA.listening();
    await storeB.listening();
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await schema.drop();
  });

  const send = (dk: Doorkeep, i: number, name: string, company: string) => {
    clock.advance(60_000);
    return dk.moderate({
      type: 'comment', postId: 'newsletters', ip: `198.51.100.${i}`,
      author: { name, email: `${name.toLowerCase()}@${company.toLowerCase()}.example` }, content: TEMPLATE(name, company),
    });
  };
  /**
   * Wait until an instance has heard of a campaign's members (the announcement is asynchronous). The template index
   * lives in the database: an instance holds campaign members in memory, never the other instance's lone submissions.
   */
  const heard = (dk: Doorkeep, count: number) => waitFor(() => (dk.templates() as TemplateIndex).size() >= count);

  it('catches a template campaign from its 3rd copy when the copies arrive at different instances', async () => {
    const first = await send(a, 1, 'Anna', 'Growthly');
    const second = await send(b, 2, 'Boris', 'Scalefast');
    expect(await heard(a, 2)).toBe(true);
    const third = await send(a, 3, 'Chloe', 'Leadmint');
    expect(third.verdict.reasons.join(' ')).toMatch(/template sent by 2 other senders/);
    const stored = await Promise.all([first, second, third].map((r) => a.store.get(r.submission.id)));
    expect(new Set(stored.map((s) => s!.clusterId)).size).toBe(1);
    // And the instance that saw only one copy knows the campaign too.
    expect(await waitFor(() => b.templates().clusters().some((c) => c.members.length === 3))).toBe(true);
  });

  it('matches a copy stored a moment ago at the other instance, with nothing heard: the index is the database\'s', async () => {
    // Each entry is written in its submission's own statement, never by a statement of its own.
    let apart = 0;
    for (const dk of [a, b]) {
      const bands = (dk.store as PostgresStore).templateBands;
      const write = bands.addTemplateEntry.bind(bands);
      bands.addTemplateEntry = (...args) => {
        apart++;
        return write(...args);
      };
    }
    const first = await send(b, 1, 'Anna', 'Growthly');
    // No waiting for an announcement: the entry was written before B answered.
    const second = await send(a, 2, 'Boris', 'Scalefast');
    expect(second.verdict.reasons.join(' ')).toMatch(/template sent by 1 other sender/);
    expect(second.verdict.signals.find((s) => s.filter === 'similarity')!.evidence!.matchedIds).toEqual([first.submission.id]);
    // Lone messages are not held in either instance's memory; the campaign of two is, in both.
    expect((a.templates() as TemplateIndex).size()).toBe(2);
    expect(await heard(b, 2)).toBe(true);
    const pool = (a.store as PostgresStore).pool;
    expect((await pool.query('SELECT count(*)::int AS n FROM doorkeep_template_entries')).rows[0].n).toBe(2);
    expect(apart).toBe(0);
    // Stored with its campaign's id from the start.
    expect((await a.store.get(second.submission.id))!.clusterId).toBe(`tpl-${first.submission.id}`);
    // Deleting a submission (retention, erasure) deletes its entry and band rows: a later copy no longer finds it.
    await a.remove([first.submission.id, second.submission.id]);
    expect((await pool.query('SELECT (SELECT count(*) FROM doorkeep_template_bands)::int + (SELECT count(*) FROM doorkeep_template_entries)::int AS n')).rows[0].n).toBe(0);
    const third = await send(b, 3, 'Chloe', 'Leadmint');
    expect(third.verdict.signals.some((s) => s.filter === 'similarity')).toBe(false);
  });

  it('applies a setting saved in one instance in the other within 2 s', async () => {
    await a.updateSettings({ lists: { blockedEmails: ['blocked@example.org'] } }, 'halla');
    const started = Date.now();
    expect(await waitFor(() => b.settings().lists.blockedEmails.includes('blocked@example.org'), 2000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
    const blocked = await b.moderate({ type: 'comment', postId: 'rss', ip: '192.0.2.1', author: { name: 'X', email: 'blocked@example.org' }, content: 'Hello there, a perfectly ordinary comment about feeds.' });
    expect(blocked.verdict.status).not.toBe('approved');
    expect(await a.store.getLog('settings.log')).toHaveLength(1);
  });

  it('teaches both instances a moderator’s decision made in one', async () => {
    await send(a, 1, 'Anna', 'Growthly');
    await send(b, 2, 'Boris', 'Scalefast');
    expect(await heard(a, 2)).toBe(true);
    const third = await send(a, 3, 'Chloe', 'Leadmint');
    expect(await heard(b, 3)).toBe(true);
    await a.decide(third.submission.id, 'pitch', 'halla');
    expect(await waitFor(() => b.templates().clusters().some((c) => c.decision === 'pitch'), 2000)).toBe(true);
    const later = await send(b, 4, 'Dmitri', 'Brandboost');
    expect(later.verdict.status).toBe('pitch');
  });

  it('shares form tokens: a token used at one instance is a replay at the other', async () => {
    const token = a.formFields().match(/value="([^"]+)"/)![1]!;
    const input = (i: number) => ({ type: 'comment' as const, postId: 'rss', ip: `192.0.2.${i}`, author: { name: `R${i}`, email: `r${i}@example.org` }, content: `Comment ${i}: feeds are how I read the web, thanks for the post.`, form: { token, honeypot: '' } });
    const first = await a.moderate(input(1));
    const replay = await b.moderate(input(2));
    const replaySignal = (r: typeof first) => r.verdict.signals.some((s) => /already|replay|used/i.test(s.reason));
    expect(replaySignal(first)).toBe(false);
    expect(replaySignal(replay)).toBe(true);
  });
});

describe.runIf(runPostgres)('two admin instances on one PostgreSQL database', () => {
  let schema: TestSchema;
  let a: Doorkeep;
  let b: Doorkeep;
  beforeEach(async () => {
    schema = await createTestSchema();
    const storeA = createPostgresStore({ pool: schema.pool() });
    const storeB = createPostgresStore({ pool: schema.pool() });
    a = await makeDoorkeep({ store: storeA, admin: { password: ADMIN_PASSWORD } });
    b = await makeDoorkeep({ store: storeB, admin: { password: ADMIN_PASSWORD } });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await schema.drop();
  });

  it('counts failed sign-ins across instances: five spread over both, then both refuse', async () => {
    const [appA, appB] = [adminApp(a), adminApp(b)];
    for (let i = 0; i < 5; i++) {
      const agent = request.agent(i % 2 ? appB : appA);
      const page = await agent.get('/admin/sign-in');
      expect((await agent.post('/admin/sign-in').type('form').send({ _csrf: csrfFrom(page.text), password: `wrong ${i}` })).status).toBe(401);
    }
    for (const app of [appA, appB]) {
      const agent = request.agent(app);
      const page = await agent.get('/admin/sign-in');
      expect((await agent.post('/admin/sign-in').type('form').send({ _csrf: csrfFrom(page.text), password: ADMIN_PASSWORD })).status).toBe(429);
    }
  });

  it('signs a session out everywhere: the cookie stops working at the other instance too', async () => {
    const [appA, appB] = [adminApp(a), adminApp(b)];
    await (b.store as PostgresStore).listening();
    const agent = await signedInAgent(appA);
    const cookie = (await agent.get('/admin/stats')).request.cookies;
    expect((await request(appB).get('/admin/stats').set('Cookie', cookie)).status).toBe(200);
    const token = csrfFrom((await agent.get('/admin/stats')).text);
    await agent.post('/admin/sign-out').type('form').send({ _csrf: token });
    expect(await waitFor(async () => (await request(appB).get('/admin/stats').set('Cookie', cookie)).status !== 200)).toBe(true);
  });
});

describe.runIf(runPostgres)('two demo processes on one database', () => {
  let schema: TestSchema;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    await schema?.drop();
  });

  function startDemo(url: string): Promise<{ child: ChildProcess; base: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'demo-site/server.ts'], {
        env: { PATH: process.env.PATH ?? '', PORT: '0', DOORKEEP_DATABASE_URL: url, DOORKEEP_ADMIN_PASSWORD: 'two-instances-password' },
      });
      children.push(child);
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /on http:\/\/localhost:(\d+)\//.exec(out);
        if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}` });
      });
      child.stderr!.on('data', (d) => (out += d));
      child.on('exit', (code) => reject(new Error(`demo exited ${code}: ${out}`)));
    });
  }

  async function postComment(base: string, i: number): Promise<{ status: number; id?: string }> {
    const page = await fetch(`${base}/posts/rss-never-left`);
    const html = await page.text();
    const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const body = new URLSearchParams({ ...fields, author: `Reader ${i}`, email: `reader${i}@example.org`, comment: `Comment number ${i}: I still read everything through a feed reader.` });
    const res = await fetch(`${base}/posts/rss-never-left/comments`, { method: 'POST', body, redirect: 'manual', headers: { 'x-forwarded-for': `203.0.113.${i % 250}` } });
    return { status: res.status };
  }

  it('loses nothing an instance acknowledged when it is killed with SIGKILL mid-load', async () => {
    schema = await createTestSchema();
    const [one, two] = [await startDemo(schema.url), await startDemo(schema.url)];
    const acknowledged: string[] = [];
    let ackedByOne = 0;
    const errors: string[] = [];
    // Four clients per instance, 10 comments each; instance one is killed once it has acknowledged 6.
    const worker = async (target: typeof one, start: number) => {
      for (let i = start; i < start + 10; i++) {
        try {
          const r = await postComment(target.base, i);
          if (r.status >= 400) continue;
          acknowledged.push(`reader${i}@example.org`);
          if (target === one && ++ackedByOne === 6) one.child.kill('SIGKILL');
        } catch (error) {
          errors.push(String((error as Error).cause ?? error)); // the killed instance: not acknowledged
        }
      }
    };
    await Promise.all([0, 10, 20, 30].flatMap((start) => [worker(one, start), worker(two, start + 100)]));
    expect(ackedByOne).toBeGreaterThanOrEqual(6);
    expect(acknowledged.length, errors.join('\n')).toBeGreaterThanOrEqual(46);
    const check = createPostgresStore({ pool: schema.pool() });
    await check.open();
    for (const email of acknowledged) expect((await check.query({ email })).total, email).toBe(1);
    await check.close();
  }, 60_000);
});
