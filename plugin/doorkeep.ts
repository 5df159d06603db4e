/**
 * createDoorkeep(): one object, created once, with middleware for each door, the admin, the public
 * pages and moderate()/decide() for use without Express.
 */
import { randomBytes } from 'node:crypto';
import { createAdminRouter } from '../admin/router.js';
import { hashPassword } from '../admin/password.js';
import { createPublicRouter, renderNotice } from '../admin/public.js';
import type { DecisionResult, Doorkeep, HookContext, ModerationResult } from './api.js';
import { DoorkeepError } from './errors.js';
import { createFormToken } from './form-token.js';
import { createAkismetRouter } from './hooks/akismet-api.js';
import { createCommentsHook } from './hooks/comments.js';
import { createContactFormHook } from './hooks/contact-form.js';
import { FORM_FIELDS } from './hooks/form-fields.js';
import { createMentionsRouter } from './hooks/mentions.js';
import { createKnowledge } from './knowledge/index.js';
import { createPrior, shippedPrior } from './knowledge/prior.js';
import type { DoorkeepOptions } from './options.js';
import { parseOptions } from './parse-options.js';
import { buildFilters } from './pipeline/build-filters.js';
import { createPipeline } from './pipeline/pipeline.js';
import { applyRetention } from './retention.js';
import { DEFAULT_SETTINGS, mergeSettings } from './settings.js';
import { createLowdbStore } from './store/lowdb-store.js';
import type { Decision, Filter, HistoryEntry, Settings, Status, StoredSubmission } from './types.js';

const SAVED_SETTINGS = 'settings';
const SECRET = 'secret';
/** The last 100 settings changes: who, when, what. */
const SETTINGS_LOG = 'settings.log';
interface SettingsChange { at: string; by: string; patch: unknown }

const STATUS_OF: Record<Decision, Status> = {
  approve: 'approved', 'not-spam': 'approved', spam: 'spam', pitch: 'pitch', pending: 'pending', discard: 'discard',
};

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export async function createDoorkeep(options: DoorkeepOptions): Promise<Doorkeep> {
  const opts = parseOptions(options);
  const base = mergeSettings(DEFAULT_SETTINGS, opts.settings, 'ERR_DK_OPTIONS');
  const store = opts.store ?? createLowdbStore(opts.dataFile, { writeDelayMs: opts.writeDelayMs });
  await store.open();

  let secret = opts.secret ?? (await store.getState<string>(SECRET));
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    await store.setState(SECRET, secret);
  }
  const filterDeps = { secret };
  buildFilters(base, filterDeps, 'ERR_DK_OPTIONS');

  let settings = mergeSettings(base, (await store.getState<Settings>(SAVED_SETTINGS)) ?? undefined);
  let filters: Filter[] = buildFilters(settings, filterDeps);

  const prior = opts.prior === undefined ? shippedPrior() : opts.prior === false ? null : createPrior(opts.prior);
  const knowledge = createKnowledge(store, opts.site, await opts.listPosts(), undefined, undefined, prior);
  await knowledge.load();

  const hook: HookContext = {
    secret,
    fetch: opts.fetch,
    publicPath: opts.publicPath,
    adminPath: opts.adminPath,
    adminPasswordHash: opts.adminPasswordHash ?? (opts.adminPassword ? hashPassword(opts.adminPassword) : undefined),
  };

  const newId = () => `${opts.clock.now().getTime().toString(36)}-${randomBytes(6).toString('hex')}`;
  /** The host's post; a post the corpus has not seen yet (newly published) refreshes it. */
  const refreshedFor = new Set<string>();
  const getPost = async (id: string) => {
    const post = (await opts.getPost(id)) ?? undefined;
    if (post && !refreshedFor.has(post.id) && !knowledge.corpus.posts().some((p) => p.id === post.id)) {
      refreshedFor.add(post.id);
      knowledge.refreshPosts(await opts.listPosts());
    }
    return post;
  };
  const pipeline = createPipeline({
    store, knowledge, site: opts.site, clock: opts.clock, settings: () => settings, filters: () => filters, getPost, newId,
  });

  const since = new Date(opts.clock.now().getTime() - 24 * 60 * 60 * 1000).toISOString();
  for (const s of (await store.query({ since })).items) pipeline.rememberToken(s.form?.token, new Date(s.receivedAt));

  /**
   * Learned state is saved in the background, at most every 200 ms: a decision is durable once its
   * status change is stored, and close() flushes the rest.
   */
  let watchedSave: Promise<void> | undefined;
  const saveKnowledgeSoon = (soon = true) => {
    const saving = knowledge.save(soon);
    // One handler per scheduled save, not one per call: a busy site would otherwise pile up thousands.
    if (saving === watchedSave) return;
    watchedSave = saving;
    saving.catch((error: unknown) => console.error('Doorkeep could not save learned state:', error));
  };

  /** A campaign that formed with this submission: mark it and its earlier members with the cluster id. */
  async function fileInCampaign(stored: StoredSubmission): Promise<void> {
    const clusterId = knowledge.templates.clusterIdOf(stored.id);
    if (!clusterId || clusterId === stored.clusterId) return;
    stored.clusterId = clusterId;
    const members = knowledge.templates.getCluster(clusterId)?.members ?? [stored.id];
    for (const memberId of members) {
      const member = memberId === stored.id ? stored : await store.get(memberId);
      if (member && (member === stored || member.clusterId !== clusterId)) await store.update(memberId, { clusterId });
    }
  }

  const receiptUrl = (receipt: string) => `${opts.publicPath}/receipt/${receipt}`;

  const dk: Doorkeep = {
    store,
    site: opts.site,
    clock: opts.clock,
    settings: () => structuredClone(settings),

    async updateSettings(patch, by = 'admin') {
      const next = mergeSettings(settings, patch);
      const nextFilters = buildFilters(next, filterDeps);
      const log = (await store.getState<SettingsChange[]>(SETTINGS_LOG)) ?? [];
      await store.setState(SETTINGS_LOG, [...log.slice(-99), { at: opts.clock.now().toISOString(), by, patch }]);
      await store.setState(SAVED_SETTINGS, next);
      settings = next;
      filters = nextFilters;
      return structuredClone(settings);
    },

    async moderate(input, moderateOptions = {}): Promise<ModerationResult> {
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
        await store.add(stored);
        pipeline.rememberToken(submission.form?.token, new Date(now));
        knowledge.observe(stored);
        await fileInCampaign(stored);
        saveKnowledgeSoon(false);
      }
      return { verdict, submission: stored, receiptUrl: receiptUrl(stored.receipt) };
    },

    async decide(id, decision, by, note): Promise<DecisionResult> {
      const current = await store.get(id);
      if (!current) throw new DoorkeepError('ERR_DK_NOT_FOUND', `No submission with id ${id}.`, { status: 404 });
      const to = STATUS_OF[decision];
      if (!to) throw new DoorkeepError('ERR_DK_INPUT', `Unknown decision "${String(decision)}".`, { field: 'decision' });
      const at = opts.clock.now().toISOString();
      const entry: HistoryEntry = { at, type: 'status', by, from: current.status, to, ...(note ? { note } : {}) };
      const updated = (await store.update(id, { status: to, updatedAt: at }, [entry]))!;
      const inheritedIds = knowledge.learn(updated, decision);
      const inherited: string[] = [];
      for (const otherId of inheritedIds) {
        const other = await store.get(otherId);
        if (!other || other.status === to) continue;
        const humanDecided = other.history.some((h) => h.type === 'status' && !h.by.startsWith('doorkeep'));
        if (humanDecided) continue;
        await store.update(otherId, { status: to, updatedAt: at }, [{
          at, type: 'status', by: 'doorkeep (template campaign)', from: other.status, to,
          note: `Inherited from ${by}'s decision on a message of the same template (${id}).`,
        }]);
        inherited.push(otherId);
      }
      saveKnowledgeSoon();
      return { submission: updated, inherited };
    },

    async remove(ids) {
      const removed = await store.remove(ids);
      knowledge.forget(ids);
      saveKnowledgeSoon();
      return removed;
    },

    templates: () => knowledge.templates,
    getPost,
    comments: (hookOptions) => createCommentsHook(dk, hook, hookOptions),
    contactForm: (hookOptions) => createContactFormHook(dk, hook, hookOptions),
    mentions: (routerOptions) => createMentionsRouter(dk, hook, routerOptions),
    akismetApi: (routerOptions) => createAkismetRouter(dk, hook, routerOptions),
    admin: (routerOptions) => createAdminRouter(dk, hook, routerOptions),
    publicPages: () => createPublicRouter(dk, hook),
    notice: () => renderNotice(dk, hook),
    formFields() {
      const token = createFormToken(secret!, opts.clock.now());
      return `<input type="hidden" name="${FORM_FIELDS.token}" value="${escapeAttr(token)}">`
        + `<div class="dk-hp" aria-hidden="true" style="position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden">`
        + `<label>Leave this field empty <input type="text" name="${FORM_FIELDS.honeypot}" value="" tabindex="-1" autocomplete="off"></label></div>`;
    },

    async runRetention() {
      const { deletedIds, ...report } = await applyRetention(store, settings.retention, opts.clock.now());
      if (deletedIds.length) await dk.remove(deletedIds);
      return report;
    },

    async close() {
      if (timer) clearInterval(timer);
      await knowledge.flush();
      await store.close();
    },
  };

  const timer = opts.retentionIntervalMs === false ? undefined : setInterval(() => {
    dk.runRetention().catch((error: unknown) => console.error('Doorkeep retention failed:', error));
  }, opts.retentionIntervalMs);
  timer?.unref();

  return dk;
}
