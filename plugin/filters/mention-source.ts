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
import { EVERYDAY } from './relevance.js';

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

/**
 * Words of any subject: the most common English nouns, verbs, adjectives and numbers, which a post uses often
 * without being about them (on a small site the IDF cannot tell). Not the post's subject.
 */
const GENERIC = new Set([
  ...EVERYDAY,
  ...('time year people way day man thing woman life child world school state family student group country problem hand part place case week ' +
    'company system program question work government number night point home water room mother area money story fact month lot right study ' +
    'book eye job word business issue side kind head house service friend father power hour game line end member law car city community name ' +
    'president team minute idea kid body information back parent face others level office door health person art war history party result ' +
    'change morning reason research girl guy moment air teacher force education be have do say get make go know take see come think look want ' +
    'give use find tell ask seem feel try leave call keep let begin help talk turn start show hear play run move like live believe hold bring ' +
    'happen write provide sit stand lose pay meet include continue set learn lead understand watch follow stop create speak read allow add spend ' +
    'grow open walk win offer remember love consider appear buy wait serve die send expect build stay fall cut reach kill remain other new good ' +
    'high old great big small large next early young important few public bad same able last long little own different real best better sure ' +
    'free full true whole clear easy hard late low possible one two three four five six seven eight nine ten twenty hundred thousand first ' +
    'second third half every each many much more most less never always often still even also just really almost nearly enough quite ' +
    'mine yours get got made done went gone came took seen said told asked tried used found gave thought need needs every thing things days ' +
    'years weeks hours minutes times ways people').split(' ').map(stem),
]);

/** The post's strongest terms (by term frequency times the site's IDF), at most `limit`, leaving out words of any subject. */
function topTerms(post: Post, corpus: SiteCorpusView, limit: number): string[] {
  const tf = new Map<string, number>();
  for (const s of stemsOf(`${post.title} ${(post.tags ?? []).join(' ')} ${post.body}`, MAX_STEMS)) if (!GENERIC.has(s)) tf.set(s, (tf.get(s) ?? 0) + 1);
  return [...tf].map(([t, n]) => [t, (1 + Math.log(n)) * corpus.idf(t)] as const)
    .sort((a, b) => b[1] - a[1]).slice(0, limit).map(([t]) => t);
}

const percent = (n: number) => `${Math.round(n * 100)}%`;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** A page whose words are at least this share of the post's 30 strongest terms is about the post's subject. */
const ON_SUBJECT = 0.1;
/** A list of links: at least this many links to at least this many other sites, fewer words per link than this. */
const LIST_LINKS = 10;
const LIST_SITES = 6;
const LIST_WORDS_PER_LINK = 30;
/** …and less than this share of its stretches on the post's subject (a roundup on the subject talks about it throughout). */
const LIST_SPREAD = 0.5;


/** What the filter reads off a source page, against the post it links to. */
export interface SourceFeatures {
  copy?: Copying;
  /** Share of the post's 15 strongest terms the page uses. */
  overlap: number;
  /** The post's 30 strongest terms, counted each time the page uses one, per link the page lists. */
  topicPerLink: number;
  /** The same count over the page's words: how much of the page is about the post's subject. */
  topicShare: number;
  /**
   * The page cut into as many equal stretches as it lists links (at least 8 words each): the share of them that
   * use one of the post's strongest terms. A roundup on the post's subject talks about it item after item; an
   * aggregator or a link list names it once, near the link.
   */
  topicSpread: number;
  words: number;
  /** Links to other sites the page lists (outside its chrome and share buttons), and their distinct sites. */
  links: number;
  sites: number;
  /** Selling words (stems), how often, and which. */
  commercial: number;
  commercialTerms: string[];
  prices: number;
  cartLinks: number;
  productMarkup: boolean;
}

export function sourceFeatures(page: SourcePage, post: Post, corpus: SiteCorpusView, containment = DEFAULTS.containment): SourceFeatures {
  const pageStems = stemsOf(page.text, MAX_STEMS);
  const bodyStems = stemsOf(post.body, MAX_STEMS);
  const copy = bodyStems.length >= 15 && pageStems.length > 0 ? copying(bodyStems, pageStems, containment) : undefined;
  const top = topTerms(post, corpus, 30);
  const pageSet = new Set(pageStems);
  const top15 = top.slice(0, 15);
  const overlap = top15.length ? top15.filter((t) => pageSet.has(t)).length / top15.length : 1;
  const topSet = new Set(top);
  let topicHits = 0;
  const links = page.contentLinks ?? page.outboundLinks;
  const stretch = Math.max(8, Math.floor(pageStems.length / Math.max(1, links)));
  let stretches = 0;
  let onTopic = 0;
  let hitInStretch = false;
  pageStems.forEach((s, i) => {
    if (topSet.has(s)) hitInStretch = true;
    if ((i + 1) % stretch === 0 || i === pageStems.length - 1) {
      stretches++;
      if (hitInStretch) onTopic++;
      hitInStretch = false;
    }
  });
  const found = new Map<string, number>();
  let commercial = 0;
  for (const s of pageStems) {
    if (topSet.has(s)) topicHits++;
    if (!COMMERCIAL.has(s) || topSet.has(s)) continue;
    commercial++;
    found.set(s, (found.get(s) ?? 0) + 1);
  }
  const sites = page.contentSites ?? page.outboundSites;
  return {
    ...(copy ? { copy } : {}),
    overlap, topicPerLink: links ? topicHits / links : Infinity, topicShare: pageStems.length ? topicHits / pageStems.length : 0,
    topicSpread: stretches ? onTopic / stretches : 0, words: pageStems.length, links, sites,
    commercial, commercialTerms: [...found].sort((a, b) => b[1] - a[1]).map(([t]) => t),
    prices: page.commerce?.prices ?? 0, cartLinks: page.commerce?.cartLinks ?? 0, productMarkup: page.commerce?.productMarkup ?? false,
  };
}

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
      const f = sourceFeatures(page, post, context.knowledge.corpus, o.containment);
      const c = f.copy;
      if (c && c.passages > 0) {
        const covered = c.copied / c.passages;
        // A page made mostly of the post is a copy; but a passage set in a <blockquote> (the page's own words
        // around it) is a quote, unless it is most of the post.
        const quoted = (page.quoted ?? 0) >= c.pageShare * 0.6 && covered <= 0.5;
        const copied = (covered >= 0.5 && c.pageShare >= 0.4) || (covered >= 0.8 && c.copied >= 3) || (c.pageShare >= 0.6 && c.copied >= 2);
        if (copied && !quoted) {
          // A copy is on topic by construction; the other checks would only repeat it.
          return [{
            filter: 'mentionSource', score: o.copyScore, kind: 'spam',
            reason: `The source page copies the post: ${percent(covered)} of its passages are there (reworded or reordered words included), making up ${percent(c.pageShare)} of the page`,
            publicReason: 'held for review',
            evidence: { passages: c.passages, copied: c.copied, pageShare: round2(c.pageShare) },
          }];
        }
      }
      const signals: Signal[] = [];
      const aboutPost = f.topicShare >= ON_SUBJECT;

      // A list of links: many other sites, little text per link.
      const list = f.sites >= LIST_SITES && f.links >= LIST_LINKS && f.words / f.links < LIST_WORDS_PER_LINK;
      // When the page was read knowing the target, the link must stand in that list (not in a reply's sentence,
      // with a blogroll elsewhere on the page).
      const inList = (page.sitesAroundLink ?? f.sites) >= LIST_SITES;
      if (list && c && c.copied >= 1 && (page.quoted ?? 0) < 0.1) {
        // An aggregator: its items are excerpts of other pages, one of them the post's own words (a reply quotes
        // in a <blockquote>, a roundup describes in its own words).
        signals.push({
          filter: 'mentionSource', score: o.digestScore + 1, kind: 'spam',
          reason: `The source page lists excerpts of other pages: ${f.links} links to ${f.sites} other sites, and the post's own words (${c.copied} of its ${c.passages} passages) without quotation`,
          publicReason: 'held for review',
          evidence: { links: f.links, sites: f.sites, copied: c.copied, passages: c.passages, words: f.words },
        });
      } else if (list && inList && f.topicSpread < LIST_SPREAD) {
        // On the post's subject item after item it is a roundup (a person's reading list); otherwise a link
        // directory or a link farm.
        const unrelated = !aboutPost;
        signals.push({
          filter: 'mentionSource', score: o.digestScore + (unrelated ? 1 : 0), kind: 'spam',
          reason: `The source page is a list of links: ${f.links} links to ${f.sites} other sites with ${Math.round(f.words / f.links)} words of text per link, `
            + `and ${percent(f.topicSpread)} of it is about the post's subject${unrelated ? ` (${percent(f.topicShare)} of its words)` : ''}`,
          publicReason: 'held for review',
          evidence: { links: f.links, sites: f.sites, ...(page.sitesAroundLink === undefined ? {} : { sitesAroundLink: page.sitesAroundLink }), words: f.words, topicSpread: round2(f.topicSpread), topicShare: round2(f.topicShare), outboundSites: page.outboundSites },
        });
      }

      // A shop: selling words, prices, a cart, product markup; and little about the post's subject.
      const share = f.words ? f.commercial / f.words : 0;
      const distinct = f.commercialTerms.length;
      const marks = [f.prices > 0 && `${f.prices} price${f.prices === 1 ? '' : 's'}`, f.cartLinks > 0 && 'a cart or checkout', f.productMarkup && 'product markup'].filter((m): m is string => Boolean(m));
      const selling = (distinct >= 5 && share >= 0.04) || marks.length >= 2 || (marks.length >= 1 && distinct >= 3);
      if (selling && !aboutPost && f.words >= 20) {
        const terms = f.commercialTerms.slice(0, 6);
        signals.push({
          filter: 'mentionSource', score: o.commercialScore, kind: 'spam',
          reason: `The source page sells something other than the post's subject (${[...terms, ...marks].join(', ')}; ${percent(f.topicShare)} of its words are the post's main terms)`,
          publicReason: 'held for review',
          evidence: { commercialShare: round2(share), terms, prices: f.prices, cartLinks: f.cartLinks, productMarkup: f.productMarkup, topicShare: round2(f.topicShare) },
        });
      }
      return signals;
    },
  };
}
