import { checkOptions } from '../errors.js';
import { verifyFormToken } from '../form-token.js';
import type { Filter, Signal } from '../types.js';
import type { FilterDeps } from './index.js';

export interface HoneypotOptions {
  /** A form sent sooner than this many seconds after it was rendered is suspect. Defaults to 3. */
  minSeconds: number;
  /** A form token older than this many hours has expired. Defaults to 24. */
  maxAgeHours: number;
}

export const DEFAULTS: HoneypotOptions = { minSeconds: 3, maxAgeHours: 24 };

const TOKEN_PROBLEMS = {
  missing: { score: 1, kind: 'hold', reason: 'The form was sent without its signed token (not sent from this site\'s form, or the page was changed)' },
  malformed: { score: 1.5, kind: 'spam', reason: 'The form token was not one this site issues (malformed)' },
  forged: { score: 2, kind: 'spam', reason: 'The form token\'s signature does not match: it was forged or altered' },
  expired: { score: 1, kind: 'hold', reason: 'The form token has expired: the page was opened more than {maxAge} before sending' },
} as const;

export function createHoneypotFilter(options: Record<string, unknown> | undefined, deps: FilterDeps): Filter {
  const opts = checkOptions('filters.honeypot', options, DEFAULTS, {
    minSeconds: { kind: 'number', min: 0 },
    maxAgeHours: { kind: 'number', min: 0 },
  });
  const maxAgeMs = opts.maxAgeHours * 3_600_000;

  return {
    name: 'honeypot',
    types: ['comment', 'contact-form'],
    check(submission, context) {
      const form = submission.form;
      if (!form) return null;
      const signals: Signal[] = [];
      if (form.honeypot !== undefined && form.honeypot.trim() !== '') {
        signals.push({
          filter: 'honeypot', score: 3, kind: 'spam',
          reason: 'The hidden honeypot field, which people never see, was filled in',
          publicReason: 'looks automated', evidence: { honeypot: form.honeypot.slice(0, 100) },
        });
      }
      const token = verifyFormToken(deps.secret, form.token, context.now, { maxAgeMs });
      if (!token.ok) {
        const problem = TOKEN_PROBLEMS[token.reason];
        signals.push({
          filter: 'honeypot', score: problem.score, kind: problem.kind,
          reason: problem.reason.replace('{maxAge}', `${opts.maxAgeHours} hour${opts.maxAgeHours === 1 ? '' : 's'}`),
          publicReason: 'held for review', evidence: { token: token.reason },
        });
        return signals;
      }
      if (context.formTokenSeen) {
        signals.push({
          filter: 'honeypot', score: 2, kind: 'spam',
          reason: 'The form token was already used by an earlier submission (a replayed form)',
          publicReason: 'looks automated', evidence: { token: 'replayed', nonce: token.nonce },
        });
      }
      const seconds = (context.now.getTime() - token.issuedAt.getTime()) / 1000;
      if (seconds < opts.minSeconds) {
        signals.push({
          filter: 'honeypot', score: seconds < 1 ? 2.5 : 2, kind: 'spam',
          reason: `Sent ${Math.max(0, seconds).toFixed(1)} seconds after the form was opened (people take at least ${opts.minSeconds})`,
          publicReason: 'looks automated', evidence: { seconds, minSeconds: opts.minSeconds, issuedAt: token.issuedAt.toISOString() },
        });
      }
      return signals;
    },
  };
}
