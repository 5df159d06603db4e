/**
 * Does a source page really link to a target URL? Finds an `a href` or `img src` whose URL matches
 * the target after normalisation, and lifts the page title and the text around the link.
 */
import sanitizeHtml from 'sanitize-html';
import { finish } from '../pipeline/slices.js';
import { trimTrailingSlashes } from '../text/scan.js';

export interface LinkCheck {
  /** True when the page has an `a href` or `img src` pointing at the target. */
  links: boolean;
  /** The page title as plain text, '' when it has none. */
  title: string;
  /** About `context` characters either side of the link (with the link text), as plain text; '' when no link. */
  excerpt: string;
}

/**
 * A URL in the form used for matching: host lower-cased, default port, fragment and trailing slash
 * dropped, http and https treated alike. Undefined for anything that is not an http(s) URL.
 */
export function normalizeUrl(raw: string, base?: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const port = url.port === '80' || url.port === '443' ? '' : url.port;
  const path = trimTrailingSlashes(url.pathname);
  return `//${url.hostname.toLowerCase()}${port ? `:${port}` : ''}${path}${url.search}`;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decodes numeric character references and the few named ones URLs carry. */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

const BLOCK_TAG = /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|aside|nav|blockquote|pre|figure|figcaption|hr|main|dd|dt)\b[^<>]*>/gi;

/** HTML to plain text: tags dropped, entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  const text = sanitizeHtml(html.replace(BLOCK_TAG, ' $& '), { allowedTags: [], allowedAttributes: {} });
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

const ATTRIBUTE = /([^\s"'=<>`/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function attributes(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const match of source.matchAll(ATTRIBUTE)) {
    const name = match[1]!.toLowerCase();
    if (!out.has(name)) out.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return out;
}

const TAG_NAME = /^(a|img|base)[\s/>]/i;

/** How many tags (or other "<") are read between two yields of verifyLinkSteps(). */
const TAGS_PER_STEP = 2000;

interface Tag {
  name: string;
  attributes: string;
  index: number;
  end: number;
}

/**
 * The <a>, <img> and <base> tags of a page, read in one pass (quoted values may hold ">"). A tag still open at
 * the end of the page ends the scan, as it does in a browser; nothing is read twice, so a page of "<a <a <a"
 * costs as little as any other (a regex that retried from every "<" was quadratic: issue 11). Every TAGS_PER_STEP
 * other "<" it yields null, so the reader can pause between steps.
 */
function* tags(html: string): Generator<Tag | null> {
  let i = html.indexOf('<');
  let skipped = 0;
  while (i !== -1) {
    const name = TAG_NAME.exec(html.slice(i + 1, i + 6))?.[1];
    if (!name) {
      i = html.indexOf('<', i + 1);
      if (++skipped % TAGS_PER_STEP === 0) yield null; // a page of "<" alone: the reader still gets its steps
      continue;
    }
    let j = i + 1 + name.length;
    let quote = 0;
    for (; j < html.length; j++) {
      const code = html.charCodeAt(j);
      if (quote !== 0) {
        if (code === quote) quote = 0;
      } else if (code === 34 || code === 39) {
        quote = code;
      } else if (code === 62) {
        break;
      }
    }
    if (j >= html.length) return;
    yield { name: name.toLowerCase(), attributes: html.slice(i + 1 + name.length, j), index: i, end: j + 1 };
    i = html.indexOf('<', j + 1);
  }
}
const WINDOW = 4000;

function withoutNoise(html: string): string {
  return html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<(script|style|template)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ');
}

/** The HTML inside the first <title>…</title>, found without retrying from each "<title". */
function titleOf(html: string): string {
  const open = /<title\b[^<>]*>/i.exec(html);
  if (!open) return '';
  const from = open.index + open[0].length;
  const close = /<\/title\s*>/i.exec(html.slice(from));
  return close ? html.slice(from, from + close.index) : '';
}

function textBefore(html: string, end: number, context: number): string {
  let raw = html.slice(Math.max(0, end - WINDOW), end);
  const open = raw.indexOf('<');
  const close = raw.indexOf('>');
  if (close !== -1 && (open === -1 || close < open)) raw = raw.slice(close + 1);
  const text = htmlToText(raw);
  return text.length > context ? `…${text.slice(text.length - context).replace(/^\S*\s/, '')}` : text;
}

function textAfter(html: string, start: number, context: number): string {
  let raw = html.slice(start, start + WINDOW);
  const open = raw.lastIndexOf('<');
  if (open > raw.lastIndexOf('>')) raw = raw.slice(0, open);
  const text = htmlToText(raw);
  return text.length > context ? `${text.slice(0, context).replace(/\s\S*$/, '')}…` : text;
}

/** Looks for a link to `target` in the HTML of `pageUrl` (relative links resolve against the page or its `<base>`). */
export function verifyLink(html: string, target: string, pageUrl: string, options: { context?: number } = {}): LinkCheck {
  return finish(verifyLinkSteps(html, target, pageUrl, options));
}

/**
 * verifyLink() in steps: it yields after cleaning the page and every TAGS_PER_STEP tags, so a 1 MB page is not
 * one long stretch of work (plugin/pipeline/slices.ts). A tag's attributes and its URL are read once per
 * distinct attribute text (a page of the same tag repeated costs what a page of ordinary links costs).
 */
export function* verifyLinkSteps(html: string, target: string, pageUrl: string, options: { context?: number } = {}): Generator<void, LinkCheck> {
  const context = options.context ?? 100;
  const wanted = normalizeUrl(target);
  const cleaned = withoutNoise(html);
  yield;
  const titleHtml = titleOf(cleaned);
  const page = cleaned.replace(/<title\b[\s\S]*?(?:<\/title\s*>|$)/gi, ' ');
  const title = htmlToText(titleHtml).slice(0, 300);
  yield;
  if (wanted === undefined) return { links: false, title, excerpt: '' };
  let base = pageUrl;
  /** Attribute text → whether its URL is the target, for the current base (cleared when <base> changes it). */
  let seen = new Map<string, boolean>();
  let count = 0;
  for (const match of tags(page)) {
    if (match === null || ++count % TAGS_PER_STEP === 0) yield;
    if (match === null) continue;
    const tag = match.name;
    if (tag !== 'base' && seen.get(`${tag} ${match.attributes}`) === false) continue;
    const attrs = attributes(match.attributes);
    if (tag === 'base') {
      const href = attrs.get('href');
      if (href) {
        try {
          base = new URL(href, pageUrl).href;
          seen = new Map();
        } catch {
          /* an invalid base is ignored, as browsers do */
        }
      }
      continue;
    }
    const url = tag === 'a' ? attrs.get('href') : attrs.get('src');
    if (url === undefined || normalizeUrl(url, base) !== wanted) {
      if (seen.size < 100_000) seen.set(`${tag} ${match.attributes}`, false);
      continue;
    }
    const start = match.index;
    const end = match.end;
    let linkText = tag === 'img' ? (attrs.get('alt') ?? '') : '';
    let after = end;
    if (tag === 'a') {
      const close = page.slice(end, end + WINDOW).search(/<\/a\s*>/i);
      if (close !== -1) {
        linkText = htmlToText(page.slice(end, end + close));
        after = end + close;
      }
    }
    const afterText = textAfter(page, after, context);
    const excerpt = joinText([textBefore(page, start, context), linkText, afterText]);
    return { links: true, title, excerpt };
  }
  return { links: false, title, excerpt: '' };
}

/**
 * The text before a link, the link's text and the text after it as one line: no space is put before
 * punctuation or after an opening bracket, so "…with <a>restic</a>. It…" reads "with restic. It", not
 * "restic . It" (which the link filters would read as a spelled-out address, restic.it).
 */
function joinText(parts: string[]): string {
  let out = '';
  for (const raw of parts) {
    const part = raw.replace(/\s+/g, ' ').trim();
    if (!part) continue;
    const glued = out === '' || /^[.,;:!?)\]»”’]/.test(part) || /[(\[«“‘]$/.test(out);
    out += glued ? part : ` ${part}`;
  }
  return out;
}
