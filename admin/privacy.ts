/**
 * The privacy page: export or erase everything held about an e-mail address (a reader's request), in one
 * step. Export downloads JSON; erase asks to confirm with the counts first, then reports what it removed.
 */
import { Router } from 'express';
import { DoorkeepError, type Doorkeep } from '../plugin/index.js';
import type { Renderer } from './render.js';
import { MODERATOR } from './actions.js';

const field = (body: unknown, name: string) => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
};

export function createPrivacyRoutes(dk: Doorkeep, render: Renderer): Router {
  const router = Router();
  const page = (locals: Record<string, unknown> = {}) => ({ title: 'Personal data', active: 'privacy', email: '', error: undefined, confirm: undefined, report: undefined, ...locals });

  /** The export for a valid address, or the page again with the error on the field. */
  async function exportFor(req: Parameters<Parameters<Router['post']>[1]>[0], res: Parameters<Parameters<Router['post']>[1]>[1]) {
    const email = field(req.body, 'email');
    try {
      return await dk.exportPersonalData(email);
    } catch (error) {
      if (!(error instanceof DoorkeepError) || error.code !== 'ERR_DK_INPUT') throw error;
      res.status(400);
      await render(req, res, 'privacy', page({ title: 'Personal data (not done)', email, error: error.message }));
      return undefined;
    }
  }

  router.get('/privacy', async (req, res) => {
    await render(req, res, 'privacy', page());
  });

  router.post('/privacy/export', async (req, res) => {
    const data = await exportFor(req, res);
    if (!data) return;
    const name = `personal-data-${data.email.replace(/[^a-z0-9.@_-]/gi, '_')}.json`;
    res.set({ 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="${name}"` });
    res.type('application/json').send(JSON.stringify(data, null, 2));
  });

  router.post('/privacy/erase', async (req, res) => {
    const data = await exportFor(req, res);
    if (!data) return;
    if (field(req.body, 'confirm') !== 'erase') {
      await render(req, res, 'privacy', page({ title: 'Erase personal data?', email: data.email, confirm: data }));
      return;
    }
    const report = await dk.erasePersonalData(data.email, MODERATOR);
    await render(req, res, 'privacy', page({ report }));
  });

  return router;
}
