import { describe, expect, it } from 'vitest';
import { bigrams, charNgrams, contentWords, counts, stem, STOP_WORDS, terms, words } from '../plugin/text/tokenize.js';

describe('tokenize', () => {
  it('splits plain text into words, keeping apostrophes inside words', () => {
    expect(words("don't stop: it's 2 good, isn't it?")).toEqual(["don't", 'stop', "it's", '2', 'good', "isn't", 'it']);
  });

  it('reads letters of any script and folds the typographic apostrophe', () => {
    expect(words('gangnam 강남스타일 café l’été')).toEqual(['gangnam', '강남스타일', 'café', "l'été"]);
  });

  it('drops stop words, bare numbers and single letters from content words', () => {
    expect(contentWords('i think the 2 newsletters are a joy to read x')).toEqual(['think', 'newsletters', 'joy', 'read']);
    expect(STOP_WORDS.has('the')).toBe(true);
  });

  it('pairs adjacent words', () => {
    expect(bigrams(['check', 'out', 'my', 'channel'])).toEqual(['check out', 'out my', 'my channel']);
    expect(bigrams(['alone'])).toEqual([]);
  });

  it('makes character n-grams over the text with spaces as underscores', () => {
    expect(charNgrams('ab cd', 3, 3)).toEqual(['_ab', 'ab_', 'b_c', '_cd', 'cd_']);
    expect(charNgrams('w w w', 4, 5)).toContain('_w_w');
  });

  it('stems plurals lightly so newsletters and newsletter meet', () => {
    expect(stem('newsletters')).toBe('newsletter');
    expect(stem('stories')).toBe('story');
    expect(stem('glass')).toBe('glass');
    expect(stem('bus')).toBe('bus');
    expect(terms('newsletters and a newsletter')).toEqual(['newsletter', 'newsletter']);
  });

  it('counts tokens', () => {
    expect(counts(['a', 'b', 'a'])).toEqual(new Map([['a', 2], ['b', 1]]));
  });
});
