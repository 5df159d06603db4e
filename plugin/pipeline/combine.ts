/**
 * Signals → status. Scores add up; outreach ("pitch") signals are kept apart from spam signals so a
 * polite pitch lands in the pitch inbox, not in spam. When unsure, a genuine reader waits (pending)
 * rather than being called spam.
 */
import type { Signal, Status, Thresholds } from '../types.js';

export interface Combined {
  status: Status;
  score: number;
  /** The reasons that decided the status, strongest first. */
  reasons: string[];
}

const RANK: Record<Status, number> = { approved: 0, pending: 1, pitch: 2, spam: 3, discard: 4, trash: 5 };

function atLeast(status: Status, floor: Status): Status {
  return RANK[status] >= RANK[floor] ? status : floor;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function combine(signals: Signal[], thresholds: Thresholds): Combined {
  const total = signals.reduce((sum, s) => sum + s.score, 0);
  const pitchScore = signals.filter((s) => s.kind === 'pitch' && s.score > 0).reduce((sum, s) => sum + s.score, 0);
  const otherScore = total - pitchScore;

  let status: Status;
  if (total >= thresholds.discard && otherScore >= thresholds.spam) status = 'discard';
  else if (otherScore >= thresholds.spam) status = 'spam';
  else if (pitchScore >= thresholds.pitch && total >= thresholds.pending) status = 'pitch';
  else if (total >= thresholds.spam) status = 'spam';
  else if (total >= thresholds.pending) status = 'pending';
  else status = 'approved';

  const forced = signals.filter((s) => s.force);
  if (forced.some((s) => s.force === 'approve') && !forced.some((s) => s.force !== 'approve')) {
    status = 'approved';
  }
  for (const s of forced) {
    if (s.force === 'hold') status = atLeast(status, 'pending');
    if (s.force === 'spam') status = atLeast(status, 'spam');
    if (s.force === 'discard') status = 'discard';
  }

  const deciding = status === 'approved'
    ? signals.filter((s) => s.score < 0 || s.force === 'approve')
    : signals.filter((s) => s.score > 0 || (s.force && s.force !== 'approve'));
  const reasons = [...deciding].sort((a, b) => Math.abs(b.score) - Math.abs(a.score)).map((s) => s.reason);
  if (reasons.length === 0) reasons.push(status === 'approved' ? 'No check raised a concern.' : 'The combined score of several small signals.');
  return { status, score: round(total), reasons };
}
