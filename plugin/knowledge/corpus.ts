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

/**
 * A value a filter derives from a post's text, computed once per post: computed again when the post's title, body
 * or tags change. Up to about 1,000 posts are kept (posts are read on every submission, and a site has few).
 */
export function perPost<T>(compute: (post: Post) => T): (post: Post) => T {
  const cache = new Map<string, { title: string; body: string; tags: readonly string[]; value: T }>();
  return (post) => {
    const tags = post.tags ?? [];
    const hit = cache.get(post.id);
    if (hit && hit.title === post.title && hit.body === post.body && hit.tags.length === tags.length && hit.tags.every((t, i) => t === tags[i])) return hit.value;
    const value = compute(post);
    if (cache.size > 1000) cache.clear();
    cache.set(post.id, { title: post.title, body: post.body, tags: [...tags], value });
    return value;
  };
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
