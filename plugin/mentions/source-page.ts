/**
 * What a mention's source page is, for the mention-source filter: its readable text (scripts, styles and
 * markup removed) and how many links it sends to other sites. Read in one forward pass; linear on any page.
 */
import { parse as parseDomain } from 'tldts';
import { attributeValue, eachOpenTag } from '../normalize/links.js';
import { stripMarkup } from '../normalize/plain-text.js';
import { decodeEntities } from '../normalize/sanitize.js';
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
  const lower = html.toLowerCase();
  const cleaned = withoutNoise(html, lower);
  let own = '';
  try {
    own = siteOf(new URL(pageUrl));
  } catch { /* an odd page URL: every link counts as outbound */ }
  let outbound = 0;
  const hosts = new Set<string>();
  eachOpenTag(cleaned, cleaned.toLowerCase(), 'a', (attributes) => {
    const href = attributeValue(attributes, 'href');
    if (!href) return;
    let url: URL;
    try {
      url = new URL(decodeEntities(href.trim()), pageUrl);
    } catch {
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    const site = siteOf(url);
    if (site === own) return;
    outbound++;
    hosts.add(site);
  });
  const text = decodeEntities(stripMarkup(cleaned, true)).replace(/\s+/g, ' ').trim().slice(0, SOURCE_TEXT_LIMIT);
  return { text, outboundLinks: outbound, outboundSites: hosts.size };
}
