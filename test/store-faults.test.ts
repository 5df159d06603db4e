/**
 * Issue 11, items 4 and 13: a failed write leaves nothing behind (the 500 is true and a retry is
 * accepted), and start-up faults stop the demo with one clear line naming the file or variable, with
 * nothing rewritten. Real faults: a journal that is a full device (/dev/full), a real read-only folder
 * (as an unprivileged user when the tests run as root, since root ignores folder permissions).
 */
import { spawn } from 'node:child_process';
import { chmod, chown, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createDoorkeep } from '../plugin/doorkeep.js';
import { createLowdbStore } from '../plugin/store/lowdb-store.js';
import { POSTS, appWith } from './support/doorkeep.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dk-fault-'));
  dirs.push(dir);
  return dir;
};

const options = {
  site: { name: 'Faults', url: 'https://faults.example' },
  getPost: (id: string) => POSTS.find((p) => p.id === id),
  listPosts: () => POSTS,
  secret: 'fault-secret-0123456789',
  retentionIntervalMs: false as const,
};

describe('a write that fails', () => {
  it('answers 500, keeps nothing, and accepts the retry once the disk takes writes again', async () => {
    const dir = await tempDir();
    const file = join(dir, 'doorkeep.json');
    const store = createLowdbStore(file, { writeDelayMs: 1 });
    const dk = await createDoorkeep({ ...options, store });
    const app = appWith(dk);
    const month = new Date().toISOString().slice(0, 7);
    const journal = join(store.journalDir, `${month}.jsonl`);
    await rm(journal, { force: true });
    await symlink('/dev/full', journal); // every write to it fails: ENOSPC, as on a full disk
    const comment = { author: 'Ines', email: 'ines@example.org', comment: 'The part about feed readers convinced me to try one again.' };
    const failed = await request(app).post('/posts/rss/comments').type('form').send(comment);
    expect(failed.status).toBe(500);
    expect((await dk.store.query({ email: 'ines@example.org' })).total).toBe(0);
    expect((await dk.store.countByStatus()).approved).toBe(0);
    await dk.close();

    await unlink(journal);
    const again = await createDoorkeep({ ...options, store: createLowdbStore(file, { writeDelayMs: 1 }) });
    const retry = await request(appWith(again)).post('/posts/rss/comments').type('form').send(comment);
    expect(retry.status).toBe(201); // not 409 "already sent": the failed one was never kept
    expect((await again.store.query({ email: 'ines@example.org' })).total).toBe(1);
    await again.close();
  });
});

/** Run the demo server with this environment; it must stop by itself. */
function runDemo(env: Record<string, string>, asUser?: number): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo-site/server.ts'], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), PORT: '0', DOORKEEP_ADMIN_PASSWORD: 'fault-admin-password', ...env },
      ...(asUser === undefined ? {} : { uid: asUser, gid: asUser }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the demo did not stop by itself: ${stdout} ${stderr}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

describe('start-up faults stop the demo with a clear message and rewrite nothing', () => {
  it('a data file holding null', async () => {
    const dir = await tempDir();
    const file = join(dir, 'doorkeep.json');
    await writeFile(file, 'null');
    const run = await runDemo({ DOORKEEP_DATA: file });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file} is not a Doorkeep data file`);
    expect(run.stderr).not.toContain('    at '); // no stack trace
    expect(await readFile(file, 'utf8')).toBe('null');
  }, 30_000);

  it('an invalid saved setting', async () => {
    const dir = await tempDir();
    const file = join(dir, 'doorkeep.json');
    const head = JSON.stringify({ version: 2, state: { values: { settings: { thresholds: { pending: 'high' } } }, entries: {}, logs: {}, counters: {} } });
    await writeFile(file, head);
    const run = await runDemo({ DOORKEEP_DATA: file });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The settings saved in ${file} are invalid`);
    expect(run.stderr).toContain('thresholds');
    expect(await readFile(file, 'utf8')).toBe(head); // not even the site secret was written
  }, 30_000);

  it('a malformed record', async () => {
    const dir = await tempDir();
    const file = join(dir, 'doorkeep.json');
    const legacy = JSON.stringify({ version: 1, submissions: [{ id: 'a', status: 'approved' }], state: {} });
    await writeFile(file, legacy);
    const run = await runDemo({ DOORKEEP_DATA: file });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file}: submission 1 is not a stored submission`);
    expect(run.stderr).not.toContain('TypeError');
    expect(await readFile(file, 'utf8')).toBe(legacy);
  }, 30_000);

  it('a read-only data folder', async () => {
    const dir = await tempDir();
    const data = join(dir, 'data');
    await (await import('node:fs/promises')).mkdir(data);
    await chmod(dir, 0o755);
    await chmod(data, 0o555);
    const root = process.getuid?.() === 0;
    if (root) await chown(data, 0, 0); // owned by root, read-only for everyone else: the demo runs as nobody below
    const run = await runDemo({ DOORKEEP_DATA: join(data, 'doorkeep.json') }, root ? 65534 : undefined);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Cannot write in ${data}`);
  }, 30_000);

  it('DOORKEEP_API_KEYS with a key too short', async () => {
    const dir = await tempDir();
    const run = await runDemo({ DOORKEEP_DATA: join(dir, 'doorkeep.json'), DOORKEEP_API_KEYS: 'k1' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DOORKEEP_API_KEYS: every key must be 8–64 letters and digits; key 1 (2 characters) is not.');
    expect(run.stderr).not.toContain('k1');
  }, 30_000);
});
