import { describe, expect, it } from 'vitest';
import { createReputationFilter } from '../plugin/filters/reputation.js';
import type { Lists, Signal } from '../plugin/types.js';
import { makeContext, makeSender, makeSubmission } from './support/factories.js';

const deps = { secret: 's' };
const filter = createReputationFilter(undefined, deps);

function check(
  submission: Parameters<typeof makeSubmission>[0] = {},
  context: { lists?: Partial<Lists>; sender?: Parameters<typeof makeSender>[0] } = {},
  f = filter,
): Signal[] {
  const ctx = makeContext({ lists: context.lists, sender: makeSender(context.sender) });
  return [f.check(makeSubmission(submission), ctx) ?? []].flat();
}

describe('reputation filter', () => {
  it('says nothing about a first-time sender on no list', () => {
    expect(check()).toEqual([]);
  });

  describe('history', () => {
    it('trusts an email with approved submissions and no spam', () => {
      const [signal] = check({}, { sender: { byEmail: { approved: 3 } } });
      expect(signal).toMatchObject({ kind: 'trust', score: -1.5, reason: 'This email had 3 submissions approved before and none marked spam' });
    });

    it('grows trust with the number approved, up to a limit', () => {
      expect(check({}, { sender: { byEmail: { approved: 1 } } })[0]!.score).toBe(-1);
      expect(check({}, { sender: { byEmail: { approved: 40 } } })[0]!.score).toBe(-2);
    });

    it('does not trust an email that was also marked spam, and counts the spam against it', () => {
      const signals = check({}, { sender: { byEmail: { approved: 5, spam: 2 } } });
      expect(signals).toHaveLength(1);
      expect(signals[0]).toMatchObject({ kind: 'spam', score: 2, reason: 'This email sent 2 submissions marked spam before' });
    });

    it('counts discarded submissions as spam', () => {
      expect(check({}, { sender: { byEmail: { discard: 1 } } })[0]).toMatchObject({ kind: 'spam', score: 1.5 });
    });

    it('leans toward pitch for an email whose earlier messages were filed as pitches', () => {
      expect(check({}, { sender: { byEmail: { pitch: 2 } } })[0]).toMatchObject({ kind: 'pitch', score: 1.25, reason: 'This email sent 2 messages filed as pitches before' });
    });

    it('scores the same IP as stored spam', () => {
      expect(check({}, { sender: { byIp: { spam: 1 } } })[0]).toMatchObject({ kind: 'spam', score: 1, reason: 'This IP address sent 1 submission marked spam before' });
    });

    it('scores the same website host as stored spam', () => {
      const [signal] = check({ author: { url: 'https://seo-agency.example/about' } }, { sender: { byUrlHost: { spam: 4 } } });
      expect(signal).toMatchObject({ kind: 'spam', score: 1.75 });
      expect(signal!.reason).toContain('seo-agency.example');
    });

    it('ignores email and website history when the sender gave none', () => {
      expect(check({ author: { email: '', url: '' } }, { sender: { byEmail: { approved: 4, spam: 3 }, byUrlHost: { spam: 3 } } })).toEqual([]);
    });

    it('honours trustAfter', () => {
      const wary = createReputationFilter({ trustAfter: 3 }, deps);
      expect(check({}, { sender: { byEmail: { approved: 2 } } }, wary)).toEqual([]);
      expect(check({}, { sender: { byEmail: { approved: 3 } } }, wary)[0]!.kind).toBe('trust');
    });
  });

  describe('lists', () => {
    it('forces spam for a blocked email, whatever its case', () => {
      const [signal] = check({ author: { email: 'Spammer@Bad.example' } }, { lists: { blockedEmails: ['spammer@bad.example'] } });
      expect(signal).toMatchObject({ force: 'spam', kind: 'spam', score: 3, reason: 'The email address is on the blocked list' });
    });

    it('forces spam for a blocked IP, exact or within a CIDR range, IPv4 and IPv6', () => {
      const lists = { blockedIps: ['198.51.100.0/24', '192.0.2.9', '2001:db8::/32'] };
      expect(check({ ip: '198.51.100.77' }, { lists })[0]).toMatchObject({ force: 'spam', evidence: { ip: '198.51.100.77' } });
      expect(check({ ip: '192.0.2.9' }, { lists })[0]!.force).toBe('spam');
      expect(check({ ip: '::ffff:192.0.2.9' }, { lists })[0]!.force).toBe('spam');
      expect(check({ ip: '2001:db8:1::5' }, { lists })[0]!.force).toBe('spam');
      expect(check({ ip: '198.51.101.1' }, { lists })).toEqual([]);
      expect(check({ ip: '192.0.2.10' }, { lists })).toEqual([]);
    });

    it('sees an IP added to the same list in place (settings edited at run time)', () => {
      const lists = { blockedIps: ['192.0.2.1'] };
      expect(check({ ip: '192.0.2.2' }, { lists })).toEqual([]);
      lists.blockedIps.push('192.0.2.2');
      expect(check({ ip: '192.0.2.2' }, { lists })[0]!.force).toBe('spam');
    });

    it('ignores blocked-IP entries that are not addresses rather than crashing', () => {
      expect(check({ ip: '203.0.113.7' }, { lists: { blockedIps: ['not-an-ip', '10.0.0.0/99', '', '203.0.0.0/', '203.0.0.0/ 8', '0.0.0.0/x'] } })).toEqual([]);
    });

    it('blocks a domain in the email address, website, links and mention source, subdomains included', () => {
      const lists = { blockedDomains: ['spam.example'] };
      expect(check({ author: { email: 'a@mail.spam.example' } }, { lists })[0]!.reason).toBe('The blocked domain spam.example appears in the email address');
      expect(check({ author: { url: 'http://www.spam.example/x' } }, { lists })[0]!.evidence).toEqual({ domain: 'spam.example', where: ['website'] });
      expect(check({ links: ['https://shop.spam.example/buy', 'https://spam.example/'] }, { lists })).toHaveLength(1);
      expect(check({ type: 'webmention', mention: { source: 'https://spam.example/post' } }, { lists })[0]!.force).toBe('spam');
      expect(check({ author: { url: 'https://notspam.example/' } }, { lists })).toEqual([]);
    });

    it('names every place a blocked domain appears in one signal', () => {
      const signals = check({ author: { email: 'x@spam.example', url: 'https://spam.example' } }, { lists: { blockedDomains: ['*.spam.example'] } });
      expect(signals).toHaveLength(1);
      expect(signals[0]!.reason).toBe('The blocked domain spam.example appears in the email address and the website');
    });

    it('trusts an email on the trusted list', () => {
      expect(check({ author: { email: 'friend@home.example' } }, { lists: { trustedEmails: ['Friend@home.example'] } })[0]).toMatchObject({ kind: 'trust', score: -3 });
    });
  });

  it('rejects bad options at creation', () => {
    expect(() => createReputationFilter({ trustAfter: 0 }, deps)).toThrow(/filters\.reputation\.trustAfter/);
    expect(() => createReputationFilter({ trust: 1 }, deps)).toThrow(/Unknown option `filters\.reputation\.trust`/);
  });
});
