/** doorkeep.contactForm(): middleware for a contact form, with the door policy for pitches. */
import type { RequestHandler } from 'express';
import type { Doorkeep } from '../api.js';
import { DoorkeepError, checkOptions, rejectUnknownKeys } from '../errors.js';
import { answerError, createFormHook, required, type FormErrorHandler } from './form-hook.js';

/** The channel of a contact form created without one. */
export const DEFAULT_CHANNEL = 'contact';

export interface ContactFormHookOptions {
  /** The body's field names. Defaults to name, email, subject, message. */
  /**
   * What to do with bad input (missing fields, oversized or malformed bodies, duplicates): a DoorkeepError
   * with a 4xx status and a reason. Pass `(error, req, res, next) => next(error)` to render it with your
   * own error handler. Defaults to answering with the status and the reason (JSON for JSON requests).
   */
  onError?: FormErrorHandler;
  fields?: Partial<{ name: string; email: string; subject: string; content: string }>;
  /** The channel this form is, for the door policy and the admin. Defaults to "contact". */
  channel?: string;
  /**
   * Open the door to pitches here: a pitch is delivered like any message instead of waiting in the
   * pitch inbox. The admin's door setting for the channel, when saved, takes precedence. Defaults to false.
   */
  doorOpen?: boolean;
  /** Require an email address to answer to. Defaults to true. */
  requireEmail?: boolean;
}

const DEFAULT_FIELDS = { name: 'name', email: 'email', subject: 'subject', content: 'message' };

export function createContactFormHook(dk: Pick<Doorkeep, 'moderate'>, options: ContactFormHookOptions = {}): RequestHandler {
  rejectUnknownKeys('contactForm', options, ['fields', 'channel', 'doorOpen', 'requireEmail', 'onError']);
  const fields = checkOptions('contactForm.fields', options.fields, DEFAULT_FIELDS, { name: 'string', email: 'string', subject: 'string', content: 'string' });
  const channel = options.channel ?? DEFAULT_CHANNEL;
  if (typeof channel !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(channel)) {
    throw new DoorkeepError('ERR_DK_OPTIONS', '`contactForm.channel` must be lower-case letters, digits and dashes.', { field: 'contactForm.channel' });
  }
  if (options.doorOpen !== undefined && typeof options.doorOpen !== 'boolean') {
    throw new DoorkeepError('ERR_DK_OPTIONS', '`contactForm.doorOpen` must be a boolean.', { field: 'contactForm.doorOpen' });
  }
  const requireEmail = options.requireEmail ?? true;

  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new DoorkeepError('ERR_DK_OPTIONS', '`contactForm.onError` must be a function.', { field: 'contactForm.onError' });
  }
  return createFormHook(dk, {
    onError: options.onError ?? answerError,
    build(read) {
      return {
        type: 'contact-form',
        postId: null,
        channel,
        subject: read(fields.subject),
        author: {
          name: read(fields.name),
          email: requireEmail ? required(read, fields.email, 'email') : read(fields.email),
        },
        content: required(read, fields.content, 'message'),
      };
    },
    moderateOptions: () => (options.doorOpen === undefined ? {} : { doorOpen: options.doorOpen }),
  });
}
