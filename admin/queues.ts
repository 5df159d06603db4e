/** The moderation queue (one row per message, a view per status and an All view) and the page of one message. */
import path from 'node:path';
import ejs from 'ejs';
import { Router, type Request } from 'express';
import type { Doorkeep } from '../plugin/index.js';
import { SUBMISSION_TYPES, senderLookup, type Post, type Status, type StoredSubmission, type SubmissionQuery, type SubmissionType } from '../plugin/index.js';
import { doneWords, type RowRenderer } from './actions.js';
import { VIEWS_DIR, type Renderer } from './render.js';
import * as helpers from './view-helpers.js';
import { FILTER_LABELS, VIEWS, query, type QueueView } from './view-helpers.js';

export const PAGE_SIZE = 20;

export interface ItemView {
  item: StoredSubmission;
  record: Awaited<ReturnType<Doorkeep['store']['senderCounts']>>;
  post: Post | undefined;
}

/** The item with its sender's record (their other messages) and target post, for the item partial. */
export async function viewItems(dk: Doorkeep, items: StoredSubmission[]): Promise<ItemView[]> {
  const posts = new Map<string, Promise<Post | undefined>>();
  const post = (id: string | null) => {
    if (!id) return Promise.resolve(undefined);
    if (!posts.has(id)) posts.set(id, dk.getPost(id).catch(() => undefined));
    return posts.get(id)!;
  };
  return Promise.all(
    items.map(async (item) => {
      const key = senderLookup(item);
      const record = await dk.store.senderCounts(key);
      if (key.email && record.byEmail[item.status] > 0) record.byEmail[item.status] -= 1;
      if (key.ip && record.byIp[item.status] > 0) record.byIp[item.status] -= 1;
      if (key.urlHost && record.byUrlHost[item.status] > 0) record.byUrlHost[item.status] -= 1;
      return { item, record, post: await post(item.postId) };
    }),
  );
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim().slice(0, 200) : '';
}

const IP_PATTERN = /^[0-9a-f.:]+$/i;

export interface QueueFilters {
  q: string;
  sender: string;
  post: string;
  type: string;
  channel: string;
  filter: string;
}

/** Turns the search and filter form into a store query (unknown types and reasons are ignored). */
export function searchQuery(req: Request): { filters: QueueFilters; query: SubmissionQuery } {
  const filters: QueueFilters = {
    q: text(req.query.q),
    sender: text(req.query.sender),
    post: text(req.query.post),
    type: SUBMISSION_TYPES.includes(text(req.query.type) as SubmissionType) ? text(req.query.type) : '',
    channel: text(req.query.channel),
    filter: text(req.query.filter) in FILTER_LABELS ? text(req.query.filter) : '',
  };
  const q: SubmissionQuery = {};
  if (filters.q) q.search = filters.q;
  if (filters.post) q.postId = filters.post;
  if (filters.type) q.type = filters.type as SubmissionType;
  if (filters.channel) q.channel = filters.channel;
  if (filters.filter) q.filter = filters.filter;
  if (filters.sender.includes('@')) q.email = filters.sender;
  else if (IP_PATTERN.test(filters.sender) && /[.:]/.test(filters.sender)) q.ip = filters.sender;
  else if (filters.sender) q.search = q.search ? `${q.search}` : filters.sender;
  return { filters, query: q };
}

/** The contact channels to offer in the filter: those with a door policy and those seen in recent messages. */
async function knownChannels(dk: Doorkeep, current: string): Promise<string[]> {
  const recent = await dk.store.query({ type: 'contact-form', order: 'newest', limit: 500 });
  const found = new Set([...Object.keys(dk.settings().doors), ...recent.items.map((i) => i.channel ?? '')]);
  if (current) found.add(current);
  found.delete('');
  return [...found].sort();
}

/** Renders queue rows with the same partial the page uses (for the script's in-place updates). */
export function createRowRenderer(dk: Doorkeep): RowRenderer {
  return async (req, ids) => {
    const items = (await Promise.all(ids.map((id) => dk.store.get(id)))).filter((i): i is StoredSubmission => !!i);
    const out: Record<string, string> = {};
    for (const entry of await viewItems(dk, items)) {
      out[entry.item.id] = await ejs.renderFile(path.join(VIEWS_DIR, 'partials', 'row.ejs'), { h: helpers, base: req.baseUrl, ...entry, selectable: true }, { cache: true, async: false });
    }
    return out;
  };
}

export function createQueueRoutes(dk: Doorkeep, render: Renderer): Router {
  const router = Router();

  router.get('/', (req, res) => res.redirect(303, `${req.baseUrl}/queue/pending`));

  router.get('/queue/:status', async (req, res) => {
    const key = req.params.status;
    const view: QueueView | undefined = VIEWS.find((v) => v.key === key);
    if (!view) {
      res.status(404);
      return render(req, res, 'error', { title: 'Not found', heading: 'No such queue', message: `There is no queue called “${key}”.` });
    }
    const { filters, query: q } = searchQuery(req);
    const filtered = Object.values(filters).some(Boolean);
    const requested = Math.max(1, Math.floor(Number(req.query.page)) || 1);
    const result = await dk.store.query({ ...q, status: view.statuses, order: 'newest', offset: (requested - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const tabCounts: Record<string, number> = {};
    if (filtered) {
      for (const v of VIEWS) tabCounts[v.key] = (await dk.store.query({ ...q, status: v.statuses, limit: 0 })).total;
    } else {
      const counts = await dk.store.countByStatus();
      for (const v of VIEWS) tabCounts[v.key] = (v.statuses ?? []).reduce((sum, s: Status) => sum + counts[s], 0);
    }
    const [posts, channels] = await Promise.all([dk.listPosts().catch(() => [] as Post[]), knownChannels(dk, filters.channel)]);
    const here = `${req.baseUrl}/queue/${view.key}`;
    await render(req, res, 'queue', {
      title: view.label,
      active: 'queue',
      view,
      filters,
      filtered,
      tabCounts,
      posts: posts.map((p) => ({ id: p.id, title: p.title })).sort((a, b) => a.title.localeCompare(b.title)),
      channels,
      items: await viewItems(dk, result.items),
      total: result.total,
      page: requested,
      pages,
      here,
      returnTo: `${here}${query({ ...filters, page: requested > 1 ? requested : undefined })}`,
      flash: flashFrom(req),
    });
  });

  router.get('/items/:id', async (req, res) => {
    const item = await dk.store.get(req.params.id);
    if (!item) {
      res.status(404);
      return render(req, res, 'error', { title: 'Not found', heading: 'No such message', message: 'It may have been deleted.' });
    }
    const [view] = await viewItems(dk, [item]);
    await render(req, res, 'item', { title: 'Message', active: 'queue', ...view, returnTo: `${req.baseUrl}/items/${encodeURIComponent(item.id)}`, flash: flashFrom(req) });
  });

  return router;
}

/** The message an action left for the next page (?done=…&n=…[&undo=…], or ?error=…). */
export function flashFrom(req: Request): { text: string; error?: boolean; undo?: string } | null {
  const done = text(req.query.done);
  const n = Number(req.query.n) || 0;
  if (req.query.error) return { text: text(req.query.error), error: true };
  if (!done) return null;
  const undo = text(req.query.undo);
  return { text: doneWords(done, n), ...(/^[\w-]{8,40}$/.test(undo) ? { undo } : {}) };
}
