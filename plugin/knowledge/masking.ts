/**
 * Masks what mass personalisation swaps (names, brands, the post title, URLs, e-mails, numbers) so two
 * copies of one template compare as the same text. Works on Submission.text (already lower-cased, NFKC,
 * confusables folded); the original content, when given, is used only to recognise capitalised brands.
 */

export interface MaskContext {
  /** How readers address the site owner ("Halla", "Halla Jónsdóttir"). */
  ownerNames?: readonly string[];
  /** The title of the post the submission is about. */
  postTitle?: string;
  /** The sender, whose name, e-mail local part and URL host are masked. */
  author?: { name?: string; email?: string; url?: string };
  /** The content as received (with its capitals), to recognise brand-looking tokens. */
  original?: string;
}

import { hashRange, isLowerAt, isSpace, isUpperAt, skipToWord, wordCharAt, wordEnd } from '../text/scan.js';

export const PLACEHOLDERS = {
  name: '<name>',
  title: '<title>',
  url: '<url>',
  email: '<email>',
  num: '<num>',
} as const;

const PLACEHOLDER_KEYS = Object.keys(PLACEHOLDERS) as (keyof typeof PLACEHOLDERS)[];
/** Private-use characters stand for the placeholders while masking, so no later pattern matches inside one. */
const mark = Object.fromEntries(PLACEHOLDER_KEYS.map((key, i) => [key, ` ${String.fromCharCode(0xe000 + i)} `])) as Record<keyof typeof PLACEHOLDERS, string>;

// Each pattern starts only where its run of characters starts (the lookbehinds), so a run that does not
// match is read once, not once per character: linear time on any text (issue 11).
const EMAIL = /(?<![a-z0-9._%+-])[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/g;
const URL_WITH_SCHEME = /\b(?:https?:\/\/|www\.)[^\s<>"')\]]+/g;
/** A whole dotted run ("news.example.com", "a1.b2"), and a path after it; which part is a domain is decided in code. */
const DOTTED_RUN = /(?<![a-z0-9-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+(?:\/[^\s<>"')\]]*)?/g;
const TOP_LEVEL = /^[a-z]{2,12}$/;
const ALL_NUMBERS = /^\d+(?:\.\d+)*$/;
const NUMBER = /(?<![\d.,:/%-])(?<!\dx)[$€£]?\d(?:[\d.,:/x%-]*\d)?(?:%|st|nd|rd|th|k|m)?(?![\p{L}\p{N}])/gu;

/** Words too common to mask even when they appear in a name or capitalised (they carry the template). */
const COMMON = new Set([
  'a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'from', 'with', 'at', 'by', 'my', 'your', 'our', 'we',
  'i', 'im', "i'm", 'you', 'it', 'is', 'are', 'be', 'this', 'that', 'hi', 'hello', 'hey', 'dear', 'team', 'info',
  'contact', 'mail', 'email', 'admin', 'hello', 'www', 'blog', 'site', 'web', 'http', 'https', 'com', 'net', 'org',
  'post', 'thanks', 'thank', 'best', 'regards', 'cheers', 'mr', 'mrs', 'ms', 'dr', 'the', 'media', 'digital', 'agency',
  'marketing', 'group', 'inc', 'ltd', 'llc', 'co', 'io', 'app', 'news', 'reader', 'readers',
]);

const TITLE_STOPWORDS = new Set([
  ...COMMON, 'about', 'what', 'why', 'how', 'when', 'who', 'without', 'not', 'just', 'that', 'its', 'into', 'never',
  'still', 'finally', 'people', 'want', 'being', 'read', 'have', 'has', 'had', 'be', 'but', 'so', 'as', 'if',
]);

function normalize(value: string): string {
  return value.normalize('NFKC').toLowerCase();
}

function stripDiacritics(value: string): string {
  if (!/[^\x00-\x7f]/.test(value)) return value;
  return value.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
}

function words(value: string): string[] {
  return normalize(value).split(/[^\p{L}\p{N}']+/u).filter((w) => w.length >= 2);
}

/** The host's distinctive label: "https://www.growthloop.io/x" → "growthloop". */
function hostLabel(url: string): string | undefined {
  const host = url.replace(/^[a-z]+:\/\//i, '').split(/[/?#:]/)[0]?.replace(/^www\./i, '') ?? '';
  const labels = host.split('.').filter(Boolean);
  return labels.length >= 2 ? labels[labels.length - 2] : labels[0];
}

/** Whether the character at `i` ends a sentence for capitalisation: . ! ? : ; a line break, or a dash between spaces. */
function sentenceBreakAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code === 46 || code === 33 || code === 63 || code === 10 || code === 58 || code === 59) return true;
  if (!isSpace(code) || i + 2 >= text.length) return false;
  const dash = text.charCodeAt(i + 1);
  return (dash === 45 || dash === 0x2013 || dash === 0x2014) && isSpace(text.charCodeAt(i + 2));
}

/** The length of the token character at `i` (a letter, number, apostrophe or hyphen), else 0. */
function tokenCharAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code === 39 || code === 0x2019 || code === 45 ? 1 : wordCharAt(text, i);
}

/** CamelCase: an optional capital, lower-case letters, then a capital ("GrowthLoop", "eBay"). */
function isCamelAt(text: string, start: number, end: number): boolean {
  let i = start;
  if (i < end && isUpperAt(text, i)) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  const lowerFrom = i;
  while (i < end && isLowerAt(text, i)) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  return i > lowerFrom && i < end && isUpperAt(text, i);
}

/** Tokens written with a capital in the middle of a sentence, or in CamelCase: likely names and brands. */
export function capitalisedTokens(original: string): Set<string> {
  const plain = original.replace(/<\/(p|div|li|h\d)>|<br\s*\/?>/gi, '\n').replace(/<[^<>]*>/g, ' ').replace(/&[a-z]+;|&#\d+;/gi, ' ');
  const found = new Set<string>();
  let first = true;
  let i = 0;
  while (i < plain.length) {
    if (sentenceBreakAt(plain, i)) {
      first = true;
      i++;
      continue;
    }
    if (!wordCharAt(plain, i)) {
      i++;
      continue;
    }
    const start = i;
    let length: number;
    while (i < plain.length && (length = tokenCharAt(plain, i))) i += length;
    const isFirst = first;
    first = false;
    if ((!isFirst && isUpperAt(plain, start)) || isCamelAt(plain, start, i)) {
      const lower = normalize(plain.slice(start, i)).replace(/['’]s$/, '');
      if (lower.length >= 2 && !COMMON.has(lower)) found.add(lower);
    }
  }
  return found;
}

/** Names, brands and title words to mask, each as a lower-case phrase. */
function phrasesFor(context: MaskContext): { names: string[]; titles: string[] } {
  const names = new Set<string>();
  const add = (value: string | undefined) => addName(names, value);
  for (const phrase of ownerPhrases(context.ownerNames ?? [])) names.add(phrase);
  const author = context.author ?? {};
  if (author.name) {
    add(author.name);
    for (const w of words(author.name)) add(w);
  }
  if (author.email) {
    const [local = '', domain = ''] = normalize(author.email).split('@');
    for (const w of local.split(/[._+-]+/)) if (w.length >= 3) add(w);
    add(hostLabel(domain));
  }
  if (author.url) add(hostLabel(normalize(author.url)));
  if (context.original) for (const w of capitalisedTokens(context.original)) add(w);

  return { names: [...names], titles: context.postTitle ? titlePhrases(context.postTitle) : [] };
}

/** A phrase as a name to mask, and without its diacritics; nothing for common words. */
function addName(names: Set<string>, value: string | undefined): void {
  if (!value) return;
  const phrase = normalize(value).trim();
  if (phrase.length < 2 || COMMON.has(phrase)) return;
  names.add(phrase);
  names.add(stripDiacritics(phrase));
}

const ownerCache = new WeakMap<readonly string[], string[]>();

/** The owner's names and their words, as masked names: computed once per list (they are the same on every submission). */
function ownerPhrases(ownerNames: readonly string[]): string[] {
  let phrases = ownerCache.get(ownerNames);
  if (!phrases) {
    const names = new Set<string>();
    for (const owner of ownerNames) {
      addName(names, owner);
      for (const w of words(owner)) addName(names, w);
    }
    phrases = [...names];
    ownerCache.set(ownerNames, phrases);
  }
  return phrases;
}

const titleCache = new Map<string, string[]>();

/** A post title as a phrase to mask, then its distinctive words: computed once per title. */
function titlePhrases(postTitle: string): string[] {
  let titles = titleCache.get(postTitle);
  if (!titles) {
    titles = [];
    const title = normalize(postTitle).replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim();
    if (title) titles.push(title);
    for (const w of words(title)) if (w.length >= 4 && !TITLE_STOPWORDS.has(w)) titles.push(w);
    if (titleCache.size >= 1000) titleCache.clear();
    titleCache.set(postTitle, titles);
  }
  return titles;
}

const WORD_SPLIT = /([\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*)/u;

const phraseWords = new Map<string, string[]>();

/** The words of a phrase, remembered: the owner's names and titles come back on every submission. */
function wordsOfPhrase(phrase: string): string[] {
  let parts = phraseWords.get(phrase);
  if (!parts) {
    parts = phrase.split(WORD_SPLIT).filter((_, i) => i % 2 === 1);
    if (phraseWords.size >= 10_000) phraseWords.clear();
    phraseWords.set(phrase, parts);
  }
  return parts;
}

interface Phrase {
  parts: string[];
  placeholder: string;
}

/** The length of the word at [start, end) without a trailing "'s", or the whole length. */
function bareEnd(text: string, start: number, end: number): number {
  const code = text.charCodeAt(end - 2);
  return end - start > 2 && text.charCodeAt(end - 1) === 115 && (code === 39 || code === 0x2019) ? end - 2 : end;
}

const sameWord = (text: string, start: number, end: number, word: string) => end - start === word.length && text.startsWith(word, start);

/** Whether text[from, to) is only whitespace and hyphens (what may join the words of a phrase). */
function joinsWords(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code !== 45 && !isSpace(code)) return false;
  }
  return true;
}

/**
 * Replace whole-word occurrences of the phrases with their placeholders in one pass over the words:
 * at each word the longest phrase wins, and between phrases of one length the earlier group wins.
 * "'s" goes with the word. Words are found in place (text/scan.ts); only a replaced text is rebuilt.
 */
function replacePhrases(text: string, groups: readonly (readonly [phrases: readonly string[], placeholder: string])[]): string {
  const byFirst = new Map<number, Phrase[]>();
  const seen = new Set<string>();
  for (const [phrases, placeholder] of groups) {
    for (const phrase of phrases) {
      if (seen.has(phrase)) continue;
      seen.add(phrase);
      const parts = wordsOfPhrase(phrase);
      if (parts.length === 0) continue;
      const key = hashRange(parts[0]!, 0, parts[0]!.length);
      const list = byFirst.get(key) ?? [];
      list.push({ parts, placeholder });
      byFirst.set(key, list);
    }
  }
  if (byFirst.size === 0) return text;
  for (const list of byFirst.values()) list.sort((a, b) => b.parts.length - a.parts.length);

  /** Whether the phrase's words follow from the word at [start, end); sets `matchEnd`. */
  let matchEnd = 0;
  function follows(phrase: Phrase, start: number, end: number): boolean {
    let wordStart = start;
    let wordEndAt = end;
    for (let k = 0; k < phrase.parts.length; k++) {
      const part = phrase.parts[k]!;
      const last = k === phrase.parts.length - 1;
      if (!sameWord(text, wordStart, wordEndAt, part) && !(last && sameWord(text, wordStart, bareEnd(text, wordStart, wordEndAt), part))) return false;
      if (last) break;
      const next = skipToWord(text, wordEndAt);
      if (next >= text.length || !joinsWords(text, wordEndAt, next)) return false;
      wordStart = next;
      wordEndAt = wordEnd(text, next);
    }
    matchEnd = wordEndAt;
    return true;
  }

  /** Phrases whose first word is text[start, stop) exactly, if any. */
  function startingWith(start: number, stop: number): Phrase[] | undefined {
    const list = byFirst.get(hashRange(text, start, stop));
    if (list) for (const phrase of list) if (sameWord(text, start, stop, phrase.parts[0]!)) return list;
    return undefined;
  }

  /** The phrase starting at the word [start, end), looked up by the word as written or else without "'s". */
  function phraseAt(start: number, end: number): Phrase | undefined {
    let stop = end;
    let list = startingWith(start, stop);
    if (!list) {
      stop = bareEnd(text, start, end);
      if (stop !== end) list = startingWith(start, stop);
    }
    if (!list) return undefined;
    for (const phrase of list) if (sameWord(text, start, stop, phrase.parts[0]!) && follows(phrase, start, end)) return phrase;
    return undefined;
  }

  let out = '';
  let copied = 0;
  let i = 0;
  while ((i = skipToWord(text, i)) < text.length) {
    const end = wordEnd(text, i);
    const hit = phraseAt(i, end);
    if (hit) {
      out += text.slice(copied, i) + hit.placeholder;
      copied = matchEnd;
      i = matchEnd;
    } else {
      i = end;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * The domain in a dotted run, masked: the labels up to the last one that can be a top-level domain (2–12
 * letters), with the path when the domain ends the run; version numbers and runs with no such label stay.
 */
function maskDomain(run: string): string {
  const slash = run.indexOf('/');
  const dotted = slash === -1 ? run : run.slice(0, slash);
  if (ALL_NUMBERS.test(dotted)) return run;
  const labels = dotted.split('.');
  let last = labels.length - 1;
  while (last >= 1 && !TOP_LEVEL.test(labels[last]!)) last--;
  if (last < 1) return run;
  if (last === labels.length - 1) return mark.url;
  return mark.url + run.slice(labels.slice(0, last + 1).join('.').length);
}

/**
 * Replace personalisation in `text` with placeholders (`<name>`, `<title>`, `<url>`, `<email>`, `<num>`),
 * collapse runs of the same placeholder and of whitespace.
 */
export function maskPersonalisation(text: string, context: MaskContext = {}): string {
  const { names, titles } = phrasesFor(context);
  let out = normalize(text).replace(/[\ue000-\ue0ff]/g, ' ');
  out = out.replace(EMAIL, mark.email);
  out = out.replace(URL_WITH_SCHEME, mark.url);
  out = out.replace(DOTTED_RUN, maskDomain);
  out = replacePhrases(out, [[titles.slice(0, 1), mark.title], [names, mark.name], [titles.slice(1), mark.title]]);
  out = out.replace(NUMBER, mark.num);
  out = out.replace(/([\ue000-\ue0ff])(?:[\s,&+-]*(?:and\s+)?\1)+/g, '$1');
  for (const key of PLACEHOLDER_KEYS) if (out.includes(mark[key].trim())) out = out.replaceAll(mark[key].trim(), PLACEHOLDERS[key]);
  // Runs of whitespace to one space; a lone space is left as it is, so a text with none to fold is not copied.
  return out.replace(/\s{2,}|[^\S ]/g, ' ').replace(/ ([,.!?;:])/g, '$1').trim();
}
