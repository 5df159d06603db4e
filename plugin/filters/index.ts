/**
 * The filter table: one entry a filter, keyed by the name used in settings.filters.
 * Order is the order signals are listed in. Adding a filter means adding one line here.
 */
import type { Filter } from '../types.js';
import { createLinksFilter, DEFAULTS as linksDefaults } from './links.js';
import { createHoneypotFilter, DEFAULTS as honeypotDefaults } from './honeypot.js';
import { createReputationFilter, DEFAULTS as reputationDefaults } from './reputation.js';
import { createFloodFilter, DEFAULTS as floodDefaults } from './flood.js';
import { createWordsFilter, DEFAULTS as wordsDefaults } from './words.js';
import { createSimilarityFilter, DEFAULTS as similarityDefaults } from './similarity.js';
import { createRelevanceFilter, DEFAULTS as relevanceDefaults } from './relevance.js';
import { createOutreachFilter, DEFAULTS as outreachDefaults } from './outreach.js';
import { createClassifierFilter, DEFAULTS as classifierDefaults } from './classifier.js';
import { createSpecificityFilter, DEFAULTS as specificityDefaults } from './specificity.js';
import { createGibberishFilter, DEFAULTS as gibberishDefaults } from './gibberish.js';
import { createMentionSourceFilter, DEFAULTS as mentionSourceDefaults } from './mention-source.js';
import { createPromotionFilter, DEFAULTS as promotionDefaults } from './promotion.js';

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
  promotion: createPromotionFilter,
  mentionSource: createMentionSourceFilter,
  classifier: createClassifierFilter,
} satisfies Record<string, FilterFactory>;

export type FilterName = keyof typeof FILTERS;
export const FILTER_NAMES = Object.keys(FILTERS) as FilterName[];

/** Each filter's options with their defaults (what the filter uses when its settings leave them out). */
export const FILTER_DEFAULTS = {
  words: wordsDefaults,
  reputation: reputationDefaults,
  honeypot: honeypotDefaults,
  links: linksDefaults,
  flood: floodDefaults,
  similarity: similarityDefaults,
  relevance: relevanceDefaults,
  outreach: outreachDefaults,
  specificity: specificityDefaults,
  gibberish: gibberishDefaults,
  promotion: promotionDefaults,
  mentionSource: mentionSourceDefaults,
  classifier: classifierDefaults,
} satisfies Record<FilterName, object>;
