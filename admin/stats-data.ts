/** Pure figures for the stats page: daily counts, how often each filter fired, moderator corrections. */
import { STATUSES, type Status, type StatusCounts, type StoredSubmission } from '../plugin/index.js';
import type { DayCounts } from './chart.js';
import { personDecisions } from '../plugin/index.js';

export const STATS_DAYS = 30;
const DAY_MS = 86_400_000;

export function emptyCounts(): StatusCounts {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
}

/** The first instant of the window: midnight UTC, `days - 1` days before now. */
export function windowStart(now: Date, days = STATS_DAYS): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(midnight - (days - 1) * DAY_MS);
}

export function dailyCounts(items: readonly StoredSubmission[], now: Date, days = STATS_DAYS): DayCounts[] {
  const start = windowStart(now, days).getTime();
  const out: DayCounts[] = Array.from({ length: days }, (_, i) => ({ date: new Date(start + i * DAY_MS).toISOString().slice(0, 10), counts: emptyCounts() }));
  for (const item of items) {
    const index = Math.floor((new Date(item.receivedAt).getTime() - start) / DAY_MS);
    if (index >= 0 && index < days) out[index]!.counts[item.status] += 1;
  }
  return out;
}

export interface FilterFiring {
  filter: string;
  /** Submissions where the filter leaned unwanted (score > 0). */
  unwanted: number;
  /** Submissions where it leaned genuine (score < 0). */
  genuine: number;
}

export function filterFirings(items: readonly StoredSubmission[], known: readonly string[] = []): FilterFiring[] {
  const table = new Map<string, FilterFiring>(known.map((f) => [f, { filter: f, unwanted: 0, genuine: 0 }]));
  for (const item of items) {
    const seen = new Map<string, number>();
    for (const signal of item.signals ?? []) seen.set(signal.filter, (seen.get(signal.filter) ?? 0) + signal.score);
    for (const [filter, score] of seen) {
      if (!score) continue;
      const row = table.get(filter) ?? { filter, unwanted: 0, genuine: 0 };
      if (score > 0) row.unwanted += 1;
      else row.genuine += 1;
      table.set(filter, row);
    }
  }
  return [...table.values()].sort((a, b) => b.unwanted + b.genuine - (a.unwanted + a.genuine) || a.filter.localeCompare(b.filter));
}

export interface Corrections {
  /** Submissions that got an automatic verdict in the window. */
  judged: number;
  /** Held (spam, pitch, pending, discard) by Doorkeep, approved by a person. */
  falsePositives: number;
  /** The same, by the automatic status they were rescued from. */
  falsePositivesFrom: Partial<Record<Status, number>>;
  /** Approved by Doorkeep, then marked spam, pitch or discarded by a person. */
  misses: number;
  /** Other changes (spam ↔ pitch, …). */
  reclassified: number;
  /** Share of automatic verdicts a person left alone, 0..1; null when nothing was judged. */
  agreement: number | null;
}

const UNWANTED: ReadonlySet<Status> = new Set(['spam', 'pitch', 'discard']);

export function corrections(items: readonly StoredSubmission[]): Corrections {
  const out: Corrections = { judged: 0, falsePositives: 0, falsePositivesFrom: {}, misses: 0, reclassified: 0, agreement: null };
  for (const item of items) {
    const verdict = item.history?.find((e) => e.type === 'verdict');
    if (!verdict || verdict.type !== 'verdict') continue;
    out.judged += 1;
    const last = personDecisions(item.history).at(-1);
    if (!last) continue;
    const from = verdict.status;
    const to = last.to;
    if (from === to) continue;
    if (to === 'approved') {
      out.falsePositives += 1;
      out.falsePositivesFrom[from] = (out.falsePositivesFrom[from] ?? 0) + 1;
    } else if (from === 'approved' && UNWANTED.has(to)) out.misses += 1;
    else if (to !== 'pending') out.reclassified += 1;
  }
  if (out.judged) out.agreement = 1 - (out.falsePositives + out.misses + out.reclassified) / out.judged;
  return out;
}
