/**
 * Plain text for filters: HTML stripped, Unicode NFKC, invisible characters removed,
 * look-alike letters folded to Latin, whitespace collapsed, lower-cased.
 */
import { decodeEntities, stripTags } from './sanitize.js';

/** Zero-width characters, bidi controls, soft hyphen, BOM and other format characters. */
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;

/** Cyrillic and Greek letters that look like Latin ones (after lower-casing). */
const CONFUSABLES: Record<string, string> = {
  'а': 'a', 'в': 'b', 'с': 'c', 'ԁ': 'd', 'е': 'e', 'ё': 'e', 'һ': 'h', 'і': 'i', 'ї': 'i', 'ј': 'j', 'к': 'k',
  'ӏ': 'l', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'ԛ': 'q', 'ѕ': 's', 'т': 't', 'у': 'y', 'ѡ': 'w', 'х': 'x',
  'ү': 'y', 'ԝ': 'w', 'г': 'r',
  'α': 'a', 'β': 'b', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't', 'υ': 'u',
  'χ': 'x', 'ω': 'w', 'ϲ': 'c',
};
/** Capital look-alikes, folded before lower-casing (Greek capital Eta is H, its small letter looks like n). */
const CAPITAL_CONFUSABLES: Record<string, string> = {
  'А': 'a', 'В': 'b', 'Е': 'e', 'К': 'k', 'М': 'm', 'Н': 'h', 'О': 'o', 'Р': 'p', 'С': 'c', 'Т': 't', 'Х': 'x',
  'У': 'y', 'Ѕ': 's', 'І': 'i', 'Ј': 'j',
  'Α': 'a', 'Β': 'b', 'Ε': 'e', 'Ζ': 'z', 'Η': 'h', 'Ι': 'i', 'Κ': 'k', 'Μ': 'm', 'Ν': 'n', 'Ο': 'o', 'Ρ': 'p',
  'Τ': 't', 'Υ': 'y', 'Χ': 'x',
};
const CAPITAL_RE = new RegExp(`[${Object.keys(CAPITAL_CONFUSABLES).join('')}]`, 'g');
const CONFUSABLE_RE = new RegExp(`[${Object.keys(CONFUSABLES).filter((k) => k.length === 1).join('')}]`, 'g');

/** Fold a string for comparison: NFKC, invisible characters removed, confusables folded, lower-cased. */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(CAPITAL_RE, (ch) => CAPITAL_CONFUSABLES[ch] ?? ch)
    .toLowerCase()
    .replace(CONFUSABLE_RE, (ch) => CONFUSABLES[ch] ?? ch)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Tags whose end (or a lone <br>) separates words. */
const BLOCK_TAGS = new Set(['br', 'p', 'div', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

const isTagStart = (code: number) =>
  (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 47 /* / */ || code === 33 /* ! */ || code === 63; /* ? */

/**
 * Tags removed by a single forward scan (linear on any input: `<<<<`, `<a<a<a` and `<a ` repeated cost
 * no more than ordinary text). A block tag leaves a space; an inline tag leaves nothing; a `<` that
 * starts no tag, or whose tag never closes, stays as text.
 */
export function stripMarkup(html: string, spaceEveryTag = false): string {
  if (!html.includes('<')) return html;
  let out = '';
  let from = 0;
  let nextGt = -1;
  let i = html.indexOf('<');
  while (i !== -1) {
    if (i + 1 < html.length && isTagStart(html.charCodeAt(i + 1))) {
      if (nextGt !== Infinity && nextGt < i) nextGt = html.indexOf('>', i);
      if (nextGt === -1) nextGt = Infinity;
      if (nextGt === Infinity) break;
      out += html.slice(from, i);
      let n = i + 1;
      if (html.charCodeAt(n) === 47) n++;
      let name = '';
      while (n < nextGt && name.length < 10) {
        const c = html.charCodeAt(n) | 0x20;
        if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) break;
        name += String.fromCharCode(c);
        n++;
      }
      if (spaceEveryTag || BLOCK_TAGS.has(name)) out += ' ';
      from = nextGt + 1;
      i = html.indexOf('<', from);
    } else {
      i = html.indexOf('<', i + 1);
    }
  }
  return out + html.slice(from);
}

/** Untrusted HTML (or text) to the plain, folded text filters read. Block tags become spaces. */
export function toPlainText(html: string): string {
  return foldText(stripTags(addBlockSpaces(html)));
}

/** A space before each block-ending tag, so the HTML parser's output keeps words apart. */
function addBlockSpaces(html: string): string {
  if (!html.includes('<')) return html;
  let out = '';
  let from = 0;
  for (let i = html.indexOf('<'); i !== -1; i = html.indexOf('<', i + 1)) {
    let n = i + 1;
    if (html.charCodeAt(n) === 47) n++;
    let name = '';
    while (n < html.length && name.length < 10) {
      const c = html.charCodeAt(n) | 0x20;
      if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) break;
      name += String.fromCharCode(c);
      n++;
    }
    if (!BLOCK_TAGS.has(name)) continue;
    const closing = html.charCodeAt(i + 1) === 47;
    if (!closing && name !== 'br') continue;
    out += `${html.slice(from, i)} `;
    from = i;
  }
  return out + html.slice(from);
}

/**
 * The same for HTML that sanitizeContent() already produced: its tags are few and well formed, so a
 * second HTML parse is not needed.
 */
export function sanitizedToPlainText(sanitized: string): string {
  return foldText(decodeEntities(stripMarkup(sanitized)));
}

/**
 * Text as a person sees it, for telling a disguised link from a plain one: tags removed and
 * lower-cased, but nothing folded (no NFKC, invisible characters kept, look-alike letters kept).
 */
export function visibleText(html: string): string {
  return decodeEntities(stripMarkup(html)).toLowerCase();
}

/** NFKC and invisible characters removed, lower-cased, but look-alike letters kept (to see mixed scripts). */
export function unfoldedText(html: string): string {
  return decodeEntities(stripMarkup(html)).normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
}

/** True when a character is a Cyrillic or Greek letter folded to a Latin one by foldText. */
export function isConfusable(ch: string): boolean {
  return CONFUSABLES[ch] !== undefined || CAPITAL_CONFUSABLES[ch] !== undefined;
}
