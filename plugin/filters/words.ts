import { checkOptions, DoorkeepError } from '../errors.js';
import { foldText } from '../normalize/plain-text.js';
import type { Filter, Signal, Submission } from '../types.js';
import type { FilterDeps } from './index.js';

const FIELDS = {
  name: (s: Submission) => s.author.name,
  email: (s: Submission) => s.author.email,
  url: (s: Submission) => s.author.url,
  subject: (s: Submission) => s.subject ?? '',
  content: (s: Submission) => s.text,
  ip: (s: Submission) => s.ip,
  userAgent: (s: Submission) => s.userAgent,
} as const;
type Field = keyof typeof FIELDS;
const FIELD_NAMES = Object.keys(FIELDS) as Field[];

export interface WordsOptions {
  /**
   * Which fields the moderation and disallowed words are matched over, as case-insensitive substrings
   * (like WordPress: "press" matches "WordPress"). Defaults to all: name, email, url, subject, content, ip, userAgent.
   */
  fields: string[];
}

export const DEFAULTS: WordsOptions = { fields: FIELD_NAMES };

interface Hit {
  word: string;
  field: Field;
}

function findWords(submission: Submission, words: string[], fields: Field[]): Hit[] {
  const hits: Hit[] = [];
  if (words.length === 0) return hits;
  const values = fields.map((field) => [field, foldText(FIELDS[field](submission))] as const);
  for (const raw of words) {
    const word = foldText(raw);
    if (!word) continue;
    for (const [field, value] of values) if (value.includes(word)) hits.push({ word: raw.trim(), field });
  }
  return hits;
}

function describe(hits: Hit[]): string {
  return hits.map((h) => `"${h.word}" in the ${h.field === 'userAgent' ? 'user agent' : h.field === 'ip' ? 'IP address' : h.field}`).join(', ');
}

export function createWordsFilter(options: Record<string, unknown> | undefined, _deps: FilterDeps): Filter {
  const opts = checkOptions('filters.words', options, DEFAULTS, { fields: 'string[]' });
  for (const field of opts.fields) {
    if (!FIELD_NAMES.includes(field as Field)) {
      throw new DoorkeepError('ERR_DK_OPTIONS', `\`filters.words.fields\` has unknown field "${field}"; known: ${FIELD_NAMES.join(', ')}.`, { field: 'filters.words.fields' });
    }
  }
  const fields = opts.fields as Field[];

  return {
    name: 'words',
    check(submission, context) {
      const signals: Signal[] = [];
      const disallowed = findWords(submission, context.settings.lists.disallowedWords, fields);
      if (disallowed.length > 0) {
        signals.push({
          filter: 'words', score: 3, kind: 'spam', force: 'spam',
          reason: `Contains ${disallowed.length === 1 ? 'a disallowed word' : 'disallowed words'}: ${describe(disallowed)}`,
          publicReason: 'not accepted', evidence: { disallowed },
        });
      }
      const moderation = findWords(submission, context.settings.lists.moderationWords, fields);
      if (moderation.length > 0) {
        signals.push({
          filter: 'words', score: 1, kind: 'hold', force: 'hold',
          reason: `Contains ${moderation.length === 1 ? 'a word' : 'words'} the owner reviews by hand: ${describe(moderation)}`,
          publicReason: 'held for review', evidence: { moderation },
        });
      }
      return signals;
    },
  };
}
