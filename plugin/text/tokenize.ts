/**
 * Tokens of a submission's plain `text` (already lower-cased, NFKC, confusables folded), shared by
 * relevance, outreach and the classifier.
 */

/** Common English words that carry no topic. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  ('a about above after again against all am an and any are aren\'t as at be because been before being below between both but by ' +
    'can can\'t cannot could couldn\'t did didn\'t do does doesn\'t doing don\'t down during each few for from further had hadn\'t has ' +
    'hasn\'t have haven\'t having he he\'d he\'ll he\'s her here here\'s hers herself him himself his how how\'s i i\'d i\'ll i\'m i\'ve ' +
    'if in into is isn\'t it it\'s its itself just let\'s me more most mustn\'t my myself no nor not now of off on once only or other ' +
    'ought our ours ourselves out over own same shan\'t she she\'d she\'ll she\'s should shouldn\'t so some such than that that\'s the ' +
    'their theirs them themselves then there there\'s these they they\'d they\'ll they\'re they\'ve this those through to too under ' +
    'until up very was wasn\'t we we\'d we\'ll we\'re we\'ve were weren\'t what what\'s when when\'s where where\'s which while who ' +
    'who\'s whom why why\'s will with won\'t would wouldn\'t you you\'d you\'ll you\'re you\'ve your yours yourself yourselves ' +
    'also get got im ive dont its u ur yeah yes oh ok okay really much many one like even still well')
    .split(' '),
);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** The typographic apostrophe as "'" ("don’t" → "don't"). */
const plainApostrophe = (word: string) => (word.includes('’') ? word.replace(/’/g, "'") : word);

/** The words of a text, in order, apostrophes kept inside words ("don't"). */
export function words(text: string): string[] {
  return (text.match(WORD) ?? []).map(plainApostrophe);
}


/** Words that carry topic: no stop words, no bare numbers, at least two characters. */
export function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const match of text.match(WORD) ?? []) {
    const w = plainApostrophe(match);
    if (w.length > 1 && !STOP_WORDS.has(w) && !/^\d+$/.test(w)) out.push(w);
  }
  return out;
}

/** Adjacent word pairs, joined with a space ("check out"). */
export function bigrams(list: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < list.length; i++) out.push(`${list[i - 1]} ${list[i]}`);
  return out;
}

/**
 * Character n-grams of the text with whitespace collapsed to "_" (so "w w w" and "www" share
 * grams with and without separators). Sizes default to 3..5.
 */
export function charNgrams(text: string, min = 3, max = 5): string[] {
  const squeezed = `_${text.replace(/\s+/g, '_')}_`;
  const out: string[] = [];
  for (let n = min; n <= max; n++) {
    for (let i = 0; i + n <= squeezed.length; i++) out.push(squeezed.slice(i, i + n));
  }
  return out;
}

/** Term frequencies of a list of tokens. */
export function counts(tokens: Iterable<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of tokens) out.set(t, (out.get(t) ?? 0) + 1);
  return out;
}

/** A light stemmer for topic matching: "newsletters" → "newsletter", "filters" → "filter". */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

/** Content words, stemmed: the terms relevance compares. */
export function terms(text: string): string[] {
  return contentWords(text).map(stem);
}
