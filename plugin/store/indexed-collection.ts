/**
 * The in-memory heart of both built-in stores: submissions by id with indexes by receipt, email,
 * IP, URL host and post, and running status counts per sender, so reputation and queries never
 * scan everything.
 */
import { hostOf } from '../normalize/links.js';
import { STATUSES, type HistoryEntry, type RecentSubmission, type QueryResult, type Status, type StatusCounts, type StoredSubmission, type SubmissionQuery } from '../types.js';

export function emptyCounts(): StatusCounts {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
}

type IndexName = 'email' | 'ip' | 'urlHost' | 'postId';

/** The ids under one index key: most senders send once, so a lone id is kept as itself, not as a Set. */
type Ids = string | Set<string>;

function* eachId(ids: Ids | undefined): Generator<string> {
  if (ids === undefined) return;
  if (typeof ids === 'string') yield ids;
  else yield* ids;
}

const idCount = (ids: Ids | undefined) => (ids === undefined ? 0 : typeof ids === 'string' ? 1 : ids.size);

function keysOf(row: Row): Record<IndexName, string> {
  return { email: row.author.email, ip: row.ip, urlHost: row.urlHost, postId: row.postId ?? '' };
}

/**
 * What the collection keeps per submission: the fields its indexes, queries and the flood check read,
 * and the whole submission as one JSON string. A stored submission is about a hundred small objects
 * (signals, their evidence, history); kept as a row it is about ten, which is what the garbage collector
 * has to walk at 100k stored. get() and query() parse the JSON, so callers always get their own copy.
 */
interface Row {
  id: string;
  status: Status;
  type: StoredSubmission['type'];
  postId: string | null;
  receivedAt: string;
  receipt: string;
  clusterId: string | undefined;
  text: string;
  author: StoredSubmission['author'];
  ip: string;
  urlHost: string;
  mentionSource: string;
  subject: string;
  json: string;
}

function toRow(s: StoredSubmission): Row {
  return {
    id: s.id, status: s.status, type: s.type, postId: s.postId, receivedAt: s.receivedAt, receipt: s.receipt, clusterId: s.clusterId,
    text: s.text, author: { name: s.author.name, email: s.author.email, url: s.author.url }, ip: s.ip,
    urlHost: hostOf(s.mention?.source || s.author.url), mentionSource: s.mention?.source ?? '', subject: s.subject ?? '',
    json: flattened(JSON.stringify(s)),
  };
}

/**
 * JSON.stringify returns a long string as a tree of pieces (V8 cons strings). Kept for long, one flat
 * string is smaller and fewer objects for the GC to walk; converting it to a number makes V8 flatten it.
 */
function flattened(text: string): string {
  Number(text);
  return text;
}

const fromRow = (row: Row): StoredSubmission => JSON.parse(row.json) as StoredSubmission;

/** A copy of plain data, as it will read back from the store (undefined fields dropped). */
const copy = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

export class IndexedCollection {
  private readonly byId = new Map<string, Row>();
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

  /** Every submission, each a fresh copy (for writing the whole collection to a file). */
  *values(): IterableIterator<StoredSubmission> {
    for (const row of this.byId.values()) yield fromRow(row);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): StoredSubmission | undefined {
    const found = this.byId.get(id);
    return found && fromRow(found);
  }

  getByReceipt(receipt: string): StoredSubmission | undefined {
    const id = this.byReceipt.get(receipt);
    return id === undefined ? undefined : this.get(id);
  }

  add(submission: StoredSubmission): void {
    const row = toRow(submission);
    this.byId.set(row.id, row);
    this.byReceipt.set(row.receipt, row.id);
    this.index(row, +1);
  }

  update(id: string, patch: Partial<StoredSubmission>, history: HistoryEntry[] = []): StoredSubmission | undefined {
    const current = this.byId.get(id);
    if (!current) return undefined;
    const before = fromRow(current);
    const next: StoredSubmission = { ...before, ...copy(patch), id, history: [...before.history, ...copy(history)] };
    const row = toRow(next);
    this.index(current, -1);
    this.byId.set(id, row);
    if (row.receipt !== current.receipt) {
      this.byReceipt.delete(current.receipt);
      this.byReceipt.set(row.receipt, id);
    }
    this.index(row, +1);
    return fromRow(row);
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
    const pick = (name: 'email' | 'ip' | 'urlHost', value?: string) =>
      ({ ...(value ? this.counts[name].get(value.toLowerCase()) ?? emptyCounts() : emptyCounts()) });
    return { byEmail: pick('email', key.email), byIp: pick('ip', key.ip), byUrlHost: pick('urlHost', key.urlHost) };
  }

  recentFrom(key: { email?: string; ip?: string }, since: string, limit: number): RecentSubmission[] {
    const ids = new Set<string>();
    if (key.email) for (const id of eachId(this.indexes.email.get(key.email.toLowerCase()))) ids.add(id);
    if (key.ip) for (const id of eachId(this.indexes.ip.get(key.ip))) ids.add(id);
    const found: RecentSubmission[] = [];
    for (const id of ids) {
      const row = this.byId.get(id)!;
      if (row.receivedAt >= since) {
        found.push({ id: row.id, receivedAt: row.receivedAt, postId: row.postId, text: row.text, author: { ...row.author }, ip: row.ip, type: row.type });
      }
    }
    found.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
    return found.slice(0, Math.max(0, limit));
  }

  query(q: SubmissionQuery): QueryResult {
    const statuses = q.status === undefined ? undefined : new Set<Status>([q.status].flat());
    const types = q.type === undefined ? undefined : new Set([q.type].flat());
    const search = q.search?.trim().toLowerCase();
    let candidates: Iterable<Row> = this.byId.values();
    const narrowest = this.narrowest(q);
    if (narrowest) candidates = narrowest.map((id) => this.byId.get(id)!).filter(Boolean);
    const items: Row[] = [];
    for (const s of candidates) {
      if (statuses && !statuses.has(s.status)) continue;
      if (types && !types.has(s.type)) continue;
      if (q.postId !== undefined && s.postId !== q.postId) continue;
      if (q.email !== undefined && s.author.email !== q.email.toLowerCase()) continue;
      if (q.ip !== undefined && s.ip !== q.ip) continue;
      if (q.urlHost !== undefined && s.urlHost !== q.urlHost.toLowerCase()) continue;
      if (q.clusterId !== undefined && s.clusterId !== q.clusterId) continue;
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
    return { items: items.slice(offset, offset + limit).map(fromRow), total: items.length };
  }

  /** The ids under the most selective index key the query names, if it names one. */
  private narrowest(q: SubmissionQuery): string[] | undefined {
    const found: (Ids | undefined)[] = [];
    if (q.email !== undefined) found.push(this.indexes.email.get(q.email.toLowerCase()));
    if (q.ip !== undefined) found.push(this.indexes.ip.get(q.ip));
    if (q.urlHost !== undefined) found.push(this.indexes.urlHost.get(q.urlHost.toLowerCase()));
    if (q.postId !== undefined) found.push(this.indexes.postId.get(q.postId));
    if (found.length === 0) return undefined;
    // A key with no ids at all (undefined) is the narrowest: nothing matches. (Not sort(): it puts undefined last.)
    let smallest = found[0];
    for (const ids of found) if (idCount(ids) < idCount(smallest)) smallest = ids;
    return smallest === undefined ? [] : typeof smallest === 'string' ? [smallest] : [...smallest];
  }

  private index(s: Row, delta: 1 | -1): void {
    const keys = keysOf(s);
    for (const name of Object.keys(this.indexes) as IndexName[]) {
      const key = name === 'email' || name === 'urlHost' ? keys[name].toLowerCase() : keys[name];
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
        const counts = countMap.get(key) ?? emptyCounts();
        counts[s.status] += delta;
        countMap.set(key, counts);
      }
    }
    this.statusTotals[s.status] += delta;
  }
}

function matches(s: Row, needle: string): boolean {
  return [s.text, s.author.name, s.author.email, s.author.url, s.postId ?? '', s.ip, s.mentionSource, s.subject]
    .some((field) => field.toLowerCase().includes(needle));
}
