import { launchChromium, settableClock, signInWithBrowser, startDemo } from './browser.js';
import { seedForty } from './seed.js';
const clock = settableClock('2026-11-20T07:00:00.000Z');
const [browser, demo] = await Promise.all([launchChromium(), startDemo(clock)]);
await seedForty(demo.doorkeep, (ms) => clock.advance(ms));
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
page.on('pageerror', (e) => console.log('pageerror', e.message));
page.on('console', (m) => console.log('console', m.type(), m.text()));
page.on('response', (r) => r.request().method() === 'POST' && console.log('POST', r.url(), r.status()));
await signInWithBrowser(page, demo.url);
console.log(await page.locator('tr.row.current').count(), await page.evaluate(() => document.activeElement?.tagName));
for (const k of ['a', 's', 'p']) {
await page.keyboard.press(k);
console.log('after press', await page.evaluate(() => [document.activeElement?.tagName, document.activeElement?.className, document.activeElement?.id]));
await new Promise((r) => setTimeout(r, 1500));
console.log(await page.locator('#toast').innerText());
console.log('after response', await page.evaluate(() => [document.activeElement?.tagName, document.activeElement?.className, document.activeElement?.id]));
}
await browser.close();
await demo.stop();
