/** Pitches at the owner's pace: never notified; a digest page and an Atom feed of what arrived since they last looked. */
import { timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import type { Doorkeep } from '../plugin/index.js';
import type { StoredSubmission } from '../plugin/index.js';
import type { Renderer } from './render.js';
import { flashFrom, viewItems } from './queues.js';
import { safeContent, sender } from './view-helpers.js';

export const PITCHES_SEEN_KEY = 'admin.pitchesSeenAt';
const FEED_LIMIT = 100;

export async function pitchesSeenAt(dk: Doorkeep): Promise<string | undefined> {
  const seen = await dk.store.getState<string>(PITCHES_SEEN_KEY);
  return typeof seen === 'string' ? seen : undefined;
}

export async function newPitches(dk: Doorkeep, limit = FEED_LIMIT): Promise<{ items: StoredSubmission[]; total: number; seenAt?: string }> {
  const seenAt = await pitchesSeenAt(dk);
  const result = await dk.store.query({ status: 'pitch', since: seenAt, order: 'newest', limit });
  return { ...result, seenAt };
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function origin(req: Request): string {
  return `${req.protocol}://${req.get('host')}`;
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
    const { items, total, seenAt } = await newPitches(dk);
    await render(req, res, 'pitches', {
      title: 'Pitch digest',
      active: 'digest',
      items: await viewItems(dk, items),
      total,
      seenAt,
      renderedAt: dk.clock.now().toISOString(),
      returnTo: `${req.baseUrl}/pitches`,
      flash: flashFrom(req),
      privateFeedUrl: `${origin(req)}${req.baseUrl}/pitches.atom?key=${feedKey}`,
    });
  });

  router.post('/pitches/seen', async (req, res) => {
    const upTo = (req.body ?? {}).upTo;
    const at = typeof upTo === 'string' && !Number.isNaN(Date.parse(upTo)) ? new Date(upTo) : dk.clock.now();
    const now = dk.clock.now();
    await dk.store.setState(PITCHES_SEEN_KEY, (at > now ? now : at).toISOString());
    res.redirect(303, `${req.baseUrl}/pitches`);
  });

  router.get('/pitches.atom', async (req, res) => {
    const { items } = await newPitches(dk);
    const base = `${origin(req)}${req.baseUrl}`;
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
