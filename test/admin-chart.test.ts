import { describe, expect, it } from 'vitest';
import { drawDailyChart, niceMax } from '../admin/chart.js';
import { corrections, dailyCounts, emptyCounts, filterFirings, windowStart } from '../admin/stats-data.js';
import { makeStored } from './support/browser.js';
import type { HistoryEntry, Status } from '../plugin/types.js';

const NOW = new Date('2026-11-26T15:00:00.000Z');

function decided(auto: Status, ...changes: [Status, Status, string?][]): HistoryEntry[] {
  return [
    { at: '2026-11-25T10:00:00.000Z', type: 'verdict', by: 'doorkeep', status: auto, score: 1, signals: [] },
    ...changes.map(([from, to, by]) => ({ at: '2026-11-25T11:00:00.000Z', type: 'status' as const, by: by ?? 'admin', actor: by?.startsWith('doorkeep') ? 'doorkeep' as const : 'person' as const, from, to })),
  ];
}

describe('daily counts', () => {
  it('buckets 30 UTC days ending today by current status, ignoring older items', () => {
    expect(windowStart(NOW).toISOString()).toBe('2026-10-28T00:00:00.000Z');
    const days = dailyCounts(
      [
        makeStored({ status: 'spam', receivedAt: '2026-11-26T01:00:00.000Z' }),
        makeStored({ status: 'spam', receivedAt: '2026-11-26T14:00:00.000Z' }),
        makeStored({ status: 'approved', receivedAt: '2026-10-28T00:00:00.000Z' }),
        makeStored({ status: 'approved', receivedAt: '2026-10-27T23:59:59.000Z' }),
      ],
      NOW,
    );
    expect(days).toHaveLength(30);
    expect(days[0]).toEqual({ date: '2026-10-28', counts: { ...emptyCounts(), approved: 1 } });
    expect(days[29]).toEqual({ date: '2026-11-26', counts: { ...emptyCounts(), spam: 2 } });
  });
});

describe('drawDailyChart', () => {
  it('draws one stacked bar segment per non-zero status with heights proportional to counts', () => {
    const counts = { ...emptyCounts(), approved: 4, spam: 1 };
    const svg = drawDailyChart([{ date: '2026-11-25', counts: emptyCounts() }, { date: '2026-11-26', counts }], { height: 260 });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('role="img"');
    const bars = [...svg.matchAll(/<rect class="bar (\w+)" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"/g)];
    expect(bars.map((b) => b[1])).toEqual(['approved', 'spam']);
    const [approved, spam] = bars.map((b) => Number(b[2]));
    expect(approved! / spam!).toBeCloseTo(4, 1);
    expect(svg).toContain('<title>2026-11-26: 4 approved, 1 spam</title>');
    expect(svg).toContain('5 submissions over 2 days');
  });

  it('contains no script and escapes what it prints', () => {
    const svg = drawDailyChart([{ date: '<x>', counts: { ...emptyCounts(), pending: 1 } }], { title: 'a "b" <c>' });
    expect(svg).not.toMatch(/<script|on\w+=/i);
    expect(svg).toContain('a &#34;b&#34; &#60;c&#62;');
  });

  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 3, 6, 11, 21, 99, 101, 4000].map(niceMax)).toEqual([5, 5, 10, 20, 50, 100, 200, 5000]);
  });
});

describe('filter firings', () => {
  it('counts each filter once per submission, split by the direction it leaned, listing quiet filters too', () => {
    const rows = filterFirings(
      [
        makeStored({ signals: [{ filter: 'links', score: 1, reason: 'a' }, { filter: 'links', score: 0.5, reason: 'b' }] }),
        makeStored({ signals: [{ filter: 'reputation', score: -2, reason: 'trusted' }, { filter: 'links', score: 1, reason: 'a' }] }),
      ],
      ['links', 'reputation', 'honeypot'],
    );
    expect(rows).toEqual([
      { filter: 'links', unwanted: 2, genuine: 0 },
      { filter: 'reputation', unwanted: 0, genuine: 1 },
      { filter: 'honeypot', unwanted: 0, genuine: 0 },
    ]);
  });
});

describe('moderator corrections', () => {
  it('counts held-then-approved as false positives and approved-then-unwanted as misses', () => {
    const result = corrections([
      makeStored({ history: decided('spam', ['spam', 'approved']) }),
      makeStored({ history: decided('pitch', ['pitch', 'approved']) }),
      makeStored({ history: decided('pending', ['pending', 'approved']) }),
      makeStored({ history: decided('approved', ['approved', 'spam']) }),
      makeStored({ history: decided('spam', ['spam', 'pitch']) }),
      makeStored({ history: decided('spam') }),
      makeStored({ history: decided('spam', ['spam', 'pitch', 'doorkeep (template campaign)']) }),
    ]);
    expect(result).toMatchObject({ judged: 7, falsePositives: 3, misses: 1, reclassified: 1 });
    expect(result.falsePositivesFrom).toEqual({ spam: 1, pitch: 1, pending: 1 });
    expect(result.agreement).toBeCloseTo(2 / 7);
  });

  it('uses the last human decision, so a change of mind back to the verdict is no correction', () => {
    const result = corrections([makeStored({ history: decided('spam', ['spam', 'approved'], ['approved', 'spam']) })]);
    expect(result).toMatchObject({ falsePositives: 0, misses: 0, reclassified: 0, agreement: 1 });
  });

  it('says nothing about agreement when nothing was judged', () => {
    expect(corrections([]).agreement).toBeNull();
  });
});
