/** Renders an admin view inside the one layout, with the navigation counts and a CSRF token for its forms. */
import path from 'node:path';
import ejs from 'ejs';
import type { Request, Response } from 'express';
import type { StatusCounts } from '../plugin/index.js';
import type { Csrf } from './csrf.js';
import type { SessionManager } from './session.js';
import * as helpers from './view-helpers.js';
import { ADMIN_DIR } from './dir.cjs';

export type Renderer = (req: Request, res: Response, view: string, locals?: Record<string, unknown>) => Promise<void>;

export const VIEWS_DIR = path.join(ADMIN_DIR, 'views');

export interface RendererOptions {
  csrf: Csrf;
  sessions: SessionManager;
  counts: () => Promise<StatusCounts>;
  /** Extra counts for the navigation (e.g. new pitches). */
  extras?: () => Promise<Record<string, number>>;
  viewsDir?: string;
}

export function createRenderer({ csrf, sessions, counts, extras, viewsDir = VIEWS_DIR }: RendererOptions): Renderer {
  return async function render(req, res, view, locals = {}) {
    const signedIn = sessions.read(req) !== undefined;
    const data = {
      h: helpers,
      base: req.baseUrl,
      csrfToken: csrf.token(req, res),
      signedIn,
      counts: signedIn ? await counts() : null,
      extras: signedIn && extras ? await extras() : {},
      active: '',
      flash: null,
      ...locals,
    };
    const body = await ejs.renderFile(path.join(viewsDir, `${view}.ejs`), data, { cache: true, async: false });
    const html = await ejs.renderFile(path.join(viewsDir, 'layout.ejs'), { ...data, body }, { cache: true, async: false });
    res.set('Cache-Control', 'no-store');
    res.type('html').send(html);
  };
}
