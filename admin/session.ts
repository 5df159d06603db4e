/** The admin session: a signed, expiring cookie; signing out revokes it. */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Clock } from '../plugin/index.js';

export const SESSION_COOKIE = 'dk_admin';
export const VISITOR_COOKIE = 'dk_visitor';

export interface Session {
  id: string;
  expiresAt: number;
}

export interface SessionManager {
  /** The valid session on this request, if any. */
  read(req: Request): Session | undefined;
  /** Start a new session and set its cookie. */
  start(req: Request, res: Response): Session;
  /** Revoke the request's session and clear its cookie. */
  end(req: Request, res: Response): void;
  /** A stable id for CSRF tokens: the session id when signed in, else an anonymous visitor id (set when missing). */
  identify(req: Request, res?: Response): string;
  /** Sessions signed out before (e.g. loaded from the store after a restart), as id → expiry in ms. */
  restoreRevoked(revoked: Record<string, number> | undefined): void;
}

export interface SessionOptions {
  /** The signing key; the admin passes dk.adminAccess.key('admin-session'), which changes when the password changes, so old sessions stop working. */
  secret: string;
  clock: Clock;
  /** Session lifetime in ms. Defaults to 12 hours. */
  maxAgeMs?: number;
  /** Called after a sign-out with every still-unexpired revoked session, to keep them across restarts. */
  onRevoke?: (revoked: Record<string, number>) => void;
}

function cookiePath(req: Request): string {
  return req.baseUrl || '/';
}

function cookieOptions(req: Request) {
  return { httpOnly: true, sameSite: 'strict' as const, secure: req.secure, path: cookiePath(req) };
}

export function createSessionManager({ secret, clock, maxAgeMs = 12 * 60 * 60 * 1000, onRevoke }: SessionOptions): SessionManager {
  const revoked = new Map<string, number>();
  const sign = (payload: string) => createHmac('sha256', `${secret}\0admin-session`).update(payload).digest('base64url');

  function parse(value: unknown): Session | undefined {
    if (typeof value !== 'string') return undefined;
    const [id, expires, signature] = value.split('.');
    if (!id || !expires || !signature) return undefined;
    const expected = Buffer.from(sign(`${id}.${expires}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const expiresAt = Number(expires);
    if (!Number.isFinite(expiresAt) || expiresAt <= clock.now().getTime() || revoked.has(id)) return undefined;
    return { id, expiresAt };
  }

  function forgetExpired(now: number) {
    for (const [id, expiresAt] of revoked) if (expiresAt <= now) revoked.delete(id);
  }

  return {
    read: (req) => parse(req.cookies?.[SESSION_COOKIE]),
    start(req, res) {
      const now = clock.now().getTime();
      const session = { id: randomBytes(18).toString('base64url'), expiresAt: now + maxAgeMs };
      const value = `${session.id}.${session.expiresAt}`;
      res.cookie(SESSION_COOKIE, `${value}.${sign(value)}`, { ...cookieOptions(req), maxAge: maxAgeMs });
      req.cookies = { ...req.cookies, [SESSION_COOKIE]: `${value}.${sign(value)}` };
      return session;
    },
    end(req, res) {
      const session = parse(req.cookies?.[SESSION_COOKIE]);
      forgetExpired(clock.now().getTime());
      if (session) {
        revoked.set(session.id, session.expiresAt);
        onRevoke?.(Object.fromEntries(revoked));
      }
      res.clearCookie(SESSION_COOKIE, cookieOptions(req));
      if (req.cookies) delete req.cookies[SESSION_COOKIE];
    },
    restoreRevoked(list) {
      for (const [id, expiresAt] of Object.entries(list ?? {})) if (typeof expiresAt === 'number') revoked.set(id, expiresAt);
      forgetExpired(clock.now().getTime());
    },
    identify(req, res) {
      const session = parse(req.cookies?.[SESSION_COOKIE]);
      if (session) return `session:${session.id}`;
      let visitor = req.cookies?.[VISITOR_COOKIE];
      if (typeof visitor !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(visitor)) {
        if (!res) return 'anonymous';
        visitor = randomBytes(18).toString('base64url');
        res.cookie(VISITOR_COOKIE, visitor, cookieOptions(req));
        req.cookies = { ...req.cookies, [VISITOR_COOKIE]: visitor };
      }
      return `visitor:${visitor}`;
    },
  };
}
