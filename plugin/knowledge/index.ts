/**
 * What Doorkeep has learned, in one place: the template index, the classifier and the site corpus.
 * The pipeline feeds it every stored submission and every moderator decision and saves it in the store.
 */
import type { Decision, Knowledge, LearningComponent, Post, SiteInfo, Store, StoredSubmission } from '../types.js';
import { createSiteCorpus, type SiteCorpus } from './corpus.js';
import { createClassifier, type Classifier } from './naive-bayes.js';
import { createTemplateIndex, type TemplateIndex } from './template-index.js';

export interface KnowledgeBase {
  readonly view: Knowledge;
  readonly templates: TemplateIndex;
  readonly classifier: Classifier;
  readonly corpus: SiteCorpus;
  /** Load every component's state from the store. */
  load(): Promise<void>;
  observe(submission: StoredSubmission): void;
  /** Returns ids that inherit the decision. */
  learn(submission: StoredSubmission, decision: Decision): string[];
  forget(ids: string[]): void;
  /** Save changed state, at most once per `delayMs`; resolves once saved. */
  save(): Promise<void>;
  flush(): Promise<void>;
}

const stateKey = (name: string) => `knowledge.${name}`;

export function createKnowledge(store: Store, site: SiteInfo, posts: Post[], delayMs = 200): KnowledgeBase {
  const templates = createTemplateIndex({ ownerNames: site.ownerNames });
  const classifier = createClassifier();
  const corpus = createSiteCorpus(posts);
  const components: LearningComponent[] = [templates, classifier];
  const dirty = new Set<LearningComponent>();
  let pending: Promise<void> | null = null;

  async function write(): Promise<void> {
    pending = null;
    const changed = [...dirty];
    dirty.clear();
    for (const component of changed) await store.setState(stateKey(component.name), component.toJSON());
  }

  return {
    view: { templates, classifier, corpus },
    templates,
    classifier,
    corpus,
    async load() {
      for (const component of components) component.load(await store.getState(stateKey(component.name)));
    },
    observe(submission) {
      for (const component of components) component.observe(submission);
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
    save() {
      pending ??= new Promise<void>((resolve) => setTimeout(resolve, delayMs)).then(write);
      return pending;
    },
    async flush() {
      if (pending) await pending;
      if (dirty.size) await write();
    },
  };
}
