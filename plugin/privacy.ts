/**
 * A reader's personal data: everything held about an e-mail address, exported or erased in one step, and
 * one submission withdrawn from its receipt. Erasing removes the submissions (and with them the sender's
 * counts, which are derived from them), takes back what their decisions taught the classifier, drops
 * learned features and campaign samples that contain the address or the name, and removes the address
 * from the settings' lists and from the log of settings changes (which recorded it being put on a list).
 */
import { DoorkeepError } from './errors.js';
import type { KnowledgeBase } from './knowledge/index.js';
import { emailKey } from './sender.js';
import { SETTINGS_LOG, type SettingsService } from './settings-service.js';
import type { Clock, Lists, Store, StoredSubmission } from './types.js';

export interface PersonalDataExport {
  email: string;
  exportedAt: string;
  /** Every stored submission from this address, with its history. */
  submissions: StoredSubmission[];
  /** The settings lists (blocked, trusted) that name this address. */
  lists: (keyof Lists)[];
  /** What was learned from these submissions. */
  learned: { classifierDecisions: number; templateEntries: number };
}

export interface ErasureReport {
  email: string;
  /** Submissions deleted. */
  submissions: number;
  /** Decisions taken back from the classifier. */
  classifierDecisions: number;
  /** Campaign samples replaced because they contained the address or the name. */
  campaignSamples: number;
  /** Lists the address was removed from. */
  lists: (keyof Lists)[];
  /** Entries of the settings log the address was removed from (false: the store cannot rewrite logs, so it is still there). */
  logEntries: number | false;
}

export interface PrivacyService {
  exportPersonalData(email: string): Promise<PersonalDataExport>;
  erasePersonalData(email: string, by?: string): Promise<ErasureReport>;
  /** Delete the submission with this receipt, and what was learned from it. False when there is none. */
  withdraw(receipt: string): Promise<boolean>;
}

export interface PrivacyServiceOptions {
  store: Store;
  knowledge: KnowledgeBase;
  settings: SettingsService;
  clock: Clock;
  /** Deletes submissions and makes the template index forget them (the moderation service's remove). */
  remove(ids: string[]): Promise<number>;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
const PAGE = 500;
const EMAIL_LISTS = ['blockedEmails', 'trustedEmails'] as const;

/** The address, checked: a DoorkeepError (400) for anything that is not one. */
export function checkEmail(email: unknown): string {
  const key = typeof email === 'string' ? emailKey(email) : '';
  if (!EMAIL.test(key)) throw new DoorkeepError('ERR_DK_INPUT', 'Enter an e-mail address, such as reader@example.org.', { field: 'email' });
  return key;
}

/** What identifies a person in text: the address, its local part, the name and each word of it (3+ letters). */
export function identifyingText(email: string, names: string[]): string[] {
  const out = new Set<string>([email]);
  const local = email.split('@')[0]!;
  if (local.length >= 3) out.add(local);
  for (const name of names) {
    const lower = name.trim().toLowerCase();
    if (lower.length >= 3) out.add(lower);
    for (const word of lower.split(/[^\p{L}\p{N}]+/u)) if (word.length >= 3) out.add(word);
  }
  return [...out];
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/** Whether `text` holds `token` as a whole word (an address or a host, which has dots or @, anywhere). */
export function mentions(text: string, token: string): boolean {
  if (/[@.]/.test(token)) return text.includes(token);
  for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + 1)) {
    if (!isWordChar(text[at - 1]) && !isWordChar(text[at + token.length])) return true;
  }
  return false;
}

/**
 * Whether a learned feature names the person: a word or word pair that is one of the tokens, or a character
 * n-gram ("#…", "_" for a space) that holds a token of 4+ letters or a whole token word.
 */
export function namesPerson(feature: string, identity: string[]): boolean {
  if (!feature.startsWith('#')) return identity.some((t) => mentions(feature.toLowerCase(), t));
  const gram = feature.slice(1).replace(/_/g, ' ').toLowerCase();
  return identity.some((t) => (t.length >= 4 && gram.includes(t)) || mentions(gram, t));
}

/** A JSON value without any string that is this address: list items are dropped, other values become '[erased]'. */
function withoutAddress(value: unknown, key: string): { value: unknown; changed: boolean } {
  if (typeof value === 'string') return emailKey(value) === key ? { value: '[erased]', changed: true } : { value, changed: false };
  if (Array.isArray(value)) {
    const kept = value.filter((v) => !(typeof v === 'string' && emailKey(v) === key));
    let changed = kept.length !== value.length;
    const out = kept.map((v) => {
      const r = withoutAddress(v, key);
      changed ||= r.changed;
      return r.value;
    });
    return { value: out, changed };
  }
  if (value && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = withoutAddress(v, key);
      changed ||= r.changed;
      out[k] = r.value;
    }
    return { value: out, changed };
  }
  return { value, changed: false };
}

export function createPrivacyService({ store, knowledge, settings, clock, remove }: PrivacyServiceOptions): PrivacyService {
  async function submissionsFrom(email: string): Promise<StoredSubmission[]> {
    const out: StoredSubmission[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const { items, total } = await store.query({ email, order: 'oldest', offset, limit: PAGE });
      out.push(...items);
      if (items.length === 0 || offset + items.length >= total) return out;
    }
  }

  const listsNaming = (email: string) => EMAIL_LISTS.filter((list) => settings.current().lists[list].some((e) => emailKey(e) === email));

  /** Delete submissions and take back what they taught; `identity` also drops learned text that names the person. */
  async function erase(items: StoredSubmission[], identity: string[]): Promise<{ classifierDecisions: number; campaignSamples: number }> {
    const matches = (text: string) => identity.some((t) => mentions(text.toLowerCase(), t));
    const drop = identity.length ? (feature: string) => namesPerson(feature, identity) : undefined;
    let classifierDecisions = 0;
    for (const item of items) if (knowledge.classifier.unlearn(item, drop)) classifierDecisions++;
    if (items.length) await remove(items.map((i) => i.id));
    const campaignSamples = identity.length ? knowledge.templates.scrub(matches) : 0;
    knowledge.touch();
    await knowledge.flush();
    // After the flush: a file store's journals then hold no superseded copy (of the submissions or of learned state).
    if (items.length || identity.length) await store.compact?.();
    return { classifierDecisions, campaignSamples };
  }

  /** Removes the address from every entry of a log; how many entries named it (false: the store cannot rewrite logs). */
  async function scrubLog(log: string, key: string): Promise<number | false> {
    const entries = await store.getLog<unknown>(log);
    let named = 0;
    const scrubbed = entries.map((entry) => {
      const r = withoutAddress(entry, key);
      if (r.changed) named++;
      return r.value;
    });
    if (!named) return 0;
    if (!store.replaceLog) return false;
    await store.replaceLog(log, scrubbed);
    return named;
  }

  return {
    async exportPersonalData(email) {
      const key = checkEmail(email);
      const submissions = await submissionsFrom(key);
      const learnedIds = new Set(Object.keys((knowledge.classifier.toJSON() as { learned?: Record<string, unknown> }).learned ?? {}));
      return {
        email: key,
        exportedAt: clock.now().toISOString(),
        submissions,
        lists: listsNaming(key),
        learned: {
          classifierDecisions: submissions.filter((s) => learnedIds.has(s.id)).length,
          templateEntries: await knowledge.templates.countIndexed(submissions.map((s) => s.id)),
        },
      };
    },

    async erasePersonalData(email, by = 'admin') {
      const key = checkEmail(email);
      const items = await submissionsFrom(key);
      const identity = identifyingText(key, items.map((i) => i.author.name).filter(Boolean));
      const learned = await erase(items, identity);
      const lists = listsNaming(key);
      if (lists.length) {
        const current = settings.current().lists;
        await settings.update({ lists: Object.fromEntries(lists.map((l) => [l, current[l].filter((e) => emailKey(e) !== key)])) }, by);
      }
      const logEntries = await scrubLog(SETTINGS_LOG, key);
      if (lists.length || logEntries) await store.compact?.();
      return { email: key, submissions: items.length, ...learned, lists, logEntries };
    },

    async withdraw(receipt) {
      const item = receipt.length <= 200 ? await store.getByReceipt(receipt) : undefined;
      if (!item) return false;
      const email = emailKey(item.author.email);
      // The name is dropped from what was learned only when no other submission of theirs remains to carry it.
      const others = email ? (await store.query({ email, limit: 2 })).items.filter((s) => s.id !== item.id) : [];
      await erase([item], email && others.length === 0 ? identifyingText(email, [item.author.name]) : []);
      return true;
    },
  };
}
