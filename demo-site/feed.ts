import { escapeHtml } from './render.js';
import type { BlogPost } from './posts.js';

/** An Atom feed with every post in full. */
export function atomFeed(site: { name: string; url: string }, posts: BlogPost[]): string {
  const updated = posts.map((p) => p.publishedAt!).sort().at(-1) ?? new Date(0).toISOString();
  const entries = posts.map((post) => {
    const html = post.blocks
      .map((b) => (b.kind === 'heading' ? `<h2>${escapeHtml(b.text)}</h2>` : `<p>${escapeHtml(b.text)}</p>`))
      .join('');
    return `  <entry>
    <id>${escapeHtml(post.permalink!)}</id>
    <title>${escapeHtml(post.title)}</title>
    <link rel="alternate" href="${escapeHtml(post.permalink!)}"/>
    <published>${post.publishedAt}</published>
    <updated>${post.publishedAt}</updated>
    <summary>${escapeHtml(post.summary)}</summary>
    <content type="html">${escapeHtml(html)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeHtml(site.url)}/</id>
  <title>${escapeHtml(site.name)}</title>
  <author><name>Halla</name></author>
  <link rel="alternate" href="${escapeHtml(site.url)}/"/>
  <link rel="self" href="${escapeHtml(site.url)}/feed.xml"/>
  <updated>${updated}</updated>
${entries.join('\n')}
</feed>
`;
}
