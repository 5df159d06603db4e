/**
 * Optional e-mail for delivered submissions, through nodemailer over SMTP. Configured by the `mail`
 * option or, when that is absent, by DOORKEEP_MAIL_TO with DOORKEEP_SMTP_URL or DOORKEEP_SMTP_HOST.
 */
import { createTransport } from 'nodemailer';
import { DoorkeepError, rejectUnknownKeys } from './errors.js';
import type { SiteInfo, StoredSubmission, SubmissionType } from './types.js';
import { SUBMISSION_TYPES } from './types.js';

export interface SmtpOptions {
  /** The SMTP server's host name. Defaults to "localhost". */
  host?: string;
  /** Defaults to 465 when `secure`, else 587. */
  port?: number;
  /** TLS from the start (port 465). Otherwise STARTTLS is used when the server offers it. Defaults to false. */
  secure?: boolean;
  /** SMTP user name, when the server needs one. */
  user?: string;
  /** SMTP password. */
  pass?: string;
}

export interface MailOptions {
  /** Who receives the mail: one address or several. Required. */
  to: string | string[];
  /** The sender address. Defaults to "Doorkeep <doorkeep@" + the site's host + ">". */
  from?: string;
  /** The SMTP server: an object, or a URL such as "smtps://user:pass@smtp.example.com:465". Defaults to localhost:587. */
  smtp?: SmtpOptions | string;
  /** Which delivered submissions are mailed. Defaults to ["contact-form"] (comments are published on the site). */
  types?: SubmissionType[];
  /** Give up on a connection after this many milliseconds. Defaults to 10000. */
  timeoutMs?: number;
}

export interface Mailer {
  /** Whether this submission's type is mailed. */
  wants(submission: StoredSubmission): boolean;
  /** Send one submission; rejects when the server refuses it. */
  send(submission: StoredSubmission, adminItemUrl: string): Promise<void>;
  close(): void;
}

const EMAIL = /^[^\s@<>,;"]{1,64}@[^\s@<>,;"]{1,255}$/;

/** The mail options from the environment, or undefined when DOORKEEP_MAIL_TO is not set. */
export function mailOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): MailOptions | undefined {
  const to = env.DOORKEEP_MAIL_TO?.trim();
  if (!to) return undefined;
  const smtp: SmtpOptions | string = env.DOORKEEP_SMTP_URL?.trim() || {
    host: env.DOORKEEP_SMTP_HOST?.trim() || 'localhost',
    ...(env.DOORKEEP_SMTP_PORT ? { port: Number(env.DOORKEEP_SMTP_PORT) } : {}),
    ...(env.DOORKEEP_SMTP_SECURE ? { secure: env.DOORKEEP_SMTP_SECURE === 'true' || env.DOORKEEP_SMTP_SECURE === '1' } : {}),
    ...(env.DOORKEEP_SMTP_USER ? { user: env.DOORKEEP_SMTP_USER } : {}),
    ...(env.DOORKEEP_SMTP_PASS ? { pass: env.DOORKEEP_SMTP_PASS } : {}),
  };
  return {
    to: to.split(',').map((a) => a.trim()).filter(Boolean),
    ...(env.DOORKEEP_MAIL_FROM?.trim() ? { from: env.DOORKEEP_MAIL_FROM.trim() } : {}),
    smtp,
  };
}

function fail(field: string, message: string): never {
  throw new DoorkeepError('ERR_DK_OPTIONS', `\`${field}\` ${message}`, { field });
}

/** Check the mail options once, at creation. */
export function checkMailOptions(mail: unknown): Required<Omit<MailOptions, 'smtp'>> & { smtp: SmtpOptions | string } {
  if (typeof mail !== 'object' || mail === null || Array.isArray(mail)) fail('mail', 'must be an object { to, from?, smtp?, types? } or false.');
  const m = mail as MailOptions;
  rejectUnknownKeys('mail', m, ['to', 'from', 'smtp', 'types', 'timeoutMs']);
  const to = typeof m.to === 'string' ? [m.to] : m.to;
  if (!Array.isArray(to) || to.length === 0 || !to.every((a) => typeof a === 'string' && EMAIL.test(a.trim()))) {
    fail('mail.to', 'must be an e-mail address or a list of them.');
  }
  if (m.from !== undefined && (typeof m.from !== 'string' || !m.from.includes('@'))) fail('mail.from', 'must be an address such as "Blog <blog@example.com>".');
  const types = m.types ?? ['contact-form'];
  if (!Array.isArray(types) || !types.every((t) => SUBMISSION_TYPES.includes(t))) fail('mail.types', `must list submission types among ${SUBMISSION_TYPES.join(', ')}.`);
  const smtp = m.smtp ?? {};
  if (typeof smtp === 'string') {
    if (!/^smtps?:\/\//.test(smtp)) fail('mail.smtp', 'as a string must be a URL such as "smtp://user:pass@host:587".');
  } else if (typeof smtp === 'object' && smtp !== null) {
    rejectUnknownKeys('mail.smtp', smtp, ['host', 'port', 'secure', 'user', 'pass']);
    if (smtp.port !== undefined && (!Number.isInteger(smtp.port) || smtp.port < 0 || smtp.port > 65535)) fail('mail.smtp.port', 'must be a port number.');
    if (smtp.pass !== undefined && smtp.user === undefined) fail('mail.smtp.user', 'is needed with `mail.smtp.pass`.');
  } else fail('mail.smtp', 'must be an object { host, port, secure, user, pass } or a URL.');
  const timeoutMs = m.timeoutMs ?? 10_000;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) fail('mail.timeoutMs', 'must be a positive number.');
  return { to: to.map((a) => a.trim()), from: m.from ?? '', smtp, types, timeoutMs };
}

/** Sanitized HTML as plain text for the mail body. */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n\n')
    .replace(/<[^<>]*>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#0*39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const oneLine = (text: string, max = 200) => text.replace(/\s+/g, ' ').trim().slice(0, max);

function subjectOf(s: StoredSubmission, site: SiteInfo, postTitle: string | undefined): string {
  const who = oneLine(s.author.name || s.author.email || 'someone', 80);
  if (s.type === 'contact-form') return `[${site.name}] ${s.subject ? oneLine(s.subject) : `Message from ${who}`}${s.channel && s.channel !== 'contact' ? ` (${s.channel})` : ''}`;
  const on = postTitle ? ` on “${oneLine(postTitle, 120)}”` : '';
  return s.type === 'comment' ? `[${site.name}] New comment${on} by ${who}` : `[${site.name}] New ${s.type}${on}`;
}

export function createMailer(mail: ReturnType<typeof checkMailOptions>, site: SiteInfo, postTitle: (id: string) => Promise<string | undefined>): Mailer {
  const host = new URL(site.url).hostname;
  const from = mail.from || `Doorkeep <doorkeep@${host}>`;
  const connection = typeof mail.smtp === 'string' ? mail.smtp : {
    host: mail.smtp.host ?? 'localhost',
    port: mail.smtp.port ?? (mail.smtp.secure ? 465 : 587),
    secure: mail.smtp.secure ?? false,
    ...(mail.smtp.user ? { auth: { user: mail.smtp.user, pass: mail.smtp.pass ?? '' } } : {}),
  };
  const transport = typeof connection === 'string'
    ? createTransport(connection)
    : createTransport({ ...connection, connectionTimeout: mail.timeoutMs, greetingTimeout: mail.timeoutMs, socketTimeout: mail.timeoutMs });
  return {
    wants: (s) => mail.types.includes(s.type),
    async send(s, adminItemUrl) {
      const title = s.postId ? await postTitle(s.postId) : undefined;
      const lines = [
        `From: ${oneLine(s.author.name) || '(no name)'}${s.author.email ? ` <${s.author.email}>` : ''}`,
        ...(s.author.url ? [`Website: ${s.author.url}`] : []),
        ...(s.subject ? [`Subject: ${oneLine(s.subject)}`] : []),
        ...(s.mention?.source ? [`Source: ${s.mention.source}`] : []),
        ...(title ? [`Post: ${title}`] : []),
        `Received: ${s.receivedAt}`,
        '',
        plainText(s.content),
        '',
        '—',
        `Sent by Doorkeep on ${site.name}. In the admin: ${adminItemUrl}`,
      ];
      const replyTo = EMAIL.test(s.author.email) ? s.author.email : undefined;
      await transport.sendMail({
        from,
        to: mail.to,
        subject: subjectOf(s, site, title),
        text: lines.join('\n'),
        ...(replyTo ? { replyTo } : {}),
        headers: { 'X-Doorkeep-Id': s.id },
      });
    },
    close: () => transport.close(),
  };
}
