/**
 * What a mention's source page is, for the mention-source filter: its readable text (scripts, styles and
 * markup removed) and how many links it sends to other sites. Read in one forward pass; linear on any page.
 */
import { parse as parseDomain } from 'tldts';
import { attributeValue, eachOpenTag } from '../normalize/links.js';
import { stripMarkup } from '../normalize/plain-text.js';
import { decodeEntities } from '../normalize/sanitize.js';
import { finish } from '../pipeline/slices.js';
import type { SourcePage } from '../types.js';
import { normalizeUrl } from './verify-link.js';

/** The page text kept with a mention: enough to compare with a long post, bounded for the store. */
export const SOURCE_TEXT_LIMIT = 20_000;

/** The page without what sits between <script>, <style>, <template> and <!-- --> (scanned forward once). */
function withoutNoise(html: string, lower: string): string {
  let out = '';
  let from = 0;
  let i = 0;
  const opens = ['<script', '<style', '<template', '<!--'];
  const closes = ['</script', '</style', '</template', '-->'];
  const next = opens.map((open) => lower.indexOf(open));
  for (;;) {
    let k = -1;
    for (let n = 0; n < opens.length; n++) if (next[n]! !== -1 && next[n]! >= i && (k === -1 || next[n]! < next[k]!)) k = n;
    if (k === -1) break;
    const start = next[k]!;
    out += `${html.slice(from, start)} `;
    const close = lower.indexOf(closes[k]!, start + opens[k]!.length);
    if (close === -1) return out;
    const end = lower.indexOf('>', close);
    from = i = end === -1 ? html.length : end + 1;
    for (let n = 0; n < opens.length; n++) if (next[n]! !== -1 && next[n]! < i) next[n] = lower.indexOf(opens[n]!, i);
  }
  return out + html.slice(from);
}

const CHROME = ['nav', 'header', 'aside', 'footer'];
/** At most this many chrome tags are read: a page of nothing but "<nav" is not worth more. */
const MAX_CHROME_TAGS = 20_000;
/** True when the tag name ending at `at` ends there (white space, ">" or "/" follows). */
const nameEnds = (lower: string, at: number) => {
  const c = lower.charCodeAt(at);
  return c === 62 || c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 47;
};

/**
 * The [start, end) stretches of the page inside <nav>, <header>, <aside> or <footer> (nested ones merged;
 * an element never closed counts as content): the site's chrome, which every page of a blog repeats.
 */
function chromeRanges(lower: string, names: readonly string[] = CHROME): [number, number][] {
  const events: [number, number][] = [];
  for (const name of names) {
    for (let i = lower.indexOf(`<${name}`); i !== -1 && events.length < MAX_CHROME_TAGS; i = lower.indexOf(`<${name}`, i + 1)) {
      if (nameEnds(lower, i + name.length + 1)) events.push([i, 1]);
    }
    for (let i = lower.indexOf(`</${name}`); i !== -1 && events.length < MAX_CHROME_TAGS; i = lower.indexOf(`</${name}`, i + 1)) {
      if (nameEnds(lower, i + name.length + 2)) events.push([i, -1]);
    }
  }
  events.sort((a, b) => a[0] - b[0]);
  const ranges: [number, number][] = [];
  let depth = 0;
  let start = 0;
  for (const [at, step] of events) {
    if (step > 0) {
      if (depth++ === 0) start = at;
    } else if (depth > 0 && --depth === 0) ranges.push([start, at]);
  }
  return ranges;
}

/** A link to a cart or a checkout, in a path or a query (cart, checkout, basket, add-to-cart, in a few languages). */
const CART = /(?:^|[/?&=_.-])(?:cart|checkout|basket|add-to-cart|warenkorb|kasse|panier|carrito|carrinho|korzina|gouwuche)(?:$|[/?&=_.#-])/;

/** Product markup: schema.org Product or Offer (microdata or JSON-LD), or an Open Graph product. */
const PRODUCT_MARKS = ['schema.org/product', 'schema.org/offer', '"@type":"product"', '"@type": "product"', '"@type":"offer"', 'og:type" content="product'];

interface Href { site: string; share: boolean; cart: boolean; isTarget: boolean }
const NO_HREF: Href = { site: '', share: false, cart: false, isTarget: false };
/** At most this many links are kept in page order (a list longer than this is a list all the same). */
const MAX_ORDERED_LINKS = 20_000;
/** Links closer than this many characters of text to the next stand in one list. */
const LIST_GAP = 400;

/**
 * The most distinct other sites (besides the target's) linked from the list the target link stands in: the run
 * of links around it with less than LIST_GAP characters of text between neighbours. A link in a sentence of a
 * reply stands alone or with a few; a link in a directory or an aggregator stands among many.
 */
function sitesAroundTarget(order: readonly { site: string; isTarget: boolean; gap: number }[]): number {
  let best = 0;
  for (let i = 0; i < order.length;) {
    let end = i + 1;
    while (end < order.length && order[end]!.gap < LIST_GAP) end++;
    let hasTarget = false;
    const run = new Set<string>();
    for (let k = i; k < end; k++) {
      if (order[k]!.isTarget) hasTarget = true;
      if (order[k]!.site) run.add(order[k]!.site);
    }
    if (hasTarget) best = Math.max(best, run.size);
    i = end;
  }
  return best;
}

/** The registrable domain of a URL's host ("blog.example.co.uk" → "example.co.uk"), or the host. */
function siteOf(url: URL): string {
  const host = url.hostname.toLowerCase();
  return parseDomain(host).domain ?? host;
}

/** A price: a currency sign or code next to a number ("$49.99", "19,90 €", "1 500 руб", "¥200"). */
const PRICE = /[$€£¥₽]\s?\d|\d(?:[.,]\d\d)?\s?(?:[€£¥₽元円]|руб|usd|eur|gbp|kr\b)/giu;

/** How many prices the text names. */
export function pricesIn(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(PRICE)) n++;
  return n;
}

/** Below this many characters of text outside the chrome (a page all chrome), the whole page's text is read instead. */
const MIN_CONTENT_TEXT = 50;

/** The page with each range replaced by a space. */
function cutRanges(html: string, ranges: readonly [number, number][]): string {
  const parts: string[] = [];
  let from = 0;
  for (const [start, end] of ranges) {
    parts.push(html.slice(from, start));
    from = end;
  }
  parts.push(html.slice(from));
  return parts.join(' ');
}

/**
 * The text of an HTML page, at most a little more than SOURCE_TEXT_LIMIT characters, read in steps: the text of a
 * longer and longer start of the page (doubling), until it holds more than SOURCE_TEXT_LIMIT characters. A start
 * that ends after a ">", or after the page's last ">" just before "&", "<" or a space, reads as the same start of
 * the whole page's text.
 */
function* textOf(html: string): Generator<void, string> {
  let text = '';
  for (let end = 0; end < html.length;) {
    const from = Math.max(end, STEP_CHARS / 2) * 2 - STEP_CHARS;
    end = pieceEnd(html, from);
    if (end === html.length && html.length - from > STEP_CHARS) end = cutBefore(html, from + STEP_CHARS, from); // no ">" left
    text = decodeEntities(stripMarkup(html.slice(0, end), true)).replace(/\s+/g, ' ').trim();
    if (text.length > SOURCE_TEXT_LIMIT) break;
    yield;
  }
  return text;
}

/** Reads a fetched source page: its text (at most SOURCE_TEXT_LIMIT characters) and its links to other sites. */
export function readSourcePage(html: string, pageUrl: string, target?: string): SourcePage {
  return finish(readSourcePageSteps(html, pageUrl, target));
}

/** About how much of the page is read between two yields of readSourcePageSteps(). */
const STEP_CHARS = 65_536;

/**
 * The end of the piece of `html` that starts at `from`: just after the first ">" at or beyond from + STEP_CHARS
 * (or the end of the page). After a ">" no tag is open (a tag runs to the first ">"), so tags and entities are
 * never cut, and reading the pieces one after the other reads exactly what reading the page at once does.
 */
function pieceEnd(html: string, from: number): number {
  if (html.length - from <= STEP_CHARS) return html.length;
  const gt = html.indexOf('>', from + STEP_CHARS);
  return gt === -1 ? html.length : gt + 1;
}

/** A cut at or before `at` (after `floor`) just before "&", "<" or white space: no entity is cut there. */
function cutBefore(html: string, at: number, floor: number): number {
  for (let i = at; i > floor; i--) {
    const c = html.charCodeAt(i);
    if (c === 38 || c === 60 || c === 32 || c === 9 || c === 10 || c === 13 || c === 12) return i;
  }
  return at;
}

/**
 * readSourcePage() in steps: it yields between pieces of about STEP_CHARS characters, so a 1 MB page is not
 * one long stretch of work (plugin/pipeline/slices.ts). Each distinct link is resolved once; the text is
 * read only as far as SOURCE_TEXT_LIMIT characters of it need.
 */
export function* readSourcePageSteps(html: string, pageUrl: string, target?: string): Generator<void, SourcePage> {
  const lower = html.toLowerCase();
  const cleaned = withoutNoise(html, lower);
  const cleanedLower = cleaned.toLowerCase();
  yield;
  let own = '';
  try {
    own = siteOf(new URL(pageUrl));
  } catch { /* an odd page URL: every link counts as outbound */ }
  let outbound = 0;
  const hosts = new Set<string>();
  let listed = 0;
  const listedHosts = new Set<string>();
  let cartLinks = 0;
  const chrome = chromeRanges(cleanedLower);
  let inChrome = 0;
  /** href → the other site it links to ('' when not http(s), unreadable, or this site), whether it is a share button, a cart, the target. */
  const sites = new Map<string, Href>();
  const wanted = target === undefined ? undefined : normalizeUrl(target);
  let targetSite = '';
  try {
    if (target !== undefined) targetSite = siteOf(new URL(target));
  } catch { /* no target site to leave out */ }
  const readHref = (href: string): Href => {
    let url: URL;
    try {
      url = new URL(decodeEntities(href.trim()), pageUrl);
    } catch {
      return NO_HREF;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return NO_HREF;
    const site = siteOf(url);
    const cart = CART.test(url.pathname.toLowerCase()) || CART.test(url.search.toLowerCase());
    // A share button carries the page's own address in its query ("sharer.php?u=https%3A%2F%2Fthis.blog%2F…").
    const share = own !== '' && url.search.toLowerCase().includes(own);
    const isTarget = wanted !== undefined && normalizeUrl(url.href) === wanted;
    return { site: site === own ? '' : site, share, cart, isTarget };
  };
  // The links in page order, with how much text lies between each and the one before it (to find the list the
  // link to the target stands in). Text is counted as characters outside tags, scanned forward once.
  const order: { site: string; isTarget: boolean; gap: number }[] = [];
  let scanned = 0;
  let inTag = false;
  let textSince = 0;
  const textUpTo = (position: number) => {
    for (; scanned < position; scanned++) {
      const c = cleaned.charCodeAt(scanned);
      if (c === 60) inTag = true;
      else if (c === 62) inTag = false;
      else if (!inTag) textSince++;
    }
  };
  for (let from = 0; from < cleaned.length;) {
    const end = pieceEnd(cleaned, from);
    eachOpenTag(cleaned.slice(from, end), cleanedLower.slice(from, end), 'a', (attributes, at) => {
      const href = attributeValue(attributes, 'href');
      if (!href) return;
      let read = sites.get(href);
      if (read === undefined) {
        read = readHref(href);
        if (sites.size < 50_000) sites.set(href, read);
      }
      if (read.cart) cartLinks++;
      const position = from + at;
      while (inChrome < chrome.length && chrome[inChrome]![1] <= position) inChrome++;
      const content = !read.share && !(inChrome < chrome.length && chrome[inChrome]![0] <= position);
      if (wanted !== undefined && order.length < MAX_ORDERED_LINKS) {
        textUpTo(position);
        order.push({ site: content && read.site !== targetSite ? read.site : '', isTarget: read.isTarget, gap: textSince });
        textSince = 0;
      }
      if (!read.site) return;
      outbound++;
      hosts.add(read.site);
      if (!content) return;
      listed++;
      listedHosts.add(read.site);
    });
    from = end;
    yield;
  }
  const productMarkup = PRODUCT_MARKS.some((mark) => lower.includes(mark));
  const around = wanted === undefined ? undefined : sitesAroundTarget(order);
  // The page's own words: its chrome (navigation, header, sidebars, footer) is what every page of the site
  // repeats, and says nothing about this page; a page that is nearly all chrome is read whole.
  const content = chrome.length ? cutRanges(cleaned, chrome) : cleaned;
  let text = yield* textOf(content);
  if (content !== cleaned && text.length < MIN_CONTENT_TEXT) text = yield* textOf(cleaned);
  // What the page quotes (<blockquote>): a reply quotes a passage and says where it is from; a scraper copies.
  const quotes = chromeRanges(cleanedLower, ['blockquote']);
  let quotedText = '';
  if (quotes.length) quotedText = yield* textOf(quotes.map(([start, end]) => cleaned.slice(start, end)).join(' '));
  return {
    text: text.slice(0, SOURCE_TEXT_LIMIT), outboundLinks: outbound, outboundSites: hosts.size,
    contentLinks: listed, contentSites: listedHosts.size, ...(around === undefined ? {} : { sitesAroundLink: around }), quoted: text.length ? Math.round((100 * Math.min(text.length, quotedText.length)) / text.length) / 100 : 0, commerce: { prices: pricesIn(text.slice(0, SOURCE_TEXT_LIMIT)), cartLinks, productMarkup },
  };
}
