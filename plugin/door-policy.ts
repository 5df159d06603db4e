/**
 * The door policy in one place: whether a pitch on a contact channel is delivered like any message
 * or held in the pitch inbox.
 */
import type { Settings, Submission } from './types.js';

/**
 * True when the door is open to pitches for this submission. Only contact forms have doors. The
 * admin's saved setting for the channel wins; without one, the form's own `doorOpen` (given by the
 * host in code) decides; without either, the door is closed.
 */
export function doorIsOpen(settings: Settings, submission: Pick<Submission, 'type' | 'channel'>, formDoorOpen?: boolean): boolean {
  if (submission.type !== 'contact-form') return false;
  const saved = submission.channel && Object.hasOwn(settings.doors, submission.channel) ? settings.doors[submission.channel] : undefined;
  if (saved) return saved.pitches === 'deliver';
  return formDoorOpen ?? false;
}
