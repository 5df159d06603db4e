/**
 * The default store: one folder, no service. Everything lives in memory (indexed); on disk:
 *
 * - `doorkeep.json` (the `file` given): settings and learned state, written through lowdb with a durable
 *   adapter (temp file, fsync, rename, fsync of the folder). Rewritten only when state changes.
 * - `doorkeep.submissions/YYYY-MM.jsonl`: submissions as append-only journals, one per month of receipt.
 *   A new submission appends one line (`{"a":record}`), a change appends its patch (`{"u":id,...}`), a
 *   deletion its ids (`{"r":[...]}`): the cost of a write is the size of what changed, never of what is
 *   stored. A month whose journal holds more superseded lines than live records is compacted (rewritten in
 *   chunks, yielding between them) when it is written next.
 *
 * Writes are coalesced (at most one batch in flight, the next gathering meanwhile) and every caller's
 * promise resolves only after its lines are fsynced (and the folder, for a new file). When a write fails,
 * the batch is taken back out of memory and out of the files, and every caller in it is rejected: a
 * rejected add stored nothing and may be retried.
 *
 * Limits: one process per folder (PostgreSQL is the store for several). Memory holds every stored
 * submission: see docs/performance.md for start-up time and RSS by size.
 */
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Low, type Adapter } from 'lowdb';
import { DoorkeepError } from '../errors.js';
import { type HistoryEntry, type Store, type StoredSubmission } from '../types.js';
import { compact, expand, recordProblem } from './compact.js';
import { IndexedCollection } from './indexed-collection.js';
import { readsOverMemory } from './memory-store.js';
import { StateBook, type SavedState } from './state-book.js';

export interface LowdbStoreOptions {
  /** Wait this long to gather changes into one write, in ms. Defaults to 10. */
  writeDelayMs?: number;
  /** Forget tokens older than this when re-reading them from stored submissions at open. Defaults to 24 h. */
  tokenMaxAgeMs?: number;
}

export interface LowdbStore extends Store {
  /** How many batches have been written since open (for tests and the benchmark). */
  readonly writeCount: number;
  /** The folder of month journals. */
  readonly journalDir: string;
  /** Every named value, map, log and counter (for `doorkeep migrate`). */
  exportState(): SavedState;
}

interface HeadData {
  version: 2;
  state: SavedState;
}

/** The version 1 file (everything in one JSON document); read and moved to the journal layout on open. */
interface LegacyData {
  version: 1;
  submissions: StoredSubmission[];
  state: Record<string, unknown>;
}

const fail = (message: string) => new DoorkeepError('ERR_DK_STORE', message, { status: 500 });

/** Write a file so that after a crash it holds either the old or the new content, and is on disk when this resolves. */
export async function writeFileDurably(file: string, text: string): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  await syncFolder(dirname(file));
}

async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** lowdb adapter for the head file: refuses anything that is not a Doorkeep data file, writes durably. */
class HeadFile implements Adapter<HeadData | LegacyData> {
  constructor(private readonly file: string) {}

  async read(): Promise<HeadData | LegacyData | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw fail(`Cannot read ${this.file}: ${(error as Error).message}.`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw fail(`Cannot read ${this.file}: ${(error as Error).message}. Fix or move the file; Doorkeep will not overwrite it.`);
    }
    const data = parsed as Record<string, unknown> | null;
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      throw fail(`${this.file} is not a Doorkeep data file (it holds ${text.trim().slice(0, 20) || 'nothing'}). Fix or move it; Doorkeep will not overwrite it.`);
    }
    if (data.version === 1 && Array.isArray(data.submissions) && data.state && typeof data.state === 'object') return data as unknown as LegacyData;
    if (data.version === 2 && data.state && typeof data.state === 'object') return data as unknown as HeadData;
    throw fail(`${this.file} is not a Doorkeep data file (no version 1 or 2 layout). Fix or move it; Doorkeep will not overwrite it.`);
  }

  async write(data: HeadData | LegacyData): Promise<void> {
    await writeFileDurably(this.file, JSON.stringify(data));
  }
}

const monthOf = (receivedAt: string) => {
  const month = receivedAt.slice(0, 7);
  return /^\d{4}-\d{2}$/.test(month) ? month : new Date(receivedAt).toISOString().slice(0, 7);
};

interface Op {
  /** Journal lines by month. */
  lines?: [month: string, line: string][];
  state?: boolean;
  /** Rewrite every journal holding superseded lines (removed or updated records), after this batch. */
  compact?: boolean;
  undo: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Journal {
  handle: FileHandle;
  /** Lines in the file (records and changes). */
  lines: number;
}

export function createLowdbStore(file: string, options: LowdbStoreOptions = {}): LowdbStore {
  const delay = options.writeDelayMs ?? 10;
  const tokenMaxAgeMs = options.tokenMaxAgeMs ?? 24 * 60 * 60 * 1000;
  const journalDir = join(dirname(file), `${basename(file).replace(/\.json$/i, '')}.submissions`);
  const data = new IndexedCollection();
  const book = new StateBook();
  const db = new Low<HeadData | LegacyData>(new HeadFile(file), { version: 2, state: { values: {}, entries: {}, logs: {}, counters: {} } });
  const journals = new Map<string, Journal>();
  /** Which month's journal holds each live record, and the live records of each month. */
  const monthOfId = new Map<string, string>();
  const liveIn = new Map<string, Set<string>>();
  const setLive = (id: string, month: string | undefined) => {
    const was = monthOfId.get(id);
    if (was) liveIn.get(was)?.delete(id);
    if (month === undefined) monthOfId.delete(id);
    else {
      monthOfId.set(id, month);
      if (!liveIn.has(month)) liveIn.set(month, new Set());
      liveIn.get(month)!.add(id);
    }
  };
  let opened = false;
  let writeCount = 0;
  let queue: Op[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;

  function enqueue(op: Omit<Op, 'resolve' | 'reject'>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      queue.push({ ...op, resolve, reject });
      if (!timer && !writing) timer = setTimeout(run, delay);
    });
  }

  function run(): void {
    timer = undefined;
    const batch = queue;
    queue = [];
    writing = writeBatch(batch).then(
      () => {
        writeCount++;
        for (const op of batch) op.resolve();
      },
      (error: unknown) => {
        for (const op of [...batch].reverse()) op.undo();
        const reason = fail(`Could not save to ${dirname(file)}: ${(error as Error).message}. Nothing from this write was kept.`);
        for (const op of batch) op.reject(reason);
      },
    ).finally(() => {
      writing = undefined;
      if (queue.length) run();
    });
  }

  async function journal(month: string): Promise<Journal> {
    let j = journals.get(month);
    if (!j) {
      const path = join(journalDir, `${month}.jsonl`);
      const handle = await open(path, 'a');
      j = { handle, lines: 0 };
      journals.set(month, j);
      await syncFolder(journalDir);
    }
    return j;
  }

  async function writeBatch(batch: Op[]): Promise<void> {
    const byMonth = new Map<string, string[]>();
    for (const op of batch) for (const [month, line] of op.lines ?? []) byMonth.set(month, [...(byMonth.get(month) ?? []), line]);
    const appended: [Journal, number][] = [];
    try {
      for (const [month, lines] of byMonth) {
        const j = await journal(month);
        const size = (await j.handle.stat()).size;
        appended.push([j, size]);
        await j.handle.write(`${lines.join('\n')}\n`);
        await j.handle.datasync();
      }
      if (batch.some((op) => op.state)) {
        db.data = { version: 2, state: book.toJSON() };
        await db.write();
      }
    } catch (error) {
      // Take the batch's lines back out, so the file holds only what was acknowledged.
      for (const [j, size] of appended) await j.handle.truncate(size).catch(() => {});
      throw error;
    }
    for (const [month, lines] of byMonth) journals.get(month)!.lines += lines.length;
    if (batch.some((op) => op.compact)) {
      for (const [month, j] of journals) if (j.lines > (liveIn.get(month)?.size ?? 0)) await compactMonth(month, j);
    }
    for (const month of byMonth.keys()) {
      const j = journals.get(month)!;
      const live = liveIn.get(month)?.size ?? 0;
      if (j.lines > 1000 && j.lines > 2 * live) await compactMonth(month, j);
    }
  }

  /** Rewrite one month's journal with only its live records, yielding between chunks. */
  async function compactMonth(month: string, j: Journal): Promise<void> {
    const path = join(journalDir, `${month}.jsonl`);
    const temp = `${path}.compact.tmp`;
    const out = await open(temp, 'w');
    try {
      let chunk: string[] = [];
      for (const id of liveIn.get(month) ?? []) {
        const record = data.peek(id);
        if (record) chunk.push(JSON.stringify({ a: compact(record) }));
        if (chunk.length >= 500) {
          await out.write(`${chunk.join('\n')}\n`);
          chunk = [];
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      if (chunk.length) await out.write(`${chunk.join('\n')}\n`);
      await out.sync();
    } finally {
      await out.close();
    }
    await j.handle.close();
    await rename(temp, path);
    await syncFolder(journalDir);
    j.handle = await open(path, 'a');
    j.lines = liveIn.get(month)?.size ?? 0;
  }

  /** Read one month's journal into memory; a torn last line (a crash mid-write, never acknowledged) is cut off. */
  async function readMonth(path: string, month: string): Promise<void> {
    let count = 0;
    const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    let lineNo = 0;
    let bytes = 0;
    let torn: { at: number; lineNo: number; message: string } | undefined;
    for await (const line of lines) {
      lineNo++;
      const start = bytes;
      bytes += Buffer.byteLength(line) + 1;
      if (torn) throw fail(`${path} line ${torn.lineNo}: ${torn.message}. Fix or move the file; Doorkeep will not overwrite it.`);
      if (!line) continue;
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line);
      } catch (error) {
        torn = { at: start, lineNo, message: (error as Error).message };
        continue;
      }
      const where = `${path} line ${lineNo}`;
      if (entry && typeof entry === 'object' && 'a' in entry) {
        const problem = recordProblem(entry.a);
        if (problem) throw fail(`${where}: not a stored submission (${problem}). Fix or move the file; Doorkeep will not overwrite it.`);
        const record = expand(entry.a as StoredSubmission);
        if (data.has(record.id)) data.remove([record.id]);
        data.adopt(record);
        setLive(record.id, month);
      } else if (entry && typeof entry === 'object' && typeof entry.u === 'string') {
        data.update(entry.u, (entry.p ?? {}) as Partial<StoredSubmission>, (entry.h ?? []) as HistoryEntry[], false);
      } else if (entry && typeof entry === 'object' && Array.isArray(entry.r)) {
        data.remove(entry.r as string[]);
        for (const id of entry.r as string[]) setLive(id, undefined);
      } else {
        throw fail(`${where}: not a journal line. Fix or move the file; Doorkeep will not overwrite it.`);
      }
      count++;
    }
    const handle = await open(path, 'a');
    if (torn) {
      // Only the last line may be torn: it was being written when the process stopped, so nobody was told it was stored.
      console.warn(`Doorkeep: ${path} ends with an incomplete line (a write interrupted by a crash, never acknowledged); cutting it off.`);
      await handle.truncate(torn.at);
    }
    journals.set(month, { handle, lines: count });
  }

  async function probeWritable(dir: string): Promise<void> {
    const probe = join(dir, `.doorkeep-write-test-${process.pid}`);
    try {
      await writeFile(probe, 'ok');
      await unlink(probe);
    } catch (error) {
      throw fail(`Cannot write in ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): Doorkeep keeps its data there. Make the folder writable or choose another data file.`);
    }
  }

  const requireOpen = () => {
    if (!opened) throw fail('The store is not open.');
  };

  return {
    ...readsOverMemory(data, book),
    get writeCount() {
      return writeCount;
    },
    journalDir,
    location: file,
    exportState: () => structuredClone(book.toJSON()),

    async open() {
      try {
        await mkdir(dirname(file), { recursive: true });
      } catch (error) {
        throw fail(`Cannot create the folder ${dirname(file)}: ${(error as Error).message}.`);
      }
      await probeWritable(dirname(file));
      await db.read();
      const fresh = !existsSync(file);
      const head = db.data!;
      let legacy: LegacyData | undefined;
      if (head.version === 1) legacy = head;
      else book.load(head.state);
      await mkdir(journalDir, { recursive: true });
      const months = (await readdir(journalDir)).filter((f) => /^\d{4}-\d{2}\.jsonl$/.test(f)).sort();
      for (const name of months) await readMonth(join(journalDir, name), name.slice(0, 7));
      if (legacy) {
        // Move a version 1 file to the journal layout: check every record first, then write the months, then the head.
        legacy.submissions.forEach((s, i) => {
          const problem = recordProblem(s);
          if (problem) throw fail(`${file}: submission ${i + 1} is not a stored submission (${problem}). Fix or move the file; Doorkeep will not overwrite it.`);
        });
        const byMonth = new Map<string, string[]>();
        for (const s of legacy.submissions) {
          const month = monthOf(s.receivedAt);
          byMonth.set(month, [...(byMonth.get(month) ?? []), JSON.stringify({ a: compact(s) })]);
        }
        for (const [month, lines] of byMonth) {
          const path = join(journalDir, `${month}.jsonl`);
          await writeFileDurably(path, `${lines.join('\n')}\n`);
          await readMonth(path, month);
        }
        for (const [key, value] of Object.entries(legacy.state)) book.values.set(key, value);
        db.data = { version: 2, state: book.toJSON() };
        await db.write();
      }
      if (fresh) await db.write();
      // Form tokens of recent submissions, so a replay after a restart is still noticed.
      // (Within the token lifetime of the newest submission: the host's clock may not be the system's.)
      let newest = '';
      for (const s of data.values()) if (s.receivedAt > newest) newest = s.receivedAt;
      const from = newest ? Date.parse(newest) - tokenMaxAgeMs : 0;
      const recent = [...data.values()].filter((s) => s.form?.token && Date.parse(s.receivedAt) > from)
        .sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : 1));
      for (const s of recent) book.tokens.set(s.form!.token!, new Date(Date.parse(s.receivedAt) + tokenMaxAgeMs).toISOString());
      opened = true;
    },

    async add(submission) {
      requireOpen();
      if (data.has(submission.id)) throw new DoorkeepError('ERR_DK_STORE', `A submission with id ${submission.id} is already stored.`);
      const month = monthOf(submission.receivedAt);
      data.add(submission);
      setLive(submission.id, month);
      const line = JSON.stringify({ a: compact(submission) });
      await enqueue({
        lines: [[month, line]],
        undo: () => {
          data.remove([submission.id]);
          setLive(submission.id, undefined);
        },
      });
    },

    async update(id, patch, history = []) {
      requireOpen();
      const before = data.peek(id);
      const month = monthOfId.get(id);
      if (!before || !month) return undefined;
      const updated = data.update(id, patch, history)!;
      await enqueue({
        lines: [[month, JSON.stringify({ u: id, p: patch, ...(history.length ? { h: history } : {}) })]],
        undo: () => data.restore(before),
      });
      return updated;
    },

    async remove(ids) {
      requireOpen();
      const removed = ids.map((id) => data.peek(id)).filter((s): s is StoredSubmission => !!s);
      if (!removed.length) return 0;
      const months = new Map<string, string[]>();
      for (const s of removed) {
        const month = monthOfId.get(s.id)!;
        months.set(month, [...(months.get(month) ?? []), s.id]);
      }
      data.remove(removed.map((s) => s.id));
      for (const s of removed) setLive(s.id, undefined);
      await enqueue({
        lines: [...months].map(([month, monthIds]) => [month, JSON.stringify({ r: monthIds })]),
        undo: () => {
          for (const s of removed) {
            data.restore(s);
            setLive(s.id, monthOf(s.receivedAt));
          }
        },
      });
      return removed.length;
    },

    async compact() {
      requireOpen();
      await enqueue({ compact: true, undo: () => {} });
    },

    async setState(key, value) {
      requireOpen();
      await enqueue({ state: true, undo: book.setValue(key, value) });
    },
    async setStateEntry(key, field, value) {
      requireOpen();
      await enqueue({ state: true, undo: book.setEntry(key, field, value) });
    },
    async setStateEntries(key, changes) {
      requireOpen();
      await enqueue({ state: true, undo: book.setEntries(key, changes) });
    },
    async appendLog(key, entry, keep) {
      requireOpen();
      await enqueue({ state: true, undo: book.append(key, entry, keep) });
    },
    async addToCounter(key, delta, expiresAt, now) {
      requireOpen();
      const { value, undo } = book.addToCounter(key, delta, expiresAt, now);
      await enqueue({ state: true, undo });
      return value;
    },

    async close() {
      if (!opened) return;
      clearTimeout(timer);
      if (queue.length && !writing) run();
      while (writing) await writing;
      opened = false;
      for (const j of journals.values()) await j.handle.close().catch(() => {});
      journals.clear();
    },
  };
}

