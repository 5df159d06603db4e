import { checkOptions, DoorkeepError } from '../errors.js';
import type { Filter, Signal, Submission } from '../types.js';
import type { FilterDeps } from './index.js';

export interface OutreachOptions {
  /** Extra phrases (plain, case-insensitive) with their weight, e.g. { "podcast swap": 1 }. Defaults to {}. */
  phrases: Record<string, unknown>;
  /** The total score is capped here. Defaults to 4. */
  maxScore: number;
}

export const DEFAULTS: OutreachOptions = { phrases: {}, maxScore: 4 };

/** The outreach lexicon: what a phrase is called in reasons, how it is matched, how much it weighs. */
const LEXICON: [label: string, pattern: RegExp, weight: number][] = [
  ['guest post', /\bguest[- ]?(post|posting|article|blog(ger|ging)?|contribution)s?\b/, 1],
  ['write for us', /\bwrite for (us|you|your (blog|site))\b/, 1],
  ['sponsored content', /\bsponsor(ed|ship)? (post|content|article|placement|opportunit(y|ies))s?\b/, 1],
  ['link insertion', /\b(link insertion|insert(ing)? (a|our|my) (link|backlink)|(add|adding|place|placing|include|including) (a|our|my) (do-?follow )?(link|backlink))\b/, 1.2],
  ['backlinks', /\b(back-?links?|do-?follow|link exchange|link building|niche edits?)\b/, 1.2],
  ['DA/DR', /\b(domain (authority|rating)|(da|dr)\s?[:=]?\s?\d{2}\+?|\d{2}\+? (da|dr)\b)/, 1],
  ['our client', /\b(our|my) clients?\b|\bon behalf of\b/, 0.8],
  ['rates', /\b(your|what are your|standard|advertising|sponsorship) (rates?|pricing|fees?)\b|\brate card\b|\bpaid (post|placement|collaboration)s?\b/, 0.8],
  ['partnership offer', /\b(partnership|collaboration|collab) (opportunit(y|ies)|proposal|offer|inquiry|request)\b|\b(partner|collaborate|collab) with you\b/, 1],
  ['work with you', /\bwork(ing)? with you\b/, 0.5],
  ['feature you', /\b(love|like|happy|want) to (feature|interview|spotlight) you\b|\bfeature (you|your (blog|site|brand|work))\b/, 1],
  ['collaboration', /\b(collaborat(e|ion|ing)|partnership)\b/, 0.5],
  ['quick question', /\bquick question\b/, 0.5],
  ['follow-up bump', /\b(following up|follow(ing)?[- ]up on|just (bumping|checking in)|bump(ing)? this|circling back|did you (get|have) a chance|touch(ing)? base|my (previous|last|earlier) (email|message|note))\b/, 0.8],
  ['reaching out', /\b(reach(ing)? out|get in touch)\b/, 0.4],
  ['our agency', /\b(our|my) (agency|team|company|brand|marketing team)\b|\bwe specialize\b|\bseo\b|\boutreach\b/, 0.5],
  ['audience pitch', /\byour (readers|audience|visitors|followers) (would|will|might) (love|enjoy|benefit|find)\b|\b(relevant|valuable) (to|for) your (readers|audience)\b/, 0.7],
  ['win-win', /\b(mutually beneficial|win-win|exposure for)\b/, 0.6],
  ['found your blog', /\bi (came|stumbled) (across|upon) your (blog|site|website|article|post|content|work)\b/, 0.4],
  ['let me know if interested', /\b(let me know if (you('re| are)|you'd be) (interested|open)|would you be (interested|open) (in|to)|are you open to)\b/, 0.6],
  ['hope this finds you well', /\bhope (this|my) (email|message|note) finds you well\b|\bhope you('re| are) (doing )?well\b/, 0.3],
];

function escape(phrase: string): string {
  return phrase.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}

export function createOutreachFilter(options: Record<string, unknown> | undefined, _deps: FilterDeps): Filter {
  const o = checkOptions('filters.outreach', options, DEFAULTS, { phrases: 'object', maxScore: { kind: 'number', min: 0 } });
  const lexicon = [...LEXICON];
  for (const [phrase, weight] of Object.entries(o.phrases)) {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || phrase.trim() === '') {
      throw new DoorkeepError('ERR_DK_OPTIONS', `\`filters.outreach.phrases\` maps a phrase to a number; '${phrase}' has ${String(weight)}.`, {
        field: `filters.outreach.phrases.${phrase}`,
      });
    }
    lexicon.push([phrase.trim().toLowerCase(), new RegExp(`\\b${escape(phrase.trim())}\\b`), weight]);
  }

  return {
    name: 'outreach',
    check(submission: Submission): Signal | null {
      const text = `${submission.subject ?? ''} ${submission.text}`.toLowerCase();
      const found: { phrase: string; said: string; weight: number }[] = [];
      for (const [phrase, pattern, weight] of lexicon) {
        const match = pattern.exec(text);
        if (match) found.push({ phrase, said: match[0], weight });
      }
      const total = found.reduce((sum, f) => sum + f.weight, 0);
      if (total <= 0) return null;
      const score = Math.round(Math.min(o.maxScore, total) * 100) / 100;
      found.sort((a, b) => b.weight - a.weight);
      return {
        filter: 'outreach', score, kind: 'pitch',
        reason: `Reads like outreach: ${found.map((f) => `'${f.said}'`).join(', ')}`,
        publicReason: 'held for review',
        evidence: { phrases: found.map((f) => f.phrase), said: found.map((f) => f.said) },
      };
    },
  };
}
