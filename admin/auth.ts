/** Sign-in, sign-out and the gate in front of every other admin route. */
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { rateLimit, type Store as RateLimitStore } from 'express-rate-limit';
import type { AdminAccess } from '../plugin/index.js';
import type { SessionManager } from './session.js';
import type { Csrf } from './csrf.js';
import type { Renderer } from './render.js';

/** Paths answered without a session. The route-walk test pins this list. */
export const PUBLIC_PATHS: readonly string[] = ['/sign-in', '/assets/admin.css', '/assets/admin.js'];

export interface AuthOptions {
  sessions: SessionManager;
  csrf: Csrf;
  render: Renderer;
  /** The password check (dk.adminAccess). */
  access: Pick<AdminAccess, 'hasPassword' | 'verifyPassword'>;
  /** Failed sign-ins allowed per IP per window. Defaults to 5. */
  maxFailures?: number;
  /** Defaults to one minute. */
  windowMs?: number;
  /** Where failed sign-ins are counted; defaults to this process's memory. The admin router shares them through the Doorkeep store. */
  limitStore?: RateLimitStore;
}

/** Only same-router, path-only targets: never another origin. */
export function safeNext(next: unknown, base: string): string {
  if (typeof next !== 'string' || !next.startsWith(`${base}/`) || next.startsWith('//') || /[\\\r\n]/.test(next)) return `${base}/`;
  // Judge the path a browser would go to: "/admin/../..//evil.example/x" resolves outside the admin (issue 11 item 11).
  let resolved: URL;
  try {
    resolved = new URL(next, 'http://admin.invalid');
  } catch {
    return `${base}/`;
  }
  const path = resolved.pathname;
  if (resolved.host !== 'admin.invalid' || !path.startsWith(`${base}/`) || path.startsWith('//')) return `${base}/`;
  return `${path}${resolved.search}${resolved.hash}`;
}

/**
 * `allowWithoutSession` lets one request through without a session when it carries its own proof
 * (the pitch feed's private key, for feed readers that have no cookie).
 */
export function requireSession(sessions: SessionManager, allowWithoutSession: (req: Request) => boolean = () => false): RequestHandler {
  return function requireAdminSession(req: Request, res: Response, next: NextFunction) {
    if (PUBLIC_PATHS.includes(req.path) && (req.method === 'GET' || req.method === 'HEAD' || req.path === '/sign-in')) return next();
    if ((req.method === 'GET' || req.method === 'HEAD') && allowWithoutSession(req)) return next();
    if (sessions.read(req)) return next();
    if (req.method === 'GET' || req.method === 'HEAD') {
      const target = `${req.baseUrl}${req.path === '/' ? '/' : req.originalUrl.slice(req.baseUrl.length)}`;
      return res.redirect(303, `${req.baseUrl}/sign-in?next=${encodeURIComponent(target)}`);
    }
    res.status(401).type('text/plain').send('Sign in first.');
  };
}

export function createAuthRoutes({ sessions, csrf, render, access, maxFailures = 5, windowMs = 60_000, limitStore }: AuthOptions): Router {
  const router = Router();
  const limiter = rateLimit({
    windowMs,
    ...(limitStore ? { store: limitStore } : {}),
    limit: maxFailures,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      res.status(429);
      return render(req, res, 'sign-in', { title: 'Sign in', error: 'Too many failed sign-ins. Wait a minute and try again.', next: safeNext(req.body?.next, req.baseUrl) });
    },
  });

  router.get('/sign-in', (req, res, next) => {
    if (sessions.read(req)) return res.redirect(303, safeNext(req.query.next, req.baseUrl));
    render(req, res, 'sign-in', { title: 'Sign in', error: null, next: safeNext(req.query.next, req.baseUrl), noPassword: !access.hasPassword }).catch(next);
  });

  router.post('/sign-in', limiter, csrf.protect, async (req, res, next) => {
    try {
      const password = typeof req.body?.password === 'string' ? req.body.password : '';
      const target = safeNext(req.body?.next, req.baseUrl);
      if (access.hasPassword && (await access.verifyPassword(password))) {
        if (sessions.read(req)) sessions.end(req, res);
        sessions.start(req, res);
        return res.redirect(303, target);
      }
      res.status(401);
      await render(req, res, 'sign-in', { title: 'Sign in', error: access.hasPassword ? 'That password is not right.' : 'No admin password is set.', next: target, noPassword: !access.hasPassword });
    } catch (error) {
      next(error);
    }
  });

  router.post('/sign-out', csrf.protect, (req, res) => {
    sessions.end(req, res);
    res.redirect(303, `${req.baseUrl}/sign-in`);
  });

  return router;
}
