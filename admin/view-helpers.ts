/** Small pure helpers the admin views use: safe content, safe links, dates, labels. */
import sanitizeHtml from 'sanitize-html';
import { DECISION_TABLE } from '../plugin/index.js';
import type { Decision, HistoryEntry, Status, StatusCounts } from '../plugin/index.js';

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
];

export const STATUS_LABELS: Record<Status, string> = {
  pending: 'Pending',
  pitch: 'Pitch',
  spam: 'Spam',
  approved: 'Approved',
  discard: 'Discarded',
};

export const ACTIONS = [
  { action: 'approve', label: 'Approve' },
  { action: 'not-spam', label: 'Not spam' },
  { action: 'pitch', label: 'Pitch' },
  { action: 'spam', label: 'Spam' },
  { action: 'block', label: 'Block sender' },
  { action: 'trust', label: 'Trust sender' },
  { action: 'delete', label: 'Delete' },
] as const;

export type AdminAction = (typeof ACTIONS)[number]['action'];
export const ADMIN_ACTIONS: readonly AdminAction[] = ACTIONS.map((a) => a.action);

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
  const parts = (['approved', 'pending', 'pitch', 'spam', 'discard'] as Status[]).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s === 'discard' ? 'discarded' : s}`);
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
