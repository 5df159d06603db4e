/** The moderation admin: an Express router the host mounts anywhere (the demo: /admin). */
import express, { Router, type ErrorRequestHandler } from 'express';
import cookieParser from 'cookie-parser';
import { checkOptions, type Doorkeep } from '../plugin/index.js';
import { createAssetRoutes } from './assets.js';
import { createAuthRoutes, requireSession } from './auth.js';
import { SharedSignInLimit, shareRevokedSessions } from './shared-limits.js';
import { createCsrf } from './csrf.js';
import { createSessionManager } from './session.js';
import { securityHeaders } from './security-headers.js';
import { createRenderer } from './render.js';
import { createQueueRoutes, createRowRenderer } from './queues.js';
import { createQueueActionRoutes } from './queue-actions.js';
import { createActionRoutes } from './actions.js';
import { createCampaignRoutes } from './campaigns.js';
import { createSettingsRoutes } from './settings-page.js';
import { createPrivacyRoutes } from './privacy.js';
import { createStatsRoutes } from './stats.js';
import { createPitchRoutes, hasPitchFeedKey, newPitches, PITCH_FEED_KEY } from './pitches.js';

export interface AdminRouterOptions {
  /** How long a sign-in lasts, in hours. Defaults to 12. */
  sessionHours?: number;
  /** Failed sign-ins allowed per IP per minute. Defaults to 5. */
  maxFailedSignIns?: number;
}

/** Signed-out sessions, kept in the store so a restart does not revive them. */
export const REVOKED_KEY = 'admin.revokedSessions';

const DEFAULTS: Required<AdminRouterOptions> = { sessionHours: 12, maxFailedSignIns: 5 };

/** The admin router, built on the public API: `dk` and its documented seam, dk.adminAccess. */
export function createAdminRouter(dk: Doorkeep, options?: AdminRouterOptions): Router {
  const config = checkOptions<Required<AdminRouterOptions>>('admin', options, DEFAULTS, {
    sessionHours: { kind: 'number', min: 0.01, max: 24 * 30 },
    maxFailedSignIns: { kind: 'number', min: 1, max: 1000 },
  });
  let shared: ReturnType<typeof shareRevokedSessions> | undefined;
  const sessions = createSessionManager({
    secret: dk.adminAccess.key('admin-session'),
    clock: dk.clock,
    maxAgeMs: config.sessionHours * 3_600_000,
    onRevoke: (revoked) => shared?.onRevoke(revoked),
  });
  shared = shareRevokedSessions(dk, (revoked) => sessions.restoreRevoked(revoked), REVOKED_KEY);
  const restored = shared.restored.catch((error: unknown) => console.error('[doorkeep admin] could not load sign-outs:', error));
  const csrf = createCsrf(dk.adminAccess.key('admin-csrf'), sessions);
  const render = createRenderer({
    csrf,
    sessions,
    counts: () => dk.store.countByStatus(),
    extras: async () => ({ newPitches: (await newPitches(dk, 1)).total }),
  });

  const router = Router();
  router.use(async (_req, _res, next) => {
    await restored;
    next();
  });
  router.use(cookieParser());
  router.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 2000 }));
  router.use(securityHeaders());
  router.use(createAssetRoutes());
  const feedKey = dk.adminAccess.key(PITCH_FEED_KEY);
  router.use(requireSession(sessions, (req) => hasPitchFeedKey(req, feedKey)));
  router.use(createAuthRoutes({ sessions, csrf, render, access: dk.adminAccess, maxFailures: config.maxFailedSignIns, limitStore: new SharedSignInLimit(dk) }));
  router.use(csrf.protect);
  router.use(createQueueRoutes(dk, render));
  router.use(createActionRoutes(dk, { rows: createRowRenderer(dk) }));
  router.use(createQueueActionRoutes(dk, render));
  router.use(createCampaignRoutes(dk, render));
  router.use(createSettingsRoutes(dk, render));
  router.use(createPrivacyRoutes(dk, render));
  router.use(createStatsRoutes(dk, render));
  router.use(createPitchRoutes(dk, render, feedKey));

  router.use((req, res) => {
    res.status(404);
    return render(req, res, 'error', { title: 'Not found', heading: 'Not found', message: 'There is no admin page here.' });
  });

  const onError: ErrorRequestHandler = (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = typeof error?.status === 'number' ? error.status : typeof error?.statusCode === 'number' ? error.statusCode : 500;
    const csrfFailure = error?.code === 'EBADCSRFTOKEN';
    res.status(csrfFailure ? 403 : status);
    const message = csrfFailure
      ? 'The form was stale or did not come from this admin. Go back, reload the page and try again.'
      : status < 500 ? String(error?.message ?? 'Bad request.') : 'Something went wrong. The error was logged.';
    if (status >= 500 && !csrfFailure) console.error('[doorkeep admin]', error);
    render(req, res, 'error', { title: csrfFailure ? 'Refused' : 'Error', heading: csrfFailure ? 'Refused: missing or invalid form token' : 'Something went wrong', message }).catch(() =>
      res.type('text/plain').send(message),
    );
  };
  router.use(onError);
  return router;
}
