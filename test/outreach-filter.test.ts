import { describe, expect, it } from 'vitest';
import { createOutreachFilter } from '../plugin/filters/outreach.js';
import type { Signal } from '../plugin/types.js';
import { makeContext, makeSubmission } from './support/factories.js';

function check(text: string, options?: Record<string, unknown>, subject?: string) {
  const filter = createOutreachFilter(options, { secret: 's' });
  return filter.check(makeSubmission({ text, ...(subject ? { subject } : {}) }), makeContext()) as Signal | null;
}

describe('outreach filter', () => {
  it('recognises a guest-post pitch as outreach strong enough for the pitch inbox', () => {
    const signal = check("hi halla, i came across your blog and loved it. would you accept a guest post? we'd include a dofollow link. what are your rates?")!;
    expect(signal.kind).toBe('pitch');
    expect(signal.score).toBeGreaterThanOrEqual(1.5);
    expect(signal.reason).toMatch(/^Reads like outreach: /);
    expect(signal.reason).toContain("'guest post'");
    expect(signal.reason).toContain("'dofollow'");
    expect(signal.reason).toContain("your rates'");
    expect(signal.evidence).toMatchObject({ phrases: expect.arrayContaining(['guest post', 'backlinks', 'rates', 'found your blog']) });
  });

  it.each([
    ['link insertions', 'we would love to add our link to your article on sourdough, our client pays well'],
    ['sponsored content', 'we are looking for sponsored posts on blogs with da 40+ in the food niche'],
    ['partnership offers', 'i have a partnership opportunity for you, let me know if you are interested'],
    ['follow-up bumps', 'just following up on my previous email about the collaboration'],
    ['features', "i'd love to feature you on our podcast, our audience would love your story"],
    ['write for us', 'check our write for us page, we accept guest contributions'],
  ])('recognises %s', (_kind, text) => {
    const signal = check(text)!;
    expect(signal.kind).toBe('pitch');
    expect(signal.score).toBeGreaterThanOrEqual(1);
  });

  it('stays quiet on an ordinary comment', () => {
    expect(check('the part about feeding the starter twice a day helped, mine finally doubles')).toBeNull();
  });

  it('lets an innocent "collaborate" or "quick question" through on its own', () => {
    expect(check('my sister and i collaborate on the baking every sunday')!.score).toBeLessThan(1);
    expect(check('quick question: how warm should the kitchen be?')!.score).toBeLessThan(1);
    expect(check('it was a pleasure to work with you at the bakery')!.score).toBeLessThan(1);
    expect(check('the price of flour went up again, so i bake less')).toBeNull();
  });

  it('reads the subject line too', () => {
    expect(check('see below', undefined, 'Guest post collaboration proposal')!.reason).toContain("'guest post'");
  });

  it('caps the score', () => {
    const everything = 'guest post, write for us, sponsored post, add our link, backlinks, da 50, our client, your rates, partnership opportunity, '
      + "i'd love to feature you, quick question, following up, our agency, your readers would love it, win-win";
    expect(check(everything)!.score).toBe(4);
    expect(check(everything, { maxScore: 2.5 })!.score).toBe(2.5);
  });

  it('accepts extra phrases with their weight', () => {
    const signal = check('how about a podcast swap next month?', { phrases: { 'podcast swap': 1.5 } })!;
    expect(signal).toMatchObject({ score: 1.5, kind: 'pitch', reason: "Reads like outreach: 'podcast swap'" });
  });

  it('validates its options once, at creation', () => {
    expect(() => createOutreachFilter({ phrase: {} }, { secret: 's' })).toThrow(/Did you mean `phrases`/);
    expect(() => createOutreachFilter({ phrases: { 'guest': 'lots' } }, { secret: 's' })).toThrow(/maps a phrase to a number/);
  });
});
