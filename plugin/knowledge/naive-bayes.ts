/**
 * The learning classifier over the presence of words, word pairs, character n-grams and a few shape
 * tokens (links, length), updated online by every moderator decision.
 *
 * Two models share the features: online logistic regression (the default: trained on each decision
 * until the example is learned within a margin, as in the TREC online spam filters) and naive Bayes
 * (kept for comparison). On the YouTube replay (docs/evaluation.md) the logistic model made a third
 * of naive Bayes's false positives at the same recall, so it is the default.
 */
import { DECISION_TABLE } from '../decisions.js';
import type { ClassifierResult, ClassifierView, Decision, LearningComponent, StoredSubmission } from '../types.js';
import { checkOptions, DoorkeepError } from '../errors.js';
import { fitCalibration, plattTargets } from './calibration.js';
import { createFeatureWeights, type Example, featureKey, featuresOf, type FeatureVector, vectorOf, WORD } from './features.js';
import { knownFactor, type Prior } from './prior.js';

export { featuresOf } from './features.js';

export type ClassifierModel = 'logistic' | 'bayes';

export interface ClassifierOptions {
  /** 'logistic' (online logistic regression) or 'bayes' (naive Bayes). Defaults to 'logistic'. */
  model?: ClassifierModel;
  /** Logistic: step size of each update. Defaults to 3. */
  learningRate?: number;
  /** Logistic: at most this many update steps per decision. Defaults to 10. */
  passes?: number;
  /** Logistic: stop updating once the example's probability is within this of its label. Defaults to 0.05 (chosen on the SMS and fixture replays: 0.1 left most spam just under the block threshold). */
  margin?: number;
  /** Bayes: additive smoothing of the per-class feature probabilities. Defaults to 0.5. */
  smoothing?: number;
  /** Smallest character n-gram; 0 turns n-grams off. Defaults to 3. */
  charMin?: number;
  /** Largest character n-gram. Defaults to 5. */
  charMax?: number;
  /** At most this many features are kept (the least informative are dropped; in memory up to twice as many). Defaults to 20_000. */
  maxFeatures?: number;
  /** How many submission ids are remembered so a repeated or reversed decision is handled. Defaults to 50_000. */
  maxRemembered?: number;
}

type Complete = Required<ClassifierOptions>;

const DEFAULTS: Complete = {
  model: 'logistic', learningRate: 3, passes: 10, margin: 0.05, smoothing: 0.5, charMin: 3, charMax: 5, maxFeatures: 20_000, maxRemembered: 50_000,
};

const TABLE = {
  model: 'string',
  learningRate: { kind: 'number', min: 0.0001, max: 100 },
  passes: { kind: 'number', min: 1, max: 100 },
  margin: { kind: 'number', min: 0, max: 0.5 },
  smoothing: { kind: 'number', min: 0.001, max: 10 },
  charMin: { kind: 'number', min: 0, max: 10 },
  charMax: { kind: 'number', min: 0, max: 10 },
  maxFeatures: { kind: 'number', min: 100 },
  maxRemembered: { kind: 'number', min: 0 },
} as const;

/** 1 = unwanted (spam, pitch, discard), 0 = wanted (approve, not-spam). */
type Label = 0 | 1;
/** What was learned about one submission: h = wanted, s = spam or discard, p = pitch. */
export type Learned = 'h' | 's' | 'p';

export function labelOf(decision: Decision): Label | undefined {
  const learn = DECISION_TABLE[decision]?.learn;
  return learn === undefined ? undefined : learn === 'wanted' ? 0 : 1;
}

export interface Classifier extends ClassifierView, LearningComponent {
  readonly name: 'classifier';
  /** Learn one example directly (evaluations, imports). */
  train(example: Example, unwanted: boolean): void;
  /**
   * Take back what one submission's decision taught (a privacy erasure): its count in the decision totals,
   * and for naive Bayes its feature counts exactly. Logistic weights cannot be separated by document, so
   * they stay, except features `drop` names (e.g. those containing the sender's name), which are removed.
   * Returns whether a decision about this submission was remembered.
   */
  unlearn(stored: StoredSubmission, drop?: (feature: string) => boolean): boolean;
  classify(example: Example): ClassifierResult;
  /**
   * From now on, record every change as deltas (a store shared by several processes keeps the model as rows:
   * each decision adds its deltas there, see Store.addToStateEntries).
   */
  keepDeltas(): void;
  /** The changes recorded since the last call (undefined: none), which then count as handed over. */
  takeDeltas(): ClassifierDeltas | undefined;
  /** The changes recorded and not handed over yet (left in place). */
  peekDeltas(): ClassifierDeltas | undefined;
  /** Hand changes back (their save failed): they are handed over again with the next ones. */
  returnDeltas(deltas: ClassifierDeltas): void;
  /** Apply changes made elsewhere (not recorded). */
  applyDeltas(deltas: ClassifierDeltas): void;
  /** The whole model as deltas from nothing (to move a model saved as one value into rows). */
  allDeltas(): ClassifierDeltas;
  /** Replace the model with the rows a shared store keeps: weights and counts, what was learned per submission, the kept predictions. */
  loadShared(rows: ClassifierDeltas): void;
}

/**
 * A model's changes as rows. `weights`: numbers added to fields: `d0`/`d1` decisions learned (wanted, unwanted),
 * `w@bias` and `w:<feature>` the logistic weights, `n0:`/`n1:<feature>` naive Bayes counts, `pd0`/`pd1`, `p@bias`
 * and `p:<feature>` the pitch model. `learned`: what was learned per submission (null: forgotten). `pairs`: the
 * predictions kept for the weighing, [y, prior, site] each, in order.
 */
export interface ClassifierDeltas {
  weights: Record<string, number>;
  learned: Record<string, Learned | null>;
  pairs: [number, number, number][];
}

interface SavedState {
  v: 1;
  model: ClassifierModel;
  /** Decisions learned: [wanted, unwanted]. */
  docs: [number, number];
  bias: number;
  /** Logistic: feature → weight. Bayes: feature → [wanted, unwanted] counts. */
  features: Record<string, number | [number, number]>;
  /** Among unwanted decisions, pitch (1) against spam (0): always logistic. */
  pitch: { docs: [number, number]; bias: number; features: Record<string, number> };
  /** submission id → what was learned. */
  learned: Record<string, Learned>;
  /** How the prior and the site's model are weighed: θ, and the predictions it was fitted on, flat [y, prior, site]…. */
  stack?: { theta: number[]; pairs: number[] };
}

/**
 * The weighing is refitted on at most this many of the latest predictions. Platt's targets aim each spam at
 * (s + 1) / (s + 2), s the spams among the kept predictions: with 400 kept and one message in eight spam (the
 * SMS replay), that is 0.981, hardly above the block threshold (0.974), so a site that had seen hundreds of
 * spams still held most of them. 2,000 (chosen on the SMS and fixture replays, confirmed on YouTube).
 */
const MAX_PAIRS = 2000;
/** The pull toward the starting weights (the prior alone, or the site's model alone without a prior), in examples. */
const STACK_STRENGTH = 5;
/** Each model's weight stays between 0 (ignored) and 3; the intercept within ±4. */
const STACK_BOUNDS: [number, number][] = [[-4, 4], [0, 3], [0, 3]];

/** Refit the weighing on kept predictions, flat [y, prior, site]…. */
function refit(pairs: readonly number[], start: number[]): number[] {
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < pairs.length; i += 3) {
    ys.push(pairs[i]!);
    xs.push([1, pairs[i + 1]!, pairs[i + 2]!]);
  }
  return fitCalibration(xs, plattTargets(ys), start, STACK_STRENGTH, 8, STACK_BOUNDS);
}

/** A feature's part in one score: the strongest are shown to the moderator. */
interface Part { token: string; weight: number }

const SHOWN = 8;

/**
 * The heaviest parts of one score, for the explanation: among words and pairs, and among all features.
 * Kept in fixed arrays while scoring (a thousand features pass through), made into parts at the end.
 */
class Top {
  readonly wordTokens: string[] = [];
  readonly wordWeights: number[] = [];
  readonly allTokens: string[] = [];
  readonly allWeights: number[] = [];
  /** How many words and pairs weighed at all: with fewer than three, the explanation shows any feature. */
  wordParts = 0;

  keep(token: string, weight: number, isWord: boolean): void {
    keepHeaviest(this.allTokens, this.allWeights, token, weight);
    if (!isWord) return;
    this.wordParts++;
    keepHeaviest(this.wordTokens, this.wordWeights, token, weight);
  }

  /** The parts to show, heaviest first. */
  shown(): Part[] {
    const [tokens, weights] = this.wordParts >= 3 ? [this.wordTokens, this.wordWeights] : [this.allTokens, this.allWeights];
    // The prior and the site's model may both weigh a token: one part each, summed.
    const parts = new Map<string, number>();
    tokens.forEach((token, i) => parts.set(token, (parts.get(token) ?? 0) + weights[i]!));
    return [...parts].map(([token, weight]) => ({ token, weight })).sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight));
  }
}

/** Keep a part among the `SHOWN` heaviest (by |weight|, earlier first on ties), sorted, in place. */
function keepHeaviest(tokens: string[], weights: number[], token: string, weight: number): void {
  const size = Math.abs(weight);
  const full = tokens.length === SHOWN;
  if (full && size <= Math.abs(weights[SHOWN - 1]!)) return;
  let at = full ? SHOWN - 1 : tokens.length;
  if (!full) {
    tokens.push(token);
    weights.push(weight);
  }
  while (at > 0 && Math.abs(weights[at - 1]!) < size) {
    tokens[at] = tokens[at - 1]!;
    weights[at] = weights[at - 1]!;
    at--;
  }
  tokens[at] = token;
  weights[at] = weight;
}

const isWordFeature = (feature: string) => !feature.startsWith('#') && !feature.startsWith('@');

/**
 * An online logistic regression over binary features, trained until an example is within `margin`.
 * Features are read as hash pairs and weighed in a typed-array table (features.ts).
 */
function createLogistic(o: Pick<Complete, 'learningRate' | 'passes' | 'margin' | 'maxFeatures'>, record: (feature: string, delta: number) => void) {
  const weights = createFeatureWeights();
  const model = {
    bias: 0,
    /** The log-odds of one example; with `top`, the heaviest parts are kept for the explanation. */
    score(vector: FeatureVector, top?: Top, scale = 1): number {
      const norm = 1 / Math.sqrt(Math.max(1, vector.size));
      let sum = model.bias;
      for (let i = 0; i < vector.size; i++) {
        const slot = weights.find(vector.keys[i]!, vector.checks[i]!);
        if (slot < 0) continue;
        const w = weights.weight(slot);
        if (!w) continue;
        sum += w * norm;
        top?.keep(weights.text(slot), w * norm * scale, vector.kinds[i] === WORD);
      }
      return sum;
    },
    /** Learn one example; `vector` must carry its features' text. */
    fit(vector: FeatureVector, label: Label): void {
      const norm = 1 / Math.sqrt(Math.max(1, vector.size));
      for (let pass = 0; pass < o.passes; pass++) {
        const error = label - 1 / (1 + Math.exp(-model.score(vector)));
        if (Math.abs(error) < o.margin) break;
        const step = o.learningRate * error;
        model.bias += step * 0.1;
        record('@bias', step * 0.1);
        for (let i = 0; i < vector.size; i++) {
          weights.add(weights.ensure(vector.keys[i]!, vector.checks[i]!, vector.text![i]!), step * norm);
          record(vector.text![i]!, step * norm);
        }
      }
      model.prune();
    },
    /** Keep the strongest features once there are twice too many (in memory only: a shared store keeps its rows). */
    prune(): void {
      if (weights.size <= 2 * o.maxFeatures) return;
      const keep = strongest(weights.rows(), o.maxFeatures, Math.abs);
      model.reset(model.bias, Object.fromEntries(keep));
    },
    /** Add to one feature's weight, by its text (changes made elsewhere; not recorded). */
    addTo(feature: string, delta: number): void {
      if (feature === '@bias') {
        model.bias += delta;
        return;
      }
      const { key, check } = featureKey(feature);
      weights.add(weights.ensure(key, check, feature), delta);
    },
    /** The share of a vector's distinct words this model has a weight for. */
    known(vector: FeatureVector): number {
      let known = 0;
      for (let i = 0; i < vector.words; i++) if (weights.find(vector.keys[i]!, vector.checks[i]!) >= 0) known++;
      return vector.words ? known / vector.words : 0;
    },
    /** Weights worth keeping, rounded. */
    rows(): [string, number][] {
      return weights.rows().filter(([, w]) => Math.abs(w) >= 1e-4).map(([f, w]) => [f, Math.round(w * 1e4) / 1e4]);
    },
    /** Remove the features `drop` names. */
    drop(drop: (feature: string) => boolean): void {
      const rows = weights.rows();
      if (!rows.some(([f]) => drop(f))) return;
      for (const [f, w] of rows) if (drop(f)) record(f, -w);
      model.reset(model.bias, Object.fromEntries(rows.filter(([f]) => !drop(f))));
    },
    reset(bias = 0, rows: Record<string, unknown> = {}): void {
      model.bias = bias;
      weights.clear();
      for (const [f, w] of Object.entries(rows)) {
        if (typeof w !== 'number') continue;
        const { key, check } = featureKey(f);
        weights.add(weights.ensure(key, check, f), w);
      }
    },
  };
  return model;
}

type Logistic = ReturnType<typeof createLogistic>;

function strongest<T>(rows: [string, T][], max: number, size: (v: T) => number): [string, T][] {
  if (rows.length <= max) return rows;
  return [...rows].sort((x, y) => size(y[1]) - size(x[1])).slice(0, max);
}

/** A feature as a moderator reads it. */
function readable(feature: string): string {
  if (feature.startsWith('#')) return `…${feature.slice(1).replace(/_/g, ' ').trim()}…`;
  if (feature.startsWith('@host:')) return `link to ${feature.slice(6)}`;
  if (feature.startsWith('@links:')) return feature === '@links:0' ? 'no links' : 'has links';
  if (feature.startsWith('@len:')) return `${feature.slice(5)} text`;
  return feature;
}

/**
 * The classifier. With a `prior` (the model that ships with Doorkeep, prior.ts), a new site starts from
 * the prior's opinion; the site's own model is weighed in by a small calibration (calibration.ts) fitted
 * on predictions each made before its decision was learned, so the site's decisions outweigh the prior
 * as they accumulate. A model has no opinion on a text whose words it mostly never met.
 */
export function createClassifier(options?: ClassifierOptions, prior: Prior | null = null): Classifier {
  const o = checkOptions<Complete>('classifier', options, DEFAULTS, TABLE);
  if (o.model !== 'logistic' && o.model !== 'bayes') {
    throw new DoorkeepError('ERR_DK_OPTIONS', `\`classifier.model\` must be 'logistic' or 'bayes', got '${String(o.model)}'.`, { field: 'classifier.model' });
  }
  /** Changes recorded since the last takeDeltas() (keepDeltas() on). */
  let journal: ClassifierDeltas | undefined;
  const note = (field: string, delta: number) => {
    if (journal && delta) journal.weights[field] = (journal.weights[field] ?? 0) + delta;
  };
  const noteLearned = (id: string, what: Learned | null) => {
    if (journal) journal.learned[id] = what;
  };
  let docs: [number, number] = [0, 0];
  const logistic: Logistic = createLogistic(o, (f, d) => note(f === '@bias' ? 'w@bias' : `w:${f}`, d));
  let counts = new Map<string, [number, number]>();
  let pitchDocs: [number, number] = [0, 0];
  const pitch: Logistic = createLogistic(o, (f, d) => note(f === '@bias' ? 'p@bias' : `p:${f}`, d));
  let learned = new Map<string, Learned>();
  /** θ = [intercept, prior's weight, site model's weight]; it starts as the prior alone (or the site's model alone). */
  const start = prior ? [0, prior.transfer, 0] : [0, 0, 1];
  let theta = [...start];
  let pairs: number[] = [];
  let refits = 0;
  const samePriorVector = prior !== null && prior.charMin === o.charMin && prior.charMax === o.charMax;

  const bayesWeight = (row: [number, number]): number => {
    const a = o.smoothing;
    return Math.log(((row[1] + a) / (docs[1] + 2 * a)) / ((row[0] + a) / (docs[0] + 2 * a)));
  };

  /** Naive Bayes: the log-odds, with the heaviest parts kept in `top`. */
  function bayesScore(features: string[], top?: Top, scale = 1): number {
    const norm = 1 / Math.sqrt(Math.max(1, features.length));
    let sum = Math.log((docs[1] + 1) / (docs[0] + 1));
    for (const f of features) {
      const row = counts.get(f);
      if (!row || row[0] + row[1] < 2) continue;
      const weight = bayesWeight(row) * norm * 2;
      sum += weight;
      top?.keep(f, weight * scale, isWordFeature(f));
    }
    return sum;
  }

  /**
   * The inputs of the weighing for one example: [1, prior's calibrated log-odds × how much of the text
   * it knows, site model's log-odds × how much it knows], and whether either model had an opinion.
   * With `top`, the parts are kept for the explanation, scaled by θ.
   */
  function inputs(example: Example, top?: Top): { x: [number, number, number]; opinion: boolean; known: number } {
    const vector = vectorOf(example, o.charMin, o.charMax);
    const siteReady = docs[0] > 0 && docs[1] > 0;
    let siteKnown = 0;
    let site = 0;
    if (siteReady) {
      siteKnown = o.model === 'logistic' ? knownFactor(logistic.known(vector)) : 1;
      if (siteKnown > 0) {
        site = siteKnown * (o.model === 'logistic'
          ? logistic.score(vector, top, siteKnown * theta[2]!)
          : bayesScore(featuresOf(example, o.charMin, o.charMax), top, siteKnown * theta[2]!));
      }
    }
    let priorKnown = 0;
    let fromPrior = 0;
    // The prior learned from comments and messages: a mention's page excerpt is not what it read.
    if (prior && !example.mention) {
      const priorVector = samePriorVector ? vector : vectorOf(example, prior.charMin, prior.charMax);
      priorKnown = knownFactor(prior.known(priorVector));
      if (priorKnown > 0) fromPrior = priorKnown * prior.score(priorVector, top ? (t, w, isWord) => top.keep(t, w, isWord) : undefined, priorKnown * theta[1]!);
    }
    const opinion = (siteReady && siteKnown > 0 && theta[2] !== 0) || priorKnown > 0;
    return { x: [1, fromPrior, site], opinion, known: Math.max(siteKnown, priorKnown) };
  }

  function classify(example: Example): ClassifierResult {
    const trainedOn = docs[0] + docs[1];
    if (!prior && (docs[0] === 0 || docs[1] === 0)) return { probability: 0.5, trainedOn, topTokens: [] };
    const top = new Top();
    const { x, opinion, known } = inputs(example, top);
    if (!opinion) return { probability: 0.5, trainedOn, topTokens: [], known: 0 };
    const logOdds = theta[0]! + theta[1]! * x[1] + theta[2]! * x[2];
    const pitchShare = pitchDocs[0] && pitchDocs[1] ? 1 / (1 + Math.exp(-pitch.score(vectorOf(example, o.charMin, o.charMax)))) : undefined;
    return {
      probability: 1 / (1 + Math.exp(-logOdds)),
      trainedOn,
      topTokens: top.shown().map((p) => ({ token: readable(p.token), weight: Math.round(p.weight * 1000) / 1000 })),
      known: Math.round(known * 100) / 100,
      ...(pitchShare !== undefined ? { pitchShare } : {}),
    };
  }

  /** Record the prediction made before this decision is learned, and refit the weighing. */
  function calibrate(example: Example, label: Label): void {
    const { x, opinion } = inputs(example);
    if (!opinion) return;
    const pair: [number, number, number] = [label, Math.round(x[1] * 1000) / 1000, Math.round(x[2] * 1000) / 1000];
    pairs.push(...pair);
    journal?.pairs.push(pair);
    if (pairs.length > 3 * MAX_PAIRS) pairs = pairs.slice(pairs.length - 3 * MAX_PAIRS);
    // Refitted after every decision while few, then every tenth (a refit reads every kept prediction).
    const n = pairs.length / 3;
    if (n > 100 && n % 10 !== 0 && n < MAX_PAIRS) return;
    if (n >= MAX_PAIRS && (++refits) % 10 !== 0) return;
    theta = refit(pairs, start);
  }

  /** An example's features, read once per decision: the vector (with n-gram text, to keep), and the strings for naive Bayes. */
  function read(example: Example): { vector: FeatureVector; strings?: string[] } {
    const vector = vectorOf(example, o.charMin, o.charMax, true);
    return o.model === 'bayes' ? { vector, strings: featuresOf(example, o.charMin, o.charMax) } : { vector };
  }

  function update(features: { vector: FeatureVector; strings?: string[] }, label: Label, delta: 1 | -1): void {
    const was = docs[label];
    docs[label] = Math.max(0, docs[label] + delta);
    note(`d${label}`, docs[label] - was);
    if (o.model === 'logistic') {
      if (delta > 0) logistic.fit(features.vector, label);
      return;
    }
    for (const f of features.strings ?? []) {
      const row = counts.get(f) ?? [0, 0];
      const before = row[label];
      row[label] = Math.max(0, row[label] + delta);
      note(`n${label}:${f}`, row[label] - before);
      if (row[0] + row[1] === 0) counts.delete(f);
      else counts.set(f, row);
    }
  }

  function remember(id: string, what: Learned): void {
    learned.delete(id);
    learned.set(id, what);
    noteLearned(id, what);
    while (learned.size > o.maxRemembered) {
      const oldest = learned.keys().next().value as string;
      learned.delete(oldest);
      noteLearned(oldest, null);
    }
  }

  const setPitchDocs = (i: 0 | 1, value: number) => {
    note(`pd${i}`, value - pitchDocs[i]);
    pitchDocs[i] = value;
  };

  function apply(deltas: ClassifierDeltas): void {
    for (const [field, delta] of Object.entries(deltas.weights)) {
      if (typeof delta !== 'number' || !Number.isFinite(delta)) continue;
      if (field === 'd0' || field === 'd1') docs[field === 'd0' ? 0 : 1] = Math.max(0, docs[field === 'd0' ? 0 : 1] + delta);
      else if (field === 'pd0' || field === 'pd1') pitchDocs[field === 'pd0' ? 0 : 1] = Math.max(0, pitchDocs[field === 'pd0' ? 0 : 1] + delta);
      else if (field === 'w@bias') logistic.addTo('@bias', delta);
      else if (field === 'p@bias') pitch.addTo('@bias', delta);
      else if (field.startsWith('w:')) logistic.addTo(field.slice(2), delta);
      else if (field.startsWith('p:')) pitch.addTo(field.slice(2), delta);
      else if (field.startsWith('n0:') || field.startsWith('n1:')) {
        const f = field.slice(3);
        const row = counts.get(f) ?? [0, 0];
        row[field[1] === '0' ? 0 : 1] = Math.max(0, row[field[1] === '0' ? 0 : 1] + delta);
        if (row[0] + row[1] === 0) counts.delete(f);
        else counts.set(f, row);
      }
    }
    logistic.prune();
    pitch.prune();
    for (const [id, what] of Object.entries(deltas.learned)) {
      learned.delete(id);
      if (what === 'h' || what === 's' || what === 'p') learned.set(id, what);
    }
    if (deltas.pairs.length) {
      pairs.push(...deltas.pairs.flat());
      if (pairs.length > 3 * MAX_PAIRS) pairs = pairs.slice(pairs.length - 3 * MAX_PAIRS);
      theta = refit(pairs, start);
    }
  }

  const emptyDeltas = (): ClassifierDeltas => ({ weights: {}, learned: {}, pairs: [] });
  const isEmpty = (d: ClassifierDeltas) => !Object.keys(d.weights).length && !Object.keys(d.learned).length && !d.pairs.length;

  /** Take back what a decision on this submission taught; false when none was learned. */
  function takeBack(stored: StoredSubmission): boolean {
    const before = learned.get(stored.id);
    if (before === undefined) return false;
    update(read(stored), before === 'h' ? 0 : 1, -1);
    if (before !== 'h') setPitchDocs(before === 'p' ? 1 : 0, Math.max(0, pitchDocs[before === 'p' ? 1 : 0] - 1));
    learned.delete(stored.id);
    noteLearned(stored.id, null);
    return true;
  }

  return {
    name: 'classifier',
    classify,
    train(example, unwanted) {
      const label = unwanted ? 1 : 0;
      calibrate(example, label);
      update(read(example), label, 1);
    },
    observe() {},
    learn(stored: StoredSubmission, decision: Decision) {
      const label = labelOf(decision);
      // Sent back to pending (an undo, or a moderator changing their mind): what the earlier decision taught is taken back.
      if (label === undefined) {
        takeBack(stored);
        return;
      }
      const what: Learned = decision === 'pitch' ? 'p' : label ? 's' : 'h';
      const before = learned.get(stored.id);
      if (before === what) return;
      const beforeLabel: Label | undefined = before === undefined ? undefined : before === 'h' ? 0 : 1;
      if (before === undefined) calibrate(stored, label);
      const features = read(stored);
      if (beforeLabel !== label) {
        if (beforeLabel !== undefined) update(features, beforeLabel, -1);
        update(features, label, 1);
      }
      if (what !== 'h') {
        if (before === 's' || before === 'p') setPitchDocs(before === 'p' ? 1 : 0, pitchDocs[before === 'p' ? 1 : 0] - 1);
        setPitchDocs(what === 'p' ? 1 : 0, pitchDocs[what === 'p' ? 1 : 0] + 1);
        pitch.fit(features.vector, what === 'p' ? 1 : 0);
      }
      if (o.maxRemembered > 0) remember(stored.id, what);
    },
    forget(id: string) {
      if (learned.delete(id)) noteLearned(id, null);
    },
    unlearn(stored, drop) {
      const took = takeBack(stored);
      if (drop) {
        logistic.drop(drop);
        pitch.drop(drop);
        for (const [f, row] of [...counts]) {
          if (!drop(f)) continue;
          note(`n0:${f}`, -row[0]);
          note(`n1:${f}`, -row[1]);
          counts.delete(f);
        }
      }
      return took;
    },
    keepDeltas() {
      journal ??= emptyDeltas();
    },
    takeDeltas() {
      if (!journal || isEmpty(journal)) return undefined;
      const taken = journal;
      journal = emptyDeltas();
      return taken;
    },
    peekDeltas() {
      return journal && !isEmpty(journal) ? structuredClone(journal) : undefined;
    },
    returnDeltas(deltas) {
      if (!journal) return;
      const later = journal;
      journal = structuredClone(deltas);
      for (const [f, d] of Object.entries(later.weights)) journal.weights[f] = (journal.weights[f] ?? 0) + d;
      Object.assign(journal.learned, later.learned);
      journal.pairs.push(...later.pairs);
    },
    applyDeltas: apply,
    allDeltas() {
      const state = this.toJSON() as SavedState;
      const weights: Record<string, number> = { d0: state.docs[0], d1: state.docs[1], pd0: state.pitch.docs[0], pd1: state.pitch.docs[1] };
      if (o.model === 'logistic') weights['w@bias'] = state.bias;
      weights['p@bias'] = state.pitch.bias;
      for (const [f, v] of Object.entries(state.features)) {
        if (typeof v === 'number') weights[`w:${f}`] = v;
        else {
          weights[`n0:${f}`] = v[0];
          weights[`n1:${f}`] = v[1];
        }
      }
      for (const [f, v] of Object.entries(state.pitch.features)) weights[`p:${f}`] = v;
      const kept = state.stack?.pairs ?? [];
      const out: [number, number, number][] = [];
      for (let i = 0; i + 2 < kept.length; i += 3) out.push([kept[i]!, kept[i + 1]!, kept[i + 2]!]);
      return { weights, learned: { ...state.learned }, pairs: out };
    },
    loadShared(rows) {
      const kept = journal;
      this.load(undefined);
      journal = kept;
      apply(rows);
      if (!rows.pairs.length) theta = [...start];
    },
    toJSON(): SavedState {
      const rows: [string, number | [number, number]][] = o.model === 'logistic'
        ? strongest(logistic.rows(), o.maxFeatures, Math.abs)
        : strongest([...counts], o.maxFeatures, (v) => v[0] + v[1]);
      return {
        v: 1, model: o.model, docs: [...docs], bias: logistic.bias, features: Object.fromEntries(rows),
        pitch: { docs: [...pitchDocs], bias: pitch.bias, features: Object.fromEntries(strongest(pitch.rows(), o.maxFeatures, Math.abs)) },
        learned: Object.fromEntries(learned),
        stack: { theta: theta.map((t) => Math.round(t * 1e4) / 1e4), pairs: [...pairs] },
      };
    },
    load(state: unknown) {
      docs = [0, 0];
      logistic.reset();
      counts = new Map();
      pitchDocs = [0, 0];
      pitch.reset();
      learned = new Map();
      theta = [...start];
      pairs = [];
      if (!isSavedState(state) || state.model !== o.model) return;
      docs = [state.docs[0], state.docs[1]];
      if (o.model === 'logistic') logistic.reset(state.bias, state.features);
      else for (const [f, v] of Object.entries(state.features)) if (Array.isArray(v)) counts.set(f, [v[0], v[1]]);
      pitchDocs = [state.pitch.docs[0], state.pitch.docs[1]];
      pitch.reset(state.pitch.bias, state.pitch.features);
      for (const [id, what] of Object.entries(state.learned)) if (what === 'h' || what === 's' || what === 'p') learned.set(id, what);
      const stack = state.stack;
      if (stack && Array.isArray(stack.pairs) && stack.pairs.length % 3 === 0 && stack.pairs.every((n) => typeof n === 'number' && Number.isFinite(n))) {
        pairs = stack.pairs.slice(-3 * MAX_PAIRS);
        theta = refit(pairs, start);
      }
    },
  };
}

function isSavedState(state: unknown): state is SavedState {
  if (typeof state !== 'object' || state === null) return false;
  const s = state as Partial<SavedState>;
  return s.v === 1 && Array.isArray(s.docs) && typeof s.bias === 'number' && typeof s.features === 'object' && s.features !== null
    && typeof s.learned === 'object' && s.learned !== null && typeof s.pitch === 'object' && s.pitch !== null && Array.isArray(s.pitch.docs);
}
