/**
 * Cooperative time slicing (issue 11: no request may stall the others by more than 100 ms). Moderating a
 * 65,525-character comment or reading a 1 MB source page costs tens of milliseconds of pure CPU work; run in
 * one go, every other visitor waits for all of it. Long work calls `checkpoint()` between its steps. Once the
 * current slice has run SLICE_MS or longer, the work pauses for as long as the slice ran (at most MAX_REST_MS):
 * meanwhile the event loop serves everything else. A request needs several turns of the loop (accept, read,
 * render, write), so pausing for one turn only (setImmediate) would let every one of those turns wait for a
 * whole step; pausing for the slice's length lets them all through, and a long moderation costs at most about
 * twice its CPU time in wall time. Work that stays under SLICE_MS (an ordinary comment) never pauses.
 *
 * The slice is shared by every caller in the process: three large comments moderated at once take turns, one
 * slice per pause, rather than three slices back to back.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long one stretch of work may run before other requests get their turn. */
export const SLICE_MS = 10;
/** The longest pause after a slice. */
const MAX_REST_MS = 50;

/** When the current slice started (the first checkpoint of this turn of the event loop); undefined between turns. */
let sliceStart: number | undefined;
/** No slice starts before this time (the rest after the last long slice). */
let restUntil = 0;

function startSlice(now: number): void {
  sliceStart = now;
  // At the next turn's check phase the slice is over (work resumed by a timer later starts a new one).
  setImmediate(() => {
    sliceStart = undefined;
  });
}

/** Resolves at once while this slice lasts; otherwise after a pause in which other pending work had its turns. */
export async function checkpoint(): Promise<void> {
  for (;;) {
    const now = performance.now();
    if (now < restUntil) {
      await sleep(Math.ceil(restUntil - now));
      continue;
    }
    if (sliceStart === undefined) return startSlice(now);
    const ran = now - sliceStart;
    if (ran < SLICE_MS) return;
    restUntil = now + Math.min(ran, MAX_REST_MS);
    sliceStart = undefined;
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
