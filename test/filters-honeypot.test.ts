import { describe, expect, it } from 'vitest';
import { createHoneypotFilter } from '../plugin/filters/honeypot.js';
import { createFormToken } from '../plugin/form-token.js';
import type { FormEvidence, Signal } from '../plugin/types.js';
import { FIXED_NOW, makeContext, makeSubmission } from './support/factories.js';

const SECRET = 'site-secret';
const deps = { secret: SECRET };
const filter = createHoneypotFilter(undefined, deps);
const secondsBefore = (s: number) => new Date(FIXED_NOW.getTime() - s * 1000);
const tokenFrom = (secondsAgo: number) => createFormToken(SECRET, secondsBefore(secondsAgo), () => 'nonce-abcdefgh');

function check(form: FormEvidence | undefined, context = makeContext(), f = filter): Signal[] {
  return [f.check(makeSubmission({ form }), context) ?? []].flat();
}

describe('honeypot and timing filter', () => {
  it('applies only to comment and contact forms', () => {
    expect(filter.types).toEqual(['comment', 'contact-form']);
  });

  it('says nothing about a form filled by a person: empty honeypot, valid token, a minute to write', () => {
    expect(check({ honeypot: '', token: tokenFrom(60) })).toEqual([]);
  });

  it('says nothing when the submission came without a form (Akismet API, batch)', () => {
    expect(check(undefined)).toEqual([]);
  });

  it('scores a filled honeypot at spam level', () => {
    const [signal] = check({ honeypot: 'http://bot.example', token: tokenFrom(60) });
    expect(signal).toMatchObject({ filter: 'honeypot', kind: 'spam', evidence: { honeypot: 'http://bot.example' } });
    expect(signal!.score).toBeGreaterThanOrEqual(3);
    expect(signal!.reason).toContain('honeypot field');
  });

  it('holds a form sent without its token for review, without throwing', () => {
    const signals = check({ honeypot: '' });
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ score: 1, kind: 'hold', publicReason: 'held for review', evidence: { token: 'missing' } });
  });

  it('scores a forged token as spam evidence', () => {
    const forged = createFormToken('not-our-secret', secondsBefore(60), () => 'nonce-abcdefgh');
    expect(check({ honeypot: '', token: forged })[0]).toMatchObject({ score: 2, kind: 'spam', evidence: { token: 'forged' } });
  });

  it('reports a malformed token as a signal', () => {
    expect(check({ honeypot: '', token: 'hello' })[0]).toMatchObject({ score: 1.5, evidence: { token: 'malformed' } });
  });

  it('holds a token older than maxAgeHours as expired', () => {
    expect(check({ honeypot: '', token: tokenFrom(25 * 3600) })[0]).toMatchObject({ kind: 'hold', evidence: { token: 'expired' } });
    const short = createHoneypotFilter({ maxAgeHours: 1 }, deps);
    const [signal] = check({ honeypot: '', token: tokenFrom(2 * 3600) }, makeContext(), short);
    expect(signal!.reason).toContain('more than 1 hour before sending');
    expect(check({ honeypot: '', token: tokenFrom(3000) }, makeContext(), short)).toEqual([]);
  });

  it('flags a replayed token', () => {
    const [signal] = check({ honeypot: '', token: tokenFrom(60) }, makeContext({ formTokenSeen: true }));
    expect(signal).toMatchObject({ score: 2, kind: 'spam', evidence: { token: 'replayed', nonce: 'nonce-abcdefgh' } });
  });

  it('flags a form sent faster than minSeconds, instant sends most strongly', () => {
    const [fast] = check({ honeypot: '', token: tokenFrom(2) });
    expect(fast).toMatchObject({ score: 2, kind: 'spam', evidence: { seconds: 2, minSeconds: 3 } });
    expect(fast!.reason).toBe('Sent 2.0 seconds after the form was opened (people take at least 3)');
    expect(check({ honeypot: '', token: tokenFrom(0.2) })[0]!.score).toBe(2.5);
    expect(check({ honeypot: '', token: tokenFrom(3) })).toEqual([]);
  });

  it('honours minSeconds', () => {
    const patient = createHoneypotFilter({ minSeconds: 10 }, deps);
    expect(check({ honeypot: '', token: tokenFrom(8) }, makeContext(), patient)).toHaveLength(1);
    expect(check({ honeypot: '', token: tokenFrom(12) }, makeContext(), patient)).toEqual([]);
  });

  it('reports every problem at once: filled honeypot, replayed and too fast', () => {
    const signals = check({ honeypot: 'x', token: tokenFrom(1) }, makeContext({ formTokenSeen: true }));
    expect(signals.map((s) => s.evidence?.token ?? (s.evidence?.honeypot ? 'honeypot' : 'fast'))).toEqual(['honeypot', 'replayed', 'fast']);
  });

  it('rejects bad options at creation', () => {
    expect(() => createHoneypotFilter({ minSecond: 3 }, deps)).toThrow(/Did you mean `minSeconds`/);
    expect(() => createHoneypotFilter({ maxAgeHours: -1 }, deps)).toThrow(/filters\.honeypot\.maxAgeHours/);
  });
});
