/**
 * The hostile inputs of issue 11, at the field limits: comment content of 65,525 characters made of one
 * short unit repeated (the shapes that made a regex retry from every position), and 1 MB mention source
 * pages. Each comes with ordinary text of the same length to compare against. Shared by
 * scripts/bench-adversarial.ts and test/adversarial.test.ts.
 */
import { FIELD_LIMITS } from '../plugin/normalize/submission.js';

export const CONTENT_LIMIT = FIELD_LIMITS.content;
/** The largest source page mention verification reads (plugin/net/safe-fetch.ts caps bodies at 1 MB). */
export const PAGE_LIMIT = 1024 * 1024;

/** Units that, repeated, were (or could be) the worst case for some pattern: tags, links, e-mails, numbers, spelled-out dots. */
export const CONTENT_UNITS = [
  'ab-', '<', '<a<', '<a ', 'aa.', 'www.', 'a1.', 'a-', '1x', '1.', '1,', 'a@', '@a.', 'a.a@', '&', '&a', '<p ', '<!--', '</',
  'http://', 'https://a', 'w w w ', 'a ', 'a dot ', 'ab dot com', '[dot]', 'a [dot] ', '(', 'a(dot)', '{', 'a{dot}', '[url=', '[',
  '.', '-', '  ', ' \n', 'a\n', 'é', 'а', '\u200b', '<br>', '<p>a</p>', '<a href=x>', "'", '"', 'a\'', 'aa.bb/', 'x@y.z ', '$1', 'Ab', 'A b ', '!',
] as const;

/** Units for a 1 MB mention source page. */
export const PAGE_UNITS = ['<a ', '<a "', "<a '", '<a href=', '<a href="x">', '<img src=', '<base href=', '<title>', '<title', '<p ', '<!--', '<script>', '<', '&#', '</a', 'a'] as const;

export function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

const PROSE = [
  'I have been reading your posts on newsletters for a while and this one made me rethink how often I write.',
  'The point about keeping tracking pixels out of inboxes is one I had never considered, thank you.',
  'We moved our small club newsletter to plain text last year and the replies doubled; people write back to a letter.',
  'One question: how do you handle people who sign up twice with slightly different addresses?',
  'Also, the RSS feed link on the about page seems to point at the old domain, example.org/feed, in case nobody told you.',
  'Thanks again for writing these, they are a calm corner of the web and I look forward to the next one in 2026.',
];

/** Ordinary comment text (a few sentences, one link-like host, one number), repeated to `length`. */
export function ordinaryText(length: number): string {
  return repeatTo(`${PROSE.join(' ')}\n\n`, length);
}

/** An ordinary page: paragraphs with a link each, and the link that verification looks for at the end. */
export function ordinaryPage(length: number, target: string): string {
  const paragraph = '<p>Some notes on writing for the web, with <a href="https://other.example/notes/1">a link</a> to what I read today and a few more words.</p>\n';
  const tail = `<p>And <a href="${target}">the post I am replying to</a>.</p>`;
  return `<html><head><title>Notes</title></head><body>${repeatTo(paragraph, length - tail.length - 60)}${tail}</body></html>`;
}

/** A page of `unit` repeated (whole units, so the last one does not swallow the link), then a link to `target`: about `length` characters. */
export function hostilePageWithLink(unit: string, length: number, target: string): string {
  const link = `\n<a href="${target}">the post</a>`;
  return unit.repeat(Math.floor((length - link.length) / unit.length)) + link;
}
