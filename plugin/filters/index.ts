/**
 * The filter table: one entry a filter, keyed by the name used in settings.filters.
 * Order is the order signals are listed in. Adding a filter means adding one line here.
 */
import type { Filter } from '../types.js';
import { createLinksFilter } from './links.js';
import { createHoneypotFilter } from './honeypot.js';
import { createReputationFilter } from './reputation.js';
import { createFloodFilter } from './flood.js';
import { createWordsFilter } from './words.js';
import { createSimilarityFilter } from './similarity.js';
import { createRelevanceFilter } from './relevance.js';
import { createOutreachFilter } from './outreach.js';
import { createClassifierFilter } from './classifier.js';
import { createSpecificityFilter } from './specificity.js';
import { createGibberishFilter } from './gibberish.js';
import { createMentionSourceFilter } from './mention-source.js';

/** What a filter factory may need besides its options. */
export interface FilterDeps {
  /** Site secret, for verifying signed form tokens. */
  secret: string;
}

export type FilterFactory = (options: Record<string, unknown> | undefined, deps: FilterDeps) => Filter;

export const FILTERS = {
  words: createWordsFilter,
  reputation: createReputationFilter,
  honeypot: createHoneypotFilter,
  links: createLinksFilter,
  flood: createFloodFilter,
  similarity: createSimilarityFilter,
  relevance: createRelevanceFilter,
  outreach: createOutreachFilter,
  specificity: createSpecificityFilter,
  gibberish: createGibberishFilter,
  mentionSource: createMentionSourceFilter,
  classifier: createClassifierFilter,
} satisfies Record<string, FilterFactory>;

export type FilterName = keyof typeof FILTERS;
export const FILTER_NAMES = Object.keys(FILTERS) as FilterName[];
