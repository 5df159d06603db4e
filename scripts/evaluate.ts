/**
 * npm run eval: replay every public set (YouTube, SMS) and the fixtures through Doorkeep, online (each
 * verdict made before its label is learned as the moderator's decision), with bogofilter alongside.
 *
 * Headline: the leave-one-dataset-out run, in which the prior (and its calibration) was trained without
 * the set being scored. Also: the shipped prior (which saw 80 % of every set: in-sample, for reference),
 * cold-start slices (the first 50 messages of each set), and per-category figures on the fixtures.
 *
 *   npm run eval [-- --sets youtube,sms,fixtures,mentions] [--limit N] [--no-bogofilter] [--baselines] [--out docs/evaluation.md] [--no-write]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import stringSimilarity from 'string-similarity';
import { createClassifier, type ClassifierOptions } from '../plugin/knowledge/naive-bayes.js';
import type { PriorFile } from '../plugin/knowledge/prior.js';
import { extractLinks } from '../plugin/normalize/links.js';
import { toPlainText } from '../plugin/normalize/plain-text.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import type { Status } from '../plugin/types.js';
import { type Collection, type Comment, type DataSet, loadCollection, loadFixtures, loadSms, loadYoutube, parseCsv, publicDataPresent, ROOT, YOUTUBE_DIR } from './datasets.js';
import { mentionSummary, mentionTable, replayMentions } from './mention-eval.js';
import { type SetName, trainPrior } from './train-prior.js';

export { loadCollection, parseCsv, type Collection, type Comment };
export const DEFAULT_DATA_DIR = YOUTUBE_DIR;

/** One replayed comment: what it was and what the filter said. */
export interface Outcome {
  spam: boolean;
  /** Cold start: among the first 50 messages of its set (or of its video, for the per-video baselines). */
  cold: boolean;
  status: Status;
  /** Fixtures: the category the message was written for. */
  category?: string;
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

export interface ReplayOptions {
  /** The prior the classifier starts from: the shipped one (undefined), another, or none (false). */
  prior?: PriorFile | false;
  progress?: (message: string) => void;
  /** Sees each message with its verdict (for looking into mistakes). */
  onVerdict?: (comment: Comment, verdict: { status: Status; reasons: string[]; score: number }) => void;
}

/**
 * Doorkeep with default settings, a fresh memory store, the label applied as the decision after each
 * verdict. `cold` marks the first 50 messages of the whole replay (the site's first 50).
 */
export async function replayDoorkeep(collection: Collection, options: ReplayOptions = {}): Promise<Outcome[]> {
  const byId = new Map(collection.posts.map((p) => [p.id, p]));
  const { createDoorkeep } = await import('../plugin/doorkeep.js');
  let now = new Date('2013-01-01T00:00:00Z');
  const dk = await createDoorkeep({
    store: createMemoryStore(),
    site: { name: 'Evaluation site', url: 'https://site.example', ownerNames: ['Anna Larsen'] },
    getPost: (id) => byId.get(id),
    listPosts: () => collection.posts,
    clock: { now: () => now },
    retentionIntervalMs: false,
    ...(options.prior !== undefined ? { prior: options.prior } : {}),
  });
  const outcomes: Outcome[] = [];
  for (const c of collection.comments) {
    const date = new Date(c.date);
    // Rows without a date move the clock on by seven minutes, so no flood window sees a burst that never was.
    now = !Number.isNaN(date.getTime()) && date > now ? date : new Date(now.getTime() + 7 * 60_000);
    const { verdict } = await dk.moderate({
      id: c.id, type: c.type ?? 'comment', postId: c.postId, author: { name: c.author, url: c.authorUrl ?? '' }, content: c.content, receivedAt: now.toISOString(),
    });
    options.onVerdict?.(c, verdict);
    outcomes.push({ spam: c.spam, cold: outcomes.length < COLD, status: verdict.status, ...(c.category ? { category: c.category } : {}) });
    if (outcomes.length % 1000 === 0) options.progress?.(`${outcomes.length} of ${collection.comments.length} replayed`);
    await dk.decide(c.id, c.spam ? 'spam' : 'approve', 'evaluation');
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
  return collection.comments.map((c, i) => {
    const example = { text: toPlainText(c.content), links: extractLinks(c.content).all, content: c.content };
    const p = classifier.classify(example).probability;
    classifier.train(example, c.spam);
    return { spam: c.spam, cold: i < COLD, status: p >= 0.6 ? 'spam' : p >= 0.55 ? 'pending' : 'approved' };
  });
}

/**
 * Naive baseline: a comment is spam when string-similarity's findBestMatch against every spam
 * comment seen so far rates at least `threshold` (Dice coefficient of character bigrams).
 */
export function replayNaive(collection: Collection, threshold = 0.5): Outcome[] {
  const seen: string[] = [];
  return collection.comments.map((c, i) => {
    const text = toPlainText(c.content) || ' ';
    const best = seen.length ? stringSimilarity.findBestMatch(text, seen).bestMatch.rating : 0;
    if (c.spam) seen.push(text);
    return { spam: c.spam, cold: i < COLD, status: best >= threshold ? 'spam' : 'approved' };
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
    return collection.comments.map((c, i) => {
      const message = `From: ${c.author.replace(/[\r\n]/g, ' ')}\nSubject: comment\n\n${toPlainText(c.content)}${c.authorUrl ? `\n${c.authorUrl}` : ''}\n`;
      const out = spawnSync(binary, ['-d', dir, '-T'], { input: message, encoding: 'utf8' }).stdout.trim();
      const status: Status = out.startsWith('S') ? 'spam' : out.startsWith('U') ? 'pending' : 'approved';
      spawnSync(binary, ['-d', dir, c.spam ? '-s' : '-n'], { input: message });
      return { spam: c.spam, cold: i < COLD, status, ...(c.category ? { category: c.category } : {}) };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
const dec = (n: number) => n.toFixed(3);

export function tableRow(name: string, m: Metrics): string {
  const genuineHeld = m.ham ? m.pendingHam / m.ham : 0;
  return `| ${name} | ${m.total} | ${dec(m.precision)} | ${dec(m.recall)} | ${dec(m.f1)} | ${pct(m.falsePositiveRate)} (${m.falsePositives}) | ${pct(genuineHeld)} | ${pct(m.held)} (${m.pendingSpam} spam, ${m.pendingHam} ham) |`;
}

export const TABLE_HEAD = '| Set — run (slice) | Messages | Precision | Recall | F1 | Genuine blocked (FP rate) | Genuine held | All held |\n| --- | --- | --- | --- | --- | --- | --- | --- |';

/** Per category (fixtures): spam caught / held, or genuine blocked / held. */
export function categoryRows(outcomes: readonly Outcome[]): string[] {
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) if (o.category) groups.set(o.category, [...(groups.get(o.category) ?? []), o]);
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([category, list]) => {
    const caught = list.filter((o) => CAUGHT.has(o.status)).length;
    const held = list.filter((o) => o.status === 'pending').length;
    const spam = list[0]!.spam;
    return `| ${category} | ${list.length} | ${spam ? `${pct(caught / list.length)} caught` : `${pct(caught / list.length)} blocked`} | ${pct(held / list.length)} held |`;
  });
}

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

const LOADERS: Record<SetName, (limit: number) => DataSet> = {
  youtube: (limit) => loadYoutube(undefined, limit === Infinity ? Infinity : Math.ceil(limit / 5)),
  sms: (limit) => loadSms(undefined, limit),
  fixtures: (limit) => {
    const set = loadFixtures();
    return { ...set, collection: { ...set.collection, comments: set.collection.comments.slice(0, limit) } };
  },
};

interface Run { set: DataSet; run: string; outcomes: Outcome[]; headline: boolean }

async function main(): Promise<void> {
  const flags = args(process.argv.slice(2));
  const limit = flags.limit ? Number(flags.limit) : Infinity;
  const present = publicDataPresent();
  const asked = typeof flags.sets === 'string' ? flags.sets.split(',') : ['youtube', 'sms', 'fixtures', 'mentions'];
  const wantMentions = asked.includes('mentions');
  const wanted = asked.filter((n) => n !== 'mentions') as SetName[];
  const names = wanted.filter((n) => n === 'fixtures' || present);
  if (!present) console.log('../shared/data is not here: the YouTube and SMS replays are SKIPPED; only the fixtures are replayed.');
  const sets = names.map((n) => LOADERS[n](limit));
  const all = (['youtube', 'sms', 'fixtures'] as SetName[]).filter((n) => n === 'fixtures' || present).map((n) => LOADERS[n](Infinity));
  const runs: Run[] = [];
  const started = Date.now();
  for (const set of sets) {
    const others = all.filter((s) => s.name !== set.name);
    console.error(`${set.name}: training a prior on ${others.map((s) => s.name).join(' + ')} only…`);
    const prior = trainPrior(others, undefined, `trainPrior(without ${set.name})`);
    console.error(`${set.name}: replaying ${set.collection.comments.length} messages (leave-one-dataset-out)…`);
    runs.push({ set, run: `Doorkeep, prior without ${set.name} (leave-one-dataset-out)`, outcomes: await replayDoorkeep(set.collection, { prior, progress: (m) => console.error(`  ${m}`) }), headline: true });
    console.error(`${set.name}: replaying with the shipped prior (in-sample)…`);
    runs.push({ set, run: 'Doorkeep, shipped prior (saw 80% of this set: in-sample)', outcomes: await replayDoorkeep(set.collection, {}), headline: false });
    if (flags.baselines) {
      runs.push({ set, run: 'Doorkeep, no prior (site decisions only)', outcomes: await replayDoorkeep(set.collection, { prior: false }), headline: false });
      runs.push({ set, run: 'Naive: findBestMatch ≥ 0.5 against spam seen so far', outcomes: replayNaive(set.collection), headline: false });
    }
    if (!flags['no-bogofilter']) {
      console.error(`${set.name}: bogofilter…`);
      const bogo = replayBogofilter(set.collection);
      if (bogo) runs.push({ set, run: 'bogofilter (fresh word list, -T then -s/-n)', outcomes: bogo, headline: false });
      else console.log(`bogofilter: skipped, ${BOGOFILTER} is not installed (apt-get install bogofilter).`);
    }
  }
  // Mentions: scripts/mention-fixtures.ts through the real receivers, the development part and the held-out part.
  let mentions = '(mentions not replayed)';
  if (wantMentions) {
    const parts: string[] = [];
    for (const part of ['dev', 'held'] as const) {
      console.error(`mentions: replaying the ${part} part through the receivers…`);
      const outcomes = await replayMentions(part, { feedback: true });
      parts.push(`**${part === 'dev' ? 'Development part' : 'Held-out part'}** (${outcomes.length} mentions): ${mentionSummary(outcomes)}.\n\n${mentionTable(outcomes)}`);
    }
    mentions = parts.join('\n\n');
  }
  const seconds = (Date.now() - started) / 1000;

  const rows: string[] = [];
  for (const r of runs) rows.push(tableRow(`${r.set.title} — ${r.run}`, computeMetrics(r.outcomes)));
  for (const r of runs) rows.push(tableRow(`${r.set.title} — ${r.run} (first ${COLD})`, computeMetrics(r.outcomes.filter((o) => o.cold))));
  const table = [TABLE_HEAD, ...rows].join('\n');
  const fixtures = runs.find((r) => r.set.name === 'fixtures' && r.headline);
  const categories = fixtures ? ['| Fixture category | Messages | Blocked / caught | Held |', '| --- | --- | --- | --- |', ...categoryRows(fixtures.outcomes)].join('\n') : '';
  const headline = runs.filter((r) => r.headline);
  const spamOther = headline.flatMap((r) => r.outcomes).filter((o) => o.spam);
  const genuine = headline.flatMap((r) => r.outcomes).filter((o) => !o.spam);
  const summary = [
    `Leave-one-dataset-out, all sets together: genuine blocked ${pct(genuine.filter((o) => CAUGHT.has(o.status)).length / Math.max(1, genuine.length))}`
      + ` (${genuine.filter((o) => CAUGHT.has(o.status)).length} of ${genuine.length}), genuine held ${pct(genuine.filter((o) => o.status === 'pending').length / Math.max(1, genuine.length))},`
      + ` spam caught ${pct(spamOther.filter((o) => CAUGHT.has(o.status)).length / Math.max(1, spamOther.length))} (${spamOther.length} spam).`,
  ].join('\n');
  const command = `npm run eval${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  console.log(table);
  if (categories) console.log(`\n${categories}`);
  if (wantMentions) console.log(`\n${mentions}`);
  console.log(`\n${summary}\n\nReplays took ${seconds.toFixed(0)} s.`);
  if (!flags['no-write']) {
    const out = resolve(ROOT, String(flags.out ?? 'docs/evaluation.md'));
    const template = readFileSync(resolve(ROOT, 'scripts/evaluation-template.md'), 'utf8');
    writeFileSync(out, template
      .replace('{{date}}', new Date().toISOString().slice(0, 10))
      .replace('{{command}}', command)
      .replace('{{table}}', table)
      .replace('{{categories}}', categories || '(fixtures not replayed)')
      .replace('{{mentions}}', mentions)
      .replace('{{summary}}', summary)
      .replace('{{skipped}}', present ? '' : '\n**../shared/data was not present: the YouTube and SMS replays were skipped.**\n')
      .replace('{{seconds}}', seconds.toFixed(0)));
    console.error(`Wrote ${out}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
