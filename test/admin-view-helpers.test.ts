import { describe, expect, it } from 'vitest';
import { safeContent, safeHref, senderRecord, historyLine, query } from '../admin/view-helpers.js';
import { formValues, settingsPatchFromForm } from '../admin/settings-form.js';
import { safeNext } from '../admin/auth.js';
import { HOSTILE_CONTENT } from './support/browser.js';
import type { Settings } from '../plugin/types.js';

describe('safeContent', () => {
  it('leaves no element, attribute or URL that can run script', () => {
    const html = safeContent(HOSTILE_CONTENT);
    expect(html).not.toMatch(/<script|<img|<svg|\son\w+=|href="javascript:/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('click me');
  });

  it('keeps ordinary formatting and marks links nofollow', () => {
    expect(safeContent('<p>Read <a href="https://example.org/x">this</a>, <em>really</em>.</p>')).toBe(
      '<p>Read <a href="https://example.org/x" rel="nofollow ugc noopener noreferrer">this</a>, <em>really</em>.</p>',
    );
  });
});

describe('safeHref', () => {
  it('allows http and https only', () => {
    expect(safeHref('https://example.org/a')).toBe('https://example.org/a');
    expect(safeHref('javascript:alert(1)')).toBe('');
    expect(safeHref('data:text/html,<script>')).toBe('');
    expect(safeHref('not a url')).toBe('');
  });
});

describe('safeNext', () => {
  it('only returns paths inside the admin', () => {
    expect(safeNext('/admin/queue/spam?page=2', '/admin')).toBe('/admin/queue/spam?page=2');
    expect(safeNext('https://evil.example/admin/', '/admin')).toBe('/admin/');
    expect(safeNext('//evil.example', '/admin')).toBe('/admin/');
    expect(safeNext('/administrator', '/admin')).toBe('/admin/');
  });
});

describe('words for the moderator', () => {
  it('summarises a sender record', () => {
    expect(senderRecord({ approved: 3, spam: 1, pending: 0, pitch: 0, discard: 0, trash: 0 })).toBe('3 approved, 1 spam');
    expect(senderRecord({ approved: 0, spam: 0, pending: 0, pitch: 0, discard: 0, trash: 0 })).toBe('none');
  });

  it('describes a status change with who made it', () => {
    expect(historyLine({ at: '', type: 'status', by: 'admin', actor: 'person', from: 'pending', to: 'approved' })).toBe('admin changed Pending → Approved');
  });

  it('builds query strings without empty parameters', () => {
    expect(query({ q: 'seo offer', sender: '', page: 2 })).toBe('?q=seo+offer&page=2');
    expect(query({ q: '' })).toBe('');
  });
});

const SETTINGS: Settings = {
  mode: 'enforce',
  thresholds: { pending: 1, pitch: 1.5, spam: 3, discard: 8 },
  filters: { links: { maxLinks: 3 } },
  doors: { 'work-with-me': { pitches: 'deliver' } },
  retention: { spamDays: 15, discardDays: 2, ipDays: 30, trashDays: 30 },
  lists: { blockedEmails: ['a@b.c'], blockedIps: [], blockedDomains: [], trustedEmails: [], moderationWords: [], disallowedWords: [] },
  noticeText: 'This site uses Doorkeep.',
  apiKeys: [],
};

describe('settings form', () => {
  const body = {
    mode: 'observe',
    'thresholds.pending': '1.5', 'thresholds.pitch': '2', 'thresholds.spam': '4', 'thresholds.discard': 'lots',
    'filters.links.on': '1', 'filters.links.tuning': '{"maxLinks": 5}',
    'filters.words.tuning': '',
    'doors.work-with-me': 'inbox', 'doors.new.channel': 'press', 'doors.new.pitches': 'deliver',
    'retention.spamDays': '10', 'retention.discardDays': '1', 'retention.ipDays': '20',
    'lists.blockedEmails': 'x@y.z\n\n x@y.z \nq@r.s', noticeText: '  We use Doorkeep.  ', apiKeys: 'k1\nk2',
  };

  it('turns the form into a full patch: numbers, unchecked filters off, lines to lists', () => {
    const patch = settingsPatchFromForm(body, ['links', 'words'], ['work-with-me']);
    expect(patch).toMatchObject({
      mode: 'observe',
      thresholds: { pending: 1.5, pitch: 2, spam: 4, discard: 'lots' },
      filters: { links: { maxLinks: 5 }, words: false },
      doors: { 'work-with-me': { pitches: 'inbox' }, press: { pitches: 'deliver' } },
      retention: { spamDays: 10, discardDays: 1, ipDays: 20 },
      noticeText: 'We use Doorkeep.',
      apiKeys: ['k1', 'k2'],
    });
    expect((patch.lists as Record<string, string[]>).blockedEmails).toEqual(['x@y.z', 'q@r.s']);
  });

  it('refuses tuning that is not a JSON object, naming the filter', () => {
    expect(() => settingsPatchFromForm({ ...body, 'filters.links.tuning': '[1]' }, ['links'], [])).toThrow(
      expect.objectContaining({ code: 'ERR_DK_SETTINGS', field: 'filters.links' }),
    );
    expect(() => settingsPatchFromForm({ ...body, 'filters.links.tuning': '{maxLinks' }, ['links'], [])).toThrow(/filters\.links/);
  });

  it('shows saved settings, and after a refused save shows what was typed', () => {
    const saved = formValues(SETTINGS, ['links', 'words']);
    expect(saved.filters).toEqual([
      { name: 'links', on: true, tuning: '{\n "maxLinks": 3\n}' },
      { name: 'words', on: true, tuning: '' },
    ]);
    expect(saved.lists.blockedEmails).toBe('a@b.c');
    const typed = formValues(SETTINGS, ['links', 'words'], settingsPatchFromForm(body, ['links', 'words'], ['work-with-me']));
    expect(typed.thresholds.discard).toBe('lots');
    expect(typed.filters[1]).toEqual({ name: 'words', on: false, tuning: '' });
  });
});
