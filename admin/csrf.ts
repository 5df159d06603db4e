/** Double-submit CSRF tokens (csrf-csrf): every state-changing admin request carries one or gets 403. */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import type { SessionManager } from './session.js';

export const CSRF_COOKIE = 'dk_csrf';
export const CSRF_FIELD = '_csrf';

export interface Csrf {
  /** Refuses POST/PUT/PATCH/DELETE without a valid token (403, code EBADCSRFTOKEN). */
  protect: RequestHandler;
  /** A token for the forms on the page being rendered (sets its cookie). */
  token(req: Request, res: Response): string;
}

export function createCsrf(secret: string, sessions: SessionManager): Csrf {
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => sessions.identify(req),
    cookieName: CSRF_COOKIE,
    cookieOptions: { sameSite: 'strict', httpOnly: true, secure: false, path: '/' },
    getCsrfTokenFromRequest: (req) => {
      const fromBody = (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      return typeof fromBody === 'string' ? fromBody : req.get('x-csrf-token');
    },
  });
  return {
    protect: (req: Request, res: Response, next: NextFunction) => {
      req.cookies ??= {};
      doubleCsrfProtection(req, res, next);
    },
    token(req, res) {
      req.cookies ??= {};
      sessions.identify(req, res);
      return generateCsrfToken(req, res, { cookieOptions: { secure: req.secure, path: req.baseUrl || '/' } });
    },
  };
}
