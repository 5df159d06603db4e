import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../plugin/cli/main.js';
import { decisionFor, parseFlags, runModerate } from '../plugin/cli/moderate.js';
import { createLowdbStore } from '../plugin/store/lowdb-store.js';

const POST = {
  id: 'p1', permalink: 'https://site.invalid/posts/p1', title: 'Email newsletters that respect readers',
  body: 'How to write an email newsletter people want: plain text, a clear unsubscribe link, no tracking pixels.',
  tags: ['email', 'newsletters'], publishedAt: '2026-01-01T00:00:00Z',
};

function line(overrides: Record<string, unknown>) {
  return JSON.stringify({
    type: 'comment', postId: 'p1', author: { name: 'Ann', email: 'ann@example.org', url: '' }, ip: '198.51.100.1',
    userAgent: 'Mozilla/5.0', content: 'Agreed, especially the part about the unsubscribe link.', createdAt: '2026-02-01T10:00:00Z',
    ...overrides,
  });
}

const PITCH = 'Hi! Quick question: do you accept guest posts? Our client would love a sponsored post with a dofollow backlink. What are your rates?';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'doorkeep-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function files(submissions: string[], posts: string[] = [JSON.stringify(POST)]) {
  const postsFile = join(dir, 'posts.jsonl');
  const submissionsFile = join(dir, 'submissions.jsonl');
  writeFileSync(postsFile, `${posts.join('\n')}\n`);
  writeFileSync(submissionsFile, `${submissions.join('\n')}\n`);
  return { postsFile, submissionsFile };
}

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runModerate(args, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err, verdicts: out.map((l) => JSON.parse(l) as { id: string; status: string; score: number; reasons: string[] }) };
}

describe('doorkeep moderate', () => {
  it('prints one JSON verdict per submission line with id, status, score and reasons', async () => {
    const { postsFile, submissionsFile } = files([
      line({ id: 's1' }),
      line({ id: 's2', type: 'contact-form', postId: null, author: { name: 'Mark', email: 'mark@agency.example', url: '' }, content: PITCH }),
    ]);
    const { code, verdicts, err } = await run(['--posts', postsFile, '--submissions', submissionsFile]);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(verdicts.map((v) => Object.keys(v))).toEqual([['id', 'status', 'score', 'reasons'], ['id', 'status', 'score', 'reasons']]);
    expect(verdicts[0]).toMatchObject({ id: 's1', status: 'approved' });
    expect(verdicts[1]).toMatchObject({ id: 's2', status: 'pitch' });
    expect(verdicts[1]!.reasons[0]).toMatch(/^Reads like outreach: .*guest posts/);
  });

  it('reports bad lines with their line number on stderr and carries on', async () => {
    const { postsFile, submissionsFile } = files([
      line({ id: 's1' }),
      'not json',
      line({ id: 's3', content: 42 }),
      line({ id: 's4', type: 'fax' }),
      '',
      line({ id: 's6', content: '   ' }),
      line({ id: 's7', content: 'Plain text and unsubscribe links are what I want from every newsletter I read.' }),
    ], [JSON.stringify(POST), '{"title": "no id"}']);
    const { code, verdicts, err } = await run(['--posts', postsFile, '--submissions', submissionsFile]);
    expect(code).toBe(0);
    expect(verdicts.map((v) => v.id)).toEqual(['s1', 's7']);
    expect(err).toEqual([
      `${postsFile}:2: skipped: a post needs an "id"`,
      expect.stringMatching(new RegExp(`^${submissionsFile}:2: skipped: .*JSON`)),
      `${submissionsFile}:3: skipped: "content" must be a string`,
      expect.stringMatching(new RegExp(`^${submissionsFile}:4: skipped: "type" must be one of comment, contact-form`)),
      `${submissionsFile}:6: skipped: The content is empty.`,
    ]);
  });

  it('with --feedback applies each line\'s label as the decision, and --data keeps the result in a lowdb file', async () => {
    const data = join(dir, 'doorkeep.json');
    const { postsFile, submissionsFile } = files([
      line({ id: 'h1', label: 'ham' }),
      line({ id: 'p1', type: 'contact-form', postId: null, author: { name: 'Mark', email: 'mark@agency.example', url: '' }, content: PITCH, label: 'spam', kind: 'pitch' }),
      line({ id: 'x1', author: { name: 'Bot', email: 'bot@spam.example', url: '' }, content: 'Nice post', label: 'spam' }),
      line({ id: 'n1', ip: '203.0.113.9', author: { name: 'Zed', email: 'zed@example.org', url: '' }, content: 'No label on this one, thanks.' }),
    ]);
    const { code, verdicts } = await run(['--posts', postsFile, '--submissions', submissionsFile, '--data', data, '--feedback']);
    expect(code).toBe(0);
    expect(verdicts.map((v) => v.id)).toEqual(['h1', 'p1', 'x1', 'n1']);
    expect(verdicts[2]!.status).toBe('approved');

    const store = createLowdbStore(data);
    await store.open();
    const status = async (id: string) => (await store.get(id))!.status;
    expect([await status('h1'), await status('p1'), await status('x1'), await status('n1')]).toEqual(['approved', 'pitch', 'spam', 'approved']);
    expect((await store.get('x1'))!.history).toContainEqual(expect.objectContaining({ type: 'status', by: 'feedback', from: 'approved', to: 'spam' }));
    expect((await store.get('n1'))!.history.filter((h) => h.type === 'status')).toEqual([]);
    expect(await store.getState('knowledge.classifier')).toMatchObject({ docs: [1, 2] });
    await store.close();
  });

  it('takes a mention\'s title and excerpt from its sourceHtml, with no network', async () => {
    const data = join(dir, 'doorkeep.json');
    const sourceHtml = '<html><head><title>A post about newsletters</title></head><body><p>I liked '
      + '<a href="https://site.invalid/posts/p1">this piece on respectful newsletters</a> a lot.</p></body></html>';
    const { postsFile, submissionsFile } = files([
      line({ id: 'm1', type: 'pingback', source: 'https://blog.example/a', sourceHtml, content: '[...] this piece on respectful newsletters [...]' }),
      line({ id: 'm2', type: 'webmention', content: 'a mention without a source' }),
      line({ id: 'm3', type: 'webmention', source: 'https://blog.example/b', sourceHtml, content: '' }),
      line({ id: 'm4', type: 'pingback', source: 'https://blog.example/c', sourceHtml: '<p>no link here</p>', content: '' }),
    ]);
    const { verdicts, err } = await run(['--posts', postsFile, '--submissions', submissionsFile, '--data', data]);
    expect(verdicts.map((v) => v.id)).toEqual(['m1', 'm3']);
    expect(err).toEqual([
      `${submissionsFile}:2: skipped: a webmention needs a "source"`,
      `${submissionsFile}:4: skipped: the source page of this pingback does not link to https://site.invalid/posts/p1`,
    ]);
    const store = createLowdbStore(data);
    await store.open();
    expect((await store.get('m1'))!.mention).toMatchObject({ source: 'https://blog.example/a', title: 'A post about newsletters' });
    expect((await store.get('m1'))!.mention!.excerpt).toContain('respectful newsletters');
    expect((await store.get('m3'))!.text).toContain('respectful newsletters');
    await store.close();
  });

  it('maps labels to decisions: pitch-kind spam to pitch, other spam to spam, ham to approve', () => {
    expect(decisionFor({ label: 'spam', kind: 'pitch' })).toBe('pitch');
    expect(decisionFor({ label: 'spam' })).toBe('spam');
    expect(decisionFor({ label: 'ham', kind: 'pitch' })).toBe('approve');
    expect(decisionFor({ label: 'maybe' })).toBeUndefined();
  });

  it('explains its usage on bad flags', async () => {
    expect(parseFlags(['--posts'])).toBe('--posts needs a value.');
    const { code, err } = await run(['--post', 'x']);
    expect(code).toBe(2);
    expect(err[0]).toMatch(/^Unknown option --post\.\n\nUsage: doorkeep moderate/);
    expect((await run(['--posts', 'x'])).err[0]).toMatch(/^--posts and --submissions are required/);
  });

  it('answers --help with the usage and exit code 0, an unknown command with the usage and 2', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) };
    expect(await main(['--help'], io)).toBe(0);
    expect(out[0]).toMatch(/^Usage: doorkeep <command>/);
    expect(await main(['moderate', '--help'], io)).toBe(0);
    expect(out[1]).toMatch(/^Usage: doorkeep moderate/);
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(err[0]).toMatch(/^Unknown command "frobnicate"\.\n\nUsage: doorkeep <command>/);
    expect(await main([], io)).toBe(2);
    expect(err).toHaveLength(2);
  });
});
