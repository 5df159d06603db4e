/**
 * Issue 11 items 1–2: hostile shapes at the field limits must cost about what ordinary text costs. Timing
 * belongs in `npm run bench:adversarial` (ratios); this guard only fails when a case is back in the range of
 * seconds (a quadratic pattern: 5–50 s for a comment, minutes for a 1 MB page), so it does not flake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Doorkeep } from '../plugin/api.js';
import { verifyLink } from '../plugin/mentions/verify-link.js';
import { CONTENT_LIMIT, PAGE_LIMIT, PAGE_UNITS, ordinaryText, repeatTo } from '../scripts/adversarial-shapes.js';
import { makeDoorkeep } from './support/doorkeep.js';

/** Seconds one hostile case may take even on a loaded CI machine; the quadratic versions took 5 s to minutes. */
const BOUND_MS = 3000;

const WORST_CONTENT = ['ab-', '<', '<a<', '<a ', 'aa.', 'www.', 'a1.', 'a-', '[url=', '<p ', '</', '&', '1x', 'a dot ', 'a [dot] '];

let dk: Doorkeep;
beforeAll(async () => {
  dk = await makeDoorkeep();
});
afterAll(() => dk.close());

let n = 0;
async function timeModerate(content: string): Promise<number> {
  const t0 = performance.now();
  await dk.moderate({ type: 'comment', postId: 'newsletters', author: { name: 'Sam', email: `sam${n++}@mail.example` }, ip: '203.0.113.9', content }).catch(() => undefined);
  return performance.now() - t0;
}

describe(`comments of ${CONTENT_LIMIT} characters`, () => {
  it('moderates ordinary text of that length (the baseline)', async () => {
    expect(await timeModerate(ordinaryText(CONTENT_LIMIT))).toBeLessThan(BOUND_MS);
  });

  it.each(WORST_CONTENT)('moderates %j repeated within seconds, not minutes', async (unit) => {
    expect(await timeModerate(repeatTo(unit, CONTENT_LIMIT))).toBeLessThan(BOUND_MS);
  });
});

describe(`mention source pages of ${PAGE_LIMIT} bytes`, () => {
  it.each(PAGE_UNITS)('looks for the link in %j repeated within seconds', (unit) => {
    const page = repeatTo(unit, PAGE_LIMIT);
    const t0 = performance.now();
    const found = verifyLink(page, 'https://halla.example/posts/newsletters', 'https://source.example/page');
    expect(performance.now() - t0).toBeLessThan(BOUND_MS);
    expect(found.links).toBe(false);
  });
});
