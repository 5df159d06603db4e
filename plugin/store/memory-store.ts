/** A store that keeps everything in memory: for tests, batch runs and the benchmark. Nothing is written anywhere. */
import type { Store } from '../types.js';
import { IndexedCollection } from './indexed-collection.js';

/**
 * Every Store method but open/close over in-memory data. `changed` runs after each write and the
 * write resolves once it has: the lowdb store flushes to its file there.
 */
export function storeOverMemory(
  data: IndexedCollection,
  state: Map<string, unknown>,
  changed: () => Promise<void> = async () => {},
): Omit<Store, 'open' | 'close'> {
  return {
    async add(submission) {
      data.add(submission);
      await changed();
    },
    async get(id) {
      return data.get(id);
    },
    async getByReceipt(receipt) {
      return data.getByReceipt(receipt);
    },
    async update(id, patch, history) {
      const updated = data.update(id, patch, history);
      if (updated) await changed();
      return updated;
    },
    async remove(ids) {
      const removed = data.remove(ids);
      if (removed) await changed();
      return removed;
    },
    async query(query) {
      return data.query(query);
    },
    async senderCounts(key) {
      return data.senderCounts(key);
    },
    async recentFrom(key, since, limit) {
      return data.recentFrom(key, since, limit);
    },
    async countByStatus() {
      return data.countByStatus();
    },
    async getState<T>(key: string) {
      return state.has(key) ? structuredClone(state.get(key) as T) : undefined;
    },
    async setState(key, value) {
      state.set(key, structuredClone(value));
      await changed();
    },
  };
}

export function createMemoryStore(): Store {
  return {
    ...storeOverMemory(new IndexedCollection(), new Map()),
    async open() {},
    async close() {},
  };
}
