import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMentionSourceFilter } from '../plugin/filters/mention-source.js';
import { readSourcePage } from '../plugin/mentions/source-page.js';
import { normalizeSubmission } from '../plugin/normalize/submission.js';
import type { Post, Signal } from '../plugin/types.js';
import { startPeer, type Peer } from './helpers/http-peer.js';
import { TARGET, relevantPage } from './helpers/mention-pages.js';
import { makeMentionsApp, type MentionsSetup } from './helpers/mentions-app.js';
import { POSTS } from './support/doorkeep.js';
import { makeContext } from './support/factories.js';

const POST: Post = {
  id: 'post-1',
  title: 'A slow sourdough: the 72-hour cold ferment',
  tags: ['baking', 'sourdough'],
  body: [
    'Most sourdough recipes rush the dough. Mine takes three days, and nearly all of that time the dough sits in the fridge at four degrees, where the yeast slows down while the bacteria keep producing acid. The result is a loaf with a deeper, tangier flavour and a crust that blisters beautifully.',
    'Start with a lively starter: feed it twice the day before, at equal weights of flour and water, and use it when it has doubled and smells pleasantly sour. Mix the dough with seventy five percent hydration, rest it for an hour, then add the salt.',
    'Give the dough four sets of stretch and folds during the first two hours, then shape it tightly and put it into a floured banneton. Cover it and leave it in the fridge for the long cold ferment. Do not worry about it; time does the work.',
    'On baking day, preheat a Dutch oven for forty five minutes at two hundred and fifty degrees. Score the cold dough straight from the fridge, bake it covered for twenty minutes, then uncovered until the crust is deep brown. Let it cool completely before slicing, or the crumb turns gummy.',
  ].join('\n\n'),
};
const SOURCE = 'https://other-blog.example/2026/03/sourdough';
const page = (body: string, title = 'A page') => `<!doctype html><html><head><title>${title}</title><style>p{color:red}</style></head><body>${body}</body></html>`;
const paragraphs = POST.body.split('\n\n');

/** A crude synonym spinner: a third of the words replaced, sentences reversed. */
function spin(text: string): string {
  const swaps: Record<string, string> = {
    most: 'many', recipes: 'formulas', rush: 'hurry', dough: 'paste', takes: 'needs', days: 'days', nearly: 'almost', fridge: 'refrigerator',
    slows: 'decelerates', bacteria: 'microbes', producing: 'making', result: 'outcome', loaf: 'bread', deeper: 'richer', flavour: 'taste',
    crust: 'shell', beautifully: 'wonderfully', lively: 'active', feed: 'nourish', equal: 'same', weights: 'masses', doubled: 'grown',
    smells: 'scents', pleasantly: 'agreeably', mix: 'combine', rest: 'relax', hour: 'sixty minutes', add: 'include', shape: 'form',
    tightly: 'firmly', cover: 'wrap', leave: 'keep', long: 'lengthy', worry: 'fret', preheat: 'heat up', score: 'slash', bake: 'cook',
    covered: 'lidded', uncovered: 'open', deep: 'dark', cool: 'chill', completely: 'fully', slicing: 'cutting', gummy: 'sticky',
  };
  return text.split(/(?<=\.)\s+/).reverse().map((sentence) => sentence.split(' ').map((w) => swaps[w.toLowerCase()] ?? w).join(' ')).join(' ');
}

const PAGES = {
  scraper: page(`<nav><a href="/">Home</a> <a href="/tag/food">Food</a></nav><h1>${POST.title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}
    <p>Source: <a href="https://site.example/posts/post-1">site.example</a></p><aside><a href="https://ads.example/1">Best deals</a></aside>`),
  spun: page(`<h1>The 3-day chilled fermentation</h1>${paragraphs.map((p) => `<p>${spin(p)}</p>`).reverse().join('')}<p><a href="https://site.example/posts/post-1">via</a></p>`),
  quoting: page(`<h1>Three days for a loaf? I tried it</h1>
    <p>Halla's post on <a href="https://site.example/posts/post-1">the 72-hour cold ferment</a> convinced me to slow down. She writes:</p>
    <blockquote>${paragraphs[3]}</blockquote>
    <p>I followed that to the letter, except that my old Dutch oven only survives 230 degrees, so I baked five minutes longer. The crumb was the most open I have managed with whole wheat, and my family, who usually prefer supermarket sandwich bread, finished it in a day. Next time I want to try a rye version, since rye ferments faster and may not need three full days in the fridge; a friend suggests two. I also noticed the dough was much easier to score when cold, which nobody had told me before. Any readers with rye experience, please write.</p>`),
  digest: page(`<h1>Links of the week</h1><ul>${Array.from({ length: 40 }, (_, i) => `<li><a href="https://site${i % 30}.example/p${i}">Item ${i}</a></li>`).join('')}
    <li><a href="https://site.example/posts/post-1">bread</a></li></ul>`),
  commercial: page(`<h1>KetoSlim Pro – Best Weight Loss Supplement 2026</h1>
    <p>Buy KetoSlim Pro capsules today at a discount price! Our best-selling keto diet supplement helps you burn fat fast. Order now with free shipping and a money-back guarantee.</p>
    <p>Customers love the results: each pill contains a clinically tested dosage. Add to cart, use the coupon code SLIM20 at checkout, and get a free trial of our premium plan. Limited offer, sale ends soon. Read more <a href="https://site.example/posts/post-1">here</a>.</p>`),
};

const filter = createMentionSourceFilter(undefined, { secret: 's' });

function mentionFor(html: string): Signal[] {
  const submission = normalizeSubmission({
    type: 'webmention', postId: POST.id, target: 'https://site.example/posts/post-1', content: 'A page that mentions the post',
    author: { name: 'Other blog', url: SOURCE }, mention: { source: SOURCE, page: readSourcePage(html, SOURCE) },
  }, 'm-1', '2026-03-10T12:00:00.000Z');
  return [filter.check(submission, makeContext({ post: POST })) ?? []].flat();
}

describe('mention source: what the linking page is', () => {
  it('reads a page as its text (no scripts or styles) and its links to other sites', () => {
    const read = readSourcePage(page('<p>Hello <b>there</b></p><script>var x = "<a href=https://evil.example>"</script><a href="/own">own</a><a href="https://a.example">a</a><a href="https://b.example/x">b</a><a href="https://a.example/y">a2</a>'), SOURCE);
    expect(read).toEqual({
      text: 'A page Hello there own a b a2', outboundLinks: 3, outboundSites: 2, contentLinks: 3, contentSites: 2, quoted: 0,
      commerce: { prices: 0, cartLinks: 0, productMarkup: false },
    });
  });

  it('counts what the page itself lists, not its navigation, sidebars, footer or share buttons', () => {
    const html = page(`<header><nav><a href="https://a.example/">Shop</a> <a href="/now">Now</a></nav></header><main><p>See <a href="https://b.example/x">b</a>, a reply I wrote after reading the post twice and trying it myself.</p>
      <a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fother-blog.example%2Fp">share</a></main>
      <aside><a href="https://c.example/">c</a><a href="https://d.example/">d</a></aside><footer><a href="https://e.example/">e</a></footer>`);
    const read = readSourcePage(html, SOURCE);
    expect(read).toMatchObject({ outboundLinks: 6, outboundSites: 6, contentLinks: 1, contentSites: 1 });
    expect(read.text).toBe('A page See b , a reply I wrote after reading the post twice and trying it myself. share'); // not the chrome's words
  });

  it('notes prices, links to a cart and product markup', () => {
    const html = page(`<div itemscope itemtype="https://schema.org/Product"><h1>Pills</h1><p>Only $19.99, was 39,90 €.</p><a href="/cart?add=1">Add to cart</a> <a href="/cartoons/">Cartoons</a></div>`);
    expect(readSourcePage(html, SOURCE).commerce).toEqual({ prices: 2, cartLinks: 1, productMarkup: true });
  });

  it('measures how much of the text is quoted in a blockquote', () => {
    const read = readSourcePage(page(`<p>My own words, about as long as the quote.</p><blockquote>Their words, quoted here.</blockquote>`), SOURCE);
    expect(read.quoted).toBeGreaterThan(0.3);
    expect(read.quoted).toBeLessThan(0.6);
  });

  it('knows whether the link to the target stands in a list of links or in a sentence', () => {
    const target = 'https://site.example/posts/post-1';
    const list = (n: number, name: string) => Array.from({ length: n }, (_, i) => `<li><a href="https://${name}${i}.example/">Site ${i}</a></li>`).join('');
    const inList = page(`<ul>${list(8, 'a')}<li><a href="${target}">the post</a></li>${list(4, 'b')}</ul>`);
    const inProse = page(`<p>I read <a href="${target}">the post</a> and ${'wrote a long paragraph about it, '.repeat(15)}done.</p><table><tr><td><ul>${list(12, 'c')}</ul></td></tr></table>`);
    expect(readSourcePage(inList, SOURCE, target).sitesAroundLink).toBe(12);
    expect(readSourcePage(inProse, SOURCE, target).sitesAroundLink).toBe(0);
  });

  it('recognises a page that copies the post word for word', () => {
    const [signal] = mentionFor(PAGES.scraper);
    expect(signal).toMatchObject({ filter: 'mentionSource', score: 3.5, kind: 'spam' });
    expect(signal!.reason).toMatch(/^The source page copies the post: 100% of its passages are there/);
  });

  it('recognises a copy reworded by a synonym spinner and reordered', () => {
    const [signal] = mentionFor(PAGES.spun);
    expect(signal!.reason).toMatch(/^The source page copies the post/);
    expect(signal!.evidence!.copied).toBeGreaterThanOrEqual(3);
  });

  it('lets a page that quotes one paragraph and writes about it pass', () => {
    expect(mentionFor(PAGES.quoting)).toEqual([]);
  });

  it('reads half the post set in a blockquote with a few words of the page\'s own as a quote, the same words unquoted as a copy', () => {
    const quoted = page(`<p>Two paragraphs worth reading, from <a href="https://site.example/posts/post-1">Halla</a>:</p><blockquote><p>${paragraphs[1]}</p><p>${paragraphs[2]}</p></blockquote><p>So true.</p>`);
    const copied = page(`<p>From <a href="https://site.example/posts/post-1">Halla</a>:</p><p>${paragraphs[1]}</p><p>${paragraphs[2]}</p><p>So true.</p>`);
    expect(mentionFor(quoted)).toEqual([]);
    expect(mentionFor(copied)[0]!.reason).toMatch(/^The source page copies the post/);
  });

  it('recognises an aggregator that excerpts the post among other pages\' excerpts', () => {
    const items = Array.from({ length: 10 }, (_, i) => `<h2><a href="https://news${i}.example/story">Story ${i}</a></h2><p>An unrelated story about markets, football and the weather, number ${i}.</p>`).join('');
    const [signal] = mentionFor(page(`${items}<h2><a href="https://site.example/posts/post-1">A slow sourdough</a></h2><p>${paragraphs[0]}</p>`));
    expect(signal).toMatchObject({ filter: 'mentionSource', kind: 'spam', score: 2.5 });
    expect(signal!.reason).toMatch(/^The source page lists excerpts of other pages: 11 links to 11 other sites, and the post's own words/);
  });

  it('recognises a digest of many links to other sites, more so off the post\'s topic', () => {
    const [signal] = mentionFor(PAGES.digest);
    expect(signal!.reason).toMatch(/^The source page is a list of links: 41 links to 31 other sites/);
    expect(signal!.score).toBe(2.5);
  });

  it('recognises a sales page whose topic is not the post\'s', () => {
    const [signal] = mentionFor(PAGES.commercial);
    expect(signal).toMatchObject({ score: 2.5, kind: 'spam' });
    expect(signal!.reason).toMatch(/^The source page sells something other than the post's subject \(/);
  });

  it('does not call a page about baking that sells a book commercial', () => {
    const bakery = page(`<h1>My cold-ferment sourdough, and my new book</h1><p>After reading about the 72-hour cold ferment I adjusted my starter feeding and hydration: the dough rests in the fridge for three days, the crust blisters and the crumb opens. Buy my baking book with a discount code at checkout; free shipping this week.</p><a href="https://site.example/posts/post-1">the post</a>`);
    expect(mentionFor(bakery)).toEqual([]);
  });

  it('says nothing when the page was not read or the filter is off', () => {
    const submission = normalizeSubmission({ type: 'pingback', postId: POST.id, content: 'x', author: { name: 'x', url: SOURCE }, mention: { source: SOURCE } }, 'm', '2026-03-10T12:00:00.000Z');
    expect(filter.check(submission, makeContext({ post: POST }))).toEqual([]);
  });
});

describe('mention source through the webmention receiver', () => {
  let peer: Peer;
  let setup: MentionsSetup | undefined;
  beforeAll(async () => {
    peer = await startPeer();
    const post = POSTS.find((p) => p.id === 'newsletters')!;
    peer.html('/relevant', relevantPage(TARGET));
    peer.html('/copy', page(`<h1>${post.title}</h1><p>${post.body}</p><p><a href="${TARGET}">source</a></p><ul>${['a', 'b', 'c'].map((x) => `<li><a href="https://${x}.example">${x}</a></li>`).join('')}</ul>`));
  });
  afterAll(() => peer.close());
  afterEach(async () => {
    await setup?.dk.close();
    setup = undefined;
  });

  async function settle(path: string) {
    setup = await makeMentionsApp();
    const res = await request(setup.app).post('/webmention').type('form').send({ source: peer.url(path), target: TARGET }).expect(201);
    await setup.router.webmentions.idle();
    return (await request(setup.app).get(res.headers.location!).set('accept', 'application/json').expect(200)).body as Record<string, string>;
  }

  it('does not approve a page that copies the post, and says why', async () => {
    const done = await settle('/copy');
    expect(done.status).not.toBe('approved');
    const [stored] = (await setup!.dk.store.query({ type: 'webmention' })).items;
    expect(stored!.reasons.join(' ')).toContain('The source page copies the post');
    expect(stored!.mention!.page!.outboundSites).toBe(4); // a, b, c and the target's site
  });

  it('still approves a genuine page that links to the post and writes about it', async () => {
    const done = await settle('/relevant');
    expect(done.status).toBe('approved');
  });
});

describe('reading a source page stays linear on hostile input', () => {
  it.each(['<a ', '<a<', '<', '<!--', '<script>', '<a href="https://x.example/', 'word '])('reads 1 MB of %j and judges it in well under a few seconds', (shape) => {
    const html = shape.repeat(Math.ceil(1_048_576 / shape.length)).slice(0, 1_048_576);
    const started = performance.now();
    mentionFor(html);
    // The bound is generous for a busy CI machine; a quadratic scan of 1 MB takes minutes.
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
