import { checkOptions } from '../errors.js';
import type { Filter, Signal } from '../types.js';
import type { FilterDeps } from './index.js';

export interface FloodOptions {
  /** More than this many submissions from one IP or one email within the window are held. Defaults to 5. */
  max: number;
  /** The window, in minutes. Defaults to 10. */
  windowMinutes: number;
}

export const DEFAULTS: FloodOptions = { max: 5, windowMinutes: 10 };

export function createFloodFilter(options: Record<string, unknown> | undefined, _deps: FilterDeps): Filter {
  const opts = checkOptions('filters.flood', options, DEFAULTS, {
    max: { kind: 'number', min: 1 },
    windowMinutes: { kind: 'number', min: 0 },
  });
  const windowMs = opts.windowMinutes * 60_000;

  return {
    name: 'flood',
    check(submission, context) {
      const now = context.now.getTime();
      const recent = context.sender.recent.filter((r) => {
        const age = now - Date.parse(r.receivedAt);
        return r.id !== submission.id && age >= 0 && age <= windowMs;
      });
      const email = submission.author.email.trim().toLowerCase();
      const counts = {
        ip: 1 + (submission.ip ? recent.filter((r) => r.ip === submission.ip).length : 0),
        email: 1 + (email ? recent.filter((r) => r.author.email.trim().toLowerCase() === email).length : 0),
      };
      const by = counts.ip >= counts.email ? 'IP address' : 'email address';
      const count = Math.max(counts.ip, counts.email);
      if (count <= opts.max) return null;
      const signal: Signal = {
        filter: 'flood', score: count > 3 * opts.max ? 2 : 1, kind: 'hold', force: 'hold',
        reason: `${count} submissions from this ${by} in ${opts.windowMinutes} minutes (more than ${opts.max} are held)`,
        publicReason: 'too many messages at once',
        evidence: { ...counts, max: opts.max, windowMinutes: opts.windowMinutes },
      };
      return signal;
    },
  };
}
