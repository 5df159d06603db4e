/**
 * The letter model that ships with Doorkeep (letters.json beside this file, made by `npm run train-letters`
 * from the word lists of 27 languages written in Latin letters): how surprising each letter is after the
 * two before it, in words of any of those languages. Real words cost about 3.7 bits a letter; keyboard
 * mash ("jfjdgaajsdfsg", "vzcbczzxbxcbmm") costs 6 or more. It reads a–z only (accents removed first);
 * the gibberish filter has no opinion on other letters.
 */
import { shippedFile } from './shipped.js';

export const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** a–z, then the start of a word (^) and its end ($). */
export const SLOTS = 28;
const START = 26;
const END = 27;
/** Bits are stored in sixteenths, at most 255 (15.9 bits). */
const SCALE = 16;

export interface LetterFile {
  v: 1;
  manifest: {
    command: string;
    seed: number;
    letters: string;
    mix: number[];
    heldOutShare: number;
    sources: { name: string; licence: string; words: number; sha256: string }[];
    /** How words the model never saw score (bits per letter, percentiles). */
    heldOut: { words: number; bitsPerLetter: Record<string, number> };
    note: string;
  };
  /** base64 of SLOTS³ bytes: bits × 16 of letter c after a, b at ((a·SLOTS + b)·SLOTS + c). */
  table: string;
}

export interface LetterModel {
  readonly manifest: LetterFile['manifest'];
  /** Average surprise of a word of a–z letters, in bits per letter (its end counted as one). */
  bitsPerLetter(word: string): number;
  /** The total bits of a word and how many steps they are spread over. */
  cost(word: string): { bits: number; steps: number };
}

export function letterIndex(ch: string): number {
  if (ch === '^') return START;
  if (ch === '$') return END;
  return ch.charCodeAt(0) - 97;
}

export function encodeLetterTable(bits: Float64Array): string {
  const bytes = new Uint8Array(bits.length);
  for (let i = 0; i < bits.length; i++) bytes[i] = Math.min(255, Math.max(0, Math.round(bits[i]! * SCALE)));
  return Buffer.from(bytes).toString('base64');
}

export function isLetterFile(data: unknown): data is LetterFile {
  const f = data as Partial<LetterFile> | null;
  return typeof f === 'object' && f !== null && f.v === 1 && typeof f.table === 'string' && typeof f.manifest === 'object';
}

export function createLetterModel(file: LetterFile): LetterModel {
  const table = Buffer.from(file.table, 'base64');
  if (table.length !== SLOTS * SLOTS * SLOTS) throw new Error(`letters.json: the table has ${table.length} entries, not ${SLOTS ** 3}`);
  function cost(word: string): { bits: number; steps: number } {
    let a = START;
    let b = START;
    let sum = 0;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i) - 97;
      if (c < 0 || c >= 26) continue;
      sum += table[(a * SLOTS + b) * SLOTS + c]!;
      a = b;
      b = c;
    }
    sum += table[(a * SLOTS + b) * SLOTS + END]!;
    return { bits: sum / SCALE, steps: word.length + 1 };
  }
  return {
    manifest: file.manifest,
    cost,
    bitsPerLetter(word) {
      const { bits, steps } = cost(word);
      return bits / steps;
    },
  };
}

const shipped = shippedFile('letters.json', isLetterFile, createLetterModel);

/** The shipped letter model: beside this module in the sources and in both builds (scripts/build.mjs copies it). */
export const LETTER_FILE = shipped.path;

/** The letter model that ships with Doorkeep, read once; null when the file is missing or unreadable. */
export function shippedLetters(): LetterModel | null {
  return shipped.load();
}
