/**
 * npm run bench:adversarial — issue 11's hostile inputs at the field limits, against ordinary text of the
 * same length:
 *   1. normalization (whole, and its longest step between two yields), each filter, learning (observe) and the
 *      whole pipeline (moderate) on 65,525-character comments made of one short unit repeated, reported as a
 *      ratio to ordinary text (target ≤ 5×);
 *   2. a mention's 1 MB source page (verifyLink, readSourcePage) of the same kind, with the longest step each
 *      runs without letting other requests in;
 *   3. the demo app on 127.0.0.1: GET / sent again and again while three 65,525-character comments (ordinary
 *      text, then each hostile shape) or a webmention with a 1 MB source page are handled; reported as the
 *      extra wait of the longest GET over an idle GET (target ≤ 100 ms), with how long the event loop was blocked.
 * Medians of --rounds runs (default 3). Options: --rounds N  --only units|pages|stall
 */
import { once } from 'node:events';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createDoorkeep } from '../plugin/doorkeep.js';
import { createKnowledge } from '../plugin/knowledge/index.js';
import { readSourcePage, readSourcePageSteps } from '../plugin/mentions/source-page.js';
import { verifyLink, verifyLinkSteps } from '../plugin/mentions/verify-link.js';
import { normalizeSteps, normalizeSubmission } from '../plugin/normalize/submission.js';
import { buildFilters } from '../plugin/pipeline/build-filters.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import type { Context, Post, StatusCounts } from '../plugin/types.js';
import { createDemoApp } from '../demo-site/app.js';
import { CONTENT_LIMIT, CONTENT_UNITS, PAGE_LIMIT, PAGE_UNITS, hostilePageWithLink, ordinaryPage, ordinaryText, repeatTo } from './adversarial-shapes.js';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}
const ROUNDS = Number(arg('rounds', '3'));
const ONLY = arg('only', 'all');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
const show = (unit: string) => JSON.stringify(unit).slice(1, -1).padEnd(12);

const POSTS: Post[] = [{ id: 'newsletters', title: 'Email newsletters that respect readers', body: 'A newsletter is a promise: write when you have something to say, make unsubscribing one click, never sell the list.', tags: ['email'] }];
const SITE = { name: 'Halla writes', url: 'https://halla.example', ownerNames: ['Halla'] };

/** Runs `fn` (errors count: a refusal is an answer), so the time is what the request would cost. */
function attempt(fn: () => unknown): void {
  try {
    fn();
  } catch { /* refused input (400/413) */ }
}

/**
 * CPU time of this process in ms (user + system). Sections 1 and 2 time work in CPU time: on a shared machine
 * wall time also counts the time other processes had the core, which made the ratios swing tenfold.
 */
function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Median over ROUNDS samples of one call's CPU time. A sample repeats the call until it has run 10 ms (at most 50
 * calls) and divides, so stages that take a fraction of a millisecond are not one timer tick or one GC away
 * from a tenfold ratio.
 */
function time(fn: () => unknown): number {
  attempt(fn); // warm-up: JIT and caches, so the median compares steady states
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = cpuNow();
    let calls = 0;
    do {
      attempt(fn);
      calls++;
    } while (calls < 50 && cpuNow() - t0 < 10);
    times.push((cpuNow() - t0) / calls);
  }
  return median(times);
}

/** The longest single step of a step generator (what runs between two yields to the event loop), median of rounds. */
function longestStep(steps: () => Generator<unknown, unknown>): number {
  const run = () => {
    let longest = 0;
    try {
      const it = steps();
      for (;;) {
        const t0 = cpuNow();
        const next = it.next();
        longest = Math.max(longest, cpuNow() - t0);
        if (next.done) break;
      }
    } catch { /* refused input */ }
    return longest;
  };
  run();
  return median(Array.from({ length: ROUNDS }, run));
}

async function timeAsync(fn: (round: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  await fn(-1).catch(() => undefined);
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    await fn(r).catch(() => undefined);
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function units(): Promise<{ worst: number }> {
  const doorkeep = await createDoorkeep({ store: createMemoryStore(), site: SITE, getPost: (id) => POSTS.find((p) => p.id === id), listPosts: () => POSTS, secret: 'bench-secret-0123456789', retentionIntervalMs: false });
  const settings = doorkeep.settings();
  const filters = buildFilters(settings, { secret: 'bench-secret-0123456789' });
  const knowledge = createKnowledge(createMemoryStore(), SITE, POSTS);
  const none: StatusCounts = { approved: 0, pending: 0, pitch: 0, spam: 0, discard: 0 } as StatusCounts;
  const context: Context = { post: POSTS[0]!, site: SITE, sender: { byEmail: none, byIp: none, byUrlHost: none, recent: [] }, knowledge: knowledge.view, settings, now: new Date(), formTokenSeen: false };
  const stages = ['normalize', 'norm step', ...filters.map((f) => f.name), 'observe', 'pipeline'];
  let n = 0;
  const input = (content: string) => ({ type: 'comment' as const, postId: 'newsletters', author: { name: 'Sam', email: `sam${n++}@mail.example`, url: '' }, ip: `203.0.113.${n % 250}`, userAgent: 'Mozilla/5.0', content });

  async function measure(content: string): Promise<number[]> {
    const row: number[] = [];
    row.push(time(() => normalizeSubmission(input(content), 'x', new Date().toISOString())));
    row.push(longestStep(() => normalizeSteps(input(content), 'x', new Date().toISOString())));
    let submission;
    try {
      submission = normalizeSubmission(input(content), 'x', new Date().toISOString());
    } catch {
      submission = undefined; // refused at the door (empty after trimming): no filter runs
    }
    for (const filter of filters) row.push(submission ? time(() => filter.check(submission, context)) : 0);
    row.push(submission ? time(() => knowledge.observe({ ...submission, id: `observed-${n++}`, status: 'approved', score: 0, reasons: [], signals: [], receipt: 'r', history: [], updatedAt: submission.receivedAt })) : 0);
    row.push(await timeAsync(() => doorkeep.moderate(input(content))));
    return row;
  }

  const ordinary = await measure(ordinaryText(CONTENT_LIMIT));
  console.log(`\n1. Comment content of ${CONTENT_LIMIT.toLocaleString('en')} characters: CPU ms (median of ${ROUNDS}); ratio = worst shape / ordinary text, per stage.`);
  console.log('   norm step = the longest step normalization runs between two yields; pipeline = moderate() in wall time (ms), with');
  console.log('   the pauses in which other requests are served (plugin/pipeline/slices.ts).');
  console.log(`${'shape'.padEnd(12)} ${stages.map((s) => s.slice(0, 10).padStart(10)).join(' ')}   ratio(pipeline)`);
  console.log(`${'ordinary'.padEnd(12)} ${ordinary.map((t) => fmt(t).padStart(10)).join(' ')}`);
  const worstPerStage = stages.map(() => 0);
  const worstUnit = stages.map(() => '');
  const rows: number[][] = [];
  for (const unit of CONTENT_UNITS) {
    const row = await measure(repeatTo(unit, CONTENT_LIMIT));
    rows.push(row);
    row.forEach((t, i) => {
      const ratio = t / Math.max(ordinary[i]!, 1);
      if (ratio > worstPerStage[i]!) { worstPerStage[i] = ratio; worstUnit[i] = unit; }
    });
    console.log(`${show(unit)} ${row.map((t) => fmt(t).padStart(10)).join(' ')}   ${(row.at(-1)! / ordinary.at(-1)!).toFixed(2)}×`);
  }
  console.log('\nWorst ratio per stage (to ordinary text; stages under 1 ms of ordinary time are compared to 1 ms):');
  let worst = 0;
  let worstAt = '';
  stages.forEach((s, i) => {
    if (s === 'norm step') return; // the longest step is reported below, not as a stage
    console.log(`  ${s.padEnd(13)} ${worstPerStage[i]!.toFixed(2)}×  (${JSON.stringify(worstUnit[i])})`);
    if (worstPerStage[i]! > worst) { worst = worstPerStage[i]!; worstAt = `${s}, ${JSON.stringify(worstUnit[i])}`; }
  });
  const step = stages.indexOf('norm step');
  const steps = [ordinary[step]!, ...rows.map((row) => row[step]!)];
  const longest = Math.max(...steps);
  console.log(`Worst per-stage ratio: ${worst.toFixed(2)}× (${worstAt}); target ≤ 5×.`);
  console.log(`Longest normalization step between two yields: ${fmt(longest)} ms (${longest === steps[0] ? 'ordinary text' : JSON.stringify(CONTENT_UNITS[steps.indexOf(longest) - 1])}).`);
  await doorkeep.close();
  return { worst };
}

function pages(): { worst: number } {
  const target = 'https://halla.example/posts/newsletters';
  const pageUrl = 'https://source.example/page';
  const measure = (page: string) => [
    time(() => verifyLink(page, target, pageUrl)),
    time(() => readSourcePage(page, pageUrl, target)),
    Math.max(longestStep(() => verifyLinkSteps(page, target, pageUrl)), longestStep(() => readSourcePageSteps(page, pageUrl, target))),
  ];
  const ordinary = measure(ordinaryPage(PAGE_LIMIT, target));
  console.log(`\n2. A mention's ${PAGE_LIMIT.toLocaleString('en')}-byte source page: verifyLink (is the link there?) and readSourcePage (text, outbound links); CPU ms (median of ${ROUNDS})`);
  console.log(`${'page of'.padEnd(14)} ${'verifyLink'.padStart(10)} ${'ratio'.padStart(7)} ${'readSource'.padStart(10)} ${'ratio'.padStart(7)} ${'longest step'.padStart(12)}`);
  console.log(`${'ordinary'.padEnd(14)} ${fmt(ordinary[0]!).padStart(10)} ${''.padStart(7)} ${fmt(ordinary[1]!).padStart(10)} ${''.padStart(7)} ${fmt(ordinary[2]!).padStart(12)}`);
  let worst = 0;
  let worstUnit = '';
  for (const unit of PAGE_UNITS) {
    const row = measure(repeatTo(unit, PAGE_LIMIT));
    const ratios = [row[0]! / Math.max(ordinary[0]!, 1), row[1]! / Math.max(ordinary[1]!, 1)];
    if (Math.max(...ratios) > worst) { worst = Math.max(...ratios); worstUnit = unit; }
    console.log(`${show(unit).padEnd(14)} ${fmt(row[0]!).padStart(10)} ${`${ratios[0]!.toFixed(2)}×`.padStart(7)} ${fmt(row[1]!).padStart(10)} ${`${ratios[1]!.toFixed(2)}×`.padStart(7)} ${fmt(row[2]!).padStart(12)}`);
  }
  console.log(`Worst ratio: ${worst.toFixed(2)}× (${JSON.stringify(worstUnit)})`);
  return { worst };
}

const FORM_INPUT = /<input\b[^<>]*>/g;
function formFields(html: string): Record<string, string> {
  const form = html.slice(html.indexOf('<form'), html.indexOf('</form>'));
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(FORM_INPUT)) {
    const name = /\sname="([^"]*)"/.exec(tag)?.[1];
    if (name) fields[name] = /\svalue="([^"]*)"/.exec(tag)?.[1]?.replace(/&amp;/g, '&') ?? '';
  }
  return fields;
}

/** Hostile comment shapes sent three at a time through the demo (the costliest ones of section 1 among them). */
const STALL_UNITS = ['ab-', '<', '<a<', '<a ', 'aa.', 'www.', 'a1.', '1x', '&', '&a', '<p ', '<!--', '</', 'a dot ', 'a\n', '<p>a</p>', '<a href=x>', 'A b '];
/** Source page shapes for webmentions through the demo. */
const STALL_PAGES = ['<a ', '<a href="x">', '<img src=', '<title>', '<p ', '<', '</a'];

async function stall(): Promise<{ worst: number }> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const demo = await createDemoApp({ store: createMemoryStore(), siteUrl: base, fetchAllow: ['127.0.0.1'], retentionIntervalMs: false });
  server.on('request', demo.app);
  const post = demo.posts[0]!;

  let pageUnit = '<a ';
  const source: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(pageUnit === 'ordinary' ? ordinaryPage(PAGE_LIMIT, post.permalink!) : hostilePageWithLink(pageUnit, PAGE_LIMIT, post.permalink!));
  });
  source.listen(0, '127.0.0.1');
  await once(source, 'listening');
  const sourceBase = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;

  /** GET / on a fresh connection, so no socket is shared with the hostile requests. */
  const getHome = () => new Promise<void>((done, fail) => {
    get(`${base}/`, { agent: false }, (res) => {
      res.resume();
      res.on('end', done);
    }).on('error', fail);
  });

  /**
   * GET / again and again (2 ms apart) while `during` runs: the longest GET, how late a 1 ms timer fired at
   * worst (monitorEventLoopDelay), and the most CPU time the process spent between two firings of a 1 ms timer
   * (the longest block in CPU time: on a shared machine wall time also counts the time other processes had
   * the core, CPU time does not).
   */
  async function probe(during: () => Promise<void>): Promise<{ max: number; p50: number; count: number; loop: number; cpu: number }> {
    const latencies: number[] = [];
    let running = true;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    let cpuMax = 0;
    let lastCpu = process.cpuUsage();
    const cpuTick = setInterval(() => {
      const now = process.cpuUsage();
      cpuMax = Math.max(cpuMax, (now.user - lastCpu.user + now.system - lastCpu.system) / 1000);
      lastCpu = now;
    }, 1);
    const loop = (async () => {
      while (running) {
        const t0 = performance.now();
        await getHome();
        latencies.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    try {
      await during();
    } finally {
      running = false;
      await loop;
      delay.disable();
      clearInterval(cpuTick);
    }
    return { max: Math.max(...latencies), p50: median(latencies), count: latencies.length, loop: delay.max / 1e6, cpu: cpuMax };
  }

  const page = await (await fetch(`${base}/posts/${post.id}`)).text();
  const fields = formFields(page);
  const action = /<form\b[^<>]*action="([^"]*)"/.exec(page)?.[1] ?? `/posts/${post.id}/comments`;
  let n = 0;
  const comment = (content: string) => fetch(`${base}${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Mozilla/5.0 Firefox/128.0' },
    body: new URLSearchParams({ ...fields, author: 'Sam', email: `sam${n++}@mail.example`, comment: content }).toString(),
  }).then((r) => r.text(), () => 'refused before the body was read (too large)');
  const threeComments = (content: string) => async () => {
    await Promise.all([0, 1, 2].map(() => comment(content)));
  };
  const mention = (unit: string) => async () => {
    pageUnit = unit;
    const res = await fetch(`${base}/webmention`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ source: `${sourceBase}/${n++}`, target: post.permalink! }).toString() });
    await res.text();
    if (res.status !== 201 && res.status !== 202) throw new Error(`webmention answered ${res.status}`);
    await demo.mentions.webmentions.idle();
  };

  const scenarios: { label: string; run: () => Promise<void> }[] = [
    { label: '3 ordinary comments at once', run: threeComments(ordinaryText(CONTENT_LIMIT)) },
    ...STALL_UNITS.map((unit) => ({ label: `3 comments of ${show(unit).trim()}`, run: threeComments(repeatTo(unit, CONTENT_LIMIT)) })),
    { label: 'webmention, ordinary 1 MB page', run: mention('ordinary') },
    ...STALL_PAGES.map((unit) => ({ label: `webmention, 1 MB of ${show(unit).trim()}`, run: mention(unit) })),
  ];
  const extra = scenarios.map(() => [] as number[]);
  const blocked = scenarios.map(() => [] as number[]);
  const cpuBlocked = scenarios.map(() => [] as number[]);
  const idleP50: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const idle = await probe(() => new Promise((r) => setTimeout(r, 300)));
    idleP50.push(idle.p50);
    for (const [i, scenario] of scenarios.entries()) {
      const result = await probe(scenario.run);
      extra[i]!.push(result.max - idle.p50);
      blocked[i]!.push(result.loop);
      cpuBlocked[i]!.push(result.cpu);
    }
  }
  const idle = median(idleP50);
  console.log(`\n3. The demo on 127.0.0.1: GET / sent every 2 ms while other requests run. Extra wait = longest GET − idle GET`);
  console.log(`   (p50 ${fmt(idle)} ms); loop blocked = longest delay of a 1 ms timer; CPU block = most CPU time between two`);
  console.log(`   firings of a 1 ms timer. Medians of ${ROUNDS} rounds, ms.`);
  console.log(`${'while'.padEnd(40)} ${'extra wait'.padStart(10)} ${'loop blocked'.padStart(13)} ${'CPU block'.padStart(10)}`);
  let worst = 0;
  let worstLabel = '';
  for (const [i, scenario] of scenarios.entries()) {
    const wait = median(extra[i]!);
    if (wait > worst) { worst = wait; worstLabel = scenario.label; }
    console.log(`${scenario.label.padEnd(40)} ${fmt(wait).padStart(10)} ${fmt(median(blocked[i]!)).padStart(13)} ${fmt(median(cpuBlocked[i]!)).padStart(10)}`);
  }
  console.log(`Longest extra wait for GET /: ${fmt(worst)} ms, ${worstLabel.trim()} (target ≤ 100 ms)`);
  await demo.close();
  server.close();
  source.close();
  return { worst };
}

console.log(`Adversarial benchmark (issue 11), Node ${process.version}, ${ROUNDS} rounds`);
if (ONLY === 'all' || ONLY === 'units') await units();
if (ONLY === 'all' || ONLY === 'pages') pages();
if (ONLY === 'all' || ONLY === 'stall') await stall();
