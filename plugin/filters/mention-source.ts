/**
 * What a pingback, trackback or webmention's source page is. Three kinds of page link to a post without
 * being a reply to it:
 * - a copy of the post (a scraper), often reworded by a synonym spinner and reordered: found by comparing
 *   passages of the post with windows of the page as bags of word stems, so order and a share of
 *   replaced words do not hide it;
 * - a digest: many links to many other sites with little text between them;
 * - a commercial page (supplements, essays, software…) whose topic is not the post's.
 * A page that quotes one paragraph and writes about it is none of these.
 */
import { checkOptions } from '../errors.js';
import { contentWords, stem } from '../text/tokenize.js';
import type { Filter, Post, Signal, SiteCorpusView, SourcePage } from '../types.js';
import type { FilterDeps } from './index.js';

export interface MentionSourceOptions {
  /** Score of a source page that copies the post. Defaults to 3.5. */
  copyScore: number;
  /** Score of a digest page (many links to other sites, little text); one more when it is off the post's topic. Defaults to 1.5. */
  digestScore: number;
  /** Score of a commercial page whose topic is not the post's. Defaults to 2.5. */
  commercialScore: number;
  /** Share of a passage's words a page window must hold for the passage to count as copied. Defaults to 0.6. */
  containment: number;
}

export const DEFAULTS: MentionSourceOptions = { copyScore: 3.5, digestScore: 1.5, commercialScore: 2.5, containment: 0.6 };

/** Words of selling pages, as stems (see stem()). */
const COMMERCIAL = new Set(
  ('buy order price pricing discount sale cheap shop cart checkout shipping delivery coupon promo deal offer trial ' +
    'subscription plan guarantee refund money-back customer bestseller supplement pill capsule dosage weight keto diet ' +
    'fat burn casino bonus bet betting slot poker jackpot loan credit crypto bitcoin forex trading invest investment ' +
    'essay homework assignment dissertation thesis plagiarism writer service agency seo backlink ranking marketing ' +
    'software download license feature integration pricing install app product brand store sign signup enterprise ' +
    'premium pro upgrade affordable best top review rating stock sell seller vendor wholesale replica watch')
    .split(' ')
    .map(stem),
);

/** The stems of a text's content words, in order, at most `limit`. */
function stemsOf(text: string, limit: number): string[] {
  const out: string[] = [];
  for (const word of contentWords(text.toLowerCase())) {
    out.push(stem(word));
    if (out.length >= limit) break;
  }
  return out;
}

interface Copying {
  passages: number;
  copied: number;
  /** About how much of the page's text is copied post text, 0..1. */
  pageShare: number;
}

const MAX_STEMS = 5000;

/**
 * Passages of the post (windows of `size` stems, half overlapping) against windows of the page twice as
 * long: a passage is copied when one page window holds `containment` of its distinct stems, in any order.
 */
function copying(postStems: string[], pageStems: string[], containment: number): Copying {
  const size = Math.min(30, postStems.length);
  const step = Math.max(1, Math.floor(size / 2));
  const passages: Set<string>[] = [];
  for (let i = 0; i + size <= postStems.length; i += step) passages.push(new Set(postStems.slice(i, i + size)));
  const windowSize = size * 2;
  const windows: Set<string>[] = [];
  for (let i = 0; i < Math.max(1, pageStems.length - size + 1); i += step) windows.push(new Set(pageStems.slice(i, i + windowSize)));
  let copied = 0;
  for (const passage of passages) {
    for (const window of windows) {
      let shared = 0;
      for (const s of passage) if (window.has(s)) shared++;
      if (shared >= containment * passage.size) {
        copied++;
        break;
      }
    }
  }
  // The copied share of the post, as words, over the page's words: how much of the page is the post.
  const pageShare = pageStems.length ? Math.min(1, ((copied / Math.max(1, passages.length)) * postStems.length) / pageStems.length) : 0;
  return { passages: passages.length, copied, pageShare };
}

/** The post's strongest terms (by term frequency times the site's IDF), at most 15. */
function topTerms(post: Post, corpus: SiteCorpusView): string[] {
  const tf = new Map<string, number>();
  for (const s of stemsOf(`${post.title} ${(post.tags ?? []).join(' ')} ${post.body}`, MAX_STEMS)) tf.set(s, (tf.get(s) ?? 0) + 1);
  return [...tf].map(([t, n]) => [t, (1 + Math.log(n)) * corpus.idf(t)] as const)
    .sort((a, b) => b[1] - a[1]).slice(0, 15).map(([t]) => t);
}

const percent = (n: number) => `${Math.round(n * 100)}%`;

export function createMentionSourceFilter(options: Record<string, unknown> | undefined, _deps: FilterDeps): Filter {
  const o = checkOptions('filters.mentionSource', options, DEFAULTS, {
    copyScore: { kind: 'number', min: 0 },
    digestScore: { kind: 'number', min: 0 },
    commercialScore: { kind: 'number', min: 0 },
    containment: { kind: 'number', min: 0.1, max: 1 },
  });

  return {
    name: 'mentionSource',
    types: ['pingback', 'trackback', 'webmention'],
    check(submission, context): Signal[] {
      const page: SourcePage | undefined = submission.mention?.page;
      const post = context.post;
      if (!page || !post) return [];
      const signals: Signal[] = [];
      const pageStems = stemsOf(page.text, MAX_STEMS);
      const bodyStems = stemsOf(post.body, MAX_STEMS);

      if (bodyStems.length >= 15 && pageStems.length > 0) {
        const c = copying(bodyStems, pageStems, o.containment);
        const covered = c.copied / c.passages;
        if ((covered >= 0.5 && c.pageShare >= 0.5) || (covered >= 0.8 && c.copied >= 3)) {
          signals.push({
            filter: 'mentionSource', score: o.copyScore, kind: 'spam',
            reason: `The source page copies the post: ${percent(covered)} of its passages are there (reworded or reordered words included), making up ${percent(c.pageShare)} of the page`,
            publicReason: 'held for review',
            evidence: { passages: c.passages, copied: c.copied, pageShare: Math.round(c.pageShare * 100) / 100 },
          });
          return signals; // a copy is on topic by construction; the other checks would only repeat it
        }
      }

      const pageSet = new Set(pageStems);
      const top = topTerms(post, context.knowledge.corpus);
      const overlap = top.length ? top.filter((t) => pageSet.has(t)).length / top.length : 1;
      const offTopic = overlap < 0.2;

      const words = pageStems.length;
      if (page.outboundSites >= 10 && page.outboundLinks >= 15 && words / page.outboundLinks < 30) {
        signals.push({
          filter: 'mentionSource', score: o.digestScore + (offTopic ? 1 : 0), kind: 'spam',
          reason: `The source page is a list of links: ${page.outboundLinks} links to ${page.outboundSites} other sites with ${Math.round(words / page.outboundLinks)} words of text per link${offTopic ? `, and little about the post (${percent(overlap)} of its main terms)` : ''}`,
          publicReason: 'held for review',
          evidence: { outboundLinks: page.outboundLinks, outboundSites: page.outboundSites, words, overlap: Math.round(overlap * 100) / 100 },
        });
      }

      if (offTopic && words >= 30) {
        const found = new Map<string, number>();
        let commercial = 0;
        for (const s of pageStems) {
          if (!COMMERCIAL.has(s)) continue;
          commercial++;
          found.set(s, (found.get(s) ?? 0) + 1);
        }
        const share = commercial / words;
        if (found.size >= 5 && share >= 0.04) {
          const terms = [...found].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([t]) => t);
          signals.push({
            filter: 'mentionSource', score: o.commercialScore, kind: 'spam',
            reason: `The source page sells something unrelated to the post (${terms.join(', ')}; ${percent(overlap)} of the post's main terms)`,
            publicReason: 'held for review',
            evidence: { commercialShare: Math.round(share * 100) / 100, terms, overlap: Math.round(overlap * 100) / 100 },
          });
        }
      }
      return signals;
    },
  };
}
