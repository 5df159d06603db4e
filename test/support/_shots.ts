import { launchChromium, settableClock, signInWithBrowser, startDemo } from './browser.js';
import { seedForty } from './seed.js';
const clock = settableClock('2026-11-20T07:00:00.000Z');
const [browser, demo] = await Promise.all([launchChromium(), startDemo(clock)]);
await demo.doorkeep.updateSettings({ lists: { moderationWords: ['webring'] } });
await seedForty(demo.doorkeep, (ms) => clock.advance(ms));
console.log(await demo.doorkeep.store.countByStatus());
const out = process.argv[2] ?? '/tmp/admin-ui-shots';
const desk = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
desk.on('pageerror', (e) => console.log('pageerror', e.message));
desk.on('console', (m) => m.type() === 'error' && console.log('console', m.text()));
await signInWithBrowser(desk, demo.url);
for (const p of (process.argv[3] ?? 'queue/pending,queue/pitch,queue/all').split(',')) {
  await desk.goto(`${demo.url}/admin/${p}`);
  await desk.screenshot({ path: `${out}/desk-${p.replace(/\W/g, '_')}.png` });
}
const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
await signInWithBrowser(phone, demo.url);
await phone.screenshot({ path: `${out}/phone-pending.png` });
await browser.close();
await demo.stop();
