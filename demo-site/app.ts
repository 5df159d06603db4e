import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { createDoorkeep } from '../plugin/index.js';
import { advertiseMentions, type MentionsRouter } from '../plugin/hooks/mentions.js';
import type { Doorkeep, RequestModeration } from '../plugin/api.js';
import type { Clock, Status, Store, SubmissionType } from '../plugin/types.js';
import { trimTrailingSlashes } from '../plugin/text/scan.js';
import { describeStatus } from '../admin/public.js';
import { admin, notice, publicPages } from '../admin/index.js';
import { loadPosts, type BlogPost } from './posts.js';
import { atomFeed } from './feed.js';
import { formatDate, httpUrl, inline, safeContent } from './render.js';

export interface DemoAppOptions {
  /** The lowdb JSON file. Defaults to "data/doorkeep.json". Ignored when `store` is given. */
  dataFile?: string;
  /** A store to use instead of the JSON file (tests pass a memory store). Defaults to the lowdb store on `dataFile`. */
  store?: Store;
  /** The clock. Defaults to the system clock. */
  clock?: Clock;
  /** Site secret for form tokens and sessions. Defaults to one kept in the store. */
  secret?: string;
  /** The admin password. Defaults to none (the admin's own default applies). */
  adminPassword?: string;
  /** Hosts mention verification may fetch even when they are private (tests). Defaults to []. */
  fetchAllow?: string[];
  /** Akismet-compatible API keys. Defaults to []. */
  apiKeys?: string[];
  /** The site's public base URL. Defaults to "http://localhost:3000". */
  siteUrl?: string;
  /** How often retention runs, in ms, or false. Defaults to Doorkeep's default. */
  retentionIntervalMs?: number | false;
}

export interface DemoApp {
  app: express.Express;
  doorkeep: Doorkeep;
  posts: BlogPost[];
  /** The mounted mentions router (its webmention queue lets tests wait for processing). */
  mentions: MentionsRouter;
  close(): Promise<void>;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The form field names the demo's views render and its hooks read. */
export const COMMENT_FIELDS = { name: 'author', email: 'email', url: 'url', content: 'comment' };
export const CONTACT_FIELDS = { name: 'name', email: 'email', subject: 'subject', content: 'message' };

/** Bad input from the forms is shown on the blog's own error page, not as Doorkeep's plain-text answer. */
const toErrorPage = (error: Error, _req: Request, _res: Response, next: NextFunction) => next(error);

const MENTION_TYPES: SubmissionType[] = ['pingback', 'trackback', 'webmention'];
const MENTION_WORDS: Record<string, string> = { pingback: 'Pingback', trackback: 'Trackback', webmention: 'Mention' };

export async function createDemoApp(options: DemoAppOptions = {}): Promise<DemoApp> {
  const siteUrl = trimTrailingSlashes(options.siteUrl ?? 'http://localhost:3000');
  const posts = loadPosts(here('./posts/')).map((post) => ({ ...post, permalink: `${siteUrl}/posts/${post.id}` }));
  const byId = new Map(posts.map((post) => [post.id, post]));

  const doorkeep = await createDoorkeep({
    ...(options.store ? { store: options.store } : { dataFile: options.dataFile ?? 'data/doorkeep.json' }),
    ...(options.clock && { clock: options.clock }),
    ...(options.secret && { secret: options.secret }),
    ...(options.adminPassword && { admin: { password: options.adminPassword } }),
    ...(options.retentionIntervalMs !== undefined && { retentionIntervalMs: options.retentionIntervalMs }),
    site: { name: 'Halla\'s notes', url: siteUrl, ownerNames: ['Halla'], contact: `${siteUrl}/contact` },
    getPost: (id) => byId.get(id),
    listPosts: () => posts,
    settings: { apiKeys: options.apiKeys ?? [], doors: { 'work-with-me': { pitches: 'deliver' } } },
    fetch: { allowHosts: options.fetchAllow ?? [] },
    publicPath: '/doorkeep',
    adminPath: '/admin',
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('views', here('./views/'));
  app.set('view engine', 'ejs');
  // Compile each view once, not on every response (Express does so only under NODE_ENV=production): the
  // demo's views do not change while it runs, and compiling them was a tenth of a server's CPU per comment.
  app.set('view cache', true);
  Object.assign(app.locals, {
    siteName: doorkeep.site.name, siteUrl, mentionWords: MENTION_WORDS,
    formatDate, httpUrl, inline, safeContent,
    notice: () => notice(doorkeep),
    formFields: () => doorkeep.formFields(),
  });

  app.use(helmet({ contentSecurityPolicy: false }));
  const blogSecurity = helmet.contentSecurityPolicy({
    directives: {
      defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], formAction: ["'self'"], imgSrc: ["'self'", 'data:'], upgradeInsecureRequests: null,
    },
  });
  app.use('/static', express.static(here('./public/'), { maxAge: '1h' }));

  app.get('/', blogSecurity, (_req, res) => res.render('home', { posts }));

  app.get('/feed.xml', (_req, res) => {
    res.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; sandbox");
    res.type('application/atom+xml').send(atomFeed({ name: doorkeep.site.name, url: siteUrl }, posts));
  });

  const findPost = (req: Request<{ id: string }>, res: Response, next: NextFunction) => {
    if (byId.has(req.params.id)) return next();
    notFound(req, res);
  };

  app.get('/posts/:id', blogSecurity, findPost, advertiseMentions({ siteUrl }), async (req: Request<{ id: string }>, res) => {
    const post = byId.get(req.params.id)!;
    const approved = await doorkeep.store.query({ postId: post.id, status: 'approved', order: 'oldest', limit: 500 });
    res.render('post', {
      title: post.title, post, fields: COMMENT_FIELDS, permalink: post.permalink,
      trackbackUrl: `${siteUrl}/trackback/${encodeURIComponent(post.id)}`,
      comments: approved.items.filter((item) => item.type === 'comment'),
      mentions: approved.items.filter((item) => MENTION_TYPES.includes(item.type)),
    });
  });

  app.post('/posts/:id/comments', blogSecurity, findPost, doorkeep.comments({ fields: COMMENT_FIELDS, onError: toErrorPage }), (req: Request<{ id: string }>, res) => {
    const post = byId.get(req.params.id)!;
    showResult(req, res, 'comment', { href: `/posts/${post.id}#responses`, text: `Back to “${post.title}”` });
  });

  const contactPages = [
    {
      path: '/contact', channel: 'contact', doorOpen: false, heading: 'Contact', button: 'Send message',
      intro: [
        'Questions about a post, a correction, a kind word or a disagreement: I read everything sent here and answer most of it.',
        'I do not take guest posts, sponsored posts or link exchanges. Offers like that are filed separately and read rarely. If you want to work together, use the work-with-me page instead.',
      ],
    },
    {
      path: '/work-with-me', channel: 'work-with-me', doorOpen: true, heading: 'Work with me', button: 'Send proposal',
      intro: [
        'I take on a few projects a year: editing newsletters, setting up self-hosted publishing for small organisations, and typography reviews of reading-heavy sites.',
        'Proposals, offers and pitches are welcome here: tell me what you have in mind, your timeline and your budget, and I will reply within a week.',
      ],
    },
  ] as const;

  for (const page of contactPages) {
    app.get(page.path, blogSecurity, (_req, res) => res.render('contact', { ...page, title: page.heading, action: page.path, fields: CONTACT_FIELDS }));
    app.post(page.path, blogSecurity, doorkeep.contactForm({ doorOpen: page.doorOpen, channel: page.channel, fields: CONTACT_FIELDS, onError: toErrorPage }), (req, res) => {
      showResult(req, res, 'message', { href: page.path, text: `Back to ${page.heading.toLowerCase()}` });
    });
  }

  app.use('/doorkeep', publicPages(doorkeep));
  app.use('/akismet', doorkeep.akismetApi());
  app.use('/admin', admin(doorkeep));
  const mentions = doorkeep.mentions();
  app.use(mentions);

  app.use(blogSecurity, notFound);
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
    if (status >= 500) console.error(error);
    res.status(status).render('error', {
      title: 'Not sent', heading: status === 409 ? 'Already received' : status >= 500 ? 'Something went wrong' : 'That could not be sent',
      message: status >= 500 ? 'The site had a problem with that request. Please try again in a moment.' : (error as Error).message,
      back: req.get('referer') && httpUrl(req.get('referer')) ? req.get('referer') : '/',
    });
  });

  return { app, doorkeep, posts, mentions, close: () => doorkeep.close() };
}

const OUTCOME_LINES: Record<'comment' | 'message', Partial<Record<Status, string[]>>> = {
  comment: {
    approved: ['Thank you. Your comment is published under the post.'],
    pending: ['Thank you. Your comment is waiting for review: Halla reads every held comment, usually within a day, and publishes the ones that belong here.'],
  },
  message: {
    approved: ['Thank you. Halla reads every message and answers most of them within a week.'],
    pending: ['Thank you. Your message is waiting for review before it reaches Halla\'s inbox.'],
    pitch: ['It read like an offer or a pitch, so it was filed with other offers, which Halla reads when she chooses. Proposals for work are welcome on the work-with-me page.'],
  },
};

function showResult(req: Request, res: Response, noun: 'comment' | 'message', back: { href: string; text: string }): void {
  const moderation: RequestModeration | undefined = req.moderation;
  if (!moderation) throw new Error('The Doorkeep hook did not set req.moderation.');
  const { verdict, submission } = moderation;
  const receiptUrl = moderation.receiptUrl.startsWith('/') ? `${req.app.locals.siteUrl}${moderation.receiptUrl}` : moderation.receiptUrl;
  const outcome = describeStatus(verdict.status, submission.type);
  const lines = OUTCOME_LINES[noun][verdict.status]
    ?? ['If you believe this is a mistake, write through the contact page and include your receipt link: a person will look at it again.'];
  const filedAsPitch = noun === 'message' && verdict.status === 'pitch';
  res.status(201).render('result', {
    title: outcome.headline, heading: noun === 'comment' ? 'Your comment' : 'Your message', outcome, lines, noun, receiptUrl, back,
    suggest: filedAsPitch ? { href: '/work-with-me', text: 'Work with me' }
      : outcome.tone === 'not-published' ? { href: '/contact', text: 'Ask for a review' } : undefined,
  });
}

function notFound(_req: Request, res: Response): void {
  res.status(404).render('error', { title: 'Not found', heading: 'Not found', message: 'There is no page at this address.', back: '/' });
}
