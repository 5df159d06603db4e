/**
 * The derived keys every store indexes and compares by, in one place so memory, lowdb and PostgreSQL
 * agree (test/store-contract.test.ts checks they do).
 */
import { hostOf } from '../normalize/links.js';
import type { StoredSubmission } from '../types.js';

/** An e-mail address as a key: trimmed, lower-cased; '' when none. */
export const emailKey = (email: string | undefined): string => (email ?? '').trim().toLowerCase();

/** A host as a key (a query's `urlHost`): trimmed, lower-cased, without a leading `www.`. */
export const hostKey = (host: string | undefined): string => (host ?? '').trim().toLowerCase().replace(/^www\./, '');

/** The IP as a key: exactly as stored. */
export const ipKey = (ip: string | undefined): string => ip ?? '';

export interface SubmissionKeys {
  email: string;
  ip: string;
  /** Host of the mention's source, else of the author's URL. */
  urlHost: string;
  postId: string;
}

export function keysOf(s: Pick<StoredSubmission, 'author' | 'ip' | 'mention' | 'postId'>): SubmissionKeys {
  return {
    email: emailKey(s.author?.email),
    ip: ipKey(s.ip),
    urlHost: hostKey(hostOf(s.mention?.source || s.author?.url || '')),
    postId: s.postId ?? '',
  };
}

/** The UTC day (YYYY-MM-DD) of an ISO time. */
export const dayOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);
