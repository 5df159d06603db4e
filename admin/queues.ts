/** The moderation queues (one a status) and the page of one message. */
import { Router, type Request } from 'express';
import type { Doorkeep } from '../plugin/index.js';
import type { Post, StoredSubmission, SubmissionQuery } from '../plugin/index.js';
import { senderLookup } from '../plugin/index.js';
import type { Renderer } from './render.js';
import { QUEUES, isStatus, query } from './view-helpers.js';

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

/** Turns the search form into a store query. */
export function searchQuery(req: Request): { filters: { q: string; sender: string; post: string }; query: SubmissionQuery } {
  const filters = { q: text(req.query.q), sender: text(req.query.sender), post: text(req.query.post) };
  const q: SubmissionQuery = {};
  if (filters.q) q.search = filters.q;
  if (filters.post) q.postId = filters.post;
  if (filters.sender.includes('@')) q.email = filters.sender;
  else if (IP_PATTERN.test(filters.sender) && /[.:]/.test(filters.sender)) q.ip = filters.sender;
  else if (filters.sender) q.search = q.search ? `${q.search}` : filters.sender;
  return { filters, query: q };
}

export function createQueueRoutes(dk: Doorkeep, render: Renderer): Router {
  const router = Router();

  router.get('/', (req, res) => res.redirect(303, `${req.baseUrl}/queue/pending`));

  router.get('/queue/:status', async (req, res) => {
    const status = req.params.status;
    const queue = QUEUES.find((q) => q.status === status);
    if (!isStatus(status) || !queue) {
      res.status(404);
      return render(req, res, 'error', { title: 'Not found', heading: 'No such queue', message: `There is no queue called “${status}”.` });
    }
    const { filters, query: q } = searchQuery(req);
    const requested = Math.max(1, Math.floor(Number(req.query.page)) || 1);
    const result = await dk.store.query({ ...q, status, order: 'newest', offset: (requested - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    await render(req, res, 'queue', {
      title: queue.label,
      active: status,
      queue,
      filters,
      items: await viewItems(dk, result.items),
      total: result.total,
      page: requested,
      pages,
      returnTo: `${req.baseUrl}/queue/${status}${query({ ...filters, page: requested > 1 ? requested : undefined })}`,
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
    await render(req, res, 'item', { title: 'Message', active: item.status, ...view, returnTo: `${req.baseUrl}/items/${encodeURIComponent(item.id)}`, flash: flashFrom(req) });
  });

  return router;
}

/** The message an action left for the next page (?done=…&n=…, or ?error=…). */
export function flashFrom(req: Request): { text: string; error?: boolean } | null {
  const done = text(req.query.done);
  const n = Number(req.query.n) || 0;
  if (req.query.error) return { text: text(req.query.error), error: true };
  if (!done) return null;
  return { text: `${DONE_WORDS[done] ?? 'Done'}: ${n} ${n === 1 ? 'message' : 'messages'}.` };
}

const DONE_WORDS: Record<string, string> = {
  approve: 'Approved',
  'not-spam': 'Marked not spam',
  pitch: 'Moved to the pitch inbox',
  spam: 'Marked as spam',
  delete: 'Deleted',
  block: 'Sender blocked and marked as spam',
  trust: 'Sender trusted and approved',
  saved: 'Saved',
};
