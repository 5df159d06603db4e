/** Template campaigns: near-identical messages from several senders, acted on as one. */
import { Router } from 'express';
import type { Doorkeep } from '../plugin/index.js';
import type { StoredSubmission, TemplateCluster } from '../plugin/index.js';
import type { Renderer } from './render.js';
import { decideAll } from './actions.js';
import { viewItems, flashFrom } from './queues.js';
import { STATUS_LABELS } from './view-helpers.js';

export const CAMPAIGN_DECISIONS = [
  { decision: 'pitch', label: 'Mark all as pitches' },
  { decision: 'spam', label: 'Mark all as spam' },
  { decision: 'approve', label: 'Approve all' },
] as const;

type CampaignDecision = (typeof CAMPAIGN_DECISIONS)[number]['decision'];

function byLastSeen(a: TemplateCluster, b: TemplateCluster): number {
  return b.lastSeen.localeCompare(a.lastSeen);
}

async function members(dk: Doorkeep, cluster: TemplateCluster): Promise<StoredSubmission[]> {
  const found = await Promise.all(cluster.members.map((id) => dk.store.get(id)));
  return found.filter((s): s is StoredSubmission => !!s).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

/** "2 pending, 1 pitch": where the campaign's stored messages stand now. */
export function statusMix(items: StoredSubmission[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(STATUS_LABELS[item.status].toLowerCase(), (counts.get(STATUS_LABELS[item.status].toLowerCase()) ?? 0) + 1);
  return [...counts].map(([label, n]) => `${n} ${label}`).join(', ') || 'none kept';
}

export function createCampaignRoutes(dk: Doorkeep, render: Renderer): Router {
  const router = Router();

  router.get('/campaigns', async (req, res) => {
    const clusters = dk.templates().clusters().slice().sort(byLastSeen);
    const mixes = await Promise.all(clusters.map(async (cluster) => statusMix(await members(dk, cluster))));
    await render(req, res, 'campaigns', { title: 'Campaigns', active: 'campaigns', clusters, mixes, decisions: CAMPAIGN_DECISIONS, flash: flashFrom(req) });
  });

  router.get('/campaigns/:id', async (req, res) => {
    const cluster = dk.templates().getCluster(req.params.id);
    if (!cluster) {
      res.status(404);
      return render(req, res, 'error', { title: 'Not found', heading: 'No such campaign', message: 'It may have been merged or forgotten.' });
    }
    const items = await viewItems(dk, await members(dk, cluster));
    await render(req, res, 'campaign', {
      title: 'Campaign',
      active: 'campaigns',
      cluster,
      items,
      decisions: CAMPAIGN_DECISIONS,
      returnTo: `${req.baseUrl}/campaigns/${encodeURIComponent(cluster.id)}`,
      flash: flashFrom(req),
    });
  });

  router.post('/campaigns/:id/decide', async (req, res) => {
    const cluster = dk.templates().getCluster(req.params.id);
    const decision = (req.body ?? {}).decision as CampaignDecision;
    if (!cluster) return res.status(404).type('text/plain').send('No such campaign.');
    if (!CAMPAIGN_DECISIONS.some((d) => d.decision === decision)) return res.status(400).type('text/plain').send('Unknown decision.');
    const outcome = await decideAll(dk, cluster.members, decision);
    res.redirect(303, `${req.baseUrl}/campaigns?done=${encodeURIComponent(decision)}&n=${outcome.changed.length}`);
  });

  return router;
}
