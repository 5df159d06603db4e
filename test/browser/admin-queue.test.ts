/**
 * The queue as a moderator uses it, in Chromium: clearing messages by keyboard alone, undo, the same
 * actions without JavaScript, the phone layout, and axe-core on every admin page.
 */
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, makeStored, settableClock, signInWithBrowser, startDemo, watch } from '../support/browser.js';
import { seedForty } from '../support/seed.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
mkdirSync('screenshots', { recursive: true });

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document);
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

describe('the queue in a real browser', () => {
  let browser: Browser;
  let demo: Awaited<ReturnType<typeof startDemo>>;
  const clock = settableClock('2026-11-20T07:00:00.000Z');
  let seeded: string[] = [];

  beforeAll(async () => {
    [browser, demo] = await Promise.all([launchChromium(), startDemo(clock)]);
    await demo.doorkeep.updateSettings({ lists: { moderationWords: ['webring'] } });
    seeded = await seedForty(demo.doorkeep, (ms) => clock.advance(ms));
    // 25 more plain pending comments, older than the seeded ones, so clearing a page has to refill it.
    for (let i = 0; i < 25; i++) {
      await demo.doorkeep.store.add(makeStored({ postId: 'rss-never-left', receivedAt: `2026-11-19T${String(i % 24).padStart(2, '0')}:00:00.000Z` }));
    }
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it('clears 20 messages by keyboard alone: the next message has focus and the page never reloads', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const seen = watch(page);
    await signInWithBrowser(page, demo.url);
    await page.screenshot({ path: 'screenshots/queue-desktop.png' });
    const before = await demo.doorkeep.store.countByStatus();
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    const keys = ['a', 's', 'p', 'd'];
    const acted: string[] = [];
    for (let i = 0; i < 20; i++) {
      const id = await page.locator('tr.row.current').getAttribute('data-id');
      acted.push(id!);
      await page.keyboard.press(keys[i % 4]!);
      await expect.poll(async () => (await demo.doorkeep.store.get(id!))?.status, { timeout: 5000 }).not.toBe('pending');
      await page.locator(`#item-${id}`).waitFor({ state: 'detached' });
      if (i === 0) await page.screenshot({ path: 'screenshots/queue-after-key.png' });
      // The next message is the focused one, and it is in view.
      expect(await page.evaluate(() => document.activeElement?.classList.contains('current') && document.activeElement.matches('tr.row'))).toBe(true);
    }
    const statuses = await Promise.all(acted.map(async (id) => (await demo.doorkeep.store.get(id))!.status));
    expect(statuses).toEqual(acted.map((_, i) => ['approved', 'spam', 'pitch', 'trash'][i % 4]));
    expect(new Set(acted).size).toBe(20);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    const after = await demo.doorkeep.store.countByStatus();
    expect(after.pending).toBeLessThanOrEqual(before.pending - 20);
    expect(await page.locator('nav.main .count').first().innerText()).toBe(String(after.pending));
    // The page refilled itself from the server when its 20 rows were gone.
    expect(await page.locator('tr.row').count()).toBeGreaterThan(0);

    // z undoes the last action (a trash): the message is back in Pending.
    await page.keyboard.press('z');
    await expect.poll(async () => (await demo.doorkeep.store.get(acted[19]!))!.status).toBe('pending');
    await page.locator(`#item-${acted[19]}`).waitFor();

    // x selects, Shift+S marks every selected message as spam.
    const first = await page.locator('tr.row.current').getAttribute('data-id');
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    const second = await page.locator('tr.row.current').getAttribute('data-id');
    await page.keyboard.press('x');
    await page.keyboard.press('Shift+S');
    await expect.poll(async () => [(await demo.doorkeep.store.get(first!))!.status, (await demo.doorkeep.store.get(second!))!.status]).toEqual(['spam', 'spam']);

    // A key that would change nothing says so and does nothing.
    await page.goto(`${demo.url}/admin/queue/spam`);
    const spamId = await page.locator('tr.row.current').getAttribute('data-id');
    await page.keyboard.press('s');
    await expect.poll(() => page.locator('#toast').innerText()).toMatch(/does nothing for a message in Spam/);
    expect((await demo.doorkeep.store.get(spamId!))!.status).toBe('spam');

    // ? lists the keys.
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/j\s+Next message/);
    await page.screenshot({ path: 'screenshots/queue-keys.png' });
    await page.keyboard.press('Escape');
    expect(seen.errors).toEqual([]);
    expect(seen.dialogs).toEqual([]);
    await context.close();
  }, 90_000);

  it('does every action as a plain form without JavaScript, with an Undo button', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await signInWithBrowser(page, demo.url);
    const row = page.locator('tr.row').first();
    const id = (await row.getAttribute('data-id'))!;
    await row.getByRole('button', { name: 'Trash' }).click();
    await page.waitForURL(/done=trash/);
    expect(await page.getByRole('status').innerText()).toMatch(/Moved to the trash: 1 message\./);
    expect((await demo.doorkeep.store.get(id))!.status).toBe('trash');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.waitForURL(/done=undo/);
    expect((await demo.doorkeep.store.get(id))!.status).toBe('pending');
    // Details open without script too.
    await page.locator(`#item-${id} summary`).click();
    expect(await page.locator(`#item-${id}`).getByRole('list', { name: 'Reasons' }).isVisible()).toBe(true);
    await context.close();
  });

  it('filters by type, channel, reason and post, and the search keeps the filters', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signInWithBrowser(page, demo.url);
    await page.goto(`${demo.url}/admin/queue/all`);
    await page.getByLabel('Type').selectOption('contact-form');
    await page.getByLabel('Channel').selectOption('work-with-me');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/channel=work-with-me/);
    const types = await page.locator('tr.row td.on .type').allInnerTexts();
    expect(types.length).toBe(3);
    expect(new Set(types)).toEqual(new Set(['Message']));
    await page.getByLabel('Search', { exact: true }).fill('Tomas');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/q=Tomas/);
    expect(page.url()).toContain('channel=work-with-me');
    expect(await page.locator('tr.row').count()).toBe(1);
    // The status tabs count what matches and keep the filters.
    expect(await page.getByRole('navigation', { name: 'Queues' }).getByRole('link', { name: /^All/ }).getAttribute('href')).toContain('channel=work-with-me');
    await page.goto(`${demo.url}/admin/queue/all?filter=links`);
    expect(await page.locator('tr.row').count()).toBeGreaterThan(0);
    for (const reasons of await page.locator('tr.row').evaluateAll((rows) => rows.map((r) => r.querySelector('ul.reasons')!.textContent!))) expect(reasons).toMatch(/\(links, \+/);
    await page.goto(`${demo.url}/admin/queue/all`);
    await page.getByLabel('Post').selectOption({ label: 'RSS never left' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/post=rss-never-left/);
    for (const on of await page.locator('tr.row td.on .sub').allInnerTexts()) expect(on).toBe('RSS never left');
    await context.close();
  });

  it('works on a phone: the navigation folds away and the first message shows without scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await signInWithBrowser(page, demo.url);
    expect(await page.getByRole('navigation', { name: 'Moderation' }).isVisible()).toBe(false);
    const firstRow = await page.locator('tr.row').first().boundingBox();
    expect(firstRow!.y + 60).toBeLessThan(844);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
    await page.screenshot({ path: 'screenshots/queue-phone.png' });
    await page.getByRole('button', { name: 'Menu' }).tap();
    expect(await page.getByRole('navigation', { name: 'Moderation' }).isVisible()).toBe(true);
    await page.screenshot({ path: 'screenshots/queue-phone-menu.png' });
    for (const path of ['/admin/queue/all', '/admin/campaigns', '/admin/pitches', '/admin/settings', '/admin/stats']) {
      await page.goto(`${demo.url}${path}`);
      expect(`${path}: ${await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)}`).toBe(`${path}: 0`);
    }
    await page.goto(`${demo.url}/admin/campaigns`);
    await page.screenshot({ path: 'screenshots/campaigns-phone.png', fullPage: true });
    await context.close();
  });

  it('axe-core finds no violations on any admin page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${demo.url}/admin/sign-in`);
    const problems: Record<string, string[]> = { 'sign-in': await axeViolations(page) };
    await signInWithBrowser(page, demo.url);
    const cluster = demo.doorkeep.templates().clusters()[0];
    const paths = ['/queue/pending', '/queue/all', '/queue/pitch', '/queue/spam', '/queue/trash', `/items/${seeded[0]}`, '/campaigns', ...(cluster ? [`/campaigns/${cluster.id}`] : []), '/pitches', '/stats', '/settings', '/privacy', '/nowhere'];
    for (const path of paths) {
      await page.goto(`${demo.url}/admin${path}`);
      problems[path] = await axeViolations(page);
      await page.screenshot({ path: `screenshots/desktop-${path.split('/')[1]}${path.startsWith('/queue') ? `-${path.split('/')[2]}` : path.split('/').length > 2 ? '-one' : ''}.png`, fullPage: true });
    }
    // With a message's details open, the keys dialog open, and on the confirm step of "Empty spam".
    await page.goto(`${demo.url}/admin/queue/pending`);
    await page.locator('tr.row details.more summary').first().click();
    problems['details open'] = await axeViolations(page);
    await page.keyboard.press('?');
    problems['keys dialog'] = await axeViolations(page);
    await page.goto(`${demo.url}/admin/queue/spam`);
    await page.getByRole('button', { name: 'Empty spam' }).click();
    await page.getByRole('heading', { name: 'Empty spam?' }).waitFor();
    problems['empty spam confirm'] = await axeViolations(page);
    for (const [path, list] of Object.entries(problems)) expect(`${path}: ${list.join(' | ')}`).toBe(`${path}: `);
    await context.close();
  }, 120_000);
});
