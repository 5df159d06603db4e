/**
 * What a message promotes. Two kinds of ordinary spam say so in their words:
 * - a trade comment spam sells (pills, casinos, crypto schemes, essays, SEO, loans, adult content,
 *   counterfeits: plugin/text/trades.ts), named in the text or in the address it links to
 *   ("coin-kazino.xyz");
 * - a request to subscribe to, follow or visit the writer's own channel or profile ("sub 4 sub",
 *   "check out my channel").
 * Either alone holds a message at most; with a link to another site (in the message or the author's
 * website field) it leans spam, and agreeing evidence from another check makes it spam. For pingbacks,
 * trackbacks and webmentions only the trades count (the source page is the link). A trade the post
 * itself talks about is not held against a comment (a post on gambling addiction draws comments that
 * say "casino").
 */
import { checkOptions } from '../errors.js';
import { perPost, postText } from '../knowledge/corpus.js';
import { foldText } from '../normalize/plain-text.js';
import { hostKey } from '../sender.js';
import { SELF_PROMOTION_ASKS, TRADES } from '../text/trades.js';
import { words } from '../text/tokenize.js';
import type { Filter, Signal, Submission } from '../types.js';
import type { FilterDeps } from './index.js';

export interface PromotionOptions {
  /** Score of one trade term with a link to another site; one term more, or a host named for the trade, adds `extraScore`. Defaults to 2.5. */
  tradeLinkScore: number;
  /** Score of a link whose address names a trade, when the text names none. Defaults to 2. */
  tradeHostScore: number;
  /** Score of trade terms without any link. Defaults to 1. */
  tradeScore: number;
  /** Added for a second trade term or a host named for the trade. Defaults to 1. */
  extraScore: number;
  /** Score of asking readers to subscribe to, follow or visit the writer's channel, without a link. Defaults to 2. */
  askScore: number;
  /** Score of that request with a link to another site (or a website in the author field). Defaults to 3. */
  askLinkScore: number;
  /** Score of a comment asking readers to call, text or message a phone number (not on contact forms, where leaving a number is what the form is for). Below the hold threshold: it only adds to another check. Defaults to 0.9. */
  callScore: number;
}

export const DEFAULTS: PromotionOptions = { tradeLinkScore: 2.5, tradeHostScore: 2, tradeScore: 1, extraScore: 1, askScore: 2, askLinkScore: 3, callScore: 0.9 };

/** Hosts a reader cites for reference: a link there is not a shop window. */
const REFERENCE_HOSTS = ['wikipedia.org', 'wikimedia.org', 'wiktionary.org', 'github.com', 'gitlab.com', 'stackoverflow.com', 'stackexchange.com', 'archive.org', 'doi.org', 'arxiv.org', 'ncbi.nlm.nih.gov', 'who.int'];
const isReference = (host: string) => REFERENCE_HOSTS.some((h) => host === h || host.endsWith(`.${h}`)) || /\.(gov|edu)(\.[a-z]{2})?$/.test(host);

const HAN = /\p{Script=Han}/u;
const PREFIX_MIN = 5;

interface Phrase { words: string[]; label: string; group: number }

/**
 * A phrase matcher that reads each word once: phrases indexed by their first word (a single word of
 * five letters or more also by itself as a prefix), Chinese phrases found as substrings.
 */
class PhraseIndex {
  private readonly byFirst = new Map<string, Phrase[]>();
  private readonly prefixes = new Map<string, Phrase[]>();
  private readonly han: Phrase[] = [];
  private readonly lengths = new Set<number>();

  add(label: string, group: number): void {
    if (HAN.test(label) && !label.includes(' ')) {
      this.han.push({ words: [label], label, group });
      return;
    }
    const list = words(label);
    if (list.length === 0) return;
    const phrase = { words: list, label, group };
    if (list.length === 1 && list[0]!.length >= PREFIX_MIN) {
      push(this.prefixes, list[0]!, phrase);
      this.lengths.add(list[0]!.length);
    } else push(this.byFirst, list[0]!, phrase);
  }

  /** The phrases found in the text, each once; `list` is words(text), when the caller has it already. */
  find(text: string, list = words(text)): Phrase[] {
    const found = new Set<Phrase>();
    for (let i = 0; i < list.length; i++) {
      const word = list[i]!;
      for (const length of this.lengths) {
        if (length > word.length) continue;
        for (const p of this.prefixes.get(word.slice(0, length)) ?? []) found.add(p);
      }
      for (const p of this.byFirst.get(word) ?? []) {
        if (found.has(p) || i + p.words.length > list.length) continue;
        let ok = true;
        for (let k = 1; k < p.words.length && ok; k++) {
          const want = p.words[k]!;
          const got = list[i + k]!;
          ok = k === p.words.length - 1 && want.length >= PREFIX_MIN ? got.startsWith(want) : got === want;
        }
        if (ok) found.add(p);
      }
    }
    if (this.han.length && HAN.test(text)) for (const p of this.han) if (text.includes(p.label)) found.add(p);
    return [...found];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const TRADE_INDEX = new PhraseIndex();
TRADES.forEach((trade, group) => trade.terms.forEach((term) => TRADE_INDEX.add(term, group)));
const ASK_INDEX = new PhraseIndex();
SELF_PROMOTION_ASKS.forEach((ask) => ASK_INDEX.add(ask, 0));

/** The trades a post itself talks about, computed once per post text. */
const tradesOfPost = perPost((post): Set<number> => {
  const text = postText(post);
  const trades = new Set(TRADE_INDEX.find(text).map((p) => p.group));
  const joined = text.replace(/[^\p{L}\p{N}]+/gu, '');
  TRADES.forEach((trade, group) => { if (trade.hostWords.some((w) => joined.includes(w))) trades.add(group); });
  return trades;
});

/** A phone number: nine digits or more in a row, spaces, dots and dashes between them ignored. */
function phoneNumber(text: string): string | undefined {
  let digits = '';
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 0;
    if (code >= 48 && code <= 57) {
      if (start < 0) start = i;
      digits += text[i];
    } else if (start >= 0 && (code === 32 || code === 45 || code === 46) && i + 1 < text.length && /\d/.test(text[i + 1]!)) {
      continue;
    } else {
      if (digits.length >= 9 && digits.length <= 15) return text.slice(start, i);
      digits = '';
      start = -1;
    }
  }
  return undefined;
}

/** Messengers a message can send readers to instead of a link ("ask me how on WhatsApp"). */
const MESSENGER_NAMES = ['WhatsApp', 'Telegram', 'WeChat', 'Viber', 'Snapchat', 'Kik', 'Ватсап', 'Телеграм', 'Телеграмм', 'Вайбер', '微信'];
/** Folded as the text they are looked for in (foldText turns Cyrillic look-alike letters Latin), with the name to show. */
const MESSENGERS = new Map(MESSENGER_NAMES.map((name) => [foldText(name), name]));

/**
 * Words that ask for a phone number to be called, texted or messaged, in several languages. A number
 * alone is often something else (an order, an IP address, a date and time).
 */
const CALL_WORDS = new Set(foldText(
  'call|calls|calling|ring|dial|phone|tel|telephone|hotline|helpline|txt|text|sms|contact|reply|' +
  'llama|llámanos|llamanos|llámame|llamame|whatsappea|appelez|appelle|appeler|téléphone|anrufen|rufen|ruf|telefon|chiama|chiamaci|' +
  'ligue|ligar|liga|звоните|позвоните|звони|пишите|напишите|телефон|вотсап|电话|致电',
).split('|').concat([...MESSENGERS.keys()]));

const HANDLE_CHAR = /^[\p{L}\p{N}_.]$/u;
const WORD_CHAR = /^[\p{L}\p{N}]$/u;

/** A token without the punctuation around it ("(me@x.org)," → "me@x.org"); a leading @ is kept. */
function trimToken(token: string): string {
  let start = 0;
  let end = token.length;
  while (start < end && token[start] !== '@' && !WORD_CHAR.test(token[start]!)) start++;
  while (end > start && !WORD_CHAR.test(token[end - 1]!)) end--;
  return token.slice(start, end);
}

/** Only the letters of a token ("week," → "week"). */
const lettersOf = (token: string) => [...token].filter((ch) => /^\p{L}$/u.test(ch)).join('');

/**
 * Somewhere off this site to reach the sender, written out instead of linked: a phone number, a messenger,
 * an e-mail address, an @handle. A trade or a self-promotion ask with one of these is as good as with a link.
 */
export function offsiteContact(text: string, phone = phoneNumber(text)): string | undefined {
  if (phone) return `a phone number (${phone})`;
  for (const raw of text.split(' ')) {
    if (!raw) continue;
    const token = trimToken(raw);
    const at = token.indexOf('@');
    if (at === 0 && token.length >= 4 && [...token.slice(1)].every((ch) => HANDLE_CHAR.test(ch))) return `an @handle (${token})`;
    if (at > 0 && token.indexOf('.', at) > at + 1) return `an e-mail address (${token})`;
    const messenger = MESSENGERS.get(token.toLowerCase());
    if (messenger) return messenger;
  }
  if (text.includes('whats app')) return 'WhatsApp';
  return undefined;
}

const CURRENCY_SIGNS = '$€£₹₦₱¥';
const CURRENCY_WORDS = new Set(['dollars', 'dollar', 'usd', 'euros', 'euro', 'eur', 'pounds', 'gbp', 'bucks', 'rupees', 'naira', 'usdt', 'btc']);
const EARNING = new Set(['earn', 'earned', 'earning', 'earns', 'make', 'made', 'making', 'makes', 'profit', 'profits', 'profited', 'withdrew', 'withdraw', 'income', 'cashed', 'generate', 'generated', 'verdiene', 'verdient', 'gano', 'gané', 'ganhei', 'gagne', 'gagné', 'заработал', 'заработала', 'зарабатываю']);
const PERIODS = new Set(['day', 'daily', 'week', 'weekly', 'month', 'monthly', 'hour', 'hours', 'today', 'yesterday', 'days', 'weeks']);

/** "I earned $4,500 last week", "make 300 dollars a day": money claimed as easy income. */
export function incomeClaim(text: string): string | undefined {
  const tokens = text.split(' ').filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const signed = CURRENCY_SIGNS.includes(t[0]!) && /\d/.test(t[1] ?? '') || /^\d[\d,.]*k?[$€£₹]$/.test(t);
    const worded = /^\d[\d,.]*k?$/.test(t) && CURRENCY_WORDS.has(lettersOf(tokens[i + 1] ?? ''));
    if (!signed && !worded) continue;
    const before = tokens.slice(Math.max(0, i - 4), i).map(lettersOf);
    const after = tokens.slice(i + 1, i + 5).map(lettersOf);
    if (before.some((w) => EARNING.has(w)) || after.some((w) => PERIODS.has(w))) {
      const claim = tokens.slice(Math.max(0, i - 2), i + 3).join(' ');
      let end = claim.length;
      while (end > 0 && !WORD_CHAR.test(claim[end - 1]!)) end--;
      return claim.slice(0, end);
    }
  }
  return undefined;
}

/** "80% off": a shop's discount. */
function percentOff(text: string): string | undefined {
  const tokens = text.split(' ');
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (/^\d{1,2}%$/.test(tokens[i]!) && /^off\b/.test(tokens[i + 1]!)) return `${tokens[i]} off`;
  }
  return undefined;
}

const EASY_MONEY = TRADES.findIndex((t) => t.name === 'loans and easy money');
const SHOPPING = TRADES.findIndex((t) => t.name === 'online shopping');

const TEXT_VERBS = new Set(['txt', 'text', 'send', 'reply', 'sms']);
/** "Text WIN to 87121": a premium-rate short code, which no reader asks of another. */
function shortCode(words: string[]): string | undefined {
  for (let i = 1; i + 1 < words.length; i++) {
    if (words[i] !== 'to' || !/^\d{4,6}$/.test(words[i + 1]!)) continue;
    for (let k = Math.max(0, i - 5); k < i; k++) if (TEXT_VERBS.has(words[k]!)) return words.slice(k, i + 2).join(' ');
  }
  return undefined;
}

const round = (n: number) => Math.round(n * 100) / 100;
const quote = (list: string[]) => list.slice(0, 3).map((s) => `'${s}'`).join(', ');

export function createPromotionFilter(options: Record<string, unknown> | undefined, _deps: FilterDeps): Filter {
  const o = checkOptions('filters.promotion', options, DEFAULTS, {
    tradeLinkScore: { kind: 'number', min: 0 },
    tradeHostScore: { kind: 'number', min: 0 },
    tradeScore: { kind: 'number', min: 0 },
    extraScore: { kind: 'number', min: 0 },
    askScore: { kind: 'number', min: 0 },
    askLinkScore: { kind: 'number', min: 0 },
    callScore: { kind: 'number', min: 0 },
  });

  return {
    name: 'promotion',
    check(submission: Submission, context): Signal[] | null {
      const own = hostKey(context.site.url);
      const hosts = new Set<string>();
      for (const link of submission.links) hosts.add(hostKey(link));
      const authorHost = hostKey(submission.author.url);
      if (authorHost) hosts.add(authorHost);
      if (submission.mention) hosts.add(hostKey(submission.mention.source));
      // A mention is read with its source page, which is where a shop says what it sells. The words around the
      // link were cut from that page (with its navigation: "Shop", "Now"), so only a trackback's own words, which
      // its sender wrote, are read besides the page.
      const page = submission.mention?.page;
      const text = page ? `${submission.type === 'trackback' ? submission.text : ''} ${foldText(page.text)}` : submission.text;
      hosts.delete('');
      hosts.delete(own);
      const outside = [...hosts].filter((h) => !isReference(h));
      const where = submission.mention ? 'a source page' : authorHost && outside.length === 1 && outside[0] === authorHost && !submission.links.length ? 'the author\'s website' : 'a link';
      const number = submission.mention ? undefined : phoneNumber(text);
      const contact = submission.mention ? undefined : offsiteContact(text, number);
      const list = words(text);
      const onTopic = context.post ? tradesOfPost(context.post) : new Set<number>();
      const signals: Signal[] = [];

      // Trades: terms in the text, words in the addresses.
      const terms = new Map<number, string[]>();
      for (const p of TRADE_INDEX.find(text, list)) if (!onTopic.has(p.group)) push(terms, p.group, p.label);
      if (!submission.mention) {
        const income = incomeClaim(text);
        if (income && !onTopic.has(EASY_MONEY)) push(terms, EASY_MONEY, income);
        const off = percentOff(text);
        if (off && !onTopic.has(SHOPPING)) push(terms, SHOPPING, off);
      }
      const named = new Map<number, string[]>();
      for (const host of outside) {
        TRADES.forEach((trade, group) => {
          if (onTopic.has(group)) return;
          const word = trade.hostWords.find((w) => host.includes(w));
          if (word) push(named, group, host);
        });
      }
      const groups = new Set([...terms.keys(), ...named.keys()]);
      let best: Signal | undefined;
      for (const group of groups) {
        const said = terms.get(group) ?? [];
        const hostsNamed = named.get(group) ?? [];
        let score: number;
        const reachable = outside.length > 0 || contact !== undefined;
        if (said.length && reachable) score = o.tradeLinkScore + (said.length >= 2 || hostsNamed.length ? o.extraScore : 0);
        else if (hostsNamed.length) score = o.tradeHostScore;
        else score = o.tradeScore;
        const trade = TRADES[group]!.name;
        const parts = [
          said.length ? `names ${trade} (${quote(said)})` : '',
          hostsNamed.length ? `links to ${hostsNamed.slice(0, 2).join(', ')}, named for ${trade}` : said.length && outside.length ? `with ${where} to ${outside[0]}` : said.length && contact ? `with ${contact} to reach the sender` : '',
        ].filter(Boolean);
        if (!best || score > best.score) {
          best = {
            // Selling search-engine services is what outreach pitches do too: it counts towards the pitch inbox, not spam.
            filter: 'promotion', score: round(score), kind: TRADES[group]!.pitch ? 'pitch' : 'spam',
            reason: `Sells ${trade}: ${parts.join(', ')}`,
            publicReason: 'held for review',
            evidence: { trade, terms: said.slice(0, 5), hosts: hostsNamed.slice(0, 3), linked: outside.length > 0, ...(contact ? { contact } : {}) },
          };
        }
      }
      if (best) signals.push(best);

      // The rest reads what a person wrote, not a page behind a mention.
      if (submission.mention) return signals.length ? signals : null;

      // A premium-rate short code ("text WIN to 87121").
      const code = shortCode(list);
      if (code) {
        signals.push({
          filter: 'promotion', score: round(o.askScore), kind: 'spam',
          reason: `Asks for a text to a premium-rate short code ('${code}')`,
          publicReason: 'held for review',
          evidence: { shortCode: code },
        });
      }

      // Asking readers to call or text a number, when no trade above already counted it.
      if (number && !best && !code && submission.type !== 'contact-form' && o.callScore > 0) {
        const asked = list.find((w) => CALL_WORDS.has(w));
        if (asked) {
          signals.push({
            filter: 'promotion', score: round(o.callScore), kind: 'spam',
            reason: `Asks readers to call or text a phone number ('${asked}', ${number})`,
            publicReason: 'held for review',
            evidence: { phone: number, asked },
          });
        }
      }

      // Asking readers to subscribe, follow or visit the writer's own channel.
      const asks = ASK_INDEX.find(text, list).map((p) => p.label);
      if (asks.length) {
        const linked = outside.length > 0 || contact !== undefined;
        signals.push({
          filter: 'promotion', score: round(linked ? o.askLinkScore : o.askScore), kind: 'spam',
          reason: `Promotes the writer's own channel or profile (${quote(asks)})${outside.length ? ` with ${where} to ${outside[0]}` : contact ? ` with ${contact}` : ''}`,
          publicReason: 'held for review',
          evidence: { asks: asks.slice(0, 5), linked },
        });
      }
      return signals.length ? signals : null;
    },
  };
}
