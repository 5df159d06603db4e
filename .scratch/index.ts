/**
 * What Doorkeep has learned, in one place: the template index, the classifier and the site corpus.
 * The pipeline feeds it every stored submission and every moderator decision and saves it in the store.
 */
import type { Decision, Knowledge, LearningComponent, Post, SiteInfo, Store, StoredSubmission } from '../types.js';
import { createSiteCorpus, type SiteCorpus } from './corpus.js';
import { createClassifier, type Classifier } from './naive-bayes.js';
import { type Prior, shippedPrior } from './prior.js';
import { createTemplateIndex, type TemplateIndex } from './template-index.js';

export interface KnowledgeBase {
  readonly view: Knowledge;
  readonly templates: TemplateIndex;
  readonly classifier: Classifier;
  readonly corpus: SiteCorpus;
  /** Load every component's state from the store, then observe what was stored after it was saved. */
  load(): Promise<void>;
  observe(submission: StoredSubmission): void;
  /** Returns ids that inherit the decision. */
  learn(submission: StoredSubmission, decision: Decision): string[];
  forget(ids: string[]): void;
  /** Mark every component changed, so the next save writes it (after a change made on a component directly). */
  touch(): void;
  /** The site's posts changed: rebuild the corpus (IDF) and the titles masked before template comparison. */
  refreshPosts(posts: Post[]): void;
  /**
   * Save changed state; resolves once saved. `soon` (decisions) saves within `delayMs`; otherwise
   * (every new submission) within `idleDelayMs`, since rebuilding the template state is not free.
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
const DAY_MS = 86_400_000;

/**
 * `prior`: the model a new site's classifier starts from; the one shipped with Doorkeep unless given
 * (null: none, the classifier learns from the site's decisions alone).
 */
export function createKnowledge(store: Store, site: SiteInfo, posts: Post[], delayMs = 200, idleDelayMs = 5_000, prior: Prior | null = shippedPrior()): KnowledgeBase {
  let titles = new Map(posts.map((p) => [p.id, p.title]));
  const templates = createTemplateIndex({ ownerNames: site.ownerNames, postTitle: (id) => titles.get(id) });
  const classifier = createClassifier(undefined, prior);
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

  async function write(): Promise<void> {
    const changed = [...dirty];
    dirty.clear();
    // Taken together, before any await: everything observed up to `upTo` is in these states. Components with
    // rows hand over only the rows that changed since the last save.
    const upTo = observedUpTo;
    const states = changed.map((component) => {
      if (!component.takeRows) return { component, state: component.toJSON() };
      const all = resync.delete(component);
      return { component, rows: component.takeRows(all), all };
    });
    for (const { component, state, rows, all } of states) {
      try {
        if (rows) await store.setStateEntries(rowsKey(component.name), rows);
        else await store.setState(stateKey(component.name), state);
      } catch (error) {
        if (rows) resync.add(component);
        dirty.add(component);
        throw error;
      }
      if (rows && all && oldValue.delete(component)) await store.setState(stateKey(component.name), null);
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
      const { items: [first] } = await store.query({ since, order: 'newest', offset: REBUILD_MAX - 1, limit: 1 });
      if (first) since = first.receivedAt;
    }
    // Page by time, not by offset (an offset makes every page read all those before it): each page starts at the
    // last page's newest instant, skipping the submissions of that instant already observed.
    let replayed = 0;
    let skip = 0;
    for (;;) {
      const { items } = await store.query({ since, order: 'oldest', offset: skip, limit: REPLAY_PAGE });
      for (const item of items) {
        for (const component of components) component.observe(item);
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
    async load() {
      for (const component of components) {
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
    observe(submission) {
      for (const component of components) component.observe(submission);
      if (submission.receivedAt > observedUpTo) observedUpTo = submission.receivedAt;
      dirty.add(templates);
    },
    learn(submission, decision) {
      const inherited = new Set<string>();
      for (const component of components) {
        for (const id of component.learn(submission, decision) ?? []) if (id !== submission.id) inherited.add(id);
        dirty.add(component);
      }
      return [...inherited];
    },
    forget(ids) {
      for (const component of components) for (const id of ids) component.forget?.(id);
      for (const component of components) dirty.add(component);
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
