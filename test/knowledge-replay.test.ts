/**
 * At start-up the knowledge base observes again what was stored after its saved state (or, with none, the
 * newest submissions of the last 30 days). It pages through them by time, each page starting where the last
 * ended, so many submissions with the same receivedAt are each read once and none is skipped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createKnowledge } from '../plugin/knowledge/index.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import { createPostgresStore } from '../plugin/store/postgres-store.js';
import type { Store, SubmissionQuery } from '../plugin/types.js';
import { createTestSchema, runPostgres, type TestSchema } from './support/postgres.js';
import { makeStored } from './support/stored.js';

const schemas: TestSchema[] = [];
afterEach(async () => {
  for (const schema of schemas.splice(0)) await schema.drop();
});

const STORES: Record<string, () => Promise<Store>> = { memory: async () => createMemoryStore() };
if (runPostgres) {
  STORES.postgres = async () => {
    const schema = await createTestSchema();
    schemas.push(schema);
    return createPostgresStore({ pool: schema.pool() });
  };
}

const site = { name: 'Test site', url: 'https://site.example', ownerNames: ['Halla'] };

for (const [name, make] of Object.entries(STORES)) {
  describe(`knowledge replay at start-up (${name} store)`, () => {
    it('observes every stored submission once, paging by time through runs of equal receivedAt', async () => {
      const store = await make();
      await store.open();
      const now = new Date();
      // 1,234 distinct texts received at only three instants: pages of 500 end inside a run of equal times.
      const stored = Array.from({ length: 1234 }, (_, i) => makeStored({
        text: `reader ${i} wrote about sourdough number ${i * 7} with rye flour and a slow proof overnight`,
        author: { name: `Reader ${i}`, email: `r${i}@reader.example`, url: '' },
      }, now, 60 * (1 + (i % 3))));
      await Promise.all(stored.map((s) => store.add(s)));
      const queries: SubmissionQuery[] = [];
      const query = store.query.bind(store);
      store.query = (q) => {
        queries.push(q);
        return query(q);
      };
      const knowledge = createKnowledge(store, site, [], 200, 30_000, null);
      await knowledge.load();
      // Indexed in memory, or (PostgreSQL) as the store's own band rows.
      expect(await knowledge.templates.countIndexed(stored.map((s) => s.id))).toBe(1234);
      // One look-up of where to start, then three pages: never a walk over what was read before.
      expect(queries.length).toBe(4);
      expect(queries.every((q) => q.withTotal === false)).toBe(true);
      // Each page skips only the submissions it shares a receivedAt with the last page's end.
      const pages = queries.filter((q) => q.order === 'oldest');
      expect(pages).toHaveLength(3);
      expect(Math.max(...pages.map((q) => q.offset ?? 0))).toBeLessThan(500);
      await store.close();
    });
  });
}
