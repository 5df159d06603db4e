/**
 * The default store: one JSON file through lowdb. Everything lives in memory (indexed), and the
 * file is rewritten at most once per `writeDelayMs` however many submissions arrive: writes are
 * coalesced, and every caller's promise resolves only once a write containing its change is on disk
 * (lowdb's steno writer: temp file + rename, so a crash never leaves a half-written file).
 * Limits: one process per file; the whole file is rewritten on each flush, so it suits sites up to
 * roughly a hundred thousand stored submissions (retention keeps it smaller).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { DoorkeepError } from '../errors.js';
import type { Store, StoredSubmission } from '../types.js';
import { IndexedCollection } from './indexed-collection.js';
import { storeOverMemory } from './memory-store.js';

interface FileData {
  version: 1;
  submissions: StoredSubmission[];
  state: Record<string, unknown>;
}

export interface LowdbStoreOptions {
  /** Wait this long to gather changes into one write, in ms. Defaults to 25. */
  writeDelayMs?: number;
}

export interface LowdbStore extends Store {
  /** How many times the whole file has been written since open (for tests and the benchmark). */
  readonly writeCount: number;
}

export function createLowdbStore(file: string, options: LowdbStoreOptions = {}): LowdbStore {
  const delay = options.writeDelayMs ?? 25;
  const data = new IndexedCollection();
  const state = new Map<string, unknown>();
  const db = new Low<FileData>(
    new DataFile<FileData>(file, { parse: JSON.parse, stringify: (d) => JSON.stringify(d) }),
    { version: 1, submissions: [], state: {} },
  );
  let pending: Promise<void> | null = null;
  let opened = false;
  let writeCount = 0;

  function flush(): Promise<void> {
    if (!opened) return Promise.reject(new DoorkeepError('ERR_DK_STORE', 'The store is not open.'));
    pending ??= new Promise<void>((resolve) => setTimeout(resolve, delay)).then(async () => {
      pending = null;
      db.data = { version: 1, submissions: [...data.values()], state: Object.fromEntries(state) };
      await db.write();
      writeCount++;
    });
    return pending;
  }

  return {
    ...storeOverMemory(data, state, flush),
    get writeCount() {
      return writeCount;
    },
    async open() {
      await mkdir(dirname(file), { recursive: true });
      try {
        await db.read();
      } catch (error) {
        throw new DoorkeepError('ERR_DK_STORE', `Cannot read ${file}: ${(error as Error).message}. Fix or move the file; Doorkeep will not overwrite it.`);
      }
      const loaded = db.data;
      if (!loaded || !Array.isArray(loaded.submissions) || typeof loaded.state !== 'object') {
        throw new DoorkeepError('ERR_DK_STORE', `${file} is not a Doorkeep data file. Doorkeep will not overwrite it.`);
      }
      for (const s of loaded.submissions) data.add(s);
      for (const [key, value] of Object.entries(loaded.state ?? {})) state.set(key, value);
      opened = true;
    },
    async close() {
      if (opened && pending) await pending;
      opened = false;
    },
  };
}
