import { beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Router } from 'express';
import { PUBLIC_PATHS } from '../admin/auth.js';
import type { Doorkeep } from '../plugin/api.js';
import { admin, type AdminRouterOptions } from '../admin/index.js';
import { adminApp, ADMIN_PASSWORD, csrfFrom, makeDoorkeep, makeStored, signedInAgent, tokenFor } from './support/browser.js';

interface Route {
  method: string;
  path: string;
}

/** Every route the admin router declares, found by walking its own stack (and its sub-routers'). */
function routesOf(router: Router): Route[] {
  const out: Route[] = [];
  const walk = (stack: any[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) if (method !== '_all') out.push({ method, path: layer.route.path });
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((router as any).stack);
  return out;
}

const setCookies = (response: { headers: Record<string, unknown> }): string[] => ([] as string[]).concat((response.headers['set-cookie'] as string[] | undefined) ?? []);

const concrete = (path: string) => path.replace(/:(\w+)/g, 'x');

describe('admin routes', () => {
  let dk: Doorkeep;
  let routes: Route[];

  beforeAll(async () => {
    dk = await makeDoorkeep();
    await dk.store.add(makeStored({ id: 'x' }));
    routes = routesOf(admin(dk));
  });

  it('finds every page and action by walking the router', () => {
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    for (const expected of ['get /queue/:status', 'post /actions', 'post /actions/undo', 'post /queue/:status/empty', 'post /pitches/read', 'post /pitches/seen', 'get /settings', 'post /settings', 'get /stats', 'get /pitches.atom', 'post /campaigns/:id/decide', 'post /sign-out']) {
      expect(paths).toContain(expected);
    }
  });

  it('answers nothing but sign-in and its own stylesheet and script without a session', async () => {
    const app = adminApp(dk);
    const open: string[] = [];
    for (const { method, path } of routes) {
      const response = await (request(app) as any)[method](`/admin${concrete(path)}`).type('form').send({});
      if (method === 'get') {
        if (response.status === 303 && response.headers.location.startsWith('/admin/sign-in?next=')) continue;
      } else if (response.status === 401) continue;
      open.push(`${method.toUpperCase()} ${path} → ${response.status}`);
    }
    expect(open.sort()).toEqual(['GET /assets/admin.css → 200', 'GET /assets/admin.js → 200', 'GET /sign-in → 200', 'POST /sign-in → 403']);
    expect(PUBLIC_PATHS).toEqual(['/sign-in', '/assets/admin.css', '/assets/admin.js']);
  });

  it('refuses every state-changing request without a CSRF token, even signed in', async () => {
    const app = adminApp(dk);
    const agent = await signedInAgent(app);
    const posts = routes.filter((r) => r.method !== 'get');
    expect(posts.length).toBeGreaterThanOrEqual(5);
    for (const { method, path } of posts) {
      const response = await (agent as any)[method](`/admin${concrete(path)}`).type('form').send({ action: 'approve', ids: 'x', decision: 'spam' });
      expect(`${method} ${path} ${response.status}`).toBe(`${method} ${path} 403`);
    }
    expect((await dk.store.get('x'))!.status).toBe('pending');
    expect((await agent.get('/admin/queue/pending')).status).toBe(200);
  });

  it('answers unknown admin paths with a redirect when signed out and 404 when signed in', async () => {
    const app = adminApp(dk);
    expect((await request(app).get('/admin/nowhere')).status).toBe(303);
    const agent = await signedInAgent(app);
    expect((await agent.get('/admin/nowhere')).status).toBe(404);
  });
});

describe('sign-in', () => {
  let dk: Doorkeep;
  beforeAll(async () => {
    dk = await makeDoorkeep();
  });

  it('signs in with the password, sets a strict httpOnly cookie and goes where it was asked', async () => {
    const app = adminApp(dk);
    const agent = request.agent(app);
    const redirect = await agent.get('/admin/settings');
    expect(redirect.headers.location).toBe('/admin/sign-in?next=%2Fadmin%2Fsettings');
    const page = await agent.get(redirect.headers.location).expect(200);
    expect(page.text).toContain('<label for="password">Password</label>');
    const response = await agent.post('/admin/sign-in').type('form').send({ _csrf: csrfFrom(page.text), password: ADMIN_PASSWORD, next: '/admin/settings' });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/admin/settings');
    const session = setCookies(response).find((c: string) => c.startsWith('dk_admin='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).toMatch(/Path=\/admin/);
    expect((await agent.get('/admin/settings')).status).toBe(200);
  });

  it('marks the cookie Secure behind HTTPS', async () => {
    const app = adminApp(dk);
    app.set('trust proxy', 1);
    const page = await request(app).get('/admin/sign-in').set('X-Forwarded-Proto', 'https');
    expect(setCookies(page).every((c: string) => /; Secure/.test(c))).toBe(true);
    const cookies = setCookies(page).map((c: string) => c.split(';')[0]).join('; ');
    const response = await request(app).post('/admin/sign-in').set('X-Forwarded-Proto', 'https').set('Cookie', cookies).type('form').send({ _csrf: csrfFrom(page.text), password: ADMIN_PASSWORD });
    expect(response.status).toBe(303);
    expect(setCookies(response).find((c: string) => c.startsWith('dk_admin='))).toMatch(/; Secure/);
  });

  it('refuses a wrong password with 401 and never redirects outside the admin', async () => {
    const app = adminApp(dk);
    const agent = request.agent(app);
    const page = await agent.get('/admin/sign-in');
    const wrong = await agent.post('/admin/sign-in').type('form').send({ _csrf: csrfFrom(page.text), password: 'guess' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('That password is not right.');
    const right = await agent.post('/admin/sign-in').type('form').send({ _csrf: csrfFrom(wrong.text), password: ADMIN_PASSWORD, next: 'https://evil.example/' });
    expect(right.headers.location).toBe('/admin/');
  });

  it('allows five failed sign-ins a minute per IP, then refuses even the right password', async () => {
    const app = adminApp(await makeDoorkeep());
    const agent = request.agent(app);
    let token = csrfFrom((await agent.get('/admin/sign-in')).text);
    for (let i = 0; i < 5; i++) {
      const response = await agent.post('/admin/sign-in').type('form').send({ _csrf: token, password: `wrong ${i}` });
      expect(response.status).toBe(401);
      token = csrfFrom(response.text);
    }
    const blocked = await agent.post('/admin/sign-in').type('form').send({ _csrf: token, password: ADMIN_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('Too many failed sign-ins');
  });

  it('signs out: the old session cookie no longer opens anything', async () => {
    const app = adminApp(dk);
    const agent = request.agent(app);
    const page = await agent.get('/admin/sign-in');
    const signIn = await agent.post('/admin/sign-in').type('form').send({ _csrf: csrfFrom(page.text), password: ADMIN_PASSWORD });
    const cookie = setCookies(signIn).find((c: string) => c.startsWith('dk_admin='))!.split(';')[0]!;
    const token = await tokenFor(agent);
    expect((await request(app).get('/admin/queue/pending').set('Cookie', cookie)).status).toBe(200);
    const out = await agent.post('/admin/sign-out').type('form').send({ _csrf: token });
    expect(out.status).toBe(303);
    expect((await agent.get('/admin/queue/pending')).status).toBe(303);
    const replay = await request(app).get('/admin/queue/pending').set('Cookie', cookie);
    expect(replay.status).toBe(303);
  });

  it('keeps a sign-out across a restart: a new admin router on the same store refuses the old cookie', async () => {
    const app = adminApp(dk);
    const agent = request.agent(app);
    const page = await agent.get('/admin/sign-in');
    const signIn = await agent.post('/admin/sign-in').type('form').send({ _csrf: csrfFrom(page.text), password: ADMIN_PASSWORD });
    const cookie = setCookies(signIn).find((c: string) => c.startsWith('dk_admin='))!.split(';')[0]!;
    const restarted = adminApp(dk);
    expect((await request(restarted).get('/admin/stats').set('Cookie', cookie)).status).toBe(200);
    const token = await tokenFor(agent);
    await agent.post('/admin/sign-out').type('form').send({ _csrf: token }).expect(303);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await request(adminApp(dk)).get('/admin/stats').set('Cookie', cookie)).status).toBe(303);
  });

  it('refuses every sign-in when no password is configured and says how to set one', async () => {
    const app = adminApp(await makeDoorkeep({ password: null }));
    const agent = request.agent(app);
    const page = await agent.get('/admin/sign-in');
    expect(page.text).toContain('DOORKEEP_ADMIN_PASSWORD');
    const response = await agent.post('/admin/sign-in').type('form').send({ _csrf: csrfFrom(page.text), password: '' });
    expect(response.status).toBe(401);
  });

  it('sends security headers and no-store on admin pages', async () => {
    const agent = await signedInAgent(adminApp(dk));
    const response = await agent.get('/admin/queue/pending');
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|https:/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('works mounted at any path, with links and cookies under that path', async () => {
    const app = adminApp(dk, '/site/moderation');
    const agent = await signedInAgent(app, '/site/moderation');
    const page = await agent.get('/site/moderation/queue/pending').expect(200);
    expect(page.text).toContain('href="/site/moderation/assets/admin.css"');
    expect(page.text).toContain('action="/site/moderation/sign-out"');
    expect((await agent.get('/site/moderation/assets/admin.css')).headers['content-type']).toMatch(/text\/css/);
  });

  it('rejects unknown router options with a hint', () => {
    expect(() => admin(dk, { sesionHours: 2 } as unknown as AdminRouterOptions)).toThrow(/admin\.sesionHours.*sessionHours/);
  });
});
