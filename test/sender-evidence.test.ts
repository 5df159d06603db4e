import { describe, expect, it } from 'vitest';
import { createDoorkeep } from '../plugin/doorkeep.js';
import { unwantedBy } from '../plugin/pipeline/sender-evidence.js';
import { DEFAULT_SETTINGS } from '../plugin/settings.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import type { Signal, Store } from '../plugin/types.js';
import { makeStored } from './support/factories.js';

const thresholds = DEFAULT_SETTINGS.thresholds;
const learned: Signal = { filter: 'classifier', score: 4, kind: 'spam', reason: 'Learned: looks like spam (0.99)' };
const echo: Signal = { filter: 'reputation', score: 2, kind: 'spam', reason: 'This IP address sent 1 submission marked spam before' };
const honeypot: Signal = { filter: 'honeypot', score: 10, kind: 'spam', force: 'discard', reason: 'The hidden field was filled in' };

describe('what a sender\'s history may count against them', () => {
  it('a verdict made by learned signals alone (classifier, reputation) is not evidence', () => {
    expect(unwantedBy(makeStored({ status: 'spam', signals: [learned, echo] }), thresholds)).toBeUndefined();
  });

  it('a forced signal, or the other filters alone reaching spam, is strong evidence', () => {
    expect(unwantedBy(makeStored({ status: 'discard', signals: [honeypot] }), thresholds)).toBe('strong');
    const links: Signal = { filter: 'links', score: 3.5, kind: 'spam', reason: '6 links' };
    expect(unwantedBy(makeStored({ status: 'spam', signals: [links, learned] }), thresholds)).toBe('strong');
  });

  it('a person\'s decision counts, and a person\'s approval outweighs an automatic spam', () => {
    const decided = makeStored({ status: 'spam', signals: [learned], history: [{ at: '2026-01-01T00:00:00Z', type: 'status', by: 'anna', actor: 'person', from: 'pending', to: 'spam' }] });
    expect(unwantedBy(decided, thresholds)).toBe('person');
    expect(unwantedBy(makeStored({ status: 'approved', signals: [learned] }), thresholds)).toBeUndefined();
  });
});

describe('reputation does not cascade from Doorkeep\'s own verdicts', () => {
  const IP = '203.0.113.7';
  let clock = new Date('2026-03-01T10:00:00Z');

  async function site(): Promise<{ store: Store; dk: Awaited<ReturnType<typeof createDoorkeep>> }> {
    const store = createMemoryStore();
    const dk = await createDoorkeep({
      store, prior: false, site: { name: 'Blog', url: 'https://blog.example' }, clock: { now: () => clock }, retentionIntervalMs: false,
      getPost: () => ({ id: 'p1', title: 'Sourdough without a schedule', body: 'Feeding a starter once a day.' }),
    });
    return { store, dk };
  }

  const comment = (id: string, name: string, content: string) => {
    clock = new Date(clock.getTime() + 3 * 60 * 60 * 1000);
    return { id, type: 'comment' as const, postId: 'p1', author: { name }, ip: IP, content };
  };
  const reputation = (signals: Signal[]) => signals.filter((s) => s.filter === 'reputation' && s.score > 0);

  it('an earlier automatic spam from the same address, made by learned signals alone, counts for nothing', async () => {
    const { store, dk } = await site();
    await store.add(makeStored({ id: 'auto-1', ip: IP, status: 'spam', signals: [learned], author: { name: 'Someone', email: '', url: '' } }));
    const { verdict } = await dk.moderate(comment('c1', 'Guðrún', 'My starter smelled of acetone too; feeding it twice a day fixed it.'));
    expect(reputation(verdict.signals)).toEqual([]);
    expect(verdict.status).toBe('approved');
    await dk.close();
  });

  it('a person marking one spam counts against the address; many different senders make it a shared address, weighed lightly', async () => {
    const { dk } = await site();
    await dk.moderate(comment('c1', 'Spammer', 'buy cheap pills online'));
    await dk.decide('c1', 'spam', 'anna');
    const next = await dk.moderate(comment('c2', 'Spammer', 'The loaf looks lovely, what flour is it?'));
    expect(reputation(next.verdict.signals)).toMatchObject([{ score: 1, reason: 'This IP address sent 1 submission marked spam before (by a moderator or by clear evidence)' }]);
    await dk.decide('c2', 'approve', 'anna');
    await dk.moderate(comment('c3', 'Jón', 'Does this work with rye flour?'));
    await dk.decide('c3', 'approve', 'anna');
    await dk.moderate(comment('c3b', 'Lilja', 'Mine rose better after an overnight proof in the fridge.'));
    await dk.decide('c3b', 'approve', 'anna');
    const shared = await dk.moderate(comment('c4', 'María', 'I bake at 230 degrees, is that too hot for this loaf?'));
    const [signal] = reputation(shared.verdict.signals);
    expect(signal!.score).toBeLessThanOrEqual(1);
    expect(signal!.reason).toContain('which 3 different senders used');
    expect(shared.verdict.status).not.toBe('spam');
    await dk.close();
  });

  it('four readers behind one address stay readers when Doorkeep alone held the first', async () => {
    const { store, dk } = await site();
    await store.add(makeStored({ id: 'auto-1', ip: IP, status: 'spam', signals: [learned, echo], author: { name: 'Reader 0', email: '', url: '' } }));
    for (const [i, name] of ['Ása', 'Bjarni', 'Katrín', 'Dagur'].entries()) {
      const { verdict } = await dk.moderate(comment(`r${i}`, name, `Thank you, the note about the cold oven helped with my loaf number ${i + 2}.`));
      expect(reputation(verdict.signals)).toEqual([]);
      expect(['spam', 'discard', 'pitch']).not.toContain(verdict.status);
    }
    await dk.close();
  });
});
