/**
 * One contract, run against every store implementation (the koa-compose pattern): a new store passes
 * by being added to STORES. PostgreSQL runs when DOORKEEP_TEST_DATABASE_URL names a server (.ci/run
 * starts one; under CI=true a missing server fails these tests instead of skipping them).
 */
import { mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLowdbStore } from '../plugin/store/lowdb-store.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import { createPostgresStore, POSTGRES_SCHEMA_VERSION, type PostgresStore } from '../plugin/store/postgres-store.js';
import type { Store, StoreChange } from '../plugin/types.js';
import { createTestSchema, runPostgres } from './support/postgres.js';
import { makeStored } from './support/stored.js';

interface Harness {
  store: Store;
  /** A fresh store over the same data (a restart), or undefined for stores that keep nothing. */
  reopen?: () => Promise<Store>;
  /** A second, open instance over the same data at the same time (stores shared between processes). */
  twin?: () => Promise<Store>;
  cleanup: () => Promise<void>;
}

const STORES: Record<string, () => Promise<Harness>> = {
  memory: async () => ({ store: createMemoryStore(), cleanup: async () => {} }),
  lowdb: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dk-store-'));
    const file = join(dir, 'db.json');
    return {
      store: createLowdbStore(file, { writeDelayMs: 5 }),
      reopen: async () => {
        const again = createLowdbStore(file, { writeDelayMs: 5 });
        await again.open();
        return again;
      },
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  },
};
if (runPostgres) {
  STORES.postgres = async () => {
    const schema = await createTestSchema();
    const opened: Store[] = [];
    const make = async () => {
      const s = createPostgresStore({ pool: schema.pool() });
      await s.open();
      opened.push(s);
      return s;
    };
    return {
      store: createPostgresStore({ pool: schema.pool() }),
      reopen: make,
      twin: make,
      cleanup: async () => {
        for (const s of opened) await s.close();
        await schema.drop();
      },
    };
  };
}

const h_reopens = (name: string) => name !== 'memory';

const waitFor = async (check: () => boolean, ms = 3000) => {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return check();
};

for (const [name, make] of Object.entries(STORES)) {
  describe(`${name} store`, () => {
    let h: Harness;
    beforeEach(async () => {
      h = await make();
      await h.store.open();
    });
    afterEach(async () => {
      await h.store.close();
      await h.cleanup();
    });

    it('returns what was added, by id and by receipt', async () => {
      const s = makeStored();
      await h.store.add(s);
      expect(await h.store.get(s.id)).toEqual(s);
      expect(await h.store.getByReceipt(s.receipt)).toEqual(s);
      expect(await h.store.get('nope')).toBeUndefined();
    });

    it('returns copies, so callers cannot change stored data by accident', async () => {
      const s = makeStored();
      await h.store.add(s);
      const got = (await h.store.get(s.id))!;
      got.status = 'spam';
      expect((await h.store.get(s.id))!.status).toBe('approved');
    });

    it('updates fields and appends history entries', async () => {
      const s = makeStored({ status: 'pending' });
      await h.store.add(s);
      const updated = await h.store.update(s.id, { status: 'approved' }, [{ at: 'x', type: 'status', by: 'admin', actor: 'person', from: 'pending', to: 'approved' }]);
      expect(updated!.status).toBe('approved');
      expect(updated!.history).toHaveLength(2);
      expect((await h.store.get(s.id))!.history[1]).toMatchObject({ by: 'admin', to: 'approved' });
      expect(await h.store.update('missing', { status: 'spam' })).toBeUndefined();
    });

    it('queries by status, post, sender and time, newest first, with paging', async () => {
      const now = new Date('2026-03-10T12:00:00Z');
      const a = makeStored({ status: 'spam', ip: '198.51.100.1' }, now, 30);
      const b = makeStored({ status: 'spam', postId: 'other' }, now, 20);
      const c = makeStored({ status: 'approved', author: { name: 'Bo', email: 'bo@x.example', url: 'https://bo.example/about' } }, now, 10);
      for (const s of [a, b, c]) await h.store.add(s);
      expect((await h.store.query({ status: 'spam' })).items.map((s) => s.id)).toEqual([b.id, a.id]);
      expect((await h.store.query({ status: 'spam', order: 'oldest' })).items.map((s) => s.id)).toEqual([a.id, b.id]);
      expect((await h.store.query({ postId: 'other' })).items.map((s) => s.id)).toEqual([b.id]);
      expect((await h.store.query({ email: 'BO@x.example' })).items.map((s) => s.id)).toEqual([c.id]);
      expect((await h.store.query({ ip: '198.51.100.1' })).items.map((s) => s.id)).toEqual([a.id]);
      expect((await h.store.query({ urlHost: 'bo.example' })).items.map((s) => s.id)).toEqual([c.id]);
      expect((await h.store.query({ since: new Date(now.getTime() - 25 * 60_000).toISOString() })).total).toBe(2);
      expect((await h.store.query({ until: new Date(now.getTime() - 25 * 60_000).toISOString() })).items.map((s) => s.id)).toEqual([a.id]);
      expect((await h.store.query({ status: ['spam', 'approved'], search: 'BO@X' })).items.map((s) => s.id)).toEqual([c.id]);
      const page = await h.store.query({ limit: 2, offset: 1 });
      expect(page.total).toBe(3);
      expect(page.items.map((s) => s.id)).toEqual([b.id, a.id]);
      // A caller that does not read the total gets the same items; the total is then at least what it has seen.
      const uncounted = await h.store.query({ limit: 1, offset: 1, withTotal: false });
      expect(uncounted.items.map((s) => s.id)).toEqual([b.id]);
      expect(uncounted.total).toBeGreaterThanOrEqual(2);
    });

    it('queries by contact channel and by the filter that raised a reason', async () => {
      const work = makeStored({ type: 'contact-form', postId: null, channel: 'work-with-me' });
      const contact = makeStored({ type: 'contact-form', postId: null, channel: 'contact', signals: [{ filter: 'outreach', score: 2, reason: 'Reads like outreach' }] });
      const trusted = makeStored({ signals: [{ filter: 'outreach', score: -1, reason: 'Trusted' }, { filter: 'links', score: 1.5, reason: '4 links' }] });
      for (const s of [work, contact, trusted]) await h.store.add(s);
      expect((await h.store.query({ channel: 'work-with-me' })).items.map((s) => s.id)).toEqual([work.id]);
      expect((await h.store.query({ filter: 'outreach' })).items.map((s) => s.id)).toEqual([contact.id]);
      expect((await h.store.query({ filter: 'links', channel: 'contact' })).total).toBe(0);
    });

    it('keeps trashed submissions under their own status and counts them', async () => {
      const s = makeStored({ status: 'spam' });
      await h.store.add(s);
      await h.store.update(s.id, { status: 'trash' }, [{ at: 'x', type: 'status', by: 'admin', actor: 'person', from: 'spam', to: 'trash' }]);
      expect(await h.store.countByStatus()).toMatchObject({ spam: 0, trash: 1 });
      expect((await h.store.query({ status: 'trash' })).items.map((x) => x.id)).toEqual([s.id]);
    });

    it('counts statuses overall and per sender, following updates and removals', async () => {
      const s1 = makeStored({ status: 'spam', ip: '192.0.2.9' });
      const s2 = makeStored({ status: 'approved', ip: '192.0.2.9' });
      await h.store.add(s1);
      await h.store.add(s2);
      expect(await h.store.countByStatus()).toMatchObject({ spam: 1, approved: 1 });
      expect((await h.store.senderCounts({ ip: '192.0.2.9' })).byIp).toMatchObject({ spam: 1, approved: 1 });
      await h.store.update(s1.id, { status: 'approved' });
      expect((await h.store.senderCounts({ ip: '192.0.2.9', email: s1.author.email })).byEmail).toMatchObject({ spam: 0, approved: 2 });
      expect(await h.store.remove([s2.id, 'missing'])).toBe(1);
      expect(await h.store.countByStatus()).toMatchObject({ spam: 0, approved: 1 });
      expect(await h.store.getByReceipt(s2.receipt)).toBeUndefined();
    });

    it('keys senders by one rule: e-mail case-blind, IPv4-mapped IPv6 as IPv4, URL host without one leading www.', async () => {
      const shop = makeStored({ status: 'spam', ip: '::ffff:192.0.2.77', author: { name: 'Shop', email: 'Sales@Shop.Example', url: 'https://www.shop.example/deals' } });
      const again = makeStored({ status: 'approved', ip: '192.0.2.77', author: { name: 'Shop', email: 'sales@shop.example', url: 'http://shop.example' } });
      const mention = makeStored({ status: 'pending', type: 'webmention', author: { name: '', email: '', url: '' }, mention: { source: 'https://WWW.Shop.Example./post' } });
      for (const s of [shop, again, mention]) await h.store.add(s);
      for (const urlHost of ['shop.example', 'www.shop.example', 'https://www.shop.example/x', 'SHOP.example']) {
        expect((await h.store.senderCounts({ urlHost })).byUrlHost).toMatchObject({ spam: 1, approved: 1, pending: 1 });
        expect((await h.store.query({ urlHost })).items.map((s) => s.id).sort()).toEqual([shop.id, again.id, mention.id].sort());
      }
      expect((await h.store.senderCounts({ email: 'SALES@shop.example ' })).byEmail).toMatchObject({ spam: 1, approved: 1 });
      expect((await h.store.query({ email: 'Sales@Shop.Example' })).total).toBe(2);
      for (const ip of ['192.0.2.77', '::FFFF:192.0.2.77']) {
        expect((await h.store.senderCounts({ ip })).byIp).toMatchObject({ spam: 1, approved: 1 });
        expect((await h.store.query({ ip })).total).toBe(2);
      }
      const since = new Date(0).toISOString();
      expect(await h.store.recentFrom({ ip: '::ffff:192.0.2.77' }, since, 10)).toHaveLength(2);
      expect((await h.store.senderCounts({ urlHost: 'other.shop.example' })).byUrlHost.spam).toBe(0);
    });

    it('lists a sender’s recent submissions by email or IP, newest first', async () => {
      const now = new Date('2026-03-10T12:00:00Z');
      const a = makeStored({ ip: '192.0.2.50' }, now, 90);
      const b = makeStored({ ip: '192.0.2.50' }, now, 10);
      const c = makeStored({ ip: '192.0.2.51', author: { name: 'C', email: 'c@x.example', url: '' } }, now, 5);
      for (const s of [a, b, c]) await h.store.add(s);
      const since = new Date(now.getTime() - 60 * 60_000).toISOString();
      expect((await h.store.recentFrom({ ip: '192.0.2.50' }, since, 10)).map((r) => r.id)).toEqual([b.id]);
      expect((await h.store.recentFrom({ ip: '192.0.2.50', email: 'c@x.example' }, since, 10)).map((r) => r.id)).toEqual([c.id, b.id]);
      expect(await h.store.recentFrom({ ip: '192.0.2.50', email: 'c@x.example' }, since, 1)).toHaveLength(1);
    });

    it('keeps named state', async () => {
      expect(await h.store.getState('nothing')).toBeUndefined();
      await h.store.setState('model', { tokens: { a: 1 } });
      expect(await h.store.getState('model')).toEqual({ tokens: { a: 1 } });
    });

    it('rejects a second submission with the same id and keeps the first', async () => {
      const s = makeStored();
      await h.store.add(s);
      await expect(h.store.add({ ...s, receipt: 'other-receipt', text: 'changed' })).rejects.toMatchObject({ code: 'ERR_DK_STORE' });
      expect((await h.store.get(s.id))!.text).toBe(s.text);
    });

    it('derives sender keys the same way: e-mail trimmed and case-folded, URL host from the mention source first, without www.', async () => {
      const a = makeStored({ author: { name: 'A', email: '  Ann@Example.ORG ', url: 'https://WWW.Ann.Example/blog' } });
      const b = makeStored({ type: 'webmention', author: { name: 'B', email: '', url: 'https://ignored.example/' }, mention: { source: 'http://www.ann.example/post' } });
      const c = makeStored({ author: { name: 'C', email: 'c@example.org', url: 'ann.example' } });
      for (const s of [a, b, c]) await h.store.add(s);
      expect((await h.store.query({ email: 'ann@example.org' })).items.map((s) => s.id)).toEqual([a.id]);
      expect((await h.store.query({ email: 'ANN@EXAMPLE.ORG ' })).total).toBe(1);
      expect((await h.store.query({ urlHost: 'www.ANN.example', order: 'oldest' })).items.map((s) => s.id)).toEqual([a.id, b.id, c.id]);
      expect((await h.store.query({ urlHost: 'ignored.example' })).total).toBe(0);
      const counts = await h.store.senderCounts({ email: 'Ann@example.org', urlHost: 'Ann.Example' });
      expect(counts.byEmail.approved).toBe(1);
      expect(counts.byUrlHost.approved).toBe(3);
      expect((await h.store.recentFrom({ email: 'ANN@example.org' }, '2000-01-01T00:00:00.000Z', 10)).map((r) => r.id)).toEqual([a.id]);
    });

    it('counts by UTC day and by filter over a window, and lists old items oldest first', async () => {
      const now = new Date('2026-03-10T12:00:00Z');
      const day = 24 * 60;
      const sig = (filter: string, score: number) => ({ filter, score, reason: filter });
      const items = [
        makeStored({ status: 'spam', signals: [sig('links', 2), sig('links', 1), sig('words', -0.5)] }, now, 2 * day + 1),
        makeStored({ status: 'approved', signals: [sig('words', -1)] }, now, 2 * day + 2),
        makeStored({ status: 'spam', signals: [sig('links', 1), sig('links', -1)] }, now, 1),
        makeStored({ status: 'pending', signals: [sig('classifier', 0.4)] }, now, 12 * 60 + 1),
        makeStored({ status: 'discard', ipAnonymised: true }, now, 40 * day),
      ];
      for (const s of items) await h.store.add(s);
      const since = '2026-03-01T00:00:00.000Z';
      const until = '2026-03-11T00:00:00.000Z';
      expect(await h.store.countByDay(since, until)).toEqual([
        { day: '2026-03-08', counts: { approved: 1, pending: 0, pitch: 0, spam: 1, discard: 0, trash: 0 } },
        { day: '2026-03-09', counts: { approved: 0, pending: 1, pitch: 0, spam: 0, discard: 0, trash: 0 } },
        { day: '2026-03-10', counts: { approved: 0, pending: 0, pitch: 0, spam: 1, discard: 0, trash: 0 } },
      ]);
      expect(await h.store.countByFilter(since, until)).toEqual([
        { filter: 'classifier', unwanted: 1, genuine: 0 },
        { filter: 'links', unwanted: 1, genuine: 0 },
        { filter: 'words', unwanted: 0, genuine: 2 },
      ]);
      const cutoff = new Date(now.getTime() - day * 60_000).toISOString();
      expect(await h.store.oldIds({ until: cutoff, limit: 10 })).toEqual([items[4]!.id, items[1]!.id, items[0]!.id]);
      expect(await h.store.oldIds({ until: cutoff, status: ['spam', 'discard'], limit: 1 })).toEqual([items[4]!.id]);
      expect(await h.store.oldIds({ until: cutoff, ipNotAnonymised: true, limit: 10 })).toEqual([items[1]!.id, items[0]!.id]);
    });

    it('keeps named maps whose fields change independently, and logs that keep their last entries', async () => {
      await h.store.setStateEntry('revoked', 'a', 1);
      await h.store.setStateEntry('revoked', 'b', { at: 2 });
      await h.store.setStateEntry('revoked', 'a', undefined);
      await h.store.setStateEntry('other', 'a', 3);
      expect(await h.store.getStateEntries('revoked')).toEqual({ b: { at: 2 } });
      expect(await h.store.getStateEntries('nothing')).toEqual({});
      for (let i = 1; i <= 5; i++) await h.store.appendLog('log', { i }, 3);
      expect(await h.store.getLog('log')).toEqual([{ i: 3 }, { i: 4 }, { i: 5 }]);
      expect(await h.store.getLog('empty')).toEqual([]);
      await h.store.replaceLog!('log', [{ i: 3 }, { i: 5, scrubbed: true }]);
      expect(await h.store.getLog('log')).toEqual([{ i: 3 }, { i: 5, scrubbed: true }]);
      await h.store.appendLog('log', { i: 6 }, 3);
      expect(await h.store.getLog('log')).toEqual([{ i: 3 }, { i: 5, scrubbed: true }, { i: 6 }]);
      await h.store.replaceLog!('log', []);
      expect(await h.store.getLog('log')).toEqual([]);
    });

    it('changes several fields of a named map at once', async () => {
      await h.store.setStateEntry('rows', 'a', 1);
      await h.store.setStateEntries('rows', { a: undefined, b: [2, 'two'], c: { at: 3 } });
      await h.store.setStateEntries('rows', {});
      await h.store.setStateEntries('rows', { c: { at: 4 }, d: undefined });
      expect(await h.store.getStateEntries('rows')).toEqual({ b: [2, 'two'], c: { at: 4 } });
      expect(await h.store.getStateEntries('other')).toEqual({});
    });

    it('adds to numbers in a named map, several fields at once, every concurrent addition counted', async () => {
      await h.store.setStateEntries('weights', { a: 1.5, text: 'not a number' });
      await h.store.addToStateEntries!('weights', { a: 0.25, b: -2, text: 1 });
      expect(await h.store.getStateEntries('weights')).toEqual({ a: 1.75, b: -2, text: 1 });
      await Promise.all(Array.from({ length: 20 }, (_, i) => h.store.addToStateEntries!('weights', { a: 1, [`f${i % 2}`]: 0.5 })));
      expect(await h.store.getStateEntries('weights')).toEqual({ a: 21.75, b: -2, text: 1, f0: 5, f1: 5 });
      await h.store.addToStateEntries!('weights', {});
      if (h.twin) {
        // Two processes adding to the same fields at once: both count (never one read, changed and written over the other).
        const other = await h.twin();
        await Promise.all([
          ...Array.from({ length: 10 }, () => h.store.addToStateEntries!('weights', { b: 1, f0: 1, f1: 1 })),
          ...Array.from({ length: 10 }, () => other.addToStateEntries!('weights', { f1: 1, f0: 1, b: 1 })),
        ]);
        expect(await other.getStateEntries('weights')).toMatchObject({ b: 18, f0: 25, f1: 25 });
      }
      if (h.reopen) {
        const again = await h.reopen();
        expect(await again.getStateEntries('weights')).toMatchObject({ a: 21.75, f0: h.twin ? 25 : 5 });
        if (!h.twin) await again.close();
      }
    });

    it('adds to counters atomically and starts an expired counter again', async () => {
      const t0 = '2026-03-10T12:00:00.000Z';
      const t1 = '2026-03-10T12:01:00.000Z';
      const results = await Promise.all(Array.from({ length: 20 }, () => h.store.addToCounter('sign-in:1.2.3.4', 1, t1, t0)));
      expect(Math.max(...results)).toBe(20);
      expect(new Set(results).size).toBe(20);
      expect(await h.store.addToCounter('sign-in:1.2.3.4', -1, t1, t0)).toBe(19);
      expect(await h.store.addToCounter('sign-in:1.2.3.4', 1, '2026-03-10T12:02:00.000Z', t1)).toBe(1);
    });

    it('lets a one-time token be claimed once until it expires, and given back', async () => {
      const now = '2026-03-10T12:00:00.000Z';
      const later = '2026-03-11T12:00:00.000Z';
      const claims = await Promise.all(Array.from({ length: 5 }, () => h.store.claimToken('tok-1', later, now)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await h.store.claimToken('tok-1', later, '2026-03-11T11:59:59.000Z')).toBe(false);
      expect(await h.store.claimToken('tok-1', '2026-03-12T12:00:00.000Z', later)).toBe(true);
      await h.store.claimToken('tok-2', later, now);
      await h.store.releaseToken('tok-2');
      expect(await h.store.claimToken('tok-2', later, now)).toBe(true);
    });

    // The optional template-band capability (TemplateBandStore), for every store that offers it.
    describe('template band rows, when the store keeps them', () => {
      const bandsOf = () => h.store.templateBands!;
      const entry = (id: string, keys: number[], sender = `${id}@x.example`, at = 1000) => ({ id, sender, at, masked: `text of ${id}`, bandKeys: keys });
      const addStored = async (...ids: string[]) => {
        for (const id of ids) await h.store.add(makeStored({ id }));
      };

      it('finds entries sharing band keys, most shared bands first, newest first among equals, never the asking submission', async (ctx) => {
        if (!h.store.templateBands) return ctx.skip();
        await addStored('t1', 't2', 't3', 't4', 'me');
        await bandsOf().addTemplateEntry(entry('t1', [1, 2, 3]));
        await bandsOf().addTemplateEntry(entry('t2', [1, 9, 10]));
        await bandsOf().addTemplateEntry(entry('t3', [1, 2, 11]));
        await bandsOf().addTemplateEntry(entry('t4', [20, 21, 22]));
        await bandsOf().addTemplateEntry(entry('me', [1, 2, 3]));
        const found = await bandsOf().templateCandidates([1, 2, 3], 'me', 96, 10);
        expect(found.entries.map((e) => e.id)).toEqual(['t1', 't3', 't2']);
        expect(found.entries[0]).toEqual({ id: 't1', sender: 't1@x.example', at: 1000, masked: 'text of t1', clusterId: null });
        expect(found.proposed).toBe(4);
        // At most `perBand` newest of each band (the asking submission's own among them), and `limit` in all.
        expect((await bandsOf().templateCandidates([1], 'me', 3, 10)).entries.map((e) => e.id)).toEqual(['t3', 't2']);
        expect((await bandsOf().templateCandidates([1, 2, 3], 'me', 96, 1)).entries.map((e) => e.id)).toEqual(['t1']);
        expect((await bandsOf().templateCandidates([99], 'me', 96, 10)).entries).toEqual([]);
        expect((await bandsOf().indexedTemplateIds(['t1', 'nope', 'me'])).sort()).toEqual(['me', 't1']);
      });

      it('files an entry with its matches not yet in a campaign, says who joined, and indexes an entry once', async (ctx) => {
        if (!h.store.templateBands) return ctx.skip();
        await addStored('a', 'b', 'c', 'd');
        await bandsOf().addTemplateEntry(entry('a', [1, 2], 'anna', 1000));
        await bandsOf().addTemplateEntry(entry('b', [1, 2], 'boris', 2000));
        const joined = await bandsOf().addTemplateEntry(entry('c', [1, 2], 'chloe', 3000), { id: 'tpl-a', representative: 'text of a', sample: 'Hi there', join: ['a', 'b'] });
        expect(joined.sort()).toEqual([['a', 'anna', 1000], ['b', 'boris', 2000], ['c', 'chloe', 3000]]);
        // A later member joins the campaign; those already in it are not announced again.
        expect(await bandsOf().addTemplateEntry(entry('d', [1, 2], 'dmitri', 4000), { id: 'tpl-a', representative: '', sample: '', join: ['a', 'c'] }))
          .toEqual([['d', 'dmitri', 4000]]);
        expect(await bandsOf().addTemplateEntry(entry('d', [5], 'dmitri', 4000))).toEqual([]);
        const campaign = await bandsOf().campaign('tpl-a');
        expect(campaign).toEqual({
          id: 'tpl-a', representative: 'text of a', sample: 'Hi there', decision: null,
          members: [['a', 'anna', 1000], ['b', 'boris', 2000], ['c', 'chloe', 3000], ['d', 'dmitri', 4000]],
        });
        expect((await bandsOf().templateCandidates([1], 'x', 96, 10)).entries.every((e) => e.clusterId === 'tpl-a')).toBe(true);
        expect(await bandsOf().campaigns()).toEqual([campaign]);
      });

      it('writes an entry handed over before its submission in the submission\'s own statement, and says who joined', async (ctx) => {
        if (!h.store.templateBands?.stageTemplateEntry) return ctx.skip();
        await addStored('a');
        await bandsOf().addTemplateEntry(entry('a', [1, 2], 'anna', 1000));
        const written = bandsOf().stageTemplateEntry!(entry('b', [1, 2], 'boris', 2000), { id: 'tpl-a', representative: 'r', sample: 's', join: ['a'] });
        await h.store.add(makeStored({ id: 'b', clusterId: 'tpl-a' }));
        expect((await written)!.sort()).toEqual([['a', 'anna', 1000], ['b', 'boris', 2000]]);
        expect((await h.store.get('b'))!.clusterId).toBe('tpl-a');
        expect((await bandsOf().campaign('tpl-a'))!.members).toHaveLength(2);
        // An add that fails writes neither, and says the entry was not written.
        const again = bandsOf().stageTemplateEntry!(entry('b', [3], 'boris', 2000));
        await expect(h.store.add(makeStored({ id: 'b' }))).rejects.toThrow(/already stored/);
        expect(await again).toBeUndefined();
        expect((await bandsOf().templateCandidates([3], 'x', 96, 10)).entries).toEqual([]);
      });

      it('makes a campaign of a lone entry on a decision, and changes a campaign\'s decision and texts', async (ctx) => {
        if (!h.store.templateBands) return ctx.skip();
        await addStored('lone', 'short');
        await bandsOf().addTemplateEntry(entry('lone', [7], 'lena', 500));
        const made = await bandsOf().saveCampaign('tpl-lone', { from: 'lone', sample: 'Buy now', decision: 'spam' });
        expect(made).toEqual({ id: 'tpl-lone', representative: 'text of lone', sample: 'Buy now', decision: 'spam', members: [['lone', 'lena', 500]] });
        expect(await bandsOf().saveCampaign('tpl-short', { from: 'short', decision: 'spam' })).toBeUndefined();
        expect(await bandsOf().saveCampaign('tpl-lone', { decision: null, sample: '' })).toMatchObject({ decision: null, sample: '', representative: 'text of lone' });
      });

      it('deletes entries, their band rows and emptied campaigns with the submissions (retention, erasure)', async (ctx) => {
        if (!h.store.templateBands) return ctx.skip();
        await addStored('a', 'b', 'c');
        await bandsOf().addTemplateEntry(entry('a', [1, 2], 'anna'));
        await bandsOf().addTemplateEntry(entry('b', [1, 2], 'boris'), { id: 'tpl-a', representative: 'r', sample: 's', join: ['a'] });
        await bandsOf().addTemplateEntry(entry('c', [3], 'chloe'));
        expect(await h.store.remove(['a'])).toBe(1);
        expect((await bandsOf().campaign('tpl-a'))!.members.map(([id]) => id)).toEqual(['b']);
        expect((await bandsOf().templateCandidates([1, 2, 3], 'x', 96, 10)).entries.map((e) => e.id).sort()).toEqual(['b', 'c']);
        await h.store.remove(['b', 'c']);
        expect(await bandsOf().campaign('tpl-a')).toBeUndefined();
        expect(await bandsOf().templateCandidates([1, 2, 3], 'x', 96, 10)).toEqual({ entries: [], proposed: 0 });
        expect(await bandsOf().indexedTemplateIds(['a', 'b', 'c'])).toEqual([]);
        if (name === 'postgres') {
          const left = await (h.store as PostgresStore).pool.query('SELECT (SELECT count(*) FROM doorkeep_template_bands) AS bands, (SELECT count(*) FROM doorkeep_template_entries) AS entries');
          expect(left.rows[0]).toEqual({ bands: '0', entries: '0' });
        }
      });
    });

    if (STORES[name] && name === 'postgres') {
      it('moves an older schema up to the current version on open, once', async () => {
        const pgStore = h.store as PostgresStore;
        await pgStore.pool.query('DROP INDEX doorkeep_submissions_host_time');
        await pgStore.pool.query("UPDATE doorkeep_meta SET value = '1' WHERE key = 'schema_version'");
        const again = await h.twin!();
        const version = await pgStore.pool.query("SELECT value FROM doorkeep_meta WHERE key = 'schema_version'");
        expect(Number(version.rows[0].value)).toBe(POSTGRES_SCHEMA_VERSION);
        const index = await pgStore.pool.query("SELECT 1 FROM pg_indexes WHERE indexname = 'doorkeep_submissions_host_time' AND schemaname = current_schema()");
        expect(index.rowCount).toBe(1);
        await again.open();
        expect((await pgStore.pool.query("SELECT value FROM doorkeep_meta WHERE key = 'schema_version'")).rows[0].value).toBe(String(POSTGRES_SCHEMA_VERSION));
      });

      it('imports many submissions in one go, leaving ids already stored as they are', async () => {
        const pgStore = h.store as PostgresStore;
        const odd = makeStored({ postId: null, text: 'quotes " \' and a backslash \\ and {braces}, NULL, émoji 🙂', content: '<p>a,b "c"</p>' });
        const many = [odd, ...Array.from({ length: 6_001 }, () => makeStored())];
        const first = await pgStore.importSubmissions(many.slice(0, 10));
        expect(first).toBe(10);
        expect(await pgStore.importSubmissions(many)).toBe(many.length - 10);
        expect((await h.store.query({ limit: 0 })).total).toBe(many.length);
        expect(await h.store.get(odd.id)).toEqual(odd);
        expect(await h.store.getByReceipt(many[6_000]!.receipt)).toEqual(many[6_000]);
      });

      it('announces what one instance changes to another sharing the data, not to itself', async () => {
        const other = await h.twin!();
        const heard: StoreChange[] = [];
        const ownHeard: StoreChange[] = [];
        other.subscribe((c) => heard.push(c));
        h.store.subscribe((c) => ownHeard.push(c));
        await (other as PostgresStore).listening();
        await (h.store as PostgresStore).listening();
        // Another site in another schema of the same database hears nothing of this one (channels are database-wide).
        const elsewhere = await createTestSchema();
        const neighbour = createPostgresStore({ pool: elsewhere.pool() });
        await neighbour.open();
        const neighbourHeard: StoreChange[] = [];
        neighbour.subscribe((c) => neighbourHeard.push(c));
        await neighbour.listening();
        const s = makeStored();
        await h.store.add(s);
        await h.store.update(s.id, { status: 'spam' });
        await h.store.setState('settings', { mode: 'observe' });
        await h.store.remove([s.id]);
        expect(await waitFor(() => heard.length >= 4)).toBe(true);
        expect(heard).toEqual([
          // A new submission is announced by id alone (no instance observes another's: the template index is rows).
          { kind: 'added', id: s.id }, { kind: 'updated', id: s.id }, { kind: 'state', key: 'settings' }, { kind: 'removed', ids: [s.id] },
        ]);
        expect(neighbourHeard).toEqual([]);
        await neighbour.close();
        await elsewhere.drop();
        expect(ownHeard).toEqual([]);
        // A token claimed by one instance is taken for the other.
        expect(await h.store.claimToken('shared', '2026-03-11T00:00:00.000Z', '2026-03-10T00:00:00.000Z')).toBe(true);
        expect(await other.claimToken('shared', '2026-03-11T00:00:00.000Z', '2026-03-10T00:00:00.000Z')).toBe(false);
      });
    }

    if (h_reopens(name)) {
      it('reads everything back after a restart', async () => {
        const s = makeStored({ status: 'pitch', signals: [{ filter: 'outreach', score: 2, reason: 'pitch words' }] });
        s.history[0] = { ...s.history[0]!, signals: s.signals } as typeof s.history[0];
        await h.store.add(s);
        await h.store.update(s.id, { clusterId: 'c1' }, [{ at: 'x', type: 'note', by: 'admin', actor: 'person', note: 'seen' }]);
        await h.store.setState('model', [1, 2, 3]);
        await h.store.setStateEntry('map', 'k', 'v');
        await h.store.appendLog('log', 1, 10);
        await h.store.addToCounter('n', 2, '2999-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
        await h.store.close();
        const again = await h.reopen!();
        const back = (await again.get(s.id))!;
        expect(back).toEqual({ ...s, clusterId: 'c1', history: [...s.history, { at: 'x', type: 'note', by: 'admin', actor: 'person', note: 'seen' }] });
        expect(await again.getState('model')).toEqual([1, 2, 3]);
        expect(await again.getStateEntries('map')).toEqual({ k: 'v' });
        expect(await again.getLog('log')).toEqual([1]);
        expect(await again.addToCounter('n', 1, '2999-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')).toBe(3);
        expect((await again.senderCounts({ email: s.author.email })).byEmail.pitch).toBe(1);
        expect((await again.query({ clusterId: 'c1' })).total).toBe(1);
        await again.close();
      });
    }
  });
}

describe('lowdb store file handling', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dk-file-'));
    file = join(dir, 'db.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const journal = (month = '2026-03') => join(dir, 'db.submissions', `${month}.jsonl`);
  const stateJournal = (generation: number) => join(dir, `db.state.${generation}.jsonl`);

  it('appends each state change to a journal, one line each, without rewriting the head', async () => {
    const store = createLowdbStore(file, { writeDelayMs: 1 });
    await store.open();
    const head = await readFile(file, 'utf8');
    await store.setState('settings', { mode: 'observe' });
    await store.setStateEntries('rows', { a: [1, 'x'], b: [2, 'y'] });
    await store.setStateEntries('rows', { a: undefined });
    await store.appendLog('log', { i: 1 }, 5);
    await store.addToCounter('n', 3, '2999-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
    expect(await readFile(file, 'utf8')).toBe(head);
    expect((await readFile(stateJournal(0), 'utf8')).trim().split('\n')).toHaveLength(5);
    await store.close();
    const again = createLowdbStore(file);
    await again.open();
    expect(await again.getState('settings')).toEqual({ mode: 'observe' });
    expect(await again.getStateEntries('rows')).toEqual({ b: [2, 'y'] });
    expect(await again.getLog('log')).toEqual([{ i: 1 }]);
    expect(await again.addToCounter('n', 1, '2999-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')).toBe(4);
    await again.close();
  });

  it('folds a state journal that outgrew the snapshot into a new one while writes go on, losing nothing', async () => {
    const store = createLowdbStore(file, { writeDelayMs: 1 });
    await store.open();
    const text = 'x'.repeat(4000);
    // About 1.2 MB of rows, most of them changed twice: the journal passes 1 MB and the snapshot is written.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 150; i++) await store.setStateEntries('rows', { [`r${i}`]: [round, text] });
    }
    // Changes made while the snapshot is being written are carried into the next journal.
    const during = Array.from({ length: 50 }, (_, i) => store.setStateEntry('more', `m${i}`, i));
    await Promise.all([...during, store.appendLog('log', 'a', 3), store.setState('v', 1)]);
    await store.add(makeStored({ id: 'kept-1' }));
    await store.close();
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved.version).toBe(3);
    expect(saved.journal).toBeGreaterThanOrEqual(1);
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(dir)).filter((name) => name.startsWith('db.state.'))).toEqual([`db.state.${saved.journal}.jsonl`]);

    const again = createLowdbStore(file);
    await again.open();
    const rows = await again.getStateEntries<[number, string]>('rows');
    expect(Object.keys(rows)).toHaveLength(150);
    expect(Object.values(rows).every(([round]) => round === 1)).toBe(true);
    expect(Object.keys(await again.getStateEntries('more'))).toHaveLength(50);
    expect(await again.getLog('log')).toEqual(['a']);
    expect(await again.getState('v')).toBe(1);
    expect(await again.get('kept-1')).toBeDefined();
    await again.close();
  });

  it('reads back journal lines longer than the chunks it reads, and lines that straddle them', async () => {
    const store = createLowdbStore(file, { writeDelayMs: 1 });
    await store.open();
    // One month's journal: a 5 MB record (longer than one 4 MB chunk) among 3,000 of 2–3 KB (lines straddle chunks).
    const big = makeStored({ id: 'big', receipt: 'r-big', text: 'é'.repeat(2_500_000), receivedAt: '2026-03-01T10:00:00.000Z' });
    const small = Array.from({ length: 3000 }, (_, i) => makeStored({
      id: `s${i}`, receipt: `r${i}`, text: `${i} ${'ü'.repeat(1000 + (i % 500))}`, receivedAt: `2026-03-02T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
    }));
    await store.add(big);
    await Promise.all(small.map((s) => store.add(s)));
    await store.close();
    const again = createLowdbStore(file);
    await again.open();
    expect((await again.get('big'))!.text).toBe(big.text);
    expect((await again.query({ limit: 0 })).total).toBe(3001);
    for (const i of [0, 1234, 2999]) expect((await again.get(`s${i}`))!.text).toBe(small[i]!.text);
    await again.close();
  });

  it('cuts off a torn last line of the state journal (a write a crash interrupted, never acknowledged)', async () => {
    const store = createLowdbStore(file, { writeDelayMs: 1 });
    await store.open();
    await store.setState('kept', 1);
    await store.close();
    await writeFile(stateJournal(0), `${await readFile(stateJournal(0), 'utf8')}{"v":"torn","x":`);
    const again = createLowdbStore(file);
    await again.open();
    expect(await again.getState('kept')).toBe(1);
    expect(await again.getState('torn')).toBeUndefined();
    await again.setState('after', 2);
    await again.close();
    const third = createLowdbStore(file);
    await third.open();
    expect(await third.getState('after')).toBe(2);
    await third.close();
  });

  it('compact() rewrites the journals so removed and superseded records leave no copy, and keeps the rest', async () => {
    const store = createLowdbStore(file, { writeDelayMs: 1 });
    await store.open();
    const gone = makeStored({ receivedAt: '2026-03-02T10:00:00.000Z', author: { name: 'Gone Person', email: 'gone@example.org', url: '' } });
    const kept = makeStored({ receivedAt: '2026-03-03T10:00:00.000Z' });
    await store.add(gone);
    await store.add(kept);
    await store.update(kept.id, { status: 'approved' });
    await store.remove([gone.id]);
    expect(await readFile(journal(), 'utf8')).toContain('gone@example.org');
    await store.compact!();
    const text = await readFile(journal(), 'utf8');
    expect(text).not.toContain('gone@example.org');
    expect(text.trim().split('\n')).toHaveLength(1);
    await store.close();
    const again = createLowdbStore(file);
    await again.open();
    expect((await again.get(kept.id))?.status).toBe('approved');
    expect(await again.get(gone.id)).toBeUndefined();
    await again.close();
  });

  it('refuses a corrupt file instead of overwriting it', async () => {
    await writeFile(file, '{"version":1,"submissions":[{"id":"a"');
    await expect(createLowdbStore(file).open()).rejects.toMatchObject({ code: 'ERR_DK_STORE' });
    expect(await readFile(file, 'utf8')).toBe('{"version":1,"submissions":[{"id":"a"');
  });

  it('refuses a data file holding null, naming the file, and leaves it as it was', async () => {
    await writeFile(file, 'null');
    await expect(createLowdbStore(file).open()).rejects.toThrow(`${file} is not a Doorkeep data file`);
    expect(await readFile(file, 'utf8')).toBe('null');
  });

  it('refuses a malformed record with the file and line, and rewrites nothing', async () => {
    const store = createLowdbStore(file, { writeDelayMs: 1 });
    await store.open();
    await store.add(makeStored());
    await store.close();
    const good = await readFile(journal(), 'utf8');
    const bad = `${good}{"a":{"id":"x","status":"nonsense"}}\n`;
    await writeFile(journal(), bad);
    const head = await readFile(file, 'utf8');
    await expect(createLowdbStore(file).open()).rejects.toThrow(`${journal()} line 2: not a stored submission`);
    expect(await readFile(journal(), 'utf8')).toBe(bad);
    expect(await readFile(file, 'utf8')).toBe(head);
  });

  it('cuts off a torn last line (a crash mid-write, never acknowledged) and keeps the rest', async () => {
    const store = createLowdbStore(file, { writeDelayMs: 1 });
    await store.open();
    const kept = makeStored();
    await store.add(kept);
    await store.close();
    const good = await readFile(journal(), 'utf8');
    await writeFile(journal(), `${good}{"a":{"id":"torn","rec`);
    const again = createLowdbStore(file, { writeDelayMs: 1 });
    await again.open();
    expect(await again.get(kept.id)).toEqual(kept);
    const next = makeStored();
    await again.add(next);
    await again.close();
    const third = createLowdbStore(file);
    await third.open();
    expect((await third.query({})).total).toBe(2);
    await third.close();
  });

  it('appends each change instead of rewriting what is stored, and acknowledges coalesced batches', async () => {
    const store = createLowdbStore(file, { writeDelayMs: 20 });
    await store.open();
    const items = Array.from({ length: 200 }, () => makeStored());
    await Promise.all(items.map((s) => store.add(s)));
    expect(store.writeCount).toBeLessThanOrEqual(3);
    const lines = (await readFile(journal(), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(200);
    const size = (await readFile(journal())).length;
    const one = makeStored();
    await store.add(one);
    const grown = (await readFile(journal())).length - size;
    const last = (await readFile(journal(), 'utf8')).trim().split('\n').at(-1)!;
    expect(JSON.parse(last).a.id).toBe(one.id);
    expect(grown).toBe(Buffer.byteLength(last) + 1);
    expect(grown).toBeLessThan(2000); // one record's line, whatever is stored already
    await store.close();
  });

  it('moves a version 1 file (everything in one document) to the journal layout', async () => {
    const a = makeStored({ status: 'spam' });
    const b = makeStored({}, new Date('2026-04-02T00:00:00Z'));
    await writeFile(file, JSON.stringify({ version: 1, submissions: [a, b], state: { settings: { mode: 'observe' } } }));
    const store = createLowdbStore(file);
    await store.open();
    expect(await store.get(a.id)).toEqual(a);
    expect(await store.getState('settings')).toEqual({ mode: 'observe' });
    await store.close();
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(3);
    expect((await readFile(journal('2026-04'), 'utf8')).trim().split('\n')).toHaveLength(1);
    const again = createLowdbStore(file);
    await again.open();
    expect((await again.query({})).items.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
    await again.close();
  });

  it('compacts a month whose journal is mostly superseded lines', async () => {
    const store = createLowdbStore(file, { writeDelayMs: 1 });
    await store.open();
    const s = makeStored();
    await store.add(s);
    for (let i = 0; i < 1100; i++) await store.update(s.id, { score: i });
    await store.close();
    expect((await readFile(journal(), 'utf8')).trim().split('\n').length).toBeLessThan(200);
    const again = createLowdbStore(file);
    await again.open();
    expect((await again.get(s.id))!.score).toBe(1099);
    await again.close();
  });

  it('takes a failed write back out of memory: the add is rejected, nothing is stored, a retry succeeds', async () => {
    const store = createLowdbStore(file, { writeDelayMs: 1 });
    await store.open();
    const s = makeStored();
    // The month's journal is a device that is always full: every write to it fails with ENOSPC.
    await symlink('/dev/full', journal());
    await expect(store.add(s)).rejects.toThrow(/Could not save.*Nothing from this write was kept/);
    expect(await store.get(s.id)).toBeUndefined();
    expect(await store.getByReceipt(s.receipt)).toBeUndefined();
    expect((await store.countByStatus()).approved).toBe(0);
    expect((await store.senderCounts({ email: s.author.email })).byEmail.approved).toBe(0);
    await store.close();
    await unlink(journal());
    const again = createLowdbStore(file, { writeDelayMs: 1 });
    await again.open();
    expect(await again.get(s.id)).toBeUndefined();
    await again.add(s);
    expect(await again.get(s.id)).toEqual(s);
    await again.close();
  });
});
