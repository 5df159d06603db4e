import { describe, expect, it } from 'vitest';
import { createDoorkeep } from '../plugin/doorkeep.js';
import { DEFAULT_SETTINGS, mergeSettings } from '../plugin/settings.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import { makeDoorkeep } from './support/doorkeep.js';

const site = { name: 'S', url: 'https://s.example' };

describe('options are checked once, at creation', () => {
  it('rejects unknown options with a hint', async () => {
    await expect(createDoorkeep({ site, store: createMemoryStore(), dataFiel: 'x' } as never))
      .rejects.toThrow(/Unknown option `options.dataFiel`. Did you mean `dataFile`\?/);
  });
  it('names the option with the wrong type', async () => {
    await expect(createDoorkeep({ site, store: createMemoryStore(), getPost: 'nope' } as never)).rejects.toThrow(/`getPost` must be a function/);
    await expect(createDoorkeep({ site: { name: 'S', url: 'ftp://x' }, store: createMemoryStore() })).rejects.toThrow(/site.url/);
  });
  it('rejects a store that lacks required methods with a TypeError', async () => {
    await expect(createDoorkeep({ site, store: { open: async () => {} } as never })).rejects.toThrow(TypeError);
  });
  it('rejects unknown filters and bad filter options in the initial settings', async () => {
    await expect(createDoorkeep({ site, store: createMemoryStore(), settings: { filters: { linx: false } } })).rejects.toThrow(/Did you mean `links`/);
    await expect(createDoorkeep({ site, store: createMemoryStore(), settings: { filters: { links: { nope: 1 } } } })).rejects.toMatchObject({ code: 'ERR_DK_OPTIONS' });
  });
});

describe('settings', () => {
  it('merges objects and replaces lists', () => {
    const merged = mergeSettings(DEFAULT_SETTINGS, { thresholds: { spam: 4 }, lists: { blockedIps: ['192.0.2.1'] } });
    expect(merged.thresholds).toEqual({ ...DEFAULT_SETTINGS.thresholds, spam: 4 });
    expect(merged.lists.blockedIps).toEqual(['192.0.2.1']);
    expect(DEFAULT_SETTINGS.lists.blockedIps).toEqual([]);
  });
  it('refuses bad values naming the field, and saves nothing', async () => {
    const dk = await makeDoorkeep();
    const before = dk.settings();
    await expect(dk.updateSettings({ retention: { spamDays: -1 } })).rejects.toMatchObject({ code: 'ERR_DK_SETTINGS', field: 'retention.spamDays' });
    await expect(dk.updateSettings({ thresholds: { pending: 9 } })).rejects.toThrow(/pending ≤ spam/);
    await expect(dk.updateSettings({ colour: 'red' })).rejects.toThrow(/Unknown setting `colour`/);
    expect(dk.settings()).toEqual(before);
    await dk.close();
  });
  it('applies a saved change at once and keeps it across a restart', async () => {
    const store = createMemoryStore();
    const dk = await makeDoorkeep({ store });
    await dk.updateSettings({ retention: { spamDays: 5 }, filters: { links: false } });
    expect(dk.settings().retention.spamDays).toBe(5);
    await dk.close();
    const again = await makeDoorkeep({ store });
    expect(again.settings().retention.spamDays).toBe(5);
    expect(again.settings().filters.links).toBe(false);
    await again.close();
  });
});
