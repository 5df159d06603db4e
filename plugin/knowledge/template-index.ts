/**
 * Finds near-duplicate messages from different senders (templated pitches with the names swapped) and
 * keeps the campaigns they form. Candidates come from a MinHash/LSH index over masked text, so a lookup
 * never scans every stored message; each candidate is verified with the similarity metric.
 */
import { checkOptions } from '../errors.js';
import type {
  Decision, LearningComponent, StoredSubmission, Submission, TemplateCluster, TemplateIndexView, TemplateLookup, TemplateMatch,
} from '../types.js';
import { maskPersonalisation } from './masking.js';
import { countWords } from '../text/scan.js';
import { createLshIndex, DEFAULT_LSH, textShingles } from './minhash.js';
import { comparedLength, diceSimilarity, diceUpperBound, type SimilarityMetric } from './similarity-metric.js';
import { senderId as senderKey } from '../sender.js';
import { DECISION_TABLE } from '../decisions.js';

export interface TemplateIndexOptions {
  /** The owner's names as readers address them; masked before comparing. Defaults to []. */
  ownerNames?: string[];
  /** Similarity (0..1) at or above which two masked texts are near-duplicates. Defaults to 0.7. */
  threshold?: number;
  /** Texts with fewer words never match (too generic: "great post!"). Defaults to 8. */
  minWords?: number;
  /** Candidates verified with the metric per lookup, at most. Defaults to 12. */
  maxCandidates?: number;
  /** Masked text kept per submission, in characters (what is compared and persisted). Defaults to 1000. */
  maxChars?: number;
  /** LSH bands. Defaults to 32. */
  bands?: number;
  /** MinHash rows per band. Defaults to 1. */
  rows?: number;
  /** Documents kept per LSH bucket (most recent). Defaults to 96. */
  maxBucket?: number;
  /** Hash seed. Defaults to 0x5eed. */
  seed?: number;
  /** The title of a post, masked as personalisation. Defaults to no titles. */
  postTitle?: (postId: string) => string | undefined;
  /** The text similarity metric. Defaults to Dice over character bigrams (similarity-metric.ts). */
  metric?: SimilarityMetric;
  /**
   * Saved state keeps the texts of this many most recent submissions outside campaigns (after a restart,
   * older lone messages are no longer matched). Campaigns are always kept. Defaults to 5000.
   */
  persistRecent?: number;
  /** Saved state keeps the texts of this many most recent members per campaign. Defaults to 3. */
  persistPerCluster?: number;
}

export type ClusterDecision = NonNullable<TemplateCluster['decision']>;

export interface TemplateIndex extends TemplateIndexView, LearningComponent {
  readonly name: 'templates';
  takeRows(all?: boolean): Record<string, unknown>;
  loadRows(rows: Record<string, unknown>): void;
  forget(id: string): void;
  /**
   * Remove text that `matches` (a privacy erasure): campaign samples and representatives are replaced by a
   * remaining member's masked text, or emptied. Returns how many campaigns were changed.
   */
  scrub(matches: (text: string) => boolean): number;
  /** Set (or clear) a campaign's decision; returns the member ids, for acting on the whole campaign. */
  setClusterDecision(clusterId: string, decision: ClusterDecision | undefined): string[];
  /** The cluster a stored submission belongs to, if any. */
  clusterIdOf(id: string): string | undefined;
  /** Number of indexed submissions. */
  size(): number;
  /** Whether the index holds this submission's text or campaign membership. */
  isIndexed(id: string): boolean;
  /** How many of these submissions are indexed (the store's index is asked when the index lives there). */
  countIndexed(ids: string[]): Promise<number>;
  /** Fetch what lookup() needs and memory does not hold (the store's band rows); nothing for the in-memory index. */
  gather(submission: Submission): Promise<void>;
  /** Resolves once the store writes that observe(), learn() and the like started are done (those for `id`, if given). */
  settle(id?: string): Promise<void>;
  /** True when the index lives in the store, shared by every instance (TemplateBandStore). */
  readonly shared: boolean;
  /**
   * Before a judged submission is added: hand its entry to the store, to be written in the submission's own statement
   * (a store that offers it). Returns the campaign it will belong to, so the submission is stored with its id.
   */
  stage(stored: StoredSubmission): string | undefined;
}

interface Entry {
  id: string;
  sender: number;
  at: number;
  masked: string;
  length: number;
}

interface Member {
  cluster: string;
  sender: number;
  at: number;
}

interface Prepared {
  id: string;
  text: string;
  masked: string;
  length: number;
  keys: number[];
  words: number;
  /** What lookup() found, reused by observe() while the index is unchanged. */
  found?: { version: number; matches: Found[] };
}

type Found = { entry: Entry; similarity: number };

/**
 * Bounded whatever the number of submissions: the texts of recent lone submissions and of a few members
 * per campaign, and every campaign's members as [id, sender, receivedAt ms] (sender indexes `senders`).
 */
export interface PersistedState {
  v: 3;
  senders: string[];
  /** [id, sender, receivedAt ms, masked text] */
  entries: [string, number, number, string][];
  clusters: {
    id: string; representative: string; sample: string; decision?: ClusterDecision;
    members: [string, number, number][];
  }[];
}

const SAMPLE_CHARS = 600;

/**
 * The same bounded state as PersistedState, as rows of a named map (saved with store.setStateEntries), so a
 * save writes only what changed since the last one:
 * - `e:<id>` → [sender key, receivedAt ms, masked text]: a kept text (recent lone messages, newest members of a campaign);
 * - `m:<id>` → [campaign id, sender key, receivedAt ms]: a campaign member;
 * - `c:<campaign id>` → [representative, sample, decision or null].
 */
type TextRow = [sender: string, at: number, masked: string];
type MemberRow = [cluster: string, sender: string, at: number];
type ClusterRow = [representative: string, sample: string, decision: ClusterDecision | null];


export function decisionFor(decision: Decision): ClusterDecision | undefined {
  const learn = DECISION_TABLE[decision]?.learn;
  return learn === 'wanted' ? 'approve' : learn;
}

export function plainSample(content: string): string {
  const plain = content.replace(/<[^<>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return plain.length > SAMPLE_CHARS ? `${plain.slice(0, SAMPLE_CHARS - 1)}…` : plain;
}

export type TemplateConfig = Required<Omit<TemplateIndexOptions, 'postTitle' | 'metric'>> & Pick<TemplateIndexOptions, 'postTitle' | 'metric'>;

/** The text templates are compared on: the submission with its personalisation masked, cut to `maxChars`. */
export function templateText(submission: Submission, config: Pick<TemplateConfig, 'ownerNames' | 'postTitle' | 'maxChars'>): string {
  return maskPersonalisation(submission.text, {
    ownerNames: config.ownerNames,
    postTitle: submission.postId ? config.postTitle?.(submission.postId) : undefined,
    author: submission.author,
    original: submission.content,
  }).slice(0, config.maxChars);
}

export function templateConfig(options: TemplateIndexOptions): TemplateConfig {
  return checkOptions<TemplateConfig>(
    'templates',
    options,
    {
      ownerNames: [], threshold: 0.7, minWords: 8, maxCandidates: 12, maxChars: 1000, persistRecent: 5000, persistPerCluster: 3,
      bands: DEFAULT_LSH.bands, rows: DEFAULT_LSH.rows, maxBucket: DEFAULT_LSH.maxBucket, seed: DEFAULT_LSH.seed,
      postTitle: undefined, metric: undefined,
    },
    {
      ownerNames: 'string[]',
      threshold: { kind: 'number', min: 0, max: 1 },
      minWords: { kind: 'number', min: 1 },
      maxCandidates: { kind: 'number', min: 1, max: 1000 },
      maxChars: { kind: 'number', min: 100 },
      bands: { kind: 'number', min: 1, max: 256 },
      rows: { kind: 'number', min: 1, max: 16 },
      maxBucket: { kind: 'number', min: 2 },
      seed: { kind: 'number' },
      postTitle: 'function',
      metric: 'function',
      persistRecent: { kind: 'number', min: 0 },
      persistPerCluster: { kind: 'number', min: 1 },
    },
  );
}

export function createTemplateIndex(options: TemplateIndexOptions = {}): TemplateIndex {
  const config = templateConfig(options);
  const metric = config.metric ?? diceSimilarity;
  const lengthBound = config.metric ? () => 1 : diceUpperBound;
  let version = 0;
  const lsh = createLshIndex({ ...DEFAULT_LSH, bands: config.bands, rows: config.rows, maxBucket: config.maxBucket, seed: config.seed });

  let entries: (Entry | undefined)[] = [];
  const slotOf = new Map<string, number>();
  let senders: string[] = [];
  let senderIds = new Map<string, number>();
  const clusters = new Map<string, TemplateCluster>();
  const members = new Map<string, Member>();
  const recent: Prepared[] = [];
  /** Rows changed since the last takeRows(), and the rows saved so far (so a vanished row is deleted once). */
  const dirty = new Set<string>();
  const onDisk = new Set<string>();
  /** Lone entries whose text is kept, oldest first (at most persistRecent). */
  const lone = new Set<string>();
  /** Per campaign: members whose text is kept, newest first (at most persistPerCluster). */
  const kept = new Map<string, Entry[]>();

  function keepLone(id: string): void {
    lone.add(id);
    dirty.add(`e:${id}`);
    for (const oldest of lone) {
      if (lone.size <= config.persistRecent) break;
      lone.delete(oldest);
      dirty.add(`e:${oldest}`);
    }
  }

  /** Recount which members of a campaign keep their text (after one joined or left). */
  function keepNewest(clusterId: string, joined?: Entry): void {
    const before = kept.get(clusterId) ?? [];
    let next: Entry[];
    if (joined && before.length < config.persistPerCluster) next = [...before, joined];
    else if (joined) next = before.some((e) => e.at < joined.at) ? [...before, joined] : before;
    else {
      next = (clusters.get(clusterId)?.members ?? []).map((id) => entries[slotOf.get(id) ?? -1]).filter((e): e is Entry => e !== undefined);
    }
    next = next.sort((a, b) => b.at - a.at).slice(0, config.persistPerCluster);
    if (next.length) kept.set(clusterId, next);
    else kept.delete(clusterId);
    for (const e of before) if (!next.includes(e)) dirty.add(`e:${e.id}`);
    for (const e of next) if (!before.includes(e)) dirty.add(`e:${e.id}`);
  }

  function rowOf(field: string): unknown {
    const id = field.slice(2);
    if (field.startsWith('e:')) {
      const entry = entries[slotOf.get(id) ?? -1];
      if (!entry) return undefined;
      const keep = lone.has(id) || (kept.get(members.get(id)?.cluster ?? '') ?? []).includes(entry);
      return keep ? ([senders[entry.sender]!, entry.at, entry.masked] satisfies TextRow) : undefined;
    }
    if (field.startsWith('m:')) {
      const m = members.get(id);
      return m && ([m.cluster, senders[m.sender]!, m.at] satisfies MemberRow);
    }
    const c = clusters.get(id);
    return c && ([c.representative, c.sample, c.decision ?? null] satisfies ClusterRow);
  }

  /** Every row the state has now. */
  function allFields(): string[] {
    const fields: string[] = [];
    for (const id of lone) fields.push(`e:${id}`);
    for (const list of kept.values()) for (const e of list) fields.push(`e:${e.id}`);
    for (const id of members.keys()) fields.push(`m:${id}`);
    for (const id of clusters.keys()) fields.push(`c:${id}`);
    return fields;
  }

  /**
   * Campaigns first, then memberships, then texts: saved in that order (in chunks), a save cut short leaves
   * no text whose membership is missing; the texts not saved are observed again at start-up.
   */
  function takeRows(all = false): Record<string, unknown> {
    const fields = [...(all ? new Set([...allFields(), ...onDisk]) : dirty)];
    const rank = (field: string) => (field.startsWith('c:') ? 0 : field.startsWith('m:') ? 1 : 2);
    fields.sort((a, b) => rank(a) - rank(b));
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      const row = rowOf(field);
      if (row !== undefined) {
        out[field] = row;
        onDisk.add(field);
      } else if (onDisk.delete(field)) out[field] = undefined;
    }
    dirty.clear();
    return out;
  }

  /** What kept texts and member lists the loaded state implies (after load() or loadRows()). */
  function rebuildKept(): void {
    lone.clear();
    kept.clear();
    for (const entry of entries) {
      if (!entry) continue;
      if (members.has(entry.id)) keepNewest(members.get(entry.id)!.cluster, entry);
      else keepLone(entry.id);
    }
  }

  function senderId(key: string): number {
    let id = senderIds.get(key);
    if (id === undefined) {
      id = senders.length;
      senders.push(key);
      senderIds.set(key, id);
    }
    return id;
  }

  function sketch(masked: string): { keys: number[] } {
    const { hashes, count } = textShingles(masked, DEFAULT_LSH.maxShingles);
    return { keys: lsh.keys(hashes, count) };
  }

  function prepare(submission: Submission): Prepared {
    const cached = recent.find((p) => p.id === submission.id && p.text === submission.text);
    if (cached) return cached;
    const wordCount = countWords(submission.text);
    const masked = templateText(submission, config);
    const { keys } = wordCount >= config.minWords ? sketch(masked) : { keys: [] };
    const prepared: Prepared = { id: submission.id, text: submission.text, masked, length: comparedLength(masked), keys, words: wordCount };
    recent.unshift(prepared);
    if (recent.length > 4) recent.pop();
    return prepared;
  }

  const clusterOf = (id: string) => members.get(id)?.cluster;

  /** Verified near-duplicates among indexed entries accepted by `accept`, most similar first. */
  function findMatches(prepared: Prepared, accept: (entry: Entry) => boolean): { matches: Found[]; candidates: number } {
    if (prepared.words < config.minWords || prepared.keys.length === 0) return { matches: [], candidates: 0 };
    const { slots, proposed } = lsh.query(prepared.keys, (slot) => {
      const entry = entries[slot];
      return entry !== undefined && entry.id !== prepared.id && accept(entry);
    }, config.maxCandidates);
    const matches: Found[] = [];
    for (const slot of slots) {
      const entry = entries[slot]!;
      if (lengthBound(prepared.length, entry.length) < config.threshold) continue;
      const score = metric(prepared.masked, entry.masked);
      if (score >= config.threshold) matches.push({ entry, similarity: score });
    }
    matches.sort((a, b) => b.similarity - a.similarity || b.entry.at - a.entry.at);
    return { matches, candidates: proposed };
  }

  function refreshCluster(cluster: TemplateCluster): void {
    const infos = cluster.members.map((id) => members.get(id)!);
    cluster.senders = [...new Set(infos.map((m) => senders[m.sender]!))];
    const times = infos.map((m) => m.at);
    if (times.length > 0) {
      cluster.firstSeen = new Date(Math.min(...times)).toISOString();
      cluster.lastSeen = new Date(Math.max(...times)).toISOString();
    }
  }

  function join(cluster: TemplateCluster, entry: Entry): void {
    if (members.has(entry.id)) return;
    members.set(entry.id, { cluster: cluster.id, sender: entry.sender, at: entry.at });
    dirty.add(`m:${entry.id}`);
    if (lone.delete(entry.id)) dirty.add(`e:${entry.id}`);
    if (slotOf.has(entry.id)) keepNewest(cluster.id, entry);
    cluster.members.push(entry.id);
    const sender = senders[entry.sender]!;
    if (!cluster.senders.includes(sender)) cluster.senders.push(sender);
    const at = new Date(entry.at).toISOString();
    if (at < cluster.firstSeen) cluster.firstSeen = at;
    if (at > cluster.lastSeen) cluster.lastSeen = at;
  }

  function newCluster(first: Entry, sample: string): TemplateCluster {
    const at = new Date(first.at).toISOString();
    const cluster: TemplateCluster = {
      id: `tpl-${first.id}`, representative: first.masked, sample, members: [], senders: [], firstSeen: at, lastSeen: at,
    };
    clusters.set(cluster.id, cluster);
    dirty.add(`c:${cluster.id}`);
    join(cluster, first);
    return cluster;
  }

  function addEntry(id: string, sender: number, at: number, masked: string, keys = sketch(masked).keys): Entry {
    const entry: Entry = { id, sender, at, masked, length: comparedLength(masked) };
    slotOf.set(id, entries.length);
    lsh.add(entries.length, keys);
    entries.push(entry);
    return entry;
  }

  function observe(stored: StoredSubmission): void {
    if (slotOf.has(stored.id)) return;
    const prepared = prepare(stored);
    if (prepared.words < config.minWords || prepared.keys.length === 0) return;
    const matches = prepared.found?.version === version ? prepared.found.matches : findMatches(prepared, () => true).matches;
    version++;
    const entry = addEntry(stored.id, senderId(senderKey(stored)), Date.parse(stored.receivedAt) || 0, prepared.masked, prepared.keys);

    const clustered = matches.find((m) => clusters.has(clusterOf(m.entry.id) ?? ''));
    let cluster = clustered ? clusters.get(clusterOf(clustered.entry.id)!) : undefined;
    if (!cluster) {
      if (!matches.some((m) => m.entry.sender !== entry.sender)) return keepLone(entry.id);
      const oldest = matches.reduce((a, b) => (b.entry.at < a.entry.at ? b : a)).entry;
      cluster = newCluster(oldest, plainSample(stored.content));
    }
    for (const match of matches) join(cluster, match.entry);
    join(cluster, entry);
  }

  function lookup(submission: Submission): TemplateLookup {
    const ownId = senderIds.get(senderKey(submission));
    const prepared = prepare(submission);
    const { matches, candidates } = findMatches(prepared, (entry) => entry.sender !== ownId);
    prepared.found = { version, matches };
    const out: TemplateMatch[] = matches.map(({ entry, similarity }) => {
      const clusterId = clusterOf(entry.id);
      return {
        submissionId: entry.id,
        sender: senders[entry.sender]!,
        similarity: Math.round(similarity * 1000) / 1000,
        receivedAt: new Date(entry.at).toISOString(),
        ...(clusterId ? { clusterId } : {}),
      };
    });
    const clusterId = out.find((m) => m.clusterId && clusters.has(m.clusterId))?.clusterId;
    return { matches: out, candidates, ...(clusterId ? { cluster: clusters.get(clusterId)! } : {}) };
  }

  function learn(stored: StoredSubmission, decision: Decision): string[] {
    const mapped = decisionFor(decision);
    if (!mapped) return [];
    let cluster = clusters.get(clusterOf(stored.id) ?? '');
    if (!cluster) {
      const entry = entries[slotOf.get(stored.id) ?? -1];
      if (!entry) return [];
      cluster = newCluster(entry, plainSample(stored.content));
    }
    cluster.decision = mapped;
    dirty.add(`c:${cluster.id}`);
    return mapped === 'approve' ? [] : cluster.members.filter((id) => id !== stored.id);
  }

  function setClusterDecision(clusterId: string, decision: ClusterDecision | undefined): string[] {
    const cluster = clusters.get(clusterId);
    if (!cluster) return [];
    if (decision) cluster.decision = decision;
    else delete cluster.decision;
    dirty.add(`c:${clusterId}`);
    return [...cluster.members];
  }

  function forget(id: string): void {
    dirty.add(`e:${id}`);
    dirty.add(`m:${id}`);
    lone.delete(id);
    const slot = slotOf.get(id);
    if (slot !== undefined) {
      version++;
      lsh.remove(slot, sketch(entries[slot]!.masked).keys);
      entries[slot] = undefined;
      slotOf.delete(id);
    }
    const cluster = clusters.get(clusterOf(id) ?? '');
    members.delete(id);
    if (!cluster) return;
    cluster.members = cluster.members.filter((m) => m !== id);
    dirty.add(`c:${cluster.id}`);
    if (cluster.members.length === 0) clusters.delete(cluster.id);
    else refreshCluster(cluster);
    keepNewest(cluster.id);
  }

  function scrub(matches: (text: string) => boolean): number {
    let changed = 0;
    for (const cluster of clusters.values()) {
      if (!matches(cluster.sample) && !matches(cluster.representative)) continue;
      const other = cluster.members.map((m) => entries[slotOf.get(m) ?? -1]).find((e) => e !== undefined && !matches(e.masked));
      cluster.representative = other?.masked ?? '';
      cluster.sample = other?.masked ?? '';
      dirty.add(`c:${cluster.id}`);
      changed++;
    }
    recent.length = 0;
    return changed;
  }

  function toJSON(): PersistedState {
    const table = new Map<number, number>();
    const out: PersistedState = { v: 3, senders: [], entries: [], clusters: [] };
    const sender = (i: number) => {
      let j = table.get(i);
      if (j === undefined) {
        j = out.senders.length;
        out.senders.push(senders[i]!);
        table.set(i, j);
      }
      return j;
    };
    const kept = new Set<number>();
    const keep = (entry: Entry | undefined) => {
      if (entry) kept.add(slotOf.get(entry.id)!);
    };
    for (const c of clusters.values()) {
      const withText = c.members.map((id) => entries[slotOf.get(id) ?? -1]).filter((e): e is Entry => e !== undefined);
      withText.sort((a, b) => b.at - a.at).slice(0, config.persistPerCluster).forEach(keep);
      out.clusters.push({
        id: c.id, representative: c.representative, sample: c.sample, ...(c.decision ? { decision: c.decision } : {}),
        members: c.members.map((id) => {
          const m = members.get(id)!;
          return [id, sender(m.sender), m.at];
        }),
      });
    }
    let lone = 0;
    for (let i = entries.length - 1; i >= 0 && lone < config.persistRecent; i--) {
      const entry = entries[i];
      if (!entry || members.has(entry.id)) continue;
      keep(entry);
      lone++;
    }
    for (const slot of [...kept].sort((a, b) => a - b)) {
      const entry = entries[slot]!;
      out.entries.push([entry.id, sender(entry.sender), entry.at, entry.masked]);
    }
    return out;
  }

  function load(state: unknown): void {
    version++;
    entries = [];
    slotOf.clear();
    clusters.clear();
    members.clear();
    recent.length = 0;
    senders = [];
    senderIds = new Map();
    lone.clear();
    kept.clear();
    dirty.clear();
    onDisk.clear();
    const saved = state as Partial<PersistedState> | undefined;
    if (!saved || saved.v !== 3 || !Array.isArray(saved.entries) || !Array.isArray(saved.senders)) return;
    senders = [...saved.senders];
    senderIds = new Map(senders.map((key, i) => [key, i]));
    for (const [id, sender, at, masked] of saved.entries) addEntry(id, sender, at, masked);
    for (const c of saved.clusters ?? []) {
      if (c.members.length === 0) continue;
      const cluster: TemplateCluster = {
        id: c.id, representative: c.representative, sample: c.sample, members: c.members.map(([id]) => id), senders: [], firstSeen: '', lastSeen: '',
        ...(c.decision ? { decision: c.decision } : {}),
      };
      for (const [id, sender, at] of c.members) members.set(id, { cluster: c.id, sender, at });
      refreshCluster(cluster);
      clusters.set(c.id, cluster);
    }
    rebuildKept();
  }

  function loadRows(rows: Record<string, unknown>): void {
    load(undefined);
    const texts: [string, TextRow][] = [];
    const byCluster = new Map<string, [string, MemberRow][]>();
    for (const [field, row] of Object.entries(rows)) {
      if (!Array.isArray(row)) continue;
      const id = field.slice(2);
      if (field.startsWith('e:') && row.length === 3) texts.push([id, row as TextRow]);
      else if (field.startsWith('m:') && row.length === 3) {
        const list = byCluster.get(String(row[0])) ?? [];
        list.push([id, row as MemberRow]);
        byCluster.set(String(row[0]), list);
      } else if (field.startsWith('c:') && row.length === 3) {
        const [representative, sample, decision] = row as ClusterRow;
        clusters.set(id, {
          id, representative: String(representative), sample: String(sample), members: [], senders: [], firstSeen: '', lastSeen: '',
          ...(decision ? { decision } : {}),
        });
      } else continue;
      onDisk.add(field);
    }
    texts.sort(([a, x], [b, y]) => x[1] - y[1] || (a < b ? -1 : 1));
    for (const [id, [sender, at, masked]] of texts) addEntry(id, senderId(String(sender)), Number(at), String(masked));
    for (const [clusterId, list] of byCluster) {
      const cluster = clusters.get(clusterId);
      // A member row whose campaign row is gone (not saved): the row is deleted at the next save.
      if (!cluster) {
        for (const [id] of list) dirty.add(`m:${id}`);
        continue;
      }
      list.sort(([a, x], [b, y]) => x[2] - y[2] || (a < b ? -1 : 1));
      for (const [id, [, sender, at]] of list) {
        members.set(id, { cluster: clusterId, sender: senderId(String(sender)), at: Number(at) });
        cluster.members.push(id);
      }
    }
    for (const cluster of clusters.values()) {
      if (cluster.members.length === 0) {
        clusters.delete(cluster.id);
        dirty.add(`c:${cluster.id}`);
      } else refreshCluster(cluster);
    }
    rebuildKept();
    // rebuildKept() marks every kept text changed; what was loaded is saved already. Texts it no longer keeps stay marked.
    for (const field of [...dirty]) if (field.startsWith('e:') && onDisk.has(field) && rowOf(field) !== undefined) dirty.delete(field);
  }

  return {
    name: 'templates',
    observe,
    lookup,
    learn,
    forget,
    scrub,
    toJSON,
    load,
    takeRows,
    loadRows,
    setClusterDecision,
    getCluster: (id) => clusters.get(id),
    clusters: () => [...clusters.values()].filter((c) => c.senders.length >= 2),
    clusterIdOf: clusterOf,
    size: () => slotOf.size,
    isIndexed: (id) => slotOf.has(id) || members.has(id),
    countIndexed: async (ids) => ids.filter((id) => slotOf.has(id) || members.has(id)).length,
    gather: async () => {},
    stage: () => undefined,
    settle: async () => {},
    shared: false,
  };
}
