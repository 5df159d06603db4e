import express from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Doorkeep } from '../plugin/api.js';
import { createFormToken } from '../plugin/form-token.js';
import { FORM_FIELDS } from '../plugin/hooks/form-fields.js';
import { appWith, makeClock, makeDoorkeep } from './support/doorkeep.js';

const SECRET = 'test-secret-0123456789';

describe('comment and contact-form hooks', () => {
  let dk: Doorkeep;
  let clock: ReturnType<typeof makeClock>;
  let app: ReturnType<typeof appWith>;

  /** A token issued a minute ago, as the rendered form would carry. */
  const token = () => createFormToken(SECRET, new Date(clock.now().getTime() - 60_000));
  const comment = (extra: Record<string, string> = {}) => ({
    author: 'Ann Reader', email: 'ann@reader.example', url: '',
    comment: 'Plain text newsletters are so much nicer to read, thank you for the unsubscribe advice.',
    [FORM_FIELDS.token]: token(), [FORM_FIELDS.honeypot]: '', ...extra,
  });

  beforeEach(async () => {
    clock = makeClock();
    dk = await makeDoorkeep({ clock });
    app = appWith(dk);
  });
  afterEach(() => dk.close());

  it('moderates a urlencoded comment, stores it and puts the verdict on req.moderation', async () => {
    const res = await request(app).post('/posts/newsletters/comments').type('form').send(comment()).expect(201);
    expect(res.body.status).toBe('approved');
    const stored = await dk.store.get(res.body.id);
    expect(stored).toMatchObject({ postId: 'newsletters', status: 'approved', author: { name: 'Ann Reader' } });
    expect(stored!.history[0]).toMatchObject({ type: 'verdict', by: 'doorkeep' });
    expect(res.body.receipt).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('takes JSON bodies too', async () => {
    const res = await request(app).post('/posts/rss/comments').send(comment()).expect(201);
    expect((await dk.store.get(res.body.id))!.postId).toBe('rss');
  });

  it('makes a comment with five links and a filled honeypot spam, with both reasons', async () => {
    const links = ['a', 'b', 'c', 'd', 'e'].map((x) => `http://${x}-deals.example`).join(' ');
    const res = await request(app).post('/posts/newsletters/comments').type('form')
      .send(comment({ comment: `Great! ${links}`, [FORM_FIELDS.honeypot]: 'http://bot.example' })).expect(201);
    expect(['spam', 'discard']).toContain(res.body.status);
    const stored = (await dk.store.get(res.body.id))!;
    const filters = stored.signals.map((s) => s.filter);
    expect(filters).toEqual(expect.arrayContaining(['links', 'honeypot']));
    expect(stored.history[0]).toMatchObject({ type: 'verdict' });
  });

  it.each([
    ['malformed JSON', (r: request.Test) => r.set('content-type', 'application/json').send('{"author": "x",'), 400],
    ['a wrong content type', (r: request.Test) => r.set('content-type', 'text/plain').send('hello'), 415],
    ['an oversized body', (r: request.Test) => r.type('form').send({ author: 'A', email: 'a@b.example', comment: 'x'.repeat(400_000) }), 413],
    ['an over-long comment', (r: request.Test) => r.type('form').send({ author: 'A', email: 'a@b.example', comment: 'x'.repeat(65_526) }), 413],
    ['a missing comment', (r: request.Test) => r.type('form').send({ author: 'A', email: 'a@b.example' }), 400],
    ['a missing email', (r: request.Test) => r.type('form').send({ author: 'A', comment: 'hello there' }), 400],
    ['an array where text belongs', (r: request.Test) => r.send({ author: ['A'], email: 'a@b.example', comment: 'hi' }), 400],
  ])('answers %s with a clear 4xx and stores nothing', async (_name, send, status) => {
    const res = await send(request(app).post('/posts/newsletters/comments')).expect(status);
    expect(res.text.length).toBeGreaterThan(5);
    expect((await dk.store.query({})).total).toBe(0);
  });

  it('names the field in JSON errors', async () => {
    const res = await request(app).post('/posts/newsletters/comments').send({ author: 'A', email: 'a@b.example' }).expect(400);
    expect(res.body).toMatchObject({ error: 'ERR_DK_INPUT', field: 'comment' });
  });

  it('hands bad input to the host’s error handler when asked to', async () => {
    const host = express();
    host.post('/c/:id', dk.comments({ onError: (error, _req, _res, next) => next(error) }), (_req, res) => res.end());
    host.use((error: { status: number; field?: string; message: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(error.status).send(`<h1>Oops</h1><p>${error.field}: ${error.message}</p>`);
    });
    const res = await request(host).post('/c/rss').type('form').send({ author: 'A', email: 'a@b.example' }).expect(400);
    expect(res.text).toBe('<h1>Oops</h1><p>comment: Please fill in the comment (field "comment").</p>');
    await request(host).post('/c/rss').set('content-type', 'text/plain').send('x').expect(415);
    expect((await dk.store.query({})).total).toBe(0);
  });

  it('answers 404 for an unknown post and 403 where comments are closed', async () => {
    await request(app).post('/posts/nope/comments').type('form').send(comment()).expect(404);
    await request(app).post('/posts/closed/comments').type('form').send(comment()).expect(403);
    expect((await dk.store.query({})).total).toBe(0);
  });

  it('refuses the same comment from the same sender on the same post with 409', async () => {
    const body = comment();
    await request(app).post('/posts/rss/comments').type('form').send(body).expect(201);
    await request(app).post('/posts/rss/comments').type('form').send({ ...body, [FORM_FIELDS.token]: token() }).expect(409);
    expect((await dk.store.query({})).total).toBe(1);
  });

  it('notices a replayed form token', async () => {
    const body = comment();
    await request(app).post('/posts/rss/comments').type('form').send(body).expect(201);
    const res = await request(app).post('/posts/rss/comments').type('form')
      .send({ ...body, comment: 'A different comment with the very same form token, which a person would not do.' }).expect(201);
    const stored = (await dk.store.get(res.body.id))!;
    expect(stored.signals.find((s) => s.filter === 'honeypot')?.reason).toMatch(/already|replay|used/i);
  });

  it('moderates a contact-form message with the whole site as context', async () => {
    const res = await request(app).post('/contact').type('form')
      .send({ name: 'Kim', email: 'kim@example.org', subject: 'RSS', message: 'Which feed reader do you use for your RSS subscriptions?', [FORM_FIELDS.token]: token() })
      .expect(201);
    expect((await dk.store.get(res.body.id))).toMatchObject({ type: 'contact-form', postId: null, channel: 'contact', subject: 'RSS' });
  });

  it('observe mode records the verdict but lets everything through', async () => {
    await dk.updateSettings({ mode: 'observe' });
    const res = await request(app).post('/posts/newsletters/comments').type('form')
      .send(comment({ [FORM_FIELDS.honeypot]: 'filled by a bot' })).expect(201);
    expect(res.body.status).toBe('approved');
    expect(['spam', 'pending', 'discard']).toContain(res.body.wouldBe);
    const stored = (await dk.store.get(res.body.id))!;
    expect(stored.history[0]).toMatchObject({ type: 'verdict', status: res.body.wouldBe });
  });
});
