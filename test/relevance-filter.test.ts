import { describe, expect, it } from 'vitest';
import { createRelevanceFilter } from '../plugin/filters/relevance.js';
import { createSiteCorpus } from '../plugin/knowledge/corpus.js';
import type { Post, Signal } from '../plugin/types.js';
import { makeContext, makePost, makeSubmission } from './support/factories.js';

const NEWSLETTERS = makePost({
  id: 'newsletters',
  title: 'Email newsletters that respect readers',
  body: 'A newsletter should be plain text, easy to unsubscribe from, free of tracking pixels and sent only when there is something worth reading. '
    + 'Readers trust an email that respects their inbox.',
  tags: ['email', 'newsletters', 'privacy'],
});
const SOURDOUGH = makePost({
  id: 'sourdough',
  title: 'Keeping a sourdough starter alive',
  body: 'Feed the starter flour and water every day, keep it warm, and discard half before each feeding. A healthy starter doubles in a few hours.',
  tags: ['baking', 'bread'],
});
const BIKES = makePost({ id: 'bikes', title: 'Fixing a bicycle chain', body: 'Clean the chain, oil every link and check the derailleur.', tags: ['cycling'] });

const POSTS: Post[] = [NEWSLETTERS, SOURDOUGH, BIKES];

function check(text: string, post: Post | null, options?: Record<string, unknown>, extra: Partial<Parameters<typeof makeSubmission>[0]> = {}) {
  const corpus = createSiteCorpus(POSTS);
  const context = makeContext({ post, knowledge: { corpus } });
  const submission = makeSubmission({ text, postId: post?.id ?? null, type: post ? 'comment' : 'contact-form', ...extra });
  return createRelevanceFilter(options, { secret: 's' }).check(submission, context) as Signal | null;
}

describe('relevance filter', () => {
  it('flags an off-topic promotion and names the terms the post never mentions', () => {
    const signal = check(
      'snapchat lenses are the hottest trend this year! our snapchat filters and lenses boost engagement for brands, try our filters today',
      NEWSLETTERS,
    )!;
    expect(signal.score).toBeGreaterThan(0);
    expect(signal.reason).toMatch(/^Barely related to 'Email newsletters that respect readers' \(0(\.0\d)?\); talks about: /);
    expect(signal.reason).toContain('snapchat');
    expect(signal.reason).toContain('lenses');
    expect(signal.reason).toContain('filters');
    expect(signal.evidence).toMatchObject({ postId: 'newsletters' });
  });

  it('weighs an off-topic mention enough to hold it: a page linking to a post it never talks about is a scraper', () => {
    const text = 'snapchat lenses are the hottest trend this year! our snapchat filters and lenses boost engagement for brands, try our filters today';
    const asComment = check(text, NEWSLETTERS)!;
    const asMention = check(text, NEWSLETTERS, undefined, { type: 'pingback', mention: { source: 'https://scraper.example/p' } })!;
    expect(asComment.score).toBeLessThan(1);
    expect(asMention.score).toBeCloseTo(asComment.score * 2.5, 1); // mentionScore 1.5 against score 0.6
    expect(check(text, NEWSLETTERS, { mentionScore: 0.5 }, { type: 'pingback', mention: { source: 'https://s.example' } })!.score).toBeLessThanOrEqual(0.5);
  });

  it('gives an on-topic comment a small trust score and names what it shares', () => {
    const signal = check('i switched my newsletter to plain text and removed the tracking pixels; readers noticed and thanked me by email', NEWSLETTERS)!;
    expect(signal.kind).toBe('trust');
    expect(signal.score).toBe(-0.3);
    expect(signal.reason).toMatch(/^On topic for 'Email newsletters that respect readers' \(0\.\d+\); shares: /);
    expect(signal.reason).toContain('tracking');
  });

  it('does not punish short replies', () => {
    expect(check('agreed, especially the part about pixels', NEWSLETTERS)).toBeNull();
    expect(check('lovely, thanks for sharing this with us', NEWSLETTERS)).toBeNull();
  });

  it('does not punish questions, even off-topic ones', () => {
    expect(check('off topic, but does anyone know a good recipe for vegan lasagne with spinach and mushrooms and ricotta?', NEWSLETTERS)).toBeNull();
  });

  it('judges a contact-form message against the whole site', () => {
    const onTopic = check('your sourdough starter guide saved my bread; my starter doubles every morning now after daily feeding with flour', null)!;
    expect(onTopic.kind).toBe('trust');
    expect(onTopic.reason).toContain("anything on Test site (closest: 'Keeping a sourdough starter alive')");
    const offTopic = check('we sell premium crypto trading signals with guaranteed returns, join our telegram group for daily bitcoin signals', null)!;
    expect(offTopic.score).toBeGreaterThan(0);
    expect(offTopic.reason).toMatch(/^Barely related to anything on Test site/);
    expect(offTopic.reason).toMatch(/signals|bitcoin|crypto/);
  });

  const LONG_OFF_TOPIC = 'buy cheap replica watches, rolex omega cartier breitling tag heuer, fast shipping worldwide, discount coupons available, replica bags too';

  it('gives a short off-topic text only part of the score', () => {
    const short = check('buy cheap replica watches rolex omega', NEWSLETTERS, { fullPostTerms: 1 })!;
    const long = check(LONG_OFF_TOPIC, NEWSLETTERS, { fullPostTerms: 1 })!;
    expect(short.score).toBeLessThan(long.score);
    expect(long.score).toBe(0.6);
  });

  it('trusts a post with little text less as a yardstick', () => {
    expect(check(LONG_OFF_TOPIC, NEWSLETTERS, { fullPostTerms: 1 })!.score).toBe(0.6);
    expect(check(LONG_OFF_TOPIC, NEWSLETTERS)!.score).toBeCloseTo(0.6 * 24 / 40, 1);
    const titleOnly = makePost({ id: 't', title: 'RSS never left', body: '', tags: [] });
    expect(check(LONG_OFF_TOPIC, titleOnly)!.score).toBeLessThan(0.1);
  });

  it('does not count a quoted post title as talking about the post', () => {
    const pitch = 'i just read your article email newsletters that respect readers and loved it. our seo agency offers premium backlinks, '
      + 'guaranteed rankings and sponsored placements for brands';
    const signal = check(pitch, NEWSLETTERS)!;
    expect(signal.score).toBeGreaterThan(0);
    expect(signal.reason).toMatch(/^Barely related/);
  });

  it('says nothing when there is nothing to compare with', () => {
    const context = makeContext({ post: null, knowledge: { corpus: createSiteCorpus([]) } });
    const submission = makeSubmission({ postId: null, type: 'contact-form', text: 'snapchat lenses filters engagement brands trend today' });
    expect(createRelevanceFilter(undefined, { secret: 's' }).check(submission, context)).toBeNull();
  });

  it('validates its options once, at creation', () => {
    expect(() => createRelevanceFilter({ offtopic: 0.1 }, { secret: 's' })).toThrow(/Did you mean `offTopic`/);
    expect(() => createRelevanceFilter({ onTopic: 2 }, { secret: 's' })).toThrow(/0…1/);
  });
});

describe('site corpus', () => {
  it('weighs a term rare on the site above a common one, with a smoothed default for unseen terms', () => {
    const corpus = createSiteCorpus([...POSTS, makePost({ id: 'x', title: 'More email', body: 'email again', tags: [] })]);
    expect(corpus.size()).toBe(4);
    expect(corpus.idf('sourdough')).toBeGreaterThan(corpus.idf('email'));
    expect(corpus.idf('snapchat')).toBeGreaterThan(corpus.idf('sourdough'));
    expect(corpus.idf('snapchat')).toBeCloseTo(Math.log(5) + 1);
  });

  it('recomputes frequencies on refresh', () => {
    const corpus = createSiteCorpus([NEWSLETTERS]);
    expect(corpus.idf('sourdough')).toBe(corpus.idf('snapchat'));
    corpus.refresh(POSTS);
    expect(corpus.posts()).toHaveLength(3);
    expect(corpus.idf('sourdough')).toBeLessThan(corpus.idf('snapchat'));
  });
});
