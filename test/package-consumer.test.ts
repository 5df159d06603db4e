/**
 * Doorkeep as a host installs it: `npm pack` (prepack builds dist/), the tarball installed into a fresh
 * folder, then an ES module app, a CommonJS app and a strict TypeScript app that each mount comments(),
 * admin() and publicPages() and post one comment; the installed `doorkeep` command; and `npm start`
 * stopping within 5 s, store flushed, on SIGTERM and SIGINT sent to the npm process.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLowdbStore } from '../plugin/store/lowdb-store.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
/** Runs the TypeScript app once tsc has checked it (type stripping only). */
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const STATUSES = ['approved', 'pending', 'pitch', 'spam', 'discard'];

async function versionOf(name: string): Promise<string> {
  return JSON.parse(await readFile(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/** The part every app shares: a site, one post, the three routers, one comment posted, the answers printed as JSON. */
const SETUP = `
const posts = { p1: { id: 'p1', title: 'Why I still publish an RSS feed', body: 'RSS lets readers follow a site without an algorithm in between.' } };
const options = {
  store: createMemoryStore(),
  site: { name: 'Consumer', url: 'https://consumer.example' },
  getPost: (id) => posts[id],
  listPosts: () => Object.values(posts),
  secret: 'consumer-secret-0123456789',
  admin: { password: 'consumer password' },
  retentionIntervalMs: false,
};`;

const EXERCISE = `
  const server = app.listen(0, '127.0.0.1');
  await new Promise((done) => server.once('listening', done));
  const base = 'http://127.0.0.1:' + server.address().port;
  const comment = await fetch(base + '/posts/p1/comments', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ author: 'Mira', email: 'mira@example.org', comment: 'Full-text feeds are the reason I still read this site every week.' }),
  });
  const verdict = await comment.json();
  const signIn = await fetch(base + '/admin/sign-in');
  const processing = await fetch(base + '/doorkeep/processing');
  console.log(JSON.stringify({ comment: comment.status, status: verdict.status, admin: signIn.status, processing: processing.status }));
  server.close();
  await dk.close();`;

const ESM_APP = `import express from 'express';
import { createDoorkeep, createMemoryStore } from 'doorkeep';
import { admin, publicPages } from 'doorkeep/admin';
${SETUP}
const dk = await createDoorkeep(options);
const app = express();
app.post('/posts/:id/comments', dk.comments(), (req, res) => res.status(201).json({ status: req.moderation.verdict.status }));
app.use('/admin', admin(dk));
app.use('/doorkeep', publicPages(dk));
${EXERCISE}
`;

const CJS_APP = `const express = require('express');
const { createDoorkeep, createMemoryStore } = require('doorkeep');
const { admin, publicPages } = require('doorkeep/admin');
${SETUP}
async function main() {
  const dk = await createDoorkeep(options);
  const app = express();
  app.post('/posts/:id/comments', dk.comments(), (req, res) => res.status(201).json({ status: req.moderation.verdict.status }));
  app.use('/admin', admin(dk));
  app.use('/doorkeep', publicPages(dk));
  ${EXERCISE}
}
main().catch((error) => { console.error(error); process.exit(1); });
`;

const TS_APP = `import express from 'express';
import type { AddressInfo } from 'node:net';
import { createDoorkeep, createMemoryStore, type Doorkeep, type Post, type Status } from 'doorkeep';
import { admin, publicPages, type AdminRouterOptions } from 'doorkeep/admin';

const posts: Record<string, Post> = { p1: { id: 'p1', title: 'Why I still publish an RSS feed', body: 'RSS lets readers follow a site without an algorithm in between.' } };
const dk: Doorkeep = await createDoorkeep({
  store: createMemoryStore(),
  site: { name: 'Consumer', url: 'https://consumer.example' },
  getPost: (id) => posts[id],
  listPosts: () => Object.values(posts),
  secret: 'consumer-secret-0123456789',
  admin: { password: 'consumer password' },
  retentionIntervalMs: false,
});
const adminOptions: AdminRouterOptions = { sessionHours: 8 };
// Router options are typed: a misspelt one does not compile (and would throw at creation; never called here).
// @ts-expect-error: routePatern is not a mentions() option
export const misspelt = () => dk.mentions({ routePatern: '/p/:id' });

const app = express();
app.post('/posts/:id/comments', dk.comments(), (req, res) => {
  const status: Status = req.moderation!.verdict.status; // typed through the package's own Express augmentation
  const receipt: string = req.moderation!.receipt;
  res.status(201).json({ status, receipt });
});
app.use('/admin', admin(dk, adminOptions));
app.use('/doorkeep', publicPages(dk));

const server = app.listen(0, '127.0.0.1');
await new Promise((done) => server.once('listening', done));
const base = \`http://127.0.0.1:\${(server.address() as AddressInfo).port}\`;
const comment = await fetch(\`\${base}/posts/p1/comments\`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ author: 'Mira', email: 'mira@example.org', comment: 'Full-text feeds are the reason I still read this site every week.' }),
});
const verdict = (await comment.json()) as { status: Status };
const signIn = await fetch(\`\${base}/admin/sign-in\`);
const processing = await fetch(\`\${base}/doorkeep/processing\`);
console.log(JSON.stringify({ comment: comment.status, status: verdict.status, admin: signIn.status, processing: processing.status }));
server.close();
await dk.close();
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false,
    types: ['node'], noEmit: true,
  },
  files: ['app.ts'],
};

let work: string;
let app: string;
let pack: { filename: string; size: number; unpackedSize: number; entryCount: number; files: { path: string }[] };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'dk-consumer-'));
  app = join(work, 'app');
  // npm pack runs prepack (npm run build); its JSON report is the last thing on stdout.
  const { stdout } = await run(NPM, ['pack', '--json', '--pack-destination', work], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  pack = JSON.parse(stdout.slice(stdout.indexOf('[\n')))[0];
  console.log(`doorkeep tarball: ${pack.entryCount} files, ${(pack.size / 1024).toFixed(0)} kB packed, ${(pack.unpackedSize / 1024).toFixed(0)} kB unpacked`);

  await run('mkdir', ['-p', app]);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const deps = [join(work, pack.filename), `express@${await versionOf('express')}`, `@types/express@${await versionOf('@types/express')}`, `@types/node@${await versionOf('@types/node')}`];
  await run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...deps], { cwd: app, maxBuffer: 64 * 1024 * 1024 });
  await writeFile(join(app, 'app.mjs'), ESM_APP);
  await writeFile(join(app, 'app.cjs'), CJS_APP);
  await writeFile(join(app, 'app.ts'), TS_APP);
  await writeFile(join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG));
}, 600_000);

afterAll(async () => {
  if (work && !process.env.DOORKEEP_KEEP_CONSUMER) await rm(work, { recursive: true, force: true });
});

function expectVerdict(stdout: string) {
  const answer = JSON.parse(stdout.trim().split('\n').at(-1)!);
  expect(answer).toMatchObject({ comment: 201, admin: 200, processing: 200 });
  expect(STATUSES).toContain(answer.status);
}

describe('the packed package, installed into a fresh app', () => {
  it('ships built JavaScript and types for both module systems, the admin views, and no sources, tests or demo', () => {
    const paths = pack.files.map((f) => f.path);
    for (const path of ['dist/esm/plugin/index.js', 'dist/esm/plugin/index.d.ts', 'dist/cjs/plugin/index.js', 'dist/cjs/plugin/index.d.ts',
      'dist/esm/admin/index.js', 'dist/cjs/admin/index.js', 'dist/esm/admin/views/layout.ejs', 'dist/cjs/admin/assets/admin.css', 'bin/doorkeep.js']) {
      expect(paths).toContain(path);
    }
    expect(paths.filter((p) => /\.ts$/.test(p) && !/\.d\.c?ts$/.test(p))).toEqual([]);
    expect(paths.filter((p) => /^(test|demo-site|docs|scripts|data)\/|\/demo-site\/|\.png$/.test(p))).toEqual([]);
  });

  it('works from an ES module app with import', async () => {
    expectVerdict((await run(process.execPath, ['app.mjs'], { cwd: app })).stdout);
  });

  it('works from a CommonJS app with require', async () => {
    expectVerdict((await run(process.execPath, ['app.cjs'], { cwd: app })).stdout);
  });

  it('type-checks a strict TypeScript app (req.moderation typed by the package) and runs it', async () => {
    await run(process.execPath, [TSC, '--noEmit', '-p', '.'], { cwd: app });
    expectVerdict((await run(process.execPath, ['--import', TSX, 'app.ts'], { cwd: app })).stdout);
  }, 180_000);

  it('installs the doorkeep command: usage on --help, and a batch run', async () => {
    const help = await run(NPM, ['exec', '--no', '--', 'doorkeep', 'moderate', '--help'], { cwd: app });
    expect(help.stdout).toMatch(/^Usage: doorkeep moderate/);
    expect((await run(NPM, ['exec', '--no', '--', 'doorkeep', '--help'], { cwd: app })).stdout).toMatch(/^Usage: doorkeep <command>/);
    await writeFile(join(app, 'posts.jsonl'), `${JSON.stringify({ id: 'p1', title: 'Feeds', body: 'Why I still publish an RSS feed.' })}\n`);
    await writeFile(join(app, 'submissions.jsonl'), `${JSON.stringify({ id: 's1', type: 'comment', postId: 'p1', author: { name: 'Mira', email: 'mira@example.org' }, content: 'I read this site through its feed.' })}\n`);
    const batch = await run(NPM, ['exec', '--no', '--', 'doorkeep', 'moderate', '--posts', 'posts.jsonl', '--submissions', 'submissions.jsonl'], { cwd: app });
    expect(JSON.parse(batch.stdout.trim())).toMatchObject({ id: 's1' });
  }, 120_000);
});

describe('npm start', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`runs the compiled demo with node and stops within 5 s, store flushed, on ${signal} sent to npm`, async () => {
      const dataFile = join(work, `demo-${signal}`, 'doorkeep.json');
      // --ignore-scripts: dist/ was just built by npm pack's prepack; npm start itself runs the build first.
      const npm = spawn(NPM, ['start', '--ignore-scripts'], {
        cwd: ROOT,
        env: { ...process.env, PORT: '0', DOORKEEP_DATA: dataFile, DOORKEEP_ADMIN_PASSWORD: 'demo password 1234', SITE_URL: 'http://127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      npm.stdout.on('data', (chunk) => { output += chunk; });
      npm.stderr.on('data', (chunk) => { output += chunk; });
      const exited = new Promise<number | null>((done) => npm.once('exit', (code) => done(code)));
      const port = await new Promise<string>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`The demo did not start:\n${output}`)), 60_000);
        npm.stdout.on('data', () => {
          const match = /on http:\/\/localhost:(\d+)\//.exec(output);
          if (match) {
            clearTimeout(timer);
            done(match[1]!);
          }
        });
      });
      const base = `http://127.0.0.1:${port}`;
      const page = await (await fetch(`${base}/contact`)).text();
      const token = /name="dk_token" value="([^"]+)"/.exec(page)?.[1] ?? '';
      const sent = await fetch(`${base}/contact`, {
        method: 'POST', redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ name: 'Mira', email: 'mira@example.org', subject: 'Hello', message: `Sent just before ${signal}.`, dk_token: token }),
      });
      expect(sent.status).toBeLessThan(400);

      const started = Date.now();
      npm.kill(signal);
      await exited;
      expect(Date.now() - started).toBeLessThan(5000);
      await expect(fetch(base)).rejects.toThrow();

      const store = createLowdbStore(dataFile);
      await store.open();
      const { items } = await store.query({ type: 'contact-form' });
      await store.close();
      expect(items.map((s) => s.text)).toContain(`sent just before ${signal.toLowerCase()}.`);
    }, 120_000);
  }
});
