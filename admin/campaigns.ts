/** Template campaigns: near-identical messages from several senders, named so a person can tell them apart, acted on as one after a confirm step. */
import { Router } from 'express';
import type { Doorkeep } from '../plugin/index.js';
import type { StoredSubmission, TemplateCluster } from '../plugin/index.js';
import type { Renderer } from './render.js';
import { decideAll, withParams } from './actions.js';
import { viewItems, flashFrom } from './queues.js';
import { plainText, plural, sender, STATUS_LABELS } from './view-helpers.js';

export const CAMPAIGN_DECISIONS = [
  { decision: 'pitch', label: 'Mark all as pitches', verb: 'File every message of this campaign in the pitch inbox' },
  { decision: 'spam', label: 'Mark all as spam', verb: 'Mark every message of this campaign as spam' },
  { decision: 'approve', label: 'Approve all', verb: 'Approve (publish or deliver) every message of this campaign' },
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

const GREETING = /^(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))\b[^,.!?\n]{0,40}[,.!]\s*/i;

/** The campaign's name: the subject most of its messages share, else the first line of the template without its greeting. */
export function campaignName(cluster: Pick<TemplateCluster, 'sample'>, items: Pick<StoredSubmission, 'subject'>[]): string {
  const subjects = new Map<string, number>();
  for (const item of items) if (item.subject?.trim()) subjects.set(item.subject.trim(), (subjects.get(item.subject.trim()) ?? 0) + 1);
  const ranked = [...subjects].sort((a, b) => b[1] - a[1]);
  // One subject most of them share, else the two most common ones: a name that hides a varying subject would mislead.
  const subject = ranked.length && (ranked.length === 1 || ranked[0]![1] > ranked[1]![1]) ? ranked[0]![0] : ranked.slice(0, 2).map(([s]) => s).join(' · ');
  if (subject) return subject.length > 80 ? `${subject.slice(0, 79)}…` : subject;
  const text = plainText(cluster.sample).replace(GREETING, '');
  // The first sentence of five words or more: "Great article Halla!" says nothing about which template it is.
  const sentences = text.match(/[^.!?\n]+[.!?]*/g) ?? [text];
  const firstLine = (sentences.find((s) => s.trim().split(/\s+/).length >= 5) ?? sentences[0] ?? '').trim();
  return firstLine.length > 80 ? `${firstLine.slice(0, 79).trimEnd()}…` : firstLine || 'Untitled template';
}

/** The senders' domains (email, else site), most frequent first. */
export function senderDomains(items: Pick<StoredSubmission, 'author'>[]): string[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    const email = item.author?.email ?? '';
    let domain = email.includes('@') ? email.slice(email.lastIndexOf('@') + 1).toLowerCase() : '';
    if (!domain && item.author?.url) {
      try {
        domain = new URL(item.author.url).hostname;
      } catch {
        domain = '';
      }
    }
    if (domain) counts.set(domain, (counts.get(domain) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([d]) => d);
}

export interface CampaignSummary {
  cluster: TemplateCluster;
  name: string;
  domains: string[];
  senders: number;
  mix: string;
  kept: number;
}

async function summarise(dk: Doorkeep, cluster: TemplateCluster): Promise<CampaignSummary & { items: StoredSubmission[] }> {
  const items = await members(dk, cluster);
  return { cluster, items, name: campaignName(cluster, items), domains: senderDomains(items), senders: new Set(cluster.senders).size, mix: statusMix(items), kept: items.length };
}

export function createCampaignRoutes(dk: Doorkeep, render: Renderer): Router {
  const router = Router();

  router.get('/campaigns', async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 200) : '';
    const all = await Promise.all(dk.templates().clusters().slice().sort(byLastSeen).map((c) => summarise(dk, c)));
    const needle = q.toLowerCase();
    const matching = needle
      ? all.filter((c) => [c.name, c.cluster.sample, ...c.domains, ...c.items.map((i) => `${i.author?.name ?? ''} ${i.author?.email ?? ''}`)].some((t) => t.toLowerCase().includes(needle)))
      : all;
    await render(req, res, 'campaigns', { title: 'Campaigns', active: 'campaigns', campaigns: matching, total: all.length, q, decisions: CAMPAIGN_DECISIONS, flash: flashFrom(req) });
  });

  router.get('/campaigns/:id', async (req, res) => {
    const cluster = dk.templates().getCluster(req.params.id);
    if (!cluster) {
      res.status(404);
      return render(req, res, 'error', { title: 'Not found', heading: 'No such campaign', message: 'It may have been merged or forgotten.' });
    }
    const summary = await summarise(dk, cluster);
    const returnTo = `${req.baseUrl}/campaigns/${encodeURIComponent(cluster.id)}`;
    await render(req, res, 'campaign', { title: `Campaign: ${summary.name}`, active: 'campaigns', campaign: summary, items: await viewItems(dk, summary.items), decisions: CAMPAIGN_DECISIONS, returnTo, flash: flashFrom(req) });
  });

  router.post('/campaigns/:id/decide', async (req, res) => {
    const cluster = dk.templates().getCluster(req.params.id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const choice = CAMPAIGN_DECISIONS.find((d) => d.decision === body.decision);
    if (!cluster) return res.status(404).type('text/plain').send('No such campaign.');
    if (!choice) return res.status(400).type('text/plain').send('Unknown decision.');
    const summary = await summarise(dk, cluster);
    if (body.confirm !== 'yes') {
      return render(req, res, 'confirm', {
        title: 'Confirm',
        active: 'campaigns',
        heading: `${choice.label}?`,
        message: `${choice.verb}: “${summary.name}”, ${plural(summary.kept, 'message')} from ${plural(summary.senders, 'sender')} (${summary.domains.slice(0, 4).join(', ') || 'no domains'}). Doorkeep learns from it, and later messages of the campaign inherit the decision.`,
        list: summary.items.map((i) => `${sender(i.author, i.ip)}${i.author?.email ? ` <${i.author.email}>` : ''}, now ${STATUS_LABELS[i.status].toLowerCase()}`),
        action: `${req.baseUrl}/campaigns/${encodeURIComponent(cluster.id)}/decide`,
        fields: { decision: choice.decision, confirm: 'yes' },
        confirmLabel: `${choice.label} (${plural(summary.kept, 'message')})`,
        tone: choice.decision === 'spam' ? 'danger' : 'primary',
        cancel: `${req.baseUrl}/campaigns/${encodeURIComponent(cluster.id)}`,
      });
    }
    const outcome = await decideAll(dk, cluster.members, choice.decision as CampaignDecision);
    res.redirect(303, withParams(`${req.baseUrl}/campaigns`, { done: choice.decision, n: String(outcome.changed.length) }));
  });

  return router;
}
