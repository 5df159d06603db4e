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

/** The registrable domain of a URL's host ("blog.example.co.uk" → "example.co.uk"), or the host. */
function siteOf(url: URL): string {
  const host = url.hostname.toLowerCase();
  return parseDomain(host).domain ?? host;
}

/** Reads a fetched source page: its text (at most SOURCE_TEXT_LIMIT characters) and its links to other sites. */
export function readSourcePage(html: string, pageUrl: string): SourcePage {
  return finish(readSourcePageSteps(html, pageUrl));
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
export function* readSourcePageSteps(html: string, pageUrl: string): Generator<void, SourcePage> {
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
  /** href → the other site it links to, or '' (not http(s), unreadable, or this site). */
  const sites = new Map<string, string>();
  const siteOfHref = (href: string): string => {
    let url: URL;
    try {
      url = new URL(decodeEntities(href.trim()), pageUrl);
    } catch {
      return '';
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return '';
    const site = siteOf(url);
    return site === own ? '' : site;
  };
  for (let from = 0; from < cleaned.length;) {
    const end = pieceEnd(cleaned, from);
    eachOpenTag(cleaned.slice(from, end), cleanedLower.slice(from, end), 'a', (attributes) => {
      const href = attributeValue(attributes, 'href');
      if (!href) return;
      let site = sites.get(href);
      if (site === undefined) {
        site = siteOfHref(href);
        if (sites.size < 50_000) sites.set(href, site);
      }
      if (!site) return;
      outbound++;
      hosts.add(site);
    });
    from = end;
    yield;
  }
  let text = '';
  for (let end = 0; end < cleaned.length;) {
    // The text of a longer and longer start of the page (doubling), until it holds more than
    // SOURCE_TEXT_LIMIT characters: a start that ends after a ">", or after the page's last ">" just before
    // "&", "<" or a space, reads as the same start of the whole page's text.
    const from = Math.max(end, STEP_CHARS / 2) * 2 - STEP_CHARS;
    end = pieceEnd(cleaned, from);
    if (end === cleaned.length && cleaned.length - from > STEP_CHARS) end = cutBefore(cleaned, from + STEP_CHARS, from); // no ">" left
    text = decodeEntities(stripMarkup(cleaned.slice(0, end), true)).replace(/\s+/g, ' ').trim();
    if (text.length > SOURCE_TEXT_LIMIT) break;
    yield;
  }
  return { text: text.slice(0, SOURCE_TEXT_LIMIT), outboundLinks: outbound, outboundSites: hosts.size };
}
