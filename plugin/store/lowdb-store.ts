/**
 * The default store: one folder, no service. Everything lives in memory (indexed); on disk:
 *
 * - `doorkeep.json` (the `file` given): a snapshot of settings and learned state (read through lowdb; written
 *   durably: temp file, fsync, rename, fsync of the folder), naming the generation of its state journal.
 * - `doorkeep.state.N.jsonl`: every state change since that snapshot, one line each (a named value, the fields
 *   of a map that changed, a log or a counter as it now is), so saving learned rows costs the rows that changed.
 *   When the journal outgrows the snapshot, a new snapshot (generation N+1) is written in the background, in
 *   chunks, while writes go on; lines written meanwhile are carried into journal N+1, then the snapshot is
 *   renamed into place and journal N deleted.
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
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { DoorkeepError } from '../errors.js';
import { type HistoryEntry, type Store, type StoredSubmission } from '../types.js';
import { compact, expand, recordProblem } from './compact.js';
import { IndexedCollection } from './indexed-collection.js';
import { readsOverMemory } from './memory-store.js';
import { StateBook, type SavedState } from './state-book.js';

export interface LowdbStoreOptions {
  /**
   * Wait this long before a write to gather more changes into it, in ms. Changes that arrive while a write is
   * being synced always go into the next one (group commit), so 0 still coalesces under load. Defaults to 0.
   */
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
  version: 2 | 3;
  /** Version 3: the generation of the state journal holding changes since this snapshot. */
  journal?: number;
  state: SavedState;
}

/** The version 1 file (everything in one JSON document); read and moved to the journal layout on open. */
interface LegacyData {
  version: 1;
  submissions: StoredSubmission[];
  state: Record<string, unknown>;
}

/** The state journal is folded into a new snapshot once it is larger than the snapshot and than this. */
const STATE_COMPACT_MIN = 1 << 20;

/**
 * The lines of a journal with their byte offsets, read in large chunks (faster than readline on a 100 MB
 * folder: no stream per line, no decoder state). The last line may lack its newline (a torn write).
 */
async function* journalLines(path: string): AsyncGenerator<{ line: string; start: number; lineNo: number }> {
  const handle = await open(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(4 << 20);
    let rest = Buffer.alloc(0);
    let restAt = 0;
    let lineNo = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      const buffer = bytesRead === 0 ? rest : rest.length ? Buffer.concat([rest, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      let from = 0;
      for (let nl = buffer.indexOf(10, from); nl !== -1; nl = buffer.indexOf(10, from)) {
        yield { line: buffer.toString('utf8', from, nl), start: restAt + from, lineNo: ++lineNo };
        from = nl + 1;
      }
      if (bytesRead === 0) {
        if (from < buffer.length) yield { line: buffer.toString('utf8', from), start: restAt + from, lineNo: ++lineNo };
        return;
      }
      rest = Buffer.from(buffer.subarray(from));
      restAt += from;
    }
  } finally {
    await handle.close();
  }
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
    if ((data.version === 2 || data.version === 3) && data.state && typeof data.state === 'object') return data as unknown as HeadData;
    throw fail(`${this.file} is not a Doorkeep data file (no version 1, 2 or 3 layout). Fix or move it; Doorkeep will not overwrite it.`);
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
  /** A state journal line. */
  state?: string;
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
  const delay = options.writeDelayMs ?? 0;
  const tokenMaxAgeMs = options.tokenMaxAgeMs ?? 24 * 60 * 60 * 1000;
  const journalDir = join(dirname(file), `${basename(file).replace(/\.json$/i, '')}.submissions`);
  const data = new IndexedCollection();
  const book = new StateBook();
  const db = new Low<HeadData | LegacyData>(new HeadFile(file), { version: 3, journal: 0, state: { values: {}, entries: {}, logs: {}, counters: {} } });
  const stateJournal = (generation: number) => join(dirname(file), `${basename(file).replace(/\.json$/i, '')}.state.${generation}.jsonl`);
  /** The state journal in use: its generation, its handle (opened at the first write), its size; the snapshot's size. */
  /** (Opened for each batch that changes state: state changes are few, and a full disk is then seen at once.) */
  const st = { generation: 0, exists: false, bytes: 0, headBytes: 0 };
  /** A snapshot being written in the background, and the state lines written since it was taken (carried into its journal). */
  let snapshot: { generation: number; temp: string; carried: string[]; ready: boolean; done: Promise<void> } | undefined;
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

  /** The state journal while a batch writes to it, and its size before (to take the batch back out). */
  let stateAt: [FileHandle, number] | undefined;

  /**
   * Take a snapshot of the state (only when every state change made in memory is written: none queued) and
   * write it as the next generation's head in the background, yielding between chunks.
   */
  function startSnapshot(): void {
    const generation = st.generation + 1;
    const temp = join(dirname(file), `.${basename(file)}.${process.pid}.g${generation}.tmp`);
    const copy = {
      values: [...book.values],
      entries: [...book.entries].map(([key, map]) => [key, [...map]] as const),
      logs: [...book.logs],
      counters: [...book.counters],
    };
    const next = { generation, temp, carried: [] as string[], ready: false, done: Promise.resolve() };
    snapshot = next;
    next.done = (async () => {
      const out = await open(temp, 'w');
      let bytes = 0;
      try {
        let parts: string[] = [];
        let size = 0;
        const put = async (text: string) => {
          parts.push(text);
          size += text.length;
          if (size < 256 * 1024) return;
          const chunk = parts.join('');
          parts = [];
          size = 0;
          bytes += Buffer.byteLength(chunk);
          await out.write(chunk);
        };
        const pairs = async (list: readonly (readonly [string, unknown])[]) => {
          let first = true;
          for (const [key, value] of list) {
            if (value === undefined) continue;
            await put(`${first ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(value)}`);
            first = false;
          }
        };
        await put(`{"version":3,"journal":${generation},"state":{"values":{`);
        await pairs(copy.values);
        await put('},"entries":{');
        let firstMap = true;
        for (const [key, fields] of copy.entries) {
          await put(`${firstMap ? '' : ','}${JSON.stringify(key)}:{`);
          await pairs(fields);
          await put('}');
          firstMap = false;
        }
        await put('},"logs":{');
        await pairs(copy.logs);
        await put('},"counters":{');
        await pairs(copy.counters);
        const tail = `${parts.join('')}}}}`;
        bytes += Buffer.byteLength(tail);
        await out.write(tail);
        await out.sync();
      } finally {
        await out.close();
      }
      next.ready = true;
      st.headBytes = bytes;
      // Switch at the next write (now, if none is coming).
      if (!timer && !writing && !queue.length) enqueue({ undo: () => {} }).catch(() => {});
    })().catch(async (error: unknown) => {
      console.error(`Doorkeep could not write a new snapshot of ${file} (the state journal keeps growing until it can):`, error);
      if (snapshot === next) snapshot = undefined;
      await unlink(temp).catch(() => {});
    });
  }

  /** Put the finished snapshot in place: its journal first (the lines written meanwhile), then the head, then drop the old journal. */
  async function switchSnapshot(): Promise<void> {
    const next = snapshot!;
    snapshot = undefined;
    const path = stateJournal(next.generation);
    let switched = false;
    try {
      const handle = await open(path, 'w');
      const text = next.carried.length ? `${next.carried.join('\n')}\n` : '';
      try {
        if (text) await handle.write(text);
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await syncFolder(dirname(file));
      await rename(next.temp, file);
      switched = true;
      const oldPath = stateJournal(st.generation);
      Object.assign(st, { generation: next.generation, exists: true, bytes: Buffer.byteLength(text) });
      await syncFolder(dirname(file));
      await unlink(oldPath).catch(() => {});
    } catch (error) {
      if (!switched) {
        await unlink(path).catch(() => {});
        await unlink(next.temp).catch(() => {});
      }
      throw error;
    }
  }

  /** Read the state journal of the head's generation into the book; a torn last line is cut off. */
  async function readStateJournal(): Promise<void> {
    const path = stateJournal(st.generation);
    if (!existsSync(path)) return;
    let bytes = 0;
    let torn: { at: number; lineNo: number; message: string } | undefined;
    for await (const { line, start, lineNo } of journalLines(path)) {
      bytes = start + Buffer.byteLength(line) + 1;
      if (torn) throw fail(`${path} line ${torn.lineNo}: ${torn.message}. Fix or move the file; Doorkeep will not overwrite it.`);
      if (!line) continue;
      let op: Record<string, unknown>;
      try {
        op = JSON.parse(line);
      } catch (error) {
        torn = { at: start, lineNo, message: (error as Error).message };
        continue;
      }
      if (op && typeof op.v === 'string') book.setValue(op.v, op.x);
      else if (op && typeof op.e === 'string') {
        for (const field of (op.d ?? []) as string[]) book.setEntry(op.e, field, undefined);
        for (const [field, value] of Object.entries((op.x ?? {}) as Record<string, unknown>)) book.setEntry(op.e, field, value);
      } else if (op && typeof op.l === 'string' && Array.isArray(op.x)) book.logs.set(op.l, op.x);
      else if (op && typeof op.c === 'string' && op.x && typeof op.x === 'object') book.counters.set(op.c, op.x as { value: number; expiresAt: string });
      else throw fail(`${path} line ${lineNo}: not a state journal line. Fix or move the file; Doorkeep will not overwrite it.`);
    }
    if (torn) {
      console.warn(`Doorkeep: ${path} ends with an incomplete line (a write interrupted by a crash, never acknowledged); cutting it off.`);
      const handle = await open(path, 'r+');
      await handle.truncate(torn.at).finally(() => handle.close());
      bytes = torn.at;
    }
    Object.assign(st, { exists: true, bytes });
  }

  async function writeBatch(batch: Op[]): Promise<void> {
    const byMonth = new Map<string, string[]>();
    for (const op of batch) for (const [month, line] of op.lines ?? []) byMonth.set(month, [...(byMonth.get(month) ?? []), line]);
    const appended: [Journal, number][] = [];
    const stateLines = batch.flatMap((op) => (op.state === undefined ? [] : [op.state]));
    try {
      for (const [month, lines] of byMonth) {
        const j = await journal(month);
        const size = (await j.handle.stat()).size;
        appended.push([j, size]);
        await j.handle.write(`${lines.join('\n')}\n`);
        await j.handle.datasync();
      }
      if (snapshot?.ready) await switchSnapshot();
      if (stateLines.length) {
        const handle = await open(stateJournal(st.generation), 'a');
        stateAt = [handle, st.bytes];
        const text = `${stateLines.join('\n')}\n`;
        await handle.write(text);
        await handle.datasync();
        await handle.close();
        stateAt = undefined;
        if (!st.exists) await syncFolder(dirname(file));
        st.exists = true;
        st.bytes += Buffer.byteLength(text);
        snapshot?.carried.push(...stateLines);
      }
    } catch (error) {
      // Take the batch's lines back out, so the files hold only what was acknowledged.
      for (const [j, size] of appended) await j.handle.truncate(size).catch(() => {});
      if (stateAt) {
        const [handle, size] = stateAt;
        await handle.truncate(size).catch(() => {});
        await handle.close().catch(() => {});
      }
      stateAt = undefined;
      throw error;
    }
    if (stateLines.length && !snapshot && st.bytes > Math.max(STATE_COMPACT_MIN, st.headBytes) && !queue.some((op) => op.state !== undefined)) {
      startSnapshot();
    }
    for (const [month, lines] of byMonth) journals.get(month)!.lines += lines.length;
    if (batch.some((op) => op.compact)) {
      for (const [month, j] of journals) if (j.lines > (liveIn.get(month)?.size ?? 0)) await compactMonth(month, j);
      // And the state: a snapshot now, so superseded state lines (an erased learned row) leave no copy behind.
      if (st.exists) {
        await snapshot?.done;
        if (!snapshot && !queue.some((op) => op.state !== undefined)) startSnapshot();
        await snapshot?.done;
        if (snapshot?.ready) await switchSnapshot();
      }
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
    let torn: { at: number; lineNo: number; message: string } | undefined;
    for await (const { line, start, lineNo } of journalLines(path)) {
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
      else {
        book.load(head.state);
        st.generation = head.version === 3 ? Number(head.journal ?? 0) : 0;
        st.headBytes = fresh ? 0 : (await stat(file)).size;
        await readStateJournal();
        // Journals of other generations: left by a crash between a new snapshot and the old journal's deletion.
        const prefix = `${basename(file).replace(/\.json$/i, '')}.state.`;
        for (const name of await readdir(dirname(file))) {
          if (name.startsWith(prefix) && name.endsWith('.jsonl') && name !== basename(stateJournal(st.generation))) await unlink(join(dirname(file), name)).catch(() => {});
        }
      }
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
        db.data = { version: 3, journal: 0, state: book.toJSON() };
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
      const line = JSON.stringify({ v: key, x: value });
      await enqueue({ state: line, undo: book.setValue(key, value) });
    },
    async setStateEntry(key, field, value) {
      requireOpen();
      const line = JSON.stringify(value === undefined ? { e: key, d: [field] } : { e: key, x: { [field]: value } });
      await enqueue({ state: line, undo: book.setEntry(key, field, value) });
    },
    async setStateEntries(key, changes) {
      requireOpen();
      const gone = Object.keys(changes).filter((field) => changes[field] === undefined);
      const line = JSON.stringify({ e: key, x: changes, ...(gone.length ? { d: gone } : {}) });
      await enqueue({ state: line, undo: book.setEntries(key, changes) });
    },
    async addToStateEntries(key, deltas) {
      requireOpen();
      // The journal keeps the resulting values (one process writes this file: the sums are its own).
      const { values, undo } = book.addToEntries(key, deltas);
      await enqueue({ state: JSON.stringify({ e: key, x: values }), undo });
    },
    async appendLog(key, entry, keep) {
      requireOpen();
      const undo = book.append(key, entry, keep);
      await enqueue({ state: JSON.stringify({ l: key, x: book.logs.get(key) }), undo });
    },
    async replaceLog(key, entries) {
      requireOpen();
      const undo = book.replaceLog(key, entries);
      await enqueue({ state: JSON.stringify({ l: key, x: book.logs.get(key) ?? [] }), undo });
    },
    async addToCounter(key, delta, expiresAt, now) {
      requireOpen();
      const { value, undo } = book.addToCounter(key, delta, expiresAt, now);
      await enqueue({ state: JSON.stringify({ c: key, x: book.counters.get(key) }), undo });
      return value;
    },

    async close() {
      if (!opened) return;
      clearTimeout(timer);
      if (queue.length && !writing) run();
      while (writing) await writing;
      // A snapshot in progress: finish it and put it in place (or leave the journal as it is, if that fails).
      await snapshot?.done;
      if (snapshot?.ready) await enqueue({ undo: () => {} }).catch(() => {});
      while (writing) await writing;
      if (snapshot) await unlink(snapshot.temp).catch(() => {});
      snapshot = undefined;
      opened = false;
      for (const j of journals.values()) await j.handle.close().catch(() => {});
      journals.clear();
    },
  };
}

