/**
 * The settings form: settings as form fields (each with its default), the posted form back into a
 * settings patch, problems placed on their fields, and what a save changed in words.
 */
import { DEFAULT_SETTINGS, type Lists, type Settings } from '../plugin/index.js';
import { FILTER_FIELDS, type OptionField } from './filter-fields.js';

export const LIST_FIELDS: readonly { key: keyof Lists; label: string; hint: string }[] = [
  { key: 'blockedEmails', label: 'Blocked emails', hint: 'One a line. Their messages are spam.' },
  { key: 'blockedIps', label: 'Blocked IPs', hint: 'One a line; CIDR ranges allowed.' },
  { key: 'blockedDomains', label: 'Blocked domains', hint: 'In emails, author URLs and links.' },
  { key: 'trustedEmails', label: 'Trusted emails', hint: 'One a line. Their messages skip review.' },
  { key: 'moderationWords', label: 'Words that hold a message for review', hint: 'One a line.' },
  { key: 'disallowedWords', label: 'Words that make a message spam', hint: 'One a line.' },
];

const THRESHOLDS = [
  { key: 'pending', label: 'Hold for review at', hint: 'Score at which a message waits for you.' },
  { key: 'pitch', label: 'Pitch inbox at', hint: 'Outreach score at which a message goes to the pitch inbox.' },
  { key: 'spam', label: 'Spam at', hint: 'Score at which a message is spam.' },
  { key: 'discard', label: 'Discard at', hint: 'Score at which a message is discarded outright.' },
] as const;

/** Every retention setting; the compiler checks the table against the settings type. */
const RETENTION_LABELS: Record<keyof Settings['retention'], string> = {
  spamDays: 'Delete spam after (days)',
  trashDays: 'Empty trashed messages after (days)',
  discardDays: 'Keep discarded messages for audit (days)',
  ipDays: 'Anonymise IP addresses after (days)',
};
const RETENTION = (Object.keys(RETENTION_LABELS) as (keyof Settings['retention'])[]).map((key) => ({ key, label: RETENTION_LABELS[key] }));

/** The sections of the settings, in the words a save confirmation uses. */
export const SECTION_NAMES: Record<keyof Settings, string> = {
  mode: 'mode', thresholds: 'thresholds', filters: 'filters', doors: 'door policy', retention: 'retention',
  lists: 'lists', noticeText: 'notice text', apiKeys: 'API keys',
};

export type FieldKind = 'number' | 'select' | 'textarea' | 'checkbox' | 'choices' | 'text';

export interface FormField {
  name: string;
  id: string;
  label: string;
  kind: FieldKind;
  hint?: string;
  /** The default, in words ("2", "Enforce", "empty"). */
  defaultText?: string;
  value: string;
  checked?: boolean;
  options?: { value: string; label: string; selected: boolean }[];
  step?: string;
  rows?: number;
  error?: string;
}

export interface FormSection {
  id: string;
  legend: string;
  about?: string;
  fields: FormField[];
  /** Filters: the on/off switch leads the section. */
  toggle?: FormField;
}

type Body = Record<string, unknown>;

const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

function field(body: Body, name: string): string {
  const value = body[name];
  if (Array.isArray(value)) return String(value[value.length - 1] ?? '');
  return typeof value === 'string' ? value : '';
}

function all(body: Body, name: string): string[] {
  const value = body[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);
}

const lines = (text: string) => [...new Set(text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean))];
const weightsText = (value: Record<string, unknown>) => Object.entries(value).map(([phrase, weight]) => `${phrase} = ${String(weight)}`).join('\n');
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The door policy a channel has now: the saved one, else what its contactForm() options say. */
function doorPolicy(settings: Settings, channel: string, formDefault: boolean | undefined): 'deliver' | 'inbox' {
  return settings.doors[channel]?.pitches ?? (formDefault ? 'deliver' : 'inbox');
}

function optionText(option: OptionField, value: unknown): string {
  if (option.kind === 'number') return String(value ?? option.defaultValue);
  if (option.kind === 'weights') return weightsText((value ?? option.defaultValue) as Record<string, unknown>);
  return ((value ?? option.defaultValue) as string[]).join(', ');
}

/**
 * The form's sections. Values come from the saved settings, or (after a refused save) from what the owner
 * typed; `errors` puts each problem on its field.
 */
export function formSections(settings: Settings, channels: { channel: string; doorOpen: boolean }[], submitted?: Body, errors: Record<string, string> = {}): FormSection[] {
  const typed = (name: string, saved: string) => (submitted ? field(submitted, name) : saved);
  const make = (f: Omit<FormField, 'id' | 'error'>): FormField => ({ ...f, id: idOf(f.name), ...(errors[f.name] ? { error: errors[f.name] } : {}) });

  const mode = typed('mode', settings.mode);
  const sections: FormSection[] = [
    {
      id: 'mode', legend: 'Mode',
      fields: [make({
        name: 'mode', label: 'Mode', kind: 'select', value: mode, defaultText: 'Enforce',
        hint: 'Observe runs every filter and records its verdict but publishes everything.',
        options: [{ value: 'enforce', label: 'Enforce', selected: mode === 'enforce' }, { value: 'observe', label: 'Observe only', selected: mode === 'observe' }],
      })],
    },
    {
      id: 'thresholds', legend: 'Thresholds', about: 'Signals add up to a score; these are the scores at which a message changes place.',
      fields: THRESHOLDS.map((t) => make({
        name: `thresholds.${t.key}`, label: t.label, kind: 'number', step: 'any', hint: t.hint,
        value: typed(`thresholds.${t.key}`, String(settings.thresholds[t.key])), defaultText: String(DEFAULT_SETTINGS.thresholds[t.key]),
      })),
    },
  ];

  for (const [name, spec] of Object.entries(FILTER_FIELDS)) {
    const saved = settings.filters[name];
    const tuning = saved && typeof saved === 'object' ? saved : {};
    const on = submitted ? field(submitted, `filters.${name}.on`) !== '' : saved !== false;
    sections.push({
      id: `filter-${name}`, legend: `Filter: ${name}`, about: spec.about,
      toggle: make({ name: `filters.${name}.on`, label: `Use the ${name} filter`, kind: 'checkbox', value: '1', checked: on, defaultText: 'on' }),
      fields: spec.options.map((option) => {
        const fieldName = `filters.${name}.${option.key}`;
        const base = { name: fieldName, label: option.label, defaultText: optionText(option, undefined) || 'none' };
        if (option.kind === 'number') {
          return make({ ...base, kind: 'number', step: 'any', value: typed(fieldName, optionText(option, tuning[option.key])) });
        }
        if (option.kind === 'weights') {
          return make({ ...base, kind: 'textarea', rows: 3, value: typed(fieldName, optionText(option, tuning[option.key])) });
        }
        const chosen = submitted ? all(submitted, fieldName) : ((tuning[option.key] ?? option.defaultValue) as string[]);
        return make({
          ...base, kind: 'choices', value: '',
          options: (option.defaultValue as string[]).map((v) => ({ value: v, label: v, selected: chosen.includes(v) })),
        });
      }),
    });
  }

  const channelDefaults = new Map(channels.map((c) => [c.channel, c.doorOpen]));
  const doorChannels = [...new Set([...channels.map((c) => c.channel), ...Object.keys(settings.doors)])];
  const newChannel = typed('doors.new.channel', '');
  const newPitches = typed('doors.new.pitches', 'deliver');
  sections.push({
    id: 'doors', legend: 'Door policy',
    about: 'On an open door a pitch is delivered like any message; elsewhere it waits in the pitch inbox. Comments and mentions always keep pitches in the inbox.',
    fields: [
      ...doorChannels.map((channel) => {
        const value = typed(`doors.${channel}`, doorPolicy(settings, channel, channelDefaults.get(channel)));
        const formDefault = channelDefaults.get(channel);
        return make({
          name: `doors.${channel}`, label: `Pitches on the “${channel}” contact form`, kind: 'select', value,
          defaultText: formDefault === undefined ? 'Hold in the pitch inbox' : `${formDefault ? 'Deliver' : 'Hold in the pitch inbox'} (as the form was set up)`,
          options: [
            { value: 'inbox', label: 'Hold in the pitch inbox', selected: value === 'inbox' },
            { value: 'deliver', label: 'Deliver (door open)', selected: value === 'deliver' },
          ],
        });
      }),
      make({ name: 'doors.new.channel', label: 'Add a channel', kind: 'text', value: newChannel, hint: 'Lower-case letters, digits and dashes, e.g. work-with-me.' }),
      make({
        name: 'doors.new.pitches', label: 'Pitches on the new channel', kind: 'select', value: newPitches,
        options: [
          { value: 'deliver', label: 'Deliver (door open)', selected: newPitches === 'deliver' },
          { value: 'inbox', label: 'Hold in the pitch inbox', selected: newPitches === 'inbox' },
        ],
      }),
    ],
  });

  sections.push(
    {
      id: 'retention', legend: 'Retention',
      fields: RETENTION.map((r) => make({
        name: `retention.${r.key}`, label: r.label, kind: 'number', step: '1',
        value: typed(`retention.${r.key}`, String(settings.retention[r.key])), defaultText: String(DEFAULT_SETTINGS.retention[r.key]),
      })),
    },
    {
      id: 'notice', legend: 'Notice',
      fields: [make({ name: 'noticeText', label: 'Sentence shown under forms', kind: 'textarea', rows: 2, value: typed('noticeText', settings.noticeText), defaultText: DEFAULT_SETTINGS.noticeText })],
    },
    {
      id: 'lists', legend: 'Lists',
      fields: LIST_FIELDS.map((l) => make({
        name: `lists.${l.key}`, label: l.label, kind: 'textarea', rows: 3, hint: l.hint, defaultText: 'empty',
        value: typed(`lists.${l.key}`, settings.lists[l.key].join('\n')),
      })),
    },
    {
      id: 'api', legend: 'Akismet-compatible API keys',
      fields: [make({ name: 'apiKeys', label: 'Keys', kind: 'textarea', rows: 2, hint: 'One a line, 8–64 letters and digits.', defaultText: 'none', value: typed('apiKeys', settings.apiKeys.join('\n')) })],
    },
  );
  return sections;
}

/** A number typed into a field; blank means the default. */
function number(body: Body, name: string, fallback: number, errors: Record<string, string>): number {
  const text = field(body, name).trim();
  if (text === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n)) errors[name] = `Enter a number, such as ${fallback}.`;
  return n;
}

/**
 * The posted form as a settings patch, with what the form itself can tell is wrong (not a number, a bad
 * "phrase = weight" line) in `errors`. Blank numbers mean the default; filter options at their default
 * are left out, so a later change of default applies.
 */
export function patchFromForm(body: Body, settings: Settings, channels: { channel: string; doorOpen: boolean }[]): { patch: Partial<Settings>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const filters: Settings['filters'] = {};
  for (const [name, spec] of Object.entries(FILTER_FIELDS)) {
    if (!field(body, `filters.${name}.on`)) {
      filters[name] = false;
      continue;
    }
    const tuning: Record<string, unknown> = {};
    for (const option of spec.options) {
      const fieldName = `filters.${name}.${option.key}`;
      let value: unknown;
      if (option.kind === 'number') value = number(body, fieldName, option.defaultValue as number, errors);
      else if (option.kind === 'choices') value = (option.defaultValue as string[]).filter((v) => all(body, fieldName).includes(v));
      else {
        const weights: Record<string, number> = {};
        for (const line of lines(field(body, fieldName))) {
          const at = line.lastIndexOf('=');
          const weight = at > 0 ? Number(line.slice(at + 1).trim()) : NaN;
          if (!Number.isFinite(weight) || !line.slice(0, at).trim()) {
            errors[fieldName] = `Write each phrase as “phrase = weight”, e.g. “podcast swap = 1”; “${line.slice(0, 60)}” is not.`;
            break;
          }
          weights[line.slice(0, at).trim().toLowerCase()] = weight;
        }
        value = weights;
      }
      if (!same(value, option.defaultValue)) tuning[option.key] = value;
    }
    filters[name] = tuning;
  }

  const channelDefaults = new Map(channels.map((c) => [c.channel, c.doorOpen]));
  const doors: Settings['doors'] = {};
  for (const channel of new Set([...channels.map((c) => c.channel), ...Object.keys(settings.doors)])) {
    const chosen = field(body, `doors.${channel}`);
    if (chosen !== 'deliver' && chosen !== 'inbox') continue;
    // Save a channel's policy only once it differs from what it is now, so untouched channels keep following their form.
    if (settings.doors[channel] || chosen !== doorPolicy(settings, channel, channelDefaults.get(channel))) doors[channel] = { pitches: chosen };
  }
  const newChannel = field(body, 'doors.new.channel').trim();
  if (newChannel) doors[newChannel] = { pitches: field(body, 'doors.new.pitches') === 'inbox' ? 'inbox' : 'deliver' };

  const patch = {
    mode: field(body, 'mode') as Settings['mode'],
    thresholds: Object.fromEntries(THRESHOLDS.map((t) => [t.key, number(body, `thresholds.${t.key}`, DEFAULT_SETTINGS.thresholds[t.key], errors)])) as unknown as Settings['thresholds'],
    filters,
    doors,
    retention: Object.fromEntries(RETENTION.map((r) => [r.key, number(body, `retention.${r.key}`, DEFAULT_SETTINGS.retention[r.key], errors)])) as unknown as Settings['retention'],
    lists: Object.fromEntries(LIST_FIELDS.map((l) => [l.key, lines(field(body, `lists.${l.key}`))])) as unknown as Lists,
    noticeText: field(body, 'noticeText').trim() || DEFAULT_SETTINGS.noticeText,
    apiKeys: lines(field(body, 'apiKeys')),
  };
  return { patch, errors };
}

/**
 * Put each problem on a form field: the field of that name, else the field the problem is inside
 * (a list's line), else the first field under it (the thresholds' order). Returns what found no field.
 */
export function placeProblems(problems: { field: string; message: string }[], names: string[], errors: Record<string, string>): string[] {
  const unplaced: string[] = [];
  for (const problem of problems) {
    const target = names.find((n) => n === problem.field)
      ?? names.find((n) => problem.field.startsWith(`${n}.`))
      ?? names.find((n) => n.startsWith(`${problem.field}.`))
      ?? (problem.field.startsWith('doors.') ? 'doors.new.channel' : undefined);
    if (target && !errors[target]) errors[target] = problem.message;
    else if (!target) unplaced.push(problem.message);
  }
  return unplaced;
}

/** The sections a save changed, as query values: section keys, and "filters:<name>" per filter. */
export function changedSections(before: Settings, after: Settings): string[] {
  const out: string[] = [];
  for (const key of Object.keys(SECTION_NAMES) as (keyof Settings)[]) {
    if (key === 'filters') {
      for (const name of new Set([...Object.keys(before.filters), ...Object.keys(after.filters)])) {
        if (!same(before.filters[name] ?? {}, after.filters[name] ?? {})) out.push(`filters:${name}`);
      }
    } else if (!same(before[key], after[key])) out.push(key);
  }
  return out;
}

/** "Saved: thresholds, door policy, filters (links, outreach)." from changedSections()'s keys; unknown keys are ignored. */
export function savedMessage(keys: string[]): string {
  const filters = keys.filter((k) => k.startsWith('filters:')).map((k) => k.slice(8)).filter((n) => n in FILTER_FIELDS);
  const parts = (Object.keys(SECTION_NAMES) as (keyof Settings)[]).flatMap((key) => {
    if (key === 'filters') return filters.length ? [`filters (${filters.join(', ')})`] : [];
    return keys.includes(key) ? [SECTION_NAMES[key]] : [];
  });
  return parts.length ? `Saved: ${parts.join(', ')}.` : 'Nothing changed, so nothing was saved.';
}
