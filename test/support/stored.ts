import type { Status, StoredSubmission } from '../../plugin/types.js';
import { makeSubmission } from './factories.js';

let counter = 0;

/** A stored submission with a unique id and receipt, received `minutesAgo` before `now`. */
export function makeStored(overrides: Partial<StoredSubmission> & { status?: Status } = {}, now = new Date('2026-03-10T12:00:00Z'), minutesAgo = 0): StoredSubmission {
  counter++;
  const receivedAt = new Date(now.getTime() - minutesAgo * 60_000).toISOString();
  return {
    ...makeSubmission({ id: `s-${counter}`, receivedAt }),
    status: 'approved',
    score: 0,
    reasons: ['No check raised a concern.'],
    signals: [],
    receipt: `receipt-${counter}-${Math.random().toString(36).slice(2)}`,
    history: [{ at: receivedAt, type: 'verdict', by: 'doorkeep', status: overrides.status ?? 'approved', score: 0, signals: [] }],
    updatedAt: receivedAt,
    ...overrides,
  };
}
