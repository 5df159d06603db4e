import { checkOptions } from '../errors.js';
import type { Filter, Signal, Submission } from '../types.js';
import type { FilterDeps } from './index.js';

export interface ClassifierFilterOptions {
  /** No signal until the classifier has learned from this many moderator decisions. Defaults to 10. */
  minDecisions: number;
  /** Until trained on this many decisions the classifier can only hold a submission, never make it spam on its own. Defaults to 30. */
  holdOnlyUntil: number;
  /** Score per unit of log-odds (ln(p / (1 - p))). Defaults to 7.5: spam level (3) from p = 0.6. */
  weight: number;
  /** Below this probability of being unwanted, nothing is said. Defaults to 0.55. */
  spamFrom: number;
  /** At or below this probability, a small trust signal. Defaults to 0.1. */
  genuineBelow: number;
  /** The score is capped at this. Defaults to 4. */
  maxScore: number;
  /** The trust score is capped at this (as a negative). Defaults to 1. */
  maxTrust: number;
}

export const DEFAULTS: ClassifierFilterOptions = { minDecisions: 10, holdOnlyUntil: 30, weight: 7.5, spamFrom: 0.55, genuineBelow: 0.1, maxScore: 4, maxTrust: 1 };

const round = (n: number) => Math.round(n * 100) / 100;

export function createClassifierFilter(options: Record<string, unknown> | undefined, _deps: FilterDeps): Filter {
  const o = checkOptions('filters.classifier', options, DEFAULTS, {
    minDecisions: { kind: 'number', min: 0 },
    holdOnlyUntil: { kind: 'number', min: 0 },
    weight: { kind: 'number', min: 0 },
    spamFrom: { kind: 'number', min: 0.5, max: 1 },
    genuineBelow: { kind: 'number', min: 0, max: 0.5 },
    maxScore: { kind: 'number', min: 0 },
    maxTrust: { kind: 'number', min: 0 },
  });

  return {
    name: 'classifier',
    check(submission: Submission, context): Signal | null {
      const result = context.knowledge.classifier.classify(submission);
      if (result.trainedOn < o.minDecisions) return null;
      const p = Math.min(1 - 1e-9, Math.max(1e-9, result.probability));
      const logOdds = Math.log(p / (1 - p));
      const learned = `Learned from ${result.trainedOn} decisions`;
      const evidence = { probability: round(p), trainedOn: result.trainedOn, topTokens: result.topTokens };
      if (p >= o.spamFrom) {
        const tokens = result.topTokens.filter((t) => t.weight > 0).slice(0, 4).map((t) => `'${t.token}'`);
        const pitch = (result.pitchShare ?? 0) >= 0.5;
        return {
          filter: 'classifier', score: round(Math.min(result.trainedOn < o.holdOnlyUntil ? context.settings.thresholds.spam * 0.95 : o.maxScore, o.weight * logOdds)), kind: pitch ? 'pitch' : 'spam',
          reason: `${learned}: looks like ${pitch ? 'a pitch' : 'spam'} (${round(p)})${tokens.length ? ` — ${tokens.join(', ')}` : ''}`,
          publicReason: 'held for review', evidence,
        };
      }
      if (p <= o.genuineBelow) {
        const tokens = result.topTokens.filter((t) => t.weight < 0).slice(0, 4).map((t) => `'${t.token}'`);
        return {
          filter: 'classifier', score: -round(Math.min(o.maxTrust, -logOdds / 4)), kind: 'trust',
          reason: `${learned}: looks genuine (${round(1 - p)} likely)${tokens.length ? ` — ${tokens.join(', ')}` : ''}`,
          evidence,
        };
      }
      return null;
    },
  };
}
