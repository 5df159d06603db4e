/**
 * npm run bench — moderation latency with 1k, 10k and 100k stored submissions (synthetic genuine
 * comments mixed with campaigns of templated pitches), against a linear string-similarity scan over
 * every stored text, and memory per stored submission. Deterministic input (seeded generator).
 *
 * Options: --sizes 1000,10000,100000  --queries 400  --linear 12  --only pipeline|index  --flags 'label for the Node flags'
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import type { SubmissionInput } from '../plugin/api.js';
import { createDoorkeep } from '../plugin/doorkeep.js';
import { createTemplateIndex } from '../plugin/knowledge/template-index.js';
import { normalizeSubmission } from '../plugin/normalize/submission.js';
import { similarity } from '../plugin/knowledge/similarity-metric.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import { loadPosts } from '../demo-site/posts.js';
import type { StoredSubmission } from '../plugin/types.js';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}
const SIZES = arg('sizes', '1000,10000,100000').split(',').map(Number);
const QUERIES = Number(arg('queries', '400'));
const LINEAR_QUERIES = Number(arg('linear', '12'));
const ONLY = arg('only', 'both');
/** Extra Node flags this run was started with, named in the output (npm run bench repeats 100k with a larger young generation). */
const FLAGS = arg('flags', 'default Node flags');
const CAMPAIGN_SHARE = 0.12;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let random = rng(20261126);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
/** Zipf-like: early words of the vocabulary are much more frequent, as in real text. */
const zipf = <T>(list: readonly T[]): T => list[Math.min(list.length - 1, Math.floor(list.length * random() ** 2.2))]!;

const posts = loadPosts(join(import.meta.dirname, '..', 'demo-site', 'posts'));
const vocabulary = (() => {
  const counts = new Map<string, number>();
  for (const post of posts) for (const w of post.body.toLowerCase().match(/[a-z']+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
})();
const FIRST = ['Alex', 'Sam', 'Jo', 'Maria', 'Chen', 'Amir', 'Lena', 'Tom', 'Priya', 'Ivan', 'Sofia', 'Kofi', 'Mei', 'Lars', 'Ana', 'Omar'];
const LAST = ['Smith', 'Garcia', 'Kim', 'Novak', 'Okafor', 'Rossi', 'Berg', 'Silva', 'Tanaka', 'Dubois', 'Haddad', 'Weber'];
const BRAND_A = ['Bright', 'Inbox', 'Growth', 'Pixel', 'Feed', 'Host', 'Word', 'Quill', 'Reach', 'Spark', 'Nest', 'Loop'];
const BRAND_B = ['ly', 'Forge', 'Stack', 'Labs', 'Hub', 'Works', 'Media', 'Wave', 'Press', 'Craft', 'io', 'HQ'];
const OUTREACH = [
  'we would love to collaborate with you on a sponsored post', 'our team writes guest posts for blogs like yours',
  'could you add a link to our resource in your article', 'let me know your rates for a do-follow link',
  'i am reaching out on behalf of our client', 'we are putting together a roundup and would love to feature you',
  'happy to return the favour with a mention in our newsletter', 'looking forward to hearing from you soon',
];

function sentence(min: number, max: number): string {
  const n = min + Math.floor(random() * (max - min + 1));
  return Array.from({ length: n }, () => zipf(vocabulary)).join(' ');
}

let seq = 0;
function sender() {
  const name = `${pick(FIRST)} ${pick(LAST)}`;
  const n = seq;
  return { name, email: `${name.toLowerCase().replace(' ', '.')}${n}@mail${n % 97}.example`, ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
}

function genuine(): SubmissionInput {
  seq++;
  const who = sender();
  const post = pick(posts);
  const parts = Array.from({ length: 1 + Math.floor(random() * 4) }, () => `${sentence(6, 16)}.`);
  if (random() < 0.2) parts.unshift(`Thanks ${pick(['Halla', 'for this', 'so much'])}!`);
  return { id: `g-${seq}`, type: 'comment', postId: post.id, author: { name: who.name, email: who.email, url: '' }, ip: who.ip, content: `<p>${parts.join(' ')}</p>` };
}

interface Campaign { base: string[]; sent: number }
/** Ids of campaign instances sent after an earlier member of their campaign: these should match. */
const repeats = new Set<string>();
const campaigns: Campaign[] = [];
function newCampaign(): Campaign {
  const words = [
    ...`hi {owner}, i am {name} from {brand}.`.split(' '),
    ...sentence(8, 14).split(' '), ...pick(OUTREACH).split(' '), ...sentence(8, 14).split(' '), ...pick(OUTREACH).split(' '),
    ...sentence(6, 12).split(' '), ...'best, {name}'.split(' '),
  ];
  const campaign = { base: words, sent: 0 };
  campaigns.push(campaign);
  return campaign;
}

function instance(campaign: Campaign): SubmissionInput {
  seq++;
  const who = sender();
  const brand = `${pick(BRAND_A)}${pick(BRAND_B)}`;
  const words = campaign.base.map((w) => (!w.includes('{') && random() < 0.15 ? zipf(vocabulary) : w));
  const text = words.join(' ').replaceAll('{owner}', pick(['Halla', 'Halla Jónsdóttir'])).replaceAll('{name}', who.name).replaceAll('{brand}', brand);
  const contact = random() < 0.5;
  if (campaign.sent++ > 0) repeats.add(`c-${seq}`);
  return {
    id: `c-${seq}`, type: contact ? 'contact-form' : 'comment', postId: contact ? null : pick(posts).id,
    author: { name: who.name, email: who.email, url: `https://${brand.toLowerCase()}.example` }, ip: who.ip, content: `<p>${text}</p>`,
  };
}

/** The next synthetic arrival: mostly genuine comments, some members of (new or running) campaigns. */
function next(): SubmissionInput {
  if (random() >= CAMPAIGN_SHARE) return genuine();
  const campaign = campaigns.length === 0 || random() < 0.06 ? newCampaign() : campaigns[campaigns.length - 1 - Math.floor(campaigns.length * random() ** 3)]!;
  return instance(campaign);
}

function resetGenerator(): void {
  random = rng(20261126);
  campaigns.length = 0;
  repeats.clear();
  seq = 0;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) throw new Error('Run with node --expose-gc (npm run bench does).');
  collect();
  collect();
}

function toStored(input: SubmissionInput, at: number): StoredSubmission {
  const submission = normalizeSubmission(input, input.id!, new Date(at).toISOString());
  return { ...submission, status: 'approved', score: 0, reasons: [], signals: [], receipt: '', history: [], updatedAt: submission.receivedAt };
}

/** The template index alone: lookup + observe per submission, its heap, and the linear scan on the same texts. */
function indexOnly(): string[] {
  resetGenerator();
  let at = Date.parse('2026-01-05T08:00:00Z');
  const max = Math.max(...SIZES);
  const all: StoredSubmission[] = [];
  for (let i = 0; i < max + QUERIES * SIZES.length; i++) all.push(toStored(next(), (at += 20_000)));
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const index = createTemplateIndex({ ownerNames: ['Halla', 'Halla Jónsdóttir'] });
  const rows: string[] = [];
  let filled = 0;
  for (const size of SIZES) {
    while (filled < size) index.observe(all[filled++]!);
    gc();
    const perSubmission = (process.memoryUsage().heapUsed - heap0) / filled;
    const queries = all.slice(filled, filled + QUERIES);
    const times: number[] = [];
    let candidates = 0;
    let shouldMatch = 0;
    let matched = 0;
    let falseMatches = 0;
    for (const q of queries) {
      const t0 = performance.now();
      const found = index.lookup(q);
      index.observe(q);
      times.push(performance.now() - t0);
      candidates += found.candidates;
      if (repeats.has(q.id)) shouldMatch++;
      if (repeats.has(q.id) && found.matches.length) matched++;
      if (!q.id.startsWith('c-') && found.matches.length) falseMatches++;
    }
    const corpus = all.slice(0, filled);
    const linear: number[] = [];
    for (const q of queries.slice(0, LINEAR_QUERIES)) {
      const t0 = performance.now();
      let best = 0;
      for (const s of corpus) best = Math.max(best, similarity(q.text, s.text));
      linear.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    linear.sort((a, b) => a - b);
    const p50 = percentile(times, 50);
    const p99 = percentile(times, 99);
    const linearP50 = percentile(linear, 50);
    console.log(`index only, ${size.toLocaleString('en')} stored: lookup+observe p50 ${ms(p50)} ms, p99 ${ms(p99)} ms; `
      + `${(candidates / queries.length).toFixed(1)} candidates; found ${matched} of ${shouldMatch} repeat campaign instances, `
      + `${falseMatches} genuine comments matched; linear scan p50 ${ms(linearP50)} ms `
      + `(${(linearP50 / p50).toFixed(0)}×); index heap ${(perSubmission / 1024).toFixed(2)} KiB/submission; ${index.clusters().length} campaigns`);
    rows.push(`| ${size.toLocaleString('en')} | ${ms(p50)} | ${ms(p99)} | ${ms(linearP50)} | ${(linearP50 / p50).toFixed(0)}× | ${(candidates / queries.length).toFixed(1)} | ${matched}/${shouldMatch} | ${falseMatches} | ${(perSubmission / 1024).toFixed(2)} KiB | ${index.clusters().length} |`);
    filled += queries.length;
  }
  const t0 = performance.now();
  const state = index.toJSON();
  const json = JSON.stringify(state);
  console.log(`saved state at ${filled.toLocaleString('en')} submissions: ${(json.length / 1024 / 1024).toFixed(2)} MiB JSON, toJSON + stringify ${ms(performance.now() - t0)} ms`);
  const t1 = performance.now();
  createTemplateIndex({ ownerNames: ['Halla', 'Halla Jónsdóttir'] }).load(JSON.parse(json));
  console.log(`load ${ms(performance.now() - t1)} ms\n`);
  return rows;
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`Doorkeep benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  console.log(`Node flags: ${FLAGS}; load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} at start`);
  console.log(`sizes ${SIZES.join(', ')}; ${QUERIES} timed calls per size; linear scan over ${LINEAR_QUERIES} of them\n`);
  const pipelineRows = ONLY === 'index' ? [] : await pipeline();
  const indexRows = ONLY === 'pipeline' ? [] : indexOnly();
  console.log('\nTemplate index alone:\n\n| Stored | lookup+observe p50 ms | p99 ms | linear scan p50 ms | linear ÷ index | candidates | repeats found | genuine matched | index heap per submission | campaigns |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of indexRows) console.log(row);
  console.log('\nThrough createDoorkeep() + moderate() (memory store, every filter on):');
  console.log('\n| Stored | moderate() p50 ms | p99 ms | CPU p50 ms | CPU p99 ms | template lookup p50 ms | p99 ms | linear scan p50 ms | linear ÷ moderate | heap per submission | LSH candidates | campaigns |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of pipelineRows) console.log(row);
  console.log(`\nTotal ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} at the end.`);
}

/** GC pauses and state saves seen while `during` runs. */
const gcPauses: number[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push(entry.duration);
}).observe({ entryTypes: ['gc'] });

async function pipeline(): Promise<string[]> {
  resetGenerator();
  let clock = Date.parse('2026-01-05T08:00:00Z');
  const texts: string[] = [];
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const store = createMemoryStore();
  const saves: number[] = [];
  const setState = store.setState.bind(store);
  store.setState = async (key, value) => {
    const t0 = performance.now();
    await setState(key, value);
    saves.push(performance.now() - t0);
  };
  const doorkeep = await createDoorkeep({
    store,
    site: { name: "Halla's notes", url: 'https://halla.example', ownerNames: ['Halla', 'Halla Jónsdóttir'] },
    getPost: (id) => posts.find((p) => p.id === id),
    listPosts: () => posts,
    secret: 'benchmark-secret-0123456789',
    clock: { now: () => new Date(clock) },
    retentionIntervalMs: false,
  });
  const templates = doorkeep.templates() as ReturnType<typeof createTemplateIndex>;

  async function moderate(input: SubmissionInput): Promise<StoredSubmission> {
    clock += 20_000;
    const { submission } = await doorkeep.moderate({ ...input, receivedAt: new Date(clock).toISOString() });
    texts.push(submission.text);
    return submission;
  }

  const rows: string[] = [];
  for (const size of SIZES) {
    const fillStart = performance.now();
    while (texts.length < size) await moderate(next());
    const fillSeconds = (performance.now() - fillStart) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 300));

    const queries = Array.from({ length: QUERIES }, () => next());
    for (let i = 0; i < 30; i++) await moderate(next());
    const times: number[] = [];
    const cpuTimes: number[] = [];
    const lookupTimes: number[] = [];
    let candidates = 0;
    const stored: StoredSubmission[] = [];
    gcPauses.length = 0;
    saves.length = 0;
    for (const q of queries) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      stored.push(await moderate(q));
      times.push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const pauses = [...gcPauses];
    const saveTimes = [...saves];
    for (const s of stored.slice(0, LINEAR_QUERIES * 4)) {
      const t0 = performance.now();
      candidates += templates.lookup({ ...s, id: `${s.id}-probe` }).candidates;
      lookupTimes.push(performance.now() - t0);
    }
    const linear: number[] = [];
    const corpus = texts.slice(0, size);
    for (const s of stored.slice(0, LINEAR_QUERIES)) {
      const t0 = performance.now();
      let best = 0;
      for (const text of corpus) {
        const score = similarity(s.text, text);
        if (score > best) best = score;
      }
      linear.push(performance.now() - t0);
      if (best < 0) console.log('unreachable');
    }
    times.sort((a, b) => a - b);
    cpuTimes.sort((a, b) => a - b);
    lookupTimes.sort((a, b) => a - b);
    linear.sort((a, b) => a - b);
    gc();
    const perSubmission = (process.memoryUsage().heapUsed - heapBefore) / texts.length;
    const campaignsFound = templates.clusters().length;
    const row = {
      size, p50: percentile(times, 50), p99: percentile(times, 99), cpuP50: percentile(cpuTimes, 50), cpuP99: percentile(cpuTimes, 99), lookupP50: percentile(lookupTimes, 50), lookupP99: percentile(lookupTimes, 99),
      linearP50: percentile(linear, 50), perSubmission, candidates: candidates / lookupTimes.length, campaignsFound, fillSeconds,
    };
    console.log(`${size.toLocaleString('en')} stored: moderate() p50 ${ms(row.p50)} ms, p99 ${ms(row.p99)} ms `
      + `(CPU p50 ${ms(row.cpuP50)} ms, p99 ${ms(row.cpuP99)} ms); template lookup p50 ${ms(row.lookupP50)} ms, `
      + `p99 ${ms(row.lookupP99)} ms (${row.candidates.toFixed(0)} candidates); linear scan p50 ${ms(row.linearP50)} ms `
      + `(${(row.linearP50 / row.p50).toFixed(0)}× moderate p50, ${(row.linearP50 / row.lookupP50).toFixed(0)}× lookup p50); `
      + `heap ${(perSubmission / 1024).toFixed(1)} KiB/submission; ${campaignsFound} campaigns; filled in ${fillSeconds.toFixed(0)} s`);
    const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
    console.log(`  while timing: ${pauses.length} GC pauses (${ms(sum(pauses))} ms in all, longest ${ms(Math.max(0, ...pauses))} ms); `
      + `${saveTimes.length} state saves (${ms(sum(saveTimes))} ms in all, longest ${ms(Math.max(0, ...saveTimes))} ms)`);
    rows.push(`| ${size.toLocaleString('en')} | ${ms(row.p50)} | ${ms(row.p99)} | ${ms(row.cpuP50)} | ${ms(row.cpuP99)} | ${ms(row.lookupP50)} | ${ms(row.lookupP99)} | ${ms(row.linearP50)} | `
      + `${(row.linearP50 / row.p50).toFixed(0)}× | ${(perSubmission / 1024).toFixed(1)} KiB | ${row.candidates.toFixed(0)} | ${campaignsFound} |`);
  }
  const t0 = performance.now();
  const state = templates.toJSON();
  const t1 = performance.now();
  const json = JSON.stringify(state);
  console.log(`Template index state at ${texts.length.toLocaleString('en')} submissions: ${(json.length / 1024 / 1024).toFixed(1)} MiB of JSON (toJSON ${ms(t1 - t0)} ms).\n`);
  await doorkeep.close();
  return rows;
}

await main();
