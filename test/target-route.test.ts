import { describe, expect, it } from 'vitest';
import { createTargetRoute } from '../plugin/mentions/target-route.js';

describe('target route', () => {
  it('finds the post id of a URL on the site, ignoring scheme, trailing slash, query and fragment', () => {
    const route = createTargetRoute('https://halla.example');
    for (const url of ['https://halla.example/posts/rss', 'http://HALLA.example/posts/rss/', 'https://halla.example/posts/rss?utm=x#comments']) {
      expect(route.match(url)).toEqual({ ok: true, postId: 'rss' });
    }
  });

  it('tells a URL elsewhere from a page of ours that is not a post', () => {
    const route = createTargetRoute('https://halla.example');
    expect(route.match('https://evil.example/posts/rss')).toEqual({ ok: false, reason: 'not-ours' });
    expect(route.match('https://halla.example:8443/posts/rss')).toEqual({ ok: false, reason: 'not-ours' });
    expect(route.match('https://halla.example/about')).toEqual({ ok: false, reason: 'no-post-route' });
    expect(route.match('https://halla.example/posts/rss/extra')).toEqual({ ok: false, reason: 'no-post-route' });
  });

  it('honours a base path and a custom pattern, and builds URLs back', () => {
    const route = createTargetRoute('https://example.com/blog/', '/:year/:id');
    expect(route.match('https://example.com/blog/2026/hello%20world')).toEqual({ ok: true, postId: 'hello world' });
    expect(route.match('https://example.com/2026/hello')).toEqual({ ok: false, reason: 'not-ours' });
    expect(createTargetRoute('https://example.com/blog').urlFor('a b')).toBe('https://example.com/blog/posts/a%20b');
  });

  it('refuses a pattern without :id at creation', () => {
    expect(() => createTargetRoute('https://example.com', '/posts/:slug')).toThrow(/routePattern.*:id/);
  });
});
