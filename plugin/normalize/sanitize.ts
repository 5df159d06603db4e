import sanitizeHtml from 'sanitize-html';

/** The small allowlist stored content keeps: paragraphs, line breaks, emphasis and links. */
const STORED_HTML: sanitizeHtml.IOptions = {
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
  const looksLikeHtml = /<[a-z!/][^<>]*>/i.test(raw);
  const html = looksLikeHtml ? raw : escapeText(raw).replace(/\r?\n/g, '<br />');
  return sanitizeHtml(html, STORED_HTML).trim();
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



function escapeText(text: string): string {
  return text.replace(/&(?![a-z#0-9]+;)/gi, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
