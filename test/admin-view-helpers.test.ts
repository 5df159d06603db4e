import { describe, expect, it } from 'vitest';
import { safeContent, safeHref, senderRecord, historyLine, query } from '../admin/view-helpers.js';
import { safeNext } from '../admin/auth.js';
import { HOSTILE_CONTENT } from './support/browser.js';

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
