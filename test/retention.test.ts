import { describe, expect, it } from 'vitest';
import { anonymiseIp } from '../plugin/retention.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import { makeClock, makeDoorkeep } from './support/doorkeep.js';
import { makeStored } from './support/stored.js';

const DAY = 24 * 60 * 60 * 1000;

describe('retention', () => {
  it('anonymises IPv4 to /24 and IPv6 to /48', () => {
    expect(anonymiseIp('203.0.113.77')).toBe('203.0.113.0');
    expect(anonymiseIp('::ffff:203.0.113.77')).toBe('203.0.113.0');
    expect(anonymiseIp('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3::');
    expect(anonymiseIp('2001:db8::1')).toBe('2001:db8:0::');
  });

  it('deletes spam older than the window, keeps newer spam and everything else, anonymises old IPs', async () => {
    const clock = makeClock('2026-06-01T00:00:00Z');
    const store = createMemoryStore();
    const dk = await makeDoorkeep({ store, clock });
    const now = clock.now();
    const oldSpam = makeStored({ status: 'spam' }, now, 16 * 24 * 60);
    const newSpam = makeStored({ status: 'spam' }, now, 14 * 24 * 60);
    const oldDiscard = makeStored({ status: 'discard' }, now, 3 * 24 * 60);
    const oldApproved = makeStored({ status: 'approved', ip: '198.51.100.23' }, now, 31 * 24 * 60);
    const recentApproved = makeStored({ status: 'approved', ip: '198.51.100.24' }, now, 29 * 24 * 60);
    for (const s of [oldSpam, newSpam, oldDiscard, oldApproved, recentApproved]) await store.add(s);

    const report = await dk.runRetention();
    expect(report).toEqual({ deletedSpam: 1, deletedDiscarded: 1, deletedTrash: 0, anonymisedIps: 1 });
    expect(await store.get(oldSpam.id)).toBeUndefined();
    expect(await store.get(oldDiscard.id)).toBeUndefined();
    expect(await store.get(newSpam.id)).toBeDefined();
    expect((await store.get(oldApproved.id))!.ip).toBe('198.51.100.0');
    expect((await store.get(recentApproved.id))!.ip).toBe('198.51.100.24');

    clock.advance(2 * DAY);
    expect(await dk.runRetention()).toEqual({ deletedSpam: 1, deletedDiscarded: 0, deletedTrash: 0, anonymisedIps: 1 });
    expect(await dk.runRetention()).toEqual({ deletedSpam: 0, deletedDiscarded: 0, deletedTrash: 0, anonymisedIps: 0 });
    await dk.close();
  });

  it('follows the retention settings', async () => {
    const clock = makeClock('2026-06-01T00:00:00Z');
    const store = createMemoryStore();
    const dk = await makeDoorkeep({ store, clock, settings: { retention: { spamDays: 3 } } });
    await store.add(makeStored({ status: 'spam' }, clock.now(), 4 * 24 * 60));
    expect((await dk.runRetention()).deletedSpam).toBe(1);
    await dk.close();
  });

  it('deletes trash once it has been in the trash longer than trashDays, counted from when it was trashed', async () => {
    const clock = makeClock('2026-06-01T00:00:00Z');
    const store = createMemoryStore();
    const dk = await makeDoorkeep({ store, clock, settings: { retention: { trashDays: 10 } } });
    const now = clock.now();
    const trashedLongAgo = makeStored({ status: 'approved' }, now, 60 * 24 * 60);
    const receivedLongAgoTrashedToday = makeStored({ status: 'approved' }, now, 60 * 24 * 60);
    for (const s of [trashedLongAgo, receivedLongAgoTrashedToday]) await store.add(s);
    const at = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
    await store.update(trashedLongAgo.id, { status: 'trash' }, [{ at: at(11), type: 'status', by: 'admin', actor: 'person', from: 'approved', to: 'trash' }]);
    await store.update(receivedLongAgoTrashedToday.id, { status: 'trash' }, [{ at: at(0), type: 'status', by: 'admin', actor: 'person', from: 'approved', to: 'trash' }]);
    expect((await dk.runRetention()).deletedTrash).toBe(1);
    expect(await store.get(trashedLongAgo.id)).toBeUndefined();
    expect((await store.get(receivedLongAgoTrashedToday.id))!.status).toBe('trash');
    await dk.close();
  });
});
