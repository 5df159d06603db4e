import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Post } from '../plugin/types.js';

export type Block = { kind: 'heading' | 'paragraph'; text: string };

export interface BlogPost extends Post {
  summary: string;
  blocks: Block[];
}

const HEADER_KEYS = ['title', 'date', 'tags', 'summary'] as const;

/** Parse one post file: "key: value" header lines, a blank line, then paragraphs and "## " headings. */
export function parsePost(id: string, source: string): BlogPost {
  const [head = '', ...rest] = source.replace(/\r\n/g, '\n').split('\n\n');
  const header: Record<string, string> = {};
  for (const line of head.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) header[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  for (const key of HEADER_KEYS) {
    if (!header[key]) throw new Error(`Post "${id}" is missing its "${key}:" header line.`);
  }
  const blocks: Block[] = rest
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => (chunk.startsWith('## ')
      ? { kind: 'heading', text: chunk.slice(3).trim() }
      : { kind: 'paragraph', text: chunk.split('\n').map((line) => line.trim()).join(' ') }));
  const body = blocks.map((b) => b.text.replace(/`/g, '')).join('\n\n');
  return {
    id,
    title: header.title!,
    publishedAt: new Date(`${header.date}T09:00:00Z`).toISOString(),
    tags: header.tags!.split(',').map((t) => t.trim()).filter(Boolean),
    summary: header.summary!,
    permalink: `/posts/${id}`,
    body,
    blocks,
    open: true,
  };
}

/** Every post in the folder, newest first. */
export function loadPosts(dir: string): BlogPost[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => parsePost(name.slice(0, -3), readFileSync(join(dir, name), 'utf8')))
    .sort((a, b) => b.publishedAt!.localeCompare(a.publishedAt!));
}
