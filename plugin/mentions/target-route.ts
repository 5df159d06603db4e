/** Maps a URL on our site to a post id through a route pattern such as "/posts/:id", and back. */
import { DoorkeepError } from '../errors.js';
import { trimTrailingSlashes } from '../text/scan.js';

export type TargetMatch = { ok: true; postId: string } | { ok: false; reason: 'not-ours' | 'no-post-route' };

export interface TargetRoute {
  match(target: string): TargetMatch;
  /** The URL of a post under the pattern (used when the host's Post has no permalink). */
  urlFor(postId: string): string;
}

export function createTargetRoute(siteUrl: string, pattern = '/posts/:id'): TargetRoute {
  let site: URL;
  try {
    site = new URL(siteUrl);
  } catch {
    throw new DoorkeepError('ERR_DK_OPTIONS', `\`site.url\` must be an absolute URL, got "${siteUrl}".`, { field: 'site.url' });
  }
  if (!pattern.startsWith('/') || !pattern.split('/').includes(':id')) {
    throw new DoorkeepError('ERR_DK_OPTIONS', `\`mentions.routePattern\` must start with "/" and contain a ":id" segment, got "${pattern}".`, { field: 'mentions.routePattern' });
  }
  const basePath = trimTrailingSlashes(site.pathname);
  const segments = pattern.split('/').filter(Boolean);
  const port = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');

  return {
    match(target) {
      let url: URL;
      try {
        url = new URL(target);
      } catch {
        return { ok: false, reason: 'not-ours' };
      }
      if (url.hostname.toLowerCase() !== site.hostname.toLowerCase() || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        return { ok: false, reason: 'not-ours' };
      }
      if (url.protocol === site.protocol && port(url) !== port(site)) return { ok: false, reason: 'not-ours' };
      let path = url.pathname;
      if (basePath) {
        if (path !== basePath && !path.startsWith(`${basePath}/`)) return { ok: false, reason: 'not-ours' };
        path = path.slice(basePath.length);
      }
      const parts = path.split('/').filter(Boolean);
      if (parts.length !== segments.length) return { ok: false, reason: 'no-post-route' };
      let postId: string | undefined;
      for (const [i, segment] of segments.entries()) {
        const part = parts[i]!;
        if (segment === ':id') {
          try {
            postId = decodeURIComponent(part);
          } catch {
            return { ok: false, reason: 'no-post-route' };
          }
        } else if (!segment.startsWith(':') && segment !== part) {
          return { ok: false, reason: 'no-post-route' };
        }
      }
      return postId ? { ok: true, postId } : { ok: false, reason: 'no-post-route' };
    },
    urlFor(postId) {
      const path = segments.map((s) => (s === ':id' ? encodeURIComponent(postId) : s)).join('/');
      return `${site.origin}${basePath}/${path}`;
    },
  };
}
