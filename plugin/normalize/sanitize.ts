import { decodeHTML } from 'entities';
import sanitizeHtml from 'sanitize-html';

/** The small allowlist stored content keeps: paragraphs, line breaks, emphasis and links. */
export const STORED_HTML: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'em', 'strong', 'i', 'b', 'a', 'blockquote', 'code'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...(attribs.href ? { href: attribs.href } : {}), rel: 'nofollow ugc' } }),
  },
};

/** Sanitize untrusted HTML for storage and display. Plain text line breaks become <br>. */
export function sanitizeContent(raw: string): string {
  const steps = sanitizeContentSteps(raw);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** How much escaped plain text is sanitized between two yields of sanitizeContentSteps(). */
const PLAIN_CHUNK = 16_384;

/**
 * sanitizeContent() in steps. Plain text (no tag in it) is escaped, so the only markup left is line breaks and
 * entity references. Cut just before an `&` (never between "\r" and "\n"), no reference is split, the parser
 * holds no state across the cut, and sanitizing the pieces one by one gives exactly what sanitizing the whole
 * gives. A piece without any `&` has nothing for the parser to change (escaped text with no reference comes
 * out as it went in), so only its line breaks are written: 65,525 characters of "a\n" are not 32,000 tags for
 * the parser; a piece with references is decoded and escaped again as the parser would (reescape()). It yields between pieces, so 65,525 characters of `<` (four times as long once escaped) are not
 * one long stretch of work. HTML is sanitized in one go (its tags carry state from one end to the other).
 */
export function* sanitizeContentSteps(raw: string): Generator<void, string> {
  if (/<[a-z!/][^<>]*>/i.test(raw)) return sanitizeHtml(raw, STORED_HTML).trim();
  const escaped = escapeText(raw);
  const piece = (text: string) => (text.includes('&') ? text.split(/\r?\n/).map(reescape).join('<br />') : text.replace(/\r?\n/g, '<br />'));
  let out = '';
  let from = 0;
  while (escaped.length - from > PLAIN_CHUNK) {
    let cut = from + PLAIN_CHUNK;
    while (cut > from && escaped[cut] !== '&') cut--;
    if (cut === from) {
      // No '&' in a whole chunk: plain characters, cut anywhere but inside a surrogate pair or a "\r\n".
      cut = from + PLAIN_CHUNK;
      const code = escaped.charCodeAt(cut);
      if ((code >= 0xdc00 && code <= 0xdfff) || (code === 10 && escaped.charCodeAt(cut - 1) === 13)) cut--;
    }
    out += piece(escaped.slice(from, cut));
    from = cut;
    yield;
  }
  return (out + piece(escaped.slice(from))).trim();
}

/**
 * What sanitize-html makes of escaped text without tags, without its parser: the parser decodes references in
 * text the way entities' decodeHTML does (legacy mode: the same decoder), and sanitize-html writes `&`, `<` and
 * `>` escaped again. On 65,525 characters of `&` or `<` the parser took 60–100 ms, this takes a few
 * (test/sanitize-steps.test.ts checks that both give the same, on random text and on every hostile shape).
 */
function reescape(text: string): string {
  return decodeHTML(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Remove every tag, keeping the text with entities decoded (for names, subjects, excerpts, filters). */
export function stripTags(raw: string): string {
  // Without "<" or "&" there is nothing to strip or decode (most names and subjects): skip the parser.
  if (!/[<&]/.test(raw)) return raw;
  return decodeEntities(sanitizeHtml(raw, { allowedTags: [], allowedAttributes: {} }));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}



export function escapeText(text: string): string {
  return text.replace(/&(?![a-z#0-9]+;)/gi, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
