/**
 * The data sets the prior learns from and the evaluation replays, in one shape: posts and messages in
 * order. YouTube and SMS come from ../shared/data (their READMEs give source and licence); the fixtures
 * are written for Doorkeep (scripts/prior-fixtures.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Post } from '../plugin/types.js';
import { buildFixtures, FIXTURE_POSTS } from './prior-fixtures.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** ../shared/data beside the checkout (a worktree one level deeper looks one level further up); DOORKEEP_DATA overrides. */
export const SHARED_DATA = process.env.DOORKEEP_DATA
  ?? [resolve(ROOT, '../shared/data'), resolve(ROOT, '../../shared/data')].find((dir) => existsSync(dir))
  ?? resolve(ROOT, '../shared/data');
export const YOUTUBE_DIR = join(SHARED_DATA, 'youtube-spam-collection');
export const SMS_DIR = join(SHARED_DATA, 'sms-spam-collection');
export const FIXTURES_FILE = resolve(ROOT, 'test/fixtures/prior/fixtures.jsonl');
export const FIXTURE_SEED = 20261129;

export interface Comment {
  id: string;
  author: string;
  date: string;
  content: string;
  spam: boolean;
  postId: string | null;
  /** Position of the message within its post (its video), from 0. */
  index: number;
  type?: 'comment' | 'contact-form';
  authorUrl?: string;
  /** Fixtures: the category the message was written for. */
  category?: string;
}

export interface Collection {
  posts: Post[];
  comments: Comment[];
}

export interface DataSet {
  name: 'youtube' | 'sms' | 'fixtures';
  title: string;
  collection: Collection;
  /** For the prior's manifest. */
  path: string;
  attribution: string;
  licence: string;
  sha256: string;
}

/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const sha256 = (parts: string[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};

interface VideoEntry { file: string; id: string; permalink: string; title: string; body: string; tags: string[] }

/** The videos (as posts) and their comments in file order; `perVideo` keeps only the first N of each. */
export function loadCollection(dir: string, perVideo = Infinity): Collection {
  return loadYoutube(dir, perVideo).collection;
}

export function loadYoutube(dir = YOUTUBE_DIR, perVideo = Infinity): DataSet {
  const videosText = readFileSync(join(dir, 'videos.json'), 'utf8');
  const videos = JSON.parse(videosText) as VideoEntry[];
  const posts: Post[] = [];
  const comments: Comment[] = [];
  const texts = [videosText];
  for (const video of videos) {
    posts.push({ id: video.id, title: video.title, body: video.body, tags: video.tags, permalink: video.permalink });
    const csv = readFileSync(join(dir, video.file), 'utf8');
    texts.push(csv);
    const [header, ...rows] = parseCsv(csv);
    const col = (name: string) => header!.indexOf(name);
    const [cId, cAuthor, cDate, cContent, cLabel] = ['COMMENT_ID', 'AUTHOR', 'DATE', 'CONTENT', 'label'].map(col);
    let index = 0;
    const seen = new Map<string, number>();
    for (const row of rows) {
      if (row.length < header!.length || index >= perVideo) continue;
      // A few comment ids occur twice in the files: the second copy gets "#2" so every row is replayed once.
      const times = (seen.get(row[cId!]!) ?? 0) + 1;
      seen.set(row[cId!]!, times);
      comments.push({
        id: `${video.id}/${row[cId!]}${times > 1 ? `#${times}` : ''}`, author: row[cAuthor!]!, date: row[cDate!]!, content: row[cContent!]!,
        spam: row[cLabel!] === '1', postId: video.id, index: index++,
      });
    }
  }
  return {
    name: 'youtube', title: 'YouTube Spam Collection', collection: { posts, comments }, path: '../shared/data/youtube-spam-collection',
    attribution: 'T. C. Alberto, J. V. Lochter, T. A. Almeida, "TubeSpam: Comment Spam Filtering on YouTube", IEEE ICMLA 2015 (UCI ML Repository)',
    licence: 'CC BY 4.0', sha256: sha256(texts),
  };
}

interface BatchLine { id: string; type: 'comment' | 'contact-form'; postId: string | null; author?: { name?: string; url?: string }; content: string; createdAt: string; label: string }

export function loadSms(dir = SMS_DIR, limit = Infinity): DataSet {
  const postsText = readFileSync(join(dir, 'posts.jsonl'), 'utf8');
  const linesText = readFileSync(join(dir, 'submissions.jsonl'), 'utf8');
  const posts = postsText.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Post);
  const comments: Comment[] = [];
  for (const line of linesText.split('\n')) {
    if (!line.trim() || comments.length >= limit) continue;
    const s = JSON.parse(line) as BatchLine;
    comments.push({
      id: s.id, author: s.author?.name ?? '', date: s.createdAt, content: s.content, spam: s.label === 'spam', postId: s.postId,
      index: comments.length, type: s.type, authorUrl: s.author?.url ?? '',
    });
  }
  return {
    name: 'sms', title: 'SMS Spam Collection', collection: { posts, comments }, path: '../shared/data/sms-spam-collection',
    attribution: 'T. A. Almeida, J. M. Gómez Hidalgo, A. Yamakami, "Contributions to the study of SMS spam filtering: new collection and results", ACM DocEng 2011',
    licence: 'free for all purposes, copyright Almeida and Gómez Hidalgo, no warranty (authors\' readme, section 4); cite the paper',
    sha256: sha256([postsText, linesText]),
  };
}

/** The fixtures as a collection: each on its fixture post (contact forms on none), in their seeded order. */
export function loadFixtures(seed = FIXTURE_SEED): DataSet {
  const fixtures = buildFixtures(seed);
  const posts: Post[] = FIXTURE_POSTS.map((p) => ({ id: p.id, title: p.title, body: p.body, tags: [...p.tags] }));
  const perPost = new Map<string, number>();
  const comments: Comment[] = fixtures.map((f) => {
    const key = f.postId ?? 'contact';
    const index = perPost.get(key) ?? 0;
    perPost.set(key, index + 1);
    return {
      id: f.id, author: '', date: '', content: f.content, spam: f.spam, postId: f.postId, index, type: f.type,
      authorUrl: f.authorUrl, category: `${f.category} (${f.spam ? 'spam' : 'genuine'})`,
    };
  });
  const lines = fixtures.map((f) => JSON.stringify(f)).join('\n') + '\n';
  return {
    name: 'fixtures', title: 'Doorkeep fixtures', collection: { posts, comments }, path: 'test/fixtures/prior/fixtures.jsonl',
    attribution: 'written for Doorkeep (scripts/prior-fixtures.ts)', licence: 'MIT, as Doorkeep', sha256: sha256([lines]),
  };
}

export function fixtureLines(seed = FIXTURE_SEED): string {
  return buildFixtures(seed).map((f) => JSON.stringify(f)).join('\n') + '\n';
}

/** Whether the public sets are on this machine. */
export const publicDataPresent = () => existsSync(join(YOUTUBE_DIR, 'videos.json')) && existsSync(join(SMS_DIR, 'submissions.jsonl'));

export function loadAll(): DataSet[] {
  return [loadYoutube(), loadSms(), loadFixtures()];
}
