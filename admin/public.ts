/**
 * The public side of Doorkeep: the data-processing page (generated from the live settings), the
 * sender's receipt page and the notice shown under forms. Never shows scores or filter details.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import express, { Router, type Request, type Response } from 'express';
import type { Doorkeep } from '../plugin/index.js';
import { ADMIN_DIR } from './dir.cjs';
import type { FilterName } from '../plugin/index.js';
import type { Settings, Status, StoredSubmission, SubmissionType } from '../plugin/index.js';

const VIEWS = `${path.join(ADMIN_DIR, 'views', 'public')}${path.sep}`;

/** What each check does, in general terms a sender understands. The compiler keeps it in step with the filter table. */
export const PUBLIC_CHECKS = {
  words: 'Words and addresses the site owner never wants published, or wants to read first, are looked for in the name, email, website and message.',
  reputation: 'Earlier decisions about the same email address, IP address or website are taken into account: senders already published are trusted, blocked senders are not.',
  honeypot: 'The form carries a field people never see and a signed token that tells how long the form was open: automated senders fill in the one and submit faster than anyone can type.',
  links: 'The number of links is weighed against the amount of text, including links written in disguised forms.',
  flood: 'Many messages from the same address in a short time are held for a person to look at.',
  similarity: 'Messages that are near copies of ones other senders sent (a template campaign) are recognised.',
  relevance: 'A comment is compared with the post it is under, to see whether it is about it.',
  outreach: 'Messages that read like unsolicited marketing (guest-post offers, link requests, sales pitches) are filed separately.',
  specificity: 'A comment that could sit under any post on any site (generic praise) is read more carefully when it comes with a link or a website.',
  gibberish: 'Text typed at random on the keyboard is recognised; other languages and code are left alone.',
  promotion: 'Messages that sell what comment spam sells (pills, casinos, crypto schemes, essays, search-engine services, loans) or ask readers to subscribe to the writer’s channel are held or filed as spam, unless the post itself is about that subject.',
  mentionSource: 'For pingbacks, trackbacks and webmentions, the linking page is read: copies of the post, pages of unrelated links and unrelated sales pages are held.',
  classifier: 'A word-frequency model learns from the site owner\'s own decisions. It is trained and kept on this server only.',
} as const satisfies Record<FilterName, string>;

export interface ProcessingView {
  siteName: string;
  siteUrl: string;
  contact?: Contact;
  observe: boolean;
  checks: string[];
  checksOff: number;
  retention: Settings['retention'];
  noticeText: string;
  publicPath: string;
}

export function processingView(dk: Doorkeep): ProcessingView {
  const settings = dk.settings();
  const names = Object.keys(PUBLIC_CHECKS) as FilterName[];
  const on = names.filter((name) => settings.filters[name] !== false);
  return {
    siteName: dk.site.name,
    siteUrl: dk.site.url,
    contact: contactLink(dk.site.contact),
    observe: settings.mode === 'observe',
    checks: on.map((name) => PUBLIC_CHECKS[name]),
    checksOff: names.length - on.length,
    retention: settings.retention,
    noticeText: settings.noticeText,
    publicPath: dk.paths.public,
  };
}

/** How to reach the owner: an email address, a contact page, or words as configured. */
export type Contact = { kind: 'email' | 'page' | 'text'; text: string; href?: string };

export function contactLink(contact: string | undefined): Contact | undefined {
  if (!contact) return undefined;
  if (/^(mailto:)?[^\s@/:]+@[^\s@/]+$/i.test(contact)) {
    const address = contact.replace(/^mailto:/i, '');
    return { kind: 'email', text: address, href: `mailto:${address}` };
  }
  if (/^(https?:\/\/|\/)/i.test(contact)) return { kind: 'page', text: 'the contact page', href: contact };
  return { kind: 'text', text: contact };
}

type Outcome = { headline: string; explanation: string; tone: 'published' | 'waiting' | 'not-published' };

/** The status in plain words, as the sender sees it. Contact-form messages are delivered, not published. */
export function describeStatus(status: Status, type: SubmissionType): Outcome {
  const message = type === 'contact-form';
  const yours = type === 'comment' ? 'Your comment' : 'Your mention';
  switch (status) {
    case 'approved':
      return message
        ? { tone: 'published', headline: 'Delivered', explanation: 'Your message was delivered to the site owner.' }
        : { tone: 'published', headline: 'Published', explanation: `${yours} is published under the post.` };
    case 'pending':
      return { tone: 'waiting', headline: 'Waiting for review', explanation: 'A person will look at it before it goes any further.' };
    case 'pitch':
      return message
        ? { tone: 'not-published', headline: 'Filed with offers and pitches', explanation: 'It was not delivered as a regular message. It is kept with other offers, which the site owner reads when they choose.' }
        : { tone: 'not-published', headline: 'Not published', explanation: 'It read like an offer or a pitch rather than a comment, so it is not shown on the site.' };
    case 'spam':
    case 'discard':
    case 'trash':
      return message
        ? { tone: 'not-published', headline: 'Not delivered', explanation: 'It was not delivered to the site owner.' }
        : { tone: 'not-published', headline: 'Not published', explanation: `${yours} is not shown on the site.` };
  }
}

const TYPE_WORDS: Record<SubmissionType, string> = {
  comment: 'Comment',
  'contact-form': 'Message',
  pingback: 'Pingback',
  trackback: 'Trackback',
  webmention: 'Webmention',
};

async function receiptView(dk: Doorkeep, item: StoredSubmission) {
  const post = item.postId ? await dk.getPost(item.postId) : undefined;
  return {
    siteName: dk.site.name,
    siteUrl: dk.site.url,
    kind: TYPE_WORDS[item.type],
    receivedAt: item.receivedAt,
    postTitle: post?.title,
    postLink: post?.permalink,
    outcome: describeStatus(item.status, item.type),
    contact: contactLink(dk.site.contact),
    publicPath: dk.paths.public,
  };
}

const noticeTemplate = lazy(() => ejs.compile(readFileSync(`${VIEWS}notice.ejs`, 'utf8')));

/** The notice under a form: the configured sentence, with its "Learn how…" sentence linking to the processing page. */
export function renderNotice(dk: Doorkeep): string {
  const text = dk.settings().noticeText;
  const at = text.search(/learn how/i);
  return noticeTemplate()({
    lead: at > 0 ? text.slice(0, at).trimEnd() : at === 0 ? '' : text,
    link: at >= 0 ? text.slice(at) : 'How your data is processed.',
    href: `${dk.paths.public}/processing`,
  });
}

/** Public pages carry no script and load nothing: only their own inline style (issue 11 item 15). */
export const PUBLIC_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function createPublicRouter(dk: Doorkeep): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.set({ 'Content-Security-Policy': PUBLIC_PAGE_CSP, 'X-Content-Type-Options': 'nosniff' });
    next();
  });

  router.get('/processing', async (_req, res) => {
    await page(res, 200, 'processing', { ...processingView(dk), title: 'How your data is processed' });
  });

  /** The submission a receipt token names, or undefined once the "no such receipt" page is sent. */
  async function receiptOr404(token: string, res: Response) {
    const item = token.length <= 200 ? await dk.store.getByReceipt(token) : undefined;
    if (!item) {
      await page(res, 404, 'not-found', {
        title: 'No such receipt', siteName: dk.site.name, siteUrl: dk.site.url, spamDays: dk.settings().retention.spamDays, publicPath: dk.paths.public,
      });
    }
    return item;
  }

  router.get('/receipt/:token', async (req: Request<{ token: string }>, res) => {
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex' });
    const token = req.params.token;
    const item = await receiptOr404(token, res);
    if (!item) return;
    await page(res, 200, 'receipt', { ...(await receiptView(dk, item)), token, title: 'Your receipt' });
  });

  // The sender withdraws their submission. The receipt token in the address is the proof (it is unguessable
  // and only the sender has it); a request another site's page makes in the browser is refused.
  router.post('/receipt/:token/withdraw', express.urlencoded({ extended: false, limit: '2kb' }), async (req: Request<{ token: string }>, res) => {
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex' });
    if (req.get('sec-fetch-site') === 'cross-site') {
      res.status(403).type('text/plain').send('Refused: a withdrawal must come from the receipt page itself.');
      return;
    }
    const token = req.params.token;
    const item = await receiptOr404(token, res);
    if (!item) return;
    const view = { ...(await receiptView(dk, item)), token };
    if ((req.body as Record<string, unknown> | undefined)?.confirm !== 'withdraw') {
      await page(res, 200, 'withdraw', { ...view, done: false, title: 'Withdraw?' });
      return;
    }
    await dk.withdraw(token);
    await page(res, 200, 'withdraw', { ...view, done: true, title: 'Withdrawn' });
  });

  return router;
}

async function page(res: Response, status: number, view: string, data: Record<string, unknown>): Promise<void> {
  const html = await ejs.renderFile(`${VIEWS}${view}.ejs`, { ...data, formatDate });
  res.status(status).type('html').send(html);
}

function formatDate(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
