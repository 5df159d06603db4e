/**
 * The learned classifier's opinion, weighed by what a mistake costs (combine.ts `costThresholds`).
 *
 * Its probability is calibrated (the prior on held-out data, the site's model on predictions made before
 * each decision was learned). From the hold threshold it holds a message for review; only from the block
 * threshold, and only once trained on `decideAfter` of this site's own decisions, can it make a message
 * spam on its own. Until then its score stays just under the spam threshold: other evidence (a link, a
 * template) must agree. On a text it cannot read (a language or script it was not trained on) it says nothing.
 */
import { checkOptions } from '../errors.js';
import { costThresholds, DEFAULT_COSTS } from '../pipeline/combine.js';
import type { Filter, Signal, Submission } from '../types.js';
import type { FilterDeps } from './index.js';

export interface ClassifierFilterOptions {
  /** Until trained on this many of the site's own decisions, the classifier can hold a message but never make it spam on its own. Defaults to 50. */
  decideAfter: number;
  /** Cost of a genuine message blocked, in spams published. Defaults to 20. */
  costBlockedGenuine: number;
  /** Cost of a genuine message held for review. Defaults to 1. */
  costHeldGenuine: number;
  /** Cost of a spam held for review. Defaults to 0.5. */
  costHeldSpam: number;
  /** At or below this probability, a small trust signal. Defaults to 0.05. */
  genuineBelow: number;
  /** The score is capped at this. Defaults to 4. */
  maxScore: number;
  /** The trust score is capped at this (as a negative); half of it until `decideAfter` decisions. Defaults to 1. */
  maxTrust: number;
}

export const DEFAULTS: ClassifierFilterOptions = {
  decideAfter: 50, costBlockedGenuine: DEFAULT_COSTS.blockedGenuine, costHeldGenuine: DEFAULT_COSTS.heldGenuine, costHeldSpam: DEFAULT_COSTS.heldSpam,
  genuineBelow: 0.05, maxScore: 4, maxTrust: 1,
};

const round = (n: number) => Math.round(n * 100) / 100;
const logit = (p: number) => Math.log(p / (1 - p));

export function createClassifierFilter(options: Record<string, unknown> | undefined, _deps: FilterDeps): Filter {
  const o = checkOptions('filters.classifier', options, DEFAULTS, {
    decideAfter: { kind: 'number', min: 0 },
    costBlockedGenuine: { kind: 'number', min: 1 },
    costHeldGenuine: { kind: 'number', min: 0 },
    costHeldSpam: { kind: 'number', min: 0, max: 1 },
    genuineBelow: { kind: 'number', min: 0, max: 0.5 },
    maxScore: { kind: 'number', min: 0 },
    maxTrust: { kind: 'number', min: 0 },
  });
  const { hold, block } = costThresholds({
    blockedGenuine: o.costBlockedGenuine, heldGenuine: o.costHeldGenuine, heldSpam: o.costHeldSpam, publishedSpam: DEFAULT_COSTS.publishedSpam,
  });
  const [holdAt, blockAt] = [logit(hold), logit(block)];

  return {
    name: 'classifier',
    check(submission: Submission, context): Signal | null {
      const result = context.knowledge.classifier.classify(submission);
      if (result.known === 0 || result.probability === 0.5) return null;
      const p = Math.min(1 - 1e-9, Math.max(1e-9, result.probability));
      const site = result.trainedOn;
      const mayDecide = site >= o.decideAfter;
      const learned = site ? `Learned from the shipped prior and ${site} of this site's decisions` : 'Learned from the shipped prior (no decisions on this site yet)';
      const evidence = { probability: round(p), trainedOn: site, known: result.known, holdFrom: round(hold), blockFrom: round(block), topTokens: result.topTokens };
      const { pending, spam } = context.settings.thresholds;
      if (p >= hold) {
        const tokens = result.topTokens.filter((t) => t.weight > 0).slice(0, 4).map((t) => `'${t.token}'`);
        const scaled = pending + ((spam - pending) * (logit(p) - holdAt)) / (blockAt - holdAt);
        const decides = mayDecide && p >= block;
        const score = decides ? Math.min(o.maxScore, Math.max(spam, scaled)) : Math.min(scaled, spam * 0.95, o.maxScore);
        const pitch = decides && (result.pitchShare ?? 0) >= 0.5;
        const looks = (result.pitchShare ?? 0) >= 0.5 ? 'a pitch' : 'spam';
        const caution = decides ? '' : p >= block ? `; not trained on enough of this site's decisions (${site} of ${o.decideAfter}) to decide alone` : '; not sure enough to decide alone';
        return {
          filter: 'classifier', score: round(score), kind: pitch ? 'pitch' : 'spam',
          reason: `${learned}: looks like ${looks} (${round(p)})${tokens.length ? ` — ${tokens.join(', ')}` : ''}${caution}`,
          publicReason: 'held for review', evidence,
        };
      }
      if (p <= o.genuineBelow) {
        const tokens = result.topTokens.filter((t) => t.weight < 0).slice(0, 4).map((t) => `'${t.token}'`);
        const cap = mayDecide ? o.maxTrust : o.maxTrust / 2;
        return {
          filter: 'classifier', score: -round(Math.min(cap, -logit(p) / 4)), kind: 'trust',
          reason: `${learned}: looks genuine (${round(1 - p)} likely)${tokens.length ? ` — ${tokens.join(', ')}` : ''}`,
          evidence,
        };
      }
      return null;
    },
  };
}
