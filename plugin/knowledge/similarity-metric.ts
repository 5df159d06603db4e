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

/** Non-space length, the unit of `diceUpperBound`. */
export function comparedLength(text: string): number {
  return text.slice(0, MAX_COMPARED_CHARS).replace(/\s+/g, '').length;
}

/** The highest Dice two texts of these compared lengths can reach: a free pre-filter before comparing. */
export function diceUpperBound(lengthA: number, lengthB: number): number {
  if (lengthA < 2 || lengthB < 2) return lengthA === lengthB ? 1 : 0;
  return (2 * (Math.min(lengthA, lengthB) - 1)) / (lengthA + lengthB - 2);
}
