import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { HOSTILE_CONTENT, launchChromium, makeStored, signInWithBrowser, startDemo, watch } from '../support/browser.js';

const HOSTILE_AUTHOR = { name: '<img src=x onerror=alert("name")>', email: 'mallory@example.org', url: 'javascript:alert("url")' };

describe('hostile content in a real browser', () => {
  let browser: Browser;
  let demo: Awaited<ReturnType<typeof startDemo>>;
  let page: Page;
  let seen: ReturnType<typeof watch>;
  let throughPipeline: string;
  const raw = makeStored({ id: 'raw-hostile', postId: 'why-i-still-have-comments', status: 'approved', content: HOSTILE_CONTENT, author: HOSTILE_AUTHOR });

  beforeAll(async () => {
    [browser, demo] = await Promise.all([launchChromium(), startDemo()]);
    await demo.doorkeep.store.add(raw);
    const result = await demo.doorkeep.moderate({ type: 'comment', postId: 'why-i-still-have-comments', author: { ...HOSTILE_AUTHOR, url: '' }, ip: '192.0.2.66', content: HOSTILE_CONTENT });
    throughPipeline = result.submission.id;
    await demo.doorkeep.decide(throughPipeline, 'approve', 'admin');
    page = await (await browser.newContext()).newPage();
    seen = watch(page);
    await signInWithBrowser(page, demo.url);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  async function assertNothingRan(where: Page) {
    expect(await where.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await where.locator('main img, main svg:not(.chart), main script, main [onerror], main [onload], main a[href^="javascript:"]').count()).toBe(0);
  }

  it('shows the stored payloads as text in the admin queue and on the item page, running none of them', async () => {
    await page.goto(`${demo.url}/admin/queue/approved`);
    await expect.poll(() => page.locator('tr.row').count()).toBe(2);
    await assertNothingRan(page);
    await page.locator('#item-raw-hostile summary').click();
    expect(await page.locator('#item-raw-hostile .content').innerText()).toContain('<script>window.__pwned = 1; alert("script")</script>');
    await assertNothingRan(page);
    await page.getByRole('link', { name: HOSTILE_AUTHOR.name }).first().click();
    await page.waitForURL(/\/admin\/items\//);
    await assertNothingRan(page);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`Message from ${HOSTILE_AUTHOR.name}`);
    await page.screenshot({ path: 'screenshots/hostile-item.png', fullPage: true });
  });

  it('clicking the neutralised link goes nowhere dangerous', async () => {
    await page.goto(`${demo.url}/admin/items/raw-hostile`);
    const link = page.locator('.content a', { hasText: 'click me' });
    expect(await link.count()).toBe(1);
    expect(await link.getAttribute('href')).toBeNull();
    await link.click();
    await assertNothingRan(page);
  });

  it('runs none of them under the post on the blog', async () => {
    const blog = await page.context().newPage();
    const blogSeen = watch(blog);
    await blog.goto(`${demo.url}/posts/why-i-still-have-comments`);
    expect(await blog.locator(`#comment-raw-hostile`).count()).toBe(1);
    expect(await blog.locator(`#comment-${throughPipeline}`).count()).toBe(1);
    expect(await blog.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await blog.locator('.comment script, .comment img[onerror], .comment [onload], .comment a[href^="javascript:"]').count()).toBe(0);
    await blog.screenshot({ path: 'screenshots/hostile-on-blog.png', fullPage: true });
    expect(blogSeen.dialogs).toEqual([]);
    await blog.close();
  });

  it('never opened a dialog or logged an error', () => {
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
  });
});
