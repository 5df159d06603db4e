/** doorkeep.comments(): middleware for a comment form under a post. */
import type { Request, RequestHandler } from 'express';
import type { Doorkeep } from '../api.js';
import { DoorkeepError, checkOptions, rejectUnknownKeys } from '../errors.js';
import { answerError, createFormHook, required, type FormErrorHandler } from './form-hook.js';

export interface CommentHookOptions {
  /** The body's field names. Defaults to WordPress's: author, email, url, comment. */
  /**
   * What to do with bad input (missing fields, oversized or malformed bodies, duplicates): a DoorkeepError
   * with a 4xx status and a reason. Pass `(error, req, res, next) => next(error)` to render it with your
   * own error handler. Defaults to answering with the status and the reason (JSON for JSON requests).
   */
  onError?: FormErrorHandler;
  fields?: Partial<{ name: string; email: string; url: string; content: string }>;
  /** The route parameter holding the post id, or a function reading it from the request. Defaults to "id". */
  postId?: string | ((req: Request) => string | undefined);
  /** Require the name and email fields, as WordPress does by default. Defaults to true. */
  requireNameEmail?: boolean;
}

const DEFAULT_FIELDS = { name: 'author', email: 'email', url: 'url', content: 'comment' };

export function createCommentsHook(dk: Pick<Doorkeep, 'moderate' | 'getPost'>, options: CommentHookOptions = {}): RequestHandler {
  rejectUnknownKeys('comments', options, ['fields', 'postId', 'requireNameEmail', 'onError']);
  const fields = checkOptions('comments.fields', options.fields, DEFAULT_FIELDS, { name: 'string', email: 'string', url: 'string', content: 'string' });
  const postIdOption = options.postId ?? 'id';
  if (typeof postIdOption !== 'string' && typeof postIdOption !== 'function') {
    throw new DoorkeepError('ERR_DK_OPTIONS', '`comments.postId` must be a route parameter name or a function.', { field: 'comments.postId' });
  }
  const requireNameEmail = options.requireNameEmail ?? true;
  const postIdOf = typeof postIdOption === 'function' ? postIdOption : (req: Request) => req.params[postIdOption] as string | undefined;

  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new DoorkeepError('ERR_DK_OPTIONS', '`comments.onError` must be a function.', { field: 'comments.onError' });
  }
  return createFormHook(dk, {
    onError: options.onError ?? answerError,
    async build(read, req) {
      const postId = postIdOf(req);
      if (!postId) throw new DoorkeepError('ERR_DK_INPUT', 'The post id is missing from the request.', { field: 'postId' });
      const post = await dk.getPost(postId);
      if (!post) throw new DoorkeepError('ERR_DK_NOT_FOUND', `There is no post "${postId}" to comment on.`, { status: 404, field: 'postId' });
      if (post.open === false) throw new DoorkeepError('ERR_DK_INPUT', 'Comments are closed on this post.', { status: 403, field: 'postId' });
      return {
        type: 'comment',
        postId,
        author: {
          name: requireNameEmail ? required(read, fields.name, 'name') : read(fields.name),
          email: requireNameEmail ? required(read, fields.email, 'email') : read(fields.email),
          url: read(fields.url),
        },
        content: required(read, fields.content, 'comment'),
      };
    },
    moderateOptions: () => ({}),
  });
}
