/** The settings page: everything the owner can change at run time, validated by Doorkeep and in effect at once. */
import { Router } from 'express';
import { DoorkeepError, type Doorkeep, type Settings } from '../plugin/index.js';
import type { Renderer } from './render.js';
import { MODERATOR } from './actions.js';
import { changedSections, formSections, patchFromForm, placeProblems, savedMessage, type FormSection } from './settings-form.js';

export function createSettingsRoutes(dk: Doorkeep, render: Renderer): Router {
  const router = Router();
  const page = (sections: FormSection[], flash?: { text: string; error?: boolean }, problems: { id: string; label: string; message: string }[] = [], unplaced: string[] = []) => ({
    title: problems.length || unplaced.length ? 'Settings (not saved)' : 'Settings',
    active: 'settings',
    sections,
    flash,
    problems,
    unplaced,
  });

  router.get('/settings', async (req, res) => {
    const saved = typeof req.query.saved === 'string' ? req.query.saved.split(',') : undefined;
    await render(req, res, 'settings', page(formSections(dk.settings(), dk.channels()), saved ? { text: savedMessage(saved.filter(Boolean)) } : undefined));
  });

  router.post('/settings', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const before = dk.settings();
    const channels = dk.channels();
    const { patch, errors } = patchFromForm(body, before, channels);
    const names = formSections(before, channels).flatMap((s) => [...(s.toggle ? [s.toggle] : []), ...s.fields]).map((f) => f.name);
    let unplaced = placeProblems(dk.checkSettings(patch), names, errors);
    {
      if (Object.keys(errors).length === 0 && unplaced.length === 0) {
        try {
          // A save that changes nothing is not logged as a settings change.
          if (changedSections(before, previewOf(before, patch)).length) await dk.updateSettings(patch, MODERATOR);
          const changed = changedSections(before, dk.settings());
          res.redirect(303, `${req.baseUrl}/settings?saved=${encodeURIComponent(changed.join(','))}`);
          return;
        } catch (error) {
          if (!(error instanceof DoorkeepError)) throw error;
          unplaced = placeProblems([{ field: error.field ?? 'settings', message: error.message }], names, errors);
        }
      }
    }
    const sections = formSections(before, channels, body, errors);
    const problems = sections.flatMap((s) => [...(s.toggle ? [s.toggle] : []), ...s.fields]).filter((f) => f.error).map((f) => ({ id: f.id, label: f.label, message: f.error! }));
    res.status(400);
    await render(req, res, 'settings', page(sections, undefined, problems, unplaced));
  });

  return router;
}

/** The sections of the settings a patch would set (objects shallow-merged as updateSettings does), to tell whether saving changes anything. */
function previewOf(before: Settings, patch: Partial<Settings>): Settings {
  const out: Record<string, unknown> = { ...before };
  for (const [key, value] of Object.entries(patch)) {
    out[key] = value && typeof value === 'object' && !Array.isArray(value) ? { ...(before[key as keyof Settings] as object), ...value } : value;
  }
  return out as unknown as Settings;
}
