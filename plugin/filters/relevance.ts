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
   * Score of an off-topic mention whose source page was not read (a trackback taken at its word, a batch line
   * without the page): a page that links to a post without talking about it is the scraper pattern, so it waits
   * for review. When the page was read, the mention-source filter judges the page, and the text around the link
   * (often the page's navigation, or a one-line like) weighs as a comment's does (`score`). Defaults to 1.5.
   */
  mentionScore: number;
  /** Score (negative) of an on-topic submission. Defaults to 0.3. */
  trust: number;
  /** A post with fewer topic words than this is a weak yardstick; the off-topic score shrinks in proportion. Defaults to 40. */
  fullPostTerms: number;
}

export const DEFAULTS: RelevanceOptions = { minTerms: 6, offTopic: 0.05, onTopic: 0.2, score: 0.6, mentionScore: 1.5, trust: 0.3, fullPostTerms: 40 };

/** Everyday words that say nothing about what a message brings to the conversation. */
export const EVERYDAY = new Set(
  ('thank thanks great good nice love awesome amazing cool best better bad know think want need make made see look read ' +
    'post article write wrote written blog site page time day year people thing way lot help hope sure right new old ' +
    'first last long little big work working say said go going come back use using find found try give take tell ' +
    'please hi hello hey dear guy guys everyone anyone someone something anything everything people always never ever ' +
    'would could should might must will shall let may maybe today now week month actually definitely absolutely ' +
    'kind sort part point question idea interesting useful agree agreed true totally wow omg lol haha ' +
    'loved liked enjoyed enjoy thought wanted tried felt seen looked reading especially offer offers')
    .split(' '),
);

/** A post as relevance compares against it: its term counts, and those counts weighed by the corpus's IDF. */
interface PostVector {
  /** What it was computed from: recomputed when the post's text or the corpus changes. */
  title: string;
  body: string;
  tags: readonly string[];
  corpus: readonly Post[];
  tf: Map<string, number>;
  length: number;
  weights: Map<string, number>;
  norm: number;
}

const postVectors = new Map<string, PostVector>();

const sameTags = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((tag, i) => tag === b[i]);

/** A post's vector, computed once per post text and corpus (posts are read on every submission). */
function postVector(post: Post, corpus: SiteCorpusView): PostVector {
  const list = corpus.posts();
  const tags = post.tags ?? [];
  const cached = postVectors.get(post.id);
  if (cached && cached.corpus === list && cached.title === post.title && cached.body === post.body && sameTags(cached.tags, tags)) return cached;
  const tf = counts(terms(postText(post)));
  const weights = weigh(tf, corpus);
  let norm = 0;
  let length = 0;
  for (const w of weights.values()) norm += w * w;
  for (const n of tf.values()) length += n;
  const vector: PostVector = { title: post.title, body: post.body, tags: [...tags], corpus: list, tf, length, weights, norm };
  if (postVectors.size > 1000) postVectors.clear();
  postVectors.set(post.id, vector);
  return vector;
}

function weigh(tf: Map<string, number>, corpus: SiteCorpusView): Map<string, number> {
  const out = new Map<string, number>();
  for (const [term, n] of tf) out.set(term, (1 + Math.log(n)) * corpus.idf(term));
  return out;
}

/** Cosine similarity of a submission's weights (with their squared norm) and a post's vector. */
function cosine(mine: Map<string, number>, mineNorm: number, post: PostVector): number {
  if (!mineNorm || !post.norm) return 0;
  let dot = 0;
  for (const [t, w] of mine) {
    const v = post.weights.get(t);
    if (v !== undefined) dot += w * v;
  }
  return dot / Math.sqrt(mineNorm * post.norm);
}

/** Naming a post is not talking about it: a quoted title (mass personalisation's favourite slot) is left out. */
function withoutTitles(text: string, posts: Post[]): string {
  let out = text;
  for (const post of posts) {
    const title = post.title.toLowerCase().replace(/\s+/g, ' ').trim();
    if (title.length >= 8 && out.includes(title)) out = out.split(title).join(' ');
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
      const tf = new Map<string, number>();
      let length = 0;
      const stemmed = new Map<string, string>(); // a repeated word is stemmed once (a text of one word repeated costs no more than prose)
      for (const word of contentWords(text)) {
        let term = stemmed.get(word);
        if (term === undefined) stemmed.set(word, (term = stem(word)));
        if (!surface.has(term)) surface.set(term, word);
        tf.set(term, (tf.get(term) ?? 0) + 1);
        length++;
      }
      const say = (list: string[]) => list.map((t) => surface.get(t) ?? t);
      if (length < o.minTerms) return null;

      const mine = weigh(tf, corpus);
      let mineNorm = 0;
      for (const w of mine.values()) mineNorm += w * w;
      let best = { post: references[0]!, similarity: -1 };
      for (const post of references) {
        const similarity = cosine(mine, mineNorm, postVector(post, corpus));
        if (similarity > best.similarity) best = { post, similarity };
      }
      const similarity = round(best.similarity);
      const where = context.post ? `'${context.post.title}'` : `anything on ${context.site.name} (closest: '${best.post.title}')`;

      if (best.similarity >= o.onTopic) {
        const bestTerms = postVector(best.post, corpus).tf;
        const shared = [...mine.keys()].filter((t) => bestTerms.has(t));
        return {
          filter: 'relevance', score: -o.trust, kind: 'trust',
          reason: `On topic for ${where} (${similarity}); shares: ${say(topTerms(shared, mine)).join(', ')}`,
          evidence: { similarity, postId: best.post.id, shared: say(topTerms(shared, mine)) },
        };
      }
      if (best.similarity >= o.offTopic) return null;

      const known = (t: string) => references.some((post) => postVector(post, corpus).tf.has(t));
      const novel = say(topTerms([...mine.keys()].filter((t) => !known(t) && !EVERYDAY.has(t)), mine));
      if (novel.length < 2 || looksLikeQuestion(submission.text)) return null;
      const postLength = references.reduce((sum, post) => sum + postVector(post, corpus).length, 0);
      const full = submission.mention && !submission.mention.page ? o.mentionScore : o.score;
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
