/** The test oracle for the similarity metric: string-similarity's own compareTwoStrings, on the same compared part. */
import stringSimilarity from 'string-similarity';
import { MAX_COMPARED_CHARS, type SimilarityMetric } from '../../plugin/knowledge/similarity-metric.js';

export const referenceDice: SimilarityMetric = (a, b) =>
  stringSimilarity.compareTwoStrings(a.slice(0, MAX_COMPARED_CHARS), b.slice(0, MAX_COMPARED_CHARS));
