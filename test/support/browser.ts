/** Shared set-up for the admin tests: a real Doorkeep on a memory store, an app serving the admin, sign-in, and Chromium. */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import request from 'supertest';
import type { Doorkeep } from '../../plugin/api.js';
import { admin, type AdminRouterOptions } from '../../admin/index.js';
import type { Clock, HistoryEntry, Post, Status, StoredSubmission } from '../../plugin/types.js';

export const ADMIN_PASSWORD = 'correct horse battery staple';

export function settableClock(iso = '2026-11-20T09:00:00.000Z'): Clock & { set(iso: string): void; advance(ms: number): void } {
  let now = new Date(iso);
  return {
    now: () => new Date(now),
    set: (next) => (now = new Date(next)),
    advance: (ms) => (now = new Date(now.getTime() + ms)),
  };
}

export const POSTS: Post[] = [
  { id: 'rss', title: 'RSS never left', body: 'Feeds, readers and why RSS still matters for small sites.', permalink: 'http://blog.test/posts/rss' },
  { id: 'typography', title: 'Typography for being read', body: 'Line length, leading and type size for long reading.', permalink: 'http://blog.test/posts/typography' },
];

export async function makeDoorkeep(options: { clock?: Clock; password?: string | null } = {}): Promise<Doorkeep> {
  const { createDoorkeep, createMemoryStore } = await import('../../plugin/index.js');
  const byId = new Map(POSTS.map((p) => [p.id, p]));
  return createDoorkeep({
    store: createMemoryStore(),
    site: { name: 'Test blog', url: 'http://blog.test', ownerNames: ['Halla'] },
    getPost: (id) => byId.get(id),
    listPosts: () => POSTS,
    secret: 'test-secret-that-is-long-enough-0123456789',
    ...(options.password === null ? {} : { admin: { password: options.password ?? ADMIN_PASSWORD } }),
    clock: options.clock ?? settableClock(),
    retentionIntervalMs: false,
  });
}

/** An app with the admin mounted at `path`. */
export function adminApp(dk: Doorkeep, path = '/admin', routerOptions?: AdminRouterOptions): express.Express {
  const app = express();
  app.use(path, admin(dk, routerOptions));
  return app;
}

let counter = 0;

/** A stored submission, written straight to the store (as the pipeline would have left it). */
export function makeStored(overrides: Partial<StoredSubmission> = {}): StoredSubmission {
  counter += 1;
  const status: Status = overrides.status ?? 'pending';
  const at = overrides.receivedAt ?? '2026-11-20T08:00:00.000Z';
  const history: HistoryEntry[] = overrides.history ?? [
    { at, type: 'verdict', by: 'doorkeep', status, score: overrides.score ?? 1.2, signals: overrides.signals ?? [] },
  ];
  return {
    id: `s${counter}-${randomUUID().slice(0, 8)}`,
    type: 'comment',
    postId: 'rss',
    author: { name: `Reader ${counter}`, email: `reader${counter}@example.org`, url: '' },
    ip: `203.0.113.${counter % 250}`,
    userAgent: 'test',
    referrer: '',
    content: `<p>Comment number ${counter} about feeds.</p>`,
    text: `comment number ${counter} about feeds.`,
    links: [],
    receivedAt: at,
    status,
    score: 1.2,
    reasons: ['Held for review'],
    signals: [{ filter: 'links', score: 1.2, reason: '3 links in 12 words of text', kind: 'spam' }],
    receipt: randomUUID(),
    history,
    updatedAt: at,
    ...overrides,
  };
}

export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF token on the page.');
  return match[1]!;
}

/** A supertest agent signed in to the admin at `path`. */
export async function signedInAgent(app: express.Express, path = '/admin', password = ADMIN_PASSWORD) {
  const agent = request.agent(app);
  const page = await agent.get(`${path}/sign-in`).expect(200);
  const response = await agent.post(`${path}/sign-in`).type('form').send({ _csrf: csrfFrom(page.text), password, next: `${path}/` });
  if (response.status !== 303) throw new Error(`Sign-in failed with ${response.status}`);
  return agent;
}

/** A fresh CSRF token for a signed-in agent (from any admin page). */
export async function tokenFor(agent: ReturnType<typeof request.agent>, path = '/admin'): Promise<string> {
  return csrfFrom((await agent.get(`${path}/queue/pending`).expect(200)).text);
}

export async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export async function launchChromium() {
  const { existsSync } = await import('node:fs');
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium); the tests never download a browser.`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A comment carrying script, event-handler and javascript: payloads, as an attacker would hope it is stored. */
export const HOSTILE_CONTENT = [
  '<p>Nice post<script>window.__pwned = 1; alert("script")</script></p>',
  '<img src="x" onerror="window.__pwned = 2; alert(\'onerror\')">',
  '<a href="javascript:window.__pwned=3;alert(\'js-url\')">click me</a>',
  '<svg onload="alert(\'svg\')"></svg>',
].join('');

/** The demo blog with Doorkeep on a memory store, listening on 127.0.0.1 (port 0). */
export async function startDemo(clock = settableClock()) {
  const { createServer } = await import('node:http');
  const { createMemoryStore } = await import('../../plugin/index.js');
  const { createDemoApp } = await import('../../demo-site/app.js');
  let handler: express.Express | undefined;
  const server = createServer((req, res) => handler!(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const demo = await createDemoApp({ store: createMemoryStore(), clock, secret: 'browser-test-secret-0123456789abcdef', adminPassword: ADMIN_PASSWORD, siteUrl: url, retentionIntervalMs: false });
  handler = demo.app;
  return {
    ...demo,
    url,
    clock,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await demo.close();
    },
  };
}

type BrowserPage = import('playwright-core').Page;

/** Sign in through the form, as a person would. */
export async function signInWithBrowser(page: BrowserPage, url: string, password = ADMIN_PASSWORD): Promise<void> {
  await page.goto(`${url}/admin/`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin\/queue\/pending/);
}

/** Collects dialogs (dismissing them) and console errors, so a test can assert nothing ran. */
export function watch(page: BrowserPage) {
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { dialogs, errors };
}
