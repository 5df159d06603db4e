/**
 * What the classifier reads in a submission: its words, word pairs, character n-grams and a few shape
 * tokens (links, capitals, length), each counted once.
 *
 * Two forms of the same features:
 * - `featuresOf()`: every feature as a string ("#abc" for an n-gram). Naive Bayes and the tests use it.
 * - `vectorOf()`: words, pairs and shapes as strings, the n-grams as pairs of 30-bit hashes. A 300-word
 *   comment has about 1,000 distinct n-grams, and classifying one runs on every submission, so the
 *   logistic model reads them without making a string for each. `GramWeights` keeps their weights and
 *   their text, for saving and explaining.
 */
import { bigrams, charNgrams, words } from '../text/tokenize.js';
import type { Submission } from '../types.js';

export type Example = Pick<Submission, 'text' | 'links'> & { content?: string };

/** Words, word pairs and shape tokens, each once, in that order. */
function tokensOf(example: Example): { tokens: Set<string>; wordCount: number } {
  const list = words(example.text);
  const tokens = new Set<string>(list);
  for (const b of bigrams(list)) tokens.add(b);
  return { tokens, wordCount: list.length };
}

/** Shape tokens: how many links and to where, capitals, exclamation, long numbers, length. */
function addShape(tokens: Set<string>, example: Example, wordCount: number): void {
  const links = example.links ?? [];
  tokens.add(links.length === 0 ? '@links:0' : links.length === 1 ? '@links:1' : '@links:2+');
  for (const link of links) {
    const host = /^[a-z]+:\/\/(?:www\.)?([^/:?#]+)/i.exec(link)?.[1];
    if (host) tokens.add(`@host:${host.toLowerCase()}`);
  }
  const letters = (example.content ?? '').replace(/<[^>]*>/g, '').replace(/[^\p{L}]/gu, '');
  if (letters.length >= 12) {
    const upper = letters.replace(/[^\p{Lu}]/gu, '').length / letters.length;
    tokens.add(upper > 0.5 ? '@caps:shouting' : upper > 0.15 ? '@caps:many' : '@caps:few');
  }
  if (/!{2,}/.test(example.text)) tokens.add('@bangs');
  if (/\d{5,}/.test(example.text.replace(/\s/g, ''))) tokens.add('@long-number');
  tokens.add(wordCount <= 3 ? '@len:tiny' : wordCount <= 10 ? '@len:short' : wordCount <= 40 ? '@len:medium' : '@len:long');
}

/** The features of a submission as strings: words, pairs, "#"-prefixed character n-grams, shape tokens. */
export function featuresOf(example: Example, charMin = 3, charMax = 5): string[] {
  const { tokens, wordCount } = tokensOf(example);
  if (charMin > 0 && charMax >= charMin) for (const g of charNgrams(example.text, charMin, charMax)) tokens.add(`#${g}`);
  addShape(tokens, example, wordCount);
  return [...tokens];
}

/** The text n-grams are cut from: whitespace runs as "_", and "_" at both ends (as charNgrams does). */
function squeezed(text: string): string {
  return `_${text.replace(/\s+/g, '_')}_`;
}

const KEY_BASIS = 0x811c9dc5;
const CHECK_BASIS = 0x2545f491;
/** FNV-1a step: the key hash (30 bits kept). */
const keyStep = (h: number, code: number) => Math.imul(h ^ code, 0x01000193);
/** A multiplicative step with another basis: the check hash, independent of the key. */
const checkStep = (c: number, code: number) => Math.imul(c + code, 0x9e3779b1) ^ (c >>> 15);

/** A table slot from a key: Fibonacci hashing takes the product's high bits (FNV's low bits mix poorly). */
const slotOfKey = (key: number, shift: number) => Math.imul(key, 0x9e3779b1) >>> shift;

/** The hash pair of an n-gram's text ("abc", without the "#"), as vectorOf computes it. */
export function gramKey(gram: string): { key: number; check: number } {
  let h = KEY_BASIS;
  let c = CHECK_BASIS;
  for (let i = 0; i < gram.length; i++) {
    h = keyStep(h, gram.charCodeAt(i));
    c = checkStep(c, gram.charCodeAt(i));
  }
  return { key: h & 0x3fffffff, check: c | 0 };
}

/** A submission's features with the n-grams hashed; `keys`/`checks` are reused by the next call. */
export interface FeatureVector {
  /** Words, word pairs and shape tokens, each once. */
  tokens: string[];
  /** Number of distinct n-grams: the first `grams` entries of keys and checks. */
  grams: number;
  keys: Int32Array;
  checks: Int32Array;
  /** The n-grams' text, in the same order, when asked for (learning keeps it to explain and save). */
  gramText?: string[];
  /** Distinct features in all: the logistic model's normalisation. */
  size: number;
}

let keys = new Int32Array(2048);
let checks = new Int32Array(2048);
/** Open-addressing set of the n-grams seen in this call: slot → index + 1 into keys/checks, valid while stamp matches. */
let slots = new Int32Array(4096);
let stamps = new Uint32Array(4096);
let stamp = 0;

function prepareBuffers(maxGrams: number): void {
  if (keys.length < maxGrams) {
    keys = new Int32Array(maxGrams);
    checks = new Int32Array(maxGrams);
  }
  let size = slots.length;
  while (size < 2 * maxGrams) size *= 2;
  if (size !== slots.length) {
    slots = new Int32Array(size);
    stamps = new Uint32Array(size);
    stamp = 0;
  }
  stamp = (stamp + 1) >>> 0;
  if (stamp === 0) {
    stamps.fill(0);
    stamp = 1;
  }
}

/**
 * The features of a submission with the n-grams as hash pairs. The returned keys and checks are shared
 * buffers: read them before the next call (or copy them). With `withText`, the n-grams' text is kept too.
 */
export function vectorOf(example: Example, charMin = 3, charMax = 5, withText = false): FeatureVector {
  const { tokens, wordCount } = tokensOf(example);
  addShape(tokens, example, wordCount);
  let grams = 0;
  const gramText: string[] | undefined = withText ? [] : undefined;
  if (charMin > 0 && charMax >= charMin) {
    const text = squeezed(example.text);
    prepareBuffers(Math.max(1, text.length * (charMax - charMin + 1)));
    const mask = slots.length - 1;
    const shift = Math.clz32(slots.length) + 1;
    // One pass: from each position, the hashes of its n-grams of every size grow a character at a time.
    for (let i = 0; i + charMin <= text.length; i++) {
      let h = KEY_BASIS;
      let c = CHECK_BASIS;
      for (let n = 1; n <= charMax && i + n <= text.length; n++) {
        const code = text.charCodeAt(i + n - 1);
        h = keyStep(h, code);
        c = checkStep(c, code);
        if (n < charMin) continue;
        const key = h & 0x3fffffff;
        const check = c | 0;
        let slot = slotOfKey(key, shift);
        let known = false;
        while (stamps[slot] === stamp) {
          const at = slots[slot]! - 1;
          if (keys[at] === key && checks[at] === check) {
            known = true;
            break;
          }
          slot = (slot + 1) & mask;
        }
        if (known) continue;
        stamps[slot] = stamp;
        slots[slot] = grams + 1;
        keys[grams] = key;
        checks[grams] = check;
        gramText?.push(text.slice(i, i + n));
        grams++;
      }
    }
  }
  return { tokens: [...tokens], grams, keys, checks, ...(gramText ? { gramText } : {}), size: tokens.size + grams };
}

/**
 * Weights of n-grams by hash pair, with their text (for saving and explaining): an open-addressing
 * table over typed arrays, so a lookup allocates nothing and an update boxes no number.
 */
export interface GramWeights {
  readonly size: number;
  /** The slot of an n-gram, or -1 when it has no weight. */
  find(key: number, check: number): number;
  /** The slot of an n-gram, added with weight 0 when missing. */
  ensure(key: number, check: number, text: string): number;
  weight(slot: number): number;
  text(slot: number): string;
  add(slot: number, delta: number): void;
  /** Every n-gram as [text, weight]. */
  rows(): [string, number][];
  clear(): void;
}

export function createGramWeights(): GramWeights {
  let keys = new Int32Array(1024);
  let checks = new Int32Array(1024);
  let weights = new Float64Array(1024);
  let texts: (string | undefined)[] = new Array(1024);
  let used = new Uint8Array(1024);
  let size = 0;

  function slotFor(key: number, check: number): number {
    const mask = used.length - 1;
    let slot = slotOfKey(key, Math.clz32(used.length) + 1);
    while (used[slot] && (keys[slot] !== key || checks[slot] !== check)) slot = (slot + 1) & mask;
    return slot;
  }

  function grow(): void {
    const old = { keys, checks, weights, texts, used };
    const capacity = used.length * 2;
    keys = new Int32Array(capacity);
    checks = new Int32Array(capacity);
    weights = new Float64Array(capacity);
    texts = new Array(capacity);
    used = new Uint8Array(capacity);
    for (let i = 0; i < old.used.length; i++) {
      if (!old.used[i]) continue;
      const slot = slotFor(old.keys[i]!, old.checks[i]!);
      used[slot] = 1;
      keys[slot] = old.keys[i]!;
      checks[slot] = old.checks[i]!;
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
      return used[slot] ? slot : -1;
    },
    ensure(key, check, text) {
      let slot = slotFor(key, check);
      if (used[slot]) return slot;
      if ((size + 1) * 2 > used.length) {
        grow();
        slot = slotFor(key, check);
      }
      used[slot] = 1;
      keys[slot] = key;
      checks[slot] = check;
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
      for (let i = 0; i < used.length; i++) if (used[i]) out.push([texts[i]!, weights[i]!]);
      return out;
    },
    clear() {
      keys = new Int32Array(1024);
      checks = new Int32Array(1024);
      weights = new Float64Array(1024);
      texts = new Array(1024);
      used = new Uint8Array(1024);
      size = 0;
    },
  };
}
