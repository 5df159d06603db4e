/**
 * HTTP ingest benchmark: the demo as a real server (one or more processes), comment POSTs with valid
 * form tokens, each from its own address (X-Forwarded-For, the demo trusting the loopback proxy),
 * concurrency C, for S seconds, with N submissions already stored. Reports accepted/s, p50/p99 of the
 * POSTs, the longest event-loop stall and the peak RSS of each server, and its start-up time.
 *
 *   node --import tsx scripts/ingest-bench.ts --store lowdb --stored 0,10000,100000
 *   node --import tsx scripts/ingest-bench.ts --store postgres --database postgres://… --stored 1000000 --instances 2
 *
 * Its own load client: each request needs a form token, made here with the site secret the bench writes
 * into the store before the servers start (issued 20 s earlier, as a reader who took time to type).
 * The store is filled directly (synthetic comments normalised once and varied by sender, address, post
 * and time over the last 60 days), not through the pipeline, so filling 1M takes minutes, not hours.
 * The runs of one size share the data: the first start-up has no saved learned state (the knowledge
 * replay rebuilds it from the newest stored submissions), later ones restart a site that saved it; the
 * table gives each run's start-up besides the median.
 *
 * Options: --runs R (3), --seconds S (15), --concurrency C (8), --instances N (1), --fill-cache DIR (lowdb:
 * keep each filled folder there and copy it next time), --node-args a,b (node options for the servers,
 * e.g. --cpu-prof,--cpu-prof-dir=/tmp/prof).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDoorkeep } from '../plugin/doorkeep.js';
import { createFormToken } from '../plugin/form-token.js';
import { normalizeSubmission } from '../plugin/normalize/submission.js';
import { createLowdbStore } from '../plugin/store/lowdb-store.js';
import { createPostgresStore } from '../plugin/store/postgres-store.js';
import type { StoredSubmission } from '../plugin/types.js';
import { next, posts } from './synthetic.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++) {
  const value = process.argv[i + 1];
  const flagOnly = value === undefined || (value.startsWith('--') && process.argv[i] !== '--node-args');
  args.set(process.argv[i]!.replace(/^--/, ''), flagOnly ? '' : value);
  if (!flagOnly) i++;
}
const kind = (args.get('store') ?? 'lowdb') as 'lowdb' | 'postgres';
const sizes = (args.get('stored') ?? '0').split(',').map(Number);
const instances = Number(args.get('instances') ?? 1);
const concurrency = Number(args.get('concurrency') ?? 8);
const seconds = Number(args.get('seconds') ?? 15);
const runs = Number(args.get('runs') ?? 3);
/** Extra node options for the servers, e.g. `--node-args --cpu-prof,--cpu-prof-dir=/tmp/prof` (comma-separated). */
const nodeArgs = (args.get('node-args') ?? '').split(',').filter(Boolean);
/** PostgreSQL: keep the filled schema (dk_bench_N) after the run; reuse one kept earlier instead of filling again. */
const keep = args.has('keep');
const reuse = args.has('reuse');
/** Seconds of load before the measured window (connections opened, code warmed). */
const warmup = Number(args.get('warmup') ?? 0);
/** PostgreSQL: after the HTTP runs, time this many moderate() calls in this process against the same database (0: none). */
const moderateCalls = Number(args.get('moderate') ?? 0);
const database = args.get('database') ?? process.env.DOORKEEP_BENCH_DATABASE_URL ?? '';
if (kind === 'postgres' && !database) throw new Error('--database postgres://… (or DOORKEEP_BENCH_DATABASE_URL) is needed for --store postgres');

let SECRET = randomBytes(32).toString('base64url');
/** lowdb: keep each filled folder here and copy it for later invocations (filling 100k takes minutes). */
const fillCache = args.get('fill-cache');
const DAY = 86_400_000;

/**
 * Synthetic stored submissions: 2,000 normalised comments, varied into as many records as asked. Each copy has
 * 40% of its words replaced (a seeded pick from the bases' words), so copies of one base are not near-duplicates
 * (Dice well under 0.7) and the template index sees distinct texts, as on a real site, not 500 copies of each.
 */
function* records(count: number, now: number): Generator<StoredSubmission> {
  const base = Array.from({ length: Math.min(2000, Math.max(1, count)) }, (_, i) => normalizeSubmission(next(), `base-${i}`, new Date(now).toISOString()));
  const words = [...new Set(base.flatMap((b) => b.text.split(' ')))];
  let seed = 0x9e3779b9;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  for (let i = 0; i < count; i++) {
    const template = base[i % base.length]!;
    const text = template.text.split(' ').map((w) => (random() < 0.4 ? words[Math.floor(random() * words.length)]! : w)).join(' ');
    const b = { ...template, text, content: `<p>${text.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</p>` };
    const at = new Date(now - Math.floor(((i * 7919) % count) / Math.max(1, count) * 60 * DAY) - 60_000).toISOString();
    const status = i % 10 === 0 ? 'spam' : i % 17 === 0 ? 'pending' : 'approved';
    const signals = [
      { filter: 'relevance', score: -0.4, reason: 'Shares 6 words with the post.', evidence: { shared: 6 } },
      { filter: 'classifier', score: status === 'spam' ? 1.6 : -0.3, reason: 'Learned words lean one way.', evidence: { probability: status === 'spam' ? 0.9 : 0.2 } },
    ];
    yield {
      ...b,
      id: `fill-${i}-${randomBytes(4).toString('hex')}`,
      postId: posts[i % posts.length]!.id,
      author: { name: `${b.author.name} ${i}`, email: `fill${i}@example${i % 97}.org`, url: b.author.url },
      ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      receivedAt: at,
      status,
      score: signals.reduce((sum, s) => sum + s.score, 0),
      reasons: [signals[1]!.reason],
      signals,
      receipt: randomBytes(18).toString('base64url'),
      history: [{ at, type: 'verdict', by: 'doorkeep', status, score: 0, signals }],
      updatedAt: at,
    };
  }
}

async function fill(count: number): Promise<{ env: Record<string, string>; cleanup: () => Promise<void>; fillSeconds: number }> {
  const started = performance.now();
  const now = Date.now();
  if (kind === 'lowdb') {
    const dir = await mkdtemp(join(tmpdir(), 'dk-ingest-'));
    const file = join(dir, 'doorkeep.json');
    const cached = fillCache ? join(fillCache, `lowdb-${count}`) : undefined;
    if (cached && (await stat(join(cached, 'secret')).catch(() => undefined))) {
      await cp(cached, dir, { recursive: true });
      SECRET = (await readFile(join(cached, 'secret'), 'utf8')).trim();
      return { env: { DOORKEEP_DATA: file }, cleanup: () => rm(dir, { recursive: true, force: true }), fillSeconds: 0 };
    }
    const store = createLowdbStore(file, { writeDelayMs: 5 });
    await store.open();
    await store.setState('secret', SECRET);
    let batch: Promise<void>[] = [];
    for (const s of records(count, now)) {
      batch.push(store.add(s));
      if (batch.length >= 5000) {
        await Promise.all(batch);
        batch = [];
      }
    }
    await Promise.all(batch);
    await store.close();
    if (cached) {
      await cp(dir, cached, { recursive: true });
      await writeFile(join(cached, 'secret'), SECRET);
    }
    return { env: { DOORKEEP_DATA: file }, cleanup: () => rm(dir, { recursive: true, force: true }), fillSeconds: (performance.now() - started) / 1000 };
  }
  const schema = `dk_bench_${count}`;
  const admin = new pg.Pool({ connectionString: database, max: 1 });
  const url = new URL(database);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const env = { DOORKEEP_DATABASE_URL: url.toString() };
  const cleanup = async () => {
    if (!keep) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  };
  const store = createPostgresStore({ connectionString: url.toString(), maxConnections: 4 });
  const filled = reuse && (await admin.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [schema])).rowCount === 1;
  if (filled) {
    // Draw the bases as a fill would, so the load stream continues after them and does not repeat their texts.
    for (let i = 0; i < Math.min(2000, Math.max(1, count)); i++) next();
    // A schema kept by an earlier --keep run: back to its filled state (what load runs added removed, learned state forgotten).
    await store.open();
    await store.pool.query(`DELETE FROM doorkeep_submissions WHERE id NOT LIKE 'fill-%'`);
    // The shared template index: entries of the filled rows stay (indexed by the first start), the rest go with their campaigns.
    await store.pool.query(`DELETE FROM doorkeep_template_bands b USING doorkeep_template_entries e
      WHERE e.id NOT LIKE 'fill-%' AND b.band_key = ANY(e.band_keys) AND b.seq = e.seq`);
    await store.pool.query(`DELETE FROM doorkeep_template_entries WHERE id NOT LIKE 'fill-%'`);
    await store.pool.query('UPDATE doorkeep_template_entries SET cluster_id = NULL WHERE cluster_id IS NOT NULL');
    await store.pool.query('TRUNCATE doorkeep_template_campaigns');
    await store.pool.query(`DELETE FROM doorkeep_state_entries WHERE key LIKE 'knowledge.%'`);
    await store.pool.query(`DELETE FROM doorkeep_state WHERE key LIKE 'knowledge.%'`);
    await store.pool.query('TRUNCATE doorkeep_tokens, doorkeep_counters');
    await store.setState('secret', SECRET);
    await store.pool.query('VACUUM ANALYZE doorkeep_submissions');
    // The rows of the template index deleted above would otherwise be dead entries every band look-up steps over.
    await store.pool.query('VACUUM ANALYZE doorkeep_template_entries, doorkeep_template_bands, doorkeep_template_campaigns');
    await store.close();
    return { env, cleanup, fillSeconds: 0 };
  }
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.query(`CREATE SCHEMA ${schema}`);
  await store.open();
  await store.setState('secret', SECRET);
  let chunk: StoredSubmission[] = [];
  const inFlight: Promise<number>[] = [];
  for (const s of records(count, now)) {
    chunk.push(s);
    if (chunk.length >= 5000) {
      inFlight.push(store.importSubmissions(chunk));
      chunk = [];
      if (inFlight.length >= 2) await inFlight.shift();
    }
  }
  inFlight.push(store.importSubmissions(chunk));
  await Promise.all(inFlight);
  await store.pool.query('VACUUM ANALYZE doorkeep_submissions');
  await store.close();
  return { env, cleanup, fillSeconds: (performance.now() - started) / 1000 };
}

interface Server { child: ChildProcess; base: string; startup: number; output: () => string }

function startServer(env: Record<string, string>): Promise<Server> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'demo-site/server.ts'], {
      env: { ...process.env, PORT: '0', DOORKEEP_ADMIN_PASSWORD: 'bench-password-123', DOORKEEP_TRUST_PROXY: 'loopback', DOORKEEP_REPORT_EVENT_LOOP: '1', ...env },
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      const m = /on http:\/\/localhost:(\d+)\//.exec(out);
      if (m) resolve({ child, base: `http://127.0.0.1:${m[1]}`, startup: (performance.now() - started) / 1000, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

function stopServer(server: Server): Promise<{ stall: number; rss: number }> {
  return new Promise((resolve) => {
    server.child.removeAllListeners('exit');
    server.child.on('exit', () => {
      const m = /event-loop max delay: ([\d.]+) ms; peak RSS (\d+) MB/.exec(server.output());
      resolve({ stall: m ? Number(m[1]) : NaN, rss: m ? Number(m[2]) : NaN });
    });
    server.child.kill('SIGTERM');
  });
}

let sent = 0;
async function load(servers: Server[], seconds: number): Promise<{ accepted: number; failed: number; latencies: number[]; elapsed: number }> {
  const latencies: number[] = [];
  let accepted = 0;
  let failed = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  const worker = async (w: number) => {
    while (performance.now() < until) {
      const n = sent++;
      const server = servers[(w + n) % servers.length]!;
      const post = posts[n % posts.length]!;
      const input = next();
      const body = new URLSearchParams({
        dk_token: createFormToken(SECRET, new Date(Date.now() - 20_000)),
        author: `${input.author?.name ?? 'Reader'} ${n}`,
        email: `load${n}-${process.pid}@example.org`,
        comment: (input.content ?? '').replaceAll('<p>', '').replaceAll('</p>', ' ').trim(),
      });
      const t0 = performance.now();
      try {
        const res = await fetch(`${server.base}/posts/${post.id}/comments`, {
          method: 'POST', body, redirect: 'manual',
          headers: { 'x-forwarded-for': `172.${16 + ((n >> 16) & 15)}.${(n >> 8) & 255}.${n & 255}` },
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.status < 400) accepted++;
        else failed++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return { accepted, failed, latencies, elapsed: (performance.now() - started) / 1000 };
}

/**
 * moderate() in this process on the filled PostgreSQL store, one call at a time (no HTTP, no other load):
 * start-up as a server's (knowledge replay), 30 warm-up calls, then `calls` timed, wall clock and CPU.
 */
async function timeModerate(env: Record<string, string>, calls: number): Promise<string> {
  const startup = performance.now();
  const doorkeep = await createDoorkeep({
    store: createPostgresStore({ connectionString: env.DOORKEEP_DATABASE_URL! }),
    site: { name: "Halla's notes", url: 'https://halla.example', ownerNames: ['Halla', 'Halla Jónsdóttir'] },
    getPost: (id) => posts.find((p) => p.id === id),
    listPosts: () => posts,
    retentionIntervalMs: false,
  });
  const startupSeconds = (performance.now() - startup) / 1000;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = -30; i < calls; i++) {
    const input = next();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await doorkeep.moderate({ ...input, id: undefined, author: { ...input.author, email: `moderate${i}-${process.pid}@example.org` }, ip: `192.168.${(i >> 8) & 255}.${i & 255}` });
    if (i < 0) continue;
    wall.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
  }
  await doorkeep.close();
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return `moderate() in-process on PostgreSQL: ${calls} calls, p50 ${pct(wall, 0.5).toFixed(2)} ms, p99 ${pct(wall, 0.99).toFixed(2)} ms; `
    + `CPU p50 ${pct(cpu, 0.5).toFixed(2)} ms, p99 ${pct(cpu, 0.99).toFixed(2)} ms; start-up ${startupSeconds.toFixed(1)} s`;
}

/** CPU time (ms) used so far by these processes, from /proc (Linux); 0 for a process that is gone. */
async function cpuMs(pids: number[]): Promise<number> {
  let ticks = 0;
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0); // utime, stime
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** The PostgreSQL server's processes (backends and background workers) while the servers are connected. */
async function databasePids(): Promise<number[]> {
  if (kind !== 'postgres') return [];
  const pool = new pg.Pool({ connectionString: database, max: 1 });
  try {
    return (await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity')).rows.map((r) => r.pid);
  } finally {
    await pool.end();
  }
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log(`\nHTTP ingest, ${kind}${kind === 'postgres' ? `, ${instances} instance(s)` : ''}: c=${concurrency}, ${seconds} s per run after ${warmup} s of warm-up, median of ${runs} runs`);
console.log('\n| stored | accepted/s | p50 ms | p99 ms | failed | max event-loop stall ms | start-up s | start-up s, each run | peak RSS MB (per server) | fill s |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
const notes: string[] = [];
for (const size of sizes) {
  const { env, cleanup, fillSeconds } = await fill(size);
  const rows: { rate: number; p50: number; p99: number; failed: number; stall: number; startup: number; rss: number; cpu: { server: number; db: number; client: number } }[] = [];
  for (let r = 0; r < runs; r++) {
    const servers = await Promise.all(Array.from({ length: instances }, () => startServer(env)));
    if (warmup > 0) await load(servers, warmup);
    // Where the CPU goes during the measured window: the app servers, PostgreSQL, this load client.
    const serverPids = servers.map((server) => server.child.pid!);
    const dbPids = await databasePids();
    const before = { server: await cpuMs(serverPids), db: await cpuMs(dbPids), client: process.cpuUsage() };
    const result = await load(servers, seconds);
    const clientUsed = process.cpuUsage(before.client);
    const perAccepted = (ms: number) => ms / Math.max(1, result.accepted);
    const cpu = {
      server: perAccepted((await cpuMs(serverPids)) - before.server),
      db: perAccepted((await cpuMs(dbPids)) - before.db),
      client: perAccepted((clientUsed.user + clientUsed.system) / 1000),
    };
    const stops = await Promise.all(servers.map(stopServer));
    const sorted = result.latencies.sort((a, b) => a - b);
    rows.push({
      rate: result.accepted / result.elapsed, p50: pct(sorted, 0.5), p99: pct(sorted, 0.99), failed: result.failed,
      stall: Math.max(...stops.map((s) => s.stall)), startup: Math.max(...servers.map((s) => s.startup)), rss: Math.max(...stops.map((s) => s.rss)), cpu,
    });
  }
  const m = (f: (row: (typeof rows)[number]) => number) => median(rows.map(f));
  if (rows.length) {
    notes.push(`${size.toLocaleString('en')} stored: CPU per accepted request (median of runs): app servers ${m((x) => x.cpu.server).toFixed(1)} ms, `
      + `${kind === 'postgres' ? `PostgreSQL ${m((x) => x.cpu.db).toFixed(1)} ms, ` : ''}load client ${m((x) => x.cpu.client).toFixed(1)} ms`);
  }
  if (kind === 'postgres' && moderateCalls > 0) notes.push(`${size.toLocaleString('en')} stored: ${await timeModerate(env, moderateCalls)}`);
  if (rows.length) console.log(`| ${size.toLocaleString('en')} | ${m((x) => x.rate).toFixed(0)} | ${m((x) => x.p50).toFixed(1)} | ${m((x) => x.p99).toFixed(1)} | ${rows.reduce((s, x) => s + x.failed, 0)} | ${m((x) => x.stall).toFixed(0)} | ${m((x) => x.startup).toFixed(1)} | ${rows.map((x) => x.startup.toFixed(1)).join(' · ')} | ${m((x) => x.rss).toFixed(0)} | ${fillSeconds.toFixed(0)} |`);
  await cleanup();
}
if (notes.length) console.log(`\n${notes.join('\n')}`);
console.log(`\nload average ${loadavg().map((n) => n.toFixed(1)).join(' ')} at the end`);
