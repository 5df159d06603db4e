/**
 * The one place the text similarity metric lives, so it can be swapped later.
 * Today: Sørensen–Dice over character bigrams (string-similarity's compareTwoStrings), 0..1.
 */
import stringSimilarity from 'string-similarity';

/** Texts longer than this are compared on their first `MAX_COMPARED_CHARS` characters, to bound the cost. */
export const MAX_COMPARED_CHARS = 2000;

export type SimilarityMetric = (a: string, b: string) => number;

export const diceSimilarity: SimilarityMetric = (a, b) =>
  stringSimilarity.compareTwoStrings(a.slice(0, MAX_COMPARED_CHARS), b.slice(0, MAX_COMPARED_CHARS));

export const similarity: SimilarityMetric = diceSimilarity;
