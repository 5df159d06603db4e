/** Small pure helpers the admin views use: safe content, safe links, dates, labels. */
import sanitizeHtml from 'sanitize-html';
import { DECISION_TABLE, actorOf } from '../plugin/index.js';
import type { Decision, HistoryEntry, Signal, Status, StatusCounts, StoredSubmission, SubmissionType } from '../plugin/index.js';

export interface Queue {
  status: Status;
  label: string;
  /** What the queue is for, one line. */
  about: string;
}

export const QUEUES: readonly Queue[] = [
  { status: 'pending', label: 'Pending', about: 'Waiting for you to decide.' },
  { status: 'pitch', label: 'Pitch inbox', about: 'Unsolicited outreach, held quietly. Read it when you choose.' },
  { status: 'spam', label: 'Spam', about: 'Caught as spam. Deleted after the retention period.' },
  { status: 'approved', label: 'Approved', about: 'Published.' },
  { status: 'discard', label: 'Discarded', about: 'Blatant junk, kept briefly for audit.' },
  { status: 'trash', label: 'Trash', about: 'What you threw away. Restore it, or it is deleted after the retention period.' },
];

export const STATUS_LABELS: Record<Status, string> = {
  pending: 'Pending',
  pitch: 'Pitch',
  spam: 'Spam',
  approved: 'Approved',
  discard: 'Discarded',
  trash: 'Trash',
};

export const ACTIONS = [
  { action: 'approve', label: 'Approve' },
  { action: 'not-spam', label: 'Not spam' },
  { action: 'unapprove', label: 'Unapprove' },
  { action: 'pitch', label: 'Pitch' },
  { action: 'spam', label: 'Spam' },
  { action: 'trash', label: 'Trash' },
  { action: 'restore', label: 'Restore' },
  { action: 'block', label: 'Block sender' },
  { action: 'trust', label: 'Trust sender' },
  { action: 'delete', label: 'Delete permanently' },
] as const;

export type AdminAction = (typeof ACTIONS)[number]['action'];
export const ADMIN_ACTIONS: readonly AdminAction[] = ACTIONS.map((a) => a.action);

/** A row action as the queue shows it: the words depend on where the message stands. */
export interface RowAction {
  action: AdminAction;
  label: string;
  /** What it does, for the tooltip and the key list. */
  title: string;
  /** The WordPress key that does it (j/k/x/z are not actions). */
  key?: string;
  tone?: 'danger' | 'primary';
}

const APPROVE: RowAction = { action: 'approve', label: 'Approve', key: 'a', tone: 'primary', title: 'Publish it (deliver a message) and teach Doorkeep it was wanted' };
const NOT_SPAM: RowAction = { ...APPROVE, label: 'Not spam', title: 'Same as Approve: publish it (deliver a message) and teach Doorkeep it was not spam' };
const UNAPPROVE: RowAction = { action: 'unapprove', label: 'Unapprove', key: 'u', title: 'Take it down and send it back to Pending' };
const PITCH: RowAction = { action: 'pitch', label: 'Pitch', key: 'p', title: 'File it in the pitch inbox and teach Doorkeep it is outreach' };
const SPAM: RowAction = { action: 'spam', label: 'Spam', key: 's', tone: 'danger', title: 'Mark it as spam and teach Doorkeep' };
const TRASH: RowAction = { action: 'trash', label: 'Trash', key: 'd', title: 'Move it to the trash (undo with z; deleted after the retention period)' };
const RESTORE: RowAction = { action: 'restore', label: 'Restore', key: 'r', tone: 'primary', title: 'Put it back where it was before the trash' };
const DELETE: RowAction = { action: 'delete', label: 'Delete permanently', tone: 'danger', title: 'Delete it now, for good (no undo)' };

/** The actions that change something for a message in this status: no "Spam" in Spam, no "Pitch" in the pitch inbox. */
export const ROW_ACTIONS: Record<Status, readonly RowAction[]> = {
  pending: [APPROVE, PITCH, SPAM, TRASH],
  pitch: [APPROVE, SPAM, TRASH],
  spam: [NOT_SPAM, PITCH, TRASH],
  approved: [UNAPPROVE, PITCH, SPAM, TRASH],
  discard: [NOT_SPAM, PITCH, SPAM, TRASH],
  trash: [RESTORE, DELETE],
};

/** Every key the queue answers to, for the "?" list. */
export const KEYS: readonly { key: string; what: string }[] = [
  { key: 'j', what: 'Next message' },
  { key: 'k', what: 'Previous message' },
  { key: 'x', what: 'Select or unselect the message' },
  { key: 'o or Enter', what: 'Show or hide the whole message and its reasons' },
  { key: 'a', what: 'Approve (in Spam: Not spam, the same decision)' },
  { key: 'u', what: 'Unapprove: back to Pending' },
  { key: 's', what: 'Spam' },
  { key: 'p', what: 'Pitch inbox' },
  { key: 'd', what: 'Trash' },
  { key: 'r', what: 'Restore from the trash' },
  { key: 'z', what: 'Undo the last action' },
  { key: 'Shift + a, s, p, d', what: 'The same for every selected message' },
  { key: '?', what: 'Show or hide this list' },
];

/** A view of the queue: one status, or every status but the trash. */
export interface QueueView {
  key: Status | 'all';
  label: string;
  about: string;
  statuses?: Status[];
}

export const VIEWS: readonly QueueView[] = [
  { key: 'all', label: 'All', about: 'Everything but the trash, newest first.', statuses: ['pending', 'pitch', 'spam', 'approved', 'discard'] },
  ...QUEUES.map((q) => ({ key: q.status, label: q.label, about: q.about, statuses: [q.status] })),
];

export const TYPE_LABELS: Record<SubmissionType, string> = {
  comment: 'Comment',
  'contact-form': 'Message',
  pingback: 'Pingback',
  trackback: 'Trackback',
  webmention: 'Webmention',
};

/** The checks, in words, for the reason filter. */
export const FILTER_LABELS: Record<string, string> = {
  similarity: 'Sent as a template',
  outreach: 'Outreach language',
  relevance: 'Off-topic',
  links: 'Links',
  words: 'Listed words',
  reputation: 'Sender record or lists',
  honeypot: 'Form token or honeypot',
  flood: 'Too many, too fast',
  classifier: 'Learned from your decisions',
};

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** Plain text of stored (sanitized) HTML, for excerpts. */
export function plainText(html: string): string {
  const text = sanitizeHtml((html ?? '').replace(/<\/(p|div|li|blockquote)>|<br\s*\/?>/gi, ' '), { allowedTags: [], allowedAttributes: {} });
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] ?? '').replace(/\s+/g, ' ').trim();
}

/** The first `max` characters of the message's text, cut at a word. */
export function excerpt(html: string, max = 140): string {
  const text = plainText(html);
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The strongest reason Doorkeep had to hold the message, or the first reason it gave. */
export function topReason(item: Pick<StoredSubmission, 'signals' | 'reasons'>): { reason: string; filter?: string } {
  const signals: Signal[] = item.signals ?? [];
  let top: Signal | undefined;
  for (const s of signals) if (s.score > 0 && (!top || s.score > top.score)) top = s;
  if (top) return { reason: top.reason, filter: top.filter };
  return { reason: item.reasons?.[0] ?? 'No check raised a concern.' };
}

/** Doorkeep's own verdict when the message came in (before any person changed it). */
export function originalVerdict(item: Pick<StoredSubmission, 'history' | 'status' | 'score'>): { status: Status; score: number } {
  const first = item.history?.find((e) => e.type === 'verdict');
  return first && first.type === 'verdict' ? { status: first.status, score: first.score } : { status: item.status, score: item.score };
}

/** Who put the message where it is now: the last status change, or Doorkeep's verdict. */
export function decidedBy(item: Pick<StoredSubmission, 'history' | 'receivedAt'>): { by: string; at: string; person: boolean; note?: string } {
  for (let i = (item.history?.length ?? 0) - 1; i >= 0; i--) {
    const e = item.history[i]!;
    if (e.type === 'status') {
      const person = actorOf(e) === 'person';
      return { by: person ? e.by : e.by.includes('campaign') ? 'Doorkeep (campaign)' : 'Doorkeep', at: e.at, person, note: e.note };
    }
    if (e.type === 'verdict') return { by: 'Doorkeep', at: e.at, person: false };
  }
  return { by: 'Doorkeep', at: item.receivedAt, person: false };
}

/** A short date for a table cell: "20 Nov 09:00" (UTC). */
export function shortDate(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${d.getUTCDate()} ${month} ${d.toISOString().slice(11, 16)}`;
}

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && value in STATUS_LABELS;
}

/** Stored content is sanitized already; sanitize again with a strict list so nothing active can reach the page. */
export function safeContent(html: string): string {
  return sanitizeHtml(html ?? '', {
    allowedTags: ['a', 'p', 'br', 'em', 'strong', 'b', 'i', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li'],
    allowedAttributes: { a: ['href', 'rel'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'escape',
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc noopener noreferrer' }) },
  });
}

/** The URL when it is http(s), else '' (never javascript:, data: and the like). */
export function safeHref(url: string | undefined): string {
  if (!url) return '';
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : '';
  } catch {
    return '';
  }
}

export function date(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 10);
}

export function dateTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "3 approved, 1 spam", or "none". */
export function senderRecord(counts: StatusCounts | undefined): string {
  if (!counts) return 'no record';
  const parts = (['approved', 'pending', 'pitch', 'spam', 'discard', 'trash'] as Status[]).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s === 'discard' ? 'discarded' : s === 'trash' ? 'in the trash' : s}`);
  return parts.length ? parts.join(', ') : 'none';
}

export function decisionWords(decision: Decision): string {
  return DECISION_TABLE[decision].words;
}

/** One line of the history timeline in words. */
export function historyLine(entry: HistoryEntry): string {
  switch (entry.type) {
    case 'verdict':
      return `Doorkeep's verdict: ${STATUS_LABELS[entry.status]} (score ${score(entry.score)})`;
    case 'status':
      return `${entry.by} changed ${STATUS_LABELS[entry.from]} → ${STATUS_LABELS[entry.to]}${entry.note ? ` (${entry.note})` : ''}`;
    case 'note':
      return `${entry.by}: ${entry.note}`;
  }
}

export function score(n: number | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? (Math.round(n * 100) / 100).toString() : '–';
}

/** A query string from the given parameters, leaving out empty ones. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function sender(author: { name?: string; email?: string } | undefined, ip?: string): string {
  return author?.name || author?.email || ip || 'anonymous';
}
