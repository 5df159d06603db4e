/**
 * The mention doors in one router: pingback at /xmlrpc, trackback at /trackback/:postId and webmention
 * at /webmention (with /webmention/status/:id), plus the middleware posts use to advertise them.
 */
import { randomUUID } from 'node:crypto';
import express, { type RequestHandler, type Router } from 'express';
import type { Doorkeep } from '../api.js';
import { checkOptions } from '../errors.js';
import type { FetchOptions } from '../options.js';
import { createSafeFetch, type Resolver } from '../net/safe-fetch.js';
import { createMentionReceiver } from '../mentions/receive-mention.js';
import { createTargetRoute } from '../mentions/target-route.js';
import { createWebmentionQueue, type WebmentionQueue } from '../mentions/webmention-queue.js';
import { createPingbackHandlers } from './pingback.js';
import { createTrackbackHandlers } from './trackback.js';
import { trimTrailingSlashes } from '../text/scan.js';
import { createWebmentionHandlers, processWebmention } from './webmention.js';

export interface MentionsOptions {
  /** The path of a post under the site URL; `:id` is the post id given to getPost. Defaults to "/posts/:id". */
  routePattern?: string;
  /** Accept pingbacks at /xmlrpc. Defaults to true. */
  pingback?: boolean;
  /** Accept trackbacks at /trackback/:postId. Defaults to true. */
  trackback?: boolean;
  /** Accept webmentions at /webmention. Defaults to true. */
  webmention?: boolean;
  /** Fetch a trackback's page and require a link to the post, as for pingbacks. Defaults to true. */
  verifyTrackbacks?: boolean;
  /** Largest request body accepted by any of the three, in bytes. Defaults to 65536. */
  maxBodyBytes?: number;
  /** Resolves source host names (tests inject one). Defaults to dns.lookup with all addresses. */
  resolve?: Resolver;
  /** Runs the webmention worker later. Defaults to setImmediate. */
  schedule?: (run: () => void) => void;
  /** Makes webmention job ids. Defaults to crypto.randomUUID. */
  newId?: () => string;
  /** Webmentions waiting to be verified at most, in all; more are answered 429 with Retry-After. Defaults to 100. */
  maxQueued?: number;
  /** Webmentions waiting at most per source host; more are answered 429 with Retry-After. Defaults to 5. */
  maxQueuedPerHost?: number;
}

type Resolved = Required<Omit<MentionsOptions, 'resolve' | 'schedule'>> & Pick<MentionsOptions, 'resolve' | 'schedule'>;

const DEFAULTS: Resolved = {
  routePattern: '/posts/:id', pingback: true, trackback: true, webmention: true, verifyTrackbacks: true,
  maxBodyBytes: 65_536, resolve: undefined, schedule: undefined, newId: randomUUID, maxQueued: 100, maxQueuedPerHost: 5,
};

export type MentionsRouter = Router & {
  /** The webmention queue (tests await `webmentions.idle()`). */
  webmentions: WebmentionQueue;
};

/** The fetch limits from the `fetch` option, as parseOptions() completed them. */
export type MentionFetchOptions = Required<FetchOptions>;

export function createMentionsRouter(dk: Doorkeep, fetchOptions: MentionFetchOptions, options?: MentionsOptions): MentionsRouter {
  const opts = checkOptions<Resolved>('mentions', options, DEFAULTS, {
    routePattern: 'string', pingback: 'boolean', trackback: 'boolean', webmention: 'boolean', verifyTrackbacks: 'boolean',
    maxBodyBytes: { kind: 'number', min: 1024, max: 10_485_760 }, resolve: 'function', schedule: 'function', newId: 'function',
    maxQueued: { kind: 'number', min: 1, max: 100_000 }, maxQueuedPerHost: { kind: 'number', min: 1, max: 100_000 },
  });
  const route = createTargetRoute(dk.site.url, opts.routePattern);
  const fetch = createSafeFetch({ ...fetchOptions, ...(opts.resolve ? { resolve: opts.resolve } : {}) });
  const receiver = createMentionReceiver(dk, fetch, route);
  const queue = createWebmentionQueue({
    store: dk.store,
    process: processWebmention(receiver),
    now: () => dk.clock.now(),
    newId: opts.newId,
    maxQueued: opts.maxQueued,
    maxQueuedPerHost: opts.maxQueuedPerHost,
    ...(opts.schedule ? { schedule: opts.schedule } : {}),
  });
  const router = express.Router();

  if (opts.pingback) {
    router.post('/xmlrpc', ...createPingbackHandlers({ receiver, maxXmlBytes: opts.maxBodyBytes }));
    router.all('/xmlrpc', (_req, res) => void res.status(405).set('Allow', 'POST').type('text/plain').send('XML-RPC server accepts POST requests only.'));
  }
  if (opts.trackback) {
    router.post('/trackback/:postId', ...createTrackbackHandlers({ receiver, route, verify: opts.verifyTrackbacks, maxBytes: opts.maxBodyBytes }));
  }
  if (opts.webmention) {
    const handlers = createWebmentionHandlers({ receiver, queue, maxBytes: opts.maxBodyBytes });
    router.post('/webmention', ...handlers.receive);
    router.get('/webmention/status/:id', ...handlers.status);
    queue.resume().catch((error: unknown) => console.error('Doorkeep could not resume queued webmentions:', error));
  }
  return Object.assign(router, { webmentions: queue });
}

export interface AdvertiseOptions {
  /** The site's absolute base URL, e.g. "https://halla.example". */
  siteUrl: string;
  /** Where the mentions router is mounted under the site URL. Defaults to "". */
  mountPath?: string;
  /** Advertise pingback. Defaults to true. */
  pingback?: boolean;
  /** Advertise webmention. Defaults to true. */
  webmention?: boolean;
}

export interface MentionEndpoints {
  pingback?: string;
  webmention?: string;
  /** `<link rel="pingback">` and `<link rel="webmention">` for the page's head. */
  headHtml: string;
}

const attr = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The absolute endpoint URLs and the head links that advertise them. */
export function mentionEndpoints(options: AdvertiseOptions): MentionEndpoints {
  const base = `${trimTrailingSlashes(options.siteUrl)}${trimTrailingSlashes(options.mountPath ?? '')}`;
  const pingback = options.pingback === false ? undefined : `${base}/xmlrpc`;
  const webmention = options.webmention === false ? undefined : `${base}/webmention`;
  const headHtml = [
    pingback && `<link rel="pingback" href="${attr(pingback)}">`,
    webmention && `<link rel="webmention" href="${attr(webmention)}">`,
  ].filter(Boolean).join('\n');
  return { ...(pingback ? { pingback } : {}), ...(webmention ? { webmention } : {}), headHtml };
}

/**
 * Middleware for post pages: sets `X-Pingback` and `Link: <…>; rel="webmention"` and puts the head
 * links on `res.locals.mentionLinks` for templates.
 */
export function advertiseMentions(options: AdvertiseOptions): RequestHandler {
  const endpoints = mentionEndpoints(options);
  return function advertiseMentionEndpoints(_req, res, next) {
    if (endpoints.pingback) res.set('X-Pingback', endpoints.pingback);
    if (endpoints.webmention) res.append('Link', `<${endpoints.webmention}>; rel="webmention"`);
    res.locals.mentionLinks = endpoints.headHtml;
    next();
  };
}
