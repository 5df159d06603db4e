/** Turn what a door received into the one Submission shape every filter reads. */
import type { SubmissionInput } from '../api.js';
import { DoorkeepError } from '../errors.js';
import { SOURCE_TEXT_LIMIT } from '../mentions/source-page.js';
import { finish } from '../pipeline/slices.js';
import { SUBMISSION_TYPES, type SourcePage, type Submission } from '../types.js';
import { extractLinks, normalizeUrl } from './links.js';
import { sanitizedToPlainText } from './plain-text.js';
import { sanitizeContentSteps, stripTags } from './sanitize.js';

/** Field limits, as WordPress enforces them. */
export const FIELD_LIMITS = { name: 245, email: 100, url: 200, content: 65_525 } as const;

const EMAIL_CHARS = /^[^\s@<>]+$/;

/** local@domain, the domain with a dot that is neither its first nor its last character (checked without backtracking). */
function isEmailShape(value: string): boolean {
  const at = value.indexOf('@');
  if (at <= 0) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  const dot = domain.indexOf('.', 1);
  return EMAIL_CHARS.test(local) && EMAIL_CHARS.test(domain) && dot > 0 && dot < domain.length - 1;
}

function limited(field: keyof typeof FIELD_LIMITS, value: string): string {
  if (value.length > FIELD_LIMITS[field]) {
    throw new DoorkeepError('ERR_DK_TOO_LARGE', `The ${field} is too long: at most ${FIELD_LIMITS[field]} characters.`, { status: 413, field });
  }
  return value;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * Validate and normalize. Throws DoorkeepError (400/413, naming the field) on bad input.
 * `id` and `receivedAt` are supplied by the caller (the pipeline owns ids and the clock).
 */
export function normalizeSubmission(input: SubmissionInput, id: string, receivedAt: string): Submission {
  return finish(normalizeSteps(input, id, receivedAt));
}

/**
 * normalizeSubmission() one step at a time: it yields between sanitizing, reading the plain text and finding
 * the links (each can take tens of milliseconds on 65,525 characters), so the pipeline can let other
 * requests in between (plugin/pipeline/slices.ts).
 */
export function* normalizeSteps(input: SubmissionInput, id: string, receivedAt: string): Generator<void, Submission> {
  if (!SUBMISSION_TYPES.includes(input.type)) {
    throw new DoorkeepError('ERR_DK_INPUT', `Unknown submission type "${String(input.type)}".`, { field: 'type' });
  }
  const rawContent = limited('content', typeof input.content === 'string' ? input.content : '');
  if (!rawContent.trim()) throw new DoorkeepError('ERR_DK_INPUT', 'The content is empty.', { field: 'content' });
  const name = limited('name', stripTags(text(input.author?.name)));
  const email = limited('email', text(input.author?.email)).toLowerCase();
  if (email && !isEmailShape(email)) throw new DoorkeepError('ERR_DK_INPUT', 'The email address is not valid.', { field: 'email' });
  const rawUrl = limited('url', text(input.author?.url));
  const url = rawUrl ? normalizeUrl(rawUrl) : '';
  if (url === undefined) throw new DoorkeepError('ERR_DK_INPUT', 'The website must be an http(s) URL.', { field: 'url' });

  const content = yield* sanitizeContentSteps(rawContent);
  yield;
  const plain = sanitizedToPlainText(content);
  yield;
  // Checked again once sanitized: "<script>…</script>", "<!-- -->" or a lone <img> leave nothing to show (issue 11 item 9).
  if (!plain.trim()) throw new DoorkeepError('ERR_DK_INPUT', 'The content is empty once its markup is removed: write some text.', { field: 'content' });
  const extracted = extractLinks(rawContent);
  yield;
  const links = extracted.all;
  const submission: Submission = {
    id,
    type: input.type,
    postId: input.postId ?? null,
    author: { name, email, url },
    ip: text(input.ip),
    userAgent: text(input.userAgent).slice(0, 500),
    referrer: text(input.referrer).slice(0, 500),
    content,
    text: plain,
    links,
    receivedAt,
  };
  if (extracted.obfuscated.length > 0) submission.disguisedLinks = extracted.obfuscated;
  if (extracted.homographs.length > 0) submission.homographs = extracted.homographs;
  if (input.target) submission.target = input.target;
  if (input.mention) {
    submission.mention = {
      source: input.mention.source,
      ...(input.mention.title ? { title: foldable(input.mention.title) } : {}),
      ...(input.mention.excerpt ? { excerpt: foldable(input.mention.excerpt) } : {}),
      ...(input.mention.blogName ? { blogName: foldable(input.mention.blogName) } : {}),
      ...(sourcePage(input.mention.page) ?? {}),
    };
  }
  if (input.channel) submission.channel = input.channel;
  if (input.subject) submission.subject = stripTags(input.subject).slice(0, 300);
  if (input.form) submission.form = input.form;
  if (input.meta) submission.meta = input.meta;
  return submission;
}

/** Titles and excerpts: tags removed, kept readable (not lower-cased). */
function foldable(value: string): string {
  return stripTags(value).replace(/\s+/g, ' ').trim().slice(0, 1000);
}


/** A source page as read by readSourcePage(), checked and bounded (hosts may pass anything through the API). */
function sourcePage(page: unknown): { page: SourcePage } | undefined {
  if (typeof page !== 'object' || page === null) return undefined;
  const { text, outboundLinks, outboundSites, contentLinks, contentSites, sitesAroundLink, quoted, commerce } = page as Record<string, unknown>;
  if (typeof text !== 'string') return undefined;
  const count = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.floor(n) : 0);
  const out: SourcePage = { text: text.slice(0, SOURCE_TEXT_LIMIT), outboundLinks: count(outboundLinks), outboundSites: count(outboundSites) };
  if (contentLinks !== undefined) out.contentLinks = count(contentLinks);
  if (contentSites !== undefined) out.contentSites = count(contentSites);
  if (sitesAroundLink !== undefined) out.sitesAroundLink = count(sitesAroundLink);
  if (typeof quoted === 'number' && Number.isFinite(quoted)) out.quoted = Math.min(1, Math.max(0, quoted));
  if (typeof commerce === 'object' && commerce !== null) {
    const c = commerce as Record<string, unknown>;
    out.commerce = { prices: count(c.prices), cartLinks: count(c.cartLinks), productMarkup: c.productMarkup === true };
  }
  return { page: out };
}
