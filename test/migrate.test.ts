/**
 * `npx doorkeep migrate --from data/doorkeep.json --to postgres://…`, run as a user runs it: a lowdb
 * folder with submissions, decisions, settings and learned state is copied into PostgreSQL, twice
 * (the second run copies nothing again), and a Doorkeep on the database sees it all.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../plugin/cli/main.js';
import { createLowdbStore } from '../plugin/store/lowdb-store.js';
import { createPostgresStore } from '../plugin/store/postgres-store.js';
import { makeClock, makeDoorkeep } from './support/doorkeep.js';
import { createTestSchema, runPostgres, type TestSchema } from './support/postgres.js';

/** The command line as `npx doorkeep …` runs it (bin/doorkeep.js calls the compiled main()). */
async function run(argv: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (line) => (stdout += `${line}\n`), stderr: (line) => (stderr += `${line}\n`) });
  return { stdout, stderr, code };
}

describe.runIf(runPostgres)('doorkeep migrate', () => {
  let dir: string;
  let schema: TestSchema;
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    await schema.drop();
  });

  it('copies submissions, history, settings and learned state, reports counts, and is safe to run twice', async () => {
    dir = await mkdtemp(join(tmpdir(), 'dk-migrate-'));
    schema = await createTestSchema();
    const file = join(dir, 'doorkeep.json');
    const clock = makeClock(new Date().toISOString());
    const source = await makeDoorkeep({ store: createLowdbStore(file, { writeDelayMs: 1 }), clock });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      clock.advance(60_000);
      const { submission } = await source.moderate({
        type: 'comment', postId: 'rss', ip: `192.0.2.${i}`, author: { name: `Reader ${i}`, email: `reader${i}@example.org` },
        content: `Comment ${i}: I moved back to a feed reader last year and have not looked back since.`,
      });
      ids.push(submission.id);
    }
    await source.decide(ids[3]!, 'spam', 'halla', 'testing');
    await source.updateSettings({ lists: { blockedEmails: ['nope@example.org'] } }, 'halla');
    await source.store.setStateEntry('sessions.revoked', 'abc', 123);
    await source.close();

    const args = ['migrate', '--from', file, '--to', schema.url];
    const first = await run(args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Submissions: 12 read, 12 copied, 0 already there (12 in the database now).');
    // The two maps: the sign-outs, and the template index's rows (a campaign of 12 copies).
    expect(first.stdout).toMatch(/State: \d+ values, \d+ map fields in 2 maps, 1 logs copied \(0 already there\)/);
    const second = await run(args);
    expect(second.stdout).toContain('Submissions: 12 read, 0 copied, 12 already there (12 in the database now).');
    expect(second.stdout).toContain('0 logs copied (1 already there)');

    const target = await makeDoorkeep({ store: createPostgresStore({ pool: schema.pool() }), clock });
    const spam = (await target.store.get(ids[3]!))!;
    expect(spam.status).toBe('spam');
    expect(spam.history.at(-1)).toMatchObject({ type: 'status', by: 'halla', to: 'spam', note: 'testing' });
    expect(target.settings().lists.blockedEmails).toEqual(['nope@example.org']);
    expect(await target.store.getLog('settings.log')).toHaveLength(1);
    expect(await target.store.getStateEntries('sessions.revoked')).toEqual({ abc: 123 });
    expect(await target.store.getState('knowledge.classifier')).toBeDefined();
    expect(target.templates().clusters()[0]?.members).toHaveLength(12);
    await target.close();
  }, 60_000);
});
