/**
 * What every mention door shares: check the URLs, find our post, fetch the source safely, make sure it
 * links to us, then hand the mention to the pipeline (or update / remove an earlier one).
 */
import { randomUUID } from 'node:crypto';
import type { Doorkeep, ModerationResult } from '../api.js';
import type { HistoryEntry, Post, SourcePage, StoredSubmission } from '../types.js';
import { decidedByPerson } from '../decisions.js';
import { DoorkeepError } from '../errors.js';
import { SafeFetchError, type SafeFetch } from '../net/safe-fetch.js';
import { FIELD_LIMITS } from '../normalize/submission.js';
import { runInSlices } from '../pipeline/slices.js';
import type { TargetRoute } from './target-route.js';
import { readSourcePageSteps } from './source-page.js';
import { normalizeUrl, verifyLinkSteps } from './verify-link.js';

export type MentionType = 'pingback' | 'trackback' | 'webmention';

export interface MentionRequest {
  type: MentionType;
  source: string;
  target: string;
  /** Trackbacks name the post in their URL; the target is then the post's URL. */
  postId?: string;
  ip: string;
  userAgent: string;
  /** Trackback fields, as the sender gave them. */
  title?: string;
  excerpt?: string;
  blogName?: string;
  /** Fetch the source and require a link to the target. Defaults to true. */
  verify?: boolean;
  /** Pingback: a second ping for the same source and target is refused (fault 48). Webmention: it updates. */
  onRepeat: 'refuse' | 'update';
}

export type MentionRefusal =
  | 'source-invalid' | 'target-invalid' | 'same-url' | 'target-not-ours' | 'target-missing' | 'target-closed'
  | 'already-registered' | 'source-refused' | 'source-missing' | 'source-gone' | 'no-link';

export type MentionOutcome =
  | { ok: true; result: ModerationResult; updated: boolean }
  | { ok: false; refusal: MentionRefusal; message: string; removedId?: string };

export interface MentionReceiver {
  /** Checks that need no network: URLs, same URL, our post, open for mentions. */
  precheck(request: Pick<MentionRequest, 'source' | 'target' | 'postId'>): Promise<{ ok: true; post: Post } | { ok: false; refusal: MentionRefusal; message: string }>;
  receive(request: MentionRequest): Promise<MentionOutcome>;
}

/** Source+target → the stored mention's id, one map entry each (a mention writes its own entry only). */
const INDEX_KEY = 'mentions:by-key';
/** The earlier form: one object rewritten whole on every mention. Still read, never written. */
const OLD_INDEX_KEY = 'mentions:index';
type MentionIndex = Record<string, string>;

const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const refuse = (refusal: MentionRefusal, message: string, removedId?: string): MentionOutcome =>
  removedId ? { ok: false, refusal, message, removedId } : { ok: false, refusal, message };

export function createMentionReceiver(dk: Doorkeep, fetch: SafeFetch, route: TargetRoute): MentionReceiver {
  const keyLocks = new Map<string, Promise<unknown>>();

  async function indexed(key: string): Promise<string | undefined> {
    const entries = await dk.store.getStateEntries<string>(INDEX_KEY);
    if (Object.hasOwn(entries, key)) return entries[key];
    return (await dk.store.getState<MentionIndex>(OLD_INDEX_KEY))?.[key];
  }
  const setIndexed = (key: string, id: string | undefined) => dk.store.setStateEntry(INDEX_KEY, key, id);

  /** One mention of the same source and target at a time. */
  function serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (keyLocks.get(key) ?? Promise.resolve()).then(fn, fn);
    const settled = run.catch(() => undefined);
    keyLocks.set(key, settled);
    void settled.then(() => keyLocks.get(key) === settled && keyLocks.delete(key));
    return run;
  }

  async function existing(key: string): Promise<StoredSubmission | undefined> {
    const id = await indexed(key);
    if (!id) return undefined;
    const found = await dk.store.get(id);
    if (!found) await setIndexed(key, undefined);
    return found;
  }

  async function precheck(request: Pick<MentionRequest, 'source' | 'target' | 'postId'>) {
    const { source, target } = request;
    // The source is stored as the sender's website, whose limit is FIELD_LIMITS.url: say so before fetching it (issue 11 item 10).
    if (source.length > FIELD_LIMITS.url) {
      return { ok: false as const, refusal: 'source-invalid' as const, message: `The source URL is too long: at most ${FIELD_LIMITS.url} characters.` };
    }
    if (target.length > 2048) return { ok: false as const, refusal: 'target-invalid' as const, message: 'The target URL is too long: at most 2048 characters.' };
    if (!isHttpUrl(source)) return { ok: false as const, refusal: 'source-invalid' as const, message: 'The source must be an http or https URL.' };
    if (!isHttpUrl(target)) return { ok: false as const, refusal: 'target-invalid' as const, message: 'The target must be an http or https URL.' };
    if (normalizeUrl(source) === normalizeUrl(target)) {
      return { ok: false as const, refusal: 'same-url' as const, message: 'The source and the target are the same URL.' };
    }
    let postId = request.postId;
    if (postId === undefined) {
      const match = route.match(target);
      if (!match.ok) {
        return match.reason === 'not-ours'
          ? { ok: false as const, refusal: 'target-not-ours' as const, message: `The target is not on ${dk.site.url}.` }
          : { ok: false as const, refusal: 'target-missing' as const, message: 'The target is not a post on this site.' };
      }
      postId = match.postId;
    }
    const post = await dk.getPost(postId);
    if (!post) return { ok: false as const, refusal: 'target-missing' as const, message: 'The target post does not exist.' };
    if (post.open === false) return { ok: false as const, refusal: 'target-closed' as const, message: 'The target post does not accept mentions.' };
    return { ok: true as const, post };
  }

  async function receive(request: MentionRequest): Promise<MentionOutcome> {
    const checked = await precheck(request);
    if (!checked.ok) return refuse(checked.refusal, checked.message);
    const { post } = checked;
    const target = request.postId === undefined ? request.target : post.permalink ? new URL(post.permalink, dk.site.url).href : route.urlFor(post.id);
    const key = `${normalizeUrl(request.source)}|${normalizeUrl(target)}`;
    return serial(key, async () => {
      const earlier = await existing(key);
      if (earlier && request.onRepeat === 'refuse') {
        return refuse('already-registered', 'A mention from this source to this target is already registered.');
      }
      const removeEarlier = async () => {
        if (!earlier) return undefined;
        await dk.remove([earlier.id]);
        await setIndexed(key, undefined);
        return earlier.id;
      };

      let link = { links: true, title: '', excerpt: '' };
      let sourcePage: SourcePage | undefined;
      if (request.verify !== false) {
        let page;
        try {
          page = await fetch(request.source);
        } catch (error) {
          if (!(error instanceof SafeFetchError)) throw error;
          const refused = error.reason === 'blocked-address' || error.reason === 'scheme';
          return refuse(refused ? 'source-refused' : 'source-missing', error.message);
        }
        if (page.status === 410) {
          const removedId = await removeEarlier();
          return refuse('source-gone', 'The source answered 410 Gone.', removedId);
        }
        if (page.status < 200 || page.status >= 300) return refuse('source-missing', `The source answered HTTP ${page.status}.`);
        // Read in steps, so a 1 MB page lets other requests in between (plugin/pipeline/slices.ts).
        link = await runInSlices(verifyLinkSteps(page.body, target, page.url));
        if (!link.links) {
          const cut = page.timedOut ? ' (read until the time limit)' : page.truncated ? ` (read up to ${page.bytes} bytes)` : '';
          const removedId = await removeEarlier();
          return refuse('no-link', `The source does not link to the target${cut}.`, removedId);
        }
        sourcePage = await runInSlices(readSourcePageSteps(page.body, page.url, target));
      }

      const title = (request.title?.trim() || link.title).slice(0, 300);
      const excerpt = link.excerpt || (request.excerpt?.trim() ?? '');
      const name = (request.blogName?.trim() || title || new URL(request.source).hostname).slice(0, 200);
      const text = request.excerpt?.trim() || excerpt;
      // A new mention's id goes into the index before it is stored: if storing fails, the entry points at
      // nothing and is dropped on the next try; if the index write fails, nothing was stored. Either way a
      // retry (a restarted webmention job) cannot store the same mention twice.
      const id = earlier ? earlier.id : randomUUID();
      if (!earlier) await setIndexed(key, id);
      let result: ModerationResult;
      try {
        result = await moderate(earlier, {
          id,
          type: request.type,
          postId: post.id,
          target,
          author: { name, url: request.source, email: '' },
          content: escapeHtml(title && !text.includes(title) ? `${title}: ${text}` : text),
          mention: { source: request.source, title, excerpt, ...(request.blogName ? { blogName: request.blogName } : {}), ...(sourcePage ? { page: sourcePage } : {}) },
          ip: request.ip,
          userAgent: request.userAgent,
        });
      } catch (error) {
        if (!earlier) await setIndexed(key, undefined).catch(() => undefined);
        if (error instanceof DoorkeepError && error.code === 'ERR_DK_DUPLICATE') {
          return refuse('already-registered', 'The same mention from the same sender is already registered.');
        }
        throw error;
      }
      return { ok: true, result, updated: earlier !== undefined };
    });
  }

  /** A new mention goes through the pipeline; a repeat re-runs it and updates the stored one in place. */
  async function moderate(earlier: StoredSubmission | undefined, input: Parameters<Doorkeep['moderate']>[0]): Promise<ModerationResult> {
    if (!earlier) return dk.moderate(input);
    const fresh = await dk.moderate(input, { persist: false });
    const status = decidedByPerson(earlier.history) ? earlier.status : fresh.verdict.status;
    const at = dk.clock.now().toISOString();
    const history: HistoryEntry[] = [
      { at, type: 'note', by: 'doorkeep', actor: 'doorkeep', note: `The ${input.type} was sent again; the source was re-read and the mention updated.` },
      { at, type: 'verdict', by: 'doorkeep', status: fresh.verdict.status, score: fresh.verdict.score, signals: fresh.verdict.signals },
    ];
    const { content, text, links, author, mention, userAgent, ip } = fresh.submission;
    const updated = await dk.store.update(earlier.id, {
      content, text, links, author, mention, userAgent, ip, status,
      score: fresh.verdict.score, reasons: fresh.verdict.reasons, signals: fresh.verdict.signals, updatedAt: at,
    }, history);
    const submission = updated ?? earlier;
    return { ...fresh, submission, receiptUrl: fresh.receiptUrl.replace(fresh.submission.receipt, submission.receipt) };
  }

  return { precheck, receive };
}
