/**
 * The prior: a model of ordinary spam that ships with Doorkeep (prior.json beside this file), learned
 * at build time by `npm run train-prior` from public data and hand-written fixtures. A new site's
 * classifier starts from it; the site's own decisions outweigh it as they accumulate (naive-bayes.ts).
 *
 * It has an opinion only on text it can read: the share of a text's words it met while learning is its
 * "known" share, and below a quarter it says nothing (an Icelandic reader on an English blog is judged
 * by the other filters, not by the prior's unfamiliarity with Icelandic).
 */
import { createFeatureWeights, featureKey, type FeatureVector, type FeatureWeights } from './features.js';
import { shippedFile } from './shipped.js';

export interface PriorManifest {
  /** The command that made the file, and the seed. */
  command: string;
  seed: number;
  /** Every data set that went in: name, where from, licence/attribution, how many examples, and a digest. */
  sources: { name: string; path: string; attribution: string; licence: string; spam: number; ham: number; sha256: string }[];
  /** How the data was split: fit (the weights) and calibration (Platt scaling, never fitted on). */
  split: { fit: number; calibration: number };
  /** Log-loss on the calibration part, before and after calibration. */
  calibrationLogLoss: { raw: number; calibrated: number };
  /** How the transfer weight was measured: each set scored by a prior trained without it. */
  transfer?: { examples: number; perSet: Record<string, number> };
}

export interface PriorFile {
  v: 1;
  manifest: PriorManifest;
  charMin: number;
  charMax: number;
  bias: number;
  /** Platt scaling of the raw log-odds: calibrated = a · raw + b. */
  calibration: { a: number; b: number };
  /**
   * How far the prior's calibrated log-odds carry to data of another kind: the slope fitted when each
   * set was scored by a prior trained without it (leave-one-dataset-out). A new site starts by trusting
   * the prior this much. Absent: 1.
   */
  transfer?: number;
  /** feature → weight (the strongest kept). */
  features: Record<string, number>;
  /** Words met at least twice while learning: what "known" is counted over. */
  vocabulary: string[];
}

export interface Prior {
  readonly manifest: PriorManifest;
  readonly charMin: number;
  readonly charMax: number;
  /** The weight a new site starts by giving the prior's log-odds (PriorFile.transfer). */
  readonly transfer: number;
  /** The share of a vector's distinct words the prior met while learning (0 when it has no words). */
  known(vector: FeatureVector): number;
  /**
   * Calibrated log-odds of a vector (built with this prior's charMin/charMax). `keep` sees each
   * feature's part, multiplied by `scale` (how much the prior counts in the final score).
   */
  score(vector: FeatureVector, keep?: (token: string, weight: number, isWord: boolean) => void, scale?: number): number;
}

/** How much of a text the prior must know before it has an opinion, and from where it is fully trusted. */
export const KNOWN_FROM = 0.25;
export const KNOWN_FULLY = 0.6;

/** 0 below KNOWN_FROM, 1 from KNOWN_FULLY, linear between: how much a model's opinion counts. */
export function knownFactor(known: number): number {
  return Math.min(1, Math.max(0, (known - KNOWN_FROM) / (KNOWN_FULLY - KNOWN_FROM)));
}

export function isPriorFile(data: unknown): data is PriorFile {
  if (typeof data !== 'object' || data === null) return false;
  const p = data as Partial<PriorFile>;
  return p.v === 1 && typeof p.bias === 'number' && typeof p.features === 'object' && p.features !== null && Array.isArray(p.vocabulary)
    && typeof p.calibration?.a === 'number' && typeof p.calibration.b === 'number' && typeof p.charMin === 'number' && typeof p.charMax === 'number';
}

export function createPrior(file: PriorFile): Prior {
  const weights: FeatureWeights = createFeatureWeights();
  for (const [feature, weight] of Object.entries(file.features)) {
    const { key, check } = featureKey(feature);
    weights.add(weights.ensure(key, check, feature), weight);
  }
  const vocabulary: FeatureWeights = createFeatureWeights();
  for (const word of file.vocabulary) {
    const { key, check } = featureKey(word);
    vocabulary.ensure(key, check, word);
  }
  const { a, b } = file.calibration;
  return {
    manifest: file.manifest,
    charMin: file.charMin,
    charMax: file.charMax,
    transfer: typeof file.transfer === 'number' && Number.isFinite(file.transfer) ? Math.min(1, Math.max(0, file.transfer)) : 1,
    known(vector) {
      let known = 0;
      for (let i = 0; i < vector.words; i++) if (vocabulary.find(vector.keys[i]!, vector.checks[i]!) >= 0) known++;
      return vector.words ? known / vector.words : 0;
    },
    score(vector, keep, scale = 1) {
      const norm = 1 / Math.sqrt(Math.max(1, vector.size));
      let raw = file.bias;
      for (let i = 0; i < vector.size; i++) {
        const slot = weights.find(vector.keys[i]!, vector.checks[i]!);
        if (slot < 0) continue;
        const w = weights.weight(slot) * norm;
        raw += w;
        keep?.(weights.text(slot), w * a * scale, vector.kinds[i] === 0);
      }
      return a * raw + b;
    },
  };
}

const shipped = shippedFile('prior.json', isPriorFile, createPrior);

/** The shipped prior: beside this module in the sources and in both builds (scripts/build.mjs copies it). */
export const PRIOR_FILE = shipped.path;

/** The prior that ships with Doorkeep, read once; null when the file is missing or unreadable. */
export function shippedPrior(): Prior | null {
  return shipped.load();
}
