/**
 * Webmentions are verified after the answer: jobs live in the store (state "webmentions:queue"), so a
 * restart picks up whatever was still queued. One worker at a time; the scheduler is injectable.
 */
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
}

export interface WebmentionQueue {
  enqueue(job: Pick<WebmentionJob, 'source' | 'target' | 'ip' | 'userAgent'>): Promise<WebmentionJob>;
  get(id: string): Promise<WebmentionJob | undefined>;
  /** Start on jobs left queued by an earlier process. */
  resume(): Promise<void>;
  /** Resolves once nothing is queued or running. */
  idle(): Promise<void>;
}

const KEY = 'webmentions:queue';

export function createWebmentionQueue(options: WebmentionQueueOptions): WebmentionQueue {
  const { store, process, now, newId } = options;
  const schedule = options.schedule ?? ((run) => void setImmediate(run));
  const keepFinished = options.keepFinished ?? 1000;
  let lock: Promise<unknown> = Promise.resolve();
  let running = false;
  let scheduled = false;
  let waiters: (() => void)[] = [];

  function withJobs<T>(fn: (jobs: WebmentionJob[]) => T): Promise<T> {
    const run = lock.then(async () => {
      const jobs = (await store.getState<WebmentionJob[]>(KEY)) ?? [];
      const before = JSON.stringify(jobs);
      const out = fn(jobs);
      if (JSON.stringify(jobs) === before) return out;
      const finished = jobs.filter((j) => j.state !== 'queued');
      const excess = finished.length - keepFinished;
      const kept = excess > 0 ? jobs.filter((j) => j.state === 'queued' || !finished.slice(0, excess).includes(j)) : jobs;
      await store.setState(KEY, kept);
      return out;
    });
    lock = run.catch(() => undefined);
    return run;
  }

  function kick() {
    if (running || scheduled) return;
    scheduled = true;
    schedule(() => {
      scheduled = false;
      void work();
    });
  }

  async function work() {
    running = true;
    try {
      for (;;) {
        const job = await withJobs((jobs) => jobs.find((j) => j.state === 'queued'));
        if (!job) break;
        let outcome: JobOutcome;
        try {
          outcome = await process(job);
        } catch (error) {
          outcome = { state: 'rejected', reason: `Verification failed: ${(error as Error).message}` };
        }
        await withJobs((jobs) => {
          const stored = jobs.find((j) => j.id === job.id);
          if (stored) Object.assign(stored, outcome, { updatedAt: now().toISOString() });
        });
      }
    } finally {
      running = false;
      void withJobs((jobs) => jobs.some((j) => j.state === 'queued')).then((queued) => queued && kick());
      const done = waiters;
      waiters = [];
      for (const resolve of done) resolve();
    }
  }

  return {
    async enqueue(input) {
      const at = now().toISOString();
      const job: WebmentionJob = { id: newId(), ...input, receivedAt: at, updatedAt: at, state: 'queued' };
      await withJobs((jobs) => void jobs.push(job));
      kick();
      return job;
    },
    get: (id) => withJobs((jobs) => jobs.find((j) => j.id === id)),
    async resume() {
      if (await withJobs((jobs) => jobs.some((j) => j.state === 'queued'))) kick();
    },
    async idle() {
      for (;;) {
        const queued = await withJobs((jobs) => jobs.some((j) => j.state === 'queued'));
        if (!queued && !running && !scheduled) return;
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          if (!running && !scheduled) kick();
        });
      }
    },
  };
}
