import { beforeAll, describe, expect, it } from 'vitest';
import type { Doorkeep } from '../plugin/api.js';
import { adminApp, HOSTILE_CONTENT, makeDoorkeep, makeStored, signedInAgent } from './support/browser.js';

type Agent = Awaited<ReturnType<typeof signedInAgent>>;

function itemCount(html: string): number {
  return (html.match(/<tr class="row"/g) ?? []).length;
}

describe('queues', () => {
  let dk: Doorkeep;
  let agent: Agent;

  beforeAll(async () => {
    dk = await makeDoorkeep();
    for (let i = 0; i < 25; i++) await dk.store.add(makeStored({ receivedAt: `2026-11-${String(1 + (i % 19)).padStart(2, '0')}T08:00:00.000Z` }));
    await dk.store.add(makeStored({ status: 'spam' }));
    await dk.store.add(makeStored({ status: 'pitch', postId: null, type: 'contact-form', channel: 'contact', content: '<p>We offer guest posts.</p>' }));
    agent = await signedInAgent(adminApp(dk));
  });

  it('shows the pending count in the navigation and the count of every queue in its tabs', async () => {
    const page = await agent.get('/admin/queue/spam').expect(200);
    expect(page.text).toMatch(/Queue<span class="count" aria-label="25 pending">25<\/span>/);
    expect(page.text).toContain('<a href="/admin/queue/all">All <span class="n">27</span></a>');
    expect(page.text).toContain('<a href="/admin/queue/pending">Pending <span class="n">25</span></a>');
    expect(page.text).toContain('<a href="/admin/queue/pitch">Pitch inbox <span class="n">1</span></a>');
    expect(page.text).toContain('<a href="/admin/queue/spam" aria-current="page">Spam <span class="n">1</span></a>');
    expect(page.text).toContain('<a href="/admin/queue/trash">Trash <span class="n">0</span></a>');
  });

  it('pages through a long queue twenty at a time', async () => {
    const first = await agent.get('/admin/queue/pending');
    expect(itemCount(first.text)).toBe(20);
    expect(first.text).toContain('Page 1 of 2');
    expect(first.text).toContain('href="/admin/queue/pending?page=2" rel="next"');
    const second = await agent.get('/admin/queue/pending?page=2');
    expect(itemCount(second.text)).toBe(5);
    expect(second.text).toContain('rel="prev"');
  });

  it('answers 404 for a queue that does not exist and a message that does not exist', async () => {
    await agent.get('/admin/queue/everything').expect(404);
    await agent.get('/admin/items/nope').expect(404);
  });
});

describe('one message in the queue', () => {
  let dk: Doorkeep;
  let agent: Agent;

  beforeAll(async () => {
    dk = await makeDoorkeep();
    const author = { name: 'Mira Okafor', email: 'mira@example.org', url: 'https://mira.example/' };
    for (let i = 0; i < 3; i++) await dk.store.add(makeStored({ author, status: 'approved', ip: '198.51.100.9' }));
    await dk.store.add(makeStored({ author, status: 'spam', ip: '198.51.100.9' }));
    await dk.store.add(
      makeStored({
        id: 'held',
        author,
        ip: '198.51.100.9',
        postId: 'typography',
        content: '<p>What line length do you use for <em>footnotes</em>?</p>',
        text: 'what line length do you use for footnotes?',
        status: 'pending',
        score: 1.4,
        signals: [
          { filter: 'links', score: 1.1, reason: '2 links in 9 words of text', kind: 'spam' },
          { filter: 'relevance', score: 0.6, reason: 'Shares 1 of 14 distinctive words with the post' },
          { filter: 'reputation', score: -0.3, reason: '3 earlier messages from this email were approved', kind: 'trust' },
        ],
        history: [
          { at: '2026-11-20T08:00:00.000Z', type: 'verdict', by: 'doorkeep', status: 'pending', score: 1.4, signals: [{ filter: 'links', score: 1.1, reason: '2 links in 9 words of text' }] },
          { at: '2026-11-20T09:30:00.000Z', type: 'status', by: 'admin', actor: 'person', from: 'spam', to: 'pending', note: 'second look' },
        ],
      }),
    );
    agent = await signedInAgent(adminApp(dk));
  });

  it('says who sent it, about which post, why it was held and what happened to it', async () => {
    const page = await agent.get('/admin/items/held').expect(200);
    const text = page.text;
    expect(text).toContain('Mira Okafor');
    expect(text).toContain('mira@example.org');
    expect(text).toContain('<a href="https://mira.example/" rel="nofollow ugc noopener noreferrer">https://mira.example/</a>');
    expect(text).toContain('IP 198.51.100.9');
    expect(text).toContain('on <a href="http://blog.test/posts/typography">Typography for being read</a>');
    expect(text).toContain('<p>What line length do you use for <em>footnotes</em>?</p>');
    expect(text).toMatch(/<span class="badge pending">Pending<\/span>\s*decided by admin, <time datetime="2026-11-20T09:30:00.000Z">/);
    expect(text).toContain("Doorkeep's verdict: Pending, score 1.4");
    expect(text).toContain('2 links in 9 words of text <span class="filter">(links, +1.1)</span>');
    expect(text).toContain('Shares 1 of 14 distinctive words with the post');
    expect(text).toContain('3 earlier messages from this email were approved <span class="filter">(reputation, -0.3)</span>');
    expect(text).toContain("Sender's other messages: email 3 approved, 1 spam · IP 3 approved, 1 spam · site 3 approved, 1 spam");
    expect(text).toContain("Doorkeep&#39;s verdict: Pending (score 1.4)");
    expect(text).toContain('admin changed Spam → Pending (second look)');
  });

  it('counts a sender’s site the way the store does: https://www.shop.example and shop.example are one site', async () => {
    const shop = (url: string, status: 'spam' | 'pending', id?: string) =>
      makeStored({ ...(id ? { id } : {}), status, author: { name: 'Shop', email: `${status}-${url.length}@mail.example`, url }, ip: `192.0.2.${url.length}` });
    const own = await makeDoorkeep();
    await own.store.add(shop('http://shop.example/', 'spam'));
    await own.store.add(shop('https://shop.example/deals/today', 'spam'));
    await own.store.add(shop('https://www.shop.example', 'pending', 'shop-item'));
    const page = await (await signedInAgent(adminApp(own))).get('/admin/items/shop-item').expect(200);
    await own.close();
    expect(page.text).toMatch(/Sender's other messages: email none · IP none · site 2 spam/);
  });

  it('finds messages by text, by sender email or IP and by post', async () => {
    const byText = await agent.get('/admin/queue/pending?q=footnotes');
    expect(itemCount(byText.text)).toBe(1);
    const byEmail = await agent.get('/admin/queue/approved?sender=mira%40example.org');
    expect(itemCount(byEmail.text)).toBe(3);
    const byIp = await agent.get('/admin/queue/spam?sender=198.51.100.9');
    expect(itemCount(byIp.text)).toBe(1);
    const byPost = await agent.get('/admin/queue/pending?post=typography');
    expect(itemCount(byPost.text)).toBe(1);
    const none = await agent.get('/admin/queue/pending?post=rss');
    expect(none.text).toContain('Nothing here matches the filters.');
    expect(byText.text).toContain('value="footnotes"');
  });

  it('renders a stored script, event handler and javascript: link inert, and never links an unsafe author URL', async () => {
    await dk.store.add(makeStored({ id: 'hostile', content: HOSTILE_CONTENT, author: { name: '<img src=x onerror=alert(1)>', email: 'x@example.org', url: 'javascript:alert(2)' } }));
    for (const path of ['/admin/items/hostile', '/admin/queue/pending']) {
      const html = (await agent.get(path)).text;
      expect(html.match(/<script/g)).toHaveLength(1);
      expect(html).toContain('<script src="/admin/assets/admin.js" defer></script>');
      expect(html).not.toMatch(/<img|<svg|\son\w+="|href="javascript:/i);
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(html).toContain('javascript:alert(2)');
    }
  });
});
