/**
 * Several instances, one store: what another instance stores or decides teaches this one too. The store
 * announces each change (PostgreSQL: LISTEN/NOTIFY); this reads the changed submission and feeds it to
 * the learners as if it had happened here: a person's decision is learned, a deletion is forgotten, a
 * template campaign's change is applied. When the template index lives in the store (PostgreSQL's band
 * rows), a new submission needs nothing here: the instance that stored it indexed it for every instance;
 * with a template index in each process's memory, each observes the others' submissions. Likewise a
 * decision is read back and learned here only when a learner lives in this process's memory (PostgreSQL
 * keeps the classifier as rows: the deciding instance added its deltas, and this one re-reads them on the
 * announcement). Stores used by one process announce nothing, so this costs them nothing.
 */
import { actorOf } from '../decisions.js';
import type { Decision, HistoryEntry, Store } from '../types.js';
import type { KnowledgeBase } from './index.js';

/** The decision behind a person's status change (approved after spam or a pitch is "not spam"). */
function decisionOf(entry: Extract<HistoryEntry, { type: 'status' }>): Decision {
  if (entry.to === 'approved') return entry.from === 'spam' || entry.from === 'pitch' || entry.from === 'discard' ? 'not-spam' : 'approve';
  return entry.to === 'pitch' ? 'pitch' : entry.to === 'spam' ? 'spam' : entry.to === 'discard' ? 'discard' : 'pending';
}

export function followOtherInstances(store: Store, knowledge: KnowledgeBase): () => void {
  /** How many history entries of each submission were already learned from (so a re-announcement teaches once). */
  const learnedUpTo = new Map<string, number>();
  const report = (error: unknown) => console.error('Doorkeep could not follow a change made by another instance:', error);
  return store.subscribe((change) => {
    if (change.kind === 'campaign') knowledge.campaignChanged(change);
    else if (change.kind === 'state') knowledge.learnedElsewhere(change.key);
    else if (change.kind === 'added') {
      if (!knowledge.followsSubmissions) return;
      (change.submission ? Promise.resolve(change.submission) : store.get(change.id)).then((s) => {
        if (!s) return;
        knowledge.observe(s, true);
        learnedUpTo.set(s.id, s.history.length);
      }).catch(report);
    } else if (change.kind === 'updated') {
      if (!knowledge.followsDecisions) return;
      store.get(change.id).then((s) => {
        if (!s) return;
        const from = learnedUpTo.get(s.id) ?? s.history.length - 1;
        learnedUpTo.set(s.id, s.history.length);
        for (const entry of s.history.slice(Math.max(0, from))) {
          if (entry.type === 'status' && actorOf(entry) === 'person') knowledge.learn(s, decisionOf(entry), true);
        }
        if (learnedUpTo.size > 100_000) learnedUpTo.clear();
      }).catch(report);
    } else if (change.kind === 'removed') {
      knowledge.forget(change.ids);
      for (const id of change.ids) learnedUpTo.delete(id);
    }
  });
}
