import express from 'express';
import { createDoorkeep } from '../../plugin/doorkeep.js';
import type { DoorkeepOptions } from '../../plugin/options.js';
import { createMemoryStore } from '../../plugin/store/memory-store.js';
import type { Clock, Post } from '../../plugin/types.js';

export const POSTS: Post[] = [
  {
    id: 'newsletters',
    title: 'Email newsletters that respect readers',
    body: 'A newsletter is a promise: write when you have something to say, make unsubscribing one click, never sell the list, and keep tracking pixels out of your readers’ inboxes. Plain text beats heavy templates.',
    tags: ['email', 'newsletters', 'privacy'],
  },
  {
    id: 'rss',
    title: 'Why I still publish an RSS feed',
    body: 'RSS lets readers follow a site without an algorithm in between. A full-text feed, a stable URL and a feed reader are all it takes; no account, no tracking, no platform deciding who sees what.',
    tags: ['rss', 'feeds', 'open web'],
  },
  { id: 'closed', title: 'An old post', body: 'Comments are closed here.', open: false },
];

/** A fixed or settable clock. */
export function makeClock(start = '2026-03-10T12:00:00Z'): Clock & { set(iso: string): void; advance(ms: number): void } {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set(iso) { now = new Date(iso); },
    advance(ms) { now = new Date(now.getTime() + ms); },
  };
}

export async function makeDoorkeep(options: Partial<DoorkeepOptions> = {}) {
  return createDoorkeep({
    store: createMemoryStore(),
    site: { name: 'Halla writes', url: 'https://halla.example', ownerNames: ['Halla'] },
    getPost: (id) => POSTS.find((p) => p.id === id),
    listPosts: () => POSTS,
    secret: 'test-secret-0123456789',
    retentionIntervalMs: false,
    ...options,
  });
}

/** An app that mounts the hooks and answers with what req.moderation says. */
export function appWith(dk: Awaited<ReturnType<typeof makeDoorkeep>>) {
  const app = express();
  const answer: express.RequestHandler = (req, res) => {
    const m = req.moderation!;
    res.status(201).json({ status: m.verdict.status, reasons: m.verdict.reasons, receipt: m.receipt, id: m.submission.id, wouldBe: m.verdict.wouldBe });
  };
  app.post('/posts/:id/comments', dk.comments(), answer);
  app.post('/contact', dk.contactForm(), answer);
  app.post('/work-with-me', dk.contactForm({ channel: 'work-with-me', doorOpen: true }), answer);
  return app;
}
