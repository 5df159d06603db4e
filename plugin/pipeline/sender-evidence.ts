/**
 * What a sender's history may count against them. Doorkeep's own automatic verdicts must not cascade:
 * a submission counts as unwanted evidence only when a person decided so, or when strong evidence
 * made it so without any learned signal (a forced signal such as a blocklist or a honeypot, or the
 * non-learned filters alone reaching the spam threshold). The classifier's and reputation's own
 * signals never count: otherwise one held comment from a shared address makes the next reader's
 * comment spam, and that one the next.
 *
 * Read only when the store's counts show an unwanted submission for a key (most senders have none),
 * from at most `LOOK_BACK` of that key's latest submissions.
 */
import { actorOf } from '../decisions.js';
import { emailKey } from '../sender.js';
import type { ConfirmedHistory, SenderEvidence, StatusCounts, Store, StoredSubmission, Thresholds } from '../types.js';

const LOOK_BACK = 50;
const UNWANTED = new Set(['spam', 'discard', 'pitch']);
/** Signals learned from earlier verdicts: never evidence about the sender on their own. */
const LEARNED = new Set(['classifier', 'reputation']);

/** How a stored submission came to be unwanted: 'person', 'strong' evidence, or undefined (learned signals, or not unwanted). */
export function unwantedBy(s: Pick<StoredSubmission, 'status' | 'history' | 'signals'>, thresholds: Thresholds): 'person' | 'strong' | undefined {
  if (!UNWANTED.has(s.status)) return undefined;
  const last = [...s.history].reverse().find((entry) => entry.type === 'status');
  if (last && actorOf(last) === 'person') return 'person';
  if (s.signals.some((sig) => (sig.force === 'spam' || sig.force === 'discard') && sig.filter !== 'classifier')) return 'strong';
  const plain = s.signals.filter((sig) => !LEARNED.has(sig.filter) && sig.score > 0).reduce((sum, sig) => sum + sig.score, 0);
  return plain >= thresholds.spam ? 'strong' : undefined;
}

function confirm(items: StoredSubmission[], thresholds: Thresholds): ConfirmedHistory {
  const out: ConfirmedHistory = { spam: 0, pitch: 0, senders: 0 };
  const senders = new Set<string>();
  for (const s of items) {
    senders.add(emailKey(s.author.email) || `name:${s.author.name.trim().toLowerCase()}`);
    if (!unwantedBy(s, thresholds)) continue;
    if (s.status === 'pitch') out.pitch++;
    else out.spam++;
  }
  out.senders = senders.size;
  return out;
}

const anyUnwanted = (c: StatusCounts) => c.spam + c.discard + c.pitch > 0;

/** The confirmed history for each key whose counts show something unwanted. */
export async function senderEvidence(
  store: Store, keys: { email?: string; ip?: string; urlHost?: string }, counts: { byEmail: StatusCounts; byIp: StatusCounts; byUrlHost: StatusCounts }, thresholds: Thresholds,
): Promise<SenderEvidence> {
  const evidence: SenderEvidence = {};
  if (keys.email && anyUnwanted(counts.byEmail)) {
    evidence.byEmail = confirm((await store.query({ email: keys.email, limit: LOOK_BACK, withTotal: false })).items, thresholds);
  }
  if (keys.ip && anyUnwanted(counts.byIp)) {
    evidence.byIp = confirm((await store.query({ ip: keys.ip, limit: LOOK_BACK, withTotal: false })).items, thresholds);
  }
  if (keys.urlHost && anyUnwanted(counts.byUrlHost)) {
    evidence.byUrlHost = confirm((await store.query({ urlHost: keys.urlHost, limit: LOOK_BACK, withTotal: false })).items, thresholds);
  }
  return evidence;
}
