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

const BLOCK_END = /<(br|\/p|\/div|\/li|\/blockquote|\/h[1-6])\b[^>]*>/gi;

/** Untrusted HTML (or text) to the plain, folded text filters read. Block tags become spaces. */
export function toPlainText(html: string): string {
  return foldText(stripTags(html.replace(BLOCK_END, ' $&')));
}

/**
 * The same for HTML that sanitizeContent() already produced: its tags are few and well formed, so a
 * second HTML parse is not needed.
 */
export function sanitizedToPlainText(sanitized: string): string {
  return foldText(decodeEntities(sanitized.replace(BLOCK_END, ' ').replace(/<[^<>]*>/g, '')));
}
