/**
 * What a decision means, in one table: the status it gives, what the learners learn from it, and
 * how the admin says it. Who acted is recorded as an actor kind on each history entry.
 */
import type { Actor, Decision, HistoryEntry, Status } from './types.js';

export interface DecisionMeaning {
  /** The status the submission gets. */
  status: Status;
  /** What the learners learn: a wanted message, spam, a pitch, or nothing (sent back to pending: the classifier takes back what an earlier decision taught). */
  learn?: 'wanted' | 'spam' | 'pitch';
  /** In the moderator's words, after the fact: "marked as spam". */
  words: string;
}

export const DECISION_TABLE: Readonly<Record<Decision, DecisionMeaning>> = {
  approve: { status: 'approved', learn: 'wanted', words: 'approved' },
  'not-spam': { status: 'approved', learn: 'wanted', words: 'marked not spam' },
  pitch: { status: 'pitch', learn: 'pitch', words: 'marked as a pitch' },
  spam: { status: 'spam', learn: 'spam', words: 'marked as spam' },
  pending: { status: 'pending', words: 'sent back to pending' },
  discard: { status: 'discard', learn: 'spam', words: 'discarded' },
};

/** The status a decision gives. */
export function statusOf(decision: Decision): Status {
  return DECISION_TABLE[decision].status;
}

/**
 * Who made a history entry. Entries written before actor kinds existed are read by their name:
 * Doorkeep's own start with "doorkeep".
 */
export function actorOf(entry: HistoryEntry): Actor {
  if (entry.type === 'verdict') return 'doorkeep';
  return entry.actor ?? (entry.by.startsWith('doorkeep') ? 'doorkeep' : 'person');
}

/** The status changes a person made, oldest first. */
export function personDecisions(history: readonly HistoryEntry[]): Extract<HistoryEntry, { type: 'status' }>[] {
  return history.filter((entry): entry is Extract<HistoryEntry, { type: 'status' }> => entry.type === 'status' && actorOf(entry) === 'person');
}

/** True when a person (not Doorkeep) changed the submission's status. */
export function decidedByPerson(history: readonly HistoryEntry[]): boolean {
  return history.some((entry) => entry.type === 'status' && actorOf(entry) === 'person');
}
