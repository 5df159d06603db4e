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

export const PLACEHOLDERS = {
  name: '<name>',
  title: '<title>',
  url: '<url>',
  email: '<email>',
  num: '<num>',
} as const;

const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/g;
const URL_WITH_SCHEME = /\b(?:https?:\/\/|www\.)[^\s<>"')\]]+/g;
const BARE_DOMAIN = /\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,12}\b(?:\/[^\s<>"')\]]*)?/g;
const NUMBER = /[$€£]?\d(?:[\d.,:/x%-]*\d)?(?:%|st|nd|rd|th|k|m)?(?![\p{L}\p{N}])/gu;

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

/** Tokens written with a capital in the middle of a sentence, or in CamelCase: likely names and brands. */
export function capitalisedTokens(original: string): Set<string> {
  const plain = original.replace(/<\/(p|div|li|h\d)>|<br\s*\/?>/gi, '\n').replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;|&#\d+;/gi, ' ');
  const found = new Set<string>();
  const token = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;
  for (const sentence of plain.split(/[.!?\n:;]+\s*|\s[-–—]\s/u)) {
    let first = true;
    for (const match of sentence.matchAll(token)) {
      const word = match[0];
      const isFirst = first;
      first = false;
      const camel = /^\p{Lu}?\p{Ll}+\p{Lu}/u.test(word);
      if ((!isFirst && /^\p{Lu}/u.test(word)) || camel) {
        const lower = normalize(word).replace(/['’]s$/, '');
        if (lower.length >= 2 && !COMMON.has(lower)) found.add(lower);
      }
    }
  }
  return found;
}

/** Names, brands and title words to mask, each as a lower-case phrase. */
function phrasesFor(context: MaskContext): { names: string[]; titles: string[] } {
  const names = new Set<string>();
  const add = (value: string | undefined) => {
    if (!value) return;
    const phrase = normalize(value).trim();
    if (phrase.length >= 2 && !COMMON.has(phrase)) {
      names.add(phrase);
      names.add(stripDiacritics(phrase));
    }
  };
  for (const owner of context.ownerNames ?? []) {
    add(owner);
    for (const w of words(owner)) add(w);
  }
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

  const titles: string[] = [];
  if (context.postTitle) {
    const title = normalize(context.postTitle).replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim();
    if (title) titles.push(title);
    for (const w of words(title)) if (w.length >= 4 && !TITLE_STOPWORDS.has(w)) titles.push(w);
  }
  return { names: [...names], titles };
}

const WORD_SPLIT = /([\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*)/u;

/**
 * Replace whole-word occurrences of the phrases with their placeholders in one pass over the words:
 * at each word the longest phrase wins, and between phrases of one length the earlier group wins.
 * "'s" goes with the word.
 */
function replacePhrases(text: string, groups: readonly (readonly [phrases: readonly string[], placeholder: string])[]): string {
  const byFirst = new Map<string, { parts: string[]; placeholder: string }[]>();
  const seen = new Set<string>();
  for (const [phrases, placeholder] of groups) {
    for (const phrase of phrases) {
      if (seen.has(phrase)) continue;
      seen.add(phrase);
      const parts = phrase.split(WORD_SPLIT).filter((_, i) => i % 2 === 1);
      if (parts.length === 0) continue;
      const list = byFirst.get(parts[0]!) ?? [];
      list.push({ parts, placeholder });
      byFirst.set(parts[0]!, list);
    }
  }
  if (byFirst.size === 0) return text;
  for (const list of byFirst.values()) list.sort((a, b) => b.parts.length - a.parts.length);
  const tokens = text.split(WORD_SPLIT);
  const bare = (word: string | undefined) => word?.replace(/['’]s$/, '');
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    const candidates = i % 2 === 1 ? byFirst.get(token) ?? byFirst.get(bare(token)!) : undefined;
    const hit = candidates?.find(({ parts }) => parts.every((part, k) => {
      const word = tokens[i + 2 * k];
      if (k === parts.length - 1) return word === part || bare(word) === part;
      return word === part && k + 1 < parts.length && /^[\s-]*$/.test(tokens[i + 2 * k + 1] ?? 'x');
    }));
    if (hit) {
      out.push(hit.placeholder);
      i += 2 * hit.parts.length - 1;
    } else {
      out.push(token);
      i++;
    }
  }
  return out.join('');
}

/**
 * Replace personalisation in `text` with placeholders (`<name>`, `<title>`, `<url>`, `<email>`, `<num>`),
 * collapse runs of the same placeholder and of whitespace.
 */
export function maskPersonalisation(text: string, context: MaskContext = {}): string {
  const { names, titles } = phrasesFor(context);
  const mark = Object.fromEntries(Object.keys(PLACEHOLDERS).map((key, i) => [key, ` ${String.fromCharCode(0xe000 + i)} `])) as Record<keyof typeof PLACEHOLDERS, string>;
  let out = normalize(text).replace(/[\ue000-\ue0ff]/g, ' ');
  out = out.replace(EMAIL, mark.email);
  out = out.replace(URL_WITH_SCHEME, mark.url);
  out = out.replace(BARE_DOMAIN, (m) => (/^\d+(\.\d+)*$/.test(m) ? m : mark.url));
  out = replacePhrases(out, [[titles.slice(0, 1), mark.title], [names, mark.name], [titles.slice(1), mark.title]]);
  out = out.replace(NUMBER, mark.num);
  out = out.replace(/([\ue000-\ue0ff])(?:[\s,&+-]*(?:and\s+)?\1)+/g, '$1');
  for (const [key, value] of Object.entries(PLACEHOLDERS)) out = out.replaceAll(mark[key as keyof typeof PLACEHOLDERS].trim(), value);
  return out.replace(/\s+/g, ' ').replace(/\s+([,.!?;:])/g, '$1').trim();
}
