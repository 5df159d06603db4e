/**
 * The template index kept in the store (TemplateBandStore: PostgreSQL's band rows), shared by every instance.
 * A lookup asks the store for the entries that share LSH bands with the submission (one statement, in the
 * pipeline's context step: gather()), then verifies them with the similarity metric here, as the in-memory
 * index does. Observing a stored submission writes its entry and band keys, and files it in its campaign;
 * campaigns are rows as well, and a change to one is announced, so every instance knows every campaign and no
 * instance observes the others' submissions. In memory: the campaigns (with their members' ids) and the few
 * submissions being judged, nothing per lone submission.
 */
import type {
  Decision, StoreChange, StoredCampaign, StoredSubmission, Submission, TemplateBandStore, TemplateCluster, TemplateEntryRow, TemplateLookup, TemplateMatch,
} from '../types.js';
import { countWords } from '../text/scan.js';
import { senderId as senderKey } from '../sender.js';
import { createLshIndex, DEFAULT_LSH, textShingles } from './minhash.js';
import { comparedLength, diceSimilarity, diceUpperBound } from './similarity-metric.js';
import {
  decisionFor, plainSample, templateConfig, templateText, type ClusterDecision, type PersistedState, type TemplateIndex, type TemplateIndexOptions,
} from './template-index.js';

export interface SharedTemplateIndex extends TemplateIndex {
  /** Read every campaign from the store (start-up). */
  open(): Promise<void>;
  /** Take over the state an in-memory index saved (a store used before it kept the index, or `doorkeep migrate`). */
  adopt(state: PersistedState): Promise<number>;
  /** Index stored submissions that have no entry yet (a start-up catching up after a crash or an import); no campaigns are made. */
  backfill(items: StoredSubmission[]): Promise<void>;
  /** Another instance changed a campaign. */
  apply(change: Extract<StoreChange, { kind: 'campaign' }>): void;
}

type Candidate = TemplateEntryRow & { length: number };

interface Prepared {
  id: string;
  text: string;
  sender: string;
  masked: string;
  length: number;
  keys: number[];
  words: number;
  candidates?: Candidate[];
  proposed?: number;
}

type Found = { entry: Candidate; similarity: number };

/** Submissions being judged whose prepared text and candidates are kept between gather(), lookup() and observe(). */
const IN_FLIGHT = 256;

export function createSharedTemplateIndex(bands: TemplateBandStore, options: TemplateIndexOptions = {}): SharedTemplateIndex {
  const config = templateConfig(options);
  const metric = config.metric ?? diceSimilarity;
  const lengthBound = config.metric ? () => 1 : diceUpperBound;
  const lsh = createLshIndex({ ...DEFAULT_LSH, bands: config.bands, rows: config.rows, maxBucket: config.maxBucket, seed: config.seed });

  const campaigns = new Map<string, TemplateCluster>();
  /** Campaign members: id → [campaign id, sender key, receivedAt ms]. */
  const memberOf = new Map<string, [string, string, number]>();
  const prepared = new Map<string, Prepared>();
  const pending = new Map<string, Promise<void>>();
  const report = (error: unknown) => console.error('Doorkeep could not update the shared template index:', error);

  /** Store work started by a synchronous method; settle() waits for it. A failure is logged (the method has returned). */
  function track(key: string, work: Promise<void>): void {
    const logged = work.catch(report);
    const previous = pending.get(key);
    const next = previous ? Promise.all([previous, logged]).then(() => {}) : logged;
    pending.set(key, next);
    void next.then(() => {
      if (pending.get(key) === next) pending.delete(key);
    });
  }

  function prepare(submission: Submission, keep = true): Prepared {
    const cached = prepared.get(submission.id);
    if (cached && cached.text === submission.text) return cached;
    const words = countWords(submission.text);
    const masked = templateText(submission, config);
    let keys: number[] = [];
    if (words >= config.minWords) {
      const { hashes, count } = textShingles(masked, DEFAULT_LSH.maxShingles);
      keys = lsh.keys(hashes, count);
    }
    const out: Prepared = { id: submission.id, text: submission.text, sender: senderKey(submission), masked, length: comparedLength(masked), keys, words };
    if (keep) {
      prepared.set(submission.id, out);
      for (const id of prepared.keys()) {
        if (prepared.size <= IN_FLIGHT) break;
        prepared.delete(id);
      }
    }
    return out;
  }

  function refresh(cluster: TemplateCluster): void {
    const infos = cluster.members.map((id) => memberOf.get(id)!).filter(Boolean);
    cluster.senders = [...new Set(infos.map((m) => m[1]))];
    const times = infos.map((m) => m[2]);
    if (times.length) {
      cluster.firstSeen = new Date(Math.min(...times)).toISOString();
      cluster.lastSeen = new Date(Math.max(...times)).toISOString();
    }
  }

  function drop(id: string): void {
    const cluster = campaigns.get(id);
    if (!cluster) return;
    for (const member of cluster.members) if (memberOf.get(member)?.[0] === id) memberOf.delete(member);
    campaigns.delete(id);
  }

  /** Hold a campaign as the store has it (replacing what was held). */
  function hold(stored: StoredCampaign): TemplateCluster {
    drop(stored.id);
    const cluster: TemplateCluster = {
      id: stored.id, representative: stored.representative, sample: stored.sample, members: [], senders: [], firstSeen: '', lastSeen: '',
      ...(stored.decision ? { decision: stored.decision } : {}),
    };
    campaigns.set(stored.id, cluster);
    join(cluster, stored.members);
    return cluster;
  }

  function join(cluster: TemplateCluster, joined: [string, string, number][]): void {
    for (const [id, sender, at] of joined) {
      if (memberOf.has(id)) continue;
      memberOf.set(id, [cluster.id, sender, at]);
      cluster.members.push(id);
      if (!cluster.senders.includes(sender)) cluster.senders.push(sender);
      const iso = new Date(at).toISOString();
      if (!cluster.firstSeen || iso < cluster.firstSeen) cluster.firstSeen = iso;
      if (iso > cluster.lastSeen) cluster.lastSeen = iso;
    }
  }

  async function reload(id: string): Promise<void> {
    const stored = await bands.campaign(id);
    if (stored && stored.members.length) hold(stored);
    else drop(id);
  }

  async function fetchCandidates(p: Prepared): Promise<void> {
    if (p.keys.length === 0) {
      p.candidates = [];
      p.proposed = 0;
      return;
    }
    // Twice the candidates verified: lookup() leaves out the sender's own messages after the store ranked them.
    const { entries, proposed } = await bands.templateCandidates(p.keys, p.id, config.maxBucket, config.maxCandidates * 2);
    p.candidates = entries.map((e) => ({ ...e, length: comparedLength(e.masked) }));
    p.proposed = proposed;
    // A campaign this instance has not heard of (an announcement missed): read it now.
    const unknown = new Set(p.candidates.map((c) => c.clusterId).filter((id): id is string => !!id && !campaigns.has(id)));
    await Promise.all([...unknown].map(reload));
  }

  const campaignOf = (entry: Candidate) => memberOf.get(entry.id)?.[0] ?? entry.clusterId ?? undefined;

  /** Verified near-duplicates among the candidates accepted by `accept` (at most maxCandidates checked), most similar first. */
  function verify(p: Prepared, accept: (entry: Candidate) => boolean): Found[] {
    if (p.words < config.minWords || !p.candidates) return [];
    const matches: Found[] = [];
    let checked = 0;
    for (const entry of p.candidates) {
      if (entry.id === p.id || !accept(entry)) continue;
      if (++checked > config.maxCandidates) break;
      if (lengthBound(p.length, entry.length) < config.threshold) continue;
      const score = metric(p.masked, entry.masked);
      if (score >= config.threshold) matches.push({ entry, similarity: score });
    }
    return matches.sort((a, b) => b.similarity - a.similarity || b.entry.at - a.entry.at);
  }

  type Campaign = Parameters<TemplateBandStore['addTemplateEntry']>[1];

  /** What indexing a stored submission writes: its entry, and the campaign it belongs to (with the matches to file). */
  function plan(stored: StoredSubmission, p: Prepared): { entry: Parameters<TemplateBandStore['addTemplateEntry']>[0]; campaign: Campaign } {
    const matches = verify(p, () => true);
    const entry = { id: stored.id, sender: p.sender, at: Date.parse(stored.receivedAt) || 0, masked: p.masked, bandKeys: p.keys };
    const clustered = matches.map((m) => campaignOf(m.entry)).find((id) => id !== undefined);
    let campaign: Campaign;
    if (clustered) campaign = { id: clustered, representative: '', sample: '', join: matches.map((m) => m.entry.id) };
    else if (matches.some((m) => m.entry.sender !== p.sender)) {
      const oldest = matches.reduce((a, b) => (b.entry.at < a.entry.at ? b : a)).entry;
      campaign = { id: `tpl-${oldest.id}`, representative: oldest.masked, sample: plainSample(stored.content), join: matches.map((m) => m.entry.id) };
    }
    return { entry, campaign };
  }

  /** Hold what the store says joined the campaign. */
  async function joined(campaign: Campaign, members: [string, string, number][]): Promise<void> {
    if (!campaign) return;
    const cluster = campaigns.get(campaign.id);
    if (cluster) join(cluster, members);
    else await reload(campaign.id);
  }

  async function index(stored: StoredSubmission, p: Prepared): Promise<void> {
    if (!p.candidates) await fetchCandidates(p);
    const { entry, campaign } = plan(stored, p);
    const members = await bands.addTemplateEntry(entry, campaign);
    prepared.delete(stored.id);
    await joined(campaign, members);
  }

  /** Entries handed to the store to be written with their submission (stage()), by submission id. */
  const staged = new Map<string, { campaign: Campaign; written: Promise<[string, string, number][] | undefined> }>();

  function save(id: string, change: Parameters<TemplateBandStore['saveCampaign']>[1]): void {
    track(`c:${id}`, bands.saveCampaign(id, change).then((stored) => {
      if (stored && stored.members.length) hold(stored);
      else if (!change.from) drop(id);
    }));
  }

  function setDecision(id: string, decision: ClusterDecision | undefined): string[] {
    const cluster = campaigns.get(id);
    if (!cluster) return [];
    if (decision) cluster.decision = decision;
    else delete cluster.decision;
    save(id, { decision: decision ?? null });
    return [...cluster.members];
  }

  return {
    name: 'templates',
    shared: true,

    async open() {
      campaigns.clear();
      memberOf.clear();
      for (const stored of await bands.campaigns()) if (stored.members.length) hold(stored);
    },

    async adopt(state) {
      const sender = (i: number) => state.senders[i] ?? '';
      const texts = new Map(state.entries.map(([id, s, at, masked]) => [id, { s, at, masked }]));
      const clusterOf = new Map<string, string>();
      for (const c of state.clusters) for (const [id] of c.members) clusterOf.set(id, c.id);
      const entries: Parameters<TemplateBandStore['addTemplateEntries']>[0] = [];
      for (const [id, { s, at, masked }] of texts) {
        const { hashes, count } = textShingles(masked, DEFAULT_LSH.maxShingles);
        const keys = countWords(masked) >= config.minWords ? lsh.keys(hashes, count) : [];
        entries.push({ id, sender: sender(s), at, masked, bandKeys: keys, clusterId: clusterOf.get(id) ?? null });
      }
      // Members whose text was not kept: their membership alone (never a candidate).
      for (const c of state.clusters) {
        for (const [id, s, at] of c.members) if (!texts.has(id)) entries.push({ id, sender: sender(s), at, masked: '', bandKeys: [], clusterId: c.id });
      }
      const list = state.clusters.map((c) => ({ id: c.id, representative: c.representative, sample: c.sample, decision: c.decision ?? null }));
      let added = 0;
      for (let i = 0; i < Math.max(entries.length, 1); i += 1000) added += await bands.addTemplateEntries(entries.slice(i, i + 1000), i === 0 ? list : []);
      return added;
    },

    async backfill(items) {
      if (!items.length) return;
      // Asked first, so a start-up after a clean stop masks and hashes nothing.
      const have = new Set(await bands.indexedTemplateIds(items.map((item) => item.id)));
      const missing = items.filter((item) => !have.has(item.id)).map((item) => ({ item, p: prepare(item, false) })).filter(({ p }) => p.keys.length > 0);
      if (missing.length) {
        await bands.addTemplateEntries(missing.map(({ item, p }) => ({ id: item.id, sender: p.sender, at: Date.parse(item.receivedAt) || 0, masked: p.masked, bandKeys: p.keys })));
      }
    },

    apply(change) {
      const cluster = campaigns.get(change.id);
      if (!cluster || change.reload) {
        track(`c:${change.id}`, reload(change.id));
        return;
      }
      if (change.joined) join(cluster, change.joined);
      if (change.decision !== undefined) {
        if (change.decision) cluster.decision = change.decision;
        else delete cluster.decision;
      }
    },

    async gather(submission) {
      await fetchCandidates(prepare(submission));
    },

    lookup(submission): TemplateLookup {
      const p = prepare(submission);
      const own = p.sender;
      const found = verify(p, (entry) => entry.sender !== own);
      const matches: TemplateMatch[] = found.map(({ entry, similarity }) => {
        const clusterId = campaignOf(entry);
        return {
          submissionId: entry.id,
          sender: entry.sender,
          similarity: Math.round(similarity * 1000) / 1000,
          receivedAt: new Date(entry.at).toISOString(),
          ...(clusterId ? { clusterId } : {}),
        };
      });
      const clusterId = matches.find((m) => m.clusterId && campaigns.has(m.clusterId))?.clusterId;
      return { matches, candidates: p.proposed ?? 0, ...(clusterId ? { cluster: campaigns.get(clusterId)! } : {}) };
    },

    stage(stored) {
      const p = prepared.get(stored.id);
      if (!bands.stageTemplateEntry || !p || p.text !== stored.text || !p.candidates || p.words < config.minWords || p.keys.length === 0) return undefined;
      const { entry, campaign } = plan(stored, p);
      staged.set(stored.id, { campaign, written: bands.stageTemplateEntry(entry, campaign) });
      for (const id of staged.keys()) {
        if (staged.size <= IN_FLIGHT) break;
        staged.delete(id);
      }
      return campaign?.id;
    },

    observe(stored) {
      const p = prepare(stored);
      if (p.words < config.minWords || p.keys.length === 0) {
        prepared.delete(stored.id);
        return;
      }
      const stage = staged.get(stored.id);
      staged.delete(stored.id);
      // Written with the submission (stage()): only the campaign's members to hold. Otherwise written now.
      const work = stage
        ? stage.written.then((members) => {
          if (members === undefined) return index(stored, p);
          prepared.delete(stored.id);
          return joined(stage.campaign, members);
        })
        : index(stored, p);
      track(stored.id, work);
    },

    learn(stored: StoredSubmission, decision: Decision): string[] {
      const mapped = decisionFor(decision);
      if (!mapped) return [];
      const id = memberOf.get(stored.id)?.[0] ?? (stored.clusterId && campaigns.has(stored.clusterId) ? stored.clusterId : undefined);
      if (!id) {
        // A decision on a message in no campaign yet: it becomes one, so later copies inherit the decision.
        save(`tpl-${stored.id}`, { from: stored.id, sample: plainSample(stored.content), decision: mapped });
        return [];
      }
      const members = setDecision(id, mapped);
      return mapped === 'approve' ? [] : members.filter((m) => m !== stored.id);
    },

    setClusterDecision: setDecision,

    forget(id) {
      prepared.delete(id);
      const info = memberOf.get(id);
      if (!info) return;
      memberOf.delete(id);
      const cluster = campaigns.get(info[0]);
      if (!cluster) return;
      cluster.members = cluster.members.filter((m) => m !== id);
      if (cluster.members.length === 0) campaigns.delete(cluster.id);
      else refresh(cluster);
    },

    scrub(matches) {
      let changed = 0;
      for (const cluster of campaigns.values()) {
        if (!matches(cluster.sample) && !matches(cluster.representative)) continue;
        cluster.representative = '';
        cluster.sample = '';
        save(cluster.id, { representative: '', sample: '' });
        changed++;
      }
      prepared.clear();
      return changed;
    },

    async settle(id) {
      const waiting = id === undefined ? [...pending.values()] : [pending.get(id)].filter((w): w is Promise<void> => w !== undefined);
      await Promise.all(waiting);
    },

    // The state lives in the store: nothing to save as a value or as rows.
    toJSON: () => ({ v: 'store' }),
    load: () => {},
    takeRows: () => ({}),
    loadRows: () => {},

    getCluster: (id) => campaigns.get(id),
    clusters: () => [...campaigns.values()].filter((c) => c.senders.length >= 2),
    clusterIdOf: (id) => memberOf.get(id)?.[0],
    /** Campaign members held in memory (lone entries live only in the store). */
    size: () => memberOf.size,
    isIndexed: (id) => memberOf.has(id),
    countIndexed: async (ids) => (ids.length ? (await bands.indexedTemplateIds(ids)).length : 0),
  };
}
