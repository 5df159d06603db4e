import { describe, expect, it } from 'vitest';
import express from 'express';
import cookieParser from 'cookie-parser';
import request from 'supertest';
import { hashPassword, isPasswordHash, verifyPassword } from '../plugin/password.js';
import { createSessionManager, SESSION_COOKIE } from '../admin/session.js';
import { createCsrf } from '../admin/csrf.js';
import { settableClock } from './support/browser.js';

describe('hashPassword', () => {
  it('produces a salted scrypt hash that verifies the password and nothing else', async () => {
    const hash = hashPassword('open sesame');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(hash).not.toContain('open sesame');
    expect(isPasswordHash(hash)).toBe(true);
    expect(await verifyPassword('open sesame', hash)).toBe(true);
    expect(await verifyPassword('open sesame!', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash differently', () => {
    expect(hashPassword('same')).not.toBe(hashPassword('same'));
  });

  it('refuses an empty password with a stable code', () => {
    expect(() => hashPassword('')).toThrow(expect.objectContaining({ code: 'ERR_DK_OPTIONS', field: 'admin.password' }));
  });

  it('treats a malformed or missing hash as a mismatch', async () => {
    expect(await verifyPassword('x', undefined)).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1$2')).toBe(false);
    expect(await verifyPassword('x', 'plaintext')).toBe(false);
  });
});

function sessionApp(clock = settableClock()) {
  const sessions = createSessionManager({ secret: 'k', clock, maxAgeMs: 60_000 });
  const csrf = createCsrf('k', sessions);
  const app = express();
  app.set('trust proxy', true);
  app.use(cookieParser(), express.urlencoded({ extended: false }));
  app.post('/start', (req, res) => {
    sessions.start(req, res);
    res.send('ok');
  });
  app.post('/end', (req, res) => {
    sessions.end(req, res);
    res.send('ok');
  });
  app.get('/who', (req, res) => res.send(sessions.read(req) ? 'signed in' : 'nobody'));
  app.get('/form', (req, res) => res.send(csrf.token(req, res)));
  app.post('/change', csrf.protect, (_req, res) => res.send('changed'));
  app.use((error: { code?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(error.code === 'EBADCSRFTOKEN' ? 403 : 500).send(error.code);
  });
  return { app, clock };
}

describe('admin session cookie', () => {
  it('is httpOnly and SameSite=Strict, and Secure only over HTTPS', async () => {
    const { app } = sessionApp();
    const plain = await request(app).post('/start');
    const cookie = plain.headers['set-cookie']![0]!;
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const secure = await request(app).post('/start').set('X-Forwarded-Proto', 'https');
    expect(secure.headers['set-cookie']![0]).toMatch(/; Secure/);
  });

  it('rejects a tampered cookie', async () => {
    const { app } = sessionApp();
    const agent = request.agent(app);
    await agent.post('/start');
    expect((await agent.get('/who')).text).toBe('signed in');
    const cookie = (await request(app).post('/start')).headers['set-cookie']![0]!.split(';')[0]!;
    const [name, value] = cookie.split('=');
    const [id, , signature] = value!.split('.');
    const forged = `${name}=${id}.${Date.parse('2099-01-01')}.${signature}`;
    expect((await request(app).get('/who').set('Cookie', forged)).text).toBe('nobody');
  });

  it('expires after its lifetime on the injected clock', async () => {
    const { app, clock } = sessionApp();
    const agent = request.agent(app);
    await agent.post('/start');
    clock.advance(59_000);
    expect((await agent.get('/who')).text).toBe('signed in');
    clock.advance(2_000);
    expect((await agent.get('/who')).text).toBe('nobody');
  });

  it('stops working once signed out, even if the old cookie is replayed', async () => {
    const { app } = sessionApp();
    const started = await request(app).post('/start');
    const cookie = started.headers['set-cookie']![0]!.split(';')[0]!;
    expect((await request(app).get('/who').set('Cookie', cookie)).text).toBe('signed in');
    await request(app).post('/end').set('Cookie', cookie);
    expect((await request(app).get('/who').set('Cookie', cookie)).text).toBe('nobody');
  });
});

describe('CSRF double submit', () => {
  it('refuses a POST without a token, with a wrong token, and accepts the issued one', async () => {
    const { app } = sessionApp();
    const agent = request.agent(app);
    await agent.post('/change').type('form').send({}).expect(403);
    const token = (await agent.get('/form')).text;
    await agent.post('/change').type('form').send({ _csrf: `${token.slice(0, -2)}00` }).expect(403);
    await agent.post('/change').type('form').send({ _csrf: token }).expect(200, 'changed');
  });

  it('refuses a token issued to another visitor', async () => {
    const { app } = sessionApp();
    const token = (await request.agent(app).get('/form')).text;
    const other = request.agent(app);
    await other.get('/form');
    await other.post('/change').type('form').send({ _csrf: token }).expect(403);
  });

  it('ties the token to the session, so signing in needs a fresh one', async () => {
    const { app } = sessionApp();
    const agent = request.agent(app);
    const before = (await agent.get('/form')).text;
    await agent.post('/start');
    await agent.post('/change').type('form').send({ _csrf: before }).expect(403);
    const after = (await agent.get('/form')).text;
    await agent.post('/change').type('form').send({ _csrf: after }).expect(200);
  });
});
