/**
 * The mention replay: every case of scripts/mention-fixtures.ts sent through Doorkeep's real receivers
 * (pingback XML-RPC, trackback form, webmention with its queue) on an app listening on 127.0.0.1, which fetches
 * the source page from a second server on 127.0.0.1 (each source host resolves there; `fetch.allowHosts` names
 * them), verifies the link, reads the page and moderates with default settings and a memory store. With
 * feedback (the default, as `doorkeep moderate --feedback`), each case's label is applied as the moderator's
 * decision after its verdict.
 *
 *   node --import tsx scripts/mention-eval.ts [--part dev|held|both] [--no-feedback] [--misses] [--signals] [--limit N] [--off filter,filter]
 *   node --import tsx scripts/mention-eval.ts --write-batch DIR   (the cases as posts.jsonl / submissions.jsonl for `doorkeep moderate`)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import { createDoorkeep } from '../plugin/doorkeep.js';
import { hostKey } from '../plugin/sender.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import type { Status } from '../plugin/types.js';
import { DEV_POSTS, HELD_POSTS } from './mention-posts.js';
import { GENUINE_KINDS, mentionCases, SPAM_KINDS, type MentionCase, type MentionKind, type Part } from './mention-fixtures.js';

export interface MentionOutcome {
  id: string;
  kind: MentionKind;
  spam: boolean;
  type: MentionCase['type'];
  /** The verdict, or 'refused' when a receiver refused the mention (then it was not stored). */
  status: Status | 'refused';
  reasons: string[];
  /** Each filter's summed score on this mention. */
  scores: Record<string, number>;
}

const SITE = 'https://site.example';

function scoresOf(signals: readonly { filter: string; score: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of signals) out[s.filter] = Math.round(((out[s.filter] ?? 0) + s.score) * 100) / 100;
  return out;
}
const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return (server.address() as AddressInfo).port;
}

/** Replays one part's cases through the receivers; resolves with one outcome per case, in order. */
export async function replayMentions(part: Part, options: { feedback?: boolean; limit?: number; progress?: (m: string) => void; filtersOff?: string[] } = {}): Promise<MentionOutcome[]> {
  const feedback = options.feedback ?? true;
  const cases = mentionCases(part, SITE).slice(0, options.limit ?? Infinity);
  const posts = (part === 'dev' ? DEV_POSTS : HELD_POSTS).map(({ id, title, body, tags }) => ({ id, title, body, tags }));
  const pages = new Map(cases.map((c) => [`${c.host}${c.path}`, c.html]));
  const sources = http.createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const html = pages.get(`${host}${(req.url ?? '/').split('?')[0]}`);
    if (html === undefined) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  const sourcePort = await listen(sources);
  let now = new Date('2026-01-05T08:00:00Z');
  const dk = await createDoorkeep({
    store: createMemoryStore(),
    site: { name: "Halla's notes", url: SITE, ownerNames: ['Halla'] },
    getPost: (id) => posts.find((p) => p.id === id),
    listPosts: () => posts,
    clock: { now: () => now },
    retentionIntervalMs: false,
    fetch: { allowHosts: cases.map((c) => c.host), timeoutMs: 5000 },
    ...(options.filtersOff?.length ? { settings: { filters: Object.fromEntries(options.filtersOff.map((name) => [name, false])) } } : {}),
  });
  const router = dk.mentions({ resolve: async () => [{ address: '127.0.0.1', family: 4 }], maxQueuedPerHost: 1000, maxQueued: 1000 });
  const app = express();
  app.set('trust proxy', true);
  app.use(router);
  const server = http.createServer(app);
  const port = await listen(server);
  const base = `http://127.0.0.1:${port}`;
  const outcomes: MentionOutcome[] = [];
  try {
    for (const [n, c] of cases.entries()) {
      now = new Date(now.getTime() + 7 * 60_000);
      const source = `http://${c.host}:${sourcePort}${c.path}`;
      const target = `${SITE}/posts/${c.postId}`;
      const headers = { 'x-forwarded-for': `203.0.${(n >> 8) & 255}.${n & 255}`, 'user-agent': 'WordPress/6.5; mention replay' };
      let refusal = '';
      if (c.type === 'webmention') {
        const res = await fetch(`${base}/webmention`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ source, target }) });
        if (res.status !== 201) refusal = `${res.status} ${await res.text()}`;
        await router.webmentions.idle();
      } else if (c.type === 'pingback') {
        const body = `<?xml version="1.0"?><methodCall><methodName>pingback.ping</methodName><params><param><value><string>${xmlEscape(source)}</string></value></param><param><value><string>${xmlEscape(target)}</string></value></param></params></methodCall>`;
        const text = await (await fetch(`${base}/xmlrpc`, { method: 'POST', headers: { ...headers, 'content-type': 'text/xml' }, body })).text();
        if (text.includes('<fault>')) refusal = text.replace(/\s+/g, ' ').slice(0, 300);
      } else {
        const tb = c.trackback ?? { title: '', excerpt: '', blogName: '' };
        const text = await (await fetch(`${base}/trackback/${encodeURIComponent(c.postId)}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ url: source, title: tb.title, excerpt: tb.excerpt, blog_name: tb.blogName }) })).text();
        if (text.includes('<error>1</error>')) refusal = text.replace(/\s+/g, ' ').slice(0, 300);
      }
      const [stored] = (await dk.store.query({ urlHost: hostKey(source), limit: 1, withTotal: false })).items;
      if (!stored) {
        outcomes.push({ id: c.id, kind: c.kind, spam: c.spam, type: c.type, status: 'refused', reasons: [refusal || 'not stored'], scores: {} });
        continue;
      }
      outcomes.push({ id: c.id, kind: c.kind, spam: c.spam, type: c.type, status: stored.status, reasons: stored.reasons, scores: scoresOf(stored.signals ?? []) });
      if (feedback) await dk.decide(stored.id, c.spam ? 'spam' : 'approve', 'evaluation');
      if ((n + 1) % 200 === 0) options.progress?.(`${part}: ${n + 1} of ${cases.length}`);
    }
  } finally {
    await dk.close();
    server.closeAllConnections();
    sources.closeAllConnections();
    await new Promise((done) => server.close(done));
    await new Promise((done) => sources.close(done));
  }
  return outcomes;
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '–');
const BLOCKED: ReadonlySet<string> = new Set(['spam', 'pitch', 'discard']);

/** The per-kind table: spam "not approved" (held or blocked), genuine approved / held / blocked. */
export function mentionTable(outcomes: readonly MentionOutcome[]): string {
  const rows = ['| Kind | Mentions | Not approved (spam) / approved (genuine) | Held | Blocked (spam, pitch, discard) |', '| --- | --- | --- | --- | --- |'];
  const line = (label: string, list: readonly MentionOutcome[], spam: boolean) => {
    const held = list.filter((o) => o.status === 'pending').length;
    const blocked = list.filter((o) => BLOCKED.has(o.status)).length;
    const approved = list.filter((o) => o.status === 'approved').length;
    const refused = list.filter((o) => o.status === 'refused').length;
    rows.push(`| ${label} | ${list.length}${refused ? ` (${refused} refused)` : ''} | ${spam ? `${pct(list.length - approved, list.length)} not approved` : `${pct(approved, list.length)} approved`} | ${pct(held, list.length)} | ${pct(blocked, list.length)} |`);
  };
  for (const kind of SPAM_KINDS) line(`${kind} (spam)`, outcomes.filter((o) => o.kind === kind), true);
  line('**all spam**', outcomes.filter((o) => o.spam), true);
  for (const kind of GENUINE_KINDS) line(`${kind} (genuine)`, outcomes.filter((o) => o.kind === kind), false);
  line('**all genuine**', outcomes.filter((o) => !o.spam), false);
  return rows.join('\n');
}

/** One line: spam not approved, genuine blocked and held. */
export function mentionSummary(outcomes: readonly MentionOutcome[]): string {
  const spam = outcomes.filter((o) => o.spam);
  const genuine = outcomes.filter((o) => !o.spam);
  return `spam not approved ${pct(spam.filter((o) => o.status !== 'approved').length, spam.length)} (${spam.length}), `
    + `genuine blocked ${pct(genuine.filter((o) => BLOCKED.has(o.status)).length, genuine.length)} (${genuine.filter((o) => BLOCKED.has(o.status)).length} of ${genuine.length}), `
    + `genuine held ${pct(genuine.filter((o) => o.status === 'pending').length, genuine.length)}`;
}

/**
 * The cases of one part in the batch format of `doorkeep moderate` (posts.jsonl, submissions.jsonl with
 * `sourceHtml` and the label), so the same pages can be replayed through the CLI as the issue's authors do.
 */
export function writeBatch(part: Part, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const posts = part === 'dev' ? DEV_POSTS : HELD_POSTS;
  writeFileSync(join(dir, 'posts.jsonl'), posts.map(({ id, title, body, tags }) => JSON.stringify({ id, permalink: `${SITE}/posts/${id}`, title, body, tags, publishedAt: '2026-01-01T00:00:00Z' })).join('\n') + '\n');
  let at = Date.parse('2026-01-05T08:00:00Z');
  writeFileSync(join(dir, 'submissions.jsonl'), mentionCases(part, SITE).map((c, n) => JSON.stringify({
    id: c.id, type: c.type, postId: c.postId, author: { name: c.trackback?.blogName ?? c.host, email: '', url: `http://${c.host}${c.path}` }, // the receivers' last resort for a name
    ip: `203.0.${(n >> 8) & 255}.${n & 255}`, userAgent: 'WordPress/6.5', content: c.trackback?.excerpt ?? '', createdAt: new Date((at += 7 * 60_000)).toISOString(),
    source: `http://${c.host}${c.path}`, target: `${SITE}/posts/${c.postId}`, sourceHtml: c.html, ...(c.trackback ? { blogName: c.trackback.blogName } : {}),
    label: c.spam ? 'spam' : 'ham', kind: c.kind,
  })).join('\n') + '\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string) => argv.includes(`--${name}`);
  const value = (name: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : undefined; };
  const batch = value('write-batch');
  if (batch) {
    for (const part of ['dev', 'held'] as const) writeBatch(part, join(batch, part));
    console.log(`Wrote ${batch}/{dev,held}/{posts,submissions}.jsonl`);
    return;
  }
  const which = value('part') ?? 'dev';
  const parts: Part[] = which === 'both' ? ['dev', 'held'] : [which as Part];
  const limit = value('limit') ? Number(value('limit')) : undefined;
  for (const part of parts) {
    const started = Date.now();
    const off = value('off')?.split(',');
    const outcomes = await replayMentions(part, { feedback: !flag('no-feedback'), ...(limit ? { limit } : {}), ...(off ? { filtersOff: off } : {}), progress: (m) => console.error(m) });
    console.log(`\n## ${part} (${flag('no-feedback') ? 'no feedback' : 'feedback'}), ${((Date.now() - started) / 1000).toFixed(0)} s\n\n${mentionTable(outcomes)}\n\n${mentionSummary(outcomes)}`);
    if (flag('signals')) {
      for (const spam of [true, false]) {
        const list = outcomes.filter((o) => o.spam === spam);
        const by = new Map<string, { n: number; sum: number }>();
        for (const o of list) for (const [f, v] of Object.entries(o.scores)) if (v !== 0) { const e = by.get(f) ?? { n: 0, sum: 0 }; e.n++; e.sum += v; by.set(f, e); }
        console.log(`${spam ? 'spam' : 'genuine'}: ${[...by].map(([f, e]) => `${f} ${e.n}× avg ${(e.sum / e.n).toFixed(2)}`).join(', ')}`);
      }
    }
    if (flag('misses')) {
      for (const o of outcomes) {
        const wrong = o.spam ? o.status === 'approved' : o.status !== 'approved';
        if (wrong) console.log(`- ${o.id} [${o.type}] ${o.status}: ${o.reasons.join(' | ').slice(0, 400)}`);
      }
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
