/**
 * The public shape of a Doorkeep instance and the input a door hands to the pipeline.
 * createDoorkeep() (plugin/doorkeep.ts) builds one; hooks and the admin receive it.
 */
import type { RequestHandler, Router } from 'express';
import type { DoorkeepEventName, Listener } from './delivery.js';
import type { AdminAccess } from './admin-access.js';
import type { AkismetApiOptions } from './hooks/akismet-api.js';
import type { CommentHookOptions } from './hooks/comments.js';
import type { ContactFormHookOptions } from './hooks/contact-form.js';
import type { MentionsOptions, MentionsRouter } from './hooks/mentions.js';
import type {
  Author, Clock, Decision, FormEvidence, MentionInfo, Post, Settings, SiteInfo, Store, StoredSubmission,
  SubmissionType, TemplateIndexView, Verdict,
} from './types.js';

/** What a door knows about a submission before normalization. */
export interface SubmissionInput {
  type: SubmissionType;
  postId?: string | null;
  target?: string;
  author?: Partial<Author>;
  ip?: string;
  userAgent?: string;
  referrer?: string;
  /** Raw content as received (HTML or text); sanitized by normalization. */
  content: string;
  /** ISO date; defaults to the clock's now. */
  receivedAt?: string;
  mention?: MentionInfo;
  channel?: string;
  subject?: string;
  form?: FormEvidence;
  meta?: Record<string, string>;
  /** Use this id instead of a generated one (batch replays). */
  id?: string;
}

export interface ModerateOptions {
  /** Store the submission (default true). False runs the filters only, e.g. Akismet comment-check with is_test. */
  persist?: boolean;
  /**
   * Contact forms: open the door to pitches on this channel when the admin has saved no door setting
   * for it (the saved setting wins; see doorIsOpen in plugin/door-policy.ts). Defaults to false.
   */
  doorOpen?: boolean;
}

export interface ModerationResult {
  verdict: Verdict;
  submission: StoredSubmission;
  /** Absolute or site-relative URL of the sender's receipt page. */
  receiptUrl: string;
}

/** What hooks put on `req.moderation`. */
export interface RequestModeration extends ModerationResult {
  receipt: string;
}

export interface DecisionResult {
  submission: StoredSubmission;
  /** Other submissions that inherited the decision (template campaign members). */
  inherited: string[];
}

export interface RetentionReport {
  deletedSpam: number;
  deletedDiscarded: number;
  /** Trashed more than `retention.trashDays` ago. */
  deletedTrash: number;
  anonymisedIps: number;
}

export interface Doorkeep {
  readonly store: Store;
  readonly site: SiteInfo;
  readonly clock: Clock;
  /** Where the public pages and the admin are mounted (the `publicPath` and `adminPath` options). */
  readonly paths: DoorkeepPaths;
  /** What an admin needs that is not public: the password check and keys derived from the secret (see AdminAccess). */
  readonly adminAccess: AdminAccess;
  /** The effective settings now (options overlaid with what the admin saved). */
  settings(): Settings;
  /** Validate and save a settings patch (the change is logged with `by`, default "admin"); throws DoorkeepError (code ERR_DK_SETTINGS) and saves nothing when invalid. */
  updateSettings(patch: unknown, by?: string): Promise<Settings>;
  /** Every problem with a settings patch, each naming its field (filter options included); [] when updateSettings() would accept it. */
  checkSettings(patch: unknown): import('./settings.js').SettingsProblem[];
  /** The contact channels contactForm() was called for, with the door policy its options give (the admin's saved policy overrides it). */
  channels(): { channel: string; doorOpen: boolean }[];
  /** Normalize, run the filters, store and return the verdict. Usable without Express. */
  moderate(input: SubmissionInput, options?: ModerateOptions): Promise<ModerationResult>;
  /** A person's decision (`by` names them): history, status change and learning (classifier, reputation, templates). */
  decide(id: string, decision: Decision, by: string, note?: string): Promise<DecisionResult>;
  /** Delete submissions and make learned state (template clusters) forget them. Returns how many were deleted. */
  remove(ids: string[]): Promise<number>;
  /** Everything held about an e-mail address: its submissions (with history), the lists naming it, what was learned from it. */
  exportPersonalData(email: string): Promise<import('./privacy.js').PersonalDataExport>;
  /**
   * Erase everything held about an e-mail address: its submissions, their decisions in the classifier, learned
   * features and campaign samples containing the address or the name, and the address in the lists.
   * Throws DoorkeepError (ERR_DK_INPUT) for something that is not an address.
   */
  erasePersonalData(email: string, by?: string): Promise<import('./privacy.js').ErasureReport>;
  /** The sender withdraws one submission (by its receipt token): it is deleted with what was learned from it. */
  withdraw(receipt: string): Promise<boolean>;
  /** The template campaigns the similarity index has found (for the admin). */
  templates(): TemplateIndexView;
  /** Look up a post through the host's getPost option. */
  getPost(id: string): Promise<Post | undefined>;
  /**
   * Listen for 'delivered' (a submission became approved: on arrival, or when a moderator approved it later)
   * or 'mail-failed'. Listeners run after the change is stored; an error in one is logged, never thrown.
   */
  on<E extends DoorkeepEventName>(event: E, listener: Listener<E>): void;
  off<E extends DoorkeepEventName>(event: E, listener: Listener<E>): void;
  /** Resolves once every delivery listener and mail started so far has finished. */
  idle(): Promise<void>;
  /** The host's posts (its listPosts option), e.g. for the admin's post picker. */
  listPosts(): Promise<Post[]>;
  /** Middleware for comment forms. Puts the result on req.moderation and calls next(). */
  comments(options?: CommentHookOptions): RequestHandler;
  /** Middleware for contact forms. */
  contactForm(options?: ContactFormHookOptions): RequestHandler;
  /** Pingback (/xmlrpc), trackback (/trackback/:postId) and webmention (/webmention) receivers. */
  mentions(options?: MentionsOptions): MentionsRouter;
  /** Akismet-compatible HTTP API (mount e.g. at /akismet). */
  akismetApi(options?: AkismetApiOptions): Router;
  /** HTML for the hidden form fields: the signed token and the honeypot. */
  formFields(): string;
  /** Delete old spam, discarded and trashed items, anonymise old IPs. Runs on an interval too. */
  runRetention(): Promise<RetentionReport>;
  /** Stop timers and flush the store. */
  close(): Promise<void>;
}

export interface DoorkeepPaths {
  /** Where the public pages (receipts, the data-processing page) are mounted, e.g. "/doorkeep". */
  public: string;
  /** Where the admin is mounted, e.g. "/admin". */
  admin: string;
}
