import { describe, expect, it } from 'vitest';
import { createLinksFilter } from '../plugin/filters/links.js';
import { normalizeSubmission } from '../plugin/normalize/submission.js';
import type { Signal } from '../plugin/types.js';
import { makeContext, makeSubmission } from './support/factories.js';

const deps = { secret: 'test-secret' };
const filter = createLinksFilter(undefined, deps);
const total = (signals: Signal[]) => signals.reduce((sum, s) => sum + s.score, 0);

/** A comment as the normalizer builds it from what a sender typed. */
function normalized(content: string, author: { name?: string; email?: string; url?: string } = {}) {
  return normalizeSubmission({ type: 'comment', postId: 'post-1', content, author: { name: 'Sam', email: 'sam@mail.example', ...author } }, 'sub-n', '2026-03-10T12:00:00.000Z');
}

function checkNormalized(content: string, author?: { name?: string; email?: string; url?: string }, f = filter): Signal[] {
  return [f.check(normalized(content, author), makeContext()) ?? []].flat();
}

function check(overrides: Parameters<typeof makeSubmission>[0], f = filter): Signal[] {
  return [f.check(makeSubmission(overrides), makeContext()) ?? []].flat();
}

/** A plain-text message of `words` filler words followed by bare URLs, as the normalizer would see it. */
function withLinks(n: number, words = 40) {
  const urls = Array.from({ length: n }, (_, i) => `https://shop${i}.example/item`);
  const text = `${Array.from({ length: words }, (_, i) => `word${i}`).join(' ')} ${urls.join(' ')}`;
  return { content: `<p>${text}</p>`, text, links: urls };
}

describe('links filter', () => {
  it('says nothing about an ordinary comment with one link among many words', () => {
    expect(check(withLinks(1))).toEqual([]);
  });

  it('holds two links for review, as WordPress does by default', () => {
    const [signal] = check(withLinks(2)).filter((s) => s.evidence?.count !== undefined && s.evidence?.words === undefined);
    expect(signal).toMatchObject({ score: 1, kind: 'hold', publicReason: 'held for review' });
    expect(signal!.reason).toBe('2 links in the message (2 or more are held for review)');
  });

  it('scores five links at spam level on their own, and more links higher', () => {
    expect(total(check(withLinks(5)))).toBeGreaterThanOrEqual(3);
    expect(check(withLinks(5))[0]).toMatchObject({ kind: 'spam', reason: '5 links in the message (5 or more look like spam)', evidence: { count: 5 } });
    expect(total(check(withLinks(8)))).toBeGreaterThan(total(check(withLinks(5))));
  });

  it('counts a link repeated in the list once', () => {
    const { content, text, links } = withLinks(1);
    expect(check({ content, text, links: [...links, ...links, ...links] })).toEqual([]);
    const signals = checkNormalized('visit w w w . cheap-meds . com for the best prices on everything you need today, and www.cheap-meds.com too');
    expect(signals.filter((s) => s.evidence?.count !== undefined && s.evidence?.words === undefined)).toEqual([]);
  });

  it('does not count links to the site itself', () => {
    const links = ['https://site.example/posts/a', 'https://www.site.example/posts/b', 'http://site.example/posts/c'];
    const text = `see also ${links.join(' ')} and the rest of the series, which covers the same starter in winter`;
    expect(check({ text, content: text, links })).toEqual([]);
  });

  it('flags a message that is mostly links by its link-to-text ratio', () => {
    const signals = check({ text: 'nice https://pills.example/buy', content: 'nice https://pills.example/buy', links: ['https://pills.example/buy'] });
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ score: 1, reason: '1 link in 1 word of text', evidence: { words: 1 } });
  });

  it('flags a message that is nothing but a link more strongly', () => {
    const [signal] = check({ text: 'https://pills.example/buy', content: 'https://pills.example/buy', links: ['https://pills.example/buy'] });
    expect(signal).toMatchObject({ score: 1.5, reason: '1 link and no other text' });
  });

  it('notices HTML anchors written into the content', () => {
    const content = '<p>Great read, I wrote about <a href="https://blog.example/x" rel="nofollow ugc">cheap flights</a> too and will come back for more.</p>';
    const signals = check({ content, text: 'great read, i wrote about cheap flights too and will come back for more.', links: ['https://blog.example/x'] });
    expect(signals.map((s) => s.reason)).toEqual(['1 HTML link (<a href>) written into the message']);
    expect(signals[0]!.score).toBe(0.5);
  });

  it('notices BBCode [url] links, more so next to HTML anchors', () => {
    const bb = '[url=https://casino.example]casino[/url] lovely post about bread and starters and flour';
    const bbOnly = check({ content: bb, text: bb, links: ['https://casino.example/'] }).find((s) => s.evidence?.bbcode);
    expect(bbOnly).toMatchObject({ score: 1, reason: '1 BBCode [url] link' });
    const both = `<a href="https://casino.example">casino</a> ${bb}`;
    const mixed = check({ content: both, text: both, links: ['https://casino.example/'] }).find((s) => s.evidence?.bbcode);
    expect(mixed!.score).toBe(1.5);
    expect(mixed!.reason).toContain('next to HTML links');
  });

  it('catches a link the normalizer found that the text only spells out (w w w . x . com)', () => {
    const signals = checkNormalized('visit w w w . cheap-meds . com for the best prices on everything you need today');
    const hidden = signals.find((s) => s.evidence?.obfuscated);
    expect(hidden).toMatchObject({ score: 2, kind: 'spam', reason: '1 disguised web address (spelled out or hidden with invisible characters to get past link filters)' });
    expect(hidden!.evidence).toEqual({ obfuscated: ['http://www.cheap-meds.com'] });
  });

  it('catches site[dot]com and site dot com spellings in the text', () => {
    const hidden = checkNormalized('great post, my site is bestloans[dot]net and also quickcash dot org, come see').find((s) => s.evidence?.obfuscated);
    expect(hidden!.evidence!.obfuscated).toEqual(['http://bestloans.net', 'http://quickcash.org']);
    expect(hidden!.reason).toMatch(/^2 disguised web addresses/);
  });

  it('leaves everyday uses of "dot" alone', () => {
    const text = 'a polka dot dress from the dot com era, connect the dots, and one dot com joke';
    expect(check({ text, content: text, links: [] })).toEqual([]);
  });

  it('does not call a link obfuscated when it appears as a plain URL, a bare host or an anchor', () => {
    const text = 'my notes are at www.notes.example/bread and on https://other.example too, plus the recipe page';
    const signals = check({ text, content: `${text} <a href="https://third.example/r">recipe page</a>`, links: ['http://www.notes.example/bread', 'https://other.example/', 'https://third.example/r'] });
    expect(signals.find((s) => s.evidence?.obfuscated)).toBeUndefined();
  });

  it('flags a web address in the author name', () => {
    const [signal] = check({ author: { name: 'Cheap Loans www.quickcash.example' } });
    expect(signal).toMatchObject({ score: 1.5, kind: 'spam', evidence: { name: 'Cheap Loans www.quickcash.example' } });
    expect(signal!.reason).toContain('name field holds a web address');
    expect(check({ author: { name: 'best-pills.com' } })).toHaveLength(1);
    expect(check({ author: { name: 'Dr. Jane O. Smith' } })).toEqual([]);
  });

  it('does not hold a mention whose name is its source\'s host (what the receivers name a page without a title)', () => {
    expect(check({ type: 'pingback', author: { name: 'blog.gullfield.co.uk', url: 'https://blog.gullfield.co.uk/p' }, mention: { source: 'https://blog.gullfield.co.uk/p' } })).toEqual([]);
  });

  it('honours holdAt and spamAt', () => {
    const strict = createLinksFilter({ holdAt: 1, spamAt: 2 }, deps);
    expect(check(withLinks(1), strict)[0]).toMatchObject({ score: 1, kind: 'hold' });
    expect(check(withLinks(2), strict)[0]).toMatchObject({ score: 3, kind: 'spam' });
  });

  it('rejects unknown and mistyped options at creation with the option named', () => {
    expect(() => createLinksFilter({ holdat: 3 }, deps)).toThrow(/filters\.links\.holdat.*Did you mean `holdAt`/);
    expect(() => createLinksFilter({ spamAt: 'five' }, deps)).toThrow(/filters\.links\.spamAt/);
    expect(() => createLinksFilter({ holdAt: 0 }, deps)).toThrow(/filters\.links\.holdAt/);
  });
});
