/** Moderator actions on one message or many: decisions, delete, block and trust the sender. */
import { Router } from 'express';
import type { Doorkeep } from '../plugin/index.js';
import { DoorkeepError } from '../plugin/index.js';
import type { Decision, StoredSubmission } from '../plugin/index.js';
import { safeNext } from './auth.js';
import { ADMIN_ACTIONS, type AdminAction } from './view-helpers.js';

export const MODERATOR = 'admin';

const DECISIONS: Partial<Record<AdminAction, Decision>> = {
  approve: 'approve',
  'not-spam': 'not-spam',
  pitch: 'pitch',
  spam: 'spam',
  block: 'spam',
  trust: 'approve',
};

export interface ActionOutcome {
  /** Messages changed, including campaign members that inherited a decision. */
  changed: string[];
  missing: string[];
}

/** Decide each id in turn; ids already covered by an inherited decision are not decided twice. */
export async function decideAll(dk: Doorkeep, ids: readonly string[], decision: Decision): Promise<ActionOutcome> {
  const changed = new Set<string>();
  const missing: string[] = [];
  for (const id of ids) {
    if (changed.has(id)) continue;
    try {
      const result = await dk.decide(id, decision, MODERATOR);
      changed.add(id);
      for (const other of result.inherited) changed.add(other);
    } catch (error) {
      if (error instanceof DoorkeepError && error.code === 'ERR_DK_NOT_FOUND') missing.push(id);
      else throw error;
    }
  }
  return { changed: [...changed], missing };
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
    return { changed: ids.slice(0, removed), missing: [] };
  }
  if (action === 'block' || action === 'trust') {
    const items = (await Promise.all(ids.map((id) => dk.store.get(id)))).filter((i): i is StoredSubmission => !!i);
    if (action === 'block') await blockSenders(dk, items);
    else await trustSenders(dk, items);
  }
  return decideAll(dk, ids, DECISIONS[action]!);
}

function asList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200);
}

function withParams(target: string, params: Record<string, string>): string {
  const url = new URL(target, 'http://admin.invalid');
  for (const key of ['done', 'n', 'error']) url.searchParams.delete(key);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return `${url.pathname}${url.search}`;
}

export function createActionRoutes(dk: Doorkeep): Router {
  const router = Router();
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
    if (!ADMIN_ACTIONS.includes(action as AdminAction)) return res.status(400).type('text/plain').send('Unknown action.');
    if (!ids.length) return res.redirect(303, withParams(back, { error: 'Select at least one message first.' }));
    try {
      const outcome = await applyAction(dk, action as AdminAction, ids);
      const target = action === 'delete' && back.includes('/items/') ? `${req.baseUrl}/queue/pending` : back;
      res.redirect(303, withParams(target, { done: String(action), n: String(outcome.changed.length) }));
    } catch (error) {
      if (error instanceof DoorkeepError) return res.redirect(303, withParams(back, { error: error.message }));
      throw error;
    }
  });
  return router;
}
