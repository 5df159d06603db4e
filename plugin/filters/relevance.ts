import { checkOptions } from '../errors.js';
import { postText } from '../knowledge/corpus.js';
import { contentWords, counts, stem, terms } from '../text/tokenize.js';
import type { Filter, Post, SiteCorpusView, Signal, Submission } from '../types.js';
import type { FilterDeps } from './index.js';

export interface RelevanceOptions {
  /** Submissions with fewer topic words than this are not judged (short replies). Defaults to 6. */
  minTerms: number;
  /** Cosine similarity below which a submission is off-topic. Defaults to 0.05. */
  offTopic: number;
  /** Cosine similarity at or above which a submission is on topic (a small trust signal). Defaults to 0.2. */
  onTopic: number;
  /** Score of a long off-topic submission; shorter ones get part of it. Defaults to 0.6. */
  score: number;
  /**
   * Score of an off-topic mention: a page that links to a post without talking about it is the scraper
   * pattern, so it waits for review. Defaults to 1.5.
   */
  mentionScore: number;
  /** Score (negative) of an on-topic submission. Defaults to 0.3. */
  trust: number;
  /** A post with fewer topic words than this is a weak yardstick; the off-topic score shrinks in proportion. Defaults to 40. */
  fullPostTerms: number;
}

const DEFAULTS: RelevanceOptions = { minTerms: 6, offTopic: 0.05, onTopic: 0.2, score: 0.6, mentionScore: 1.5, trust: 0.3, fullPostTerms: 40 };

/** Everyday words that say nothing about what a message brings to the conversation. */
const EVERYDAY = new Set(
  ('thank thanks great good nice love awesome amazing cool best better bad know think want need make made see look read ' +
    'post article write wrote written blog site page time day year people thing way lot help hope sure right new old ' +
    'first last long little big work working say said go going come back use using find found try give take tell ' +
    'please hi hello hey dear guy guys everyone anyone someone something anything everything people always never ever ' +
    'would could should might must will shall let may maybe today now week month actually definitely absolutely ' +
    'kind sort part point question idea interesting useful agree agreed true totally wow omg lol haha ' +
    'loved liked enjoyed enjoy thought wanted tried felt seen looked reading especially offer offers')
    .split(' '),
);

const vectors = new WeakMap<Post, Map<string, number>>();

function postCounts(post: Post): Map<string, number> {
  let tf = vectors.get(post);
  if (!tf) {
    tf = counts(terms(postText(post)));
    vectors.set(post, tf);
  }
  return tf;
}

function weigh(tf: Map<string, number>, corpus: SiteCorpusView): Map<string, number> {
  const out = new Map<string, number>();
  for (const [term, n] of tf) out.set(term, (1 + Math.log(n)) * corpus.idf(term));
  return out;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, w] of a) {
    na += w * w;
    const v = b.get(t);
    if (v !== undefined) dot += w * v;
  }
  for (const w of b.values()) nb += w * w;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** Naming a post is not talking about it: a quoted title (mass personalisation's favourite slot) is left out. */
function withoutTitles(text: string, posts: Post[]): string {
  let out = text;
  for (const post of posts) {
    const title = post.title.toLowerCase().replace(/\s+/g, ' ').trim();
    if (title.length >= 8) out = out.split(title).join(' ');
  }
  return out;
}

function looksLikeQuestion(text: string): boolean {
  return /\?/.test(text) || /^(how|what|why|when|where|which|who|is|are|do|does|did|can|could|would|should)\b/.test(text);
}

const round = (n: number) => Math.round(n * 100) / 100;

export function createRelevanceFilter(options: Record<string, unknown> | undefined, _deps: FilterDeps): Filter {
  const o = checkOptions('filters.relevance', options, DEFAULTS, {
    minTerms: { kind: 'number', min: 1 },
    offTopic: { kind: 'number', min: 0, max: 1 },
    onTopic: { kind: 'number', min: 0, max: 1 },
    score: { kind: 'number', min: 0 },
    mentionScore: { kind: 'number', min: 0 },
    trust: { kind: 'number', min: 0 },
    fullPostTerms: { kind: 'number', min: 1 },
  });

  return {
    name: 'relevance',
    check(submission: Submission, context): Signal | null {
      const corpus = context.knowledge.corpus;
      const references = context.post ? [context.post] : corpus.posts();
      if (references.length === 0) return null;
      const text = withoutTitles([submission.subject ?? '', submission.mention?.title ?? '', submission.text].join(' ').toLowerCase(), references);
      const surface = new Map<string, string>();
      for (const word of contentWords(text)) if (!surface.has(stem(word))) surface.set(stem(word), word);
      const tf = counts(terms(text));
      const say = (list: string[]) => list.map((t) => surface.get(t) ?? t);
      const length = [...tf.values()].reduce((a, b) => a + b, 0);
      if (length < o.minTerms) return null;

      const mine = weigh(tf, corpus);
      let best = { post: references[0]!, similarity: -1 };
      const known = new Set<string>();
      for (const post of references) {
        const theirs = postCounts(post);
        for (const term of theirs.keys()) known.add(term);
        const similarity = cosine(mine, weigh(theirs, corpus));
        if (similarity > best.similarity) best = { post, similarity };
      }
      const similarity = round(best.similarity);
      const where = context.post ? `'${context.post.title}'` : `anything on ${context.site.name} (closest: '${best.post.title}')`;
      const shared = [...mine.keys()].filter((t) => postCounts(best.post).has(t));

      if (best.similarity >= o.onTopic) {
        return {
          filter: 'relevance', score: -o.trust, kind: 'trust',
          reason: `On topic for ${where} (${similarity}); shares: ${say(topTerms(shared, mine)).join(', ')}`,
          evidence: { similarity, postId: best.post.id, shared: say(topTerms(shared, mine)) },
        };
      }
      if (best.similarity >= o.offTopic) return null;

      const novel = say(topTerms([...mine.keys()].filter((t) => !known.has(t) && !EVERYDAY.has(t)), mine));
      if (novel.length < 2 || looksLikeQuestion(submission.text)) return null;
      const postLength = references.reduce((sum, post) => sum + [...postCounts(post).values()].reduce((a, b) => a + b, 0), 0);
      const full = submission.mention ? o.mentionScore : o.score;
      const score = round(full * Math.min(1, length / (3 * o.minTerms)) * Math.min(1, postLength / o.fullPostTerms));
      if (score <= 0) return null;
      return {
        filter: 'relevance', score,
        reason: `Barely related to ${where} (${similarity}); talks about: ${novel.join(', ')}`,
        publicReason: 'held for review',
        evidence: { similarity, postId: best.post.id, novel },
      };
    },
  };
}

/** The strongest terms, heaviest first, at most five. */
function topTerms(list: string[], weights: Map<string, number>): string[] {
  return [...list].sort((a, b) => (weights.get(b) ?? 0) - (weights.get(a) ?? 0)).slice(0, 5);
}
