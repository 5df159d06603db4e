/**
 * Trackback: `POST /trackback/:postId` with `url`, `title`, `excerpt` and `blog_name`; answers
 * `<response><error>0</error></response>` or `<error>1</error>` with a message.
 */
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { MentionReceiver } from '../mentions/receive-mention.js';
import type { TargetRoute } from '../mentions/target-route.js';

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function trackbackXml(error: string | undefined): string {
  const body = error === undefined ? '<error>0</error>' : `<error>1</error>\n<message>${xmlEscape(error)}</message>`;
  return `<?xml version="1.0" encoding="utf-8"?>\n<response>\n${body}\n</response>\n`;
}

export interface TrackbackHookOptions {
  receiver: MentionReceiver;
  route: TargetRoute;
  /** Fetch the sender's page and require a link to the post. */
  verify: boolean;
  /** Largest request body accepted, in bytes. */
  maxBytes: number;
}

const field = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.trim() : '';
};

export function createTrackbackHandlers(options: TrackbackHookOptions): (RequestHandler | ErrorRequestHandler)[] {
  const send = (res: express.Response, error?: string) => res.status(200).type('text/xml; charset=utf-8').send(trackbackXml(error));
  const readBody = express.urlencoded({ extended: false, limit: options.maxBytes, parameterLimit: 20 });

  const handle: RequestHandler = async (req, res, next) => {
    try {
      const url = field(req.body, 'url');
      if (!url) return void send(res, 'No url given.');
      const postId = String(req.params.postId ?? '');
      const outcome = await options.receiver.receive({
        type: 'trackback',
        source: url,
        target: options.route.urlFor(postId),
        postId,
        title: field(req.body, 'title').slice(0, 300),
        excerpt: field(req.body, 'excerpt').slice(0, 2000),
        blogName: field(req.body, 'blog_name').slice(0, 200),
        ip: req.ip ?? '',
        userAgent: req.get('user-agent') ?? '',
        onRepeat: 'refuse',
        verify: options.verify,
      });
      if (!outcome.ok) return void send(res, outcome.message);
      req.moderation = { ...outcome.result, receipt: outcome.result.submission.receipt };
      send(res);
    } catch (error) {
      next(error);
    }
  };

  const answerErrors: ErrorRequestHandler = (error: { type?: string }, _req, res, _next) => {
    send(res, error.type === 'entity.too.large' ? 'The trackback is too large.' : 'The trackback could not be processed.');
  };

  return [readBody, handle, answerErrors];
}
