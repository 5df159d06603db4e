import { describe, expect, it } from 'vitest';
import { capitalisedTokens, maskPersonalisation } from '../plugin/knowledge/masking.js';

describe('maskPersonalisation', () => {
  it('masks the addressee by any of the owner names, with or without diacritics', () => {
    const context = { ownerNames: ['Halla Jónsdóttir'] };
    expect(maskPersonalisation('hi halla, great post', context)).toBe('hi <name>, great post');
    expect(maskPersonalisation('dear halla jónsdóttir, great post', context)).toBe('dear <name>, great post');
    expect(maskPersonalisation('dear halla jonsdottir, great post', context)).toBe('dear <name>, great post');
  });

  it('masks the sender name, e-mail local part and URL host', () => {
    const masked = maskPersonalisation('i am jake morrow from inboxly, write to jake or see our inboxly blog', {
      author: { name: 'Jake Morrow', email: 'jake.morrow@inboxly.co', url: 'https://www.inboxly.co/about' },
    });
    expect(masked).toBe('i am <name> from <name>, write to <name> or see our <name> blog');
  });

  it('masks URLs, bare domains, e-mail addresses and numbers', () => {
    expect(maskPersonalisation('visit https://acme.io/offer?x=1 or acme.io, mail sales@acme.io: 35% off, $150 for 2 posts'))
      .toBe('visit <url> or <url>, mail <email>: <num> off, <num> for <num> posts');
  });

  it('masks the post title as a phrase and its distinctive words', () => {
    const context = { postTitle: 'A newsletter that respects its readers' };
    expect(maskPersonalisation('loved your article "a newsletter that respects its readers"', context))
      .toBe('loved your article " <title> "');
    expect(maskPersonalisation('your newsletter piece respects people', context)).toBe('your <title> piece <title> people');
  });

  it('masks brand-looking capitalised tokens found in the original content', () => {
    const original = '<p>We love Substack. I work with GrowthLoop and Typecraft on fonts.</p>';
    const masked = maskPersonalisation('we love substack. i work with growthloop and typecraft on fonts.', { original });
    expect(masked).toBe('we love <name>. i work with <name> on fonts.');
  });

  it('does not treat sentence-initial capitals or greetings as brands', () => {
    expect([...capitalisedTokens('<p>Hello there. Thanks for this! Writing daily helps.</p>')]).toEqual([]);
    expect([...capitalisedTokens('I tried Buttondown and MailerLite.')]).toEqual(['buttondown', 'mailerlite']);
  });

  it('makes two copies of a template with swapped names identical', () => {
    const a = maskPersonalisation("hi halla, i'm tom from draftwise (draftwise.app). we have 40,000 readers.", {
      ownerNames: ['Halla'], author: { name: 'Tom', email: 'tom@draftwise.app', url: '' },
    });
    const b = maskPersonalisation("hi maren, i'm lena from typecraft (typecraft.studio). we have 25,000 readers.", {
      ownerNames: ['Maren'], author: { name: 'Lena', email: 'lena@typecraft.studio', url: '' },
    });
    expect(a).toBe(b);
  });

  it('leaves ordinary words alone', () => {
    const text = 'i left my old platform and turned off open tracking; nobody unsubscribed.';
    expect(maskPersonalisation(text, { ownerNames: ['Halla'] })).toBe(text);
  });
});
