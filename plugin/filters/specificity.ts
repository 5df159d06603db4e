/**
 * Generic text: how much of a comment is about this post rather than any post on any site. "Great post,
 * very informative! Thanks for sharing." fits under every article ever written; alone it is harmless, but
 * generic praise plus a link (in the message or in the author's website field) is the oldest
 * comment-spam pattern. A comment that names what the post talks about, or says anything the generic
 * vocabulary does not cover (another language, a question, a detail), is not generic.
 */
import { checkOptions } from '../errors.js';
import { perPost, postText } from '../knowledge/corpus.js';
import { hostKey as hostOf } from '../sender.js';
import { commercialHostWord, GENERIC_WORDS } from '../text/phrases.js';
import { STOP_WORDS, stem, words } from '../text/tokenize.js';
import type { Filter, Signal } from '../types.js';
import type { FilterDeps } from './index.js';

export interface SpecificityOptions {
  /** Score of generic text with a link in the message. Defaults to 1.5. */
  linkScore: number;
  /** Score of generic text with a website in the author field (and no link in the message). Defaults to 1.5. */
  authorUrlScore: number;
  /** Messages with more words than this are not judged (long messages are rarely all boilerplate). Defaults to 60. */
  maxWords: number;
  /** Added when the linked site's name is a shop window ("cheap-essays.example", "bestcasinobonus.example"). Defaults to 1.5. */
  commercialHostScore: number;
}

export const DEFAULTS: SpecificityOptions = { linkScore: 1.5, authorUrlScore: 1.5, maxWords: 60, commercialHostScore: 1.5 };

interface PostWords {
  stems: Set<string>;
  prefixes: Set<string>;
}

const PREFIX = 5;

/** The post's words as stems and five-letter prefixes (so "fermenting" matches "ferment"), computed once per post text. */
const wordsOfPost = perPost((post): PostWords => {
  const stems = new Set<string>();
  const prefixes = new Set<string>();
  for (const word of words(postText(post))) {
    if (word.length < 3 || STOP_WORDS.has(word)) continue;
    stems.add(stem(word));
    if (word.length >= PREFIX + 1) prefixes.add(word.slice(0, PREFIX));
  }
  return { stems, prefixes };
});

const isUrlWord = (word: string) => word.startsWith('http') || word.startsWith('www.') || /\.[\p{L}\p{N}]/u.test(word);

export function createSpecificityFilter(options: Record<string, unknown> | undefined, _deps: FilterDeps): Filter {
  const o = checkOptions('filters.specificity', options, DEFAULTS, {
    linkScore: { kind: 'number', min: 0 },
    authorUrlScore: { kind: 'number', min: 0 },
    maxWords: { kind: 'number', min: 1 },
    commercialHostScore: { kind: 'number', min: 0 },
  });

  return {
    name: 'specificity',
    types: ['comment'],
    check(submission, context): Signal | null {
      const own = hostOf(context.site.url);
      const links = submission.links.filter((link) => hostOf(link) !== own);
      const authorHost = hostOf(submission.author.url);
      const authorUrl = authorHost !== '' && authorHost !== own;
      if (links.length === 0 && !authorUrl) return null; // generic without a link is not spam

      const generic: string[] = [];
      let specific = 0;
      let total = 0;
      const post = context.post ? wordsOfPost(context.post) : undefined;
      const onPost: string[] = [];
      for (const raw of submission.text.split(' ')) {
        if (!raw || isUrlWord(raw)) continue;
        for (const word of words(raw)) {
          if (/^\d+$/.test(word)) continue;
          total++;
          if (total > o.maxWords) return null;
          if (GENERIC_WORDS.has(word) || STOP_WORDS.has(word)) {
            if (!STOP_WORDS.has(word) && generic.length < 6 && !generic.includes(word)) generic.push(word);
            continue;
          }
          specific++;
          if (post && (post.stems.has(stem(word)) || (word.length > PREFIX && post.prefixes.has(word.slice(0, PREFIX))))) onPost.push(word);
        }
      }
      // Generic: nothing beyond the boilerplate vocabulary, or one word in a longer run of it.
      // ("This is really helpful": three words or more, none of them specific, is boilerplate however few of them are praise.)
      const isGeneric = (total >= 2 && generic.length >= 2 && (specific === 0 || (specific === 1 && total >= 6 && onPost.length === 0)))
        || (total >= 3 && generic.length >= 1 && specific === 0);
      if (!isGeneric) return null;

      const where = links.length > 0
        ? `${links.length === 1 ? 'a link' : `${links.length} links`} in the message${authorUrl ? ' and a website in the author field' : ''}`
        : `a website in the author field (${authorHost})`;
      const hosts = [...links.map(hostOf), ...(authorUrl ? [authorHost] : [])];
      let shop: { host: string; word: string } | undefined;
      for (const host of hosts) {
        const word = commercialHostWord(host);
        if (word) {
          shop = { host, word };
          break;
        }
      }
      const score = (links.length > 0 ? o.linkScore + (authorUrl ? 0.5 : 0) : o.authorUrlScore) + (shop ? o.commercialHostScore : 0);
      return {
        filter: 'specificity', score, kind: 'spam',
        reason: `Generic text that could sit under any post ("${generic.join('", "')}"), with ${where}${shop ? `; ${shop.host} is named to sell ('${shop.word}')` : ''}`,
        publicReason: 'held for review',
        evidence: { generic, words: total, specific, links: links.length, authorUrl: authorUrl ? submission.author.url : null, ...(shop ? { commercialHost: shop.host } : {}) },
      };
    },
  };
}
