import type {
  Context, Knowledge, Lists, Post, SenderHistory, Settings, SiteInfo, Status, StatusCounts, StoredSubmission, Submission,
} from '../../plugin/types.js';

type Overrides<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : Partial<T[K]>) : T[K] };

export const FIXED_NOW = new Date('2026-03-10T12:00:00.000Z');

export function makeSubmission(overrides: Overrides<Submission> = {}): Submission {
  const { author, ...rest } = overrides;
  return {
    id: 'sub-1',
    type: 'comment',
    postId: 'post-1',
    author: { name: 'Ada Reader', email: 'ada@reader.example', url: '', ...author },
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
    referrer: 'https://site.example/posts/post-1',
    content: '<p>Thanks for the write-up, the part about sourdough starters helped me.</p>',
    text: 'thanks for the write-up, the part about sourdough starters helped me.',
    links: [],
    receivedAt: FIXED_NOW.toISOString(),
    ...rest,
  } as Submission;
}

export function makeCounts(counts: Partial<StatusCounts> = {}): StatusCounts {
  return { approved: 0, pending: 0, pitch: 0, spam: 0, discard: 0, trash: 0, ...counts };
}

export function makeSender(overrides: {
  byEmail?: Partial<StatusCounts>; byIp?: Partial<StatusCounts>; byUrlHost?: Partial<StatusCounts>; recent?: SenderHistory['recent'];
} = {}): SenderHistory {
  return {
    byEmail: makeCounts(overrides.byEmail),
    byIp: makeCounts(overrides.byIp),
    byUrlHost: makeCounts(overrides.byUrlHost),
    recent: overrides.recent ?? [],
  };
}

/** One entry of SenderHistory.recent, `minutesAgo` before `now`. */
export function makeRecent(minutesAgo: number, overrides: Partial<SenderHistory['recent'][number]> = {}, now: Date = FIXED_NOW): SenderHistory['recent'][number] {
  return {
    id: `recent-${minutesAgo}`,
    receivedAt: new Date(now.getTime() - minutesAgo * 60_000).toISOString(),
    postId: 'post-1',
    text: 'an earlier message',
    author: { name: 'Ada Reader', email: 'ada@reader.example', url: '' },
    ip: '203.0.113.7',
    type: 'comment',
    ...overrides,
  };
}

export function makeLists(overrides: Partial<Lists> = {}): Lists {
  return {
    blockedEmails: [], blockedIps: [], blockedDomains: [], trustedEmails: [], moderationWords: [], disallowedWords: [],
    ...overrides,
  };
}

export function makeSettings(overrides: Overrides<Settings> = {}): Settings {
  const { thresholds, retention, lists, ...rest } = overrides;
  return {
    mode: 'enforce',
    thresholds: { pending: 1, pitch: 1.5, spam: 3, discard: 8, ...thresholds },
    filters: {},
    doors: {},
    retention: { spamDays: 15, discardDays: 2, ipDays: 30, ...retention },
    lists: makeLists(lists),
    noticeText: 'This site uses Doorkeep to reduce spam.',
    apiKeys: [],
    ...rest,
  } as Settings;
}

export function makeSite(overrides: Partial<SiteInfo> = {}): SiteInfo {
  return { name: 'Test site', url: 'https://site.example', ownerNames: ['Halla'], ...overrides };
}

export function makePost(overrides: Partial<Post> = {}): Post {
  return { id: 'post-1', title: 'Keeping a sourdough starter alive', body: 'Feed it flour and water every day.', tags: ['baking'], ...overrides };
}

/** A Knowledge whose lookups find nothing: no templates, an untrained classifier, an empty corpus. */
export function makeKnowledge(overrides: Partial<Knowledge> = {}): Knowledge {
  return {
    templates: { lookup: () => ({ matches: [], candidates: 0 }), getCluster: () => undefined, clusters: () => [] },
    classifier: { classify: () => ({ probability: 0.5, trainedOn: 0, topTokens: [] }) },
    corpus: { posts: () => [], idf: () => 1, size: () => 0 },
    ...overrides,
  };
}

export function makeContext(overrides: {
  post?: Post | null; site?: Partial<SiteInfo>; sender?: SenderHistory; knowledge?: Partial<Knowledge>;
  settings?: Overrides<Settings>; lists?: Partial<Lists>; now?: Date; formTokenSeen?: boolean;
} = {}): Context {
  const settings = makeSettings(overrides.settings);
  if (overrides.lists) settings.lists = makeLists({ ...settings.lists, ...overrides.lists });
  return {
    post: overrides.post === undefined ? makePost() : overrides.post,
    site: makeSite(overrides.site),
    sender: overrides.sender ?? makeSender(),
    knowledge: makeKnowledge(overrides.knowledge),
    settings,
    now: overrides.now ?? FIXED_NOW,
    ...(overrides.formTokenSeen === undefined ? {} : { formTokenSeen: overrides.formTokenSeen }),
  };
}

export function makeStored(overrides: Overrides<StoredSubmission> & { status?: Status } = {}): StoredSubmission {
  const { status = 'approved', ...rest } = overrides;
  const submission = makeSubmission(rest as Overrides<Submission>);
  return {
    ...submission,
    status,
    score: 0,
    reasons: [],
    signals: [],
    receipt: `receipt-${submission.id}`,
    history: [],
    updatedAt: submission.receivedAt,
    ...(rest as Partial<StoredSubmission>),
    author: submission.author,
  };
}
