/**
 * MinHash sketches with LSH banding over word trigrams: every document costs a fixed number of bucket
 * entries (one per band), and a query touches only the buckets it falls in, never every document.
 * Hashing is seeded and deterministic.
 */
import { wordCharAt } from '../text/scan.js';
import { createBucketTable } from './bucket-table.js';

export interface LshOptions {
  /** Number of bands; more bands find less similar pairs and cost memory. */
  bands: number;
  /** MinHash values per band; more rows make a band collision stricter. */
  rows: number;
  /** Seed for the hash family. */
  seed: number;
  /** A bucket keeps at most this many (most recent) documents, bounding query cost. */
  maxBucket: number;
  /** At most this many shingles of a document are hashed, bounding add and query cost. */
  maxShingles: number;
}

export const DEFAULT_LSH: LshOptions = { bands: 32, rows: 1, seed: 0x5eed, maxBucket: 96, maxShingles: 400 };

/** 32-bit FNV-1a of a string. */
export function hashString(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: a cheap, well-mixed 32-bit permutation. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The words of a (masked) text, stopwords included: they carry a template's phrasing. */
export function wordTokens(text: string): string[] {
  return text.split(/[^\p{L}\p{N}']+/u).filter(Boolean);
}

/** Hashes of word trigrams (distinct, at most `max`). */
export function shingleHashes(words: readonly string[], max: number): number[] {
  const out = new Set<number>();
  for (let i = 0; i + 2 < words.length && out.size < max; i++) out.add(hashString(`${words[i]} ${words[i + 1]} ${words[i + 2]}`));
  return [...out];
}

const MAX_WORDS = 4096;
const wordStarts = new Int32Array(MAX_WORDS);
const wordEnds = new Int32Array(MAX_WORDS);
let trigramBuffer = new Float64Array(512);

/** Whether the character at `i` belongs to a word as wordTokens() reads it: a letter, number or apostrophe. */
const wordTokenCharAt = (text: string, i: number) => (text.charCodeAt(i) === 39 ? 1 : wordCharAt(text, i));

/**
 * The word-trigram hashes of a (masked) text, as `shingleHashes(wordTokens(text), max)` gives them but
 * read in place: each hash is FNV-1a over "w1 w2 w3" without making that string. Repeats are kept (they
 * do not change a MinHash); a text with more trigrams than `max` takes the exact, distinct path. The
 * result is a shared buffer: use it before the next call.
 */
export function textShingles(text: string, max: number): { hashes: Float64Array; count: number } {
  let words = 0;
  let i = 0;
  while (i < text.length && words < MAX_WORDS) {
    if (!wordTokenCharAt(text, i)) {
      i++;
      continue;
    }
    wordStarts[words] = i;
    let length: number;
    while (i < text.length && (length = wordTokenCharAt(text, i))) i += length;
    wordEnds[words++] = i;
  }
  const trigrams = Math.max(0, words - 2);
  if (trigrams > max || words === MAX_WORDS) {
    const exact = shingleHashes(wordTokens(text), max);
    return { hashes: Float64Array.from(exact), count: exact.length };
  }
  if (trigramBuffer.length < trigrams) trigramBuffer = new Float64Array(trigrams * 2);
  for (let w = 0; w < trigrams; w++) {
    let h = 0x811c9dc5;
    for (let k = 0; k < 3; k++) {
      if (k > 0) h = Math.imul(h ^ 32, 0x01000193);
      for (let c = wordStarts[w + k]!; c < wordEnds[w + k]!; c++) h = Math.imul(h ^ text.charCodeAt(c), 0x01000193);
    }
    trigramBuffer[w] = h >>> 0;
  }
  return { hashes: trigramBuffer, count: trigrams };
}

export interface LshIndex {
  /** The band keys of a document's shingles (small integers, stored unboxed); compute once, pass to add, remove and query. */
  keys(shingles: ArrayLike<number>, count?: number): number[];
  add(slot: number, keys: readonly number[]): void;
  remove(slot: number, keys: readonly number[]): void;
  /** Slots sharing at least one band with the keys, with how many bands they share, best first. */
  query(keys: readonly number[], accept: (slot: number) => boolean, limit: number): { slots: number[]; proposed: number };
  /** Number of bucket entries held (for memory figures). */
  entries(): number;
}

export function createLshIndex(options: LshOptions = DEFAULT_LSH): LshIndex {
  const { bands, rows, maxBucket } = options;
  const hashes = bands * rows;
  const seeds = Array.from({ length: hashes }, (_, i) => mix32(options.seed + Math.imul(i + 1, 0x9e3779b9)));
  const buckets = createBucketTable();
  let entryCount = 0;

  const sketch = new Uint32Array(hashes);

  function keys(shingles: ArrayLike<number>, count = shingles.length): number[] {
    if (count === 0) return [];
    sketch.fill(0xffffffff);
    for (let s = 0; s < count; s++) {
      const shingle = shingles[s]!;
      for (let i = 0; i < hashes; i++) {
        const v = mix32(shingle ^ seeds[i]!);
        if (v < sketch[i]!) sketch[i] = v;
      }
    }
    const out: number[] = [];
    for (let b = 0; b < bands; b++) {
      let h = mix32(b + 1);
      for (let r = 0; r < rows; r++) h = mix32(h ^ sketch[b * rows + r]!);
      out.push(h & 0x3fffffff);
    }
    return out;
  }

  function add(slot: number, bandKeys: readonly number[]): void {
    for (const key of bandKeys) {
      const bucket = buckets.get(key);
      if (bucket === undefined) {
        buckets.set(key, slot);
        entryCount++;
      } else if (typeof bucket === 'number') {
        if (bucket !== slot) {
          buckets.set(key, [bucket, slot]);
          entryCount++;
        }
      } else if (!bucket.includes(slot)) {
        bucket.push(slot);
        entryCount++;
        if (bucket.length > maxBucket) {
          bucket.shift();
          entryCount--;
        }
      }
    }
  }

  function remove(slot: number, bandKeys: readonly number[]): void {
    for (const key of bandKeys) {
      const bucket = buckets.get(key);
      if (bucket === slot) {
        buckets.delete(key);
        entryCount--;
      } else if (Array.isArray(bucket)) {
        const at = bucket.indexOf(slot);
        if (at < 0) continue;
        bucket.splice(at, 1);
        entryCount--;
        if (bucket.length === 1) buckets.set(key, bucket[0]!);
      }
    }
  }

  let counts = new Uint8Array(1024);
  const touched: number[] = [];
  /** Slots proposed by the last query, grouped by how many bands they share (reused: no arrays per query). */
  const byHits: number[][] = Array.from({ length: bands + 1 }, () => []);

  function touch(slot: number): void {
    if (slot >= counts.length) {
      const grown = new Uint8Array(Math.max(slot + 1, counts.length * 2));
      grown.set(counts);
      counts = grown;
    }
    if (counts[slot] === 0) touched.push(slot);
    counts[slot]!++;
  }

  function query(bandKeys: readonly number[], accept: (slot: number) => boolean, limit: number) {
    touched.length = 0;
    for (const key of bandKeys) {
      const bucket = buckets.get(key);
      if (bucket === undefined) continue;
      if (typeof bucket === 'number') touch(bucket);
      else for (const slot of bucket) touch(slot);
    }
    for (const group of byHits) group.length = 0;
    let proposed = 0;
    for (const slot of touched) {
      const hits = counts[slot]!;
      counts[slot] = 0;
      if (!accept(slot)) continue;
      byHits[Math.min(hits, bands)]!.push(slot);
      proposed++;
    }
    const slots: number[] = [];
    for (let hits = bands; hits > 0 && slots.length < limit; hits--) {
      const group = byHits[hits]!;
      group.sort((a, b) => b - a);
      for (const slot of group) {
        if (slots.length === limit) break;
        slots.push(slot);
      }
    }
    return { slots, proposed };
  }

  return { keys, add, remove, query, entries: () => entryCount };
}
