/**
 * Body parsing shared by the form hooks: urlencoded and JSON, with size limits and clear 4xx answers
 * (400 malformed, 413 too large, 415 wrong content type). Nothing is stored when parsing fails.
 */
import express, { type Request, type Response } from 'express';
import { DoorkeepError } from '../errors.js';

/** Room for the 65,525-character content limit in UTF-8 plus the other fields. */
export const BODY_LIMIT = '320kb';

const urlencoded = express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 100 });
const json = express.json({ limit: BODY_LIMIT, strict: true });

/** Answer an error as JSON when the client sent or wants JSON, as plain text otherwise. */
export function sendError(req: Request, res: Response, error: DoorkeepError): void {
  const wantsJson = req.is('application/json') || req.accepts(['html', 'json']) === 'json';
  res.status(error.status);
  if (wantsJson) res.json({ error: error.code, field: error.field, message: error.message });
  else res.type('text/plain').send(error.message);
}

function parseError(error: unknown): DoorkeepError {
  const e = error as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.too.large') return new DoorkeepError('ERR_DK_TOO_LARGE', `The request body is too large (limit ${BODY_LIMIT}).`, { status: 413 });
  if (e.type === 'entity.parse.failed') return new DoorkeepError('ERR_DK_INPUT', 'The request body is not valid JSON.', { status: 400 });
  if (e.type === 'parameters.too.many') return new DoorkeepError('ERR_DK_INPUT', 'The form has too many fields.', { status: 413 });
  if (e.type === 'charset.unsupported' || e.type === 'encoding.unsupported') return new DoorkeepError('ERR_DK_INPUT', 'Unsupported body encoding.', { status: 415 });
  return new DoorkeepError('ERR_DK_INPUT', `The request body could not be read: ${e.message ?? 'unknown error'}.`, { status: e.status && e.status < 500 ? e.status : 400 });
}

/**
 * Parse the body unless the host already did; refuse other content types with 415. Calls `done` with a
 * DoorkeepError (4xx) when the body cannot be read.
 */
export function readBody(req: Request, res: Response, done: (error?: DoorkeepError) => void): void {
  if (req.body && typeof req.body === 'object' && Object.keys(req.body).length > 0) return done();
  const type = req.is(['application/x-www-form-urlencoded', 'application/json']);
  if (!type) {
    return done(new DoorkeepError('ERR_DK_INPUT', 'Send the form as application/x-www-form-urlencoded or application/json.', { status: 415 }));
  }
  const parser = type === 'application/json' ? json : urlencoded;
  parser(req, res, (error?: unknown) => {
    if (error) return done(parseError(error));
    if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) {
      return done(new DoorkeepError('ERR_DK_INPUT', 'The body must be a form or a JSON object.', { status: 400 }));
    }
    done();
  });
}

/** A string field from the body; arrays and objects are refused. */
export function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') throw new DoorkeepError('ERR_DK_INPUT', `The field "${name}" must be text.`, { field: name });
  return value;
}

/** The client's IP: Express's req.ip (honours the host's "trust proxy" setting). */
export function clientIp(req: Request): string {
  return (req.ip ?? req.socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
}
