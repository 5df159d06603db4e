/** How a stored submission is written by the file and database stores: checked on the way in, compact on disk. */
import { STATUSES, SUBMISSION_TYPES, type Signal, type StoredSubmission } from '../types.js';

/** Why a parsed record is not a stored submission, or undefined when it is one. */
export function recordProblem(r: unknown): string | undefined {
  if (!r || typeof r !== 'object' || Array.isArray(r)) return 'not an object';
  const s = r as Record<string, unknown>;
  for (const field of ['id', 'receipt', 'receivedAt', 'text', 'content', 'ip'] as const) {
    if (typeof s[field] !== 'string') return `"${field}" is not a string`;
  }
  if (!STATUSES.includes(s.status as never)) return `"status" is ${JSON.stringify(s.status)}`;
  if (!SUBMISSION_TYPES.includes(s.type as never)) return `"type" is ${JSON.stringify(s.type)}`;
  const author = s.author as Record<string, unknown> | undefined;
  if (!author || typeof author !== 'object' || ['name', 'email', 'url'].some((k) => typeof author[k] !== 'string')) return '"author" is not {name, email, url}';
  if (!Array.isArray(s.history)) return '"history" is not a list';
  if (!Array.isArray(s.signals)) return '"signals" is not a list';
  if (Number.isNaN(Date.parse(s.receivedAt as string))) return '"receivedAt" is not a date';
  return undefined;
}

/** The verdict entry in the history repeats the record's signals; on disk it says so instead (`signals: 0`). */
export function compact(record: StoredSubmission): unknown {
  const same = (signals: Signal[]) => signals === record.signals || JSON.stringify(signals) === JSON.stringify(record.signals);
  if (!record.history.some((h) => h.type === 'verdict' && same(h.signals))) return record;
  return { ...record, history: record.history.map((h) => (h.type === 'verdict' && same(h.signals) ? { ...h, signals: 0 } : h)) };
}

/** The record as it was before compact(); the verdict entry shares the record's signals array. */
export function expand(record: StoredSubmission): StoredSubmission {
  for (const h of record.history) if (h.type === 'verdict' && (h.signals as unknown) === 0) h.signals = record.signals;
  return record;
}
