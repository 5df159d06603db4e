/** doorkeep.contactForm(): middleware for a contact form, with the door policy for pitches. */
import type { RequestHandler } from 'express';
import type { Doorkeep, HookContext } from '../api.js';
import { DoorkeepError, checkOptions, rejectUnknownKeys } from '../errors.js';
import { createFormHook, required } from './form-hook.js';

export interface ContactFormHookOptions {
  /** The body's field names. Defaults to name, email, subject, message. */
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

export function createContactFormHook(dk: Doorkeep, _hook: HookContext, options: ContactFormHookOptions = {}): RequestHandler {
  rejectUnknownKeys('contactForm', options, ['fields', 'channel', 'doorOpen', 'requireEmail']);
  const fields = checkOptions('contactForm.fields', options.fields, DEFAULT_FIELDS, { name: 'string', email: 'string', subject: 'string', content: 'string' });
  const channel = options.channel ?? 'contact';
  if (typeof channel !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(channel)) {
    throw new DoorkeepError('ERR_DK_OPTIONS', '`contactForm.channel` must be lower-case letters, digits and dashes.', { field: 'contactForm.channel' });
  }
  if (options.doorOpen !== undefined && typeof options.doorOpen !== 'boolean') {
    throw new DoorkeepError('ERR_DK_OPTIONS', '`contactForm.doorOpen` must be a boolean.', { field: 'contactForm.doorOpen' });
  }
  const requireEmail = options.requireEmail ?? true;

  return createFormHook(dk, {
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
    moderateOptions() {
      const saved = dk.settings().doors[channel];
      return { doorOpen: saved ? saved.pitches === 'deliver' : options.doorOpen ?? false };
    },
  });
}
