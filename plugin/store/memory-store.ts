/** A store that keeps everything in memory: for tests, batch runs and the benchmark. Nothing is written anywhere. */
import { DoorkeepError } from '../errors.js';
import type { Store } from '../types.js';
import { IndexedCollection } from './indexed-collection.js';
import { StateBook } from './state-book.js';

/** Every read of the in-process stores: both keep their data in an IndexedCollection and a StateBook. */
export function readsOverMemory(data: IndexedCollection, book: StateBook) {
  return {
    async get(id: string) {
      return data.get(id);
    },
    async getByReceipt(receipt: string) {
      return data.getByReceipt(receipt);
    },
    async query(query: Parameters<Store['query']>[0]) {
      return data.query(query);
    },
    async senderCounts(key: Parameters<Store['senderCounts']>[0]) {
      return data.senderCounts(key);
    },
    async recentFrom(key: Parameters<Store['recentFrom']>[0], since: string, limit: number) {
      return data.recentFrom(key, since, limit);
    },
    async countByStatus() {
      return data.countByStatus();
    },
    async countByDay(since: string, until: string) {
      return data.countByDay(since, until);
    },
    async countByFilter(since: string, until: string) {
      return data.countByFilter(since, until);
    },
    async oldIds(query: Parameters<Store['oldIds']>[0]) {
      return data.oldIds(query);
    },
    async getState<T>(key: string) {
      return book.getValue<T>(key);
    },
    async getStateEntries<T>(key: string) {
      return book.getEntries<T>(key);
    },
    async getLog<T>(key: string) {
      return book.getLog<T>(key);
    },
    async claimToken(token: string, expiresAt: string, now: string) {
      return book.claimToken(token, expiresAt, now);
    },
    async releaseToken(token: string) {
      book.releaseToken(token);
    },
    /** One process: nobody else changes this data, so there is nothing to announce. */
    subscribe() {
      return () => {};
    },
  } satisfies Partial<Store>;
}

export function createMemoryStore(): Store {
  const data = new IndexedCollection();
  const book = new StateBook();
  return {
    ...readsOverMemory(data, book),
    async open() {},
    async close() {},
    async add(submission) {
      if (data.has(submission.id)) throw new DoorkeepError('ERR_DK_STORE', `A submission with id ${submission.id} is already stored.`);
      data.add(submission);
    },
    async update(id, patch, history) {
      return data.update(id, patch, history);
    },
    async remove(ids) {
      return data.remove(ids);
    },
    async setState(key, value) {
      book.setValue(key, value);
    },
    async setStateEntry(key, field, value) {
      book.setEntry(key, field, value);
    },
    async setStateEntries(key, changes) {
      book.setEntries(key, changes);
    },
    async addToStateEntries(key, deltas) {
      book.addToEntries(key, deltas);
    },
    async appendLog(key, entry, keep) {
      book.append(key, entry, keep);
    },
    async replaceLog(key, entries) {
      book.replaceLog(key, entries);
    },
    async addToCounter(key, delta, expiresAt, now) {
      return book.addToCounter(key, delta, expiresAt, now).value;
    },
  };
}
