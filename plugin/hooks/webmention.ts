/**
 * Webmention (W3C Recommendation): `POST /webmention` with `source` and `target`. Checks that need no
 * network answer 400 at once; the rest is verified later through the queue, with a status page.
 */
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { MentionReceiver, MentionOutcome } from '../mentions/receive-mention.js';
import { QueueFullError, type JobOutcome, type WebmentionJob, type WebmentionQueue } from '../mentions/webmention-queue.js';

const field = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
};

const htmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Turns the receiver's answer into what the status page shows. */
export function jobOutcome(outcome: MentionOutcome): JobOutcome {
  if (outcome.ok) {
    const { verdict, submission } = outcome.result;
    const publicReason = verdict.signals.find((s) => s.publicReason)?.publicReason;
    return {
      state: outcome.updated ? 'updated' : 'accepted',
      status: verdict.status,
      submissionId: submission.id,
      ...(publicReason ? { reason: publicReason } : {}),
    };
  }
  return outcome.removedId
    ? { state: 'removed', reason: outcome.message, submissionId: outcome.removedId }
    : { state: 'rejected', reason: outcome.message };
}

interface BodyError {
  type?: string;
  status?: number;
  charset?: string;
  encoding?: string;
}

/** What the body parser refused, as the 4xx it is, with a reason (never a 500: issue 11 item 7). */
export function clientError(error: BodyError): { status: number; message: string } | undefined {
  switch (error.type) {
    case 'entity.too.large': return { status: 413, message: 'The request is too large.' };
    case 'parameters.too.many': return { status: 413, message: 'Too many form fields: send `source` and `target`.' };
    case 'charset.unsupported': return { status: 415, message: `Unsupported charset "${String(error.charset ?? '')}": send UTF-8.` };
    case 'encoding.unsupported': return { status: 415, message: `Unsupported Content-Encoding "${String(error.encoding ?? '')}": send gzip, deflate, br or none.` };
    case 'request.aborted': return { status: 400, message: 'The request was aborted before its body arrived.' };
    case 'request.size.invalid': return { status: 400, message: 'The request body does not match its Content-Length.' };
    default:
      if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
        return { status: error.status, message: 'The request body could not be read (invalid encoding or compression).' };
      }
      return undefined;
  }
}

export function processWebmention(receiver: MentionReceiver) {
  return async (job: WebmentionJob): Promise<JobOutcome> =>
    jobOutcome(await receiver.receive({ type: 'webmention', source: job.source, target: job.target, ip: job.ip, userAgent: job.userAgent, onRepeat: 'update' }));
}

export interface WebmentionHookOptions {
  receiver: MentionReceiver;
  queue: WebmentionQueue;
  maxBytes: number;
}

export function createWebmentionHandlers(options: WebmentionHookOptions) {
  const { receiver, queue } = options;
  const readBody = express.urlencoded({ extended: false, limit: options.maxBytes, parameterLimit: 20 });
  const bad = (res: express.Response, message: string) => res.status(400).type('text/plain; charset=utf-8').send(message);

  const receive: RequestHandler = async (req, res, next) => {
    try {
      const source = field(req.body, 'source');
      const target = field(req.body, 'target');
      if (!source || !target) return void bad(res, 'Both `source` and `target` are required.');
      const checked = await receiver.precheck({ source, target });
      if (!checked.ok) return void bad(res, checked.message);
      const job = await queue.enqueue({ source, target, ip: req.ip ?? '', userAgent: req.get('user-agent') ?? '' });
      const location = `${req.baseUrl}/webmention/status/${encodeURIComponent(job.id)}`;
      res.status(201).location(location).type('text/plain; charset=utf-8')
        .send(`Webmention received; it will be verified shortly. Status: ${location}`);
    } catch (error) {
      next(error);
    }
  };

  const status: RequestHandler = async (req, res, next) => {
    // The page shows URLs the sender chose: no script, nothing loaded, no framing (issue 11 item 15).
    res.set({ 'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'", 'X-Content-Type-Options': 'nosniff' });
    try {
      const job = await queue.get(String(req.params.id ?? ''));
      if (!job) return void res.status(404).type('text/plain; charset=utf-8').send('No such webmention.');
      const view = {
        id: job.id, source: job.source, target: job.target, state: job.state, receivedAt: job.receivedAt, updatedAt: job.updatedAt,
        ...(job.status ? { status: job.status } : {}), ...(job.reason ? { reason: job.reason } : {}),
      };
      res.format({
        'application/json': () => res.json(view),
        'text/html': () =>
          res.send(`<!doctype html><meta charset="utf-8"><title>Webmention status</title><h1>Webmention ${htmlEscape(job.state)}</h1>
<p>From <a href="${htmlEscape(job.source)}" rel="nofollow">${htmlEscape(job.source)}</a> to <a href="${htmlEscape(job.target)}">${htmlEscape(job.target)}</a>.</p>
${job.status ? `<p>Status: ${htmlEscape(job.status)}</p>` : ''}${job.reason ? `<p>${htmlEscape(job.reason)}</p>` : ''}`),
        default: () => res.type('text/plain; charset=utf-8').send(`${job.state}${job.reason ? `: ${job.reason}` : ''}`),
      });
    } catch (error) {
      next(error);
    }
  };

  const answerErrors: ErrorRequestHandler = (error: BodyError, _req, res, _next) => {
    if (error instanceof QueueFullError) {
      return void res.status(429).set('Retry-After', String(error.retryAfterSeconds)).type('text/plain; charset=utf-8').send(error.message);
    }
    const client = clientError(error);
    if (client) return void res.status(client.status).type('text/plain; charset=utf-8').send(client.message);
    res.status(500).type('text/plain; charset=utf-8').send('The webmention could not be processed.');
  };

  return { receive: [readBody, receive, answerErrors], status: [status, answerErrors] };
}
