/** Turns the settings form into a settings patch, and settings back into form values. */
import { DoorkeepError } from '../plugin/index.js';
import type { Lists, Settings } from '../plugin/index.js';

export const LIST_FIELDS: readonly { key: keyof Lists; label: string; hint: string }[] = [
  { key: 'blockedEmails', label: 'Blocked emails', hint: 'One a line. Their messages are spam.' },
  { key: 'blockedIps', label: 'Blocked IPs', hint: 'One a line; CIDR ranges allowed.' },
  { key: 'blockedDomains', label: 'Blocked domains', hint: 'In emails, author URLs and links.' },
  { key: 'trustedEmails', label: 'Trusted emails', hint: 'One a line. Their messages skip review.' },
  { key: 'moderationWords', label: 'Words that hold a message for review', hint: 'One a line.' },
  { key: 'disallowedWords', label: 'Words that make a message spam', hint: 'One a line.' },
];

export const THRESHOLD_FIELDS = ['pending', 'pitch', 'spam', 'discard'] as const;
export const RETENTION_FIELDS = [
  { key: 'spamDays', label: 'Delete spam after (days)' },
  { key: 'discardDays', label: 'Keep discarded messages for audit (days)' },
  { key: 'ipDays', label: 'Anonymise IP addresses after (days)' },
] as const;

type Body = Record<string, unknown>;

function field(body: Body, name: string): string {
  const value = body[name];
  if (Array.isArray(value)) return String(value[value.length - 1] ?? '');
  return typeof value === 'string' ? value : '';
}

/** A number when the text is one; otherwise the text itself, so the settings validator names the field. */
function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  const n = Number(trimmed);
  return trimmed !== '' && Number.isFinite(n) ? n : trimmed;
}

function lines(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean))];
}

function tuning(text: string, filter: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (!trimmed) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new DoorkeepError('ERR_DK_SETTINGS', `filters.${filter}: the tuning must be a JSON object, e.g. {"maxLinks": 3}.`, { field: `filters.${filter}` });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DoorkeepError('ERR_DK_SETTINGS', `filters.${filter}: the tuning must be a JSON object, e.g. {"maxLinks": 3}.`, { field: `filters.${filter}` });
  }
  return parsed as Record<string, unknown>;
}

/** The form's values as a settings patch. Throws ERR_DK_SETTINGS for what the form itself can tell is wrong. */
export function settingsPatchFromForm(body: Body, filterNames: readonly string[], channels: readonly string[]): Record<string, unknown> {
  const filters: Record<string, false | Record<string, unknown>> = {};
  for (const name of filterNames) {
    filters[name] = field(body, `filters.${name}.on`) ? tuning(field(body, `filters.${name}.tuning`), name) : false;
  }
  const doors: Record<string, { pitches: string }> = {};
  for (const channel of channels) doors[channel] = { pitches: field(body, `doors.${channel}`) || 'inbox' };
  const newChannel = field(body, 'doors.new.channel').trim();
  if (newChannel) {
    doors[newChannel] = { pitches: field(body, 'doors.new.pitches') || 'deliver' };
  }
  return {
    mode: field(body, 'mode'),
    thresholds: Object.fromEntries(THRESHOLD_FIELDS.map((k) => [k, numberOrText(field(body, `thresholds.${k}`))])),
    filters,
    doors,
    retention: Object.fromEntries(RETENTION_FIELDS.map(({ key }) => [key, numberOrText(field(body, `retention.${key}`))])),
    lists: Object.fromEntries(LIST_FIELDS.map(({ key }) => [key, lines(field(body, `lists.${key}`))])),
    noticeText: field(body, 'noticeText').trim(),
    apiKeys: lines(field(body, 'apiKeys')),
  };
}

export interface SettingsFormValues {
  mode: string;
  thresholds: Record<string, string>;
  filters: { name: string; on: boolean; tuning: string }[];
  doors: { channel: string; pitches: string }[];
  retention: Record<string, string>;
  lists: Record<string, string>;
  noticeText: string;
  apiKeys: string;
}

/** What the form shows: saved settings, or (after a refused save) what the owner typed. */
export function formValues(settings: Settings, filterNames: readonly string[], submitted?: Record<string, any>): SettingsFormValues {
  const s: Record<string, any> = submitted ?? settings;
  const names = [...new Set([...filterNames, ...Object.keys(settings.filters ?? {})])];
  return {
    mode: String(s.mode ?? settings.mode),
    thresholds: Object.fromEntries(THRESHOLD_FIELDS.map((k) => [k, String(s.thresholds?.[k] ?? settings.thresholds[k])])),
    filters: names.map((name) => {
      const value = (s.filters ?? settings.filters)?.[name];
      return { name, on: value !== false, tuning: value && typeof value === 'object' && Object.keys(value).length ? JSON.stringify(value, null, 1) : '' };
    }),
    doors: Object.entries({ ...settings.doors, ...(s.doors ?? {}) }).map(([channel, policy]: [string, any]) => ({ channel, pitches: String(policy?.pitches ?? 'inbox') })),
    retention: Object.fromEntries(RETENTION_FIELDS.map(({ key }) => [key, String(s.retention?.[key] ?? settings.retention[key])])),
    lists: Object.fromEntries(LIST_FIELDS.map(({ key }) => [key, (s.lists?.[key] ?? settings.lists[key] ?? []).join('\n')])),
    noticeText: String(s.noticeText ?? settings.noticeText),
    apiKeys: (s.apiKeys ?? settings.apiKeys ?? []).join('\n'),
  };
}
