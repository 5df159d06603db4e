/**
 * What the classifier reads in a submission: its words, word pairs, character n-grams and a few shape
 * tokens (links, capitals, length), each counted once.
 *
 * Two forms of the same features:
 * - `featuresOf()`: every feature as a string ("#abc" for an n-gram, "@links:0" for a shape). Naive
 *   Bayes and the tests use it.
 * - `vectorOf()`: every feature as a pair of hashes of that same string, computed in place. A 300-word
 *   comment has about 1,000 distinct features, and classifying runs on every submission, so the
 *   logistic model reads them without making a string for each. `FeatureWeights` keeps the weights with
 *   each feature's text, for saving and explaining.
 */
import { isLetterAt, isSpace, isUpperAt, skipToWord, wordCharAt } from '../text/scan.js';
import { bigrams, charNgrams, words } from '../text/tokenize.js';
import type { Submission } from '../types.js';

export type Example = Pick<Submission, 'text' | 'links'> & { content?: string; author?: { url?: string }; mention?: unknown };

/** Share of capitals among the letters of the content outside tags, when it has at least 12 letters. */
function capitalShare(content: string): number | undefined {
  let letters = 0;
  let capitals = 0;
  for (let i = 0; i < content.length; i++) {
    if (content.charCodeAt(i) === 60) {
      const close = content.indexOf('>', i + 1);
      if (close >= 0) {
        i = close;
        continue;
      }
    }
    if (!isLetterAt(content, i)) continue;
    const units = content.codePointAt(i)! > 0xffff ? 2 : 1;
    letters += units;
    if (isUpperAt(content, i)) capitals += units;
    i += units - 1;
  }
  return letters >= 12 ? capitals / letters : undefined;
}

/** Five digits in a row, spaces between them ignored (phone numbers, prices, codes). */
function hasLongNumber(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      if (++run >= 5) return true;
    } else if (!isSpace(code)) run = 0;
  }
  return false;
}

/** Shape tokens: how many links and to where, capitals, exclamation, long numbers, length. */
function shapeTokens(example: Example, wordCount: number): string[] {
  const links = example.links ?? [];
  const out = [links.length === 0 ? '@links:0' : links.length === 1 ? '@links:1' : '@links:2+'];
  for (const link of links) {
    const host = /^[a-z]+:\/\/(?:www\.)?([^/:?#]+)/i.exec(link)?.[1];
    if (host) out.push(`@host:${host.toLowerCase()}`);
  }
  // The author's website is a link too: generic praise with a website is the oldest comment spam.
  // (A mention's "website" is always its source page: not a sign of anything.)
  if (example.author?.url && !example.mention) out.push('@author-url');
  const upper = capitalShare(example.content ?? '');
  if (upper !== undefined) out.push(upper > 0.5 ? '@caps:shouting' : upper > 0.15 ? '@caps:many' : '@caps:few');
  if (/!{2,}/.test(example.text)) out.push('@bangs');
  if (hasLongNumber(example.text)) out.push('@long-number');
  out.push(wordCount <= 3 ? '@len:tiny' : wordCount <= 10 ? '@len:short' : wordCount <= 40 ? '@len:medium' : '@len:long');
  return out;
}

/** The features of a submission as strings: words, pairs, "#"-prefixed character n-grams, shape tokens. */
export function featuresOf(example: Example, charMin = 3, charMax = 5): string[] {
  const list = words(example.text);
  const out = new Set<string>(list);
  for (const b of bigrams(list)) out.add(b);
  if (charMin > 0 && charMax >= charMin) for (const g of charNgrams(example.text, charMin, charMax)) out.add(`#${g}`);
  for (const shape of shapeTokens(example, list.length)) out.add(shape);
  return [...out];
}

/** What kind of feature: a word or word pair (shown first in explanations), an n-gram, or a shape token. */
export const WORD = 0;
export const GRAM = 1;
export const SHAPE = 2;

const KEY_BASIS = 0x811c9dc5;
const CHECK_BASIS = 0x2545f491;
/** FNV-1a step: the key hash (30 bits kept). */
const keyStep = (h: number, code: number) => Math.imul(h ^ code, 0x01000193);
/** A multiplicative step with another basis: the check hash, independent of the key. */
const checkStep = (c: number, code: number) => Math.imul(c + code, 0x9e3779b1) ^ (c >>> 15);

/** A table slot from a key: Fibonacci hashing takes the product's high bits (FNV's low bits mix poorly). */
const slotOfKey = (key: number, shift: number) => Math.imul(key, 0x9e3779b1) >>> shift;

/** The hash pair of the feature being read, a character at a time. */
let runKey = KEY_BASIS;
let runCheck = CHECK_BASIS;

function hashBegin(): void {
  runKey = KEY_BASIS;
  runCheck = CHECK_BASIS;
}

function hashCode(code: number): void {
  runKey = keyStep(runKey, code);
  runCheck = checkStep(runCheck, code);
}

/** The hash pair of a feature's text ("word", "a pair", "#abc", "@links:0"), as vectorOf computes it. */
export function featureKey(feature: string): { key: number; check: number } {
  hashBegin();
  for (let i = 0; i < feature.length; i++) hashCode(feature.charCodeAt(i));
  return { key: runKey & 0x3fffffff, check: runCheck | 0 };
}

/** A submission's features as hash pairs; `keys`, `checks` and `kinds` are buffers reused by the next call. */
export interface FeatureVector {
  /** Number of distinct features: the first `size` entries of keys, checks and kinds. */
  size: number;
  /** The first `words` features are the distinct single words (what "known words" is counted over). */
  words: number;
  keys: Int32Array;
  checks: Int32Array;
  /** WORD, GRAM or SHAPE for each feature. */
  kinds: Uint8Array;
  /** The features' text, in the same order, when asked for (learning keeps it to explain and save). */
  text?: string[];
}

let keys = new Int32Array(2048);
let checks = new Int32Array(2048);
let kinds = new Uint8Array(2048);
/** Open-addressing set of the features seen in this call: slot → index + 1, valid while its stamp matches. */
let slots = new Int32Array(4096);
let stamps = new Uint32Array(4096);
let stamp = 0;
let shift = Math.clz32(4096) + 1;
let size = 0;
let texts: string[] | undefined;

let wordStarts = new Int32Array(512);
let wordEnds = new Int32Array(512);

function startVector(maxFeatures: number, withText: boolean): void {
  if (keys.length < maxFeatures) {
    keys = new Int32Array(maxFeatures);
    checks = new Int32Array(maxFeatures);
    kinds = new Uint8Array(maxFeatures);
  }
  let capacity = slots.length;
  while (capacity < 2 * maxFeatures) capacity *= 2;
  if (capacity !== slots.length) {
    slots = new Int32Array(capacity);
    stamps = new Uint32Array(capacity);
    shift = Math.clz32(capacity) + 1;
    stamp = 0;
  }
  stamp = (stamp + 1) >>> 0;
  if (stamp === 0) {
    stamps.fill(0);
    stamp = 1;
  }
  size = 0;
  texts = withText ? [] : undefined;
}

/** Add a feature by its hash pair unless already present; true when added (then push its text if kept). */
function addFeature(key: number, check: number, kind: number): boolean {
  const mask = slots.length - 1;
  let slot = slotOfKey(key, shift);
  while (stamps[slot] === stamp) {
    const at = slots[slot]! - 1;
    if (keys[at] === key && checks[at] === check) return false;
    slot = (slot + 1) & mask;
  }
  stamps[slot] = stamp;
  slots[slot] = size + 1;
  keys[size] = key;
  checks[size] = check;
  kinds[size] = kind;
  size++;
  return true;
}

function addString(feature: string, kind: number): void {
  const { key, check } = featureKey(feature);
  if (addFeature(key, check, kind)) texts?.push(feature);
}

/** The typographic apostrophe reads as "'" in words (as tokenize's words() does). */
const wordCode = (code: number) => (code === 0x2019 ? 39 : code);

/**
 * The words of the text as tokenize's words() finds them (/[\p{L}\p{N}]+(?:['’]\p{L}+)*\/u), into
 * wordStarts/wordEnds. Returns how many.
 */
function findWords(text: string): number {
  let count = 0;
  let i = 0;
  while ((i = skipToWord(text, i)) < text.length) {
    const start = i;
    let length: number;
    while (i < text.length && (length = wordCharAt(text, i))) i += length;
    for (;;) {
      const code = text.charCodeAt(i);
      if ((code !== 39 && code !== 0x2019) || i + 1 >= text.length || !isLetterAt(text, i + 1)) break;
      i++;
      while (i < text.length && isLetterAt(text, i)) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
    }
    if (count === wordStarts.length) {
      const grownStarts = new Int32Array(count * 2);
      const grownEnds = new Int32Array(count * 2);
      grownStarts.set(wordStarts);
      grownEnds.set(wordEnds);
      wordStarts = grownStarts;
      wordEnds = grownEnds;
    }
    wordStarts[count] = start;
    wordEnds[count++] = i;
  }
  return count;
}

/**
 * The features of a submission as hash pairs of the strings featuresOf() gives, in the same order
 * (words, pairs, n-grams, shapes). The vector's buffers are shared: read them before the next call.
 * With `withText`, each feature's string is kept too.
 */
export function vectorOf(example: Example, charMin = 3, charMax = 5, withText = false): FeatureVector {
  const text = example.text;
  const wordCount = findWords(text);
  const grams = charMin > 0 && charMax >= charMin;
  startVector(2 * wordCount + 16 + (grams ? (text.length + 2) * (charMax - charMin + 1) : 0), withText);
  const wordText = (w: number) => text.slice(wordStarts[w], wordEnds[w]).replace(/’/g, "'");

  const hashWord = (w: number) => {
    for (let i = wordStarts[w]!; i < wordEnds[w]!; i++) hashCode(wordCode(text.charCodeAt(i)));
  };
  for (let w = 0; w < wordCount; w++) {
    hashBegin();
    hashWord(w);
    if (addFeature(runKey & 0x3fffffff, runCheck | 0, WORD)) texts?.push(wordText(w));
  }
  const distinctWords = size;
  for (let w = 1; w < wordCount; w++) {
    hashBegin();
    hashWord(w - 1);
    hashCode(32);
    hashWord(w);
    if (addFeature(runKey & 0x3fffffff, runCheck | 0, WORD)) texts?.push(`${wordText(w - 1)} ${wordText(w)}`);
  }
  if (grams) {
    // n-grams of "_" + text + "_" with whitespace runs as "_" (as charNgrams cuts them), read in place:
    // from each position, the hashes of "#" + its n-grams of every size grow a character at a time.
    const squeezed = `_${text.replace(/\s+/g, '_')}_`;
    const hashBasis = keyStep(KEY_BASIS, 35);
    const checkBasis = checkStep(CHECK_BASIS, 35);
    for (let i = 0; i + charMin <= squeezed.length; i++) {
      let h = hashBasis;
      let c = checkBasis;
      for (let n = 1; n <= charMax && i + n <= squeezed.length; n++) {
        const code = squeezed.charCodeAt(i + n - 1);
        h = keyStep(h, code);
        c = checkStep(c, code);
        if (n >= charMin && addFeature(h & 0x3fffffff, c | 0, GRAM)) texts?.push(`#${squeezed.slice(i, i + n)}`);
      }
    }
  }
  for (const shape of shapeTokens(example, wordCount)) addString(shape, SHAPE);
  return { size, words: distinctWords, keys, checks, kinds, ...(texts ? { text: texts } : {}) };
}

/**
 * Weights of features by hash pair, with their text (for saving and explaining): an open-addressing
 * table over typed arrays, so a lookup allocates nothing and an update boxes no number.
 */
export interface FeatureWeights {
  readonly size: number;
  /** The slot of a feature, or -1 when it has no weight. */
  find(key: number, check: number): number;
  /** The slot of a feature, added with weight 0 when missing. */
  ensure(key: number, check: number, text: string): number;
  weight(slot: number): number;
  text(slot: number): string;
  add(slot: number, delta: number): void;
  /** Every feature as [text, weight]. */
  rows(): [string, number][];
  clear(): void;
}

export function createFeatureWeights(): FeatureWeights {
  // Each slot's key + 1 (0 = empty) and check sit side by side, so a probe reads one cache line.
  let pairs = new Int32Array(2 * 1024);
  let weights = new Float64Array(1024);
  let texts: (string | undefined)[] = new Array(1024);
  let capacity = 1024;
  let shift = Math.clz32(capacity) + 1;
  let size = 0;

  function slotFor(key: number, check: number): number {
    const mask = capacity - 1;
    let slot = slotOfKey(key, shift);
    for (;;) {
      const stored = pairs[2 * slot]!;
      if (stored === 0 || (stored === key + 1 && pairs[2 * slot + 1] === check)) return slot;
      slot = (slot + 1) & mask;
    }
  }

  function allocate(slots: number): void {
    capacity = slots;
    shift = Math.clz32(capacity) + 1;
    pairs = new Int32Array(2 * capacity);
    weights = new Float64Array(capacity);
    texts = new Array(capacity);
  }

  function grow(): void {
    const old = { pairs, weights, texts, capacity };
    allocate(capacity * 2);
    for (let i = 0; i < old.capacity; i++) {
      if (old.pairs[2 * i] === 0) continue;
      const slot = slotFor(old.pairs[2 * i]! - 1, old.pairs[2 * i + 1]!);
      pairs[2 * slot] = old.pairs[2 * i]!;
      pairs[2 * slot + 1] = old.pairs[2 * i + 1]!;
      weights[slot] = old.weights[i]!;
      texts[slot] = old.texts[i];
    }
  }

  return {
    get size() {
      return size;
    },
    find(key, check) {
      const slot = slotFor(key, check);
      return pairs[2 * slot] === 0 ? -1 : slot;
    },
    ensure(key, check, text) {
      let slot = slotFor(key, check);
      if (pairs[2 * slot] !== 0) return slot;
      if ((size + 1) * 2 > capacity) {
        grow();
        slot = slotFor(key, check);
      }
      pairs[2 * slot] = key + 1;
      pairs[2 * slot + 1] = check;
      weights[slot] = 0;
      texts[slot] = text;
      size++;
      return slot;
    },
    weight: (slot) => weights[slot]!,
    text: (slot) => texts[slot]!,
    add(slot, delta) {
      weights[slot]! += delta;
    },
    rows() {
      const out: [string, number][] = [];
      for (let i = 0; i < capacity; i++) if (pairs[2 * i] !== 0) out.push([texts[i]!, weights[i]!]);
      return out;
    },
    clear() {
      allocate(1024);
      size = 0;
    },
  };
}
