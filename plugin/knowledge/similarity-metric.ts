/**
 * The one place the text similarity metric lives, so it can be swapped later.
 * Today: Sørensen–Dice over character bigrams, whitespace ignored, 0..1 — string-similarity's
 * compareTwoStrings. `diceSimilarity` computes exactly the same number (tests compare them) without
 * allocating a Map and a substring per bigram, which keeps garbage collection out of the hot path.
 */
import stringSimilarity from 'string-similarity';

/** Texts longer than this are compared on their first `MAX_COMPARED_CHARS` characters, to bound the cost. */
export const MAX_COMPARED_CHARS = 2000;

export type SimilarityMetric = (a: string, b: string) => number;

/** string-similarity's own implementation: the reference. */
export const referenceDice: SimilarityMetric = (a, b) =>
  stringSimilarity.compareTwoStrings(a.slice(0, MAX_COMPARED_CHARS), b.slice(0, MAX_COMPARED_CHARS));

let bits = 12;
let keys = new Int32Array(1 << bits);
let counts = new Int32Array(1 << bits);
let stamps = new Uint32Array(1 << bits);
let generation = 0;

/** A text as the metric compares it: its first MAX_COMPARED_CHARS characters, whitespace removed. */
export function compact(text: string): string {
  return text.slice(0, MAX_COMPARED_CHARS).replace(/\s+/g, '');
}

/** Same result as compareTwoStrings: bigram counts of `a` in an open-addressing table reused across calls. */
export const diceSimilarity: SimilarityMetric = (a, b) => diceOfCompact(compact(a), compact(b));

/**
 * Dice of two texts already passed through compact(): callers comparing one text with many compact it
 * once. Allocates nothing.
 */
export function diceOfCompact(x: string, y: string): number {
  if (x === y) return 1;
  if (x.length < 2 || y.length < 2) return 0;
  while (1 << bits < 2 * x.length) {
    bits++;
    keys = new Int32Array(1 << bits);
    counts = new Int32Array(1 << bits);
    stamps = new Uint32Array(1 << bits);
    generation = 0;
  }
  if (++generation === 0xffffffff) {
    stamps.fill(0);
    generation = 1;
  }
  const mask = (1 << bits) - 1;
  const shift = 32 - bits;
  // Keys stay signed 32-bit integers (small integers to V8), so the loops allocate nothing.
  for (let i = 0; i < x.length - 1; i++) {
    const key = (x.charCodeAt(i) << 16) | x.charCodeAt(i + 1);
    let h = Math.imul(key, 0x9e3779b1) >>> shift;
    while (stamps[h] === generation && keys[h] !== key) h = (h + 1) & mask;
    if (stamps[h] === generation) {
      counts[h]!++;
    } else {
      stamps[h] = generation;
      keys[h] = key;
      counts[h] = 1;
    }
  }
  let intersection = 0;
  for (let i = 0; i < y.length - 1; i++) {
    const key = (y.charCodeAt(i) << 16) | y.charCodeAt(i + 1);
    let h = Math.imul(key, 0x9e3779b1) >>> shift;
    while (stamps[h] === generation && keys[h] !== key) h = (h + 1) & mask;
    if (stamps[h] === generation && counts[h]! > 0) {
      counts[h]!--;
      intersection++;
    }
  }
  return (2 * intersection) / (x.length + y.length - 2);
}

export const similarity: SimilarityMetric = diceSimilarity;

/** Non-space length, the unit of `diceUpperBound`. */
export function comparedLength(text: string): number {
  return text.slice(0, MAX_COMPARED_CHARS).replace(/\s+/g, '').length;
}

/** The highest Dice two texts of these compared lengths can reach: a free pre-filter before comparing. */
export function diceUpperBound(lengthA: number, lengthB: number): number {
  if (lengthA < 2 || lengthB < 2) return lengthA === lengthB ? 1 : 0;
  return (2 * (Math.min(lengthA, lengthB) - 1)) / (lengthA + lengthB - 2);
}
