/**
 * The moderation service: the pipeline, the store and what Doorkeep has learned, kept in step.
 * moderate() judges and stores a submission and files it in its template campaign; decide() records
 * a person's decision, learns from it and passes it on to the campaign's undecided members.
 */
import { randomBytes } from 'node:crypto';
import type { DecisionResult, ModerateOptions, ModerationResult, SubmissionInput } from './api.js';
import { decidedByPerson, statusOf } from './decisions.js';
import { DoorkeepError } from './errors.js';
import type { KnowledgeBase } from './knowledge/index.js';
import { followOtherInstances } from './knowledge/follow.js';
import { createPipeline } from './pipeline/pipeline.js';
import { runInSlices } from './pipeline/slices.js';
import type { SettingsService } from './settings-service.js';
import { DECISIONS, type Clock, type Decision, type HistoryEntry, type Post, type SiteInfo, type Store, type StoredSubmission, type TemplateIndexView } from './types.js';

export interface ModerationService {
  moderate(input: SubmissionInput, options?: ModerateOptions): Promise<ModerationResult>;
  decide(id: string, decision: Decision, by: string, note?: string): Promise<DecisionResult>;
  remove(ids: string[]): Promise<number>;
  templates(): TemplateIndexView;
  /** The host's post; a post the site corpus has not seen yet (newly published) refreshes it. */
  getPost(id: string): Promise<Post | undefined>;
  /** Save what was learned and not saved yet. */
  flush(): Promise<void>;
}

export interface ModerationServiceOptions {
  store: Store;
  knowledge: KnowledgeBase;
  settings: SettingsService;
  site: SiteInfo;
  clock: Clock;
  getPost: (id: string) => Post | undefined | Promise<Post | undefined>;
  listPosts: () => Post[] | Promise<Post[]>;
  /** Where the public pages are mounted, for receipt URLs. */
  publicPath: string;
  /** Called once a submission is stored as approved: on arrival ('verdict') or by a person's decision ('decision'). */
  onApproved?: (submission: StoredSubmission, cause: 'verdict' | 'decision', by: string, at: string) => void;
}

export async function createModerationService(options: ModerationServiceOptions): Promise<ModerationService> {
  const { store, knowledge, settings, clock } = options;

  const refreshedFor = new Set<string>();
  const getPost = async (id: string) => {
    const post = (await options.getPost(id)) ?? undefined;
    if (post && !refreshedFor.has(post.id) && !knowledge.corpus.posts().some((p) => p.id === post.id)) {
      refreshedFor.add(post.id);
      knowledge.refreshPosts(await options.listPosts());
    }
    return post;
  };

  const newId = () => `${clock.now().getTime().toString(36)}-${randomBytes(6).toString('hex')}`;
  const pipeline = createPipeline({
    store, knowledge, site: options.site, clock, settings: settings.current, filters: settings.filters, getPost, newId,
  });
  followOtherInstances(store, knowledge);

  /**
   * Learned state is saved in the background, at most every 200 ms: a decision is durable once its
   * status change is stored, and flush() saves the rest.
   */
  let watchedSave: Promise<void> | undefined;
  const saveKnowledgeSoon = (soon = true) => {
    const saving = knowledge.save(soon);
    // One handler per scheduled save, not one per call: a busy site would otherwise pile up thousands.
    if (saving === watchedSave) return;
    watchedSave = saving;
    saving.catch((error: unknown) => console.error('Doorkeep could not save learned state:', error));
  };

  /**
   * Members of a campaign this instance has seen filed under their cluster id. With several instances a
   * campaign may form here from copies another instance stored, so earlier members are checked even
   * when this submission already arrived with the cluster id.
   */
  const filed = new Set<string>();
  /** A campaign that formed with (or already holds) this submission: mark it and its earlier members with the cluster id. */
  async function fileInCampaign(stored: StoredSubmission, storedWith: string | undefined): Promise<void> {
    const clusterId = knowledge.templates.clusterIdOf(stored.id);
    if (!clusterId) return;
    stored.clusterId = clusterId;
    if (filed.size > 100_000) filed.clear();
    const members = knowledge.templates.getCluster(clusterId)?.members ?? [stored.id];
    for (const memberId of members) {
      if (filed.has(`${clusterId}:${memberId}`)) continue;
      if (memberId === stored.id) {
        if (storedWith !== clusterId) await store.update(memberId, { clusterId });
      } else {
        const member = await store.get(memberId);
        if (member && member.clusterId !== clusterId) await store.update(memberId, { clusterId });
      }
      filed.add(`${clusterId}:${memberId}`);
    }
  }

  return {
    getPost,
    templates: () => knowledge.templates,
    flush: () => knowledge.flush(),

    async moderate(input, moderateOptions = {}) {
      const { submission, verdict, clusterId } = await pipeline.evaluate(input, {
        doorOpen: moderateOptions.doorOpen,
        checkDuplicate: moderateOptions.persist !== false,
      });
      const now = verdict.decidedAt;
      const stored: StoredSubmission = {
        ...submission,
        status: verdict.status,
        score: verdict.score,
        reasons: verdict.reasons,
        signals: verdict.signals,
        receipt: randomBytes(18).toString('base64url'),
        history: [{ at: now, type: 'verdict', by: 'doorkeep', status: verdict.wouldBe ?? verdict.status, score: verdict.score, signals: verdict.signals }],
        ...(clusterId ? { clusterId } : {}),
        updatedAt: now,
      };
      if (moderateOptions.persist !== false) {
        // A store that keeps the template index writes this submission's entry (and campaign) in the same statement.
        const campaignId = knowledge.templates.stage(stored);
        if (campaignId) stored.clusterId = campaignId;
        try {
          await store.add(stored);
        } catch (error) {
          // Not stored: the form token it claimed is free again, so the sender's retry is not taken for a replay.
          if (submission.form?.token) await store.releaseToken(submission.form.token).catch(() => {});
          throw error;
        }
        await runInSlices(knowledge.observeSteps(stored));
        // A template index kept in the store has written this submission's entry (and its campaign) once this resolves.
        await knowledge.settle(stored.id);
        await fileInCampaign(stored, stored.clusterId);
        saveKnowledgeSoon(false);
        if (stored.status === 'approved') options.onApproved?.(stored, 'verdict', 'doorkeep', now);
      }
      return { verdict, submission: stored, receiptUrl: `${options.publicPath}/receipt/${stored.receipt}` };
    },

    async decide(id, decision, by, note) {
      const current = await store.get(id);
      if (!current) throw new DoorkeepError('ERR_DK_NOT_FOUND', `No submission with id ${id}.`, { status: 404 });
      if (!DECISIONS.includes(decision)) throw new DoorkeepError('ERR_DK_INPUT', `Unknown decision "${String(decision)}".`, { field: 'decision' });
      const to = statusOf(decision);
      const at = clock.now().toISOString();
      const entry: HistoryEntry = { at, type: 'status', by, actor: 'person', from: current.status, to, ...(note ? { note } : {}) };
      const updated = (await store.update(id, { status: to, updatedAt: at }, [entry]))!;
      const inherited: string[] = [];
      const inherit = knowledge.learn(updated, decision);
      await knowledge.settle();
      for (const otherId of inherit) {
        const other = await store.get(otherId);
        if (!other || other.status === to || decidedByPerson(other.history)) continue;
        await store.update(otherId, { status: to, updatedAt: at }, [{
          at, type: 'status', by: 'doorkeep (template campaign)', actor: 'doorkeep', from: other.status, to,
          note: `Inherited from ${by}'s decision on a message of the same template (${id}).`,
        }]);
        inherited.push(otherId);
      }
      saveKnowledgeSoon();
      if (to === 'approved' && current.status !== 'approved') options.onApproved?.(updated, 'decision', by, at);
      return { submission: updated, inherited };
    },

    async remove(ids) {
      const removed = await store.remove(ids);
      knowledge.forget(ids);
      saveKnowledgeSoon();
      return removed;
    },
  };
}
