/**
 * Webmentions are verified after the answer: jobs live in the store (a state map, one entry a job), so a
 * restart picks up whatever was still queued. One worker at a time; the scheduler is injectable. The queue
 * is bounded in all and per source host (429 with Retry-After beyond that); a failed save is reported, never
 * left to crash the process.
 */
import { DoorkeepError } from '../errors.js';
import type { Status, Store } from '../types.js';

export type WebmentionState = 'queued' | 'accepted' | 'updated' | 'rejected' | 'removed';

export interface WebmentionJob {
  id: string;
  source: string;
  target: string;
  ip: string;
  userAgent: string;
  receivedAt: string;
  updatedAt: string;
  state: WebmentionState;
  /** The moderation status once accepted or updated. */
  status?: Status;
  /** Why it was rejected or removed, or the public reason of the verdict. */
  reason?: string;
  submissionId?: string;
}

/** What processing one job produced. */
export type JobOutcome = Pick<WebmentionJob, 'state'> & Partial<Pick<WebmentionJob, 'status' | 'reason' | 'submissionId'>>;

export interface WebmentionQueueOptions {
  store: Store;
  process: (job: WebmentionJob) => Promise<JobOutcome>;
  now: () => Date;
  newId: () => string;
  /** Runs the worker later. Defaults to setImmediate. */
  schedule?: (run: () => void) => void;
  /** Finished jobs kept for their status pages. Defaults to 1000. */
  keepFinished?: number;
  /** Jobs waiting at most, in all. Defaults to 100. */
  maxQueued?: number;
  /** Jobs waiting at most per source host. Defaults to 5. */
  maxQueuedPerHost?: number;
  /** Where problems are reported (a failed save of a job's outcome). Defaults to console.error. */
  log?: (message: string, error?: unknown) => void;
}

export interface WebmentionQueue {
  /** Throws QueueFullError when the queue, or this source host's share of it, is full. */
  enqueue(job: Pick<WebmentionJob, 'source' | 'target' | 'ip' | 'userAgent'>): Promise<WebmentionJob>;
  get(id: string): Promise<WebmentionJob | undefined>;
  /** Start on jobs left queued by an earlier process. */
  resume(): Promise<void>;
  /** Resolves once nothing is queued or running. */
  idle(): Promise<void>;
}

/** The queue (or one source host's share) is full: answer 429 with Retry-After. */
export class QueueFullError extends DoorkeepError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('ERR_DK_BUSY', message, { status: 429 });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Jobs as a store map, one field per job: enqueuing or finishing a job writes that job only. */
const KEY = 'webmentions:jobs';
/** Where jobs lived before (one array, rewritten on every change): read once and moved to the map. */
const OLD_KEY = 'webmentions:queue';
/** Seconds a full queue asks a sender to wait, per job ahead of it (a verification takes up to ~10 s). */
const SECONDS_PER_JOB = 10;

function sourceHost(source: string): string {
  try {
    return new URL(source).hostname.toLowerCase();
  } catch {
    return source;
  }
}

export function createWebmentionQueue(options: WebmentionQueueOptions): WebmentionQueue {
  const { store, process, now, newId } = options;
  const schedule = options.schedule ?? ((run) => void setImmediate(run));
  const keepFinished = options.keepFinished ?? 1000;
  const maxQueued = options.maxQueued ?? 100;
  const maxPerHost = options.maxQueuedPerHost ?? 5;
  const log = options.log ?? ((message, error) => console.error(message, error));
  /** Every job this process knows, oldest first (Map keeps insertion order); queued ones counted per host. */
  const jobs = new Map<string, WebmentionJob>();
  const queuedPerHost = new Map<string, number>();
  let queuedCount = 0;
  let finishedCount = 0;
  let loaded: Promise<void> | undefined;
  let running = false;
  let scheduled = false;
  let waiters: (() => void)[] = [];

  function count(job: WebmentionJob, delta: 1 | -1): void {
    if (job.state === 'queued') {
      const host = sourceHost(job.source);
      const n = (queuedPerHost.get(host) ?? 0) + delta;
      if (n > 0) queuedPerHost.set(host, n);
      else queuedPerHost.delete(host);
      queuedCount += delta;
    } else {
      finishedCount += delta;
    }
  }

  function remember(job: WebmentionJob): void {
    const before = jobs.get(job.id);
    if (before) count(before, -1);
    jobs.set(job.id, job);
    count(job, 1);
  }

  function load(): Promise<void> {
    loaded ??= (async () => {
      const old = await store.getState<WebmentionJob[]>(OLD_KEY);
      const entries = await store.getStateEntries<WebmentionJob>(KEY);
      const all = [...(old ?? []), ...Object.values(entries)].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
      for (const job of all) remember(job);
      if (old?.length) {
        for (const job of old) await store.setStateEntry(KEY, job.id, job);
        await store.setState(OLD_KEY, []);
      }
    })();
    return loaded;
  }

  /** Forget the oldest finished jobs beyond keepFinished. */
  async function trim(): Promise<void> {
    for (const job of jobs.values()) {
      if (finishedCount <= keepFinished) return;
      if (job.state === 'queued') continue;
      count(job, -1);
      jobs.delete(job.id);
      await store.setStateEntry(KEY, job.id, undefined);
    }
  }

  function kick() {
    if (running || scheduled) return;
    scheduled = true;
    schedule(() => {
      scheduled = false;
      work().catch((error: unknown) => log('Doorkeep: the webmention worker stopped:', error));
    });
  }

  function firstQueued(): WebmentionJob | undefined {
    if (queuedCount === 0) return undefined;
    for (const job of jobs.values()) if (job.state === 'queued') return job;
    return undefined;
  }

  async function work() {
    running = true;
    try {
      await load();
      for (let job = firstQueued(); job; job = firstQueued()) {
        let outcome: JobOutcome;
        try {
          outcome = await process(job);
        } catch (error) {
          outcome = { state: 'rejected', reason: `Verification failed: ${(error as Error).message}` };
        }
        const done: WebmentionJob = { ...job, ...outcome, updatedAt: now().toISOString() };
        remember(done);
        try {
          await store.setStateEntry(KEY, done.id, done);
          await trim();
        } catch (error) {
          // The outcome is known here (its status page shows it) but not saved: after a restart the job is
          // verified again, which is safe (a repeated mention updates the one it repeats).
          log(`Doorkeep: could not save the outcome of webmention ${done.id}; it will be verified again after a restart.`, error);
        }
      }
    } finally {
      running = false;
      if (firstQueued()) kick();
      const done = waiters;
      waiters = [];
      for (const resolve of done) resolve();
    }
  }

  return {
    async enqueue(input) {
      await load();
      const host = sourceHost(input.source);
      if ((queuedPerHost.get(host) ?? 0) >= maxPerHost) {
        const waiting = queuedPerHost.get(host) ?? 0;
        throw new QueueFullError(`Too many webmentions from ${host} are waiting to be verified (${waiting}); try again later.`, Math.max(SECONDS_PER_JOB, waiting * SECONDS_PER_JOB));
      }
      if (queuedCount >= maxQueued) {
        throw new QueueFullError(`Too many webmentions are waiting to be verified (${queuedCount}); try again later.`, Math.max(SECONDS_PER_JOB, Math.min(3600, queuedCount * SECONDS_PER_JOB)));
      }
      const at = now().toISOString();
      const job: WebmentionJob = { id: newId(), ...input, receivedAt: at, updatedAt: at, state: 'queued' };
      await store.setStateEntry(KEY, job.id, job);
      remember(job);
      kick();
      return job;
    },
    async get(id) {
      await load();
      return jobs.get(id);
    },
    async resume() {
      await load();
      if (firstQueued()) kick();
    },
    async idle() {
      await load();
      while (firstQueued() || running || scheduled) {
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          if (!running && !scheduled) kick();
        });
      }
    },
  };
}
