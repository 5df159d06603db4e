/**
 * Issue 11: no request may stall the others. Moderating a 65,525-character comment and reading a 1 MB mention
 * source page take tens of milliseconds of CPU; they must let the event loop turn while they work, so other
 * visitors are served in between (plugin/pipeline/slices.ts). The figures (extra wait of a GET / during such
 * requests, ≤ 100 ms) come from `npm run bench:adversarial`; this guard checks that the loop turns during the
 * work at all, and that no stretch without a turn lasts seconds (a generous bound, so it does not flake).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Doorkeep } from '../plugin/api.js';
import { readSourcePageSteps } from '../plugin/mentions/source-page.js';
import { verifyLinkSteps } from '../plugin/mentions/verify-link.js';
import { CONTENT_LIMIT, PAGE_LIMIT, hostilePageWithLink, ordinaryPage, ordinaryText, repeatTo } from '../scripts/adversarial-shapes.js';
import { startPeer, type Peer } from './helpers/http-peer.js';
import { TARGET } from './helpers/mention-pages.js';
import { makeMentionsApp, type MentionsSetup } from './helpers/mentions-app.js';
import { makeDoorkeep } from './support/doorkeep.js';

/** A stretch of work that never lets the event loop turn for this long fails the guard (the stalls of issue 11 were 0.5–40 s). */
const LONGEST_STRETCH_MS = 1500;

/** Counts the turns of the event loop while `work` runs, and the longest stretch between two turns. */
async function turnsDuring(work: () => Promise<unknown>): Promise<{ turns: number; longest: number }> {
  let turns = 0;
  let longest = 0;
  let last = performance.now();
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    turns++;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    await work();
  } finally {
    running = false;
  }
  longest = Math.max(longest, performance.now() - last);
  return { turns, longest };
}

describe(`a comment of ${CONTENT_LIMIT} characters`, () => {
  let dk: Doorkeep;
  beforeAll(async () => {
    dk = await makeDoorkeep();
  });
  afterAll(() => dk.close());

  let n = 0;
  const moderate = (content: string) => () => dk.moderate({ type: 'comment', postId: 'newsletters', author: { name: 'Sam', email: `sam${n++}@mail.example` }, ip: '203.0.113.9', content });

  it.each([
    ['ordinary text', ordinaryText(CONTENT_LIMIT)],
    ...['<', '<a ', '&', '&a', '<p ', 'a\n', '<p>a</p>', 'ab-', 'aa.', 'www.'].map((unit) => [JSON.stringify(unit), repeatTo(unit, CONTENT_LIMIT)]),
  ])('of %s lets other requests in while it is moderated', async (_label, content) => {
    const { turns, longest } = await turnsDuring(moderate(content));
    expect(turns).toBeGreaterThanOrEqual(3);
    expect(longest).toBeLessThan(LONGEST_STRETCH_MS);
  });

  it('three at once take turns with the others', async () => {
    const content = repeatTo('<a ', CONTENT_LIMIT);
    const { turns, longest } = await turnsDuring(() => Promise.all([0, 1, 2].map(() => moderate(content)())));
    expect(turns).toBeGreaterThanOrEqual(9);
    expect(longest).toBeLessThan(LONGEST_STRETCH_MS);
  });
});

describe(`a webmention whose source page is ${PAGE_LIMIT} bytes`, () => {
  let peer: Peer;
  let setup: MentionsSetup;
  beforeAll(async () => {
    peer = await startPeer();
    setup = await makeMentionsApp();
  });
  afterAll(async () => {
    await setup.dk.close();
    await peer.close();
  });

  it.each([
    ['ordinary', ordinaryPage(PAGE_LIMIT, TARGET)],
    ...['<a href="x">', '<a ', '<', '<p '].map((unit) => [JSON.stringify(unit), hostilePageWithLink(unit, PAGE_LIMIT, TARGET)]),
  ])('of %s is read and verified in steps', async (label, page) => {
    const path = `/page-${encodeURIComponent(label)}`;
    peer.html(path, page);
    let location = '';
    const { turns, longest } = await turnsDuring(async () => {
      const res = await request(setup.app).post('/webmention').type('form').send({ source: peer.url(path), target: TARGET });
      expect(res.status).toBe(201);
      location = res.headers.location!;
      await setup.router.webmentions.idle();
    });
    expect(turns).toBeGreaterThanOrEqual(3);
    expect(longest).toBeLessThan(LONGEST_STRETCH_MS);
    const status = await request(setup.app).get(location).set('accept', 'application/json').expect(200);
    expect(status.body).toMatchObject({ state: 'accepted' });
  });

  it.each(['ordinary', '<a href="x">', '<a ', '<', '<p ', '<title>'])('reads a page of %j in steps', (unit) => {
    const page = unit === 'ordinary' ? ordinaryPage(PAGE_LIMIT, TARGET) : hostilePageWithLink(unit, PAGE_LIMIT, TARGET);
    const count = (steps: Generator<unknown, unknown>) => {
      let n = 0;
      while (!steps.next().done) n++;
      return n;
    };
    expect(count(readSourcePageSteps(page, 'https://source.example/page'))).toBeGreaterThanOrEqual(2);
    if (unit !== '<title>' && unit !== '<a ') expect(count(verifyLinkSteps(page, TARGET, 'https://source.example/page'))).toBeGreaterThanOrEqual(3);
  });
});
