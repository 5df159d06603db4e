/**
 * Templated messages: the same text, names swapped, sent by different senders. Reads the template index
 * (context.knowledge.templates); the more distinct senders, the stronger the signal. A campaign the
 * moderator already decided passes that decision on.
 */
import { checkOptions } from '../errors.js';
import type { Filter, Signal, Submission, TemplateCluster, TemplateLookup } from '../types.js';
import type { FilterDeps } from './index.js';
import { countWords } from '../text/scan.js';
import { senderId } from '../sender.js';

export interface SimilarityFilterOptions {
  /** Matches below this similarity (0..1) are ignored. Defaults to 0.7. */
  minSimilarity?: number;
  /** Other senders needed before the filter says anything. Defaults to 1. */
  minSenders?: number;
  /** Texts with fewer words never match. Defaults to 8. */
  minWords?: number;
  /** Score with one other sender. Defaults to 0.75. */
  baseScore?: number;
  /** Score from two other senders on: alone enough for the pitch inbox. Defaults to 1.6. */
  strongScore?: number;
  /** Score added per further sender, up to maxScore. Defaults to 0.25. */
  perSender?: number;
  /** Ceiling of the undecided score. Defaults to 2.5. */
  maxScore?: number;
  /** Score when the moderator decided the campaign pitch or spam. Defaults to 3. */
  decidedScore?: number;
}

const OUTREACH = /\b(collaborat\w*|partner\w*|sponsor\w*|guest (?:post|article|blog)\w*|backlinks?|link (?:insertion|placement|exchange)|(?:add|insert|include|place) (?:a |our |my )?link|our (?:client|brand|team|agency|platform|app|tool)s?|my (?:client|agency)s?|feature (?:you|your)|featuring you|(?:paid|sponsored) (?:post|content|article|placement)|promot\w*|advertis\w*|rates?|pricing|audience|reach out|quick question|following up|circling back|free trial|discount|affiliate|commission|outreach|seo|domain authority|roundup|media kit|do-?follow|founder|we (?:just |recently )?launched|(?:honest |product )?reviews? (?:it|of our)|(?:write|share) an? (?:honest )?review|lifetime (?:license|access))\b/i;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function shortDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? 'recently' : `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

function plural(n: number, word: string): string {
  return `${n} other ${word}${n === 1 ? '' : 's'}`;
}

export const DEFAULTS: Required<SimilarityFilterOptions> = {
  minSimilarity: 0.7, minSenders: 1, minWords: 8, baseScore: 0.75, strongScore: 1.6, perSender: 0.25, maxScore: 2.5, decidedScore: 3,
};

export function createSimilarityFilter(options: Record<string, unknown> | undefined, _deps: FilterDeps): Filter {
  const config = checkOptions<Required<SimilarityFilterOptions>>('filters.similarity', options, DEFAULTS, {
    minSimilarity: { kind: 'number', min: 0, max: 1 },
    minSenders: { kind: 'number', min: 1 },
    minWords: { kind: 'number', min: 1 },
    baseScore: { kind: 'number', min: 0 },
    strongScore: { kind: 'number', min: 0 },
    perSender: { kind: 'number', min: 0 },
    maxScore: { kind: 'number', min: 0 },
    decidedScore: { kind: 'number', min: 0 },
  });

  function otherSenders(submission: Submission, lookup: TemplateLookup, cluster: TemplateCluster | undefined): number {
    // Counted without copying the cluster's sender list: a large campaign has hundreds.
    const own = senderId(submission);
    const inCluster = cluster?.senders ?? [];
    const extra = new Set(lookup.matches.map((m) => m.sender).filter((sender) => !inCluster.includes(sender)));
    extra.delete(own);
    return inCluster.length + extra.size - (inCluster.includes(own) ? 1 : 0);
  }

  return {
    name: 'similarity',
    check(submission, context): Signal | null {
      if (countWords(submission.text) < config.minWords) return null;
      const lookup = context.knowledge.templates.lookup(submission);
      const matches = lookup.matches.filter((m) => m.similarity >= config.minSimilarity);
      if (matches.length === 0) return null;
      const cluster = lookup.cluster;
      if (cluster?.decision === 'approve') return null;
      const senders = otherSenders(submission, { ...lookup, matches }, cluster);
      const closest = matches[0]!.similarity;
      const since = shortDate(cluster?.firstSeen ?? matches.reduce((a, b) => (b.receivedAt < a.receivedAt ? b : a)).receivedAt);
      const evidence = {
        ...(cluster ? { clusterId: cluster.id, clusterSize: cluster.members.length } : {}),
        matchedIds: matches.slice(0, 10).map((m) => m.submissionId),
        similarity: closest,
        otherSenders: senders,
        candidates: lookup.candidates,
      };
      const closeness = `closest ${closest.toFixed(2)} similar`;

      // A mention's text is the page's title and the words around its link: every reply, like or quote of one
      // post repeats its title there, so a resemblance alone says nothing; a campaign a moderator decided holds it.
      const mention = submission.mention !== undefined;
      if (mention && cluster?.decision !== 'pitch' && cluster?.decision !== 'spam') return null;
      if (cluster?.decision === 'pitch' || cluster?.decision === 'spam') {
        const decision = cluster.decision;
        if (mention) {
          return {
            filter: 'similarity', score: Math.min(config.decidedScore, config.strongScore), kind: decision,
            reason: `The text around the link matches a template you marked as ${decision}, sent by ${plural(senders, 'sender')} since ${since} (${closeness}).`,
            publicReason: 'held for review',
            evidence: { ...evidence, decision },
          };
        }
        return {
          filter: 'similarity',
          score: config.decidedScore,
          kind: decision,
          reason: `Matches a template you marked as ${decision}, sent by ${plural(senders, 'sender')} since ${since} (${closeness}).`,
          publicReason: 'held for review',
          evidence: { ...evidence, decision },
          ...(decision === 'spam' ? { force: 'spam' as const } : {}),
        };
      }
      if (senders < config.minSenders) return null;
      const score = senders >= 2
        ? Math.min(config.maxScore, config.strongScore + (senders - 2) * config.perSender)
        : config.baseScore;
      const looksLikeOutreach = OUTREACH.test(submission.text);
      return {
        filter: 'similarity',
        score: Math.round(score * 100) / 100,
        kind: looksLikeOutreach ? 'pitch' : 'spam',
        reason: `Matches a template sent by ${plural(senders, 'sender')} since ${since} (${closeness}).`,
        publicReason: 'held for review',
        evidence,
      };
    },
  };
}
