/**
 * Run-time settings: defaults, validation and merging. The options' `settings` are layered over the
 * defaults at creation; what the admin saves is layered over that, validated the same way.
 */
import { z } from 'zod';
import { DoorkeepError } from './errors.js';
import type { Settings } from './types.js';

export const DEFAULT_SETTINGS: Settings = {
  mode: 'enforce',
  thresholds: { pending: 1, pitch: 1.5, spam: 3, discard: 8 },
  filters: {},
  doors: {},
  retention: { spamDays: 15, discardDays: 2, ipDays: 30, trashDays: 30 },
  lists: {
    blockedEmails: [],
    blockedIps: [],
    blockedDomains: [],
    trustedEmails: [],
    moderationWords: [],
    disallowedWords: [],
  },
  noticeText: 'This site uses Doorkeep to reduce spam. Learn how your comment data is processed.',
  apiKeys: [],
};

const days = z.number().int().min(1).max(3650);
const words = z.array(z.string().trim().min(1).max(200)).max(10_000);

const settingsPatch = z.strictObject({
  mode: z.enum(['enforce', 'observe']),
  thresholds: z.strictObject({
    pending: z.number().finite(),
    pitch: z.number().finite(),
    spam: z.number().finite(),
    discard: z.number().finite(),
  }).partial(),
  filters: z.record(z.string(), z.union([z.literal(false), z.record(z.string(), z.unknown())])),
  doors: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'channel names are lower-case letters, digits and dashes'),
    z.strictObject({ pitches: z.enum(['deliver', 'inbox']) })),
  retention: z.strictObject({ spamDays: days, discardDays: days, ipDays: days, trashDays: days }).partial(),
  lists: z.strictObject({
    blockedEmails: words, blockedIps: words, blockedDomains: words, trustedEmails: words,
    moderationWords: words, disallowedWords: words,
  }).partial(),
  noticeText: z.string().trim().min(1).max(500),
  apiKeys: z.array(z.string().regex(/^[A-Za-z0-9]{8,64}$/, 'API keys are 8–64 letters and digits')).max(100),
}).partial();

function describe(error: z.ZodError): { message: string; field: string } {
  const issue = error.issues[0]!;
  const field = issue.path.join('.') || 'settings';
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const where = issue.path.length ? `${issue.path.join('.')}.${key}` : key;
    return { message: `Unknown setting \`${where}\`.`, field: where };
  }
  return { message: `Setting \`${field}\`: ${issue.message}.`, field };
}

export interface SettingsProblem {
  /** The setting, e.g. "thresholds.spam" or "filters.links.holdAt". */
  field: string;
  message: string;
}

/** A zod issue as a sentence for a form field. */
function sentence(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_key' && issue.issues[0]) return sentence(issue.issues[0]);
  if ((issue.code === 'too_small' || issue.code === 'too_big') && issue.origin === 'number') {
    const bound = issue.code === 'too_small' ? 'at least' : 'at most';
    return `Must be ${bound} ${String(issue.code === 'too_small' ? issue.minimum : issue.maximum)}.`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'Enter a number.';
  const text = issue.message.replace(/\.$/, '');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/**
 * Every problem with a settings patch (merge() reports only the first), for forms that show each
 * error on its field. Filter options are not checked here: createDoorkeep's checkSettings() adds them.
 */
export function settingsProblems(base: Settings, patch: unknown): SettingsProblem[] {
  const parsed = settingsPatch.safeParse(patch);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const where = [...issue.path, issue.keys[0]!].join('.');
        return { field: where, message: `Unknown setting \`${where}\`.` };
      }
      return { field: issue.path.join('.') || 'settings', message: sentence(issue) };
    });
  }
  try {
    mergeSettings(base, patch);
    return [];
  } catch (error) {
    if (!(error instanceof DoorkeepError)) throw error;
    return [{ field: error.field ?? 'settings', message: error.message }];
  }
}

/**
 * Validate a settings patch and return the merged settings. Objects merge, arrays and `false`
 * replace. Throws DoorkeepError (the given code) naming the field; `base` is never modified.
 */
export function mergeSettings(base: Settings, patch: unknown, code: 'ERR_DK_OPTIONS' | 'ERR_DK_SETTINGS' = 'ERR_DK_SETTINGS'): Settings {
  if (patch === undefined) return structuredClone(base);
  const parsed = settingsPatch.safeParse(patch);
  if (!parsed.success) {
    const { message, field } = describe(parsed.error);
    throw new DoorkeepError(code, message, { field });
  }
  const p = parsed.data;
  const merged: Settings = {
    mode: p.mode ?? base.mode,
    thresholds: { ...base.thresholds, ...p.thresholds },
    filters: { ...base.filters, ...p.filters },
    doors: { ...base.doors, ...p.doors },
    retention: { ...base.retention, ...p.retention },
    lists: { ...base.lists, ...p.lists },
    noticeText: p.noticeText ?? base.noticeText,
    apiKeys: p.apiKeys ?? base.apiKeys,
  };
  const t = merged.thresholds;
  if (!(t.pending <= t.spam && t.spam <= t.discard && t.pitch <= t.spam)) {
    throw new DoorkeepError(code, 'Setting `thresholds`: they must satisfy pending ≤ spam ≤ discard and pitch ≤ spam.', { field: 'thresholds' });
  }
  return structuredClone(merged);
}
