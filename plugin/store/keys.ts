/**
 * The keys every store indexes and compares by: the sender keys of plugin/sender.ts (the one e-mail,
 * IP and URL-host rule) plus the post and the day, so memory, lowdb and PostgreSQL agree
 * (test/store-contract.test.ts checks they do).
 */
import { senderKeys, type SenderKeys } from '../sender.js';
import type { StoredSubmission } from '../types.js';

export { emailKey, hostKey, ipKey } from '../sender.js';

export interface SubmissionKeys extends SenderKeys {
  postId: string;
}

export function keysOf(s: Pick<StoredSubmission, 'author' | 'ip' | 'mention' | 'postId'>): SubmissionKeys {
  return { ...senderKeys(s), postId: s.postId ?? '' };
}

/** The UTC day (YYYY-MM-DD) of an ISO time. */
export const dayOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);
