import { BlockList, isIP } from 'node:net';
import { checkOptions } from '../errors.js';
import type { Filter, Lists, Signal, StatusCounts, Submission } from '../types.js';
import type { FilterDeps } from './index.js';
import { emailKey, hostKey, inDomain, ipKey } from '../sender.js';

export interface ReputationOptions {
  /** An email needs this many approved submissions (and no spam) to count as trusted. Defaults to 1. */
  trustAfter: number;
  /** An IP address this many different senders used is shared (an office, a school, a mobile network): its history weighs lightly. Defaults to 3. */
  sharedFrom: number;
}

export const DEFAULTS: ReputationOptions = { trustAfter: 1, sharedFrom: 3 };

/** Said of history that counts: a person's decision or strong evidence, never Doorkeep's learned guesses. */
const CONFIRMED = ' (by a moderator or by clear evidence)';

/** The sender's IP key ("::ffff:1.2.3.4" → "1.2.3.4"); "" when not an IP. */
function plainIp(ip: string): string {
  const address = ipKey(ip);
  return isIP(address) ? address : '';
}

let cached: { key: string; list: BlockList } | undefined;

/** Exact addresses and CIDR ranges; entries that are neither are ignored (settings validation reports them). */
function ipBlockList(entries: string[]): BlockList {
  const key = entries.join('\n');
  if (cached?.key === key) return cached.list;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.trim().split('/');
    const ip = plainIp(address);
    if (!ip) continue;
    const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    const bits = prefix !== undefined && /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (prefix === undefined) list.addAddress(ip, family);
    else if (Number.isInteger(bits) && bits >= 0 && bits <= (family === 'ipv4' ? 32 : 128)) list.addSubnet(ip, bits, family);
  }
  cached = { key, list };
  return list;
}

function blockedDomain(host: string, domains: string[]): string | undefined {
  if (!host) return undefined;
  return domains
    .map((d) => hostKey(d.trim().replace(/^\*?\./, '')))
    .find((d) => inDomain(host, d));
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

const bad = (counts: StatusCounts) => counts.spam + counts.discard;

function listSignals(submission: Submission, lists: Lists): Signal[] {
  const signals: Signal[] = [];
  const email = emailKey(submission.author.email);
  const blocked = (reason: string, evidence: Record<string, unknown>): Signal => ({
    filter: 'reputation', score: 3, kind: 'spam', force: 'spam', reason, publicReason: 'not accepted', evidence,
  });
  if (email && lists.blockedEmails.some((e) => emailKey(e) === email)) {
    signals.push(blocked('The email address is on the blocked list', { email }));
  }
  const ip = plainIp(submission.ip);
  if (ip && ipBlockList(lists.blockedIps).check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4')) {
    signals.push(blocked(`The IP address ${ip} is on the blocked list`, { ip }));
  }
  const places: [string, string][] = [
    ['email address', email.includes('@') ? hostKey(email.slice(email.lastIndexOf('@') + 1)) : ''],
    ['website', hostKey(submission.author.url)],
    ...submission.links.map((link): [string, string] => ['message', hostKey(link)]),
    ['mention source', submission.mention ? hostKey(submission.mention.source) : ''],
  ];
  const hits = new Map<string, string[]>();
  for (const [where, host] of places) {
    const domain = blockedDomain(host, lists.blockedDomains);
    if (domain) hits.set(domain, [...new Set([...(hits.get(domain) ?? []), where])]);
  }
  for (const [domain, where] of hits) {
    signals.push(blocked(`The blocked domain ${domain} appears in the ${where.join(' and the ')}`, { domain, where }));
  }
  if (email && lists.trustedEmails.some((e) => emailKey(e) === email)) {
    signals.push({
      filter: 'reputation', score: -3, kind: 'trust', reason: 'The email address is on the trusted list',
      publicReason: 'known sender', evidence: { email },
    });
  }
  return signals;
}

export function createReputationFilter(options: Record<string, unknown> | undefined, _deps: FilterDeps): Filter {
  const opts = checkOptions('filters.reputation', options, DEFAULTS, { trustAfter: { kind: 'number', min: 1 }, sharedFrom: { kind: 'number', min: 2 } });

  return {
    name: 'reputation',
    check(submission, context) {
      const signals = listSignals(submission, context.settings.lists);
      const { byEmail, byIp, byUrlHost, confirmed } = context.sender;
      // Only what a person decided, or strong evidence, counts against a sender (pipeline/sender-evidence.ts);
      // without that reading (a filter used on its own), the counts are taken as they are.
      const spamFrom = (key: 'byEmail' | 'byIp' | 'byUrlHost', counts: StatusCounts) => (confirmed ? confirmed[key]?.spam ?? 0 : bad(counts));
      const pitchFrom = (key: 'byEmail' | 'byIp' | 'byUrlHost', counts: StatusCounts) => (confirmed ? confirmed[key]?.pitch ?? 0 : counts.pitch);
      const hasEmail = submission.author.email.trim() !== '';
      if (hasEmail && bad(byEmail) === 0 && byEmail.approved >= opts.trustAfter) {
        signals.push({
          filter: 'reputation', score: -Math.min(2, 1 + 0.25 * (byEmail.approved - 1)), kind: 'trust',
          reason: `This email had ${plural(byEmail.approved, 'submission')} approved before and none marked spam`,
          publicReason: 'known sender', evidence: { byEmail },
        });
      }
      const emailSpam = spamFrom('byEmail', byEmail);
      const emailPitch = pitchFrom('byEmail', byEmail);
      if (hasEmail && emailSpam > 0) {
        signals.push({
          filter: 'reputation', score: Math.min(3, 1.5 + 0.5 * (emailSpam - 1)), kind: 'spam',
          reason: `This email sent ${plural(emailSpam, 'submission')} marked spam before${confirmed ? CONFIRMED : ''}`,
          publicReason: 'held for review', evidence: { byEmail, confirmed: confirmed?.byEmail },
        });
      } else if (hasEmail && emailPitch > 0) {
        signals.push({
          filter: 'reputation', score: Math.min(2, 1 + 0.25 * (emailPitch - 1)), kind: 'pitch',
          reason: `This email sent ${plural(emailPitch, 'message', 'messages')} filed as pitches before${confirmed ? CONFIRMED : ''}`,
          publicReason: 'held for review', evidence: { byEmail, confirmed: confirmed?.byEmail },
        });
      }
      const ipSpam = spamFrom('byIp', byIp);
      if (plainIp(submission.ip) && ipSpam > 0) {
        const senders = confirmed?.byIp?.senders ?? 1;
        const shared = senders >= opts.sharedFrom;
        signals.push({
          filter: 'reputation', score: shared ? Math.min(1, 0.5 + 0.1 * (ipSpam - 1)) : Math.min(2, 1 + 0.25 * (ipSpam - 1)), kind: 'spam',
          reason: shared
            ? `This IP address, which ${senders} different senders used, sent ${plural(ipSpam, 'submission')} marked spam before${CONFIRMED}: weighed lightly`
            : `This IP address sent ${plural(ipSpam, 'submission')} marked spam before${confirmed ? CONFIRMED : ''}`,
          publicReason: 'held for review', evidence: { byIp, confirmed: confirmed?.byIp, shared },
        });
      }
      const website = hostKey(submission.mention?.source || submission.author.url);
      const siteSpam = spamFrom('byUrlHost', byUrlHost);
      if (website && siteSpam > 0) {
        signals.push({
          filter: 'reputation', score: Math.min(2, 1 + 0.25 * (siteSpam - 1)), kind: 'spam',
          reason: `The website ${website} was given with ${plural(siteSpam, 'submission')} marked spam before${confirmed ? CONFIRMED : ''}`,
          publicReason: 'held for review', evidence: { byUrlHost, confirmed: confirmed?.byUrlHost },
        });
      }
      return signals;
    },
  };
}
