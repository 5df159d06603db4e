/**
 * What Doorkeep has learned, in one place: the template index, the classifier and the site corpus.
 * The pipeline feeds it every stored submission and every moderator decision and saves it in the store.
 */
import type { Decision, Knowledge, LearningComponent, Post, SiteInfo, Store, StoreChange, StoredSubmission, Submission } from '../types.js';
import { createSiteCorpus, type SiteCorpus } from './corpus.js';
import { createClassifier, type Classifier, type ClassifierDeltas, type Learned } from './naive-bayes.js';
import { type Prior, shippedPrior } from './prior.js';
import { createSharedTemplateIndex, type SharedTemplateIndex } from './shared-templates.js';
import { createTemplateIndex, type PersistedState, type TemplateIndex } from './template-index.js';

export interface KnowledgeBase {
  readonly view: Knowledge;
  readonly templates: TemplateIndex;
  readonly classifier: Classifier;
  readonly corpus: SiteCorpus;
  /** Load every component's state from the store, then observe what was stored after it was saved. */
  load(): Promise<void>;
  /**
   * `followed`: stored by another instance sharing the store. The template index kept in the store (shared) has it
   * already, so only what lives in this process observes it.
   */
  observe(submission: StoredSubmission, followed?: boolean): void;
  /** observe() one component at a time, yielding in between (each can take milliseconds on a long text). */
  observeSteps(submission: StoredSubmission): Generator<void, void>;
  /** Returns ids that inherit the decision. `followed`: decided at another instance (a shared template index learned it there). */
  learn(submission: StoredSubmission, decision: Decision, followed?: boolean): string[];
  /** Whether anything here must observe the submissions other instances store (false when the template index is shared). */
  readonly followsSubmissions: boolean;
  /** Whether anything here must learn the decisions made at other instances (false when every learner is kept in the store). */
  readonly followsDecisions: boolean;
  /** Another instance changed a template campaign kept in the store. */
  campaignChanged(change: Extract<StoreChange, { kind: 'campaign' }>): void;
  /** The context step: fetch what the filters' look-ups need from the store (the shared template index's candidates). */
  gather(submission: Submission): Promise<void>;
  /** Resolves once the store writes started for this submission (or for everything, without an id) are done. */
  settle(id?: string): Promise<void>;
  /** Another instance changed this named state (a shared classifier's rows are read again). */
  learnedElsewhere(key: string): void;
  /** Stop reading what other instances learn (before the store closes). */
  close(): void;
  forget(ids: string[]): void;
  /** Mark every component changed, so the next save writes it (after a change made on a component directly). */
  touch(): void;
  /** The site's posts changed: rebuild the corpus (IDF) and the titles masked before template comparison. */
  refreshPosts(posts: Post[]): void;
  /**
   * Save changed state; resolves once saved. `soon` (decisions) saves within `delayMs`; otherwise
   * (every new submission) within `idleDelayMs`: the template index hands over only the rows that changed, so a
   * save costs what was learned since the last one.
   */
  save(soon?: boolean): Promise<void>;
  flush(): Promise<void>;
}

const stateKey = (name: string) => `knowledge.${name}`;
/** Components that keep their state as rows (LearningComponent.takeRows) save them under this map. */
const rowsKey = (name: string) => `knowledge.${name}.rows`;
/** The receivedAt of the newest submission the saved template state has observed. */
const OBSERVED_UP_TO = 'knowledge.observedUpTo';
/** With no such mark, how far back a start-up observes stored submissions again, and at most how many. */
const REBUILD_DAYS = 30;
const REBUILD_MAX = 20_000;
const REPLAY_PAGE = 500;
/** Rows saved per store call: a big save (after a long replay) is written in parts, yielding between them. */
const ROWS_PER_SAVE = 1000;
const DAY_MS = 86_400_000;
/** The classifier's rows in a shared store: weights and counts (added to), what was learned per submission, kept predictions. */
const WEIGHTS = 'knowledge.classifier.weights';
const LEARNED = 'knowledge.classifier.learned';
const PAIRS = 'knowledge.classifier.pairs';
const MAX_PAIRS = 400;
/** Claimed (a one-time token, atomic across instances) by the one instance that moves a classifier saved as one value into rows. */
const MOVED = 'doorkeep:knowledge.classifier moved to rows';

/**
 * `prior`: the model a new site's classifier starts from; the one shipped with Doorkeep unless given
 * (null: none, the classifier learns from the site's decisions alone).
 */
export function createKnowledge(store: Store, site: SiteInfo, posts: Post[], delayMs = 200, idleDelayMs = 5_000, prior: Prior | null = shippedPrior()): KnowledgeBase {
  let titles = new Map(posts.map((p) => [p.id, p.title]));
  const templateOptions = { ownerNames: site.ownerNames, postTitle: (id: string) => titles.get(id) };
  // A store that keeps the template index as rows (PostgreSQL) shares it between instances; otherwise it lives here.
  const shared: SharedTemplateIndex | undefined = store.templateBands ? createSharedTemplateIndex(store.templateBands, templateOptions) : undefined;
  const templates: TemplateIndex = shared ?? createTemplateIndex(templateOptions);
  const classifier = createClassifier(undefined, prior);
  // A store shared by several processes keeps the classifier as rows, each decision adding its deltas (addToStateEntries).
  const sharedModel = !!(store.shared && store.addToStateEntries);
  if (sharedModel) classifier.keepDeltas();
  /**
   * What lives in this process's memory alone, so it learns what another instance stored or decided from the
   * announcement: a component kept in a shared store was changed there by the instance where it happened.
   */
  const local = (component: LearningComponent) => !(shared && component === templates) && !(sharedModel && component === classifier);
  const corpus = createSiteCorpus(posts);
  const components: LearningComponent[] = [templates, classifier];
  const dirty = new Set<LearningComponent>();
  let pending: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let dueAt = Infinity;
  let resolvePending: (() => void) | undefined;
  let rejectPending: ((error: unknown) => void) | undefined;

  /** The newest receivedAt observed in this process (ISO strings compare in time order). */
  let observedUpTo = '';

  /** Components whose rows must all be written at the next save (state read from an old whole value, or a failed save). */
  const resync = new Set<LearningComponent>();
  /** Components loaded from an old whole value: dropped once their rows are saved. */
  const oldValue = new Set<LearningComponent>();

  /** The classifier's rows: its deltas written one decision at a time, in order, with re-reads of what others wrote. */
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (task: () => Promise<void>): Promise<void> => {
    const run = chain.then(task);
    chain = run.catch(() => {});
    return run;
  };
  /** Deltas handed over while a re-read is under way (applied again on top of what it read). */
  let collecting: ClassifierDeltas[] | undefined;

  /** Write what the classifier learned since the last call (shared model). Resolves once written. */
  function writeDeltas(): Promise<void> {
    const deltas = sharedModel ? classifier.takeDeltas() : undefined;
    if (!deltas) return chain;
    collecting?.push(deltas);
    return enqueue(async () => {
      try {
        // What was learned per submission and the kept predictions first, the weights last: their announcement
        // (another instance re-reads on it) then finds all three written.
        if (Object.keys(deltas.learned).length) {
          await store.setStateEntries(LEARNED, Object.fromEntries(Object.entries(deltas.learned).map(([id, what]) => [id, what ?? undefined])));
        }
        for (const pair of deltas.pairs) await store.appendLog(PAIRS, pair, MAX_PAIRS);
        await store.addToStateEntries!(WEIGHTS, deltas.weights);
      } catch (error) {
        classifier.returnDeltas(deltas);
        throw error;
      }
    });
  }

  /** Read the classifier's rows (what every instance learned), keeping what this one learned and has not written yet. */
  async function readModel(): Promise<void> {
    collecting = [];
    try {
      const [weights, learned, pairs] = await Promise.all([
        store.getStateEntries<number>(WEIGHTS), store.getStateEntries<Learned>(LEARNED), store.getLog<[number, number, number]>(PAIRS),
      ]);
      classifier.loadShared({ weights, learned, pairs });
      for (const later of collecting) classifier.applyDeltas(later);
      const unwritten = classifier.peekDeltas();
      if (unwritten) classifier.applyDeltas(unwritten);
    } finally {
      collecting = undefined;
    }
  }
  let rereadTimer: NodeJS.Timeout | undefined;
  let closed = false;
  /** Another instance wrote deltas: read the rows again, at most every 100 ms (a bulk action announces many). */
  function rereadSoon(): void {
    if (rereadTimer || closed) return;
    rereadTimer = setTimeout(() => {
      rereadTimer = undefined;
      enqueue(readModel).catch((error: unknown) => console.error('Doorkeep could not read what another instance learned:', error));
    }, 100);
    rereadTimer.unref?.();
  }

  /** The classifier saved as one value before (a store used by an older Doorkeep, or `doorkeep migrate`): into rows, once. */
  async function loadSharedModel(): Promise<void> {
    const rows = await store.getStateEntries<number>(WEIGHTS);
    const value = Object.keys(rows).length ? undefined : await store.getState(stateKey(classifier.name));
    if (value != null && (await store.claimToken(MOVED, '9999-12-31T00:00:00.000Z', new Date(0).toISOString()))) {
      classifier.load(value);
      const all = classifier.allDeltas();
      classifier.takeDeltas();
      if (Object.keys(all.learned).length) await store.setStateEntries(LEARNED, all.learned);
      for (const pair of all.pairs) await store.appendLog(PAIRS, pair, MAX_PAIRS);
      await store.addToStateEntries!(WEIGHTS, all.weights);
      await store.setState(stateKey(classifier.name), null);
    }
    await readModel();
  }

  async function write(): Promise<void> {
    // A shared model is written as deltas when it learns, never as one value.
    const changed = [...dirty].filter((component) => !(sharedModel && component === classifier));
    dirty.clear();
    // Taken together, before any await: everything observed up to `upTo` is in these states. Components with
    // rows hand over only the rows that changed since the last save.
    const upTo = observedUpTo;
    const states = changed.map((component) => {
      if (!component.takeRows) return { component, state: component.toJSON() };
      const all = resync.delete(component);
      return { component, rows: component.takeRows(all), all };
    });
    try {
      for (const { component, state, rows, all } of states) {
        if (rows) {
          const list = Object.entries(rows);
          for (let i = 0; i < list.length; i += ROWS_PER_SAVE) {
            await store.setStateEntries(rowsKey(component.name), Object.fromEntries(list.slice(i, i + ROWS_PER_SAVE)));
          }
        } else await store.setState(stateKey(component.name), state);
        if (rows && all && oldValue.delete(component)) await store.setState(stateKey(component.name), null);
      }
    } catch (error) {
      // Not saved (or not all): save everything these components hold at the next attempt.
      for (const { component, rows } of states) {
        dirty.add(component);
        if (rows) resync.add(component);
      }
      throw error;
    }
    if (upTo && changed.includes(templates)) await store.setState(OBSERVED_UP_TO, upTo);
  }

  /**
   * Observe again what was stored after the saved state was written (issue 11 item 5): learned state is
   * saved lazily, so after a crash the submissions newer than OBSERVED_UP_TO are read back from the store.
   * Observing is idempotent for those already in the saved state. Without a mark (state from before it, or
   * no saved state at all) the last REBUILD_DAYS days are observed.
   */
  async function replay(): Promise<void> {
    const mark = await store.getState<string>(OBSERVED_UP_TO);
    let since = typeof mark === 'string' && mark ? mark : '';
    if (!since) {
      // No mark: the newest REBUILD_MAX of the last REBUILD_DAYS days.
      since = new Date(Date.now() - REBUILD_DAYS * DAY_MS).toISOString();
      const { items: [first] } = await store.query({ since, order: 'newest', offset: REBUILD_MAX - 1, limit: 1, withTotal: false });
      if (first) since = first.receivedAt;
    }
    // Page by time, not by offset (an offset makes every page read all those before it): each page starts at the
    // last page's newest instant, skipping the submissions of that instant already observed. No page counts
    // every match (withTotal: false), which on PostgreSQL would read the whole rest of the window each time.
    let replayed = 0;
    let skip = 0;
    for (;;) {
      const { items } = await store.query({ since, order: 'oldest', offset: skip, limit: REPLAY_PAGE, withTotal: false });
      // The shared index: the entries a crash left unwritten (or an import never wrote), a page at a time.
      if (shared) await shared.backfill(items);
      for (const item of items) {
        for (const component of components) if (local(component)) component.observe(item);
        if (item.receivedAt > observedUpTo) observedUpTo = item.receivedAt;
      }
      replayed += items.length;
      if (items.length < REPLAY_PAGE) break;
      const last = items[items.length - 1]!.receivedAt;
      const atLast = items.filter((item) => item.receivedAt === last).length;
      skip = last === since ? skip + atLast : atLast;
      since = last;
    }
    if (replayed > 0) dirty.add(templates);
  }

  return {
    view: { templates, classifier, corpus },
    templates,
    classifier,
    corpus,
    followsSubmissions: !shared,
    followsDecisions: components.some(local),
    campaignChanged(change) {
      shared?.apply(change);
    },
    gather: (submission) => templates.gather(submission),
    async settle(id) {
      await templates.settle(id);
      if (id === undefined) await chain;
    },
    learnedElsewhere(key) {
      if (sharedModel && key === WEIGHTS) rereadSoon();
    },
    close() {
      closed = true;
      clearTimeout(rereadTimer);
      rereadTimer = undefined;
    },
    async load() {
      if (shared) {
        // State an in-memory index saved in this store before (rows or an old whole value): moved into the shared index once.
        const rows = await store.getStateEntries(rowsKey(templates.name));
        const fields = Object.keys(rows);
        const value = fields.length ? undefined : await store.getState(stateKey(templates.name));
        if (fields.length || value != null) {
          const old = createTemplateIndex(templateOptions);
          if (fields.length) old.loadRows(rows);
          else old.load(value);
          await shared.adopt(old.toJSON() as PersistedState);
          for (let i = 0; i < fields.length; i += ROWS_PER_SAVE) {
            await store.setStateEntries(rowsKey(templates.name), Object.fromEntries(fields.slice(i, i + ROWS_PER_SAVE).map((f) => [f, undefined])));
          }
          if (value != null) await store.setState(stateKey(templates.name), null);
        }
        await shared.open();
      }
      if (sharedModel) await loadSharedModel();
      for (const component of components) {
        if (!local(component)) continue;
        const rows = component.loadRows ? await store.getStateEntries(rowsKey(component.name)) : {};
        if (component.loadRows && Object.keys(rows).length > 0) component.loadRows(rows);
        else {
          const value = await store.getState(stateKey(component.name));
          component.load(value);
          if (component.loadRows && value != null) {
            resync.add(component);
            oldValue.add(component);
            dirty.add(component);
          }
        }
      }
      await replay();
    },
    observe(submission, followed = false) {
      for (const component of components) if (!followed || local(component)) component.observe(submission);
      if (submission.receivedAt > observedUpTo) observedUpTo = submission.receivedAt;
      dirty.add(templates);
    },
    *observeSteps(submission) {
      for (const [i, component] of components.entries()) {
        if (i > 0) yield;
        component.observe(submission);
      }
      if (submission.receivedAt > observedUpTo) observedUpTo = submission.receivedAt;
      dirty.add(templates);
    },
    learn(submission, decision, followed = false) {
      const inherited = new Set<string>();
      for (const component of components) {
        if (followed && !local(component)) continue;
        for (const id of component.learn(submission, decision) ?? []) if (id !== submission.id) inherited.add(id);
        dirty.add(component);
      }
      if (!followed) writeDeltas().catch((error: unknown) => console.error('Doorkeep could not save what the classifier learned:', error));
      return [...inherited];
    },
    forget(ids) {
      for (const component of components) for (const id of ids) component.forget?.(id);
      for (const component of components) dirty.add(component);
      writeDeltas().catch((error: unknown) => console.error('Doorkeep could not save what the classifier forgot:', error));
    },
    touch() {
      for (const component of components) {
        dirty.add(component);
        if (component.takeRows) resync.add(component);
      }
    },
    refreshPosts(next) {
      titles = new Map(next.map((p) => [p.id, p.title]));
      corpus.refresh(next);
    },
    save(soon = true) {
      const due = Date.now() + (soon ? delayMs : idleDelayMs);
      pending ??= new Promise<void>((resolve, reject) => {
        resolvePending = resolve;
        rejectPending = reject;
      });
      if (due < dueAt) {
        clearTimeout(timer);
        dueAt = due;
        timer = setTimeout(() => {
          const [resolve, reject] = [resolvePending!, rejectPending!];
          pending = null;
          dueAt = Infinity;
          write().then(resolve, reject);
        }, due - Date.now());
        timer.unref?.();
      }
      return pending;
    },
    async flush() {
      await templates.settle();
      await writeDeltas();
      clearTimeout(timer);
      dueAt = Infinity;
      const waiting = pending ? [resolvePending!, rejectPending!] as const : undefined;
      pending = null;
      try {
        if (dirty.size) await write();
        waiting?.[0]();
      } catch (error) {
        waiting?.[1](error);
        throw error;
      }
    },
  };
}
