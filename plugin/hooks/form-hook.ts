/**
 * What the comment and contact-form hooks share: read the body, map the host's field names, build a
 * SubmissionInput, moderate it and put the result on req.moderation. Bad input answers 4xx, stores nothing.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Doorkeep, ModerateOptions, SubmissionInput } from '../api.js';
import '../express.js';
import { DoorkeepError } from '../errors.js';
import { clientIp, field, readBody, sendError } from './request-body.js';
import { FORM_FIELDS } from './form-fields.js';

export type BodyReader = (name: string) => string | undefined;

/** What a hook does with bad input (a DoorkeepError with a 4xx status). */
export type FormErrorHandler = (error: DoorkeepError, req: Request, res: Response, next: NextFunction) => void;

/** The default: answer with the status and the reason (JSON for JSON requests, plain text otherwise). */
export const answerError: FormErrorHandler = (error, req, res) => sendError(req, res, error);

export interface FormHookSpec {
  onError: FormErrorHandler;
  /** Build the input from the body; throw DoorkeepError for missing fields. */
  build(read: BodyReader, req: Request): Promise<SubmissionInput> | SubmissionInput;
  moderateOptions(req: Request, input: SubmissionInput): ModerateOptions;
}

export function required(read: BodyReader, name: string, label: string): string {
  const value = read(name)?.trim();
  if (!value) throw new DoorkeepError('ERR_DK_INPUT', `Please fill in the ${label} (field "${name}").`, { field: name });
  return value;
}

export function createFormHook(dk: Pick<Doorkeep, 'moderate'>, spec: FormHookSpec): RequestHandler {
  const moderate = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const body = req.body as Record<string, unknown>;
      const read: BodyReader = (name) => field(body, name);
      const built = await spec.build(read, req);
      const input: SubmissionInput = {
        ...built,
        ip: clientIp(req),
        userAgent: req.get('user-agent') ?? '',
        referrer: req.get('referer') ?? '',
        form: { token: read(FORM_FIELDS.token), honeypot: read(FORM_FIELDS.honeypot) ?? (FORM_FIELDS.honeypot in body ? '' : undefined) },
      };
      const result = await dk.moderate(input, spec.moderateOptions(req, input));
      req.moderation = { ...result, receipt: result.submission.receipt };
      next();
    } catch (error) {
      if (error instanceof DoorkeepError && error.status < 500) return spec.onError(error, req, res, next);
      next(error);
    }
  };
  return function doorkeepFormHook(req, res, next) {
    readBody(req, res, (error) => (error ? spec.onError(error, req, res, next) : void moderate(req, res, next)));
  };
}
