/**
 * Each filter's options as settings-form fields: a label per option and the defaults the filter itself
 * uses. The compiler checks the tables against the filters' option types and the filter table.
 */
import { FILTER_DEFAULTS, type FilterName } from '../plugin/index.js';

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

function fields<T extends object>(about: string, defaults: T, labels: { [K in keyof NoInfer<T>]-?: string }): FilterFields {
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
  words: fields('Moderation words hold a message, disallowed words make it spam (the lists are below).', FILTER_DEFAULTS.words, {
    fields: 'Look for the words in',
  }),
  reputation: fields('Blocked and trusted lists, and the sender’s earlier decisions.', FILTER_DEFAULTS.reputation, {
    trustAfter: 'Approved messages (and no spam) before an email counts as trusted',
    sharedFrom: 'Different senders on one IP address before it counts as shared (its history then weighs lightly)',
  }),
  honeypot: fields('The hidden field and the signed form token.', FILTER_DEFAULTS.honeypot, {
    minSeconds: 'A form sent sooner than this many seconds after it was shown is suspect',
    maxAgeHours: 'A form token expires after this many hours',
  }),
  links: fields('How many links, and how many for the amount of text.', FILTER_DEFAULTS.links, {
    holdAt: 'Links that hold a message for review',
    spamAt: 'Links that make a message spam on their own',
    maxRatio: 'Links per word at which a short message is suspect',
    homographScore: 'Score of a domain mixing two alphabets (shоp.com with a Cyrillic о)',
    shortenerScore: 'Score of links through a URL shortener',
    promotionScore: 'Score of a link to a social profile or link-in-bio page',
  }),
  flood: fields('Many messages from one IP or email in a short time.', FILTER_DEFAULTS.flood, {
    max: 'Messages allowed from one IP or email in the window',
    windowMinutes: 'Window (minutes)',
  }),
  similarity: fields('Near-copies of messages other senders sent (template campaigns).', FILTER_DEFAULTS.similarity, {
    minSimilarity: 'Similarity (0–1) from which two messages match',
    minSenders: 'Other senders needed before it says anything',
    minWords: 'Texts shorter than this many words never match',
    baseScore: 'Score with one other sender',
    strongScore: 'Score from two other senders on',
    perSender: 'Score added per further sender',
    maxScore: 'Highest score of an undecided campaign',
    decidedScore: 'Score once you decided the campaign',
  }),
  relevance: fields('How much a comment has to do with its post.', FILTER_DEFAULTS.relevance, {
    minTerms: 'Topic words a message needs before it is judged',
    offTopic: 'Similarity to the post below which a message is off topic',
    onTopic: 'Similarity from which a message is on topic',
    score: 'Score of a long off-topic message',
    mentionScore: 'Score of an off-topic mention',
    trust: 'Trust (negative score) of an on-topic message',
    fullPostTerms: 'Topic words a post needs to be a full yardstick',
  }),
  outreach: fields('Marketing outreach language (guest posts, link insertions, rates).', FILTER_DEFAULTS.outreach, {
    phrases: 'Extra outreach phrases, one a line as “phrase = weight”',
    maxScore: 'Highest outreach score',
  }),
  specificity: fields('Generic praise that could sit under any post, sent with a link.', FILTER_DEFAULTS.specificity, {
    linkScore: 'Score of generic text with a link in the message',
    authorUrlScore: 'Score of generic text with a website in the author field',
    maxWords: 'Messages longer than this many words are not judged',
    commercialHostScore: 'Added when the linked site’s name is made to sell (cheap-essays, best-casino-bonus)',
  }),
  gibberish: fields('Keyboard mash and random letters.', FILTER_DEFAULTS.gibberish, {
    score: 'Score when nearly all the text is mash',
    minShare: 'Share of letters in mash words (0–1) below which nothing is said',
    bitsPerLetter: 'Bits a letter (under the letter model of 27 languages) from which a whole text reads like no language',
  }),
  promotion: fields('What a message sells (pills, casinos, crypto schemes, essays, SEO, loans…) or asks readers to subscribe to.', FILTER_DEFAULTS.promotion, {
    tradeLinkScore: 'Score of a trade named in the text with a link to another site',
    tradeHostScore: 'Score of a link whose address names a trade',
    tradeScore: 'Score of a trade named without any link',
    extraScore: 'Added for a second term, or an address named for the trade',
    askScore: 'Score of asking readers to subscribe to or follow the writer’s channel',
    askLinkScore: 'The same request with a link to another site',
    callScore: 'Score of a comment asking readers to call or text a phone number (not on contact forms)',
  }),
  mentionSource: fields('What the page behind a pingback, trackback or webmention is: a copy of your post, a digest, a shop.', FILTER_DEFAULTS.mentionSource, {
    copyScore: 'Score of a page that copies your post',
    digestScore: 'Score of a digest page that quotes many sites',
    commercialScore: 'Score of a commercial page off the post’s topic',
    containment: 'Share of a passage’s words (0–1) a page must hold for it to count as copied',
  }),
  classifier: fields('The model of ordinary spam shipped with Doorkeep, weighed against what it learns from your own decisions.', FILTER_DEFAULTS.classifier, {
    decideAfter: 'Your decisions needed before it can mark spam on its own (until then it can only hold)',
    costBlockedGenuine: 'Cost of a genuine message blocked, counted in spam published',
    costHeldGenuine: 'Cost of a genuine message held for review',
    costHeldSpam: 'Cost (0–1) of a spam held for review',
    genuineBelow: 'Probability (0–0.5) under which it vouches for a message',
    maxScore: 'Highest score',
    maxTrust: 'Highest trust (as a negative score)',
  }),
} satisfies Record<FilterName, FilterFields>;
