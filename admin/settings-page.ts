/** The settings page: everything the owner can change at run time, validated by dk.updateSettings and in effect at once. */
import { Router } from 'express';
import type { Doorkeep } from '../plugin/index.js';
import { DoorkeepError } from '../plugin/index.js';
import { FILTER_NAMES } from '../plugin/index.js';
import type { Renderer } from './render.js';
import { MODERATOR } from './actions.js';
import { flashFrom } from './queues.js';
import { formValues, LIST_FIELDS, RETENTION_FIELDS, settingsPatchFromForm, THRESHOLD_FIELDS } from './settings-form.js';

export function createSettingsRoutes(dk: Doorkeep, render: Renderer): Router {
  const router = Router();
  const filterNames = () => [...new Set([...FILTER_NAMES, ...Object.keys(dk.settings().filters ?? {})])];
  const page = (values: ReturnType<typeof formValues>, flash: unknown) => ({
    title: 'Settings',
    active: 'settings',
    values,
    listFields: LIST_FIELDS,
    thresholdFields: THRESHOLD_FIELDS,
    retentionFields: RETENTION_FIELDS,
    flash,
  });

  router.get('/settings', async (req, res) => {
    await render(req, res, 'settings', page(formValues(dk.settings(), filterNames()), flashFrom(req)));
  });

  router.post('/settings', async (req, res) => {
    const settings = dk.settings();
    let patch: Record<string, unknown> | undefined;
    try {
      patch = settingsPatchFromForm(req.body ?? {}, filterNames(), Object.keys(settings.doors ?? {}));
      await dk.updateSettings(patch, MODERATOR);
      res.redirect(303, `${req.baseUrl}/settings?done=saved&n=1`);
    } catch (error) {
      if (!(error instanceof DoorkeepError)) throw error;
      res.status(400);
      await render(req, res, 'settings', page(formValues(settings, filterNames(), patch), { text: `Nothing was saved. ${error.message}`, error: true }));
    }
  });

  return router;
}
