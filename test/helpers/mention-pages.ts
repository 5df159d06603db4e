/** Source pages for mention tests: a relevant blog post, a scraper page and friends, all served on 127.0.0.1. */
import type { Peer } from './http-peer.js';

export const SITE = 'https://halla.example';
export const TARGET = `${SITE}/posts/newsletters`;

export function relevantPage(target = TARGET): string {
  return `<!doctype html><html><head><title>On writing newsletters people actually read</title></head><body>
<article><h1>On writing newsletters people actually read</h1>
<p>I have been rethinking my own email newsletter. Halla's piece on
<a href="${target}">newsletters that respect readers</a> argues for plain text, one-click unsubscribing and no tracking
pixels, and I agree: my readers deserve a promise kept, not a list sold.</p></article></body></html>`;
}

export function scraperPage(target = TARGET): string {
  const spam = 'Cheap replica watches, casino bonus codes, payday loans approved instantly, best crypto signals, buy followers now.';
  return `<!doctype html><html><head><title>Best Casino Bonus Codes 2026 | Top Deals</title></head><body>
<div>${spam} ${spam}</div><ul><li><a href="http://casino-deals.example/">casino</a></li>
<li><a href="${target}">link</a></li><li><a href="http://loans.example/">loans</a></li></ul><div>${spam}</div></body></html>`;
}

export function pageWithoutLink(): string {
  return `<!doctype html><html><head><title>Unrelated</title></head><body><p>Nothing to see, no link to ${SITE}.</p></body></html>`;
}

/** Serves the usual source pages on the peer. */
export function serveSources(peer: Peer, target = TARGET): void {
  peer.html('/relevant', relevantPage(target));
  peer.html('/scraper', scraperPage(target));
  peer.html('/no-link', pageWithoutLink());
  peer.html('/gone', 'gone', 410);
  peer.route('/slow', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.write('<html><head><title>Slow</title></head><body><p>Loading');
    setTimeout(() => res.end(`<a href="${target}">late link</a></p></body></html>`), 5_000).unref();
  });
  peer.route('/huge', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<html><body><p>${'padding '.repeat(20_000)}</p><a href="${target}">link after the cap</a></body></html>`);
  });
  for (let i = 0; i < 7; i++) peer.route(`/redirect${i}`, (_req, res) => res.writeHead(302, { location: `/redirect${i + 1}` }).end());
  peer.html('/redirect7', relevantPage(target));
}
