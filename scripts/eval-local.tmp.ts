/**
 * npm run eval: replay the YouTube Spam Collection through Doorkeep in file order, the moderator's
 * decision (the label) applied after each verdict, and compare with two baselines on the same replay.
 *
 *   npm run eval [-- --data DIR] [--out docs/evaluation.md] [--per-video N] [--no-write]
 *   DOORKEEP_EVAL_DATA=DIR npm run eval
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import stringSimilarity from 'string-similarity';
import { createClassifier, type ClassifierOptions } from '../plugin/knowledge/naive-bayes.js';
import { extractLinks } from '../plugin/normalize/links.js';
import { toPlainText } from '../plugin/normalize/plain-text.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import type { Post, Status } from '../plugin/types.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_DATA_DIR = resolve(ROOT, '../shared/data/youtube-spam-collection');

export interface Comment {
  id: string;
  author: string;
  date: string;
  content: string;
  spam: boolean;
  postId: string;
  /** Position of the comment within its video, from 0. */
  index: number;
}

export interface Collection {
  posts: Post[];
  comments: Comment[];
}

/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

interface VideoEntry { file: string; id: string; permalink: string; title: string; body: string; tags: string[] }

/** The videos (as posts) and their comments in file order; `perVideo` keeps only the first N of each. */
export function loadCollection(dir: string, perVideo = Infinity): Collection {
  const videos = JSON.parse(readFileSync(join(dir, 'videos.json'), 'utf8')) as VideoEntry[];
  const posts: Post[] = [];
  const comments: Comment[] = [];
  for (const video of videos) {
    posts.push({ id: video.id, title: video.title, body: video.body, tags: video.tags, permalink: video.permalink });
    const [header, ...rows] = parseCsv(readFileSync(join(dir, video.file), 'utf8'));
    const col = (name: string) => header!.indexOf(name);
    const [cId, cAuthor, cDate, cContent, cLabel] = ['COMMENT_ID', 'AUTHOR', 'DATE', 'CONTENT', 'label'].map(col);
    let index = 0;
    for (const row of rows) {
      if (row.length < header!.length || index >= perVideo) continue;
      comments.push({
        id: `${video.id}/${row[cId!]}`, author: row[cAuthor!]!, date: row[cDate!]!, content: row[cContent!]!,
        spam: row[cLabel!] === '1', postId: video.id, index: index++,
      });
    }
  }
  return { posts, comments };
}

/** One replayed comment: what it was and what the filter said. */
export interface Outcome {
  spam: boolean;
  /** Cold start: among the first 50 comments of its video. */
  cold: boolean;
  status: Status;
}

export interface Metrics {
  total: number;
  spam: number;
  ham: number;
  /** Spam filed as spam, pitch or discard. */
  caught: number;
  /** Ham filed as spam, pitch or discard. */
  falsePositives: number;
  pendingSpam: number;
  pendingHam: number;
  precision: number;
  recall: number;
  f1: number;
  falsePositiveRate: number;
  /** Share of all comments held for review (pending). */
  held: number;
}

const CAUGHT: ReadonlySet<Status> = new Set(['spam', 'pitch', 'discard']);

/**
 * Caught = spam, pitch or discard. Pending is neither a catch nor a false positive: a pending spam
 * counts as a miss (it lowers recall), a pending ham is not a false positive; both are in `held`.
 */
export function computeMetrics(outcomes: readonly Outcome[]): Metrics {
  let caught = 0;
  let falsePositives = 0;
  let pendingSpam = 0;
  let pendingHam = 0;
  let spam = 0;
  for (const o of outcomes) {
    if (o.spam) spam++;
    if (CAUGHT.has(o.status)) o.spam ? caught++ : falsePositives++;
    if (o.status === 'pending') o.spam ? pendingSpam++ : pendingHam++;
  }
  const total = outcomes.length;
  const ham = total - spam;
  const precision = caught + falsePositives ? caught / (caught + falsePositives) : 0;
  const recall = spam ? caught / spam : 0;
  return {
    total, spam, ham, caught, falsePositives, pendingSpam, pendingHam, precision, recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    falsePositiveRate: ham ? falsePositives / ham : 0,
    held: total ? (pendingSpam + pendingHam) / total : 0,
  };
}

const COLD = 50;

/** Doorkeep with default settings, a fresh memory store, the label applied as the decision after each verdict. */
export async function replayDoorkeep(collection: Collection, progress: (message: string) => void = () => {}): Promise<Outcome[]> {
  const byId = new Map(collection.posts.map((p) => [p.id, p]));
  const { createDoorkeep } = await import('../plugin/doorkeep.js');
  let now = new Date('2013-01-01T00:00:00Z');
  const dk = await createDoorkeep({
    store: createMemoryStore(),
    site: { name: 'Music videos', url: 'https://videos.example', ownerNames: [] },
    getPost: (id) => byId.get(id),
    listPosts: () => collection.posts,
    clock: { now: () => now },
    retentionIntervalMs: false,
    ...(process.env.SIG_OFF ? { settings: { filters: Object.fromEntries(process.env.SIG_OFF.split(',').map((n) => [n, false])) } } : {}),
  });
  const outcomes: Outcome[] = [];
  for (const c of collection.comments) {
    const date = new Date(c.date);
    if (!Number.isNaN(date.getTime()) && date > now) now = date;
    const { verdict } = await dk.moderate({
      id: `${outcomes.length}:${c.id}`, type: 'comment', postId: c.postId, author: { name: c.author }, content: c.content, receivedAt: now.toISOString(),
    });
    outcomes.push({ spam: c.spam, cold: c.index < COLD, status: verdict.status });
    if (outcomes.length % 250 === 0) progress(`${outcomes.length} of ${collection.comments.length} replayed`);
    await dk.decide(`${outcomes.length - 1}:${c.id}`, c.spam ? 'spam' : 'approve', 'evaluation');
  }
  await dk.close();
  return outcomes;
}

/**
 * The classifier alone, fed the same decisions, read the way the classifier filter reads it with its
 * default weights: p ≥ 0.6 reaches the spam threshold, 0.55 ≤ p < 0.6 is held (pending).
 */
export function replayClassifier(collection: Collection, options: ClassifierOptions): Outcome[] {
  const classifier = createClassifier(options);
  return collection.comments.map((c) => {
    const example = { text: toPlainText(c.content), links: extractLinks(c.content).all, content: c.content };
    const p = classifier.classify(example).probability;
    classifier.train(example, c.spam);
    return { spam: c.spam, cold: c.index < COLD, status: p >= 0.6 ? 'spam' : p >= 0.55 ? 'pending' : 'approved' };
  });
}

/**
 * Naive baseline: a comment is spam when string-similarity's findBestMatch against every spam
 * comment seen so far rates at least `threshold` (Dice coefficient of character bigrams).
 */
export function replayNaive(collection: Collection, threshold = 0.5): Outcome[] {
  const seen: string[] = [];
  return collection.comments.map((c) => {
    const text = toPlainText(c.content) || ' ';
    const best = seen.length ? stringSimilarity.findBestMatch(text, seen).bestMatch.rating : 0;
    if (c.spam) seen.push(text);
    return { spam: c.spam, cold: c.index < COLD, status: best >= threshold ? 'spam' : 'approved' };
  });
}

export const BOGOFILTER = '/usr/bin/bogofilter';

/**
 * bogofilter with a fresh word list: classify with -T (S = spam, U = unsure → pending, H = ham),
 * then train with -s / -n. Returns undefined when bogofilter is not installed.
 */
export function replayBogofilter(collection: Collection, binary = BOGOFILTER): Outcome[] | undefined {
  const probe = spawnSync(binary, ['-V'], { encoding: 'utf8' });
  if (probe.error) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'doorkeep-bogo-'));
  try {
    return collection.comments.map((c) => {
      const message = `From: ${c.author.replace(/[\r\n]/g, ' ')}\nSubject: comment\n\n${toPlainText(c.content)}\n`;
      const out = spawnSync(binary, ['-d', dir, '-T'], { input: message, encoding: 'utf8' }).stdout.trim();
      const status: Status = out.startsWith('S') ? 'spam' : out.startsWith('U') ? 'pending' : 'approved';
      spawnSync(binary, ['-d', dir, c.spam ? '-s' : '-n'], { input: message });
      return { spam: c.spam, cold: c.index < COLD, status };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
const dec = (n: number) => n.toFixed(3);

export function tableRow(name: string, m: Metrics): string {
  return `| ${name} | ${m.total} | ${dec(m.precision)} | ${dec(m.recall)} | ${dec(m.f1)} | ${pct(m.falsePositiveRate)} (${m.falsePositives}) | ${pct(m.held)} (${m.pendingSpam} spam, ${m.pendingHam} ham) |`;
}

export const TABLE_HEAD = '| Filter (slice) | Comments | Precision | Recall | F1 | False-positive rate | Held for review |\n| --- | --- | --- | --- | --- | --- | --- |';

function args(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) out[a.slice(2)] = argv[++i]!;
    else out[a.slice(2)] = true;
  }
  return out;
}

async function main(): Promise<void> {
  const flags = args(process.argv.slice(2));
  const dir = resolve(String(flags.data ?? process.env.DOORKEEP_EVAL_DATA ?? DEFAULT_DATA_DIR));
  const perVideo = flags['per-video'] ? Number(flags['per-video']) : Infinity;
  const collection = loadCollection(dir, perVideo);
  console.error(`Replaying ${collection.comments.length} comments on ${collection.posts.length} videos from ${dir}`);

  const started = Date.now();
  const results: [string, Outcome[]][] = [['Doorkeep (default settings)', await replayDoorkeep(collection, (m) => console.error(m))]];
  const doorkeepMs = Date.now() - started;
  results.push(['Classifier alone: online logistic regression (the default)', replayClassifier(collection, {})]);
  results.push(['Classifier alone: naive Bayes (words and pairs only: n-grams made it worse)', replayClassifier(collection, { model: 'bayes', charMin: 0 })]);
  results.push(['Naive: findBestMatch ≥ 0.5 against spam seen so far', replayNaive(collection)]);
  const bogo = replayBogofilter(collection);
  if (bogo) results.push(['bogofilter (fresh word list, -T then -s/-n)', bogo]);

  const rows: string[] = [];
  for (const [name, outcomes] of results) {
    rows.push(tableRow(`${name} — all`, computeMetrics(outcomes)));
    rows.push(tableRow(`${name} — first ${COLD} per video`, computeMetrics(outcomes.filter((o) => o.cold))));
  }
  const command = `npm run eval${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const table = [TABLE_HEAD, ...rows].join('\n');
  console.log(table);
  if (!bogo) console.log(`\nbogofilter: skipped, ${BOGOFILTER} is not installed (apt-get install bogofilter).`);
  console.log(`\nDoorkeep replay took ${(doorkeepMs / 1000).toFixed(1)} s.`);

  if (!flags['no-write']) {
    const out = resolve(ROOT, String(flags.out ?? 'docs/evaluation.md'));
    writeFileSync(out, renderDoc(table, command, new Date(), collection, Boolean(bogo)));
    console.error(`Wrote ${out}`);
  }
}

function renderDoc(table: string, command: string, date: Date, collection: Collection, bogo: boolean): string {
  const template = readFileSync(resolve(ROOT, 'scripts/evaluation-template.md'), 'utf8');
  return template
    .replace('{{date}}', date.toISOString().slice(0, 10))
    .replace('{{command}}', command)
    .replace('{{comments}}', String(collection.comments.length))
    .replace('{{videos}}', String(collection.posts.length))
    .replace('{{table}}', table)
    .replace('{{bogofilter}}', bogo ? '' : '\nbogofilter was not installed on the machine that produced this table; its rows are missing.\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
