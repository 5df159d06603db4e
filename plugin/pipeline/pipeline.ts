/**
 * normalize → gather context → run filters → combine → verdict. The one path every door uses.
 */
import type { SubmissionInput } from '../api.js';
import { doorIsOpen } from '../door-policy.js';
import { DoorkeepError } from '../errors.js';
import { DEFAULT_TOKEN_MAX_AGE_MS } from '../form-token.js';
import type { KnowledgeBase } from '../knowledge/index.js';
import { normalizeSteps } from '../normalize/submission.js';
import { senderLookup } from '../sender.js';
import type { Clock, Context, Filter, Post, SenderHistory, Settings, Signal, SiteInfo, Store, Submission, Verdict } from '../types.js';
import { combine } from './combine.js';
import { senderEvidence } from './sender-evidence.js';
import { checkpoint, runInSlices } from './slices.js';

export interface PipelineDeps {
  store: Store;
  knowledge: KnowledgeBase;
  site: SiteInfo;
  clock: Clock;
  settings: () => Settings;
  filters: () => Filter[];
  getPost: (id: string) => Promise<Post | undefined>;
  newId: () => string;
}

/** How far back the sender's recent submissions are gathered (flood windows fit inside it). */
const RECENT_WINDOW_MS = 24 * 60 * 60 * 1000;
const RECENT_LIMIT = 100;
/** How long a used form token is remembered: as long as a token is valid (form-token.ts). */
const TOKEN_WINDOW_MS = DEFAULT_TOKEN_MAX_AGE_MS;

export interface Evaluation {
  submission: Submission;
  verdict: Verdict;
  clusterId?: string;
}

export function createPipeline(deps: PipelineDeps) {
  /**
   * Whether this form token was used before. A stored submission claims its token in the store (shared by
   * every instance, kept for the token's lifetime); a dry run (nothing stored) only looks.
   */
  async function tokenSeen(token: string | undefined, now: Date, claim: boolean): Promise<boolean> {
    if (!token) return false;
    const expiresAt = new Date(now.getTime() + TOKEN_WINDOW_MS).toISOString();
    const fresh = await deps.store.claimToken(token, expiresAt, now.toISOString());
    if (fresh && !claim) await deps.store.releaseToken(token);
    return !fresh;
  }

  async function senderHistory(s: Submission, now: Date, settings: Settings): Promise<SenderHistory> {
    const { email, ip, urlHost } = senderLookup(s);
    const since = new Date(now.getTime() - RECENT_WINDOW_MS).toISOString();
    // Two independent reads at once: a store over the network answers both in one round trip's time.
    const [counts, recent] = await Promise.all([deps.store.senderCounts({ email, ip, urlHost }), deps.store.recentFrom({ email, ip }, since, RECENT_LIMIT)]);
    const confirmed = await senderEvidence(deps.store, { email, ip, urlHost }, counts, settings.thresholds);
    return { ...counts, recent, confirmed };
  }

  /** Same sender, same text, same post: the duplicate WordPress answers 409 to. */
  async function assertNotDuplicate(s: Submission): Promise<void> {
    const key = s.author.email ? { email: s.author.email } : s.ip ? { ip: s.ip } : undefined;
    if (!key || s.type === 'webmention') return;
    const { items } = await deps.store.query({ ...key, postId: s.postId ?? undefined, limit: 1000, withTotal: false });
    if (items.some((item) => item.text === s.text && item.postId === s.postId && item.type === s.type)) {
      throw new DoorkeepError('ERR_DK_DUPLICATE', 'Duplicate: you have already sent this.', { status: 409, field: 'content' });
    }
  }

  /** Each filter runs whole; between filters, other requests may get their turn (slices.ts). */
  async function runFilters(submission: Submission, context: Context): Promise<Signal[]> {
    const signals: Signal[] = [];
    for (const filter of deps.filters()) {
      if (filter.types && !filter.types.includes(submission.type)) continue;
      await checkpoint();
      const result = filter.check(submission, context);
      if (!result) continue;
      for (const signal of Array.isArray(result) ? result : [result]) {
        if (signal && Number.isFinite(signal.score)) signals.push({ ...signal, filter: signal.filter || filter.name });
      }
    }
    return signals.sort((a, b) => Math.abs(b.score) - Math.abs(a.score));
  }

  return {
    /** Normalize and judge a submission without storing it. */
    async evaluate(input: SubmissionInput, options: { doorOpen?: boolean; checkDuplicate?: boolean } = {}): Promise<Evaluation> {
      const now = deps.clock.now();
      const submission = await runInSlices(normalizeSteps(input, input.id ?? deps.newId(), input.receivedAt ?? now.toISOString()));
      const settings = deps.settings();
      const claim = options.checkDuplicate !== false;
      // The duplicate check, the post, the sender's history, the template candidates and the form token's claim, all at
      // once: a store over the network answers them in one round trip's time, not four.
      const [duplicate, post, sender, gathered, seen] = await Promise.allSettled([
        claim ? assertNotDuplicate(submission) : undefined,
        submission.postId ? deps.getPost(submission.postId) : undefined,
        senderHistory(submission, now, settings),
        deps.knowledge.gather(submission),
        tokenSeen(submission.form?.token, now, claim),
      ]);
      const failed = [duplicate, post, sender, gathered, seen].find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed || sender.status !== 'fulfilled' || seen.status !== 'fulfilled' || post.status !== 'fulfilled') {
        // Not judged (a duplicate, a store error): a token this attempt claimed is free again, so a retry is not a replay.
        const token = submission.form?.token;
        if (claim && token && seen.status === 'fulfilled' && !seen.value) await deps.store.releaseToken(token).catch(() => {});
        throw failed?.reason;
      }
      const context: Context = {
        post: post.value ?? null,
        site: deps.site,
        sender: sender.value,
        knowledge: deps.knowledge.view,
        settings,
        now,
        formTokenSeen: seen.value,
      };
      const signals = await runFilters(submission, context);
      const combined = combine(signals, settings.thresholds);
      const verdict: Verdict = { ...combined, signals, decidedAt: now.toISOString() };

      if (verdict.status === 'pitch' && doorIsOpen(settings, submission, options.doorOpen)) {
        verdict.wouldBe = 'pitch';
        verdict.status = 'approved';
        verdict.reasons = ['Delivered: this form is open to pitches.', ...verdict.reasons];
      }
      if (settings.mode === 'observe' && verdict.status !== 'approved') {
        verdict.wouldBe = verdict.status;
        verdict.status = 'approved';
        verdict.observed = true;
        verdict.reasons = [`Observe mode: let through; would have been ${verdict.wouldBe}.`, ...verdict.reasons];
      }
      const clusterId = signals.map((s) => s.evidence?.clusterId).find((id): id is string => typeof id === 'string');
      return { submission, verdict, ...(clusterId ? { clusterId } : {}) };
    }
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;
