/**
 * The non-submission state of the in-process stores (memory, lowdb): named values, named maps, logs,
 * counters and one-time tokens. Every method returns an undo function, so a store whose write to disk
 * fails can put memory back as it was.
 */

export interface SavedState {
  values: Record<string, unknown>;
  entries: Record<string, Record<string, unknown>>;
  logs: Record<string, unknown[]>;
  counters: Record<string, { value: number; expiresAt: string }>;
}

type Undo = () => void;

export class StateBook {
  readonly values = new Map<string, unknown>();
  readonly entries = new Map<string, Map<string, unknown>>();
  readonly logs = new Map<string, unknown[]>();
  readonly counters = new Map<string, { value: number; expiresAt: string }>();
  /** token → expiry (ISO), in insertion order, so expired ones are pruned from the front. */
  readonly tokens = new Map<string, string>();

  getValue<T>(key: string): T | undefined {
    return this.values.has(key) ? structuredClone(this.values.get(key) as T) : undefined;
  }

  setValue(key: string, value: unknown): Undo {
    const had = this.values.has(key);
    const before = this.values.get(key);
    this.values.set(key, structuredClone(value));
    return () => (had ? this.values.set(key, before) : this.values.delete(key));
  }

  setEntry(key: string, field: string, value: unknown): Undo {
    const map = this.entries.get(key) ?? new Map<string, unknown>();
    this.entries.set(key, map);
    const had = map.has(field);
    const before = map.get(field);
    if (value === undefined) map.delete(field);
    else map.set(field, structuredClone(value));
    return () => (had ? map.set(field, before) : map.delete(field));
  }

  setEntries(key: string, changes: Record<string, unknown>): Undo {
    const undos = Object.entries(changes).map(([field, value]) => this.setEntry(key, field, value));
    return () => {
      for (const undo of undos.reverse()) undo();
    };
  }

  /** Add to numeric fields (a missing or non-numeric field counts as 0); returns the new values with the undo. */
  addToEntries(key: string, deltas: Record<string, number>): { values: Record<string, number>; undo: Undo } {
    const map = this.entries.get(key);
    const values: Record<string, number> = {};
    for (const [field, delta] of Object.entries(deltas)) {
      const before = map?.get(field);
      values[field] = (typeof before === 'number' ? before : 0) + delta;
    }
    return { values, undo: this.setEntries(key, values) };
  }

  getEntries<T>(key: string): Record<string, T> {
    return Object.fromEntries([...(this.entries.get(key) ?? [])].map(([f, v]) => [f, structuredClone(v as T)]));
  }

  append(key: string, entry: unknown, keep: number): Undo {
    const before = this.logs.get(key);
    const next = [...(before ?? []), structuredClone(entry)];
    this.logs.set(key, next.slice(Math.max(0, next.length - Math.max(1, keep))));
    return () => (before ? this.logs.set(key, before) : this.logs.delete(key));
  }

  replaceLog(key: string, entries: unknown[]): Undo {
    const before = this.logs.get(key);
    if (entries.length) this.logs.set(key, structuredClone(entries));
    else this.logs.delete(key);
    return () => (before ? this.logs.set(key, before) : this.logs.delete(key));
  }

  getLog<T>(key: string): T[] {
    return structuredClone((this.logs.get(key) ?? []) as T[]);
  }

  addToCounter(key: string, delta: number, expiresAt: string, now: string): { value: number; undo: Undo } {
    const before = this.counters.get(key);
    const live = before && before.expiresAt > now ? before : undefined;
    const next = { value: (live?.value ?? 0) + delta, expiresAt: live?.expiresAt ?? expiresAt };
    this.counters.set(key, next);
    for (const [k, c] of this.counters) if (c.expiresAt <= now && k !== key) this.counters.delete(k);
    return { value: next.value, undo: () => (before ? this.counters.set(key, before) : this.counters.delete(key)) };
  }

  claimToken(token: string, expiresAt: string, now: string): boolean {
    for (const [t, at] of this.tokens) {
      if (at > now) break;
      this.tokens.delete(t);
    }
    const at = this.tokens.get(token);
    if (at !== undefined && at > now) return false;
    this.tokens.set(token, expiresAt);
    return true;
  }

  releaseToken(token: string): void {
    this.tokens.delete(token);
  }

  toJSON(): SavedState {
    return {
      values: Object.fromEntries(this.values),
      entries: Object.fromEntries([...this.entries].map(([k, m]) => [k, Object.fromEntries(m)])),
      logs: Object.fromEntries(this.logs),
      counters: Object.fromEntries(this.counters),
    };
  }

  load(saved: SavedState): void {
    for (const [k, v] of Object.entries(saved.values ?? {})) this.values.set(k, v);
    for (const [k, m] of Object.entries(saved.entries ?? {})) this.entries.set(k, new Map(Object.entries(m)));
    for (const [k, l] of Object.entries(saved.logs ?? {})) this.logs.set(k, l);
    for (const [k, c] of Object.entries(saved.counters ?? {})) this.counters.set(k, c);
  }
}
