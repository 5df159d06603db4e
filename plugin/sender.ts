/**
 * Who sent a submission, as the store, the filters and the admin all see it: one e-mail rule, one IP
 * rule, one URL-host rule. Every store indexes with these keys and every lookup passes through them,
 * so "https://www.shop.example" and "shop.example" are the same sender everywhere.
 */
import type { Submission } from './types.js';

/** An e-mail address as a key: trimmed, lower-case ('' when none). */
export function emailKey(email: string | undefined): string {
  return email ? email.trim().toLowerCase() : '';
}

/** An IP address as a key: trimmed, lower-case, without [brackets]; an IPv4-mapped IPv6 address ("::ffff:1.2.3.4") as plain IPv4. */
export function ipKey(ip: string | undefined): string {
  if (!ip) return '';
  const address = ip.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return address.startsWith('::ffff:') && /^::ffff:\d{1,3}(?:\.\d{1,3}){3}$/.test(address) ? address.slice(7) : address;
}

/**
 * The host of a URL or a bare host name as a key: lower-case, without a trailing dot and without one
 * leading "www." (the one `www.` rule); '' when there is no host.
 */
export function hostKey(url: string | undefined): string {
  if (!url) return ''; // most submissions give no website: skip the URL parser and its exception
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`).hostname;
  } catch {
    return '';
  }
  host = host.toLowerCase().replace(/\.$/, '');
  return host.startsWith('www.') ? host.slice(4) : host;
}

/** True when `host` is `domain` or one of its subdomains (both given as hostKey() keys). */
export function inDomain(host: string, domain: string): boolean {
  return host !== '' && domain !== '' && (host === domain || host.endsWith(`.${domain}`));
}

export interface SenderKeys {
  email: string;
  ip: string;
  /** The host of a mention's source, else of the author's website. */
  urlHost: string;
}

/** The keys a submission is counted under (empty strings for what it lacks). */
export function senderKeys(s: Pick<Submission, 'author' | 'ip' | 'mention'>): SenderKeys {
  return { email: emailKey(s.author?.email), ip: ipKey(s.ip), urlHost: hostKey(s.mention?.source || s.author?.url) };
}

/** The same keys as a store lookup: only those present. */
export function senderLookup(s: Pick<Submission, 'author' | 'ip' | 'mention'>): { email?: string; ip?: string; urlHost?: string } {
  const keys = senderKeys(s);
  return { ...(keys.email && { email: keys.email }), ...(keys.ip && { ip: keys.ip }), ...(keys.urlHost && { urlHost: keys.urlHost }) };
}

/** One stable id per sender, for template campaigns: the e-mail address, else "ip:" and the IP. */
export function senderId(s: Pick<Submission, 'author' | 'ip'>): string {
  const email = emailKey(s.author?.email);
  return email ? email : `ip:${ipKey(s.ip)}`;
}
