/**
 * Every URL in a submission: anchors, bare URLs, BBCode [url], and obfuscated forms such as
 * `w w w . site . com` or `site[dot]com`. Returned normalized and de-duplicated.
 */
import { foldText } from './plain-text.js';

const TLDS = 'com|net|org|info|biz|io|co|me|ly|xyz|online|site|store|shop|top|club|app|dev|ru|de|uk|us|in|tk|ml|ga|cf|gq|pw|cc|tv|blog|link|live|pro|vip|win|bid|eu|fr|nl|br|cn|jp|au|ca|es|it|pl';

const ANCHOR = /<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const BBCODE = /\[url(?:=([^\]]+))?\]([^[]*)\[\/url\]/gi;
const BARE = /\b((?:https?:\/\/|www\.)[^\s<>"'[\]()]+)/gi;
const BARE_DOMAIN = new RegExp(`\\b([a-z0-9][a-z0-9-]{1,62}(?:\\.[a-z0-9-]{2,62})*\\.(?:${TLDS}))(\\/[^\\s<>"')\\]]*)?(?=[\\s.,;:!?)\\]]|$)`, 'gi');
/** `w w w . s i t e . c o m`: letters separated by single spaces or dots with spaces. */
const SPACED_WWW = /\bw\s+w\s+w\s*\.\s*((?:[a-z0-9-]\s?){1,62}[a-z0-9])\s*\.\s*([a-z](?:\s[a-z]){1,5}|[a-z]{2,6})(?![a-z])/gi;
const DOT_WORD = new RegExp(`\\b([a-z0-9][a-z0-9-]{1,62})\\s*(?:\\[dot\\]|\\(dot\\)|\\{dot\\})\\s*(${TLDS})\\b`, 'gi');
/** `site . com` with spaces around the dot (not sentence ends: the TLD must be a known one). */
const SPACED_DOT = new RegExp(`\\b([a-z0-9][a-z0-9-]{2,62})\\s+\\.\\s*(${TLDS})\\b`, 'gi');

/** Normalize a URL-ish string to `scheme://host/path?query`, or undefined when it is not a web URL. */
export function normalizeUrl(raw: string): string | undefined {
  let candidate = raw.trim().replace(/[.,;:!?]+$/, '');
  if (!candidate) return undefined;
  if (/^\/\//.test(candidate)) candidate = `http:${candidate}`;
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
  /** The subset found only in obfuscated form. */
  obfuscated: string[];
  /** How many came from HTML anchors and BBCode tags. */
  anchors: number;
  bbcode: number;
}

export function extractLinks(rawContent: string): ExtractedLinks {
  const found = new Map<string, boolean>();
  const add = (raw: string | undefined, obfuscated = false) => {
    const url = raw ? normalizeUrl(raw) : undefined;
    if (url && !found.has(url)) found.set(url, obfuscated);
  };
  let anchors = 0;
  let bbcode = 0;
  for (const m of rawContent.matchAll(ANCHOR)) {
    anchors++;
    add(m[1] ?? m[2] ?? m[3]);
  }
  for (const m of rawContent.matchAll(BBCODE)) {
    bbcode++;
    add(m[1] ?? m[2]);
  }
  const text = foldText(rawContent.replace(/<[^>]*>/g, ' '));
  for (const m of text.matchAll(BARE)) add(m[1]);
  const plain = new Set(found.keys());
  for (const m of text.matchAll(BARE_DOMAIN)) {
    if (/@/.test(text.slice(Math.max(0, m.index! - 1), m.index!))) continue;
    add(`${m[1]}${m[2] ?? ''}`);
  }
  for (const m of text.matchAll(SPACED_WWW)) add(`www.${m[1]!.replace(/\s+/g, '')}.${m[2]!.replace(/\s+/g, '')}`, true);
  for (const m of text.matchAll(DOT_WORD)) add(`${m[1]}.${m[2]}`, true);
  for (const m of text.matchAll(SPACED_DOT)) add(`${m[1]}.${m[2]}`, true);
  const all = [...found.keys()];
  return {
    all,
    obfuscated: all.filter((u) => found.get(u) && !plain.has(u)),
    anchors,
    bbcode,
  };
}
