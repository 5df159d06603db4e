/**
 * npm run train-letters: learn the letter model that ships with Doorkeep (plugin/knowledge/letters.json),
 * reproducibly (seeded), from the Hunspell word lists of 27 languages written in Latin letters
 * (the `dictionary-*` packages, devDependencies).
 *
 *   npm run train-letters [-- --seed N] [--out FILE]
 *
 * The model is the probability of each letter after the two before it, in words of any of these
 * languages: every language weighs the same (its counts are divided by its own total), and the
 * three-letter estimate is mixed with the two- and one-letter ones so that a sequence one language
 * lacks still gets the chance the others give it. Accents are removed first (as the gibberish filter
 * does), and words with letters outside a–z after that are left out. 5 % of every list is held back
 * and scored, so the file records how real words it never saw score. The file holds letter-sequence
 * probabilities only, no words.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodeLetterTable, letterIndex, LETTERS, createLetterModel, type LetterFile, SLOTS } from '../plugin/knowledge/letters.js';
import { ROOT } from './datasets.js';
import { seeded } from './seeded.js';

export const LETTER_SEED = 11;
const HELD_OUT = 0.05;
/** Interpolation weights of the three-, two- and one-letter estimates. */
const MIX = [0.75, 0.2, 0.05] as const;

/** Every Latin-script word list used, with the licence the package states. */
export const LANGUAGES = [
  'ca', 'cs', 'cy', 'da', 'de', 'en', 'es', 'et', 'eu', 'fr', 'ga', 'hr', 'hu', 'is', 'it', 'lt', 'lv', 'nb', 'nl', 'pl', 'pt', 'ro', 'sk', 'sl', 'sv', 'tr', 'vi',
];

const baseLetters = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The stems of a Hunspell .dic file (the first line is a count; flags follow a slash, fields a tab). */
export function stemsOf(dic: string): string[] {
  const out: string[] = [];
  const lines = dic.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line || line.startsWith('\t') || line.startsWith('#')) continue;
    let end = line.length;
    for (const stop of ['/', '\t', ' ']) {
      const at = line.indexOf(stop);
      if (at !== -1 && at < end) end = at;
    }
    const stem = line.slice(0, end);
    if (stem.length < 2 || stem === stem.toUpperCase()) continue; // acronyms
    const word = baseLetters(stem);
    if (/^[a-z]+$/.test(word)) out.push(word);
  }
  return out;
}

export function trainLetters(seed = LETTER_SEED): LetterFile {
  const random = seeded(seed);
  const tri = new Float64Array(SLOTS * SLOTS * SLOTS);
  const sources: LetterFile['manifest']['sources'] = [];
  const heldOut: string[] = [];
  for (const lang of LANGUAGES) {
    const pkgFile = join(ROOT, 'node_modules', `dictionary-${lang}`, 'package.json');
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { version: string; license?: string };
    const dic = readFileSync(join(dirname(pkgFile), 'index.dic'), 'utf8');
    const counts = new Float64Array(tri.length);
    let total = 0;
    let used = 0;
    for (const word of stemsOf(dic)) {
      if (random() < HELD_OUT) {
        heldOut.push(word);
        continue;
      }
      used++;
      const s = `^^${word}$`;
      for (let i = 2; i < s.length; i++) {
        counts[(letterIndex(s[i - 2]!) * SLOTS + letterIndex(s[i - 1]!)) * SLOTS + letterIndex(s[i]!)]! += 1;
        total++;
      }
    }
    for (let i = 0; i < counts.length; i++) if (counts[i]) tri[i]! += counts[i]! / total;
    sources.push({ name: `dictionary-${lang}@${pkg.version}`, licence: pkg.license ?? 'see the package', words: used, sha256: createHash('sha256').update(dic).digest('hex') });
  }
  // Marginals for the two- and one-letter estimates.
  const bi = new Float64Array(SLOTS * SLOTS);
  const uni = new Float64Array(SLOTS);
  const ctx3 = new Float64Array(SLOTS * SLOTS);
  for (let i = 0; i < tri.length; i++) {
    bi[i % (SLOTS * SLOTS)]! += tri[i]!;
    uni[i % SLOTS]! += tri[i]!;
    ctx3[Math.floor(i / SLOTS)]! += tri[i]!;
  }
  const ctx2 = new Float64Array(SLOTS);
  for (let i = 0; i < bi.length; i++) ctx2[Math.floor(i / SLOTS)]! += bi[i]!;
  let all = 0;
  for (const u of uni) all += u;
  const bits = new Float64Array(tri.length);
  for (let i = 0; i < tri.length; i++) {
    const ab = Math.floor(i / SLOTS);
    const b = ab % SLOTS;
    const c = i % SLOTS;
    const p3 = ctx3[ab] ? tri[i]! / ctx3[ab]! : 0;
    const p2 = ctx2[b] ? bi[b * SLOTS + c]! / ctx2[b]! : 0;
    const p1 = uni[c]! / all;
    bits[i] = -Math.log2(MIX[0] * p3 + MIX[1] * p2 + MIX[2] * p1 + 1e-6);
  }
  const file: LetterFile = {
    v: 1,
    manifest: {
      command: `npm run train-letters -- --seed ${seed}`,
      seed,
      letters: LETTERS,
      mix: [...MIX],
      heldOutShare: HELD_OUT,
      sources,
      heldOut: { words: 0, bitsPerLetter: {} },
      note: 'Letter-sequence probabilities only; no word of any list is stored.',
    },
    table: encodeLetterTable(bits),
  };
  // How real words the model never saw score: the percentiles the gibberish filter's threshold is set against.
  const model = createLetterModel(file);
  const scores = heldOut.filter((w) => w.length >= 4).map((w) => model.bitsPerLetter(w)).sort((x, y) => x - y);
  const at = (q: number) => Math.round(scores[Math.min(scores.length - 1, Math.floor(q * scores.length))]! * 100) / 100;
  file.manifest.heldOut = { words: scores.length, bitsPerLetter: { p50: at(0.5), p99: at(0.99), 'p99.9': at(0.999) } };
  return file;
}

function main(): void {
  const argv = process.argv.slice(2);
  const flag = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i === -1 ? undefined : argv[i + 1];
  };
  const seed = Number(flag('seed') ?? LETTER_SEED);
  const out = resolve(ROOT, flag('out') ?? 'plugin/knowledge/letters.json');
  const file = trainLetters(seed);
  writeFileSync(out, `${JSON.stringify(file)}\n`);
  const words = file.manifest.sources.reduce((n, s) => n + s.words, 0);
  console.log(`Wrote ${out}: ${file.manifest.sources.length} languages, ${words} words learned, ${file.manifest.heldOut.words} held out scoring ${JSON.stringify(file.manifest.heldOut.bitsPerLetter)} bits per letter.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
