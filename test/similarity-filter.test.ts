import { describe, expect, it } from 'vitest';
import { DoorkeepError } from '../plugin/errors.js';
import { createSimilarityFilter } from '../plugin/filters/similarity.js';
import type { Signal, TemplateCluster, TemplateLookup, TemplateMatch } from '../plugin/types.js';
import { makeContext, makeSubmission } from './support/factories.js';

const PITCH = 'hi halla, i came across your article and loved it. we would love to collaborate on a guest post with a link back to our site.';
const BLAST = 'hi halla, i came across your article and loved it. my cousin told me all about it over dinner last night in town.';

function match(n: number, overrides: Partial<TemplateMatch> = {}): TemplateMatch {
  return { submissionId: `m-${n}`, sender: `sender${n}@example.com`, similarity: 0.91 - n * 0.01, receivedAt: `2026-11-1${n}T09:00:00.000Z`, ...overrides };
}

function cluster(overrides: Partial<TemplateCluster> = {}): TemplateCluster {
  return {
    id: 'tpl-m-1', representative: 'hi <name>, …', sample: 'Hi Halla, …', members: ['m-1', 'm-2', 'm-3'],
    senders: ['sender1@example.com', 'sender2@example.com', 'sender3@example.com'],
    firstSeen: '2026-11-12T09:00:00.000Z', lastSeen: '2026-11-14T09:00:00.000Z', ...overrides,
  };
}

function check(lookup: TemplateLookup, text = PITCH, options?: Record<string, unknown>): Signal | null {
  const filter = createSimilarityFilter(options, { secret: 's' });
  const context = makeContext({ knowledge: { templates: { lookup: () => lookup, getCluster: () => lookup.cluster, clusters: () => [] } } });
  return filter.check(makeSubmission({ text, content: `<p>${text}</p>` }), context) as Signal | null;
}

describe('similarity filter', () => {
  it('says nothing without matches', () => {
    expect(check({ matches: [], candidates: 4 })).toBeNull();
  });

  it('gives a mild pitch signal for one other sender', () => {
    const signal = check({ matches: [match(1)], candidates: 3 });
    expect(signal).toMatchObject({ filter: 'similarity', kind: 'pitch', score: 0.75 });
    expect(signal!.reason).toBe('Matches a template sent by 1 other sender since 11 Nov (closest 0.90 similar).');
    expect(signal!.evidence).toMatchObject({ matchedIds: ['m-1'], similarity: 0.9, otherSenders: 1 });
  });

  it('reaches the pitch threshold alone from two other senders, and grows with more', () => {
    const two = check({ matches: [match(1), match(2)], candidates: 5 });
    expect(two!.score).toBeGreaterThanOrEqual(1.5);
    const c = cluster({ members: ['m-1', 'm-2', 'm-3', 'm-4', 'm-5', 'm-6'], senders: [1, 2, 3, 4, 5, 6].map((n) => `sender${n}@example.com`) });
    const six = check({ matches: [match(1, { clusterId: c.id }), match(2, { clusterId: c.id })], cluster: c, candidates: 9 });
    expect(six!.score).toBeGreaterThan(two!.score);
    expect(six!.reason).toBe('Matches a template sent by 6 other senders since 12 Nov (closest 0.90 similar).');
    expect(six!.evidence).toMatchObject({ clusterId: 'tpl-m-1', clusterSize: 6 });
  });

  it('does not count the sender itself among the campaign senders', () => {
    const own = makeSubmission().author.email;
    const c = cluster({ senders: [own, 'sender1@example.com'] });
    const signal = check({ matches: [match(1, { clusterId: c.id })], cluster: c, candidates: 2 });
    expect(signal!.evidence).toMatchObject({ otherSenders: 1 });
  });

  it('calls a template without outreach language spam-kind, held but not spam on its own', () => {
    const signal = check({ matches: [match(1), match(2)], candidates: 2 }, BLAST);
    expect(signal).toMatchObject({ kind: 'spam' });
    expect(signal!.score).toBeLessThan(3);
    expect(signal!.force).toBeUndefined();
  });

  it('passes on a pitch decision decisively', () => {
    const c = cluster({ decision: 'pitch' });
    const signal = check({ matches: [match(1, { clusterId: c.id })], cluster: c, candidates: 1 }, BLAST);
    expect(signal).toMatchObject({ kind: 'pitch', score: 3 });
    expect(signal!.reason).toBe('Matches a template you marked as pitch, sent by 3 other senders since 12 Nov (closest 0.90 similar).');
  });

  it('passes on a spam decision with forced spam', () => {
    const c = cluster({ decision: 'spam' });
    const signal = check({ matches: [match(1, { clusterId: c.id })], cluster: c, candidates: 1 });
    expect(signal).toMatchObject({ kind: 'spam', force: 'spam', score: 3 });
  });

  it('stays silent for a campaign the moderator approved', () => {
    const c = cluster({ decision: 'approve' });
    expect(check({ matches: [match(1, { clusterId: c.id }), match(2, { clusterId: c.id })], cluster: c, candidates: 2 })).toBeNull();
  });

  it('never matches short texts', () => {
    expect(check({ matches: [match(1), match(2)], candidates: 2 }, 'great post, thanks halla!')).toBeNull();
  });

  it('ignores matches below minSimilarity and honours minSenders', () => {
    expect(check({ matches: [match(1, { similarity: 0.72 })], candidates: 1 }, PITCH, { minSimilarity: 0.8 })).toBeNull();
    expect(check({ matches: [match(1)], candidates: 1 }, PITCH, { minSenders: 2 })).toBeNull();
    expect(check({ matches: [match(1), match(2)], candidates: 1 }, PITCH, { minSenders: 2 })).not.toBeNull();
  });

  it('validates its options when created', () => {
    expect(() => createSimilarityFilter({ minSimilarty: 0.8 }, { secret: 's' })).toThrow(/Did you mean `minSimilarity`/);
    expect(() => createSimilarityFilter({ minSimilarity: 1.5 }, { secret: 's' })).toThrow(DoorkeepError);
  });
});
