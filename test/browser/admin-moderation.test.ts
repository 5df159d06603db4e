import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, settableClock, signInWithBrowser, startDemo, watch } from '../support/browser.js';

const PITCH = {
  type: 'contact-form' as const,
  channel: 'contact',
  subject: 'Guest post collaboration',
  author: { name: 'Jen from GrowthLab', email: 'jen@growthlab.example', url: 'https://growthlab.example' },
  ip: '192.0.2.5',
  content: 'Hi Halla, I came across your blog and love your content. We are a digital marketing agency and would like to offer a sponsored guest post with a do-follow backlink for your readers. We can pay $150 per article. Looking forward to collaborating!',
};

const campaignMessage = (i: number) => ({
  type: 'comment' as const,
  postId: 'newsletters-that-respect-readers',
  author: { name: `Promo ${i}`, email: `promo${i}@agency${i}.example`, url: '' },
  ip: `198.51.100.${20 + i}`,
  content: `Great article ${['Halla', 'friend', 'there', 'mate'][i]}! I really enjoyed reading this post and learned so much. Please check out my website for more tips about marketing and SEO services.`,
});

describe('the admin in a real browser', () => {
  let browser: Browser;
  let demo: Awaited<ReturnType<typeof startDemo>>;
  let context: BrowserContext;
  let page: Page;
  let seen: ReturnType<typeof watch>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const clock = settableClock('2026-11-20T09:00:00.000Z');
    [browser, demo] = await Promise.all([launchChromium(), startDemo(clock)]);
    const dk = demo.doorkeep;
    await dk.updateSettings({ lists: { moderationWords: ['webring'] } });
    clock.advance(60_000);
    ids.pitch = (await dk.moderate(PITCH)).submission.id;
    clock.advance(60_000);
    ids.held = (
      await dk.moderate({
        type: 'comment',
        postId: 'rss-never-left',
        author: { name: 'Sam Reader', email: 'sam@example.org', url: '' },
        ip: '192.0.2.6',
        content: 'I found this post through an old webring and switched back to a feed reader the same evening.',
      })
    ).submission.id;
    for (let i = 0; i < 4; i++) {
      clock.advance(3_600_000);
      await dk.moderate(campaignMessage(i));
    }
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    seen = watch(page);
    await signInWithBrowser(page, demo.url);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('signs in and lands on the pending queue, styled by its own stylesheet with nothing blocked', async () => {
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/^Pending/);
    const background = await page.locator('header.top').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).toBe('rgb(27, 31, 36)');
    expect(seen.errors).toEqual([]);
    await page.screenshot({ path: 'screenshots/queue.png', fullPage: false });
    if (process.env.UPDATE_DOCS_SCREENSHOTS === '1' || !existsSync('docs/screenshot-queue.png')) await page.screenshot({ path: 'docs/screenshot-queue.png', fullPage: false });
    await page.screenshot({ path: 'screenshots/queue-pending.png', fullPage: true });
  });

  it('opens a held pitch from the pitch inbox and reads its reasons', async () => {
    await page.getByRole('navigation', { name: 'Queues' }).getByRole('link', { name: /Pitch inbox/ }).click();
    await page.getByRole('link', { name: 'Jen from GrowthLab' }).click();
    await page.waitForURL(new RegExp(`/admin/items/${ids.pitch}$`));
    const reasons = await page.getByRole('list', { name: 'Reasons' }).innerText();
    expect(reasons).toContain('Reads like outreach');
    expect(reasons).toContain('guest post');
    expect(await page.locator('.decision').innerText()).toMatch(/^Pitch by Doorkeep, .* · Doorkeep's verdict: Pitch, score \d/);
    expect(await page.getByText('Subject: Guest post collaboration').count()).toBe(1);
    await page.screenshot({ path: 'screenshots/pitch-item.png', fullPage: true });
  });

  it('approves a pending comment and it appears under its post on the blog', async () => {
    await page.goto(`${demo.url}/admin/queue/pending`);
    const row = page.locator(`#item-${ids.held}`);
    await row.locator('summary').click();
    expect(await row.getByRole('list', { name: 'Reasons' }).innerText()).toMatch(/webring/i);
    await row.getByRole('button', { name: 'Approve' }).click();
    await row.waitFor({ state: 'detached' });
    expect(await page.locator('#toast').innerText()).toMatch(/^Approved: 1 message\./);
    const post = await context.newPage();
    await post.goto(`${demo.url}/posts/rss-never-left`);
    expect(await post.locator(`#comment-${ids.held}`).innerText()).toContain('switched back to a feed reader the same evening');
    await post.screenshot({ path: 'screenshots/approved-on-post.png', fullPage: true });
    await post.close();
    expect((await demo.doorkeep.store.get(ids.held!))!.history.at(-1)).toMatchObject({ by: 'admin', to: 'approved' });
  });

  it('selects every message on a page with one checkbox', async () => {
    await page.goto(`${demo.url}/admin/queue/approved`);
    await page.getByLabel('Select all').check();
    const boxes = page.locator('input[name="ids"]');
    expect(await boxes.count()).toBeGreaterThan(0);
    for (const checked of await boxes.evaluateAll((els) => els.map((el) => (el as HTMLInputElement).checked))) expect(checked).toBe(true);
  });

  it('marks a whole template campaign as pitches', async () => {
    await page.getByRole('navigation', { name: 'Moderation' }).getByRole('link', { name: 'Campaigns' }).click();
    const campaign = page.locator('table.campaigns tbody tr').first();
    expect(await campaign.getByRole('rowheader').innerText()).toMatch(/^I really enjoyed reading this post and learned so much\./);
    expect(await campaign.innerText()).toMatch(/4 messages\s*4 senders/);
    await page.screenshot({ path: 'screenshots/campaigns.png', fullPage: true });
    await campaign.getByRole('button', { name: /^Mark all as pitches/ }).click();
    await page.getByRole('heading', { name: 'Mark all as pitches?' }).waitFor();
    await page.screenshot({ path: 'screenshots/campaign-confirm.png', fullPage: true });
    await page.getByRole('button', { name: /^Mark all as pitches \(4 messages\)/ }).click();
    await page.waitForURL(/done=pitch/);
    const [cluster] = demo.doorkeep.templates().clusters();
    for (const id of cluster!.members) expect((await demo.doorkeep.store.get(id))!.status).toBe('pitch');
    await page.goto(`${demo.url}/admin/queue/pending`);
    expect(await page.getByRole('navigation', { name: 'Queues' }).innerText()).toMatch(/Pitch inbox 5/);
  });

  it('stays readable on a phone: nothing wider than the screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
    const small = await phone.newPage();
    await signInWithBrowser(small, demo.url);
    for (const path of ['/admin/queue/pitch', '/admin/settings', '/admin/stats']) {
      await small.goto(`${demo.url}${path}`);
      const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(`${path}: ${overflow}`).toBe(`${path}: 0`);
    }
    await small.screenshot({ path: 'screenshots/phone-stats.png', fullPage: true });
    await phone.close();
  });

  it('labels every control, names every button, and starts the tab order with the skip link', async () => {
    for (const path of ['/admin/queue/pending', '/admin/queue/all', '/admin/settings', '/admin/campaigns', '/admin/pitches', '/admin/stats']) {
      await page.goto(`${demo.url}${path}`);
      const problems = await page.evaluate(() => {
        const out: string[] = [];
        for (const el of document.querySelectorAll<HTMLInputElement>('input:not([type=hidden]), select, textarea')) {
          if (!el.labels?.length && !el.getAttribute('aria-label')) out.push(`unlabelled ${el.tagName} ${el.name}`);
        }
        for (const el of document.querySelectorAll('button')) if (!(el.getAttribute('aria-label') || el.textContent?.trim())) out.push('unnamed button');
        const levels = [...document.querySelectorAll('h1, h2, h3')].map((h) => Number(h.tagName[1]));
        if (levels.filter((l) => l === 1).length !== 1) out.push(`h1 count ${levels.filter((l) => l === 1).length}`);
        levels.forEach((l, i) => i > 0 && l > levels[i - 1]! + 1 && out.push(`heading jumps to h${l}`));
        return out;
      });
      expect(`${path}: ${problems.join(', ')}`).toBe(`${path}: `);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    }
    await page.goto(`${demo.url}/admin/settings`);
    await page.screenshot({ path: 'screenshots/settings.png', fullPage: true });
  });

  it('never ran a dialog or logged an error', () => {
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
  });
});
