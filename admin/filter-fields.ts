/**
 * Each filter's options as settings-form fields: a label per option and the defaults the filter itself
 * uses. The compiler checks the tables against the filters' option types and the filter table.
 */
import type { FilterName } from '../plugin/filters/index.js';
import { DEFAULTS as classifier, type ClassifierFilterOptions } from '../plugin/filters/classifier.js';
import { DEFAULTS as flood, type FloodOptions } from '../plugin/filters/flood.js';
import { DEFAULTS as honeypot, type HoneypotOptions } from '../plugin/filters/honeypot.js';
import { DEFAULTS as links, type LinksOptions } from '../plugin/filters/links.js';
import { DEFAULTS as outreach, type OutreachOptions } from '../plugin/filters/outreach.js';
import { DEFAULTS as relevance, type RelevanceOptions } from '../plugin/filters/relevance.js';
import { DEFAULTS as reputation, type ReputationOptions } from '../plugin/filters/reputation.js';
import { DEFAULTS as similarity, type SimilarityFilterOptions } from '../plugin/filters/similarity.js';
import { DEFAULTS as words, type WordsOptions } from '../plugin/filters/words.js';

/** How an option is edited: a number, a set of choices (checkboxes), or "phrase = weight" lines. */
export type OptionKind = 'number' | 'choices' | 'weights';

export interface OptionField {
  key: string;
  label: string;
  kind: OptionKind;
  defaultValue: number | string[] | Record<string, unknown>;
}

export interface FilterFields {
  /** What the filter does, in a line. */
  about: string;
  options: OptionField[];
}

function fields<T extends object>(about: string, defaults: Required<T>, labels: { [K in keyof T]-?: string }): FilterFields {
  return {
    about,
    options: (Object.keys(labels) as (keyof T & string)[]).map((key) => {
      const value = defaults[key] as unknown;
      const kind: OptionKind = typeof value === 'number' ? 'number' : Array.isArray(value) ? 'choices' : 'weights';
      return { key, label: labels[key], kind, defaultValue: value as OptionField['defaultValue'] };
    }),
  };
}

export const FILTER_FIELDS = {
  words: fields<WordsOptions>('Moderation words hold a message, disallowed words make it spam (the lists are below).', words, {
    fields: 'Look for the words in',
  }),
  reputation: fields<ReputationOptions>('Blocked and trusted lists, and the sender’s earlier decisions.', reputation, {
    trustAfter: 'Approved messages (and no spam) before an email counts as trusted',
  }),
  honeypot: fields<HoneypotOptions>('The hidden field and the signed form token.', honeypot, {
    minSeconds: 'A form sent sooner than this many seconds after it was shown is suspect',
    maxAgeHours: 'A form token expires after this many hours',
  }),
  links: fields<LinksOptions>('How many links, and how many for the amount of text.', links, {
    holdAt: 'Links that hold a message for review',
    spamAt: 'Links that make a message spam on their own',
    maxRatio: 'Links per word at which a short message is suspect',
  }),
  flood: fields<FloodOptions>('Many messages from one IP or email in a short time.', flood, {
    max: 'Messages allowed from one IP or email in the window',
    windowMinutes: 'Window (minutes)',
  }),
  similarity: fields<SimilarityFilterOptions>('Near-copies of messages other senders sent (template campaigns).', similarity, {
    minSimilarity: 'Similarity (0–1) from which two messages match',
    minSenders: 'Other senders needed before it says anything',
    minWords: 'Texts shorter than this many words never match',
    baseScore: 'Score with one other sender',
    strongScore: 'Score from two other senders on',
    perSender: 'Score added per further sender',
    maxScore: 'Highest score of an undecided campaign',
    decidedScore: 'Score once you decided the campaign',
  }),
  relevance: fields<RelevanceOptions>('How much a comment has to do with its post.', relevance, {
    minTerms: 'Topic words a message needs before it is judged',
    offTopic: 'Similarity to the post below which a message is off topic',
    onTopic: 'Similarity from which a message is on topic',
    score: 'Score of a long off-topic message',
    mentionScore: 'Score of an off-topic mention',
    trust: 'Trust (negative score) of an on-topic message',
    fullPostTerms: 'Topic words a post needs to be a full yardstick',
  }),
  outreach: fields<OutreachOptions>('Marketing outreach language (guest posts, link insertions, rates).', outreach, {
    phrases: 'Extra outreach phrases, one a line as “phrase = weight”',
    maxScore: 'Highest outreach score',
  }),
  classifier: fields<ClassifierFilterOptions>('The model learned from your own decisions.', classifier, {
    minDecisions: 'Decisions needed before it says anything',
    holdOnlyUntil: 'Until this many decisions it can only hold, never mark spam',
    weight: 'Score per unit of log-odds',
    spamFrom: 'Probability (0.5–1) from which it leans unwanted',
    genuineBelow: 'Probability (0–0.5) under which it vouches for a message',
    maxScore: 'Highest score',
    maxTrust: 'Highest trust (as a negative score)',
  }),
} satisfies Record<FilterName, FilterFields>;
