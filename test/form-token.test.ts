import { describe, expect, it } from 'vitest';
import { createFormToken, verifyFormToken } from '../plugin/form-token.js';
import { DoorkeepError } from '../plugin/errors.js';

const SECRET = 'site-secret-for-tests';
const ISSUED = new Date('2026-03-10T12:00:00.000Z');
const later = (ms: number) => new Date(ISSUED.getTime() + ms);
const fixedNonce = () => 'nonce-0123456789';

describe('form tokens', () => {
  it('verifies a token it issued and returns when it was issued and its nonce', () => {
    const token = createFormToken(SECRET, ISSUED, fixedNonce);
    expect(verifyFormToken(SECRET, token, later(10_000))).toEqual({ ok: true, issuedAt: ISSUED, nonce: 'nonce-0123456789' });
  });

  it('is deterministic for a given clock and nonce, and differs per nonce by default', () => {
    expect(createFormToken(SECRET, ISSUED, fixedNonce)).toBe(createFormToken(SECRET, ISSUED, fixedNonce));
    expect(createFormToken(SECRET, ISSUED)).not.toBe(createFormToken(SECRET, ISSUED));
  });

  it('reports a missing token', () => {
    expect(verifyFormToken(SECRET, undefined, ISSUED)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyFormToken(SECRET, '  ', ISSUED)).toEqual({ ok: false, reason: 'missing' });
  });

  it('reports garbage as malformed without throwing', () => {
    for (const junk of ['abc', '1.2.3', `${ISSUED.getTime()}.short.sig`, '<script>', 'x'.repeat(5000)]) {
      expect(verifyFormToken(SECRET, junk, ISSUED)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('reports a token signed with another secret as forged', () => {
    const token = createFormToken('another-secret', ISSUED, fixedNonce);
    expect(verifyFormToken(SECRET, token, later(10_000))).toEqual({ ok: false, reason: 'forged' });
  });

  it('reports a token whose issue time was moved back (to look older) as forged', () => {
    const [, nonce, signature] = createFormToken(SECRET, ISSUED, fixedNonce).split('.');
    const tampered = `${ISSUED.getTime() - 60_000}.${nonce}.${signature}`;
    expect(verifyFormToken(SECRET, tampered, later(1000))).toEqual({ ok: false, reason: 'forged' });
  });

  it('reports a token older than 24 hours as expired, and honours a custom maximum age', () => {
    const token = createFormToken(SECRET, ISSUED, fixedNonce);
    expect(verifyFormToken(SECRET, token, later(24 * 3_600_000)).ok).toBe(true);
    expect(verifyFormToken(SECRET, token, later(24 * 3_600_000 + 1))).toEqual({ ok: false, reason: 'expired' });
    expect(verifyFormToken(SECRET, token, later(61_000), { maxAgeMs: 60_000 })).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses an empty secret and a nonce that would break the format', () => {
    expect(() => createFormToken('', ISSUED)).toThrow(DoorkeepError);
    expect(() => createFormToken(SECRET, ISSUED, () => 'has.dot.in.it')).toThrow(/nonce/);
  });
});
