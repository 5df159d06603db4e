/**
 * Signed form tokens: "<issuedAt ms>.<nonce>.<HMAC-SHA256 base64url>". A token proves the form was
 * rendered by this site at issuedAt; the honeypot filter turns its age into a time-to-submit signal.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DoorkeepError } from './errors.js';

export type FormTokenCheck =
  | { ok: true; issuedAt: Date; nonce: string }
  | { ok: false; reason: 'missing' | 'malformed' | 'forged' | 'expired' };

export interface VerifyFormTokenOptions {
  /** A token older than this is expired. Defaults to 24 hours (86_400_000 ms). */
  maxAgeMs?: number;
}

const NONCE = /^[A-Za-z0-9_-]{8,64}$/;
const TOKEN = /^(\d{1,15})\.([A-Za-z0-9_-]{8,64})\.([A-Za-z0-9_-]{43})$/;
export const DEFAULT_TOKEN_MAX_AGE_MS = 24 * 60 * 60 * 1000;

function sign(secret: string, issuedAtMs: number, nonce: string): Buffer {
  return createHmac('sha256', secret).update(`${issuedAtMs}.${nonce}`).digest();
}

function requireSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new DoorkeepError('ERR_DK_OPTIONS', 'Form tokens need a non-empty site secret.', { field: 'secret' });
  }
}

export function createFormToken(secret: string, now: Date, random: () => string = () => randomBytes(16).toString('base64url')): string {
  requireSecret(secret);
  const nonce = random();
  if (!NONCE.test(nonce)) {
    throw new DoorkeepError('ERR_DK_OPTIONS', 'A form token nonce must be 8–64 base64url characters.', { field: 'random' });
  }
  const issuedAtMs = now.getTime();
  return `${issuedAtMs}.${nonce}.${sign(secret, issuedAtMs, nonce).toString('base64url')}`;
}

export function verifyFormToken(secret: string, token: string | undefined, now: Date, options: VerifyFormTokenOptions = {}): FormTokenCheck {
  requireSecret(secret);
  if (token === undefined || token.trim() === '') return { ok: false, reason: 'missing' };
  const match = TOKEN.exec(token.trim());
  if (!match) return { ok: false, reason: 'malformed' };
  const [, issued, nonce, signature] = match as unknown as [string, string, string, string];
  const issuedAtMs = Number(issued);
  const expected = sign(secret, issuedAtMs, nonce);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  if (now.getTime() - issuedAtMs > (options.maxAgeMs ?? DEFAULT_TOKEN_MAX_AGE_MS)) return { ok: false, reason: 'expired' };
  return { ok: true, issuedAt: new Date(issuedAtMs), nonce };
}
