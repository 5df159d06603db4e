/**
 * The shapes every part of Doorkeep agrees on: what comes in (Submission), what a filter may look at
 * (Context), what a filter says (Signal) and what comes out (Verdict).
 */

/** Which door a submission came through. */
export type SubmissionType = 'comment' | 'contact-form' | 'pingback' | 'trackback' | 'webmention';
export const SUBMISSION_TYPES: readonly SubmissionType[] = ['comment', 'contact-form', 'pingback', 'trackback', 'webmention'];

/**
 * Where a submission stands. `discard` is kept only for a short audit window; `trash` is where a moderator
 * puts what they want gone (restorable until retention deletes it after `retention.trashDays`).
 */
export type Status = 'approved' | 'pending' | 'pitch' | 'spam' | 'discard' | 'trash';
export const STATUSES: readonly Status[] = ['approved', 'pending', 'pitch', 'spam', 'discard', 'trash'];

export interface Author {
  name: string;
  email: string;
  url: string;
}

/** Everything a mention adds to a submission. */
export interface MentionInfo {
  /** The page that links to us. */
  source: string;
  /** The title of the source page, when it has one. */
  title?: string;
  /** About 100 characters either side of the link, as plain text. */
  excerpt?: string;
  /** For trackbacks: the blog name the sender gave. */
  blogName?: string;
  /** What the fetched source page is: its text and its links to other sites. Absent when the page was not read. */
  page?: SourcePage;
}

/** A mention's source page as the mention-source filter reads it. */
export interface SourcePage {
  /** The page's readable text (scripts, styles and markup removed), at most 20,000 characters. */
  text: string;
  /** Links to other sites (not the page's own registrable domain). */
  outboundLinks: number;
  /** Distinct other sites those links go to. */
  outboundSites: number;
  /**
   * Links to other sites outside the page's chrome (<nav>, <header>, <aside>, <footer>) and other than share
   * buttons (links that carry the page's own address): what the page itself lists.
   */
  contentLinks?: number;
  /** Distinct other sites of contentLinks. */
  contentSites?: number;
  /**
   * When the target was known: the distinct other sites (besides the target's) in the list of links the link to
   * the target stands in (links with little text between them), outside the chrome.
   */
  sitesAroundLink?: number;
  /** The share of the text inside <blockquote> (0..1): quoted, with the page's own words around it. */
  quoted?: number;
  /** Signs of a shop: prices in the text, links to a cart or checkout, schema.org Product or Offer markup. */
  commerce?: { prices: number; cartLinks: number; productMarkup: boolean };
}

/** One normalized submission; every door builds the same shape. */
export interface Submission {
  id: string;
  type: SubmissionType;
  /** The post the submission is about; null for contact forms (the whole site is their context). */
  postId: string | null;
  /** For mentions: the URL on our site that was linked. */
  target?: string;
  author: Author;
  ip: string;
  userAgent: string;
  referrer: string;
  /** As received, sanitized HTML (safe to render). */
  content: string;
  /** Plain text for filters: HTML stripped, NFKC, invisible characters removed, confusables folded, lower-case. */
  text: string;
  /** Every URL found in the content, including obfuscated ones, normalized to `http(s)://host/path`. */
  links: string[];
  /**
   * The links a reader does not see written as addresses: spelled out (`site[dot]com`, `w i n . n e t`) or
   * hidden with invisible, full-width or look-alike characters. Absent when there are none.
   */
  disguisedLinks?: string[];
  /** Domains written with letters of two alphabets (`shоp.com` with a Cyrillic о), as written. Absent when there are none. */
  homographs?: string[];
  /** ISO 8601. */
  receivedAt: string;
  mention?: MentionInfo;
  /** Contact forms: the channel name (e.g. "work-with-me"), used by the door policy. */
  channel?: string;
  /** Contact forms: the subject line, when the form has one. */
  subject?: string;
  /** Form-level facts the hooks observed (honeypot value, signed token), for the honeypot/timing filter. */
  form?: FormEvidence;
  /** Free-form extras a host passes through (never used by filters). */
  meta?: Record<string, string>;
}

export interface FormEvidence {
  /** The value of the honeypot field, '' when empty, undefined when the form had none. */
  honeypot?: string;
  /** The signed form token, as posted. Undefined when missing. */
  token?: string;
}

/**
 * What one filter says about one submission. Positive scores lean spam or pitch, negative lean genuine.
 * A score of 1 is "one solid piece of evidence"; the combiner adds them up.
 */
export interface Signal {
  /** The filter's name, e.g. "links". */
  filter: string;
  score: number;
  /** A sentence a moderator understands: "5 links in 20 words of text". */
  reason: string;
  /** What kind of problem, for verdict routing: spam-ish signals vs. outreach (pitch) signals. */
  kind?: 'spam' | 'pitch' | 'trust' | 'hold';
  /** Short public category shown to the sender, e.g. "held for review". Never details. */
  publicReason?: string;
  /** The facts behind the reason (counts, matched words, ids), for the admin. */
  evidence?: Record<string, unknown>;
  /**
   * A filter may force an outcome regardless of the total: `hold` at least pending,
   * `spam`/`discard` at least that. Used for blocklists, disallowed words and guaranteed test values.
   */
  force?: 'hold' | 'spam' | 'discard' | 'approve';
}

export interface Verdict {
  status: Status;
  score: number;
  /** Every signal any filter raised, strongest first. */
  signals: Signal[];
  /** The signals that decided the status, in words. */
  reasons: string[];
  /** What the status would have been without observe mode or the door policy. */
  wouldBe?: Status;
  /** True when observe mode let the submission through. */
  observed?: boolean;
  decidedAt: string;
}

/** Who acted: a person (a moderator, an API client reporting spam, a feedback file) or Doorkeep itself. */
export type Actor = 'person' | 'doorkeep';

/**
 * One line of a submission's history. `by` names who acted, for people to read; `actor` says whether
 * it was a person or Doorkeep (read it with actorOf(), which also reads entries written before it existed).
 */
export type HistoryEntry =
  | { at: string; type: 'verdict'; by: 'doorkeep'; status: Status; score: number; signals: Signal[] }
  | { at: string; type: 'status'; by: string; actor: Actor; from: Status; to: Status; note?: string }
  | { at: string; type: 'note'; by: string; actor: Actor; note: string };

/** A submission as stored: the submission, its current status and its history. */
export interface StoredSubmission extends Submission {
  status: Status;
  score: number;
  /** Reasons of the latest automatic verdict. */
  reasons: string[];
  signals: Signal[];
  /** Unguessable token for the sender's receipt page. */
  receipt: string;
  history: HistoryEntry[];
  /** Template cluster this submission belongs to, if any. */
  clusterId?: string;
  /** Set once the IP has been anonymised by retention. */
  ipAnonymised?: boolean;
  updatedAt: string;
}

/** A moderator's decision about one submission. `not-spam` restores it as approved and learns ham. */
export type Decision = 'approve' | 'spam' | 'pitch' | 'not-spam' | 'pending' | 'discard';
export const DECISIONS: readonly Decision[] = ['approve', 'spam', 'pitch', 'not-spam', 'pending', 'discard'];

/** A host-supplied post, the context relevance is measured against. */
export interface Post {
  id: string;
  title: string;
  body: string;
  tags?: string[];
  permalink?: string;
  publishedAt?: string;
  /** False when the post takes no comments or pings. Defaults to true. */
  open?: boolean;
}

/** Per-sender facts gathered from the store before filters run. */
export interface SenderHistory {
  byEmail: StatusCounts;
  byIp: StatusCounts;
  byUrlHost: StatusCounts;
  /** Submissions from the same IP or email within the flood window, newest first. */
  recent: RecentSubmission[];
  /**
   * For each key whose counts show unwanted submissions: how many of its latest were made unwanted by
   * a person or by strong evidence (not by learned signals), and how many distinct senders used it.
   * Absent for a key with nothing unwanted. The pipeline always fills it; without it, the counts are read as confirmed.
   */
  confirmed?: SenderEvidence;
}

/** What a sender's history confirms, per key (see pipeline/sender-evidence.ts). */
export interface SenderEvidence {
  byEmail?: ConfirmedHistory;
  byIp?: ConfirmedHistory;
  byUrlHost?: ConfirmedHistory;
}

export interface ConfirmedHistory {
  /** Spam or discard decided by a person or by strong evidence. */
  spam: number;
  /** Pitches decided by a person or by strong evidence. */
  pitch: number;
  /** Distinct senders (e-mail, else name) among the submissions read. */
  senders: number;
}

export type StatusCounts = Record<Status, number>;

/** The light view of an earlier submission that flood and duplicate checks need. */
export type RecentSubmission = Pick<StoredSubmission, 'id' | 'receivedAt' | 'postId' | 'text' | 'author' | 'ip' | 'type'>;

/** A template campaign: near-identical messages from several senders. */
export interface TemplateCluster {
  id: string;
  /** A representative text (masked), for the admin. */
  representative: string;
  /** A sample of the original content, for the admin. */
  sample: string;
  members: string[];
  senders: string[];
  firstSeen: string;
  lastSeen: string;
  /** A moderator decision inherited by later members. */
  decision?: 'pitch' | 'spam' | 'approve';
}

export interface Clock {
  now(): Date;
}

/** What the site is, for the notice page, relevance and masking of personalisation. */
export interface SiteInfo {
  /** The site's name, e.g. "Halla's notes". */
  name: string;
  /** The absolute base URL, e.g. "https://halla.example" (used for mentions and receipts). */
  url: string;
  /** The owner's name(s) as readers address them; masked before template comparison. */
  ownerNames: string[];
  /** Contact address shown on the data-processing page. */
  contact?: string;
}

/**
 * Read-only views of what Doorkeep has learned, handed to filters through the context.
 * The pipeline owns the real objects and updates them; filters only read.
 */
export interface TemplateMatch {
  submissionId: string;
  /** Stable key of the sender (email, else IP). */
  sender: string;
  similarity: number;
  receivedAt: string;
  clusterId?: string;
}

export interface TemplateLookup {
  /** Near-duplicates of this submission sent by other senders, most similar first. */
  matches: TemplateMatch[];
  /** The cluster the closest matches belong to, if any. */
  cluster?: TemplateCluster;
  /** Number of candidates the index proposed (for the benchmark and the reason). */
  candidates: number;
}

export interface TemplateIndexView {
  lookup(submission: Submission): TemplateLookup;
  getCluster(id: string): TemplateCluster | undefined;
  clusters(): TemplateCluster[];
}

export interface ClassifierResult {
  /** Probability the text is unwanted (spam or pitch), 0..1; 0.5 when untrained. */
  probability: number;
  /** How many decisions the model has learned from. */
  trainedOn: number;
  /** The tokens that weighed most, positive toward spam. */
  topTokens: { token: string; weight: number }[];
  /** Among unwanted messages: how likely this one is a pitch rather than spam, 0..1; absent until both were learned. */
  pitchShare?: number;
  /**
   * How much of the text the models know (the share of its words they met while learning, 0..1). 0 when
   * neither has an opinion on it (a language or script they were not trained on): the probability is then 0.5.
   */
  known?: number;
}

export interface ClassifierView {
  classify(submission: Submission): ClassifierResult;
}

/** The site's own content, with document frequencies for relevance. */
export interface SiteCorpusView {
  posts(): Post[];
  /** Inverse document frequency of a term over the site's posts (and a smoothing default). */
  idf(term: string): number;
  /** Number of documents the IDF was computed from. */
  size(): number;
}

export interface Knowledge {
  templates: TemplateIndexView;
  classifier: ClassifierView;
  corpus: SiteCorpusView;
}

/** What a filter may look at besides the submission. Filters never touch req, globals or files. */
export interface Context {
  post: Post | null;
  site: SiteInfo;
  sender: SenderHistory;
  knowledge: Knowledge;
  settings: Settings;
  now: Date;
  /** True when the signed form token on this submission was already used by an earlier one. */
  formTokenSeen?: boolean;
}

/**
 * A piece of learned state the pipeline keeps up to date: it sees every stored submission and every
 * moderator decision, and is saved in the store under its name.
 */
export interface LearningComponent {
  readonly name: string;
  /** After a submission's verdict is stored. */
  observe(submission: StoredSubmission): void;
  /**
   * A moderator decision. Returns the ids of other stored submissions that should inherit the same
   * decision (members of a template campaign), or nothing.
   */
  learn(submission: StoredSubmission, decision: Decision): string[] | void;
  /** Forget a deleted submission (retention, admin delete). */
  forget?(id: string): void;
  /** Serializable state, saved with store.setState(name, …). */
  toJSON(): unknown;
  /** Restore from what toJSON() returned. Must tolerate undefined (first start). */
  load(state: unknown): void;
  /**
   * Optional: the state as rows of a named map instead of one value, so a save writes only what changed.
   * The rows changed since the last call (`undefined`: the row is gone), which then count as saved; `all`
   * hands over every row (and deletions of every row saved before that no longer exists). In the order to
   * save them: a big save is written in parts, and a crash may stop it after any part.
   */
  takeRows?(all?: boolean): Record<string, unknown>;
  /** Restore from every saved row (then toJSON() and load() still work, for exports and old saved values). */
  loadRows?(rows: Record<string, unknown>): void;
}

export type FilterResult = Signal | Signal[] | null | undefined;

/** One check. A pure function of (submission, context). */
export interface Filter {
  name: string;
  /** Submission types the filter applies to; all when omitted. */
  types?: readonly SubmissionType[];
  check(submission: Submission, context: Context): FilterResult;
}

export interface Thresholds {
  /** Score at or above which a submission waits for review. Defaults to 1. */
  pending: number;
  /** Pitch-kind score at or above which outreach goes to the pitch inbox. Defaults to 1.5. */
  pitch: number;
  /** Score at or above which a submission is spam. Defaults to 3. */
  spam: number;
  /** Score at or above which a submission is discarded outright. Defaults to 8. */
  discard: number;
}

export interface DoorPolicy {
  /** 'deliver': a pitch on this channel is delivered like any message; 'inbox': held in the pitch inbox. */
  pitches: 'deliver' | 'inbox';
}

export interface RetentionSettings {
  /** Spam older than this many days is deleted. Defaults to 15. */
  spamDays: number;
  /** Discarded submissions are kept this many days for audit. Defaults to 2. */
  discardDays: number;
  /** IP addresses are anonymised after this many days (IPv4 /24, IPv6 /48). Defaults to 30. */
  ipDays: number;
  /** Trashed submissions are deleted this many days after they were trashed. Defaults to 30. */
  trashDays: number;
}

export interface Lists {
  blockedEmails: string[];
  blockedIps: string[];
  /** Domains blocked in email addresses, author URLs and links. */
  blockedDomains: string[];
  trustedEmails: string[];
  /** A match holds the submission for review (WordPress "comment moderation" words). */
  moderationWords: string[];
  /** A match makes the submission spam (WordPress "disallowed comment keys"). */
  disallowedWords: string[];
}

/**
 * Settings the owner can change at run time (the admin's settings page). Options given to
 * createDoorkeep() are the initial values; what the admin saves overrides them.
 */
export interface Settings {
  /** 'observe' runs every filter and records its verdict but approves everything. Defaults to 'enforce'. */
  mode: 'enforce' | 'observe';
  thresholds: Thresholds;
  /** Per filter: false turns it off, an object tunes it. Missing means on with defaults. */
  filters: Record<string, false | Record<string, unknown>>;
  /** Door policy per contact channel; channels not listed hold pitches in the inbox. */
  doors: Record<string, DoorPolicy>;
  retention: RetentionSettings;
  lists: Lists;
  /** The sentence shown under forms. */
  noticeText: string;
  /** Akismet-compatible API keys accepted by akismetApi(). */
  apiKeys: string[];
}

/** A query over stored submissions. Every field narrows; all optional. */
export interface SubmissionQuery {
  status?: Status | Status[];
  type?: SubmissionType | SubmissionType[];
  postId?: string;
  email?: string;
  ip?: string;
  /** Host of the author URL or of a mention source. */
  urlHost?: string;
  clusterId?: string;
  /** Contact forms: the channel name, exactly. */
  channel?: string;
  /** Submissions on which this filter raised a signal with a positive score (a reason to hold them). */
  filter?: string;
  /** Case-insensitive substring over text, author name, email, URL and post id. */
  search?: string;
  /** ISO dates, inclusive lower bound, exclusive upper bound, over receivedAt. */
  since?: string;
  until?: string;
  order?: 'newest' | 'oldest';
  offset?: number;
  limit?: number;
  /**
   * false: the caller does not read `total`, so a store may skip counting every match (PostgreSQL does);
   * `total` is then at least `offset` plus the items returned. Defaults to true.
   */
  withTotal?: boolean;
}

export interface QueryResult {
  items: StoredSubmission[];
  total: number;
}

/** Submissions received on one UTC day (YYYY-MM-DD), by status. */
export interface DayCount {
  day: string;
  counts: StatusCounts;
}

/** How often one filter leaned each way over a window (a submission counts once per filter: its scores summed). */
export interface FilterCount {
  filter: string;
  /** Submissions where the filter's scores summed above 0. */
  unwanted: number;
  /** Submissions where they summed below 0. */
  genuine: number;
}

/** Old submissions retention acts on. */
export interface OldItemsQuery {
  /** Received strictly before this ISO instant. */
  until: string;
  status?: Status | Status[];
  /** Only those whose IP is not anonymised yet (and not empty). */
  ipNotAnonymised?: boolean;
  /** At most this many ids, oldest first. */
  limit: number;
}

/**
 * What another instance sharing the same data changed, announced so this one can follow. A store that
 * only one process uses (memory, lowdb) never announces anything.
 */
export type StoreChange =
  | { kind: 'state'; key: string }
  | {
    kind: 'added'; id: string;
    /** The submission as stored, when the announcement can carry it (the listener need not read it back). */
    submission?: StoredSubmission;
  }
  | { kind: 'updated'; id: string }
  | { kind: 'removed'; ids: string[] }
  | {
    /** A template campaign kept in the store (TemplateBandStore) changed. */
    kind: 'campaign'; id: string;
    /** Members that joined it: [submission id, sender key, receivedAt ms]. */
    joined?: [string, string, number][];
    /** Its decision changed to this (null: cleared). */
    decision?: NonNullable<TemplateCluster['decision']> | null;
    /** Read it again from the store (its text changed, or it was made). */
    reload?: boolean;
  };

/** One indexed text of the store's template index: what the Dice check in the process needs. */
export interface TemplateEntryRow {
  id: string;
  /** The sender key (plugin/sender.ts). */
  sender: string;
  /** receivedAt in ms. */
  at: number;
  /** The masked text that is compared. */
  masked: string;
  clusterId: string | null;
}

/** A template campaign as the store keeps it: the campaign row and its members (entries filed under it). */
export interface StoredCampaign {
  id: string;
  representative: string;
  sample: string;
  decision: NonNullable<TemplateCluster['decision']> | null;
  /** [submission id, sender key, receivedAt ms], oldest first. */
  members: [string, string, number][];
}

/**
 * Optional store capability: the template index's LSH band keys as indexed rows shared by every instance
 * (PostgreSQL). When a store offers it, Doorkeep asks it for a submission's candidates (one statement) and
 * verifies them with the similarity metric in the process; campaigns are rows too, and changes to them are
 * announced (StoreChange 'campaign'). Deleting a submission (remove()) deletes its entry and band rows.
 */
export interface TemplateBandStore {
  /**
   * Entries sharing at least one band key with `bandKeys`, most shared bands first, then newest, at most `limit`
   * (`exclude`: this submission's own id). Each band contributes at most its `perBand` newest entries.
   * `proposed`: how many distinct entries the bands held.
   */
  templateCandidates(bandKeys: number[], exclude: string, perBand: number, limit: number): Promise<{ entries: TemplateEntryRow[]; proposed: number }>;
  /**
   * Index one submission's text. With `campaign`, it is filed under that campaign (made if new, with its text) and so
   * are the `join` entries not yet in any campaign. Returns the members that joined (the new entry included), in
   * the shape of the announcement; an entry already indexed is left as it is.
   */
  addTemplateEntry(
    entry: Omit<TemplateEntryRow, 'clusterId'> & { bandKeys: number[] },
    campaign?: { id: string; representative: string; sample: string; join: string[] },
  ): Promise<[string, string, number][]>;
  /**
   * Optional: hand over a submission's entry (and campaign) before the submission is added; add() then writes it in
   * the submission's own statement (one commit, one round trip, no gap a crash could fall into). Resolves with the
   * members that joined once add() wrote it, or with undefined if the add failed or wrote it apart.
   */
  stageTemplateEntry?(
    entry: Omit<TemplateEntryRow, 'clusterId'> & { bandKeys: number[] },
    campaign?: { id: string; representative: string; sample: string; join: string[] },
  ): Promise<[string, string, number][] | undefined>;
  /**
   * Index many texts at once (a start-up catching up, or state saved by an in-memory index taken over), with the
   * campaigns they belong to; entries and campaigns already stored are left as they are. An entry without band keys
   * is a campaign member whose text was not kept. Returns how many entries were added.
   */
  addTemplateEntries(
    entries: (Omit<TemplateEntryRow, 'clusterId'> & { bandKeys: number[]; clusterId?: string | null })[],
    campaigns?: Omit<StoredCampaign, 'members'>[],
  ): Promise<number>;
  /** Which of these ids have an entry. */
  indexedTemplateIds(ids: string[]): Promise<string[]>;
  /**
   * Make a campaign of one indexed entry not yet in a campaign (a decision on a lone message), or change a campaign's
   * decision and/or texts. Returns the campaign as stored afterwards (undefined: no such campaign or entry).
   */
  saveCampaign(id: string, change: { from?: string; representative?: string; sample?: string; decision?: StoredCampaign['decision'] }): Promise<StoredCampaign | undefined>;
  /** One campaign with its members, or every campaign (start-up). */
  campaign(id: string): Promise<StoredCampaign | undefined>;
  campaigns(): Promise<StoredCampaign[]>;
}

/**
 * Where Doorkeep keeps submissions, settings and learned state. Methods are async so a store
 * on a database engine fits behind the same interface. Doorkeep never calls anything else.
 *
 * Derived keys (identical in every store, checked by test/store-contract.test.ts):
 * - sender e-mail: `author.email` trimmed and lower-cased; queries and counts by e-mail ignore case.
 * - IP: compared exactly as stored.
 * - URL host: the host of `mention.source`, else of `author.url` (see plugin/store/keys.ts); queries ignore case.
 * - day: the UTC date of `receivedAt`. Times are ISO 8601 strings compared as strings (always `toISOString()`).
 *
 * Several processes may share one store (PostgreSQL): every state operation below is atomic on its own,
 * so no caller reads a whole blob, changes it and writes it back over another process's change.
 */
export interface Store {
  /** Where the data lives (a file, a database), for messages. Optional. */
  readonly location?: string;
  /** Load or create the data. Called once by createDoorkeep. */
  open(): Promise<void>;
  /** Resolves once the submission is durable (synced to disk for file stores). A rejected add stored nothing. */
  add(submission: StoredSubmission): Promise<void>;
  get(id: string): Promise<StoredSubmission | undefined>;
  getByReceipt(receipt: string): Promise<StoredSubmission | undefined>;
  /** Apply a patch and append history entries; resolves with the updated record once durable. */
  update(id: string, patch: Partial<Omit<StoredSubmission, 'id' | 'history'>>, history?: HistoryEntry[]): Promise<StoredSubmission | undefined>;
  /** Returns how many were deleted. */
  remove(ids: string[]): Promise<number>;
  query(query: SubmissionQuery): Promise<QueryResult>;
  /** Counts by status for the given sender keys (email, IP, URL host), for reputation. */
  senderCounts(key: { email?: string; ip?: string; urlHost?: string }): Promise<{ byEmail: StatusCounts; byIp: StatusCounts; byUrlHost: StatusCounts }>;
  /** Submissions from this email or this IP received at or after `since`, newest first, at most `limit`. */
  recentFrom(key: { email?: string; ip?: string }, since: string, limit: number): Promise<RecentSubmission[]>;
  countByStatus(): Promise<StatusCounts>;
  /** Per UTC day in [since, until): counts by status; only days with submissions, oldest first. */
  countByDay(since: string, until: string): Promise<DayCount[]>;
  /** Per filter over submissions received in [since, until): how often it leaned unwanted or genuine. */
  countByFilter(since: string, until: string): Promise<FilterCount[]>;
  /** Ids of old submissions (retention), oldest first. */
  oldIds(query: OldItemsQuery): Promise<string[]>;

  /** Named values (saved settings, learned models). Last write wins: use for values one writer owns. */
  getState<T>(key: string): Promise<T | undefined>;
  setState<T>(key: string, value: T): Promise<void>;
  /** One field of a named map; `undefined` deletes it. Fields change independently of each other. */
  setStateEntry<T>(key: string, field: string, value: T | undefined): Promise<void>;
  /**
   * Several fields of a named map at once (`undefined` deletes a field), applied together: all or none.
   * For learned state kept as rows, so a save writes only the rows that changed.
   */
  setStateEntries<T>(key: string, changes: Record<string, T | undefined>): Promise<void>;
  getStateEntries<T>(key: string): Promise<Record<string, T>>;
  /**
   * Add numbers to fields of a named map, all at once and atomically (a missing field counts as 0): `value = value +
   * delta`, so two processes adding to one field both count. For learned weights kept as rows: a decision's changes
   * are written as deltas, never as a whole model read, changed and written back. Optional for a host's own store
   * (Doorkeep then saves the classifier as one value); the stores shipped with Doorkeep have it.
   */
  addToStateEntries?(key: string, deltas: Record<string, number>): Promise<void>;
  /**
   * Optional: true when several processes share this store (PostgreSQL). Learned state is then kept as rows changed
   * by deltas (addToStateEntries), and what another process learns is read back when it is announced.
   */
  readonly shared?: boolean;
  /** Append to a named log keeping the last `keep` entries; returns nothing. */
  appendLog<T>(key: string, entry: T, keep: number): Promise<void>;
  /** The log's entries, oldest first. */
  getLog<T>(key: string): Promise<T[]>;
  /**
   * Put these entries in place of a named log's, at once (an empty list empties it). For erasing a person from
   * a log (the settings log names the addresses put on a list). Optional for a host's own store: without it,
   * erasure cannot scrub logs and says so.
   */
  replaceLog?<T>(key: string, entries: T[]): Promise<void>;
  /**
   * Add `delta` to a named counter and return its new value. A counter whose `expiresAt` (ISO) has passed
   * starts again from 0 with the new expiry. For rate limits and usage counts shared between processes.
   */
  addToCounter(key: string, delta: number, expiresAt: string, now: string): Promise<number>;
  /**
   * Claim a one-time token (a form token against replays): true the first time, false when it was
   * claimed before and has not expired. Expired tokens are forgotten.
   */
  claimToken(token: string, expiresAt: string, now: string): Promise<boolean>;
  /** Give a claimed token back (the submission that claimed it was not stored). */
  releaseToken(token: string): Promise<void>;
  /** Hear what other processes sharing this store changed. Returns a function that stops listening. */
  subscribe(listener: (change: StoreChange) => void): () => void;
  /**
   * Optional: rewrite storage so that removed submissions leave no copy behind (a file store's journals
   * keep superseded lines until compacted). A personal-data erasure calls it after removing. Stores that
   * delete in place (memory, PostgreSQL) need not have it.
   */
  compact?(): Promise<void>;
  /** Optional: the template index kept in the store (see TemplateBandStore); otherwise each process keeps its own in memory. */
  readonly templateBands?: TemplateBandStore;
  /** Flush pending writes and release resources. */
  close(): Promise<void>;
}

/** The method names every store must have (createDoorkeep checks a host's own store against it). */
export const STORE_METHODS = [
  'open', 'add', 'get', 'getByReceipt', 'update', 'remove', 'query', 'senderCounts', 'recentFrom', 'countByStatus',
  'countByDay', 'countByFilter', 'oldIds', 'getState', 'setState', 'setStateEntry', 'setStateEntries', 'getStateEntries', 'appendLog', 'getLog',
  'addToCounter', 'claimToken', 'releaseToken', 'subscribe', 'close',
] as const satisfies readonly (keyof Store)[];
