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

/**
 * What each outcome costs, in units of one spam published. A blocked reader (a genuine message filed
 * as spam, pitch or discard) costs far more than anything else: they may never come back, and nobody
 * looks in the spam folder. A held message costs a moderator's glance and, for a reader, a wait.
 */
export interface Costs {
  /** A genuine message blocked (spam, pitch or discard). Defaults to 20. */
  blockedGenuine: number;
  /** A genuine message held for review. Defaults to 1. */
  heldGenuine: number;
  /** A spam held for review (a moderator's click). Defaults to 0.5. */
  heldSpam: number;
  /** A spam published. Defaults to 1. */
  publishedSpam: number;
}

export const DEFAULT_COSTS: Costs = { blockedGenuine: 20, heldGenuine: 1, heldSpam: 0.5, publishedSpam: 1 };

/**
 * The probabilities (of being unwanted, calibrated) from which holding and blocking cost less than
 * the alternative, by expected cost: block when (1 − p)·blockedGenuine < p·heldSpam + (1 − p)·heldGenuine,
 * hold when p·heldSpam + (1 − p)·heldGenuine < p·publishedSpam. With the defaults: hold from p = 2/3,
 * block from p ≈ 0.974 (a blocked reader costs 40 held spams).
 */
export function costThresholds(costs: Costs = DEFAULT_COSTS): { hold: number; block: number } {
  const { blockedGenuine: bg, heldGenuine: hg, heldSpam: hs, publishedSpam: ps } = costs;
  const hold = hg / (hg + ps - hs);
  const block = (bg - hg) / (bg - hg + hs);
  return { hold: Math.min(hold, block), block };
}
