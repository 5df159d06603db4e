import { domainToUnicode } from 'node:url';
import { checkOptions } from '../errors.js';
import type { Filter, Signal, Submission } from '../types.js';
import type { FilterDeps } from './index.js';
import { hostKey } from '../sender.js';

export interface LinksOptions {
  /** This many links or more holds a submission for review (as WordPress does). Defaults to 2. */
  holdAt: number;
  /** This many links or more is spam on its own. Defaults to 5. */
  spamAt: number;
  /** Links per word of text at or above which a short, link-heavy message is suspect. Defaults to 0.2 (one link per 5 words). */
  maxRatio: number;
}

const DEFAULTS: LinksOptions = { holdAt: 2, spamAt: 5, maxRatio: 0.2 };

const ANCHOR = /<a\s[^>]*href\s*=/gi;
const BBCODE = /\[url[\]=]/gi;
const SPACED_WWW = /\bw\s+w\s+w\s*\.\s*[a-z0-9-]/gi;
const BRACKET_DOT = /\b[a-z0-9-]+\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\})\s*[a-z]{2,}\b/gi;
const SPOKEN_DOT = /\b(?!(?:the|a|an|one|polka)\s)[a-z0-9-]{2,}\s+dot\s+(?:com|net|org|info|biz|ru|xyz|top|online|site|shop|store|io|co)\b/gi;
const URL_IN_TEXT = /\bhttps?:\/\/\S+|\bwww\.\S+/gi;
const LINK_IN_NAME = /https?:\/\/|\bwww\.|\b[a-z0-9-]+\.(?:com|net|org|info|biz|ru|cn|xyz|top|io|co|online|site|shop|store|club|pro)\b/i;

/** One entry per address: "http://www.x.com" and "https://x.com/" are the same link. */
function distinct(links: string[]): string[] {
  const seen = new Map<string, string>();
  for (const link of links) {
    let key = link;
    try {
      const url = new URL(link);
      key = `${hostKey(link)}${url.pathname.replace(/\/$/, '')}${url.search}`;
    } catch { /* keep the raw string as its own key */ }
    if (!seen.has(key)) seen.set(key, link);
  }
  return [...seen.values()];
}

/** The distinct links that point away from the site itself. */
function otherSitesLinks(links: string[], siteUrl: string): string[] {
  const own = hostKey(siteUrl);
  return distinct(links).filter((link) => own === '' || hostKey(link) !== own);
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Links the text does not show as plain URLs or hosts: they were spelled out to get past filters. */
function obfuscatedLinks(submission: Submission, links: string[]): string[] {
  const plain = links.length > 0 ? `${submission.text} ${submission.content.toLowerCase()}` : '';
  const hidden = links.filter((link) => {
    const host = hostKey(link);
    return host !== '' && !plain.includes(host) && !plain.includes(domainToUnicode(host));
  });
  const patterns = [...submission.text.matchAll(SPACED_WWW), ...submission.text.matchAll(BRACKET_DOT), ...submission.text.matchAll(SPOKEN_DOT)].map((m) => m[0]);
  return hidden.length >= patterns.length ? hidden : patterns;
}

export function createLinksFilter(options: Record<string, unknown> | undefined, _deps: FilterDeps): Filter {
  const opts = checkOptions('filters.links', options, DEFAULTS, {
    holdAt: { kind: 'number', min: 1 },
    spamAt: { kind: 'number', min: 1 },
    maxRatio: { kind: 'number', min: 0 },
  });
  const spamAt = Math.max(opts.spamAt, opts.holdAt + 1);

  return {
    name: 'links',
    check(submission, context) {
      const signals: Signal[] = [];
      const links = submission.links.length === 0 ? [] : otherSitesLinks(submission.links, context.site.url);
      const count = links.length;

      if (count >= opts.holdAt) {
        const score = Math.min(6, 1 + ((count - opts.holdAt) * 2) / (spamAt - opts.holdAt));
        signals.push({
          filter: 'links', score, kind: count >= spamAt ? 'spam' : 'hold',
          reason: `${plural(count, 'link')} in the message (${count >= spamAt ? `${spamAt} or more look like spam` : `${opts.holdAt} or more are held for review`})`,
          publicReason: count >= spamAt ? 'too many links' : 'held for review',
          evidence: { count, holdAt: opts.holdAt, spamAt, links },
        });
      }
      const words = count === 0 ? 0 : submission.text.replace(URL_IN_TEXT, ' ').split(/\s+/).filter((w) => /[a-z0-9]/i.test(w)).length;
      if (count > 0 && (words === 0 || count / words >= opts.maxRatio)) {
        signals.push({
          filter: 'links', score: words === 0 ? 1.5 : 1, kind: 'spam',
          reason: words === 0 ? `${plural(count, 'link')} and no other text` : `${plural(count, 'link')} in ${plural(words, 'word')} of text`,
          publicReason: 'held for review',
          evidence: { count, words, ratio: words === 0 ? null : count / words, maxRatio: opts.maxRatio },
        });
      }
      const anchors = submission.content.match(ANCHOR)?.length ?? 0;
      if (anchors > 0) {
        signals.push({
          filter: 'links', score: Math.min(1.5, 0.5 + 0.25 * (anchors - 1)), kind: 'spam',
          reason: `${plural(anchors, 'HTML link')} (<a href>) written into the message`,
          publicReason: 'held for review', evidence: { anchors },
        });
      }
      const bbcode = submission.content.match(BBCODE)?.length ?? 0;
      if (bbcode > 0) {
        signals.push({
          filter: 'links', score: anchors > 0 ? 1.5 : 1, kind: 'spam',
          reason: `${plural(bbcode, 'BBCode [url] link')}${anchors > 0 ? ', next to HTML links (markup for several kinds of forum)' : ''}`,
          publicReason: 'held for review', evidence: { bbcode, anchors },
        });
      }
      const hidden = obfuscatedLinks(submission, links);
      if (hidden.length > 0) {
        signals.push({
          filter: 'links', score: 2, kind: 'spam',
          reason: `${plural(hidden.length, 'disguised web address', 'disguised web addresses')} (spelled out to get past link filters)`,
          publicReason: 'held for review', evidence: { obfuscated: hidden },
        });
      }
      if (LINK_IN_NAME.test(submission.author.name)) {
        signals.push({
          filter: 'links', score: 1.5, kind: 'spam',
          reason: `The name field holds a web address: "${submission.author.name.slice(0, 80)}"`,
          publicReason: 'held for review', evidence: { name: submission.author.name },
        });
      }
      return signals;
    },
  };
}
