/** Pitches at the owner's pace: never notified; a digest grouped by campaign with a read state, and an Atom feed of the last 30 days. */
import { timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import type { Doorkeep } from '../plugin/index.js';
import type { StoredSubmission } from '../plugin/index.js';
import type { Renderer } from './render.js';
import { flashFrom } from './queues.js';
import { campaignName, senderDomains } from './campaigns.js';
import { withParams } from './actions.js';
import { safeContent, sender } from './view-helpers.js';

export const PITCHES_SEEN_KEY = 'admin.pitchesSeenAt';
/** Pitches read one campaign (or one message) at a time, after the last "mark all as read". */
export const PITCHES_READ_KEY = 'admin.pitchesRead';
/** Pitches marked unread again although "mark all as read" had covered them. */
export const PITCHES_UNREAD_KEY = 'admin.pitchesUnread';
const FEED_LIMIT = 100;
const READ_KEPT = 2000;
/** The digest and the feed show the pitch inbox of the last 30 days, read or not. */
export const DIGEST_DAYS = 30;
const DIGEST_LIMIT = 300;

export async function pitchesSeenAt(dk: Doorkeep): Promise<string | undefined> {
  const seen = await dk.store.getState<string>(PITCHES_SEEN_KEY);
  return typeof seen === 'string' ? seen : undefined;
}

async function idSet(dk: Doorkeep, key: string): Promise<Set<string>> {
  const ids = await dk.store.getState<string[]>(key);
  return new Set(Array.isArray(ids) ? ids.filter((id) => typeof id === 'string') : []);
}

interface ReadState {
  seenAt?: string;
  read: Set<string>;
  unread: Set<string>;
}

async function readState(dk: Doorkeep): Promise<ReadState> {
  const [seenAt, read, unread] = await Promise.all([pitchesSeenAt(dk), idSet(dk, PITCHES_READ_KEY), idSet(dk, PITCHES_UNREAD_KEY)]);
  return { seenAt, read, unread };
}

function isUnread(item: StoredSubmission, state: ReadState): boolean {
  if (state.unread.has(item.id)) return true;
  return (!state.seenAt || item.receivedAt >= state.seenAt) && !state.read.has(item.id);
}

/** Unread pitches: arrived after the last "mark all as read" and not read since. */
export async function newPitches(dk: Doorkeep, limit = FEED_LIMIT): Promise<{ items: StoredSubmission[]; total: number; seenAt?: string }> {
  const state = await readState(dk);
  const result = await dk.store.query({ status: 'pitch', since: state.seenAt, order: 'newest' });
  const again = (await Promise.all([...state.unread].map((id) => dk.store.get(id)))).filter((i): i is StoredSubmission => !!i && i.status === 'pitch' && !!state.seenAt && i.receivedAt < state.seenAt);
  const unread = [...result.items.filter((item) => isUnread(item, state)), ...again];
  return { items: unread.slice(0, limit), total: unread.length, seenAt: state.seenAt };
}

/** The pitch inbox of the last DIGEST_DAYS days, newest first, each with its read state. */
export async function recentPitches(dk: Doorkeep, limit = DIGEST_LIMIT): Promise<{ items: (StoredSubmission & { unread: boolean })[]; total: number; seenAt?: string }> {
  const state = await readState(dk);
  const since = new Date(dk.clock.now().getTime() - DIGEST_DAYS * 86_400_000).toISOString();
  const result = await dk.store.query({ status: 'pitch', since, order: 'newest', limit });
  return { items: result.items.map((item) => ({ ...item, unread: isUnread(item, state) })), total: result.total, seenAt: state.seenAt };
}

export interface DigestGroup {
  key: string;
  name: string;
  clusterId?: string;
  domains: string[];
  items: (StoredSubmission & { unread: boolean })[];
  unread: number;
}

/** Pitches grouped by template campaign (most recent group first); pitches outside any campaign form one group. */
export function groupByCampaign(dk: Doorkeep, items: (StoredSubmission & { unread: boolean })[]): DigestGroup[] {
  const groups = new Map<string, DigestGroup>();
  for (const item of items) {
    const cluster = item.clusterId ? dk.templates().getCluster(item.clusterId) : undefined;
    const key = cluster ? cluster.id : 'single';
    let group = groups.get(key);
    if (!group) {
      group = { key, name: '', ...(cluster ? { clusterId: cluster.id } : {}), domains: [], items: [], unread: 0 };
      groups.set(key, group);
    }
    group.items.push(item);
    if (item.unread) group.unread++;
  }
  for (const group of groups.values()) {
    const cluster = group.clusterId ? dk.templates().getCluster(group.clusterId) : undefined;
    group.name = cluster ? campaignName(cluster, group.items) : 'Not part of a campaign';
    group.domains = senderDomains(group.items);
  }
  return [...groups.values()].sort((a, b) => (a.key === 'single' ? 1 : b.key === 'single' ? -1 : b.items[0]!.receivedAt.localeCompare(a.items[0]!.receivedAt)));
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The site's own origin from its configured URL, never from the request's Host header (which the sender chooses). */
function origin(dk: Doorkeep): string {
  return new URL(dk.site.url).origin;
}

export function atomFeed(items: StoredSubmission[], { selfUrl, itemUrl, updated, siteName }: { selfUrl: string; itemUrl: (id: string) => string; updated: string; siteName: string }): string {
  const entries = items.map((item) => {
    const title = `Pitch from ${sender(item.author, item.ip)}${item.subject ? `: ${item.subject}` : ''}`;
    return [
      '<entry>',
      `<id>urn:doorkeep:pitch:${xml(item.id)}</id>`,
      `<title>${xml(title)}</title>`,
      `<updated>${xml(item.receivedAt)}</updated>`,
      `<author><name>${xml(item.author?.name || item.author?.email || 'anonymous')}</name></author>`,
      `<link rel="alternate" type="text/html" href="${xml(itemUrl(item.id))}"/>`,
      `<content type="html">${xml(safeContent(item.content))}</content>`,
      '</entry>',
    ].join('');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>${xml(selfUrl)}</id>`,
    `<title>${xml(`New pitches · ${siteName}`)}</title>`,
    `<updated>${xml(updated)}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${xml(selfUrl)}"/>`,
    ...entries,
    '</feed>',
  ].join('\n');
}

/**
 * The purpose of the pitch feed's private key (dk.adminAccess.key): derived from the site secret and the
 * admin password hash, so a feed reader can subscribe without a session, the address survives restarts,
 * and changing the password changes it.
 */
export const PITCH_FEED_KEY = 'pitch-feed';

/** True for GET /pitches.atom?key=… with the right key (compared in constant time). */
export function hasPitchFeedKey(req: Request, key: string): boolean {
  const given = typeof req.query.key === 'string' ? Buffer.from(req.query.key) : undefined;
  const expected = Buffer.from(key);
  return req.path === '/pitches.atom' && given !== undefined && given.length === expected.length && timingSafeEqual(given, expected);
}

export function createPitchRoutes(dk: Doorkeep, render: Renderer, feedKey: string): Router {
  const router = Router();

  router.get('/pitches', async (req, res) => {
    const onlyUnread = req.query.show === 'unread';
    const { items, total, seenAt } = await recentPitches(dk);
    const shown = onlyUnread ? items.filter((i) => i.unread) : items;
    await render(req, res, 'pitches', {
      title: 'Pitch digest',
      active: 'digest',
      groups: groupByCampaign(dk, shown),
      total,
      shown: shown.length,
      unread: items.filter((i) => i.unread).length,
      onlyUnread,
      days: DIGEST_DAYS,
      seenAt,
      renderedAt: dk.clock.now().toISOString(),
      returnTo: `${req.baseUrl}/pitches${onlyUnread ? '?show=unread' : ''}`,
      flash: flashFrom(req),
      privateFeedUrl: `${origin(dk)}${req.baseUrl}/pitches.atom?key=${feedKey}`,
    });
  });

  router.post('/pitches/seen', async (req, res) => {
    const upTo = (req.body ?? {}).upTo;
    const at = typeof upTo === 'string' && !Number.isNaN(Date.parse(upTo)) ? new Date(upTo) : dk.clock.now();
    const now = dk.clock.now();
    await dk.store.setState(PITCHES_SEEN_KEY, (at > now ? now : at).toISOString());
    await dk.store.setState(PITCHES_UNREAD_KEY, []);
    res.redirect(303, `${req.baseUrl}/pitches`);
  });

  /** Mark some pitches (one campaign's) read or unread. */
  router.post('/pitches/read', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const ids = (Array.isArray(body.ids) ? body.ids : [body.ids]).filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 200);
    const back = body.return === `${req.baseUrl}/pitches?show=unread` ? `${req.baseUrl}/pitches?show=unread` : `${req.baseUrl}/pitches`;
    if (!ids.length) return res.redirect(303, withParams(back, { error: 'No pitches were named.' }));
    const { read, unread } = await readState(dk);
    const markRead = body.read !== '0';
    for (const id of ids) {
      if (markRead) {
        read.add(id);
        unread.delete(id);
      } else {
        read.delete(id);
        unread.add(id);
      }
    }
    await dk.store.setState(PITCHES_READ_KEY, [...read].slice(-READ_KEPT));
    await dk.store.setState(PITCHES_UNREAD_KEY, [...unread].slice(-READ_KEPT));
    res.redirect(303, back);
  });

  router.get('/pitches.atom', async (req, res) => {
    const { items } = await recentPitches(dk, FEED_LIMIT);
    const base = `${origin(dk)}${req.baseUrl}`;
    res.set('Cache-Control', 'no-store');
    res.type('application/atom+xml').send(
      atomFeed(items, {
        selfUrl: hasPitchFeedKey(req, feedKey) ? `${base}/pitches.atom?key=${feedKey}` : `${base}/pitches.atom`,
        itemUrl: (id) => `${base}/items/${encodeURIComponent(id)}`,
        updated: items[0]?.receivedAt ?? dk.clock.now().toISOString(),
        siteName: dk.site.name,
      }),
    );
  });

  return router;
}
