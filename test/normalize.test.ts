import { describe, expect, it } from 'vitest';
import { extractLinks, normalizeUrl } from '../plugin/normalize/links.js';
import { hostKey } from '../plugin/sender.js';
import { foldText, sanitizedToPlainText, toPlainText } from '../plugin/normalize/plain-text.js';
import { sanitizeContent } from '../plugin/normalize/sanitize.js';
import { FIELD_LIMITS, normalizeSubmission } from '../plugin/normalize/submission.js';

describe('plain text for filters', () => {
  it('strips HTML, decodes entities and lower-cases', () => {
    expect(toPlainText('<p>Hello <b>World</b> &amp; <i>friends</i></p>')).toBe('hello world & friends');
  });
  it('drops script and style contents entirely', () => {
    expect(toPlainText('hi<script>alert("x")</script><style>p{}</style> there')).toBe('hi there');
  });
  it('removes zero-width and bidi control characters that split words', () => {
    expect(foldText('vi\u200Bag\u200Dra \u202Eevil\u202C c\uFEFFheap')).toBe('viagra evil cheap');
  });
  it('folds Cyrillic and Greek look-alike letters to Latin', () => {
    expect(foldText('Ѕеху сhеар ΡΙLLS')).toBe('sexy cheap pills');
  });
  it('applies NFKC so full-width and ligature forms match', () => {
    expect(foldText('ＦＲＥＥ ﬁnance')).toBe('free finance');
  });
  it('collapses whitespace', () => {
    expect(foldText('  a \n\t  b  ')).toBe('a b');
  });
  it('reads sanitized content the same way as the raw HTML it came from', () => {
    for (const raw of ['<p>Hello <b>World</b> &amp; <i>friends</i></p>', 'hi<script>alert("x")</script> there', 'a <3 b & c\nnext',
      '<p>one</p><p>two</p>line<br>three', '<a href="http://x.example?a=1&b=2" onclick="x">x &lt;y&gt;</a>', 'Ѕеху\u200b сhеар']) {
      expect(sanitizedToPlainText(sanitizeContent(raw))).toBe(toPlainText(raw));
    }
  });

  it('keeps sentence breaks between block elements', () => {
    expect(toPlainText('<p>one</p><p>two</p>line<br>three')).toBe('one two line three');
  });
});

describe('link extraction', () => {
  it('finds anchors, bare URLs and www forms', () => {
    expect(extractLinks('<a href="https://A.example/x#frag">x</a> see http://b.example/p. and www.c.example').all)
      .toEqual(['https://a.example/x', 'http://b.example/p', 'http://www.c.example']);
  });
  it('finds BBCode links with and without a label', () => {
    const found = extractLinks('[url=http://bb.example]cheap[/url] [url]http://cc.example/a[/url]');
    expect(found.all).toEqual(['http://bb.example', 'http://cc.example/a']);
    expect(found.bbcode).toBe(2);
  });
  it('finds obfuscated URLs and marks them as such', () => {
    const found = extractLinks('visit w w w . cheap-pills . com or pills[dot]net or deals (dot) shop today');
    expect(found.all).toEqual(expect.arrayContaining(['http://www.cheap-pills.com', 'http://pills.net', 'http://deals.shop']));
    expect(found.obfuscated).toEqual(expect.arrayContaining(['http://pills.net', 'http://deals.shop']));
  });
  it('finds links hidden with look-alike letters', () => {
    expect(extractLinks('go to httр://spаm.example now').all).toEqual(['http://spam.example']);
  });
  it('finds bare domains with a known TLD but not email addresses or prose', () => {
    expect(extractLinks('check youtube.com/watch?v=1 and write me at bob@mail.com, e.g. node.js rocks').all).toEqual(['http://youtube.com/watch?v=1']);
    expect(extractLinks('the dot com bubble burst. Great post!').all).toEqual([]);
  });
  it('ignores javascript: and other non-web schemes', () => {
    expect(extractLinks('<a href="javascript:alert(1)">x</a>').all).toEqual([]);
    expect(normalizeUrl('mailto:x@y.z')).toBeUndefined();
  });
  it('gives the host without www', () => {
    expect(hostKey('https://www.Example.com/a')).toBe('example.com');
  });
});

describe('sanitized content', () => {
  it('keeps the small allowlist and forces rel="nofollow ugc" on links', () => {
    expect(sanitizeContent('<p>Hi <em>there</em> <a href="https://x.example" target="_blank">x</a></p>'))
      .toBe('<p>Hi <em>there</em> <a href="https://x.example" rel="nofollow ugc">x</a></p>');
  });
  it('removes scripts, event handlers and javascript: URLs', () => {
    const out = sanitizeContent('<img src=x onerror=alert(1)><script>alert(2)</script><a href="javascript:alert(3)" onclick="x()">y</a>');
    expect(out).not.toMatch(/script|onerror|onclick|javascript|<img/i);
  });
  it('escapes plain text and keeps its line breaks', () => {
    expect(sanitizeContent('a < b & c\nnext')).toBe('a &lt; b &amp; c<br />next');
  });
});

describe('normalizeSubmission', () => {
  const base = { type: 'comment' as const, postId: 'p1', author: { name: 'Ann', email: 'Ann@Example.com', url: 'ann.example' }, content: 'Hello <b>there</b> http://x.example' };

  it('builds the normalized shape', () => {
    const s = normalizeSubmission(base, 'id1', '2026-01-01T00:00:00.000Z');
    expect(s).toMatchObject({ id: 'id1', type: 'comment', postId: 'p1', text: 'hello there http://x.example', links: ['http://x.example'] });
    expect(s.author).toEqual({ name: 'Ann', email: 'ann@example.com', url: 'http://ann.example' });
  });
  it.each([
    ['name', { author: { name: 'n'.repeat(FIELD_LIMITS.name + 1) } }],
    ['email', { author: { email: `${'e'.repeat(FIELD_LIMITS.email)}@x.io` } }],
    ['url', { author: { url: `http://x.example/${'u'.repeat(FIELD_LIMITS.url)}` } }],
    ['content', { content: 'c'.repeat(FIELD_LIMITS.content + 1) }],
  ])('refuses a %s over the WordPress limit with 413 naming the field', (fieldName, patch) => {
    expect(() => normalizeSubmission({ ...base, ...patch } as typeof base, 'i', 'd')).toThrow(expect.objectContaining({ status: 413, field: fieldName }));
  });
  it('refuses empty content, a bad email and a non-web URL with 400', () => {
    expect(() => normalizeSubmission({ ...base, content: '  ' }, 'i', 'd')).toThrow(expect.objectContaining({ status: 400, field: 'content' }));
    expect(() => normalizeSubmission({ ...base, author: { email: 'nope' } }, 'i', 'd')).toThrow(expect.objectContaining({ field: 'email' }));
    expect(() => normalizeSubmission({ ...base, author: { url: 'javascript:alert(1)' } }, 'i', 'd')).toThrow(expect.objectContaining({ field: 'url' }));
  });
  it('strips tags from names', () => {
    expect(normalizeSubmission({ ...base, author: { name: '<b>Bob</b> & Co' } }, 'i', 'd').author.name).toBe('Bob & Co');
  });
});
