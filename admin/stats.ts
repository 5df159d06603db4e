/** The stats page: 30 days by status as a server-drawn chart, filter firings, moderator corrections. */
import { Router } from 'express';
import type { Doorkeep } from '../plugin/index.js';
import { FILTER_NAMES } from '../plugin/index.js';
import type { StoredSubmission, SubmissionQuery } from '../plugin/index.js';
import type { Renderer } from './render.js';
import { drawDailyChart } from './chart.js';
import { corrections, dailyCounts, filterFirings, STATS_DAYS, windowStart } from './stats-data.js';

const CHUNK = 1000;

/** Every stored submission matching the query, read in chunks. */
export async function queryAll(dk: Doorkeep, query: SubmissionQuery): Promise<StoredSubmission[]> {
  const out: StoredSubmission[] = [];
  for (let offset = 0; ; offset += CHUNK) {
    const page = await dk.store.query({ ...query, offset, limit: CHUNK });
    out.push(...page.items);
    if (page.items.length < CHUNK || out.length >= page.total) return out;
  }
}

export function createStatsRoutes(dk: Doorkeep, render: Renderer): Router {
  const router = Router();
  router.get('/stats', async (req, res) => {
    const now = dk.clock.now();
    const items = await queryAll(dk, { since: windowStart(now).toISOString(), order: 'oldest' });
    const days = dailyCounts(items, now);
    await render(req, res, 'stats', {
      title: 'Stats',
      active: 'stats',
      days,
      chart: drawDailyChart(days, { title: `Submissions per day by status, last ${STATS_DAYS} days` }),
      firings: filterFirings(items, FILTER_NAMES),
      corrections: corrections(items),
      total: items.length,
      statsDays: STATS_DAYS,
    });
  });
  return router;
}
