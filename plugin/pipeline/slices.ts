/**
 * Cooperative time slicing (issue 11: no request may stall the others by more than 100 ms). Moderating a
 * 65,525-character comment or reading a 1 MB source page costs tens of milliseconds of pure CPU work; run in
 * one go, every other visitor waits for all of it. Long work calls `checkpoint()` between its steps: once the
 * current slice of the event loop has run longer than SLICE_MS, it waits for the next turn (setImmediate, so
 * pending I/O such as another visitor's request is served first).
 *
 * The slice is shared by every caller in the process: three large comments moderated at once take turns,
 * one slice per turn of the event loop, rather than three slices back to back.
 */
import { performance } from 'node:perf_hooks';

/** How long one stretch of moderation work may run before other requests get their turn. */
export const SLICE_MS = 5;

/** When the current slice started (the first checkpoint of this turn of the event loop); undefined between turns. */
let sliceStart: number | undefined;

function startSlice(now: number): void {
  sliceStart = now;
  // At the next turn's check phase (before the work that waits for it resumes) the slice is over.
  setImmediate(() => {
    sliceStart = undefined;
  });
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Resolves at once while this turn's slice lasts; otherwise after other pending work had its turn. */
export async function checkpoint(): Promise<void> {
  for (;;) {
    const now = performance.now();
    if (sliceStart === undefined) return startSlice(now);
    if (now - sliceStart < SLICE_MS) return;
    await nextTurn();
  }
}

/**
 * Runs a step generator (work that yields between its steps) to its end, with a checkpoint at each step:
 * the async twin of `finish()`.
 */
export async function runInSlices<T>(steps: Generator<unknown, T>): Promise<T> {
  for (;;) {
    await checkpoint();
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Runs a step generator to its end in one go (for callers that are synchronous: the CLI, benches, tests). */
export function finish<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
