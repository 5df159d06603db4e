/**
 * Keyboard mash ("asdfghjkl", "jkhsdkjfhskdjf", "qweqweqwe"): text nobody can read, typed to get past a
 * form. It looks only at words in Latin letters, in two ways:
 * - the text reads like no language: nearly all its letters are in words that cost more bits a letter under
 *   the shipped letter model (plugin/knowledge/letters.ts, learned from the word lists of 27 languages) than
 *   99.9 % of real words the model never saw;
 * - shapes that keyboards make and languages do not, word by word — a run of five neighbouring keys, a long
 *   word with no vowel at all, a long word made only of home-row keys with few vowels, a short unit of one
 *   keyboard row repeated.
 * Icelandic, German compounds, Welsh, Polish, Russian or Chinese text, and code inside <code>, are left alone.
 */
import { checkOptions } from '../errors.js';
import { foldText, stripMarkup } from '../normalize/plain-text.js';
import { decodeEntities } from '../normalize/sanitize.js';
import { shippedLetters } from '../knowledge/letters.js';
import type { Filter, Signal } from '../types.js';
import type { FilterDeps } from './index.js';

export interface GibberishOptions {
  /** A word (of 4 letters or more) reads like no language from this many bits a letter under the letter model; a text is mash when 80 % of its letters are in such words. Defaults to 5.3 (99.9 % of real words the model never saw cost less). */
  bitsPerLetter: number;
  /** Score when nearly all the text (80% of its Latin letters, at least 6) is mash. Defaults to 3. */
  score: number;
  /** Share of Latin letters in mash words below which nothing is said. Defaults to 0.3. */
  minShare: number;
}

export const DEFAULTS: GibberishOptions = { score: 3, minShare: 0.3, bitsPerLetter: 5.3 };

/** The letter model makes a text mash only from this many letters in words that read like no language. */
const MODEL_MIN_LETTERS = 6;

/** Keyboard rows of QWERTY, QWERTZ and AZERTY layouts. */
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qwertzuiop', 'yxcvbnm', 'azertyuiop', 'qsdfghjklm', 'wxcvbn'];
const ROW_RUNS = new Set<string>();
for (const row of ROWS) {
  for (let i = 0; i + 5 <= row.length; i++) {
    const run = row.slice(i, i + 5);
    ROW_RUNS.add(run);
    ROW_RUNS.add([...run].reverse().join(''));
  }
}
const HOME_ROW = new Set('asdfghjkl');
const VOWELS = new Set('aeiouy');
const ROW_OF = new Map<string, number>();
['qwertyuiop', 'asdfghjkl', 'zxcvbnm'].forEach((row, n) => [...row].forEach((ch) => ROW_OF.set(ch, n)));

/** Runs of three or more of the same letter become one ("hmmmmm" → "hm", "grrrr" → "gr"). */
function squeeze(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    if (i >= 2 && word[i] === word[i - 1] && word[i] === word[i - 2]) continue;
    out += word[i];
  }
  return out;
}

/** Why a word of plain a–z letters looks like keyboard mash, or undefined when it does not. */
export function mashShape(word: string): string | undefined {
  if (word.length < 5) return undefined;
  for (let i = 0; i + 5 <= word.length; i++) if (ROW_RUNS.has(word.slice(i, i + 5))) return 'neighbouring keys';
  const w = squeeze(word);
  let vowels = 0;
  let home = 0;
  for (const ch of w) {
    if (VOWELS.has(ch)) vowels++;
    if (HOME_ROW.has(ch)) home++;
  }
  if (w.length >= 8 && vowels === 0) return 'no vowels';
  if (w.length >= 8 && home === w.length && vowels / w.length <= 0.25) return 'home-row keys';
  for (let unit = 3; unit <= 4; unit++) {
    if (w.length < unit * 3) continue;
    const head = w.slice(0, unit);
    if (new Set(head).size < 3 || ![...head].every((ch) => ROW_OF.get(ch) === ROW_OF.get(head[0]!))) continue;
    let repeats = true;
    for (let i = unit; i < w.length; i++) if (w[i] !== head[i % unit]) { repeats = false; break; }
    if (repeats) return 'a repeated run of keys';
  }
  return undefined;
}

/** The text without what sits inside <code> and <pre> (identifiers there are not words). */
function withoutCode(content: string): string {
  const lower = content.toLowerCase();
  let out = '';
  let from = 0;
  for (let i = lower.indexOf('<code'); i !== -1; i = lower.indexOf('<code', from)) {
    const close = lower.indexOf('</code>', i);
    out += `${content.slice(from, i)} `;
    from = close === -1 ? content.length : close + 7;
    if (close === -1) break;
  }
  return out + content.slice(from);
}

/** Latin letters with their accents removed ("ð", "þ", "æ" stay themselves and are not a–z). */
const baseLetters = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '');

export function createGibberishFilter(options: Record<string, unknown> | undefined, _deps: FilterDeps): Filter {
  const o = checkOptions('filters.gibberish', options, DEFAULTS, {
    score: { kind: 'number', min: 0 },
    minShare: { kind: 'number', min: 0, max: 1 },
    bitsPerLetter: { kind: 'number', min: 0 },
  });
  const letters = shippedLetters();

  return {
    name: 'gibberish',
    types: ['comment', 'contact-form'],
    check(submission): Signal | null {
      const text = submission.content.includes('<code') ? foldText(decodeEntities(stripMarkup(withoutCode(submission.content)))) : submission.text;
      let latin = 0;
      let mashLetters = 0;
      let modelLetters = 0;
      let modelBits = 0;
      let modelSteps = 0;
      let unreadable = 0;
      const unread: string[] = [];
      const mash: string[] = [];
      const shapes = new Set<string>();
      for (const token of text.split(' ')) {
        if (!token || token.includes('://') || token.startsWith('www.')) continue;
        for (const part of token.split(/[^\p{L}]+/u)) {
          if (!part) continue;
          const word = baseLetters(part);
          if (!/^[a-z]+$/.test(word)) continue; // another alphabet, or letters outside a–z: no opinion
          latin += word.length;
          const squeezed = squeeze(word);
          const shape = mashShape(word);
          if (letters && squeezed.length >= 4) {
            const { bits: wordBits, steps } = letters.cost(squeezed);
            const bits = wordBits / steps;
            modelLetters += squeezed.length;
            modelBits += wordBits;
            modelSteps += steps;
            if (bits >= o.bitsPerLetter || shape) {
              unreadable += squeezed.length;
              if (unread.length < 5) unread.push(part);
            }
          }
          if (shape) {
            mashLetters += word.length;
            shapes.add(shape);
            if (mash.length < 5) mash.push(part);
          }
        }
      }
      const share = latin ? mashLetters / latin : 0;
      const allMash = share >= 0.8 && mashLetters >= 6;
      if (!allMash) {
        const perLetter = modelSteps ? modelBits / modelSteps : 0;
        // Nearly every letter in words that read like no language; or most of them, and the text as a whole too.
        if (unreadable >= MODEL_MIN_LETTERS && (unreadable >= 0.8 * modelLetters || (unreadable >= 0.5 * modelLetters && perLetter >= o.bitsPerLetter))) {
          return {
            filter: 'gibberish', score: o.score, kind: 'spam',
            reason: `Keyboard mash: ${Math.round((unreadable / modelLetters) * 100)}% of the letters are in words like "${unread.join('", "')}" that read like no language (${perLetter.toFixed(1)} bits a letter under the letter model; words of 27 languages cost about 3.7, mash from ${o.bitsPerLetter})`,
            publicReason: 'held for review',
            evidence: { bitsPerLetter: Math.round(perLetter * 100) / 100, share: Math.round((unreadable / modelLetters) * 100) / 100, words: unread, shapes: ['reads like no language'] },
          };
        }
      }
      if (latin < 5 || mashLetters === 0 || share < o.minShare) return null;
      const score = allMash ? o.score : share >= 0.5 ? (o.score * 2) / 3 : o.score / 3;
      return {
        filter: 'gibberish', score: Math.round(score * 100) / 100, kind: 'spam',
        reason: `Keyboard mash: ${Math.round(share * 100)}% of the letters are in words like "${mash.join('", "')}" (${[...shapes].join(', ')})`,
        publicReason: 'held for review',
        evidence: { share: Math.round(share * 100) / 100, words: mash, shapes: [...shapes] },
      };
    },
  };
}
