/**
 * The one place the text similarity metric lives, so it can be swapped later.
 * Today: Sørensen–Dice over character bigrams, whitespace ignored, 0..1 — string-similarity's
 * compareTwoStrings. `diceSimilarity` computes exactly the same number (tests compare it with
 * string-similarity itself, test/support/reference-dice.ts) without allocating a Map and a substring per
 * bigram, which keeps garbage collection out of the hot path.
 */

/** Texts longer than this are compared on their first `MAX_COMPARED_CHARS` characters, to bound the cost. */
export const MAX_COMPARED_CHARS = 2000;

export type SimilarityMetric = (a: string, b: string) => number;

let bits = 12;
let keys = new Int32Array(1 << bits);
let counts = new Int32Array(1 << bits);
let stamps = new Uint32Array(1 << bits);
let generation = 0;

/** The characters JavaScript's `\s` matches, which compareTwoStrings removes before comparing. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
    || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Characters of the compared part of `text` that are not whitespace. */
function nonSpaceLength(text: string): number {
  const end = Math.min(text.length, MAX_COMPARED_CHARS);
  let n = 0;
  for (let i = 0; i < end; i++) if (!isSpace(text.charCodeAt(i))) n++;
  return n;
}

/** For texts under two characters: equal once whitespace is ignored. */
function sameNonSpace(a: string, b: string): boolean {
  const ea = Math.min(a.length, MAX_COMPARED_CHARS);
  const eb = Math.min(b.length, MAX_COMPARED_CHARS);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < ea && isSpace(a.charCodeAt(i))) i++;
    while (j < eb && isSpace(b.charCodeAt(j))) j++;
    if (i === ea || j === eb) return i === ea && j === eb;
    if (a.charCodeAt(i++) !== b.charCodeAt(j++)) return false;
  }
}

/** The table slot of a bigram key in this comparison's generation: its own, or the empty one it would take. */
function slotOf(key: number): number {
  const mask = (1 << bits) - 1;
  let h = Math.imul(key, 0x9e3779b1) >>> (32 - bits);
  while (stamps[h] === generation && keys[h] !== key) h = (h + 1) & mask;
  return h;
}

/**
 * Same result as compareTwoStrings (first MAX_COMPARED_CHARS characters, whitespace ignored, Dice over
 * character bigrams), reading the strings in place: bigram counts go into an open-addressing table
 * reused across calls, and keys stay signed 32-bit integers, so a comparison allocates nothing.
 */
export const diceSimilarity: SimilarityMetric = (a, b) => {
  const na = nonSpaceLength(a);
  const nb = nonSpaceLength(b);
  if (na < 2 || nb < 2) return na === nb && sameNonSpace(a, b) ? 1 : 0;
  while (1 << bits < 2 * na) {
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
  const ea = Math.min(a.length, MAX_COMPARED_CHARS);
  let prev = -1;
  for (let i = 0; i < ea; i++) {
    const c = a.charCodeAt(i);
    if (isSpace(c)) continue;
    if (prev >= 0) {
      const key = (prev << 16) | c;
      const h = slotOf(key);
      if (stamps[h] === generation) {
        counts[h]!++;
      } else {
        stamps[h] = generation;
        keys[h] = key;
        counts[h] = 1;
      }
    }
    prev = c;
  }
  let intersection = 0;
  const eb = Math.min(b.length, MAX_COMPARED_CHARS);
  prev = -1;
  for (let i = 0; i < eb; i++) {
    const c = b.charCodeAt(i);
    if (isSpace(c)) continue;
    if (prev >= 0) {
      const h = slotOf((prev << 16) | c);
      if (stamps[h] === generation && counts[h]! > 0) {
        counts[h]!--;
        intersection++;
      }
    }
    prev = c;
  }
  return (2 * intersection) / (na + nb - 2);
};

export const similarity: SimilarityMetric = diceSimilarity;

/** Non-space length, the unit of `diceUpperBound`. */
export function comparedLength(text: string): number {
  return nonSpaceLength(text);
}

/** The highest Dice two texts of these compared lengths can reach: a free pre-filter before comparing. */
export function diceUpperBound(lengthA: number, lengthB: number): number {
  if (lengthA < 2 || lengthB < 2) return lengthA === lengthB ? 1 : 0;
  return (2 * (Math.min(lengthA, lengthB) - 1)) / (lengthA + lengthB - 2);
}
