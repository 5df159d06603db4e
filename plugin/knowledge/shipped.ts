/**
 * A file that ships beside the knowledge modules (prior.json, letters.json; scripts/build.mjs copies them into
 * both builds), read once on first use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KNOWLEDGE_DIR } from './dir.cjs';

/** A reader of `name` that parses it once and keeps what `make` built; null when the file is missing, unreadable or not `is`. */
export function shippedFile<F, T>(name: string, is: (data: unknown) => data is F, make: (file: F) => T): { path: string; load(): T | null } {
  const path = join(KNOWLEDGE_DIR, name);
  let loaded: T | null | undefined;
  return {
    path,
    load() {
      if (loaded !== undefined) return loaded;
      try {
        const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
        loaded = is(data) ? make(data) : null;
      } catch {
        loaded = null;
      }
      return loaded;
    },
  };
}
