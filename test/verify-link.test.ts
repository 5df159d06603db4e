import { describe, expect, it } from 'vitest';
import { htmlToText, normalizeUrl, verifyLink } from '../plugin/mentions/verify-link.js';

const target = 'https://site.test/posts/hello';
const page = (body: string, head = '<title>A &amp; B — notes</title>') => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

describe('normalizeUrl', () => {
  it('treats scheme and host case, default ports, trailing slashes and fragments alike', () => {
    const same = ['https://site.test/posts/hello', 'HTTPS://SITE.test:443/posts/hello/', 'http://site.test:80/posts/hello#comments', 'https://site.test/posts/hello//'];
    expect(new Set(same.map((u) => normalizeUrl(u))).size).toBe(1);
  });

  it('keeps paths, queries and other ports distinct', () => {
    expect(normalizeUrl('https://site.test/posts/Hello')).not.toBe(normalizeUrl(target));
    expect(normalizeUrl('https://site.test/posts/hello?x=1')).not.toBe(normalizeUrl(target));
    expect(normalizeUrl('https://site.test:8443/posts/hello')).not.toBe(normalizeUrl(target));
  });

  it('rejects non-http schemes and garbage', () => {
    expect(normalizeUrl('javascript:alert(1)')).toBeUndefined();
    expect(normalizeUrl('mailto:a@b.c')).toBeUndefined();
    expect(normalizeUrl('::::')).toBeUndefined();
  });
});

describe('verifyLink', () => {
  it('finds an a href and lifts the title and the text around it', () => {
    const html = page(`<p>I read a lovely piece about sourdough starters and hydration.</p><p>See <a class="x" href="https://site.test/posts/hello/">Halla's post on starters</a> for the details on rye flour.</p>`);
    const check = verifyLink(html, target, 'https://blog.test/entry');
    expect(check.links).toBe(true);
    expect(check.title).toBe('A & B — notes');
    expect(check.excerpt).toBe("I read a lovely piece about sourdough starters and hydration. See Halla's post on starters for the details on rye flour.");
  });

  it('resolves relative links against the page and its base element', () => {
    expect(verifyLink(page('<a href="/posts/hello">x</a>'), target, 'https://site.test/other').links).toBe(true);
    expect(verifyLink(page('<a href="hello">x</a>', '<base href="https://site.test/posts/">'), target, 'https://blog.test/').links).toBe(true);
  });

  it('accepts an img src and decodes entities in attribute values', () => {
    expect(verifyLink(page('<img alt="pic" src="https://site.test/posts/hello">'), target, 'https://blog.test/').links).toBe(true);
    const withQuery = 'https://site.test/posts/hello?a=1&b=2';
    expect(verifyLink(page('<a href=\'https://site.test/posts/hello?a=1&amp;b=2\'>x</a>'), withQuery, 'https://blog.test/').links).toBe(true);
  });

  it('ignores mentions in text, comments, scripts and other attributes', () => {
    const html = page(`<p>${target}</p><!-- <a href="${target}">x</a> --><script>var s='<a href="${target}">'</script><a data-href="${target}" href="/elsewhere">x</a><link rel="x" href="${target}">`);
    const check = verifyLink(html, target, 'https://blog.test/');
    expect(check).toEqual({ links: false, title: 'A & B — notes', excerpt: '' });
  });

  it('keeps about 100 characters either side of the link', () => {
    const filler = 'word '.repeat(200);
    const check = verifyLink(page(`<p>${filler}<a href="${target}">the link</a> ${filler}</p>`), target, 'https://blog.test/');
    expect(check.excerpt.startsWith('…word')).toBe(true);
    expect(check.excerpt.endsWith('word…')).toBe(true);
    expect(check.excerpt).toContain('the link');
    expect(check.excerpt.length).toBeGreaterThan(180);
    expect(check.excerpt.length).toBeLessThan(230);
  });
});

describe('htmlToText', () => {
  it('drops tags and scripts, separates blocks and decodes entities', () => {
    expect(htmlToText('<p>a &amp; b &lt;c&gt;</p><p>next</p><script>x()</script>')).toBe('a & b <c> next');
  });
});
