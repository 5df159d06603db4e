import { checkOptions } from '../errors.js';
import { foldText } from '../normalize/plain-text.js';
import { hostKey } from '../sender.js';
import { SELF_PROMOTION } from '../text/phrases.js';
import type { Filter, Signal } from '../types.js';
import type { FilterDeps } from './index.js';

export interface LinksOptions {
  /** This many links or more holds a submission for review (as WordPress does). Defaults to 2. */
  holdAt: number;
  /** This many links or more is spam on its own. Defaults to 5. */
  spamAt: number;
  /** Links per word of text at or above which a short, link-heavy message is suspect. Defaults to 0.2 (one link per 5 words). */
  maxRatio: number;
  /** Score of a domain written with letters from two alphabets (`shоp.com` with a Cyrillic о). Defaults to 3. */
  homographScore: number;
  /** Score of links through a URL shortener (bit.ly, t.co…). Defaults to 1.5. */
  shortenerScore: number;
  /** Score of a link to a social profile or link-in-bio page; one more with self-promotion wording. Defaults to 1. */
  promotionScore: number;
}

export const DEFAULTS: LinksOptions = { holdAt: 2, spamAt: 5, maxRatio: 0.2, homographScore: 3, shortenerScore: 1.5, promotionScore: 1 };

/** A domain as written, folded the way links are (`shоp.com` → `shop.com`). */
const foldedHost = (host: string) => hostKey(`http://${foldText(host)}`);

const LINK_IN_NAME = /https?:\/\/|\bwww\.|\b[a-z0-9-]+\.(?:com|net|org|info|biz|ru|cn|xyz|top|io|co|online|site|shop|store|club|pro)\b/i;

/** Services whose links hide where they lead. */
const SHORTENERS = new Set(
  ('bit.ly bitly.com tinyurl.com t.co goo.gl ow.ly is.gd v.gd buff.ly cutt.ly rebrand.ly shorturl.at rb.gy t.ly tiny.cc ' +
    'bl.ink s.id lnkd.in shorte.st adf.ly bc.vc ouo.io tr.im clck.ru u.to qps.ru vk.cc 0rz.tw dlvr.it shrtco.de ' +
    'short.io shorturl.com x.gd gg.gg soo.gd urlz.fr zpr.io surl.li kutt.it han.gy')
    .split(' '),
);
/** Pages that exist to send visitors on to someone's other links. */
const LINK_IN_BIO = new Set(
  ('linktr.ee beacons.ai lnk.bio bio.link taplink.cc allmylinks.com linkin.bio campsite.bio solo.to hoo.be msha.ke ' +
    'linkfly.to snipfeed.co stan.store linkpop.com direct.me tap.bio koji.to withkoji.com lnkfi.re fanlink.to ' +
    'linkbio.co biolinky.co contactin.bio lynk.id heylink.me many.link')
    .split(' '),
);
const PROFILE_PATHS: Record<string, { name: string; profile: (segments: string[]) => boolean }> = {
  'youtube.com': { name: 'a YouTube channel', profile: (s) => /^@./.test(s[0] ?? '') || (['channel', 'c', 'user'].includes(s[0] ?? '') && s.length >= 2) },
  'tiktok.com': { name: 'a TikTok profile', profile: (s) => /^@./.test(s[0] ?? '') },
  'instagram.com': { name: 'an Instagram profile', profile: (s) => s.length >= 1 && !['p', 'reel', 'reels', 'explore', 'stories', 'tv', 'accounts', 'about', 'developer'].includes(s[0]!) },
  'twitter.com': { name: 'an X/Twitter profile', profile: (s) => s.length === 1 && !['home', 'search', 'explore', 'i', 'intent', 'share', 'hashtag', 'settings'].includes(s[0]!) },
  'x.com': { name: 'an X/Twitter profile', profile: (s) => s.length === 1 && !['home', 'search', 'explore', 'i', 'intent', 'share', 'hashtag', 'settings'].includes(s[0]!) },
  'facebook.com': { name: 'a Facebook page', profile: (s) => s.length === 1 && !/\.php$/.test(s[0]!) && !['watch', 'share', 'sharer', 'events', 'help', 'policies', 'login'].includes(s[0]!) },
  'open.spotify.com': { name: 'a Spotify page', profile: (s) => ['artist', 'user', 'playlist', 'show', 'album', 'track'].includes(s[0] ?? '') },
  'soundcloud.com': { name: 'a SoundCloud page', profile: (s) => s.length >= 1 && !['discover', 'search', 'pages', 'terms-of-use'].includes(s[0]!) },
  'twitch.tv': { name: 'a Twitch channel', profile: (s) => s.length === 1 && !['directory', 'search', 'videos'].includes(s[0]!) },
  't.me': { name: 'a Telegram channel', profile: (s) => s.length >= 1 },
  'telegram.me': { name: 'a Telegram channel', profile: (s) => s.length >= 1 },
  'wa.me': { name: 'a WhatsApp contact', profile: (s) => s.length >= 1 },
  'chat.whatsapp.com': { name: 'a WhatsApp group', profile: (s) => s.length >= 1 },
  'onlyfans.com': { name: 'an OnlyFans page', profile: (s) => s.length >= 1 },
  'fansly.com': { name: 'a Fansly page', profile: (s) => s.length >= 1 },
  'threads.net': { name: 'a Threads profile', profile: (s) => /^@./.test(s[0] ?? '') },
  'vk.com': { name: 'a VK page', profile: (s) => s.length === 1 },
  'snapchat.com': { name: 'a Snapchat profile', profile: (s) => s[0] === 'add' },
  'pinterest.com': { name: 'a Pinterest profile', profile: (s) => s.length === 1 && !['pin', 'search', 'ideas'].includes(s[0]!) },
};

/** What kind of self-promotion page a link is, or undefined for an ordinary link. */
export function promotionPage(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  let host = parsed.hostname.toLowerCase();
  for (const prefix of ['www.', 'm.', 'mobile.', 'music.', 'vm.']) if (host.startsWith(prefix)) host = host.slice(prefix.length);
  if (LINK_IN_BIO.has(host) || host.endsWith('.carrd.co') || host.endsWith('.linktr.ee')) return `a link-in-bio page (${host})`;
  const rule = PROFILE_PATHS[host];
  if (!rule) return undefined;
  const segments = parsed.pathname.split('/').filter(Boolean);
  return rule.profile(segments) ? rule.name : undefined;
}

const shortenerOf = (url: string) => {
  const host = hostKey(url);
  return SHORTENERS.has(host) ? host : undefined;
};

/** Words of the folded text that are not web addresses (any alphabet counts). */
function wordsBesideLinks(text: string): number {
  let words = 0;
  for (const word of text.split(' ')) {
    if (!word || word.startsWith('http://') || word.startsWith('https://') || word.startsWith('www.')) continue;
    if (/[\p{L}\p{N}]/u.test(word)) words++;
  }
  return words;
}

/** Occurrences of a lower-case needle in a string, scanned forward once. */
function occurrences(haystack: string, needle: string): number {
  let n = 0;
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Anchors in sanitized content (sanitizeContent writes every link as `<a href=…`). */
const anchorCount = (content: string) => (content.includes('<a') ? occurrences(content.toLowerCase(), '<a href') : 0);
const bbcodeCount = (content: string) => {
  if (!content.includes('[')) return 0;
  const lower = content.toLowerCase();
  return occurrences(lower, '[url]') + occurrences(lower, '[url=');
};

/** One entry per address: "http://www.x.com" and "https://x.com/" are the same link. */
function distinct(links: string[]): string[] {
  const seen = new Map<string, string>();
  for (const link of links) {
    let key = link;
    try {
      const url = new URL(link);
      key = `${hostKey(link)}${url.pathname.replace(/\/$/, '')}${url.search}`;
    } catch { /* keep the raw string as its own key */ }
    if (!seen.has(key)) seen.set(key, link);
  }
  return [...seen.values()];
}

/** The distinct links that point away from the site itself. */
function otherSitesLinks(links: string[], siteUrl: string): string[] {
  const own = hostKey(siteUrl);
  return distinct(links).filter((link) => own === '' || hostKey(link) !== own);
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function createLinksFilter(options: Record<string, unknown> | undefined, _deps: FilterDeps): Filter {
  const opts = checkOptions('filters.links', options, DEFAULTS, {
    holdAt: { kind: 'number', min: 1 },
    spamAt: { kind: 'number', min: 1 },
    maxRatio: { kind: 'number', min: 0 },
    homographScore: { kind: 'number', min: 0 },
    shortenerScore: { kind: 'number', min: 0 },
    promotionScore: { kind: 'number', min: 0 },
  });
  const spamAt = Math.max(opts.spamAt, opts.holdAt + 1);

  return {
    name: 'links',
    check(submission, context) {
      const signals: Signal[] = [];
      const links = submission.links.length === 0 ? [] : otherSitesLinks(submission.links, context.site.url);
      const count = links.length;

      if (count >= opts.holdAt) {
        const score = Math.min(6, 1 + ((count - opts.holdAt) * 2) / (spamAt - opts.holdAt));
        signals.push({
          filter: 'links', score, kind: count >= spamAt ? 'spam' : 'hold',
          reason: `${plural(count, 'link')} in the message (${count >= spamAt ? `${spamAt} or more look like spam` : `${opts.holdAt} or more are held for review`})`,
          publicReason: count >= spamAt ? 'too many links' : 'held for review',
          evidence: { count, holdAt: opts.holdAt, spamAt, links },
        });
      }
      const words = count === 0 ? 0 : wordsBesideLinks(submission.text);
      if (count > 0 && (words === 0 || count / words >= opts.maxRatio)) {
        signals.push({
          filter: 'links', score: words === 0 ? 1.5 : 1, kind: 'spam',
          reason: words === 0 ? `${plural(count, 'link')} and no other text` : `${plural(count, 'link')} in ${plural(words, 'word')} of text`,
          publicReason: 'held for review',
          evidence: { count, words, ratio: words === 0 ? null : count / words, maxRatio: opts.maxRatio },
        });
      }
      const anchors = anchorCount(submission.content);
      if (anchors > 0) {
        signals.push({
          filter: 'links', score: Math.min(1.5, 0.5 + 0.25 * (anchors - 1)), kind: 'spam',
          reason: `${plural(anchors, 'HTML link')} (<a href>) written into the message`,
          publicReason: 'held for review', evidence: { anchors },
        });
      }
      const bbcode = bbcodeCount(submission.content);
      if (bbcode > 0) {
        signals.push({
          filter: 'links', score: anchors > 0 ? 1.5 : 1, kind: 'spam',
          reason: `${plural(bbcode, 'BBCode [url] link')}${anchors > 0 ? ', next to HTML links (markup for several kinds of forum)' : ''}`,
          publicReason: 'held for review', evidence: { bbcode, anchors },
        });
      }
      const homographs = submission.homographs ?? [];
      if (homographs.length > 0) {
        signals.push({
          filter: 'links', score: opts.homographScore, kind: 'spam',
          reason: `${plural(homographs.length, 'web address', 'web addresses')} written with letters from two alphabets, a disguise (${homographs.slice(0, 3).join(', ')})`,
          publicReason: 'held for review', evidence: { homographs },
        });
      }
      const hidden = (submission.disguisedLinks ?? []).filter((link) => !homographs.some((h) => hostKey(link) === foldedHost(h)));
      if (hidden.length > 0) {
        signals.push({
          filter: 'links', score: 2, kind: 'spam',
          reason: `${plural(hidden.length, 'disguised web address', 'disguised web addresses')} (spelled out or hidden with invisible characters to get past link filters)`,
          publicReason: 'held for review', evidence: { obfuscated: hidden },
        });
      }
      const shortened = [...new Set(links.map(shortenerOf).filter((h): h is string => h !== undefined))];
      if (shortened.length > 0) {
        signals.push({
          filter: 'links', score: opts.shortenerScore, kind: 'spam',
          reason: `Links through a URL shortener (${shortened.join(', ')}), which hides where they lead`,
          publicReason: 'held for review', evidence: { shorteners: shortened },
        });
      }
      const promoted = links.map((link) => ({ link, page: promotionPage(link) })).filter((p): p is { link: string; page: string } => p.page !== undefined);
      if (promoted.length > 0) {
        const wording = SELF_PROMOTION.filter((phrase) => submission.text.includes(phrase)).slice(0, 3);
        signals.push({
          filter: 'links', score: wording.length > 0 ? opts.promotionScore + 1 : opts.promotionScore, kind: 'spam',
          reason: `Links to ${promoted[0]!.page}${promoted.length > 1 ? ` and ${promoted.length - 1} more profile page${promoted.length > 2 ? 's' : ''}` : ''}`
            + (wording.length > 0 ? `, with self-promotion ("${wording.join('", "')}")` : ''),
          publicReason: 'held for review', evidence: { profiles: promoted.map((p) => p.link), wording },
        });
      }
      // A mention's name is the blog's name, the page's title or, lacking both, the source's host name: not a
      // person hiding a link in a name field.
      if (!submission.mention && LINK_IN_NAME.test(submission.author.name)) {
        signals.push({
          filter: 'links', score: 1.5, kind: 'spam',
          reason: `The name field holds a web address: "${submission.author.name.slice(0, 80)}"`,
          publicReason: 'held for review', evidence: { name: submission.author.name },
        });
      }
      return signals;
    },
  };
}
