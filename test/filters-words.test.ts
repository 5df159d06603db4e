import { describe, expect, it } from 'vitest';
import { createWordsFilter } from '../plugin/filters/words.js';
import type { Lists, Signal } from '../plugin/types.js';
import { makeContext, makeSubmission } from './support/factories.js';

const deps = { secret: 's' };
const filter = createWordsFilter(undefined, deps);

function check(lists: Partial<Lists>, submission: Parameters<typeof makeSubmission>[0] = {}, f = filter): Signal[] {
  return [f.check(makeSubmission(submission), makeContext({ lists })) ?? []].flat();
}

describe('words filter', () => {
  it('says nothing when no list word appears', () => {
    expect(check({ moderationWords: ['casino'], disallowedWords: ['viagra'] })).toEqual([]);
  });

  it('holds a submission with a moderation word, naming the word and the field', () => {
    const [signal] = check({ moderationWords: ['sourdough'] });
    expect(signal).toMatchObject({ filter: 'words', force: 'hold', kind: 'hold', score: 1, publicReason: 'held for review' });
    expect(signal!.reason).toBe('Contains a word the owner reviews by hand: "sourdough" in the content');
  });

  it('makes a submission with a disallowed word spam', () => {
    const [signal] = check({ disallowedWords: ['viagra'] }, { text: 'buy viagra now' });
    expect(signal).toMatchObject({ force: 'spam', kind: 'spam', score: 3, evidence: { disallowed: [{ word: 'viagra', field: 'content' }] } });
  });

  it('matches case-insensitively as a substring, as WordPress does', () => {
    expect(check({ moderationWords: ['PRESS'] }, { author: { name: 'WordPress Fan' } })[0]!.reason).toContain('"PRESS" in the name');
  });

  it('matches over name, email, website, subject, IP address and user agent', () => {
    const submission = {
      author: { name: 'Loan Shark', email: 'loans@mail.example', url: 'https://loans.example' },
      subject: 'Quick loans', ip: '198.51.100.23', userAgent: 'LoanBot/1.0',
    };
    const [signal] = check({ disallowedWords: ['loan', '198.51.100.'] }, submission);
    expect(signal!.evidence!.disallowed).toEqual([
      { word: 'loan', field: 'name' }, { word: 'loan', field: 'email' }, { word: 'loan', field: 'url' },
      { word: 'loan', field: 'subject' }, { word: 'loan', field: 'userAgent' }, { word: '198.51.100.', field: 'ip' },
    ]);
    expect(signal!.reason).toContain('"198.51.100." in the IP address');
    expect(signal!.reason).toContain('"loan" in the user agent');
  });

  it('catches evasions the normalizer folded into the text (confusables, zero-width characters)', () => {
    // The raw content used Cyrillic "с" and a zero-width space; filters see the folded text.
    const [signal] = check({ disallowedWords: ['casino'] }, { content: '<p>\u0441a\u200bsino bonus</p>', text: 'casino bonus' });
    expect(signal!.force).toBe('spam');
  });

  it('folds look-alike letters and invisible characters in fields the normalizer leaves as typed (name, subject)', () => {
    const [signal] = check({ disallowedWords: ['viagra'] }, { author: { name: 'V\u0456agr\u200ba Store' }, subject: 'VI\u0410GRA' });
    expect(signal!.evidence!.disallowed).toEqual([{ word: 'viagra', field: 'name' }, { word: 'viagra', field: 'subject' }]);
  });

  it('matches a list word written with full-width letters', () => {
    expect(check({ disallowedWords: ['ｃａｓｉｎｏ'] }, { text: 'best casino' })).toHaveLength(1);
  });

  it('raises both signals when both lists match, and skips blank list entries', () => {
    const signals = check({ moderationWords: ['', '  ', 'bread'], disallowedWords: ['pills'] }, { text: 'bread and pills' });
    expect(signals.map((s) => s.force)).toEqual(['spam', 'hold']);
    expect(check({ moderationWords: ['', ' '] })).toEqual([]);
  });

  it('lists every match in one reason', () => {
    const [signal] = check({ disallowedWords: ['pills', 'cheap'] }, { text: 'cheap pills' });
    expect(signal!.reason).toBe('Contains disallowed words: "pills" in the content, "cheap" in the content');
  });

  it('matches only the configured fields', () => {
    const contentOnly = createWordsFilter({ fields: ['content'] }, deps);
    expect(check({ disallowedWords: ['shark'] }, { author: { name: 'Loan Shark' } }, contentOnly)).toEqual([]);
  });

  it('rejects an unknown field at creation', () => {
    expect(() => createWordsFilter({ fields: ['body'] }, deps)).toThrow(/unknown field "body"/);
    expect(() => createWordsFilter({ fields: 'content' }, deps)).toThrow(/filters\.words\.fields/);
  });
});
