/** Turn the user's options into a complete, checked configuration — once, at creation. */
import { DoorkeepError, rejectUnknownKeys } from './errors.js';
import type { DoorkeepOptions, FetchOptions } from './options.js';
import { isPriorFile, type PriorFile } from './knowledge/prior.js';
import { checkMailOptions, mailOptionsFromEnv } from './mail.js';
import { STORE_METHODS, type Clock, type SiteInfo } from './types.js';
import { trimTrailingSlashes } from './text/scan.js';

/** Every option createDoorkeep knows; the compiler checks this table against DoorkeepOptions. */
const KNOWN: { [K in keyof Required<DoorkeepOptions>]: true } = {
  dataFile: true, store: true, site: true, getPost: true, listPosts: true, secret: true, settings: true,
  admin: true, fetch: true, clock: true, writeDelayMs: true, retentionIntervalMs: true, publicPath: true, adminPath: true, prior: true,
  onDelivered: true, mail: true,
};
const KNOWN_SITE: { [K in keyof Required<SiteInfo>]: true } = { name: true, url: true, ownerNames: true, contact: true };
const KNOWN_FETCH: { [K in keyof Required<FetchOptions>]: true } = { allowHosts: true, timeoutMs: true, maxBytes: true, maxRedirects: true, userAgent: true };

export interface ParsedOptions {
  dataFile: string;
  store?: DoorkeepOptions['store'];
  site: SiteInfo;
  getPost: NonNullable<DoorkeepOptions['getPost']>;
  listPosts: NonNullable<DoorkeepOptions['listPosts']>;
  secret?: string;
  settings: unknown;
  adminPassword?: string;
  adminPasswordHash?: string;
  fetch: Required<FetchOptions>;
  clock: Clock;
  writeDelayMs: number;
  retentionIntervalMs: number | false;
  publicPath: string;
  adminPath: string;
  /** undefined: the shipped prior. */
  prior?: PriorFile | false;
  onDelivered?: DoorkeepOptions['onDelivered'];
  /** Checked mail options, or undefined for no mail. */
  mail?: ReturnType<typeof checkMailOptions>;
}

function fail(field: string, message: string): never {
  throw new DoorkeepError('ERR_DK_OPTIONS', `\`${field}\` ${message}`, { field });
}

function expect(field: string, value: unknown, kind: 'string' | 'number' | 'function' | 'object' | 'string[]'): void {
  if (value === undefined) return;
  const ok = kind === 'string[]' ? Array.isArray(value) && value.every((v) => typeof v === 'string')
    : kind === 'object' ? typeof value === 'object' && value !== null && !Array.isArray(value)
      : typeof value === kind && (kind !== 'number' || Number.isFinite(value));
  if (!ok) fail(field, `must be a ${kind === 'string[]' ? 'list of strings' : kind}.`);
}

function path(field: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (!/^\/[A-Za-z0-9/_-]*$/.test(value)) fail(field, 'must be a path such as "/admin".');
  return trimTrailingSlashes(value) || '/';
}

export function parseOptions(options: DoorkeepOptions): ParsedOptions {
  expect('options', options, 'object');
  if (!options) fail('options', 'are required: at least { site: { name, url } }.');
  rejectUnknownKeys('options', options, Object.keys(KNOWN));
  expect('site', options.site, 'object');
  if (!options.site) fail('site', 'is required: { name, url }.');
  rejectUnknownKeys('site', options.site, Object.keys(KNOWN_SITE));
  if (typeof options.site.name !== 'string' || !options.site.name.trim()) fail('site.name', 'must be a non-empty string.');
  if (typeof options.site.url !== 'string' || !/^https?:\/\/[^/]+/.test(options.site.url)) fail('site.url', 'must be an absolute http(s) URL such as "https://example.com".');
  expect('site.ownerNames', options.site.ownerNames, 'string[]');
  expect('site.contact', options.site.contact, 'string');
  expect('dataFile', options.dataFile, 'string');
  expect('getPost', options.getPost, 'function');
  expect('listPosts', options.listPosts, 'function');
  expect('secret', options.secret, 'string');
  if (options.secret !== undefined && options.secret.length < 16) fail('secret', 'must be at least 16 characters.');
  expect('settings', options.settings, 'object');
  expect('admin', options.admin, 'object');
  if (options.admin) rejectUnknownKeys('admin', options.admin, ['password', 'passwordHash']);
  expect('admin.password', options.admin?.password, 'string');
  expect('admin.passwordHash', options.admin?.passwordHash, 'string');
  expect('fetch', options.fetch, 'object');
  if (options.fetch) rejectUnknownKeys('fetch', options.fetch, Object.keys(KNOWN_FETCH));
  expect('fetch.allowHosts', options.fetch?.allowHosts, 'string[]');
  for (const key of ['timeoutMs', 'maxBytes', 'maxRedirects'] as const) {
    expect(`fetch.${key}`, options.fetch?.[key], 'number');
    if ((options.fetch?.[key] ?? 0) < 0) fail(`fetch.${key}`, 'must not be negative.');
  }
  expect('fetch.userAgent', options.fetch?.userAgent, 'string');
  expect('clock', options.clock, 'object');
  if (options.clock && typeof options.clock.now !== 'function') fail('clock', 'must have a now() method returning a Date.');
  expect('writeDelayMs', options.writeDelayMs, 'number');
  if (options.prior !== undefined && options.prior !== false && !isPriorFile(options.prior)) {
    fail('prior', 'must be the contents of a prior file made by `npm run train-prior` (v 1, with features, vocabulary and calibration), or false.');
  }
  if (options.retentionIntervalMs !== undefined && options.retentionIntervalMs !== false) {
    expect('retentionIntervalMs', options.retentionIntervalMs, 'number');
    if (options.retentionIntervalMs < 1000) fail('retentionIntervalMs', 'must be at least 1000 ms, or false.');
  }
  const store = options.store;
  if (store !== undefined) {
    const required = STORE_METHODS;
    const missing = required.filter((m) => typeof (store as unknown as Record<string, unknown>)[m] !== 'function');
    if (missing.length) throw new TypeError(`Doorkeep: \`store\` is missing the method(s) ${missing.join(', ')}; see the Store interface.`);
  }

  expect('onDelivered', options.onDelivered, 'function');
  const mailOptions = options.mail === false ? undefined : options.mail ?? mailOptionsFromEnv();
  const mail = mailOptions === undefined ? undefined : checkMailOptions(mailOptions);

  const siteUrl = trimTrailingSlashes(options.site.url);
  return {
    dataFile: options.dataFile ?? 'data/doorkeep.json',
    store,
    site: { name: options.site.name.trim(), url: siteUrl, ownerNames: options.site.ownerNames ?? [], ...(options.site.contact ? { contact: options.site.contact } : {}) },
    getPost: options.getPost ?? (() => undefined),
    listPosts: options.listPosts ?? (() => []),
    secret: options.secret,
    settings: options.settings,
    adminPassword: options.admin?.password ?? (options.admin?.passwordHash ? undefined : process.env.DOORKEEP_ADMIN_PASSWORD || undefined),
    adminPasswordHash: options.admin?.passwordHash,
    fetch: {
      allowHosts: options.fetch?.allowHosts ?? [],
      timeoutMs: options.fetch?.timeoutMs ?? 5000,
      maxBytes: options.fetch?.maxBytes ?? 1_048_576,
      maxRedirects: options.fetch?.maxRedirects ?? 5,
      userAgent: options.fetch?.userAgent ?? `Doorkeep/0.1 (+${siteUrl})`,
    },
    clock: options.clock ?? { now: () => new Date() },
    writeDelayMs: options.writeDelayMs ?? 0,
    retentionIntervalMs: options.retentionIntervalMs ?? 6 * 60 * 60 * 1000,
    publicPath: path('publicPath', options.publicPath, '/doorkeep'),
    adminPath: path('adminPath', options.adminPath, '/admin'),
    ...(options.prior !== undefined ? { prior: options.prior } : {}),
    onDelivered: options.onDelivered,
    mail,
  };
}
