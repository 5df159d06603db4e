/**
 * The in-memory heart of both built-in stores: submissions by id with indexes by receipt, email,
 * IP, URL host and post, and running status counts per sender, so reputation and queries never
 * scan everything.
 */
import { emailKey, hostKey, ipKey, senderKeys } from '../sender.js';
import {
  type DayCount, type FilterCount, type HistoryEntry, type OldItemsQuery, type RecentSubmission, type QueryResult, type Status,
  type StatusCounts, type StoredSubmission, type SubmissionQuery,
} from '../types.js';
import { dayOf } from './keys.js';

/** All statuses at 0 (a literal: made once per sender key, 200,000 times when 100k submissions are read at start). */
export function emptyCounts(): StatusCounts {
  return { approved: 0, pending: 0, pitch: 0, spam: 0, discard: 0, trash: 0 };
}

type IndexName = 'email' | 'ip' | 'urlHost' | 'postId';

/** The ids under one index key: most senders send once, so a lone id is kept as itself, not as a Set. */
type Ids = string | Set<string>;

const idsOf = (ids: Ids | undefined): Iterable<string> => (ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids);

const idCount = (ids: Ids | undefined) => (ids === undefined ? 0 : typeof ids === 'string' ? 1 : ids.size);

/** The index keys: the sender keys (plugin/sender.ts) and the post. */
function keysOf(s: StoredSubmission): Record<IndexName, string> {
  return { ...senderKeys(s), postId: s.postId ?? '' };
}

export class IndexedCollection {
  private readonly byId = new Map<string, StoredSubmission>();
  private readonly byReceipt = new Map<string, string>();
  private readonly indexes: Record<IndexName, Map<string, Ids>> = {
    email: new Map(), ip: new Map(), urlHost: new Map(), postId: new Map(),
  };
  private readonly counts: Record<'email' | 'ip' | 'urlHost', Map<string, StatusCounts>> = {
    email: new Map(), ip: new Map(), urlHost: new Map(),
  };
  private readonly statusTotals = emptyCounts();

  get size(): number {
    return this.byId.size;
  }

  values(): IterableIterator<StoredSubmission> {
    return this.byId.values();
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): StoredSubmission | undefined {
    const found = this.byId.get(id);
    return found && structuredClone(found);
  }

  getByReceipt(receipt: string): StoredSubmission | undefined {
    const id = this.byReceipt.get(receipt);
    return id === undefined ? undefined : this.get(id);
  }

  /** The stored record itself, not a copy: for the stores' own bookkeeping only. */
  peek(id: string): StoredSubmission | undefined {
    return this.byId.get(id);
  }

  add(submission: StoredSubmission): void {
    this.adopt(structuredClone(submission));
  }

  /** Add a record nobody else holds (freshly parsed), without copying it. */
  adopt(record: StoredSubmission): void {
    this.byId.set(record.id, record);
    this.byReceipt.set(record.receipt, record.id);
    this.index(record, +1);
  }

  /** Put back a record as it was (undo of a failed write). */
  restore(record: StoredSubmission): void {
    if (this.byId.has(record.id)) this.remove([record.id]);
    this.adopt(record);
  }

  update(id: string, patch: Partial<StoredSubmission>, history: HistoryEntry[] = [], copy = true): StoredSubmission | undefined {
    const current = this.byId.get(id);
    if (!current) return undefined;
    this.index(current, -1);
    const next: StoredSubmission = { ...current, ...structuredClone(patch), id, history: [...current.history, ...structuredClone(history)] };
    this.byId.set(id, next);
    if (next.receipt !== current.receipt) {
      this.byReceipt.delete(current.receipt);
      this.byReceipt.set(next.receipt, id);
    }
    this.index(next, +1);
    return copy ? structuredClone(next) : undefined;
  }

  remove(ids: string[]): number {
    let removed = 0;
    for (const id of ids) {
      const current = this.byId.get(id);
      if (!current) continue;
      this.index(current, -1);
      this.byId.delete(id);
      this.byReceipt.delete(current.receipt);
      removed++;
    }
    return removed;
  }

  countByStatus(): StatusCounts {
    return { ...this.statusTotals };
  }

  senderCounts(key: { email?: string; ip?: string; urlHost?: string }) {
    const pick = (name: 'email' | 'ip' | 'urlHost', value: string) =>
      ({ ...(value ? this.counts[name].get(value) ?? emptyCounts() : emptyCounts()) });
    return { byEmail: pick('email', emailKey(key.email)), byIp: pick('ip', ipKey(key.ip)), byUrlHost: pick('urlHost', hostKey(key.urlHost)) };
  }

  recentFrom(key: { email?: string; ip?: string }, since: string, limit: number): RecentSubmission[] {
    const ids = new Set<string>();
    if (key.email) for (const id of idsOf(this.indexes.email.get(emailKey(key.email)))) ids.add(id);
    if (key.ip) for (const id of idsOf(this.indexes.ip.get(ipKey(key.ip)))) ids.add(id);
    const found: RecentSubmission[] = [];
    for (const id of ids) {
      const s = this.byId.get(id)!;
      if (s.receivedAt >= since) {
        found.push({ id: s.id, receivedAt: s.receivedAt, postId: s.postId, text: s.text, author: { ...s.author }, ip: s.ip, type: s.type });
      }
    }
    found.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
    return found.slice(0, Math.max(0, limit));
  }

  query(q: SubmissionQuery): QueryResult {
    const statuses = q.status === undefined ? undefined : new Set<Status>([q.status].flat());
    const types = q.type === undefined ? undefined : new Set([q.type].flat());
    const search = q.search?.trim().toLowerCase();
    const sender = { email: q.email === undefined ? undefined : emailKey(q.email), ip: q.ip === undefined ? undefined : ipKey(q.ip), urlHost: q.urlHost === undefined ? undefined : hostKey(q.urlHost) };
    let candidates: Iterable<StoredSubmission> = this.byId.values();
    const narrowest = this.narrowest({ ...q, ...sender });
    if (narrowest) candidates = narrowest.map((id) => this.byId.get(id)!).filter(Boolean);
    const items: StoredSubmission[] = [];
    for (const s of candidates) {
      if (statuses && !statuses.has(s.status)) continue;
      if (types && !types.has(s.type)) continue;
      if (q.postId !== undefined && s.postId !== q.postId) continue;
      if (sender.email !== undefined && emailKey(s.author.email) !== sender.email) continue;
      if (sender.ip !== undefined && ipKey(s.ip) !== sender.ip) continue;
      if (sender.urlHost !== undefined && hostKey(s.mention?.source || s.author.url) !== sender.urlHost) continue;
      if (q.clusterId !== undefined && s.clusterId !== q.clusterId) continue;
      if (q.channel !== undefined && s.channel !== q.channel) continue;
      if (q.filter !== undefined && !s.signals.some((signal) => signal.filter === q.filter && signal.score > 0)) continue;
      if (q.since !== undefined && s.receivedAt < q.since) continue;
      if (q.until !== undefined && s.receivedAt >= q.until) continue;
      if (search && !matches(s, search)) continue;
      items.push(s);
    }
    const newest = (q.order ?? 'newest') === 'newest';
    const direction = newest ? -1 : 1;
    items.sort((a, b) => direction * (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const offset = Math.max(0, q.offset ?? 0);
    const limit = q.limit === undefined ? items.length : Math.max(0, q.limit);
    return { items: items.slice(offset, offset + limit).map((s) => structuredClone(s)), total: items.length };
  }

  /** Submissions received in [since, until), oldest first (a scan: admin pages and retention, not per request). */
  private within(since: string, until: string): StoredSubmission[] {
    const out: StoredSubmission[] = [];
    for (const s of this.byId.values()) if (s.receivedAt >= since && s.receivedAt < until) out.push(s);
    return out;
  }

  countByDay(since: string, until: string): DayCount[] {
    const days = new Map<string, StatusCounts>();
    for (const s of this.within(since, until)) {
      const day = dayOf(s.receivedAt);
      const counts = days.get(day) ?? emptyCounts();
      counts[s.status]++;
      days.set(day, counts);
    }
    return [...days].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, counts]) => ({ day, counts }));
  }

  countByFilter(since: string, until: string): FilterCount[] {
    const table = new Map<string, FilterCount>();
    for (const s of this.within(since, until)) {
      const sums = new Map<string, number>();
      for (const signal of s.signals ?? []) sums.set(signal.filter, (sums.get(signal.filter) ?? 0) + signal.score);
      for (const [filter, score] of sums) {
        if (!score) continue;
        const row = table.get(filter) ?? { filter, unwanted: 0, genuine: 0 };
        if (score > 0) row.unwanted++;
        else row.genuine++;
        table.set(filter, row);
      }
    }
    return [...table.values()].sort((a, b) => (a.filter < b.filter ? -1 : a.filter > b.filter ? 1 : 0));
  }

  oldIds(q: OldItemsQuery): string[] {
    const statuses = q.status === undefined ? undefined : new Set<Status>([q.status].flat());
    const found: StoredSubmission[] = [];
    for (const s of this.byId.values()) {
      if (s.receivedAt >= q.until) continue;
      if (statuses && !statuses.has(s.status)) continue;
      if (q.ipNotAnonymised && (s.ipAnonymised || !s.ip)) continue;
      found.push(s);
    }
    found.sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : a.id < b.id ? -1 : 1));
    return found.slice(0, Math.max(0, q.limit)).map((s) => s.id);
  }

  /** The ids under the most selective index key the query names (sender keys already normalized), if it names one. */
  private narrowest(q: SubmissionQuery): string[] | undefined {
    const found: (Ids | undefined)[] = [];
    if (q.email !== undefined) found.push(this.indexes.email.get(q.email));
    if (q.ip !== undefined) found.push(this.indexes.ip.get(q.ip));
    if (q.urlHost !== undefined) found.push(this.indexes.urlHost.get(q.urlHost));
    if (q.postId !== undefined) found.push(this.indexes.postId.get(q.postId));
    if (found.length === 0) return undefined;
    // A key with no ids at all (undefined) is the narrowest: nothing matches. (Not sort(): it puts undefined last.)
    let smallest = found[0];
    for (const ids of found) if (idCount(ids) < idCount(smallest)) smallest = ids;
    return [...idsOf(smallest)];
  }

  private index(s: StoredSubmission, delta: 1 | -1): void {
    const keys = keysOf(s);
    for (const name of Object.keys(this.indexes) as IndexName[]) {
      const key = keys[name];
      if (!key && name !== 'postId') continue;
      const map = this.indexes[name];
      const ids = map.get(key);
      if (delta > 0) {
        if (ids === undefined) map.set(key, s.id);
        else if (typeof ids === 'string') {
          if (ids !== s.id) map.set(key, new Set([ids, s.id]));
        } else ids.add(s.id);
      } else if (ids === s.id) {
        map.delete(key);
      } else if (typeof ids !== 'string' && ids !== undefined) {
        ids.delete(s.id);
        if (ids.size === 1) map.set(key, ids.values().next().value as string);
      }
      if (name !== 'postId') {
        const countMap = this.counts[name];
        let counts = countMap.get(key);
        if (!counts) countMap.set(key, (counts = emptyCounts()));
        counts[s.status] += delta;
      }
    }
    this.statusTotals[s.status] += delta;
  }
}

function matches(s: StoredSubmission, needle: string): boolean {
  return [s.text, s.author.name, s.author.email, s.author.url, s.postId ?? '', s.ip, s.mention?.source ?? '', s.subject ?? '']
    .some((field) => field.toLowerCase().includes(needle));
}
