/**
 * The site's own content as a corpus: document frequencies over the published posts, so relevance
 * weighs a term by how rare it is on this site (smoothed IDF: ln((1 + N) / (1 + df)) + 1).
 */
import type { Post, SiteCorpusView } from '../types.js';
import { terms } from '../text/tokenize.js';

export interface SiteCorpus extends SiteCorpusView {
  /** Recompute document frequencies from a new list of posts. */
  refresh(posts: Post[]): void;
}

/** The text of a post relevance compares against: title, tags and body. */
export function postText(post: Post): string {
  return [post.title, ...(post.tags ?? []), post.body].join(' ').toLowerCase();
}

/** The distinct terms of a post. */
export function postTerms(post: Post): Set<string> {
  return new Set(terms(postText(post)));
}

export function createSiteCorpus(initial: Post[] = []): SiteCorpus {
  let list: Post[] = [];
  let df = new Map<string, number>();

  function refresh(posts: Post[]): void {
    list = [...posts];
    df = new Map();
    for (const post of list) {
      for (const term of postTerms(post)) df.set(term, (df.get(term) ?? 0) + 1);
    }
  }

  refresh(initial);

  return {
    posts: () => list,
    size: () => list.length,
    idf: (term) => Math.log((1 + list.length) / (1 + (df.get(term) ?? 0))) + 1,
    refresh,
  };
}
