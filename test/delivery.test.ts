import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Doorkeep } from '../plugin/api.js';
import type { DeliveredEvent } from '../plugin/delivery.js';
import { createFormToken } from '../plugin/form-token.js';
import { FORM_FIELDS } from '../plugin/hooks/form-fields.js';
import { checkMailOptions, mailOptionsFromEnv, plainText } from '../plugin/mail.js';
import { appWith, makeClock, makeDoorkeep } from './support/doorkeep.js';

const SECRET = 'test-secret-0123456789';

interface Received { from: string; to: string[]; raw: string; user?: string }

/** A real SMTP server on 127.0.0.1 (port 0) that keeps what it receives; user "doorkeep", password "letmein". */
async function startSmtp(): Promise<{ port: number; received: Received[]; next(): Promise<Received>; close(): Promise<void> }> {
  const received: Received[] = [];
  let waiting: ((r: Received) => void)[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'doorkeep' && auth.password === 'letmein') return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail: Received = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: session.user as string | undefined,
        };
        received.push(mail);
        const ready = waiting;
        waiting = [];
        for (const w of ready) w(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    next: () => new Promise((resolve) => waiting.push(resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A header's value, unfolded, with RFC 2047 Q-encoded words decoded. */
function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}: `));
  if (!line) return undefined;
  return line.slice(name.length + 2)
    .replace(/\?= =\?UTF-8\?Q\?/g, '')
    .replace(/=\?UTF-8\?Q\?([^?]*)\?=/g, (_, q: string) => decodeURIComponent(q.replace(/_/g, ' ').replace(/%/g, '%25').replace(/=([0-9A-F]{2})/g, '%$1')));
}

/** The body of a received message, with quoted-printable soft breaks undone. */
const bodyOf = (raw: string) => raw.split(/\r?\n\r?\n/).slice(1).join('\n\n').replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

describe('delivery to the host', () => {
  const clock = makeClock();
  const token = () => createFormToken(SECRET, new Date(clock.now().getTime() - 60_000));
  let dk: Doorkeep;
  const events: DeliveredEvent[] = [];

  beforeAll(async () => {
    dk = await makeDoorkeep({ clock, mail: false, onDelivered: (event) => void events.push(event) });
  });
  afterAll(() => dk.close());
  afterEach(() => {
    events.length = 0;
  });

  it('calls onDelivered for a contact message the door lets through, after it is stored', async () => {
    const res = await request(appWith(dk)).post('/contact').type('form')
      .send({ name: 'Kim', email: 'kim@example.org', subject: 'RSS', message: 'Which feed reader do you use for your RSS subscriptions?', [FORM_FIELDS.token]: token() })
      .expect(201);
    expect(res.body.status).toBe('approved');
    await dk.idle();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ cause: 'verdict', by: 'doorkeep', submission: { id: res.body.id, type: 'contact-form', channel: 'contact', subject: 'RSS' } });
    expect((await dk.store.get(res.body.id))!.status).toBe('approved');
  });

  it('says nothing for a held comment, then tells listeners when a moderator approves it', async () => {
    const heard: DeliveredEvent[] = [];
    const listener = (event: DeliveredEvent) => void heard.push(event);
    dk.on('delivered', listener);
    const res = await request(appWith(dk)).post('/posts/newsletters/comments').type('form')
      .send({ author: 'Ann', email: 'ann@reader.example', url: '', comment: 'Thanks for the unsubscribe advice, plain newsletters are nicer to read.' })
      .expect(201);
    expect(res.body.status).toBe('pending');
    await dk.idle();
    expect(events).toHaveLength(0);

    await dk.decide(res.body.id, 'approve', 'halla');
    await dk.idle();
    expect(events.map((e) => [e.cause, e.by, e.submission.id, e.submission.status])).toEqual([['decision', 'halla', res.body.id, 'approved']]);
    expect(heard).toHaveLength(1);

    await dk.decide(res.body.id, 'approve', 'halla');
    await dk.idle();
    expect(events).toHaveLength(1);
    dk.off('delivered', listener);
  });

  it('delivers a pitch on a channel open to pitches, and not on the closed contact form', async () => {
    const pitch = (n: number) => ({
      name: 'Growth Team', email: `team${n}@agency.example`, subject: 'Collaboration',
      message: 'Hi! We would love to collaborate on a sponsored guest post with a backlink for our client. Our rates are flexible, let us know!',
      [FORM_FIELDS.token]: token(),
    });
    const open = await request(appWith(dk)).post('/work-with-me').type('form').send(pitch(1)).expect(201);
    const closed = await request(appWith(dk)).post('/contact').type('form').send(pitch(2)).expect(201);
    await dk.idle();
    expect(open.body).toMatchObject({ status: 'approved', wouldBe: 'pitch' });
    expect(closed.body.status).toBe('pitch');
    expect(events.map((e) => e.submission.id)).toEqual([open.body.id]);
  });

  it('logs a listener that throws and carries on', async () => {
    const failing = () => {
      throw new Error('host bug');
    };
    dk.on('delivered', failing);
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const result = await dk.moderate({ type: 'contact-form', author: { name: 'Lee', email: 'lee@example.org' }, content: 'Do you have a feed for the typography posts only?', form: { token: token(), honeypot: '' } });
      await dk.idle();
      expect(result.verdict.status).toBe('approved');
      expect(events).toHaveLength(1);
      expect(errors).toHaveLength(1);
    } finally {
      console.error = original;
      dk.off('delivered', failing);
    }
  });

  it('refuses an unknown event name', () => {
    expect(() => dk.on('deliverd' as 'delivered', () => {})).toThrow(/no 'deliverd' event/);
  });
});

describe('mail through SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(() => smtp.close());

  it('mails a delivered contact message to the owner, with the sender as Reply-To and a link to the admin', async () => {
    const clock = makeClock();
    const dk = await makeDoorkeep({
      clock,
      mail: { to: 'halla@halla.example', smtp: { host: '127.0.0.1', port: smtp.port, user: 'doorkeep', pass: 'letmein' } },
    });
    try {
      const arrived = smtp.next();
      const res = await request(appWith(dk)).post('/contact').type('form')
        .send({ name: 'Kim Reader', email: 'kim@example.org', subject: 'Feeds', message: 'Which feed reader do you use? I like <b>NetNewsWire</b> & Feedbin.', [FORM_FIELDS.token]: createFormToken(SECRET, new Date(clock.now().getTime() - 60_000)) })
        .expect(201);
      expect(res.body.status).toBe('approved');
      const mail = await arrived;
      expect(mail.user).toBe('doorkeep');
      expect(mail.from).toBe('doorkeep@halla.example');
      expect(mail.to).toEqual(['halla@halla.example']);
      expect(header(mail.raw, 'Subject')).toBe('[Halla writes] Feeds');
      expect(mail.raw).toMatch(/^Reply-To: kim@example.org$/m);
      expect(mail.raw).toMatch(new RegExp(`^X-Doorkeep-Id: ${res.body.id}$`, 'mi'));
      const body = bodyOf(mail.raw);
      expect(body).toContain('From: Kim Reader <kim@example.org>');
      expect(body).toContain('Which feed reader do you use? I like NetNewsWire & Feedbin.');
      expect(body).toContain(`https://halla.example/admin/items/${res.body.id}`);
    } finally {
      await dk.close();
    }
  });

  it('does not mail comments unless asked, and mails an approved comment when types include comments', async () => {
    const clock = makeClock();
    const before = smtp.received.length;
    const quiet = await makeDoorkeep({ clock, mail: { to: 'halla@halla.example', smtp: `smtp://127.0.0.1:${smtp.port}` } });
    const held = await quiet.moderate({ type: 'comment', postId: 'rss', author: { name: 'Ann', email: 'ann@reader.example' }, content: 'Which reader do you use for RSS feeds these days?', form: { honeypot: '' } });
    expect(held.verdict.status).toBe('pending');
    await quiet.decide(held.submission.id, 'approve', 'halla');
    await quiet.close();
    expect(smtp.received.length).toBe(before);

    const loud = await makeDoorkeep({ clock, mail: { to: ['halla@halla.example', 'editor@halla.example'], from: 'Blog <blog@halla.example>', types: ['comment'], smtp: { host: '127.0.0.1', port: smtp.port } } });
    const arrived = smtp.next();
    const comment = await loud.moderate({ type: 'comment', postId: 'rss', author: { name: 'Ann', email: 'ann@reader.example' }, content: 'Which reader do you use for RSS feeds these days?', form: { honeypot: '' } });
    expect(comment.verdict.status).toBe('pending');
    await loud.decide(comment.submission.id, 'not-spam', 'halla');
    const mail = await arrived;
    await loud.close();
    expect(mail.to).toEqual(['halla@halla.example', 'editor@halla.example']);
    expect(mail.from).toBe('blog@halla.example');
    expect(header(mail.raw, 'Subject')).toBe('[Halla writes] New comment on “Why I still publish an RSS feed” by Ann');
  });

  it('reports a server that refuses the sign-in as mail-failed, without failing the submission', async () => {
    const clock = makeClock();
    const dk = await makeDoorkeep({ clock, mail: { to: 'halla@halla.example', smtp: { host: '127.0.0.1', port: smtp.port, user: 'doorkeep', pass: 'wrong' } } });
    const failures: string[] = [];
    dk.on('mail-failed', (event) => void failures.push(`${event.submission.id}: ${event.error.message}`));
    const result = await dk.moderate({ type: 'contact-form', author: { name: 'Kim', email: 'kim@example.org' }, content: 'Which feed reader do you use for your RSS subscriptions?', form: { token: createFormToken(SECRET, new Date(clock.now().getTime() - 60_000)), honeypot: '' } });
    expect(result.verdict.status).toBe('approved');
    await dk.close();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(new RegExp(`^${result.submission.id}: .*(Invalid|auth)`, 'i'));
  });
});

describe('mail options', () => {
  it('reads SMTP settings from the environment', () => {
    expect(mailOptionsFromEnv({})).toBeUndefined();
    expect(mailOptionsFromEnv({ DOORKEEP_MAIL_TO: 'a@x.example, b@x.example', DOORKEEP_SMTP_URL: 'smtps://u:p@smtp.x.example:465', DOORKEEP_MAIL_FROM: 'Blog <blog@x.example>' }))
      .toEqual({ to: ['a@x.example', 'b@x.example'], from: 'Blog <blog@x.example>', smtp: 'smtps://u:p@smtp.x.example:465' });
    expect(mailOptionsFromEnv({ DOORKEEP_MAIL_TO: 'a@x.example', DOORKEEP_SMTP_HOST: 'mail.x.example', DOORKEEP_SMTP_PORT: '2525', DOORKEEP_SMTP_USER: 'u', DOORKEEP_SMTP_PASS: 'p', DOORKEEP_SMTP_SECURE: 'true' }))
      .toEqual({ to: ['a@x.example'], smtp: { host: 'mail.x.example', port: 2525, secure: true, user: 'u', pass: 'p' } });
  });

  it('refuses bad mail options at creation, naming the field', async () => {
    expect(() => checkMailOptions({ to: 'not an address' })).toThrow(/`mail.to`/);
    expect(() => checkMailOptions({ to: 'a@x.example', types: ['comments'] })).toThrow(/`mail.types`/);
    expect(() => checkMailOptions({ to: 'a@x.example', smtp: { hots: 'x' } })).toThrow(/Unknown option `mail.smtp.hots`. Did you mean `host`/);
    expect(() => checkMailOptions({ to: 'a@x.example', smtp: 'http://x' })).toThrow(/`mail.smtp`/);
    await expect(makeDoorkeep({ mail: { to: [] } })).rejects.toThrow(/`mail.to`/);
    await expect(makeDoorkeep({ onDelivered: 'yes' as never })).rejects.toThrow(/`onDelivered` must be a function/);
  });

  it('turns sanitized HTML into plain text', () => {
    expect(plainText('<p>One &amp; two</p><p>Three<br>four &lt;b&gt;</p>')).toBe('One & two\n\nThree\nfour <b>');
  });
});
