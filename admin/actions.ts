/** Moderator actions on one message or many: decisions, trash and restore, delete, block and trust the sender. */
import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { Doorkeep } from '../plugin/index.js';
import { DoorkeepError } from '../plugin/index.js';
import type { Decision, Status, StoredSubmission } from '../plugin/index.js';
import { safeNext } from './auth.js';
import { ADMIN_ACTIONS, isStatus, STATUS_LABELS, type AdminAction } from './view-helpers.js';

export const MODERATOR = 'admin';

const DECISIONS: Partial<Record<AdminAction, Decision>> = {
  approve: 'approve',
  'not-spam': 'not-spam',
  unapprove: 'pending',
  pitch: 'pitch',
  spam: 'spam',
  block: 'spam',
  trust: 'approve',
};

/** The decision that puts a message back in a status (for undo). */
const DECISION_FOR: Record<Exclude<Status, 'trash'>, Decision> = {
  approved: 'approve',
  pending: 'pending',
  pitch: 'pitch',
  spam: 'spam',
  discard: 'discard',
};

/** One message an action moved, and where it was before: enough to undo it. */
export interface Move {
  id: string;
  from: Status;
  to: Status;
}

export interface ActionOutcome {
  /** Messages changed, including campaign members that inherited a decision. */
  changed: string[];
  missing: string[];
  /** What moved where (empty for deletions, which cannot be undone). */
  moves: Move[];
}

/** The status a message had before the last status change that led to `to`. */
function fromOf(item: StoredSubmission, to: Status): Status | undefined {
  for (let i = item.history.length - 1; i >= 0; i--) {
    const entry = item.history[i]!;
    if (entry.type === 'status' && entry.to === to) return entry.from;
  }
  return undefined;
}

/** Decide each id in turn; ids already covered by an inherited decision are not decided twice. */
export async function decideAll(dk: Doorkeep, ids: readonly string[], decision: Decision, note?: string): Promise<ActionOutcome> {
  const changed = new Set<string>();
  const missing: string[] = [];
  const moves: Move[] = [];
  for (const id of ids) {
    if (changed.has(id)) continue;
    try {
      const before = await dk.store.get(id);
      const result = await dk.decide(id, decision, MODERATOR, note);
      changed.add(id);
      if (before && before.status !== result.submission.status) moves.push({ id, from: before.status, to: result.submission.status });
      for (const other of result.inherited) {
        changed.add(other);
        const now = await dk.store.get(other);
        const from = now && fromOf(now, now.status);
        if (now && from) moves.push({ id: other, from, to: now.status });
      }
    } catch (error) {
      if (error instanceof DoorkeepError && error.code === 'ERR_DK_NOT_FOUND') missing.push(id);
      else throw error;
    }
  }
  return { changed: [...changed], missing, moves };
}

/** Move messages between statuses without a decision (trash and back): nothing is learned. */
async function moveAll(dk: Doorkeep, ids: readonly string[], target: (item: StoredSubmission) => Status | undefined, note?: string): Promise<ActionOutcome> {
  const outcome: ActionOutcome = { changed: [], missing: [], moves: [] };
  for (const id of new Set(ids)) {
    const item = await dk.store.get(id);
    if (!item) {
      outcome.missing.push(id);
      continue;
    }
    const to = target(item);
    if (!to || to === item.status) continue;
    const at = dk.clock.now().toISOString();
    await dk.store.update(id, { status: to, updatedAt: at }, [{ at, type: 'status', by: MODERATOR, actor: 'person', from: item.status, to, ...(note ? { note } : {}) }]);
    outcome.changed.push(id);
    outcome.moves.push({ id, from: item.status, to });
  }
  return outcome;
}

function addTo(list: readonly string[], values: string[]): string[] {
  return [...new Set([...list, ...values])];
}

function removeFrom(list: readonly string[], values: string[]): string[] {
  const drop = new Set(values.map((v) => v.toLowerCase()));
  return list.filter((v) => !drop.has(v.toLowerCase()));
}

/** Block: every sender's email (or IP, when there is no email) goes on the block list. */
async function blockSenders(dk: Doorkeep, items: StoredSubmission[]): Promise<void> {
  const emails = items.map((i) => i.author?.email?.toLowerCase()).filter((e): e is string => !!e);
  const ips = items.filter((i) => !i.author?.email && i.ip && !i.ipAnonymised).map((i) => i.ip);
  const { lists } = dk.settings();
  await dk.updateSettings(
    {
      lists: {
        blockedEmails: addTo(lists.blockedEmails, emails),
        blockedIps: addTo(lists.blockedIps, ips),
        trustedEmails: removeFrom(lists.trustedEmails, emails),
      },
    },
    MODERATOR,
  );
}

async function trustSenders(dk: Doorkeep, items: StoredSubmission[]): Promise<void> {
  const emails = items.map((i) => i.author?.email?.toLowerCase()).filter((e): e is string => !!e);
  const { lists } = dk.settings();
  await dk.updateSettings(
    { lists: { trustedEmails: addTo(lists.trustedEmails, emails), blockedEmails: removeFrom(lists.blockedEmails, emails) } },
    MODERATOR,
  );
}

/** Apply one admin action to the given ids. */
export async function applyAction(dk: Doorkeep, action: AdminAction, ids: string[]): Promise<ActionOutcome> {
  if (action === 'delete') {
    const removed = await dk.remove(ids);
    return { changed: ids.slice(0, removed), missing: [], moves: [] };
  }
  if (action === 'trash') return moveAll(dk, ids, () => 'trash');
  if (action === 'restore') return moveAll(dk, ids, (item) => (item.status === 'trash' ? fromOf(item, 'trash') ?? 'pending' : undefined));
  if (action === 'block' || action === 'trust') {
    const items = (await Promise.all(ids.map((id) => dk.store.get(id)))).filter((i): i is StoredSubmission => !!i);
    if (action === 'block') await blockSenders(dk, items);
    else await trustSenders(dk, items);
  }
  return decideAll(dk, ids, DECISIONS[action]!);
}

/** Put each moved message back where it was, unless something else has moved it since. */
export async function undoMoves(dk: Doorkeep, moves: readonly Move[]): Promise<ActionOutcome> {
  const outcome: ActionOutcome = { changed: [], missing: [], moves: [] };
  for (const move of moves) {
    const item = await dk.store.get(move.id);
    if (!item) {
      outcome.missing.push(move.id);
      continue;
    }
    if (item.status !== move.to) continue;
    const step = move.from === 'trash' || move.to === 'trash'
      ? await moveAll(dk, [move.id], () => move.from, 'Undo')
      : await decideAll(dk, [move.id], DECISION_FOR[move.from as Exclude<Status, 'trash'>], 'Undo');
    outcome.changed.push(...step.changed.filter((id) => id === move.id));
    outcome.moves.push(...step.moves.filter((m) => m.id === move.id));
  }
  return outcome;
}

/** Recent actions that can be undone, kept in the store so a reload (or another instance) can still undo them. */
export const UNDO_KEY = 'admin.undo';
const UNDO_KEPT = 30;

interface UndoEntry {
  token: string;
  at: string;
  moves: Move[];
}

export interface UndoLog {
  record(moves: Move[]): Promise<string | undefined>;
  take(token: string): Promise<Move[] | undefined>;
}

export function createUndoLog(dk: Doorkeep): UndoLog {
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };
  const read = async () => ((await dk.store.getState<UndoEntry[]>(UNDO_KEY)) ?? []).filter((e) => e && typeof e.token === 'string' && Array.isArray(e.moves));
  return {
    record: (moves) =>
      serial(async () => {
        if (!moves.length) return undefined;
        const token = randomBytes(12).toString('base64url');
        const entries = await read();
        await dk.store.setState(UNDO_KEY, [...entries.slice(-(UNDO_KEPT - 1)), { token, at: dk.clock.now().toISOString(), moves }]);
        return token;
      }),
    take: (token) =>
      serial(async () => {
        const entries = await read();
        const found = entries.find((e) => e.token === token);
        if (!found) return undefined;
        await dk.store.setState(UNDO_KEY, entries.filter((e) => e !== found));
        return found.moves.filter((m) => typeof m.id === 'string' && isStatus(m.from) && isStatus(m.to));
      }),
  };
}

function asList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200);
}

export function withParams(target: string, params: Record<string, string>): string {
  const url = new URL(target, 'http://admin.invalid');
  for (const key of ['done', 'n', 'error', 'undo']) url.searchParams.delete(key);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return `${url.pathname}${url.search}`;
}

/** True when the page's script asked for JSON (fetch) rather than a page. */
export function wantsJson(req: Request): boolean {
  return (req.get('accept') ?? '').includes('application/json');
}

const DONE_WORDS: Record<string, string> = {
  approve: 'Approved',
  'not-spam': 'Marked not spam',
  unapprove: 'Sent back to Pending',
  pitch: 'Moved to the pitch inbox',
  spam: 'Marked as spam',
  trash: 'Moved to the trash',
  restore: 'Restored',
  delete: 'Deleted for good',
  block: 'Sender blocked and marked as spam',
  trust: 'Sender trusted and approved',
  undo: 'Undone',
  empty: 'Deleted for good',
  saved: 'Saved',
};

export function doneWords(done: string, n: number): string {
  return `${DONE_WORDS[done] ?? 'Done'}: ${n} ${n === 1 ? 'message' : 'messages'}.`;
}

/** Renders the queue rows of the given messages (for the page's script to put in place). */
export type RowRenderer = (req: Request, ids: string[]) => Promise<Record<string, string>>;

/** Answers an action: JSON for the page's script, a redirect with a message (and an Undo) for a plain form. */
async function answer(req: Request, res: Response, dk: Doorkeep, back: string, done: string, outcome: ActionOutcome, undo: string | undefined, rows?: RowRenderer) {
  if (wantsJson(req)) {
    const statuses = await Promise.all(outcome.changed.map(async (id) => ({ id, status: (await dk.store.get(id))?.status ?? null })));
    return res.json({
      message: doneWords(done, outcome.changed.length),
      changed: statuses.map(({ id, status }) => ({ id, status, label: status ? STATUS_LABELS[status] : 'Deleted' })),
      missing: outcome.missing,
      undo: undo ?? null,
      counts: await dk.store.countByStatus(),
      rows: rows ? await rows(req, statuses.filter((s) => s.status).map((s) => s.id)) : {},
    });
  }
  res.redirect(303, withParams(back, { done, n: String(outcome.changed.length), ...(undo ? { undo } : {}) }));
}

export function createActionRoutes(dk: Doorkeep, options: { undoLog?: UndoLog; rows?: RowRenderer } = {}): Router {
  const router = Router();
  const undoLog = options.undoLog ?? createUndoLog(dk);

  const fail = (req: Request, res: Response, back: string, status: number, message: string) =>
    wantsJson(req) ? res.status(status).json({ error: message }) : res.redirect(303, withParams(back, { error: message }));

  router.post('/actions', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const back = safeNext(body.return, req.baseUrl);
    let action: unknown = body.action;
    let ids = asList(body.ids);
    if (typeof body.one === 'string') {
      const at = body.one.indexOf(':');
      action = body.one.slice(0, at);
      ids = [body.one.slice(at + 1)];
    }
    if (!ADMIN_ACTIONS.includes(action as AdminAction)) {
      return wantsJson(req) ? res.status(400).json({ error: 'Unknown action.' }) : res.status(400).type('text/plain').send('Unknown action.');
    }
    if (!ids.length) return fail(req, res, back, 400, 'Select at least one message first.');
    try {
      const outcome = await applyAction(dk, action as AdminAction, ids);
      const undo = await undoLog.record(outcome.moves);
      const target = action === 'delete' && back.includes('/items/') ? `${req.baseUrl}/queue/pending` : back;
      await answer(req, res, dk, target, String(action), outcome, undo, options.rows);
    } catch (error) {
      if (error instanceof DoorkeepError) return fail(req, res, back, 400, error.message);
      throw error;
    }
  });

  router.post('/actions/undo', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const back = safeNext(body.return, req.baseUrl);
    const moves = typeof body.token === 'string' ? await undoLog.take(body.token) : undefined;
    if (!moves) return fail(req, res, back, 409, 'Nothing to undo: that action was undone already or is too old.');
    const outcome = await undoMoves(dk, moves);
    await answer(req, res, dk, back, 'undo', outcome, undefined, options.rows);
  });

  return router;
}
