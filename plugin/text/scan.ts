/**
 * Reading text a character at a time, for the checks that run on every submission: they find words
 * without making a string (or a regex match) for each one.
 */

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
const UPPER = /^\p{Lu}$/u;
const LOWER = /^\p{Ll}$/u;
const letterOrNumber = new Map<number, boolean>();
const upper = new Map<number, boolean>();
const lower = new Map<number, boolean>();

function cached(table: Map<number, boolean>, pattern: RegExp, codePoint: number): boolean {
  let known = table.get(codePoint);
  if (known === undefined) {
    known = pattern.test(String.fromCodePoint(codePoint));
    if (table.size < 65_536) table.set(codePoint, known);
  }
  return known;
}

/** The UTF-16 length (1 or 2) of the character at `i` if it is a letter or a number (\p{L}, \p{N}), else 0. */
export function wordCharAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) ? 1 : 0;
  const point = text.codePointAt(i)!;
  return cached(letterOrNumber, LETTER_OR_NUMBER, point) ? (point > 0xffff ? 2 : 1) : 0;
}

/** Whether the character at `i` is an upper-case letter (\p{Lu}). */
export function isUpperAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return code >= 65 && code <= 90;
  return cached(upper, UPPER, text.codePointAt(i)!);
}

/** Whether the character at `i` is a lower-case letter (\p{Ll}). */
export function isLowerAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return code >= 97 && code <= 122;
  return cached(lower, LOWER, text.codePointAt(i)!);
}

const isApostrophe = (code: number) => code === 39 || code === 0x2019;

/** The index of the first letter or number at or after `from` (text.length when there is none). */
export function skipToWord(text: string, from: number): number {
  let i = from;
  while (i < text.length && !wordCharAt(text, i)) i++;
  return i;
}

/**
 * The end of the word starting at `start` (a letter or number): a run of letters and numbers, joined by
 * apostrophes followed by one ("don't", "halla's"), as /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*\/u reads it.
 */
export function wordEnd(text: string, start: number): number {
  let i = start;
  for (;;) {
    let length: number;
    while (i < text.length && (length = wordCharAt(text, i))) i += length;
    if (i + 1 < text.length && isApostrophe(text.charCodeAt(i)) && wordCharAt(text, i + 1)) {
      i++;
      continue;
    }
    return i;
  }
}

/** Whether the character code is whitespace as /\s/ reads it. */
export const isSpace = (code: number) => code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680
  || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f
  || code === 0x3000 || code === 0xfeff;


/** How many whitespace-separated pieces of `text` hold a letter or a number (what "words" means for length limits). */
export function countWords(text: string): number {
  let count = 0;
  let inPiece = false;
  let counted = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      inPiece = false;
      continue;
    }
    if (!inPiece) {
      inPiece = true;
      counted = false;
    }
    if (!counted && wordCharAt(text, i)) {
      count++;
      counted = true;
    }
  }
  return count;
}

/** 32-bit FNV-1a of text[from, to), 30 bits kept (a small integer, stored unboxed). */
export function hashRange(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

const LETTER = /^\p{L}$/u;
const letter = new Map<number, boolean>();

/** Whether the character at `i` is a letter (\p{L}). */
export function isLetterAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  return cached(letter, LETTER, text.codePointAt(i)!);
}

/** `value` without its trailing "/" characters, in one backward pass (a `/\/+$/` regex is quadratic on "////x"). */
export function trimTrailingSlashes(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 47) end--;
  return end === value.length ? value : value.slice(0, end);
}
