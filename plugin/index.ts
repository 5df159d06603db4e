/**
 * The public API of the package ("doorkeep"). Everything a host, or the admin (doorkeep/admin), uses is
 * exported here and nowhere else.
 */
import './express.js';

export { createDoorkeep } from './doorkeep.js';
export { createMemoryStore } from './store/memory-store.js';
export { createLowdbStore, type LowdbStoreOptions, type LowdbStore } from './store/lowdb-store.js';
export { createPostgresStore, type PostgresStoreOptions, type PostgresStore } from './store/postgres-store.js';
export { DoorkeepError, checkOptions, rejectUnknownKeys, type ErrorCode } from './errors.js';
export { DEFAULT_SETTINGS } from './settings.js';
export { FILTER_NAMES, FILTER_DEFAULTS, type FilterName } from './filters/index.js';
export { hashPassword } from './password.js';
export type { AdminAccess } from './admin-access.js';
export { emailKey, ipKey, hostKey, inDomain, senderKeys, senderLookup, senderId, type SenderKeys } from './sender.js';
export { DECISION_TABLE, statusOf, actorOf, decidedByPerson, personDecisions, type DecisionMeaning } from './decisions.js';
export { doorIsOpen } from './door-policy.js';
export { STATUSES, DECISIONS, SUBMISSION_TYPES } from './types.js';
export type * from './types.js';
export type * from './api.js';
export type { DoorkeepOptions, AdminOptions, FetchOptions, DeepPartial } from './options.js';
export type { CommentHookOptions } from './hooks/comments.js';
export type { ContactFormHookOptions } from './hooks/contact-form.js';
export type { FormErrorHandler } from './hooks/form-hook.js';
export { advertiseMentions, mentionEndpoints, type MentionsOptions, type MentionsRouter, type AdvertiseOptions, type MentionEndpoints } from './hooks/mentions.js';
export type { AkismetApiOptions } from './hooks/akismet-api.js';
export type { DeliveredEvent, MailFailedEvent, DoorkeepEvents, DoorkeepEventName } from './delivery.js';
export type { MailOptions, SmtpOptions } from './mail.js';
export type { PersonalDataExport, ErasureReport } from './privacy.js';
