/**
 * One contract, run against every store implementation (the koa-compose pattern): a new store passes
 * by being added to STORES.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLowdbStore } from '../plugin/store/lowdb-store.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import type { Store } from '../plugin/types.js';
import { makeStored } from './support/stored.js';

interface Harness {
  store: Store;
  /** A fresh store over the same data (a restart), or undefined for stores that keep nothing. */
  reopen?: () => Promise<Store>;
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

    if (name === 'lowdb') {
      it('reads everything back after a restart', async () => {
        const s = makeStored({ status: 'pitch' });
        await h.store.add(s);
        await h.store.setState('model', [1, 2, 3]);
        await h.store.close();
        const again = await h.reopen!();
        expect(await again.get(s.id)).toEqual(s);
        expect(await again.getState('model')).toEqual([1, 2, 3]);
        expect((await again.senderCounts({ email: s.author.email })).byEmail.pitch).toBe(1);
        await again.close();
      });
    }
  });
}

describe('lowdb store file handling', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dk-file-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses a corrupt file instead of overwriting it', async () => {
    const file = join(dir, 'db.json');
    await writeFile(file, '{"version":1,"submissions":[{"id":"a"');
    await expect(createLowdbStore(file).open()).rejects.toMatchObject({ code: 'ERR_DK_STORE' });
    expect(await readFile(file, 'utf8')).toBe('{"version":1,"submissions":[{"id":"a"');
  });

  it('coalesces many concurrent adds into few whole-file writes, each acknowledged only once durable', async () => {
    const file = join(dir, 'db.json');
    const store = createLowdbStore(file, { writeDelayMs: 20 });
    await store.open();
    const items = Array.from({ length: 200 }, () => makeStored());
    await Promise.all(items.map((s) => store.add(s)));
    const onDisk = JSON.parse(await readFile(file, 'utf8'));
    expect(onDisk.submissions).toHaveLength(200);
    expect(store.writeCount).toBeLessThanOrEqual(3);
    await store.close();
  });
});
