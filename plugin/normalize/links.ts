/**
 * Every URL in a submission: anchors, bare URLs, bare domains on any real top-level domain (the public
 * suffix list, through tldts), BBCode [url], and disguised forms: zero-width characters or look-alike
 * letters inside a domain, full-width letters, spaced letters (`w i n - b i g . n e t`), `site[dot]com`,
 * `site (dot) com`, `site dot com`, `site . com`. Returned normalized and de-duplicated.
 *
 * Everything here is a hand-written forward scan: linear on any input, whatever its shape.
 */
import { parse as parseDomain } from 'tldts';
import { hostKey as hostOf } from '../sender.js';
import { foldText, isConfusable, stripMarkup, unfoldedText, visibleText } from './plain-text.js';

/**
 * Top-level domains a spelled-out address (`site dot com`, `site . com`) may end in. The spoken form is
 * weak evidence, so it is limited to the endings spam uses most; written domains accept any real TLD.
 */
const SPELLED_TLDS = new Set(
  ('com net org info biz io co me ly xyz online site store shop top club app dev ru de uk us in tk ml ga cf gq pw cc tv ' +
    'blog link live pro vip win bid eu fr nl br cn jp au ca es it pl su ua kz by icu buzz fun space website tech cyou sbs cfd')
    .split(' '),
);
/** Endings that are also common words or file extensions: a bare `word.it` or `main.py` is not taken for a site. */
const WORDLIKE_TLDS = new Set('it me so to in is at be no us my do go am an as by py rs md sh pl pm zip mov'.split(' '));
/** Words that start a sentence about dots, not a domain ("the dot com bubble", "polka dot com…"). */
const NOT_A_LABEL = new Set(['the', 'a', 'an', 'one', 'polka', 'this', 'that', 'each', 'every', 'red', 'blue', 'black', 'green', 'white']);

/** Normalize a URL-ish string to `scheme://host/path?query`, or undefined when it is not a web URL. */
export function normalizeUrl(raw: string): string | undefined {
  let candidate = raw.trim();
  let end = candidate.length;
  while (end > 0 && '.,;:!?'.includes(candidate[end - 1]!)) end--;
  candidate = candidate.slice(0, end);
  if (!candidate) return undefined;
  if (candidate.startsWith('//')) candidate = `http:${candidate}`;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(candidate)) candidate = `http://${candidate}`;
  try {
    const url = new URL(candidate);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (!url.hostname.includes('.') && url.hostname !== 'localhost') return undefined;
    url.hash = '';
    const path = url.pathname === '/' ? '' : url.pathname;
    return `${url.protocol}//${url.host.toLowerCase()}${path}${url.search}`;
  } catch {
    return undefined;
  }
}

export interface ExtractedLinks {
  /** Every URL, normalized, de-duplicated, in order of appearance. */
  all: string[];
  /** The subset a reader does not see written as an address: spelled out, spaced, or hidden with invisible or look-alike characters. */
  obfuscated: string[];
  /** Domains written with letters of two alphabets (Latin with Cyrillic or Greek look-alikes), as written. */
  homographs: string[];
  /** How many came from HTML anchors and BBCode tags. */
  anchors: number;
  bbcode: number;
}

const isAsciiHostChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 /* - */ || c === 46 /* . */ || (c >= 65 && c <= 90);
const LETTER = /[\p{L}\p{M}\p{N}]/u;
const isHostChar = (text: string, i: number) => {
  const c = text.charCodeAt(i);
  return c < 128 ? isAsciiHostChar(c) : c !== 0xff0e && LETTER.test(text[i]!);
};
/** Characters that end a token when looking for URLs (as in most comment renderers' autolinkers). */
const isDelimiter = (c: number) =>
  c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 0xa0 || c === 60 || c === 62 || c === 34 || c === 39 ||
  c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125 || c === 124 || c === 96 || c === 94 || c === 92 ||
  c === 0x3000 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029;

/** Calls fn(token) for every run of non-delimiter characters. */
function eachToken(text: string, fn: (token: string) => void): void {
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const end = i === text.length || isDelimiter(text.charCodeAt(i));
    if (end) {
      if (start !== -1) fn(text.slice(start, i));
      start = -1;
    } else if (start === -1) start = i;
  }
}

/** A host on a real public suffix (ICANN section), or undefined. `strict` refuses word-like endings. */
function realHost(host: string, bare: boolean): string | undefined {
  let h = host;
  while (h.endsWith('.')) h = h.slice(0, -1);
  if (!h.includes('.') || h.startsWith('.') || h.includes('..') || h.length > 253) return undefined;
  const info = parseDomain(h);
  if (!info.isIcann || info.isIp || !info.domainWithoutSuffix || !info.publicSuffix) return undefined;
  if (!/[\p{L}]/u.test(info.domainWithoutSuffix)) return undefined; // version numbers, decimals
  if (bare && !info.subdomain && WORDLIKE_TLDS.has(info.publicSuffix)) return undefined;
  return info.hostname ?? h;
}

/**
 * Sentences run together without a space ("a special thing.You can"): `thing.you` in lower case, for
 * each dot between a lower-case letter and a capital followed by a lower-case letter. Scanned once.
 */
function sentenceJoins(text: string): Set<string> {
  const joins = new Set<string>();
  const isLower = (c: string | undefined) => c !== undefined && c !== c.toUpperCase() && c === c.toLowerCase();
  const isUpper = (c: string | undefined) => c !== undefined && c !== c.toLowerCase() && c === c.toUpperCase();
  for (let i = text.indexOf('.'); i !== -1; i = text.indexOf('.', i + 1)) {
    if (!isLower(text[i - 1]) || !isUpper(text[i + 1]) || !isLower(text[i + 2])) continue;
    let start = i - 1;
    while (start > 0 && start > i - 64 && isHostChar(text, start - 1) && text[start - 1] !== '.') start--;
    let end = i + 2;
    while (end < text.length && end < i + 64 && isLower(text[end])) end++;
    joins.add(text.slice(start, end).toLowerCase());
  }
  return joins;
}

/** The URL a token holds: an http(s) URL, a www. address or a bare domain on a real TLD; undefined otherwise. */
function urlInToken(token: string, joins?: Set<string>): string | undefined {
  const scheme = token.search(/https?:\/\//);
  if (scheme !== -1) return token.slice(scheme);
  let start = 0;
  while (start < token.length && !isHostChar(token, start)) start++;
  let end = start;
  while (end < token.length && isHostChar(token, end)) end++;
  if (end === start || end - start > 253) return undefined;
  const next = token[end];
  if (next === '@' || token.lastIndexOf('@', start) !== -1) return undefined; // an email address
  if (next !== undefined && !'/?#:.,;!'.includes(next)) return undefined;
  const host = token.slice(start, end).toLowerCase();
  if (host.startsWith('www.') && host.length > 5) return token.slice(start);
  const rest = token.slice(end);
  const hasPath = /^[/?#]./.test(rest);
  if (!hasPath && joins?.has(host)) return undefined;
  const real = realHost(host, !hasPath);
  if (!real) return undefined;
  return `${real}${hasPath ? rest : ''}`;
}

/** Hosts written plainly in a text (lower-case, without www.), for telling plain links from disguised ones. */
function plainHosts(text: string): Set<string> {
  const hosts = new Set<string>();
  const seen = new Set<string>();
  eachToken(text, (token) => {
    if (!token.includes('.') || seen.has(token)) return;
    seen.add(token);
    const url = urlInToken(token);
    const host = url ? hostOf(normalizeUrl(url) ?? '') : '';
    if (host) hosts.add(host);
  });
  return hosts;
}

/** The text's words, split on single spaces (foldText collapsed all whitespace). */
const splitWords = (folded: string) => (folded ? folded.split(' ') : []);

/** `w i n - b i g . n e t`: six or more one-character words that join into a domain. */
function spacedLetters(words: string[], add: (url: string) => void): void {
  let run: string[] = [];
  const flush = () => {
    if (run.length >= 6) {
      const joined = run.join('');
      if (joined.includes('.')) {
        const url = urlInToken(joined);
        if (url) add(url);
      }
    }
    run = [];
  };
  for (const word of words) {
    if (word.length === 1 && isAsciiHostChar(word.charCodeAt(0))) run.push(word);
    else flush();
  }
  flush();
}

const isLabel = (word: string | undefined): word is string => {
  if (!word || word.length < 2 || word.length > 63 || NOT_A_LABEL.has(word)) return false;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) return false;
  }
  return /[a-z]/.test(word) && !word.startsWith('-') && !word.endsWith('-');
};

/** The trailing punctuation a sentence may put after an address. */
const bareWord = (word: string) => {
  let end = word.length;
  while (end > 0 && '.,;:!?'.includes(word[end - 1]!)) end--;
  return word.slice(0, end);
};

/**
 * Spelled-out dots: `site[dot]com`, `site (dot) com`, `site {dot} com`, `site[.]com`, `site dot com`,
 * `site . com` and `site .com`. Bracketed forms accept any real TLD; spoken and spaced ones only the
 * endings spam favours.
 */
function spelledDots(words: string[], add: (url: string) => void): void {
  const BRACKETED = ['[dot]', '(dot)', '{dot}', '<dot>', '[.]', '(.)', '{.}'];
  const OPEN = '[({<';
  // Rebuild the words with bracketed dots inside a word joined ("pills[dot]net" → "pills.net").
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    let label: string | undefined;
    let tld: string | undefined;
    let strict = false;
    let consumed = 0;
    const inner = BRACKETED.find((b) => word.includes(b));
    if (inner) {
      const joined = word.split(inner).join('.');
      const url = urlInToken(joined);
      if (url && joined.includes('.')) add(url);
      continue;
    }
    const next = words[i + 1];
    const after = words[i + 2];
    if (next !== undefined && after !== undefined && OPEN.includes(next[0]!) && BRACKETED.includes(next)) {
      label = word; tld = bareWord(after); consumed = 2;
    } else if (next !== undefined && after !== undefined && words[i + 3] !== undefined && words[i + 4] !== undefined
      && OPEN.includes(next) && (after === 'dot' || after === '.') && ')]}>'.includes(words[i + 3]!)) {
      label = word; tld = bareWord(words[i + 4]!); consumed = 4; // site [ dot ] com
    } else if (next === 'dot' && after !== undefined) {
      label = word; tld = bareWord(after); strict = true; consumed = 2;
    } else if (next === '.' && after !== undefined) {
      label = word; tld = bareWord(after); strict = true; consumed = 2;
    } else if (next !== undefined && next.length > 2 && next[0] === '.' && isLabel(word)) {
      label = word; tld = bareWord(next.slice(1)); strict = true; consumed = 1;
    }
    let path = '';
    if (tld !== undefined) {
      const slash = tld.indexOf('/');
      if (slash > 0) {
        path = tld.slice(slash);
        tld = tld.slice(0, slash);
      }
    }
    if (label === undefined || tld === undefined || !isLabel(label) || !/^[a-z]{2,24}$/.test(tld)) continue;
    if (strict && (!SPELLED_TLDS.has(tld) || label.length < 3)) continue;
    const host = realHost(`${label}.${tld}`, false);
    if (host) {
      // www . site . com: take the label before as a subdomain when it is spelled the same way.
      const www = words[i - 1] === '.' && (words[i - 2] === 'www' || (words[i - 2] === 'w' && words[i - 3] === 'w' && words[i - 4] === 'w'));
      add(`${www ? `www.${host}` : host}${path}`);
      i += consumed;
    }
  }
}

const SCRIPTS: [string, RegExp][] = [['Latin', /\p{Script=Latin}/u], ['Cyrillic', /\p{Script=Cyrillic}/u], ['Greek', /\p{Script=Greek}/u]];
const isAsciiLetters = (label: string) => /^[a-z0-9-]+$/.test(label);

/**
 * True when a domain mixes alphabets the way homograph attacks do: one label with Latin and Cyrillic or
 * Greek letters (`shоp.com`), or a label made only of Cyrillic/Greek look-alikes of Latin letters next to
 * a Latin top-level domain (`аррӏе.com`). A Russian domain in Cyrillic (`сайт.рф`) is not mixed.
 */
export function isMixedScript(host: string): boolean {
  const labels = host.toLowerCase().split('.');
  const tld = labels[labels.length - 1] ?? '';
  for (const label of labels.slice(0, -1)) {
    const scripts = SCRIPTS.filter(([, re]) => re.test(label)).length;
    if (scripts >= 2) return true;
    if (scripts === 1 && !isAsciiLetters(label) && isAsciiLetters(tld) && !SCRIPTS[0]![1].test(label)) {
      const letters = [...label].filter((ch) => /\p{L}/u.test(ch));
      if (letters.length > 0 && letters.every(isConfusable)) return true;
    }
  }
  return false;
}

/** Domains written with mixed alphabets, as written (lower-case), in order of appearance. */
function homographsIn(unfolded: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  eachToken(unfolded, (token) => {
    if (!token.includes('.') || seen.has(token)) return;
    seen.add(token);
    const scheme = token.search(/[\p{L}]{3,6}:\/\//u);
    const rest = scheme === -1 ? token : token.slice(token.indexOf('://', scheme) + 3);
    let start = 0;
    while (start < rest.length && !isHostChar(rest, start)) start++;
    let end = start;
    while (end < rest.length && isHostChar(rest, end)) end++;
    let host = rest.slice(start, end);
    while (host.endsWith('.')) host = host.slice(0, -1);
    if (!host.includes('.') || host.length > 253 || /^[\x00-\x7f]*$/.test(host)) return;
    if (!isMixedScript(host)) return;
    if (scheme === -1 && !realHost(foldText(host), false)) return;
    if (!found.includes(host)) found.push(host);
  });
  return found;
}

/** Calls fn(attributes) for each tag that starts with `<name` followed by a space (attributes follow); linear. */
export function eachOpenTag(html: string, lower: string, name: string, fn: (attributes: string, at: number) => void): void {
  let nextGt = -1;
  let i = lower.indexOf(`<${name}`);
  while (i !== -1) {
    const after = lower.charCodeAt(i + name.length + 1);
    if (after === 32 || after === 9 || after === 10 || after === 13 || after === 12 || after === 47) {
      if (nextGt !== -2 && nextGt < i) nextGt = html.indexOf('>', i);
      const end = nextGt < 0 ? html.length : nextGt;
      if (nextGt === -1) nextGt = -2; // no '>' left: every later tag runs to the end
      fn(html.slice(i + name.length + 2, end), i);
      if (end === html.length) return;
      i = lower.indexOf(`<${name}`, end);
    } else {
      i = lower.indexOf(`<${name}`, i + 1);
    }
  }
}

/** The value of one attribute inside a tag's attribute text, scanned once; undefined when absent. */
const space = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '/';

export function attributeValue(attributes: string, wanted: string): string | undefined {
  let i = 0;
  const n = attributes.length;
  while (i < n) {
    while (i < n && space(attributes[i])) i++;
    const nameStart = i;
    while (i < n && !space(attributes[i]) && attributes[i] !== '=') i++;
    // Compared in place (no string per name: a tag of "<a <a <a…" has a hundred thousand of them).
    const named = i - nameStart === wanted.length && attributes.slice(nameStart, i).toLowerCase() === wanted;
    while (i < n && space(attributes[i]) && attributes[i] !== '/') i++;
    let value = '';
    if (attributes[i] === '=') {
      i++;
      while (i < n && space(attributes[i])) i++;
      const quote = attributes[i];
      if (quote === '"' || quote === "'") {
        const close = attributes.indexOf(quote, i + 1);
        const stop = close === -1 ? n : close;
        value = attributes.slice(i + 1, stop);
        i = stop + 1;
      } else {
        const start = i;
        while (i < n && !space(attributes[i]) && attributes[i] !== '>') i++;
        value = attributes.slice(start, i);
      }
    }
    if (named) return value;
    if (i === nameStart) i++;
  }
  return undefined;
}

/** `[url=…]label[/url]` and `[url]…[/url]`, scanned once. */
function eachBbcode(lower: string, raw: string, fn: (url: string | undefined) => void): void {
  let closeAt = -1;
  let i = lower.indexOf('[url');
  while (i !== -1) {
    const c = lower[i + 4];
    if (c !== ']' && c !== '=') {
      i = lower.indexOf('[url', i + 1);
      continue;
    }
    if (closeAt !== -2 && closeAt < i) closeAt = lower.indexOf('[/url]', i);
    if (closeAt === -1) closeAt = -2;
    if (closeAt === -2) return;
    const bracket = c === '=' ? lower.indexOf(']', i + 5) : i + 4;
    if (bracket === -1 || bracket > closeAt) {
      i = lower.indexOf('[url', i + 1);
      continue;
    }
    fn(c === '=' ? raw.slice(i + 5, bracket) : raw.slice(bracket + 1, closeAt));
    i = lower.indexOf('[url', closeAt);
  }
}

export function extractLinks(rawContent: string): ExtractedLinks {
  /** Each URL and where it was found: in markup (anchors, BBCode), written in the text, or spelled out. */
  const found = new Map<string, 'markup' | 'text' | 'disguised'>();
  const tried = new Set<string>();
  const add = (raw: string | undefined, from: 'markup' | 'text' | 'disguised') => {
    if (!raw || tried.has(raw)) return;
    tried.add(raw);
    const url = normalizeUrl(raw);
    if (url && !found.has(url)) found.set(url, from);
  };
  const lower = rawContent.toLowerCase();
  let anchors = 0;
  let bbcode = 0;
  if (rawContent.includes('<')) {
    eachOpenTag(rawContent, lower, 'a', (attributes) => {
      const href = attributeValue(attributes, 'href');
      if (href === undefined) return;
      anchors++;
      add(href.replace(/&amp;/g, '&'), 'markup');
    });
  }
  if (lower.includes('[url')) {
    eachBbcode(lower, rawContent, (url) => {
      bbcode++;
      add(url, 'markup');
    });
  }
  const markupFree = stripMarkup(rawContent);
  const folded = foldText(markupFree);
  const scanned = new Set<string>();
  const joins = sentenceJoins(markupFree);
  eachToken(folded, (token) => {
    if (token.includes('.') && !scanned.has(token)) {
      scanned.add(token);
      add(urlInToken(token, joins), 'text');
    }
  });

  const words = splitWords(folded);
  const before = found.size;
  spacedLetters(words, (url) => add(url, 'disguised'));
  spelledDots(words, (url) => add(url, 'disguised'));
  const spelled = found.size > before;

  // Hidden characters, full-width forms and look-alike letters: a host found in the folded text that a
  // reader does not see written as such.
  const ascii = /^[\x00-\x7f]*$/.test(markupFree);
  let homographs: string[] = [];
  if (!ascii) {
    const visible = plainHosts(visibleText(rawContent));
    const unfolded = unfoldedText(rawContent);
    homographs = homographsIn(unfolded);
    // Domains in other alphabets (сайт.рф, 例子.中国), which folding look-alike letters would have mangled.
    eachToken(unfolded, (token) => {
      if (!token.includes('.') || scanned.has(token) || /^[\x00-\x7f]*$/.test(token)) return;
      scanned.add(token);
      const url = urlInToken(token);
      if (url && !isMixedScript(url.replace(/^https?:\/\//, '').split(/[/?#]/)[0]!)) add(url, 'text');
    });
    for (const [url, from] of found) {
      if (from === 'text' && !visible.has(hostOf(url))) found.set(url, 'disguised');
    }
  }
  const all = [...found.keys()];
  return {
    all,
    obfuscated: ascii && !spelled ? [] : all.filter((u) => found.get(u) === 'disguised'),
    homographs,
    anchors,
    bbcode,
  };
}
