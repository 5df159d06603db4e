/** A store that keeps everything in memory: for tests, batch runs and the benchmark. Nothing is written anywhere. */
import type { Store } from '../types.js';
import { IndexedCollection } from './indexed-collection.js';

export function createMemoryStore(): Store {
  const data = new IndexedCollection();
  const state = new Map<string, unknown>();
  return {
    async open() {},
    async add(submission) {
      data.add(submission);
    },
    async get(id) {
      return data.get(id);
    },
    async getByReceipt(receipt) {
      return data.getByReceipt(receipt);
    },
    async update(id, patch, history) {
      return data.update(id, patch, history);
    },
    async remove(ids) {
      return data.remove(ids);
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
    },
    async close() {},
  };
}
