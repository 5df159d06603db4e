/**
 * Learned state as rows (issue 12): the template index is saved as rows of a named map, so a save writes
 * what changed since the last one, and a start-up reads the rows, then observes only what was stored after
 * the last save (issue 11 item 5: whatever is learned can be recovered from what is stored).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKnowledge } from '../plugin/knowledge/index.js';
import { createClassifier } from '../plugin/knowledge/naive-bayes.js';
import { createPostgresStore, type PostgresStore } from '../plugin/store/postgres-store.js';
import { createTestSchema, runPostgres, type TestSchema } from './support/postgres.js';
import { createTemplateIndex } from '../plugin/knowledge/template-index.js';
import { createLowdbStore } from '../plugin/store/lowdb-store.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import type { Store, StoredSubmission } from '../plugin/types.js';
import { makeSite, makeStored } from './support/factories.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const TEXT = 'hi halla, i came across your blog and really enjoyed it. i work with {company} and we would love to partner with you '
  + 'on a sponsored article for your readers about our new app. let me know your rates and we can start this week.';

function copy(i: number, minutesAgo: number): StoredSubmission {
  const company = ['inboxly', 'feedforge', 'draftwise', 'hostnest', 'typecraft', 'pitchwise'][i % 6]!;
  const text = TEXT.replace('{company}', company);
  return makeStored({
    id: `copy-${i}`, text, content: `<p>${text}</p>`, ip: `198.51.100.${i}`,
    author: { name: `Sender ${i}`, email: `sender${i}@${company}.example`, url: '' },
    receivedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(), receipt: `r-${i}`,
  });
}

const knowledgeOver = (store: Store) => createKnowledge(store, makeSite({ ownerNames: ['Halla'] }), [], 10, 10, null);

async function lowdbStore(): Promise<{ file: string; store: Store }> {
  const dir = await mkdtemp(join(tmpdir(), 'dk-learned-'));
  dirs.push(dir);
  const file = join(dir, 'doorkeep.json');
  const store = createLowdbStore(file, { writeDelayMs: 1 });
  await store.open();
  return { file, store };
}

describe('learned state kept as rows', () => {
  it('saves the template index as rows, and a restart knows the campaign without a whole saved value', async () => {
    const { file, store } = await lowdbStore();
    const kb = knowledgeOver(store);
    await kb.load();
    for (let i = 0; i < 3; i++) {
      const s = copy(i, 10 - i);
      await store.add(s);
      kb.observe(s);
    }
    await kb.flush();
    const rows = await store.getStateEntries('knowledge.templates.rows');
    expect(Object.keys(rows).filter((f) => f.startsWith('m:'))).toHaveLength(3);
    expect(await store.getState('knowledge.templates')).toBeUndefined();
    await store.close();

    const again = createLowdbStore(file, { writeDelayMs: 1 });
    await again.open();
    const kb2 = knowledgeOver(again);
    await kb2.load();
    expect(kb2.templates.clusters()).toEqual(kb.templates.clusters());
    await again.close();
  });

  it('observes again what was stored after the last save (a crash before the next one)', async () => {
    const { file, store } = await lowdbStore();
    const kb = knowledgeOver(store);
    await kb.load();
    for (let i = 0; i < 2; i++) {
      const s = copy(i, 10 - i);
      await store.add(s);
      kb.observe(s);
    }
    await kb.flush();
    // Stored and acknowledged, but the process stops before learned state is saved again.
    for (let i = 2; i < 4; i++) await store.add(copy(i, 10 - i));
    await store.close();

    const again = createLowdbStore(file, { writeDelayMs: 1 });
    await again.open();
    const kb2 = knowledgeOver(again);
    await kb2.load();
    expect(kb2.templates.clusters()[0]!.members.sort()).toEqual(['copy-0', 'copy-1', 'copy-2', 'copy-3']);
    await again.close();
  });

  it('moves a template index saved as one whole value to rows, and drops the value', async () => {
    const store = createMemoryStore();
    const old = createTemplateIndex({ ownerNames: ['Halla'] });
    const items = [0, 1, 2].map((i) => copy(i, 10 - i));
    for (const s of items) {
      await store.add(s);
      old.observe(s);
    }
    await store.setState('knowledge.templates', old.toJSON());
    await store.setState('knowledge.observedUpTo', items[2]!.receivedAt);
    const kb = knowledgeOver(store);
    await kb.load();
    expect(kb.templates.clusters()[0]!.members).toHaveLength(3);
    await kb.flush();
    expect(await store.getState('knowledge.templates')).toBeNull();
    const kb2 = knowledgeOver(store);
    await kb2.load();
    expect(kb2.templates.clusters()).toEqual(kb.templates.clusters());
  });

  it('without a save mark, observes the newest stored submissions, oldest first, in pages by time', async () => {
    const store = createMemoryStore();
    // 1,203 submissions, several at the same instant (pages end inside a group of equal times), the campaign newest.
    const at = (i: number) => new Date(Date.now() - (2000 - Math.floor(i / 3)) * 60_000).toISOString();
    for (let i = 0; i < 1200; i++) {
      const text = Array.from({ length: 10 }, (_, k) => ['garden', 'river', 'lamp', 'violin', 'ember', 'quartz', 'meadow', 'harbor'][(i * 7 + k * 3) % 8]! + ((i * 131 + k * 977) % 10007)).join(' ');
      await store.add(makeStored({ id: `lone-${i}`, receipt: `l-${i}`, text, receivedAt: at(i), author: { email: `x${i}@example.org` } }));
    }
    for (let i = 0; i < 3; i++) await store.add(copy(i, 1));
    const kb = knowledgeOver(store);
    await kb.load();
    expect(kb.templates.getCluster(kb.templates.clusterIdOf('copy-2')!)!.members.sort()).toEqual(['copy-0', 'copy-1', 'copy-2']);
    // Every one observed exactly once.
    expect(kb.templates.size()).toBe(1203);
    expect(kb.templates.isIndexed('lone-0')).toBe(true);
  });
});

describe.runIf(runPostgres)('the classifier as rows in a store shared by several processes (PostgreSQL)', () => {
  const schemas: TestSchema[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const schema of schemas.splice(0)) await schema.drop();
  });
  const open = async (schema: TestSchema) => {
    const store = createPostgresStore({ pool: schema.pool() });
    await store.open();
    stores.push(store);
    return store;
  };
  const message = (i: number, spam: boolean) => makeStored({
    id: `m-${spam ? 's' : 'h'}-${i}`, receipt: `rm-${spam ? 's' : 'h'}-${i}`, author: { name: `N${i}`, email: `n${i}@example.org`, url: '' },
    text: spam
      ? `cheap replica watches casino bonus ${i} click here now free crypto giveaway limited offer`
      : `thank you for the post about sourdough ${i}, my starter finally rises after feeding it rye flour overnight`,
  });
  const probe = makeStored({ text: 'free crypto casino bonus offer, and my sourdough starter rises overnight', author: { email: 'probe@example.org' } });

  it('adds each decision as deltas: two instances learning at once end with one model, a restart reads it from the rows', async () => {
    const schema = await createTestSchema();
    schemas.push(schema);
    const [storeA, storeB] = [await open(schema), await open(schema)];
    const [a, b] = [knowledgeOver(storeA), knowledgeOver(storeB)];
    await a.load();
    await b.load();
    storeA.subscribe((c) => c.kind === 'state' && a.learnedElsewhere(c.key));
    storeB.subscribe((c) => c.kind === 'state' && b.learnedElsewhere(c.key));
    await (storeA as PostgresStore).listening();
    await (storeB as PostgresStore).listening();
    // Spam decided at one instance, genuine messages at the other, interleaved.
    for (let i = 0; i < 12; i++) {
      a.learn(message(i, true), 'spam');
      b.learn(message(i, false), 'approve');
    }
    await Promise.all([a.settle(), b.settle()]);
    const same = async () => {
      const [x, y] = [a.classifier.classify(probe), b.classifier.classify(probe)];
      return x.trainedOn === 24 && y.trainedOn === 24 && Math.abs(x.probability - y.probability) < 1e-9;
    };
    const until = Date.now() + 3000;
    while (!(await same()) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(await same()).toBe(true);
    // No whole value is saved; a restart (a third process) reads the rows and judges the same.
    await a.flush();
    expect(await storeA.getState('knowledge.classifier')).toBeUndefined();
    expect(Object.keys(await storeA.getStateEntries('knowledge.classifier.learned'))).toHaveLength(24);
    const c = knowledgeOver(await open(schema));
    await c.load();
    expect(c.classifier.classify(probe).probability).toBeCloseTo(a.classifier.classify(probe).probability, 9);
    // A decision reversed at one instance moves the other's model too (its weights are added to, not overwritten).
    b.learn(message(0, true), 'not-spam');
    await b.settle();
    const reversed = Date.now() + 3000;
    while (Math.abs(a.classifier.classify(probe).probability - b.classifier.classify(probe).probability) > 1e-9 && Date.now() < reversed) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(a.classifier.classify(probe).probability).toBeCloseTo(b.classifier.classify(probe).probability, 9);
    for (const kb of [a, b, c]) {
      await kb.flush();
      kb.close();
    }
  });

  it('moves a classifier saved as one value into rows once, judging the same afterwards', async () => {
    const schema = await createTestSchema();
    schemas.push(schema);
    const store = await open(schema);
    const old = createClassifier(undefined, null);
    for (let i = 0; i < 8; i++) {
      old.learn(message(i, true), 'spam');
      old.learn(message(i, false), 'approve');
    }
    await store.setState('knowledge.classifier', old.toJSON());
    // What a restart judged with before: the saved value (its weights rounded to 4 places) loaded.
    const saved = createClassifier(undefined, null);
    saved.load(old.toJSON());
    const kb = knowledgeOver(store);
    await kb.load();
    expect(kb.classifier.classify(probe).probability).toBeCloseTo(saved.classify(probe).probability, 9);
    expect(await store.getState('knowledge.classifier')).toBeNull();
    const again = knowledgeOver(await open(schema));
    await again.load();
    expect(again.classifier.classify(probe).probability).toBeCloseTo(saved.classify(probe).probability, 9);
    expect(again.classifier.classify(probe).trainedOn).toBe(16);
  });
});
