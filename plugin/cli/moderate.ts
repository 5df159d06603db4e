/**
 * `doorkeep moderate --posts posts.jsonl --submissions submissions.jsonl [--data FILE] [--feedback]`
 * One JSON verdict per line on stdout; bad lines are reported on stderr with their line number.
 */
import { readFileSync } from 'node:fs';
import type { Doorkeep, SubmissionInput } from '../api.js';
import { trimTrailingSlashes } from '../text/scan.js';
import { readSourcePage } from '../mentions/source-page.js';
import { verifyLink } from '../mentions/verify-link.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { Decision, Post } from '../types.js';
import { SUBMISSION_TYPES, type SubmissionType } from '../types.js';

export const USAGE = `Usage: doorkeep moderate --posts posts.jsonl --submissions submissions.jsonl [options]

Options:
  --data FILE        keep submissions and what was learned in this lowdb JSON file (default: in memory)
  --feedback         after each verdict, apply the line's own label as the moderator's decision
  --site-name NAME   the site's name (default "Doorkeep batch")
  --site-url URL     the site's base URL (default "https://site.invalid")
  --help             show this text`;

export interface CliIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

interface Flags {
  posts?: string;
  submissions?: string;
  data?: string;
  feedback: boolean;
  siteName: string;
  siteUrl: string;
  help: boolean;
}

const VALUE_FLAGS: Record<string, keyof Flags> = {
  '--posts': 'posts', '--submissions': 'submissions', '--data': 'data', '--site-name': 'siteName', '--site-url': 'siteUrl',
};

export function parseFlags(argv: readonly string[]): Flags | string {
  const flags: Flags = { feedback: false, help: false, siteName: 'Doorkeep batch', siteUrl: 'https://site.invalid' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name === '--feedback') flags.feedback = true;
    else if (name === '--help' || name === '-h') flags.help = true;
    else if (VALUE_FLAGS[name]) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') return `${name} needs a value.`;
      (flags as unknown as Record<string, unknown>)[VALUE_FLAGS[name]] = value;
    } else return `Unknown option ${arg}.`;
  }
  return flags;
}

/** Non-empty lines of a JSONL file, parsed, with their 1-based line numbers; bad JSON is reported. */
function readJsonl(file: string, io: CliIo): { line: number; value: Record<string, unknown> }[] {
  const out: { line: number; value: Record<string, unknown> }[] = [];
  readFileSync(file, 'utf8').split(/\r?\n/).forEach((text, i) => {
    if (!text.trim()) return;
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
      out.push({ line: i + 1, value: value as Record<string, unknown> });
    } catch (error) {
      io.stderr(`${file}:${i + 1}: skipped: ${(error as Error).message}`);
    }
  });
  return out;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function toPost(value: Record<string, unknown>): Post | string {
  const id = str(value.id) ?? (typeof value.id === 'number' ? String(value.id) : undefined);
  if (!id) return 'a post needs an "id"';
  const tags = Array.isArray(value.tags) ? value.tags.filter((t): t is string => typeof t === 'string') : [];
  return {
    id, title: str(value.title) ?? '', body: str(value.body) ?? '', tags,
    ...(str(value.permalink) ? { permalink: str(value.permalink) } : {}),
    ...(str(value.publishedAt) ? { publishedAt: str(value.publishedAt) } : {}),
  };
}

const MENTIONS: readonly SubmissionType[] = ['pingback', 'trackback', 'webmention'];

function toInput(value: Record<string, unknown>, posts: Map<string, Post>, siteUrl: string): SubmissionInput | string {
  const type = str(value.type) as SubmissionType | undefined;
  if (!type || !SUBMISSION_TYPES.includes(type)) return `"type" must be one of ${SUBMISSION_TYPES.join(', ')}`;
  if (typeof value.content !== 'string') return '"content" must be a string';
  const author = typeof value.author === 'object' && value.author !== null ? (value.author as Record<string, unknown>) : {};
  const postId = value.postId === null || value.postId === undefined ? null : String(value.postId);
  const createdAt = str(value.createdAt);
  const input: SubmissionInput = {
    type, postId, content: value.content,
    author: { name: str(author.name) ?? '', email: str(author.email) ?? '', url: str(author.url) ?? '' },
    ip: str(value.ip) ?? '', userAgent: str(value.userAgent) ?? '',
    ...(str(value.id) ? { id: str(value.id) } : {}),
    ...(createdAt && !Number.isNaN(Date.parse(createdAt)) ? { receivedAt: new Date(createdAt).toISOString() } : {}),
    ...(str(value.channel) ? { channel: str(value.channel) } : {}),
    ...(str(value.subject) ? { subject: str(value.subject) } : {}),
  };
  if (MENTIONS.includes(type)) {
    const source = str(value.source);
    if (!source) return `a ${type} needs a "source"`;
    const post = postId ? posts.get(postId) : undefined;
    const target = str(value.target) ?? post?.permalink ?? (postId ? `${trimTrailingSlashes(siteUrl)}/posts/${postId}` : siteUrl);
    input.target = target;
    const html = str(value.sourceHtml);
    const page = html ? verifyLink(html, target, source) : undefined;
    if (page && !page.links) return `the source page of this ${type} does not link to ${target}`;
    if (!str(input.content) && page) input.content = page.excerpt || page.title;
    input.mention = {
      source,
      ...(page?.title ? { title: page.title } : {}),
      ...(page?.excerpt ? { excerpt: page.excerpt } : {}),
      ...(str(value.blogName) ? { blogName: str(value.blogName) } : {}),
      ...(html ? { page: readSourcePage(html, source, target) } : {}),
    };
  }
  return input;
}

/** The moderator decision a labelled line stands for, or undefined when it has no usable label. */
export function decisionFor(value: Record<string, unknown>): Decision | undefined {
  if (value.label === 'ham') return 'approve';
  if (value.label === 'spam') return value.kind === 'pitch' ? 'pitch' : 'spam';
  return undefined;
}

/** Run the command; resolves with the exit code. */
export async function runModerate(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(argv);
  if (typeof flags === 'string') {
    io.stderr(`${flags}\n\n${USAGE}`);
    return 2;
  }
  if (flags.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (!flags.posts || !flags.submissions) {
    io.stderr(`--posts and --submissions are required.\n\n${USAGE}`);
    return 2;
  }

  const posts = new Map<string, Post>();
  let submissionLines: ReturnType<typeof readJsonl>;
  try {
    for (const { line, value } of readJsonl(flags.posts, io)) {
      const post = toPost(value);
      if (typeof post === 'string') io.stderr(`${flags.posts}:${line}: skipped: ${post}`);
      else posts.set(post.id, post);
    }
    submissionLines = readJsonl(flags.submissions, io);
  } catch (error) {
    io.stderr(`Cannot read input: ${(error as Error).message}`);
    return 1;
  }

  const { createDoorkeep } = await import('../doorkeep.js');
  let now = new Date();
  const dk: Doorkeep = await createDoorkeep({
    ...(flags.data ? { dataFile: flags.data } : { store: createMemoryStore() }),
    site: { name: flags.siteName, url: flags.siteUrl },
    getPost: (id) => posts.get(id),
    listPosts: () => [...posts.values()],
    clock: { now: () => now },
    retentionIntervalMs: false,
  });

  try {
    for (const { line, value } of submissionLines) {
      const input = toInput(value, posts, flags.siteUrl);
      if (typeof input === 'string') {
        io.stderr(`${flags.submissions}:${line}: skipped: ${input}`);
        continue;
      }
      now = input.receivedAt ? new Date(input.receivedAt) : new Date();
      let id: string;
      try {
        const { verdict, submission } = await dk.moderate(input);
        id = submission.id;
        io.stdout(JSON.stringify({ id, status: verdict.status, score: verdict.score, reasons: verdict.reasons }));
      } catch (error) {
        io.stderr(`${flags.submissions}:${line}: skipped: ${(error as Error).message}`);
        continue;
      }
      const decision = flags.feedback ? decisionFor(value) : undefined;
      if (decision) await dk.decide(id, decision, 'feedback');
    }
  } finally {
    await dk.close();
  }
  return 0;
}
