/** "Empty spam" and "Empty trash": delete a whole queue for good, after a confirm step. */
import { Router } from 'express';
import type { Doorkeep } from '../plugin/index.js';
import type { Renderer } from './render.js';
import { withParams } from './actions.js';
import { plural } from './view-helpers.js';

const EMPTIABLE = { spam: 'Spam', trash: 'Trash' } as const;

export function createQueueActionRoutes(dk: Doorkeep, render: Renderer): Router {
  const router = Router();

  router.post('/queue/:status/empty', async (req, res) => {
    const status = req.params.status as keyof typeof EMPTIABLE;
    if (!(status in EMPTIABLE)) return res.status(400).type('text/plain').send('Only Spam and Trash can be emptied.');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const back = `${req.baseUrl}/queue/${status}`;
    // Only what was there when the moderator saw the count: a message arriving meanwhile is kept.
    const before = typeof body.before === 'string' && !Number.isNaN(Date.parse(body.before)) ? new Date(body.before).toISOString() : undefined;
    if (body.confirm !== 'yes' || !before) {
      const now = dk.clock.now().toISOString();
      const { total } = await dk.store.query({ status, until: now, limit: 0 });
      return render(req, res, 'confirm', {
        title: `Empty ${EMPTIABLE[status].toLowerCase()}`,
        active: 'queue',
        heading: `Empty ${EMPTIABLE[status].toLowerCase()}?`,
        message: total
          ? `This deletes ${plural(total, 'message')} in ${EMPTIABLE[status]} for good, with what Doorkeep learned from their text as templates. It cannot be undone.`
          : `${EMPTIABLE[status]} is already empty.`,
        action: `${req.baseUrl}/queue/${status}/empty`,
        fields: { confirm: 'yes', before: now },
        confirmLabel: total ? `Delete ${plural(total, 'message')} for good` : '',
        cancel: back,
      });
    }
    const { items } = await dk.store.query({ status, until: before });
    const removed = items.length ? await dk.remove(items.map((i) => i.id)) : 0;
    res.redirect(303, withParams(back, { done: 'empty', n: String(removed) }));
  });

  return router;
}
