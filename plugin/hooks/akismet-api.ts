/**
 * An Akismet-compatible API, so a site keeps its Akismet client and keeps its readers' data at home.
 * Every answer is HTTP 200 text/plain with an X-akismet-guid, as Akismet's are.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Doorkeep, ModerationResult, SubmissionInput } from '../api.js';
import { checkOptions, DoorkeepError } from '../errors.js';
import { createTargetRoute } from '../mentions/target-route.js';
import type { StoredSubmission, SubmissionType } from '../types.js';

export interface AkismetApiOptions {
  /** The path of a post under the site URL, to find the post a `permalink` names. Defaults to "/posts/:id". */
  routePattern?: string;
  /** Answer `true` (spam) for submissions Doorkeep holds for review; otherwise they answer `false`. Defaults to false. */
  pendingAsSpam?: boolean;
  /** Largest request body accepted, in bytes. Defaults to 65536. */
  maxBodyBytes?: number;
  /** Makes X-akismet-guid values for answers that stored nothing. Defaults to crypto.randomUUID. */
  newGuid?: () => string;
}

const DEFAULTS: Required<AkismetApiOptions> = { routePattern: '/posts/:id', pendingAsSpam: false, maxBodyBytes: 65_536, newGuid: randomUUID };

export const AKISMET_THANKS = 'Thanks for making the web a better place.';
export const GUARANTEED_SPAM_AUTHOR = 'akismet-guaranteed-spam';
export const GUARANTEED_SPAM_EMAIL = 'akismet-guaranteed-spam@example.com';
const USAGE_KEY = 'akismet:usage';

type Body = Record<string, unknown>;
const text = (body: Body, name: string): string => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
const truthy = (value: string) => value !== '' && value !== '0' && value.toLowerCase() !== 'false';

const TYPE_OF: Record<string, SubmissionType> = {
  'contact-form': 'contact-form', signup: 'contact-form', message: 'contact-form',
  pingback: 'pingback', trackback: 'trackback', webmention: 'webmention',
};

/** Comments older than this are not from any blog Akismet clients run on. */
const EARLIEST_COMMENT = Date.parse('1995-01-01T00:00:00Z');

/** The client's comment date when it is a real moment (not before 1995, not more than a day ahead), else NaN: the receipt time is used. */
function plausibleDate(value: string, now: Date): number {
  const at = value ? Date.parse(value) : NaN;
  return at >= EARLIEST_COMMENT && at <= now.getTime() + 86_400_000 ? at : NaN;
}

interface Usage {
  month: string;
  calls: Record<string, number>;
}

export function createAkismetRouter(dk: Pick<Doorkeep, 'site' | 'settings' | 'store' | 'clock' | 'moderate' | 'decide'>, options?: AkismetApiOptions): Router {
  const opts = checkOptions<Required<AkismetApiOptions>>('akismetApi', options, DEFAULTS, {
    routePattern: 'string', pendingAsSpam: 'boolean', maxBodyBytes: { kind: 'number', min: 1024, max: 10_485_760 }, newGuid: 'function',
  });
  const route = createTargetRoute(dk.site.url, opts.routePattern);
  const router = express.Router();
  let usageLock: Promise<unknown> = Promise.resolve();

  const answer = (res: Response, body: string, headers: Record<string, string> = {}) =>
    void res.status(200).set(headers).type('text/plain; charset=utf-8').send(body);

  /** The key from the body (`api_key` or `key`), else the first label of the host name, as Akismet clients send it. */
  function keyOf(req: Request, body: Body): string | undefined {
    const keys = dk.settings().apiKeys;
    const given = text(body, 'api_key') || text(body, 'key') || (typeof req.query.api_key === 'string' ? req.query.api_key.trim() : '');
    if (given) return keys.includes(given) ? given : undefined;
    const host = req.hostname ?? '';
    const labels = host.split('.');
    if (labels.length < 2 || net.isIP(host)) return undefined;
    return keys.find((key) => key.toLowerCase() === labels[0]!.toLowerCase());
  }

  const reporter = (key: string) => `akismet:${key.slice(0, 6)}`;

  function inputOf(body: Body, key: string): SubmissionInput {
    const commentType = text(body, 'comment_type').toLowerCase();
    const type = Object.hasOwn(TYPE_OF, commentType) ? TYPE_OF[commentType]! : 'comment';
    const permalink = text(body, 'permalink');
    const match = permalink ? route.match(permalink) : undefined;
    const authorUrl = text(body, 'comment_author_url');
    const date = plausibleDate(text(body, 'comment_date_gmt'), dk.clock.now());
    const honeypotField = text(body, 'honeypot_field_name');
    const meta: Record<string, string> = { via: 'akismet', akismetKey: key.slice(0, 6) };
    for (const name of ['blog', 'permalink', 'comment_type', 'user_role', 'blog_lang', 'blog_charset', 'recheck_reason', 'comment_post_modified_gmt']) {
      const value = text(body, name);
      if (value) meta[name] = value.slice(0, 500);
    }
    return {
      type,
      postId: type === 'contact-form' ? null : match?.ok ? match.postId : null,
      ...(permalink && match?.ok ? { target: permalink } : {}),
      author: { name: text(body, 'comment_author'), email: text(body, 'comment_author_email'), url: authorUrl },
      ip: text(body, 'user_ip'),
      userAgent: text(body, 'user_agent'),
      referrer: text(body, 'referrer'),
      content: typeof body.comment_content === 'string' ? body.comment_content : '',
      ...(Number.isFinite(date) ? { receivedAt: new Date(date).toISOString() } : {}),
      ...(type !== 'comment' && type !== 'contact-form' && authorUrl ? { mention: { source: authorUrl } } : {}),
      ...(honeypotField ? { form: { honeypot: text(body, honeypotField) } } : {}),
      meta,
    };
  }

  /** Moderate; a comment sent twice (a recheck) is judged again without storing a second copy. */
  async function moderate(input: SubmissionInput, persist: boolean): Promise<ModerationResult & { stored: boolean }> {
    try {
      return { ...(await dk.moderate(input, { persist })), stored: persist };
    } catch (error) {
      if (!(error instanceof DoorkeepError) || error.code !== 'ERR_DK_DUPLICATE') throw error;
      return { ...(await dk.moderate(input, { persist: false })), stored: false };
    }
  }

  /** The stored submission a report is about: by the guid handed out, else by the same text from the same IP. */
  async function findReported(body: Body, input: SubmissionInput): Promise<StoredSubmission | undefined> {
    const guid = text(body, 'guid');
    if (guid) {
      const byGuid = await dk.store.get(guid);
      if (byGuid?.meta?.via === 'akismet') return byGuid;
    }
    const { submission } = await dk.moderate(input, { persist: false });
    const { items } = await dk.store.query({ ip: submission.ip, order: 'newest', limit: 500 });
    return items.find((item) => item.text === submission.text && item.author.email === submission.author.email);
  }

  function countCall(key: string): Promise<void> {
    const run = usageLock.then(async () => {
      const month = dk.clock.now().toISOString().slice(0, 7);
      const usage = (await dk.store.getState<Usage>(USAGE_KEY)) ?? { month, calls: {} };
      const current = usage.month === month ? usage : { month, calls: {} };
      current.calls[key] = (current.calls[key] ?? 0) + 1;
      await dk.store.setState(USAGE_KEY, current);
    });
    usageLock = run.catch(() => undefined);
    return run;
  }

  const invalidKey = { 'X-akismet-debug-help': 'The API key is not one of the keys created in the Doorkeep admin.' };
  const missingIp = { 'X-akismet-debug-help': 'Empty "user_ip" value' };

  const readBody = express.urlencoded({ extended: false, limit: opts.maxBodyBytes, parameterLimit: 200 });
  router.use((_req, res, next) => {
    res.set('X-akismet-guid', opts.newGuid());
    next();
  });

  router.post('/1.1/verify-key', readBody, (req, res) => {
    const body = (req.body ?? {}) as Body;
    if (keyOf(req, body)) answer(res, 'valid');
    else answer(res, 'invalid', invalidKey);
  });

  const commentCheck: RequestHandler = async (req, res, next) => {
    try {
      const body = (req.body ?? {}) as Body;
      const key = keyOf(req, body);
      if (!key) return answer(res, 'invalid', invalidKey);
      if (!text(body, 'user_ip')) return answer(res, 'Missing required field: user_ip.', missingIp);
      await countCall(key);
      const author = text(body, 'comment_author').toLowerCase();
      const email = text(body, 'comment_author_email').toLowerCase();
      if (author === GUARANTEED_SPAM_AUTHOR || email === GUARANTEED_SPAM_EMAIL) return answer(res, 'true');
      if (text(body, 'user_role').toLowerCase() === 'administrator') return answer(res, 'false');
      const result = await moderate(inputOf(body, key), !truthy(text(body, 'is_test')));
      const { status } = result.verdict;
      const spam = status === 'spam' || status === 'discard' || status === 'pitch' || (status === 'pending' && opts.pendingAsSpam);
      const headers: Record<string, string> = { 'X-Doorkeep-Status': status };
      if (result.stored) headers['X-akismet-guid'] = result.submission.id;
      if (status === 'discard') headers['X-akismet-pro-tip'] = 'discard';
      answer(res, spam ? 'true' : 'false', headers);
    } catch (error) {
      next(error);
    }
  };

  const submit = (decision: 'spam' | 'not-spam'): RequestHandler => async (req, res, next) => {
    try {
      const body = (req.body ?? {}) as Body;
      const key = keyOf(req, body);
      if (!key) return answer(res, 'invalid', invalidKey);
      if (!text(body, 'user_ip')) return answer(res, 'Missing required field: user_ip.', missingIp);
      if (truthy(text(body, 'is_test'))) return answer(res, AKISMET_THANKS);
      const input = inputOf(body, key);
      const found = await findReported(body, input);
      const id = found?.id ?? (await moderate(input, true)).submission.id;
      await dk.decide(id, decision, reporter(key), `Reported as ${decision === 'spam' ? 'spam' : 'not spam'} through the Akismet-compatible API.`);
      answer(res, AKISMET_THANKS, { 'X-akismet-guid': id });
    } catch (error) {
      next(error);
    }
  };

  router.post('/1.1/comment-check', readBody, commentCheck);
  router.post('/1.1/submit-spam', readBody, submit('spam'));
  router.post('/1.1/submit-ham', readBody, submit('not-spam'));

  const usageLimit: RequestHandler = async (req, res, next) => {
    try {
      const key = keyOf(req, (req.body ?? {}) as Body);
      if (!key) return answer(res, 'invalid', invalidKey);
      const usage = await dk.store.getState<Usage>(USAGE_KEY);
      const month = dk.clock.now().toISOString().slice(0, 7);
      const calls = usage?.month === month ? (usage.calls[key] ?? 0) : 0;
      res.status(200).json({ limit: 'none', usage: calls, percentage: '0.00', throttled: false });
    } catch (error) {
      next(error);
    }
  };
  router.get('/1.2/usage-limit', usageLimit);
  router.post('/1.2/usage-limit', readBody, usageLimit);

  const answerErrors: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, _next) => {
    if (error.type === 'entity.too.large') return answer(res, 'Request too large.', { 'X-akismet-debug-help': `The body is larger than ${opts.maxBodyBytes} bytes.` });
    if (error instanceof DoorkeepError) return answer(res, error.message, { 'X-akismet-debug-help': error.message });
    if (typeof error.type === 'string' || (typeof error.status === 'number' && error.status < 500)) {
      // A body the parser refused: the client's fault, and its body (with the api_key) is never logged.
      return void res.status(400).set('X-akismet-debug-help', 'The request body could not be read: send application/x-www-form-urlencoded UTF-8.')
        .type('text/plain; charset=utf-8').send('Invalid request body.');
    }
    // The stack only: error objects from parsers carry the raw request body, API key included.
    console.error('Doorkeep Akismet API failed:', error instanceof Error ? error.stack : String(error));
    answer(res, 'Internal error.', { 'X-akismet-debug-help': 'Doorkeep could not process the request; see the server log.' });
  };
  router.use(answerErrors);
  return router;
}
