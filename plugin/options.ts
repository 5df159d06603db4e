/**
 * The options createDoorkeep() takes. This type is the documentation: every field says what it does
 * and its default. parseOptions() (plugin/parse-options.ts) checks them once, at creation.
 */
import type { PriorFile } from './knowledge/prior.js';
import type { DeliveredEvent } from './delivery.js';
import type { MailOptions } from './mail.js';
import type { Clock, Post, Settings, SiteInfo, Store } from './types.js';

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends (infer U)[] ? U[] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

export interface AdminOptions {
  /** The admin password. Defaults to the DOORKEEP_ADMIN_PASSWORD environment variable. Kept only as a scrypt hash. */
  password?: string;
  /** A precomputed hash from hashPassword(), instead of password. */
  passwordHash?: string;
}

export interface FetchOptions {
  /** Host names or IPs that may be fetched even if they resolve to private addresses (tests, intranets). Defaults to []. */
  allowHosts?: string[];
  /** Abort a source fetch after this many milliseconds. Defaults to 5000. */
  timeoutMs?: number;
  /** Stop reading a source after this many bytes. Defaults to 1 MB (1_048_576). */
  maxBytes?: number;
  /** Follow at most this many redirects. Defaults to 5. */
  maxRedirects?: number;
  /** The User-Agent sent with fetches. Defaults to "Doorkeep/<version> (+site url)". */
  userAgent?: string;
}

export interface DoorkeepOptions {
  /** The lowdb JSON file. Defaults to "data/doorkeep.json". Ignored when `store` is given. */
  dataFile?: string;
  /** A Store implementation to use instead of the lowdb file (e.g. createMemoryStore()). */
  store?: Store;
  /** The site: its name, base URL and the owner's names. `name` and `url` are required. */
  site: Partial<SiteInfo> & { name: string; url: string };
  /** Looks up the post a submission is about. Defaults to "no posts" (every post id unknown). */
  getPost?: (id: string) => Post | undefined | Promise<Post | undefined>;
  /** Lists the site's published posts, for relevance (IDF) and contact-form context. Defaults to []. */
  listPosts?: () => Post[] | Promise<Post[]>;
  /** Secret for signing form tokens, receipts and admin sessions. Defaults to one generated and kept in the store. */
  secret?: string;
  /** Initial settings; the admin's saved settings override them. */
  settings?: DeepPartial<Settings>;
  admin?: AdminOptions;
  fetch?: FetchOptions;
  /** The clock. Defaults to the system clock; tests inject one. */
  clock?: Clock;
  /**
   * How long the lowdb store waits before a write to gather more changes into it, in ms; changes arriving while
   * a write is being synced always go into the next one. Defaults to 0.
   */
  writeDelayMs?: number;
  /** How often retention runs, in ms, or false for never (run it with runRetention()). Defaults to 6 hours. */
  retentionIntervalMs?: number | false;
  /** Where publicPages() is mounted, for links in notices and receipts. Defaults to "/doorkeep". */
  publicPath?: string;
  /** Where admin() is mounted, for links and redirects. Defaults to "/admin". */
  adminPath?: string;
  /**
   * The model of ordinary spam the classifier starts from (the contents of a file made by
   * `npm run train-prior`), or false for none: the classifier then learns from this site's decisions
   * alone. Defaults to the prior shipped with Doorkeep.
   */
  prior?: PriorFile | false;
  /**
   * Called when a submission is delivered: approved on arrival (a contact message, a comment, a pitch on an
   * open door) or approved later by a moderator. Same as `doorkeep.on('delivered', …)`. Defaults to none.
   */
  onDelivered?: (event: DeliveredEvent) => void | Promise<void>;
  /**
   * E-mail delivered submissions through SMTP (nodemailer), or false for never. Defaults to the environment:
   * DOORKEEP_MAIL_TO with DOORKEEP_SMTP_URL or DOORKEEP_SMTP_HOST (…_PORT, …_SECURE, …_USER, …_PASS) and
   * DOORKEEP_MAIL_FROM; no mail when DOORKEEP_MAIL_TO is unset.
   */
  mail?: MailOptions | false;
}
