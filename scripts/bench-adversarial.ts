/**
 * npm run bench:adversarial — issue 11's hostile inputs at the field limits, against ordinary text of the
 * same length:
 *   1. each filter, normalization, and the whole pipeline (moderate) on 65,525-character comments made of
 *      one short unit repeated, reported as a ratio to ordinary text (target ≤ 5×);
 *   2. mention verification (verifyLink) on 1 MB source pages of the same kind;
 *   3. the demo app on 127.0.0.1: a GET / latency probe every 10 ms while hostile comment POSTs and
 *      webmentions with 1 MB hostile source pages run (target: no GET delayed by more than 100 ms).
 * Medians of --rounds runs (default 3). Options: --rounds N  --only units|pages|stall
 */
import { once } from 'node:events';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createDoorkeep } from '../plugin/doorkeep.js';
import { createKnowledge } from '../plugin/knowledge/index.js';
import { verifyLink } from '../plugin/mentions/verify-link.js';
import { normalizeSubmission } from '../plugin/normalize/submission.js';
import { buildFilters } from '../plugin/pipeline/build-filters.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import type { Context, Post, StatusCounts } from '../plugin/types.js';
import { createDemoApp } from '../demo-site/app.js';
import { CONTENT_LIMIT, CONTENT_UNITS, PAGE_LIMIT, PAGE_UNITS, ordinaryPage, ordinaryText, repeatTo } from './adversarial-shapes.js';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}
const ROUNDS = Number(arg('rounds', '3'));
const ONLY = arg('only', 'all');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
const show = (unit: string) => JSON.stringify(unit).slice(1, -1).padEnd(12);

const POSTS: Post[] = [{ id: 'newsletters', title: 'Email newsletters that respect readers', body: 'A newsletter is a promise: write when you have something to say, make unsubscribing one click, never sell the list.', tags: ['email'] }];
const SITE = { name: 'Halla writes', url: 'https://halla.example', ownerNames: ['Halla'] };

/** Runs `fn` (errors count: a refusal is an answer), so the time is what the request would cost. */
function attempt(fn: () => unknown): void {
  try {
    fn();
  } catch { /* refused input (400/413) */ }
}

function time(fn: () => unknown): number {
  attempt(fn); // warm-up: JIT and caches, so the median compares steady states
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    attempt(fn);
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function timeAsync(fn: (round: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  await fn(-1).catch(() => undefined);
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    await fn(r).catch(() => undefined);
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function units(): Promise<{ worst: number }> {
  const doorkeep = await createDoorkeep({ store: createMemoryStore(), site: SITE, getPost: (id) => POSTS.find((p) => p.id === id), listPosts: () => POSTS, secret: 'bench-secret-0123456789', retentionIntervalMs: false });
  const settings = doorkeep.settings();
  const filters = buildFilters(settings, { secret: 'bench-secret-0123456789' });
  const knowledge = createKnowledge(createMemoryStore(), SITE, POSTS);
  const none: StatusCounts = { approved: 0, pending: 0, pitch: 0, spam: 0, discard: 0 } as StatusCounts;
  const context: Context = { post: POSTS[0]!, site: SITE, sender: { byEmail: none, byIp: none, byUrlHost: none, recent: [] }, knowledge: knowledge.view, settings, now: new Date(), formTokenSeen: false };
  const stages = ['normalize', ...filters.map((f) => f.name), 'pipeline'];
  let n = 0;
  const input = (content: string) => ({ type: 'comment' as const, postId: 'newsletters', author: { name: 'Sam', email: `sam${n++}@mail.example`, url: '' }, ip: `203.0.113.${n % 250}`, userAgent: 'Mozilla/5.0', content });

  async function measure(content: string): Promise<number[]> {
    const row: number[] = [];
    row.push(time(() => normalizeSubmission(input(content), 'x', new Date().toISOString())));
    let submission;
    try {
      submission = normalizeSubmission(input(content), 'x', new Date().toISOString());
    } catch {
      submission = undefined; // refused at the door (empty after trimming): no filter runs
    }
    for (const filter of filters) row.push(submission ? time(() => filter.check(submission, context)) : 0);
    row.push(await timeAsync(() => doorkeep.moderate(input(content))));
    return row;
  }

  const ordinary = await measure(ordinaryText(CONTENT_LIMIT));
  console.log(`\n1. Comment content of ${CONTENT_LIMIT.toLocaleString('en')} characters: ms (median of ${ROUNDS}); ratio = worst shape / ordinary text, per stage`);
  console.log(`${'shape'.padEnd(12)} ${stages.map((s) => s.slice(0, 10).padStart(10)).join(' ')}   ratio(pipeline)`);
  console.log(`${'ordinary'.padEnd(12)} ${ordinary.map((t) => fmt(t).padStart(10)).join(' ')}`);
  const worstPerStage = stages.map(() => 0);
  const worstUnit = stages.map(() => '');
  for (const unit of CONTENT_UNITS) {
    const row = await measure(repeatTo(unit, CONTENT_LIMIT));
    row.forEach((t, i) => {
      const ratio = t / Math.max(ordinary[i]!, 1);
      if (ratio > worstPerStage[i]!) { worstPerStage[i] = ratio; worstUnit[i] = unit; }
    });
    console.log(`${show(unit)} ${row.map((t) => fmt(t).padStart(10)).join(' ')}   ${(row.at(-1)! / ordinary.at(-1)!).toFixed(2)}×`);
  }
  console.log('\nWorst ratio per stage (to ordinary text; stages under 1 ms of ordinary time are compared to 1 ms):');
  stages.forEach((s, i) => console.log(`  ${s.padEnd(12)} ${worstPerStage[i]!.toFixed(2)}×  (${JSON.stringify(worstUnit[i])})`));
  await doorkeep.close();
  return { worst: Math.max(...worstPerStage) };
}

function pages(): void {
  const target = 'https://halla.example/posts/newsletters';
  const ordinary = time(() => verifyLink(ordinaryPage(PAGE_LIMIT, target), target, 'https://source.example/page'));
  console.log(`\n2. Mention verification on a ${PAGE_LIMIT.toLocaleString('en')}-byte source page: ms (median of ${ROUNDS})`);
  console.log(`${'ordinary'.padEnd(14)} ${fmt(ordinary).padStart(8)}`);
  let worst = 0;
  for (const unit of PAGE_UNITS) {
    const page = repeatTo(unit, PAGE_LIMIT);
    const t = time(() => verifyLink(page, target, 'https://source.example/page'));
    worst = Math.max(worst, t / ordinary);
    console.log(`${show(unit).padEnd(14)} ${fmt(t).padStart(8)}   ${(t / ordinary).toFixed(2)}×`);
  }
  console.log(`Worst ratio: ${worst.toFixed(2)}×`);
}

const FORM_INPUT = /<input\b[^<>]*>/g;
function formFields(html: string): Record<string, string> {
  const form = html.slice(html.indexOf('<form'), html.indexOf('</form>'));
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(FORM_INPUT)) {
    const name = /\sname="([^"]*)"/.exec(tag)?.[1];
    if (name) fields[name] = /\svalue="([^"]*)"/.exec(tag)?.[1]?.replace(/&amp;/g, '&') ?? '';
  }
  return fields;
}

async function stall(): Promise<void> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const demo = await createDemoApp({ store: createMemoryStore(), siteUrl: base, fetchAllow: ['127.0.0.1'], retentionIntervalMs: false });
  server.on('request', demo.app);
  const post = demo.posts[0]!;

  let pageUnit = '<a ';
  const source: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(repeatTo(pageUnit, PAGE_LIMIT - 200) + `<a href="${post.permalink}">the post</a>`);
  });
  source.listen(0, '127.0.0.1');
  await once(source, 'listening');
  const sourceBase = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;

  /** GET / on a fresh connection, so no socket is shared with the hostile requests. */
  const getHome = () => new Promise<void>((done, fail) => {
    get(`${base}/`, { agent: false }, (res) => {
      res.resume();
      res.on('end', done);
    }).on('error', fail);
  });

  async function probe(during: () => Promise<void>): Promise<{ max: number; p50: number; count: number }> {
    const latencies: number[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        const t0 = performance.now();
        await getHome();
        latencies.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await during();
    running = false;
    await loop;
    return { max: Math.max(...latencies), p50: median(latencies), count: latencies.length };
  }

  const page = await (await fetch(`${base}/posts/${post.id}`)).text();
  const fields = formFields(page);
  const action = /<form\b[^<>]*action="([^"]*)"/.exec(page)?.[1] ?? `/posts/${post.id}/comments`;
  let n = 0;
  const comment = (content: string) => fetch(`${base}${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Mozilla/5.0 Firefox/128.0' },
    body: new URLSearchParams({ ...fields, author: 'Sam', email: `sam${n++}@mail.example`, comment: content }).toString(),
  }).then((r) => r.text(), () => 'refused before the body was read (too large)');

  console.log('\n3. The demo on 127.0.0.1: GET / latency (ms) while other requests run');
  const idle = await probe(() => new Promise((r) => setTimeout(r, 500)));
  console.log(`  idle                                        p50 ${fmt(idle.p50)}  max ${fmt(idle.max)}  (${idle.count} GETs)`);
  const hostile = ['ab-', '<a ', 'aa.', 'www.', '<', 'a1.', '1x'];
  const ordinaryRun = await probe(async () => { for (let i = 0; i < 3; i++) await Promise.all([0, 1, 2].map(() => comment(ordinaryText(CONTENT_LIMIT)))); });
  console.log(`  3×3 ordinary 65,525-char comments            p50 ${fmt(ordinaryRun.p50)}  max ${fmt(ordinaryRun.max)}  (${ordinaryRun.count} GETs)`);
  const comments = await probe(async () => { for (const unit of hostile) await Promise.all([0, 1, 2].map(() => comment(repeatTo(unit, CONTENT_LIMIT)))); });
  console.log(`  3 parallel hostile comments × ${hostile.length} shapes          p50 ${fmt(comments.p50)}  max ${fmt(comments.max)}  (${comments.count} GETs)`);
  let mentionsMax = 0;
  for (const unit of ['<a ', '<a href="x">', '<title>', '<p ']) {
    pageUnit = unit;
    const result = await probe(async () => {
      const res = await fetch(`${base}/webmention`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ source: `${sourceBase}/${n++}`, target: post.permalink! }).toString() });
      await res.text();
      await demo.mentions.webmentions.idle();
    });
    mentionsMax = Math.max(mentionsMax, result.max);
    console.log(`  webmention, 1 MB source page of ${show(unit)}  p50 ${fmt(result.p50)}  max ${fmt(result.max)}  (${result.count} GETs)`);
  }
  const worst = Math.max(comments.max, mentionsMax);
  console.log(`Longest GET / while hostile requests ran: ${fmt(worst)} ms (target ≤ 100 ms; idle max ${fmt(idle.max)} ms, ordinary-comment max ${fmt(ordinaryRun.max)} ms)`);
  await demo.close();
  server.close();
  source.close();
}

console.log(`Adversarial benchmark (issue 11), Node ${process.version}, ${ROUNDS} rounds`);
if (ONLY === 'all' || ONLY === 'units') await units();
if (ONLY === 'all' || ONLY === 'pages') pages();
if (ONLY === 'all' || ONLY === 'stall') await stall();
