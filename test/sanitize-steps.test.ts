/**
 * sanitizeContent() sanitizes long plain text in pieces (so other requests get their turn, issue 11): the
 * result must be exactly what sanitizing the whole escaped text in one go gives.
 */
import sanitizeHtml from 'sanitize-html';
import { describe, expect, it } from 'vitest';
import { STORED_HTML, escapeText, sanitizeContent, sanitizeContentSteps } from '../plugin/normalize/sanitize.js';
import { CONTENT_LIMIT, ordinaryText, repeatTo } from '../scripts/adversarial-shapes.js';

/** What sanitizeContent() did before it worked in pieces: the whole text through the parser at once. */
function inOneGo(raw: string): string {
  const html = /<[a-z!/][^<>]*>/i.test(raw) ? raw : escapeText(raw).replace(/\r?\n/g, '<br />');
  return sanitizeHtml(html, STORED_HTML).trim();
}

/** A small seeded generator, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['a', 'word ', ' ', '  ', '\n', '\r\n', '\r', '\t', '<', '>', '&', '&amp;', '&amp', '&copy;', '&copy', '&#x41;', '&#65;', '&#0;', '&#xZZ;',
  '&notin;', '&notit;', '&lt;', '&gt', '"', "'", 'é', 'е', '😀', '\u200b', '\u0000', '<3', '< a', '&&', '&;', '=', 'http://x.example/?a=1&b=2 ',
  '&nbsp;', '&AMP;', '&ampx;', '&NotANumber;', '&#128512;', '&#xD800;', '&#x110000;', '&#x80;', '&#13;', '&quot;', '&apos;', '&Aacute;', '&aacute', '&#;', '&#x;'];

function randomText(random: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += PIECES[Math.floor(random() * PIECES.length)]!;
  return out;
}

describe('sanitizeContent on long plain text, in pieces', () => {
  it('gives exactly what one pass gives, on random text around and beyond the piece size', () => {
    const random = seeded(11);
    for (let i = 0; i < 60; i++) {
      const raw = randomText(random, Math.floor(random() * 70_000));
      expect(sanitizeContent(raw)).toBe(inOneGo(raw));
    }
  });

  it.each(['<', '&', '&a', '<a<', '<a ', '<p ', '</', '<!--', '😀', 'é\n', ' \r\n'])('gives exactly what one pass gives on %j repeated to the field limit', (unit) => {
    const raw = repeatTo(unit, CONTENT_LIMIT);
    expect(sanitizeContent(raw)).toBe(inOneGo(raw));
  });

  it('works in several steps on long plain text and in one on HTML', () => {
    const count = (raw: string) => {
      const steps = sanitizeContentSteps(raw);
      let n = 0;
      while (!steps.next().done) n++;
      return n;
    };
    expect(count(repeatTo('<', CONTENT_LIMIT))).toBeGreaterThan(10);
    expect(count(ordinaryText(CONTENT_LIMIT))).toBeGreaterThan(2);
    expect(count(`<p>${ordinaryText(CONTENT_LIMIT - 10)}</p>`)).toBe(0);
  });
});
