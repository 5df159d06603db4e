import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFixtures, loadSms, publicDataPresent } from '../scripts/datasets.js';
import { trainPrior } from '../scripts/train-prior.js';
import {
  BOGOFILTER, categoryRows, computeMetrics, DEFAULT_DATA_DIR, loadCollection, parseCsv, replayBogofilter, replayDoorkeep, replayNaive, tableRow,
  type Collection, type Outcome,
} from '../scripts/evaluate.js';

const outcome = (spam: boolean, status: Outcome['status'], cold = false): Outcome => ({ spam, status, cold });

function collection(comments: [content: string, spam: boolean][]): Collection {
  return {
    posts: [{ id: 'v1', title: 'A song', body: 'A music video about a song.', tags: ['music'] }],
    comments: comments.map(([content, spam], index) => ({ id: `v1/${index}`, author: `a${index}`, date: '', content, spam, postId: 'v1', index })),
  };
}

describe('evaluation metrics', () => {
  it('counts spam, pitch and discard as caught, and pending as neither a catch nor a false positive', () => {
    const m = computeMetrics([
      outcome(true, 'spam'), outcome(true, 'pitch'), outcome(true, 'discard'), outcome(true, 'pending'), outcome(true, 'approved'),
      outcome(false, 'approved'), outcome(false, 'approved'), outcome(false, 'pending'), outcome(false, 'spam'), outcome(false, 'approved'),
    ]);
    expect(m).toMatchObject({ total: 10, spam: 5, ham: 5, caught: 3, falsePositives: 1, pendingSpam: 1, pendingHam: 1 });
    expect(m.precision).toBeCloseTo(3 / 4);
    expect(m.recall).toBeCloseTo(3 / 5);
    expect(m.f1).toBeCloseTo((2 * 0.75 * 0.6) / 1.35);
    expect(m.falsePositiveRate).toBeCloseTo(1 / 5);
    expect(m.held).toBeCloseTo(2 / 10);
  });

  it('reports zeros rather than NaN on an empty slice', () => {
    expect(computeMetrics([])).toMatchObject({ precision: 0, recall: 0, f1: 0, falsePositiveRate: 0, held: 0 });
  });

  it('renders a table row with the counts behind the rates', () => {
    const row = tableRow('x', computeMetrics([outcome(true, 'spam'), outcome(false, 'pending'), outcome(false, 'approved')]));
    expect(row).toBe('| x | 3 | 1.000 | 1.000 | 1.000 | 0.0% (0) | 50.0% | 33.3% (0 spam, 1 ham) |');
  });

  it('parses CSV with quoted commas, doubled quotes and line breaks inside quotes', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi""\nthere",1\r\nlast,,')).toEqual([['a', 'b'], ['x, y', 'say "hi"\nthere', '1'], ['last', '', '']]);
  });
});

describe('baselines', () => {
  it('naive: catches a near-copy of spam seen before, never the first of its kind', () => {
    const outcomes = replayNaive(collection([
      ['check out my channel for cool videos', true],
      ['love this song so much', false],
      ['check out my channel for cool video!', true],
      ['this song is my favourite of all time', false],
    ]));
    expect(outcomes.map((o) => o.status)).toEqual(['approved', 'approved', 'spam', 'approved']);
  });

  it('bogofilter: skipped when the binary is missing', () => {
    expect(replayBogofilter(collection([['x', true]]), '/nonexistent/bogofilter')).toBeUndefined();
  });

  it.skipIf(!existsSync(BOGOFILTER))('bogofilter: classifies before training, with a fresh word list', () => {
    const outcomes = replayBogofilter(collection([['subscribe to my channel', true], ['lovely song', false]]))!;
    expect(outcomes).toHaveLength(2);
    expect(outcomes[0]!.status).not.toBe('spam');
  });
});

const present = publicDataPresent();
if (!present) console.warn('SKIPPED: ../shared/data is not here, so the YouTube and SMS replays in test/evaluation.test.ts do not run.');

describe('replay of the fixtures (always here)', () => {
  it('replays the first fixtures online and reports categories', async () => {
    const fixtures = loadFixtures();
    const slice = { ...fixtures.collection, comments: fixtures.collection.comments.slice(0, 30) };
    const outcomes = await replayDoorkeep(slice);
    expect(outcomes).toHaveLength(30);
    expect(outcomes.filter((o) => o.cold)).toHaveLength(30);
    expect(categoryRows(outcomes).length).toBeGreaterThan(3);
  }, 60_000);
});

describe.skipIf(!present)('leave-one-dataset-out on a slice of the SMS collection', () => {
  it('scores SMS with a prior that never saw SMS', async () => {
    const prior = trainPrior([loadFixtures()], 3);
    expect(prior.manifest.sources.map((s) => s.name)).toEqual(['fixtures']);
    const sms = loadSms(undefined, 40);
    const outcomes = await replayDoorkeep(sms.collection, { prior });
    const m = computeMetrics(outcomes);
    expect(m.total).toBe(40);
    expect(m.caught + m.pendingSpam + outcomes.filter((o) => o.spam && o.status === 'approved').length).toBe(m.spam);
  }, 120_000);
});

describe.skipIf(!existsSync(DEFAULT_DATA_DIR))('replay on a slice of the YouTube collection', () => {
  it('loads the first comments of each video in file order with their labels', () => {
    const slice = loadCollection(DEFAULT_DATA_DIR, 3);
    expect(slice.posts.map((p) => p.id)).toEqual(['psy-gangnam-style', 'katy-perry-roar', 'lmfao-party-rock-anthem', 'eminem-love-the-way-you-lie', 'shakira-waka-waka']);
    expect(slice.comments).toHaveLength(15);
    expect(slice.comments[0]).toMatchObject({ postId: 'psy-gangnam-style', index: 0, spam: true, author: 'Julius NM' });
    expect(slice.comments[0]!.content).toContain('check out this you[tube] channel');
  });

  it('replays Doorkeep with every verdict made before its label is learned, and the metrics add up', async () => {
    const slice = loadCollection(DEFAULT_DATA_DIR, 5);
    const outcomes = await replayDoorkeep(slice);
    expect(outcomes.map((o) => o.spam)).toEqual(slice.comments.map((c) => c.spam));
    const m = computeMetrics(outcomes);
    const missed = outcomes.filter((o) => o.spam && o.status === 'approved').length;
    expect(m.caught + m.pendingSpam + missed).toBe(m.spam);
    expect(m.total).toBe(25);
    expect(outcomes.every((o) => o.cold)).toBe(true);
    expect(outcomes.every((o) => o.status !== undefined)).toBe(true);
  }, 60_000);
});
