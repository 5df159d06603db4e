/** Retention: delete old spam, discarded and trashed submissions, anonymise old IP addresses. */
import type { RetentionReport } from './api.js';
import type { RetentionSettings, Store, StoredSubmission } from './types.js';

const DAY = 24 * 60 * 60 * 1000;

/** IPv4 to its /24 (last octet 0), IPv6 to its /48; anything else unchanged. */
export function anonymiseIp(ip: string): string {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/.exec(ip) ?? /^::ffff:(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/i.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0`;
  if (ip.includes(':')) {
    const [head = '', tail = ''] = ip.split('::');
    const left = head ? head.split(':') : [];
    const right = tail ? tail.split(':') : [];
    const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
    if (groups.length !== 8) return ip;
    return `${groups.slice(0, 3).map((g) => (parseInt(g, 16) || 0).toString(16)).join(':')}::`;
  }
  return ip;
}

const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * DAY).toISOString();

/** When a trashed submission went to the trash: its last status change to `trash` (else its last update). */
export function trashedAt(s: StoredSubmission): string {
  for (let i = s.history.length - 1; i >= 0; i--) {
    const entry = s.history[i]!;
    if (entry.type === 'status' && entry.to === 'trash') return entry.at;
  }
  return s.updatedAt;
}

/** At most this many submissions are deleted or anonymised per run (the next run goes on), so a run stays short. */
const BATCH = 5000;

/**
 * Finds what retention removes (the caller deletes `deletedIds` so learned state forgets them too) and
 * anonymises old IPs. The store picks the old items (an index range in PostgreSQL), never a read of
 * every record.
 */
export async function applyRetention(store: Store, retention: RetentionSettings, now: Date): Promise<RetentionReport & { deletedIds: string[] }> {
  const oldSpam = await store.oldIds({ status: 'spam', until: daysAgo(now, retention.spamDays), limit: BATCH });
  const oldDiscard = await store.oldIds({ status: 'discard', until: daysAgo(now, retention.discardDays), limit: BATCH });
  const trashBefore = daysAgo(now, retention.trashDays);
  // Trash ages from when it was trashed, which only the history says: candidates are trash received before the cut-off.
  const trashCandidates = await store.oldIds({ status: 'trash', until: trashBefore, limit: BATCH });
  const oldTrash: string[] = [];
  for (const id of trashCandidates) {
    const s = await store.get(id);
    if (s && trashedAt(s) < trashBefore) oldTrash.push(id);
  }
  const deletedIds = [...oldSpam, ...oldDiscard, ...oldTrash];

  const toAnonymise = await store.oldIds({ until: daysAgo(now, retention.ipDays), ipNotAnonymised: true, limit: BATCH });
  let anonymisedIps = 0;
  for (const id of toAnonymise) {
    const s = await store.get(id);
    if (!s || s.ipAnonymised || !s.ip) continue;
    await store.update(id, { ip: anonymiseIp(s.ip), ipAnonymised: true, updatedAt: now.toISOString() });
    anonymisedIps++;
  }
  return { deletedSpam: oldSpam.length, deletedDiscarded: oldDiscard.length, deletedTrash: oldTrash.length, anonymisedIps, deletedIds };
}

/** Runs retention every `intervalMs` (never when false) without keeping the process alive; returns the stop function. */
export function scheduleRetention(run: () => Promise<unknown>, intervalMs: number | false): () => void {
  if (intervalMs === false) return () => {};
  const timer = setInterval(() => {
    run().catch((error: unknown) => console.error('Doorkeep retention failed:', error));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
