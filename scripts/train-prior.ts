/**
 * npm run train-prior: learn the prior that ships with Doorkeep (plugin/knowledge/prior.json) from the
 * YouTube and SMS spam collections and the hand-written fixtures, reproducibly (seeded).
 *
 *   npm run train-prior [-- --seed N] [--without youtube|sms|fixtures] [--out FILE]
 *
 * Each set is split at random (seeded) into a fit part (80 %) and a calibration part (20 %),
 * class by class. The weights are learned on the fit parts only (online logistic regression, the
 * site classifier's own model, two passes in a seeded order); the calibration (Platt scaling of the raw
 * log-odds) is fitted on the calibration parts only, which the weights never saw. The file records
 * the sources, their digests, the split and the seed in its `manifest`.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fitCalibration, logLoss, plattTargets } from '../plugin/knowledge/calibration.js';
import { vectorOf, type Example } from '../plugin/knowledge/features.js';
import { createClassifier } from '../plugin/knowledge/naive-bayes.js';
import { createPrior, knownFactor, type PriorFile } from '../plugin/knowledge/prior.js';
import { normalizeSubmission } from '../plugin/normalize/submission.js';
import { words } from '../plugin/text/tokenize.js';
import { seeded } from './seeded.js';
import { type Comment, type DataSet, FIXTURES_FILE, fixtureLines, loadFixtures, loadSms, loadYoutube, ROOT } from './datasets.js';

export const PRIOR_SEED = 7;
const MAX_FEATURES = 30_000;
const CALIBRATION_SHARE = 0.2;
const PASSES = 2;
/**
 * The prior reads words, word pairs and shape tokens, not character n-grams: n-grams fitted its
 * training sets a little better but carried substrings across words ("unsubscribe link" scored as
 * "subscribe to my channel"), which is how a reader gets held on a new site.
 */
const CHAR_MIN = 0;
const CHAR_MAX = 0;
const MARGIN = 0.1;

/** A message as the classifier sees it on a site: normalized exactly as the pipeline does. */
export function exampleOf(c: Comment): Example | undefined {
  try {
    const s = normalizeSubmission({ type: c.type ?? 'comment', postId: c.postId, content: c.content, author: { name: c.author, url: c.authorUrl ?? '' } }, c.id, '2020-01-01T00:00:00Z');
    return { text: s.text, links: s.links, content: s.content, author: { url: s.author.url } };
  } catch {
    return undefined;
  }
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** At most this many examples of each set are scored when measuring the transfer weight. */
const TRANSFER_SAMPLE = 1500;

/**
 * The transfer weight: how far a prior's calibrated log-odds carry to a data set it never saw. Each set
 * is scored by a prior trained on the others; one slope is fitted over all of them (an intercept per
 * set, since their spam shares differ). Undefined with fewer than two sets.
 */
function measureTransfer(sets: DataSet[], seed: number): { a: number; examples: number; perSet: Record<string, number> } | undefined {
  if (sets.length < 2) return undefined;
  const xs: number[][] = [];
  const ys: number[] = [];
  const perSet: Record<string, number> = {};
  sets.forEach((set, k) => {
    const prior = createPrior(trainPrior(sets.filter((s) => s !== set), seed, '', false));
    const random = seeded(seed + k);
    const sample = shuffle(set.collection.comments, random).slice(0, TRANSFER_SAMPLE);
    const own: number[][] = [];
    const ownY: number[] = [];
    for (const c of sample) {
      const e = exampleOf(c);
      if (!e) continue;
      const vector = vectorOf(e, prior.charMin, prior.charMax);
      const x = knownFactor(prior.known(vector)) * prior.score(vector);
      const row = [x, ...sets.map((_, j) => (j === k ? 1 : 0))];
      xs.push(row);
      ys.push(c.spam ? 1 : 0);
      own.push([x, 1]);
      ownY.push(c.spam ? 1 : 0);
    }
    perSet[set.name] = Math.round(fitCalibration(own, plattTargets(ownY), [1, 0], 1, 20, [[0, 3], [-10, 10]])[0]! * 1e4) / 1e4;
  });
  const theta = fitCalibration(xs, plattTargets(ys), [1, ...sets.map(() => 0)], 1, 20, [[0, 3], ...sets.map((): [number, number] => [-10, 10])]);
  return { a: Math.round(Math.min(1, Math.max(0, theta[0]!)) * 1e4) / 1e4, examples: xs.length, perSet };
}

export function trainPrior(sets: DataSet[], seed = PRIOR_SEED, command = 'npm run train-prior', nested = true): PriorFile {
  const random = seeded(seed);
  const fit: [Example, boolean][] = [];
  const held: [Example, boolean][] = [];
  for (const set of sets) {
    for (const spam of [true, false]) {
      const examples = set.collection.comments.filter((c) => c.spam === spam).map(exampleOf).filter((e): e is Example => e !== undefined);
      const order = shuffle(examples, random);
      const cut = Math.round(order.length * CALIBRATION_SHARE);
      for (const e of order.slice(0, cut)) held.push([e, spam]);
      for (const e of order.slice(cut)) fit.push([e, spam]);
    }
  }

  const classifier = createClassifier({ maxFeatures: MAX_FEATURES, charMin: CHAR_MIN, charMax: CHAR_MAX, margin: MARGIN });
  for (let pass = 0; pass < PASSES; pass++) for (const [example, spam] of shuffle(fit, random)) classifier.train(example, spam);
  const state = classifier.toJSON() as { bias: number; features: Record<string, number> };

  const seen = new Map<string, number>();
  for (const [example] of fit) for (const w of new Set(words(example.text))) seen.set(w, (seen.get(w) ?? 0) + 1);
  const vocabulary = [...seen].filter(([, n]) => n >= 2).map(([w]) => w).sort();

  const file: PriorFile = {
    v: 1,
    manifest: {
      command, seed,
      sources: sets.map((s) => ({
        name: s.name, path: s.path, attribution: s.attribution, licence: s.licence, sha256: s.sha256,
        spam: s.collection.comments.filter((c) => c.spam).length, ham: s.collection.comments.filter((c) => !c.spam).length,
      })),
      split: { fit: fit.length, calibration: held.length },
      calibrationLogLoss: { raw: 0, calibrated: 0 },
    },
    charMin: CHAR_MIN, charMax: CHAR_MAX,
    bias: Math.round(state.bias * 1e4) / 1e4,
    calibration: { a: 1, b: 0 },
    features: Object.fromEntries(Object.entries(state.features).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))),
    vocabulary,
  };

  // Calibration on the held-out part: Platt scaling of the raw log-odds.
  const raw = createPrior(file);
  const xs = held.map(([e]) => [raw.score(vectorOf(e, CHAR_MIN, CHAR_MAX)), 1]);
  const ys = held.map(([, spam]) => (spam ? 1 : 0));
  const [a, b] = fitCalibration(xs, ys, [1, 0], 0.01, 20);
  file.calibration = { a: Math.round(a! * 1e4) / 1e4, b: Math.round(b! * 1e4) / 1e4 };
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  file.manifest.calibrationLogLoss = {
    raw: Math.round(logLoss(xs.map(([z]) => sigmoid(z!)), ys) * 1e4) / 1e4,
    calibrated: Math.round(logLoss(xs.map(([z]) => sigmoid(file.calibration.a * z! + file.calibration.b)), ys) * 1e4) / 1e4,
  };
  const transfer = nested ? measureTransfer(sets, seed) : undefined;
  if (transfer) {
    file.transfer = transfer.a;
    file.manifest.transfer = { examples: transfer.examples, perSet: transfer.perSet };
  }
  return file;
}

export type SetName = DataSet['name'];

export function loadSets(without: SetName[] = []): DataSet[] {
  const loaders: Record<SetName, () => DataSet> = { youtube: () => loadYoutube(), sms: () => loadSms(), fixtures: () => loadFixtures() };
  return (Object.keys(loaders) as SetName[]).filter((n) => !without.includes(n)).map((n) => loaders[n]());
}

function main(): void {
  const argv = process.argv.slice(2);
  const flag = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const seed = Number(flag('seed') ?? PRIOR_SEED);
  const without = (flag('without')?.split(',') ?? []) as SetName[];
  const out = resolve(ROOT, flag('out') ?? 'plugin/knowledge/prior.json');
  mkdirSync(dirname(FIXTURES_FILE), { recursive: true });
  writeFileSync(FIXTURES_FILE, fixtureLines());
  const started = Date.now();
  const file = trainPrior(loadSets(without), seed, `npm run train-prior${argv.length ? ` -- ${argv.join(' ')}` : ''}`);
  const json = JSON.stringify(file);
  writeFileSync(out, json);
  console.log(`Wrote ${out}: ${(json.length / 1024).toFixed(0)} KiB, ${Object.keys(file.features).length} features, ${file.vocabulary.length} words, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(JSON.stringify(file.manifest, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
