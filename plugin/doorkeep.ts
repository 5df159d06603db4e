/**
 * createDoorkeep(): one object, created once, with middleware for each door and moderate()/decide()
 * for use without Express. Short wiring: the settings service, what was learned, the moderation
 * service, the admin seam and the router factories, each given only what it uses. The admin and the
 * public pages are built on this object by doorkeep/admin (admin/index.ts), which the core never imports.
 */
import { randomBytes } from 'node:crypto';
import { createAdminAccess } from './admin-access.js';
import type { Doorkeep } from './api.js';
import { createFormToken } from './form-token.js';
import { createAkismetRouter } from './hooks/akismet-api.js';
import { createCommentsHook } from './hooks/comments.js';
import { createContactFormHook, DEFAULT_CHANNEL } from './hooks/contact-form.js';
import { renderFormFields } from './hooks/form-fields.js';
import { createMentionsRouter } from './hooks/mentions.js';
import { createKnowledge } from './knowledge/index.js';
import { createPrior, shippedPrior } from './knowledge/prior.js';
import { createDelivery } from './delivery.js';
import { createMailer } from './mail.js';
import { createPrivacyService } from './privacy.js';
import { createModerationService } from './moderation.js';
import type { DoorkeepOptions } from './options.js';
import { parseOptions } from './parse-options.js';
import { applyRetention, scheduleRetention } from './retention.js';
import { checkSavedSettings, createSettingsService } from './settings-service.js';
import { createLowdbStore } from './store/lowdb-store.js';
import type { Store } from './types.js';

const SECRET = 'secret';

/** The site secret: the option, else the one kept in the store, else a new one (kept). */
async function siteSecret(store: Store, given: string | undefined): Promise<string> {
  const secret = given ?? (await store.getState<string>(SECRET));
  if (secret) return secret;
  const fresh = randomBytes(32).toString('base64url');
  await store.setState(SECRET, fresh);
  return fresh;
}

export async function createDoorkeep(options: DoorkeepOptions): Promise<Doorkeep> {
  const opts = parseOptions(options);
  const store = opts.store ?? createLowdbStore(opts.dataFile, { writeDelayMs: opts.writeDelayMs });
  await store.open();

  try {
    await checkSavedSettings(store, opts.settings);
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
  const secret = await siteSecret(store, opts.secret);
  const settings = await createSettingsService({ store, initial: opts.settings, filterDeps: { secret }, clock: opts.clock });
  const prior = opts.prior === undefined ? shippedPrior() : opts.prior === false ? null : createPrior(opts.prior);
  const knowledge = createKnowledge(store, opts.site, await opts.listPosts(), undefined, undefined, prior);
  await knowledge.load();
  const delivery = createDelivery({
    onDelivered: opts.onDelivered,
    mailer: opts.mail ? createMailer(opts.mail, opts.site, async (id) => (await opts.getPost(id))?.title) : undefined,
    adminItemUrl: (id) => `${opts.site.url}${opts.adminPath}/items/${encodeURIComponent(id)}`,
  });
  const moderation = await createModerationService({
    store, knowledge, settings, site: opts.site, clock: opts.clock, getPost: opts.getPost, listPosts: opts.listPosts, publicPath: opts.publicPath,
    onApproved: delivery.delivered,
  });
  const privacy = createPrivacyService({ store, knowledge, settings, clock: opts.clock, remove: moderation.remove });
  /** Contact channels the host created forms for, with the door policy their contactForm() options give. */
  const channels = new Map<string, boolean>();
  const adminAccess = await createAdminAccess(store, { secret, password: opts.adminPassword, passwordHash: opts.adminPasswordHash });

  const dk: Doorkeep = {
    store,
    site: opts.site,
    clock: opts.clock,
    paths: { public: opts.publicPath, admin: opts.adminPath },
    adminAccess,
    settings: () => structuredClone(settings.current()),
    updateSettings: (patch, by = 'admin') => settings.update(patch, by),
    checkSettings: (patch) => settings.check(patch),
    channels: () => [...channels].map(([channel, doorOpen]) => ({ channel, doorOpen })),
    moderate: moderation.moderate,
    decide: moderation.decide,
    remove: moderation.remove,
    exportPersonalData: privacy.exportPersonalData,
    erasePersonalData: privacy.erasePersonalData,
    withdraw: privacy.withdraw,
    templates: moderation.templates,
    getPost: moderation.getPost,
    on: (event, listener) => delivery.on(event, listener),
    off: (event, listener) => delivery.off(event, listener),
    idle: () => delivery.idle(),
    listPosts: async () => [...(await opts.listPosts())],
    comments: (hookOptions) => createCommentsHook(dk, hookOptions),
    contactForm(hookOptions) {
      const handler = createContactFormHook(dk, hookOptions);
      const channel = hookOptions?.channel ?? DEFAULT_CHANNEL;
      channels.set(channel, (channels.get(channel) ?? false) || (hookOptions?.doorOpen ?? false));
      return handler;
    },
    mentions: (routerOptions) => createMentionsRouter(dk, opts.fetch, routerOptions),
    akismetApi: (routerOptions) => createAkismetRouter(dk, routerOptions),
    formFields: () => renderFormFields(createFormToken(secret, opts.clock.now())),

    async runRetention() {
      const { deletedIds, ...report } = await applyRetention(store, settings.current().retention, opts.clock.now());
      if (deletedIds.length) await moderation.remove(deletedIds);
      return report;
    },

    async close() {
      stopRetention();
      await delivery.close();
      await moderation.flush();
      knowledge.close();
      await store.close();
    },
  };

  const stopRetention = scheduleRetention(() => dk.runRetention(), opts.retentionIntervalMs);
  return dk;
}
