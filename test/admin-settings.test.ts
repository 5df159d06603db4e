import { beforeEach, describe, expect, it } from 'vitest';
import type { Doorkeep } from '../plugin/api.js';
import { FILTER_NAMES } from '../plugin/filters/index.js';
import { DEFAULT_SETTINGS } from '../plugin/settings.js';
import { changedSections, savedMessage } from '../admin/settings-form.js';
import { adminApp, makeDoorkeep, signedInAgent } from './support/browser.js';

type Agent = Awaited<ReturnType<typeof signedInAgent>>;

let dk: Doorkeep;
let agent: Agent;

beforeEach(async () => {
  dk = await makeDoorkeep();
  dk.contactForm();
  dk.contactForm({ channel: 'work-with-me', doorOpen: true });
  agent = await signedInAgent(adminApp(dk));
});

const decode = (s: string) => s.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The form as a browser would send it: text inputs, textareas, checked boxes and selected options, in order. */
function formOf(html: string): [string, string][] {
  const form = html.slice(html.indexOf('<form method="post" action="/admin/settings"'));
  const pairs: [string, string][] = [];
  const control = /<input ([^>]*)>|<textarea [^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>|<select [^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g;
  for (const m of form.matchAll(control)) {
    if (m[1] !== undefined) {
      const name = /name="([^"]+)"/.exec(m[1])?.[1];
      const value = decode(/value="([^"]*)"/.exec(m[1])?.[1] ?? '');
      const type = /type="([^"]+)"/.exec(m[1])?.[1];
      if (!name || (type === 'checkbox' && !/ checked/.test(m[1]))) continue;
      pairs.push([name, value]);
    } else if (m[2] !== undefined) pairs.push([m[2], decode(m[3]!)]);
    else {
      const selected = /<option value="([^"]*)" selected>/.exec(m[5]!) ?? /<option value="([^"]*)"/.exec(m[5]!);
      pairs.push([m[4]!, selected![1]!]);
    }
  }
  return pairs;
}

async function load() {
  const html = (await agent.get('/admin/settings').expect(200)).text;
  return { html, fields: formOf(html) };
}

/** Post the form with some fields changed (a value of null leaves the field out, as an unchecked box). */
function post(fields: [string, string][], changes: Record<string, string | string[] | null> = {}) {
  const body = new URLSearchParams();
  for (const [name, value] of fields) if (!(name in changes)) body.append(name, value);
  for (const [name, value] of Object.entries(changes)) for (const v of value === null ? [] : [value].flat()) body.append(name, v);
  return agent.post('/admin/settings').type('form').send(body.toString());
}

describe('the settings form', () => {
  it('shows every setting as a field with its default: thresholds, each filter and its options, doors, retention, notice, lists', async () => {
    const { html } = await load();
    expect(html).toMatch(/<label for="f-thresholds-spam">Spam at<\/label>\s*<span class="hint" id="f-thresholds-spam-hint">[^<]*Default: 3\.<\/span>/);
    expect(html).toMatch(/<input id="f-thresholds-spam" name="thresholds.spam" type="text" inputmode="decimal" value="3" aria-describedby="f-thresholds-spam-hint">/);
    for (const name of FILTER_NAMES) expect(html).toContain(`<label for="f-filters-${name}-on">Use the ${name} filter</label>`);
    expect(html).toMatch(/<label for="f-filters-links-holdAt">Links that hold a message for review<\/label>\s*<span class="hint" id="f-filters-links-holdAt-hint">Default: 2\.<\/span>/);
    expect(html).toContain('name="filters.links.holdAt" type="text" inputmode="decimal" value="2"');
    expect(html).toMatch(/<legend>Look for the words in<\/legend>[\s\S]*?name="filters.words.fields" value="content" checked/);
    expect(html).toContain('<label for="f-filters-outreach-phrases">Extra outreach phrases');
    expect(html).not.toContain('Tuning for');
    expect(html).toContain('<label for="f-doors-contact">Pitches on the “contact” contact form</label>');
    expect(html).toMatch(/name="doors.contact"[^>]*>\s*<option value="inbox" selected>/);
    expect(html).toMatch(/name="doors.work-with-me"[^>]*>\s*<option value="inbox">Hold in the pitch inbox<\/option><option value="deliver" selected>/);
    expect(html).toContain('Default: Deliver (as the form was set up).');
    expect(html).toContain('Default: 15.');
    expect(html).toContain(`Default: ${DEFAULT_SETTINGS.noticeText}.`);
  });

  it('saves what changed and says which sections it saved', async () => {
    const { fields } = await load();
    const response = await post(fields, { 'thresholds.pending': '1.25', 'doors.contact': 'deliver', 'filters.links.holdAt': '3', 'filters.outreach.on': null });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/admin/settings?saved=thresholds%2Cfilters%3Alinks%2Cfilters%3Aoutreach%2Cdoors');
    const s = dk.settings();
    expect(s.thresholds).toEqual({ ...DEFAULT_SETTINGS.thresholds, pending: 1.25 });
    expect(s.filters.links).toEqual({ holdAt: 3 });
    expect(s.filters.outreach).toBe(false);
    expect(s.filters.words).toEqual({});
    expect(s.doors).toEqual({ contact: { pitches: 'deliver' } });
    const page = (await agent.get(response.headers.location)).text;
    expect(page).toMatch(/<div class="flash" role="status">\s*<span>Saved: thresholds, filters \(links, outreach\), door policy.<\/span>/);
    expect(page).toContain('name="filters.links.holdAt" type="text" inputmode="decimal" value="3"');
  });

  it('saves nothing and says so when nothing changed', async () => {
    const { fields } = await load();
    const response = await post(fields);
    expect(response.headers.location).toBe('/admin/settings?saved=');
    expect((await agent.get(response.headers.location)).text).toContain('Nothing changed, so nothing was saved.');
    expect(await dk.store.getState('settings')).toBeUndefined();
  });

  it('puts each problem on its field, keeps what was typed and saves nothing', async () => {
    const before = dk.settings();
    const { fields } = await load();
    const response = await post(fields, { 'thresholds.spam': 'lots', 'filters.links.holdAt': '0', 'retention.spamDays': '0', 'lists.blockedEmails': 'new@example.org' });
    expect(response.status).toBe(400);
    const html = response.text;
    expect(html).toContain('Nothing was saved: 3 problems to fix');
    expect(html).toMatch(/<input id="f-thresholds-spam" name="thresholds.spam" type="text" inputmode="decimal" value="lots" aria-describedby="f-thresholds-spam-hint f-thresholds-spam-error" aria-invalid="true">\s*<p class="field-error" id="f-thresholds-spam-error">Enter a number, such as 3.<\/p>/);
    expect(html).toContain('<a href="#f-thresholds-spam">Spam at</a>: Enter a number');
    expect(html).toContain('new@example.org');
    expect(dk.settings()).toEqual(before);

    const second = await post(fields, { 'filters.links.holdAt': '0', 'retention.spamDays': '0', 'lists.blockedEmails': 'new@example.org' });
    expect(second.status).toBe(400);
    expect(second.text).toMatch(/aria-describedby="f-filters-links-holdAt-hint f-filters-links-holdAt-error" aria-invalid="true">\s*<p class="field-error" id="f-filters-links-holdAt-error">`filters.links.holdAt` must be a number in 1…∞, got 0.<\/p>/);
    expect(second.text).toContain('<p class="field-error" id="f-retention-spamDays-error">Must be at least 1.</p>');
    expect(second.text).toContain('Nothing was saved: 2 problems to fix');
    expect(dk.settings()).toEqual(before);
  });

  it('refuses thresholds out of order and a bad channel name, on the fields', async () => {
    const { fields } = await load();
    const response = await post(fields, { 'thresholds.pending': '5', 'doors.new.channel': 'Work With Me' });
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/id="f-doors-new-channel-error">[^<]*lower-case letters, digits and dashes/);
    const order = await post(fields, { 'thresholds.pending': '5' });
    expect(order.text).toMatch(/id="f-thresholds-pending-error">[^<]*pending ≤ spam ≤ discard/);
  });

  it('adds a channel, edits outreach phrases and the words filter’s fields', async () => {
    const { fields } = await load();
    const response = await post(fields, {
      'doors.new.channel': 'press', 'doors.new.pitches': 'deliver',
      'filters.outreach.phrases': 'Podcast swap = 1\nmedia kit = 0.5',
      'filters.words.fields': ['content', 'email'],
    });
    expect(response.status).toBe(303);
    const s = dk.settings();
    expect(s.doors.press).toEqual({ pitches: 'deliver' });
    expect(s.filters.outreach).toEqual({ phrases: { 'podcast swap': 1, 'media kit': 0.5 } });
    expect(s.filters.words).toEqual({ fields: ['email', 'content'] });
    const bad = await post(fields, { 'filters.outreach.phrases': 'no weight here' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Write each phrase as “phrase = weight”');
  });
});

describe('save confirmations', () => {
  it('names the sections that changed, and nothing else', () => {
    const after = structuredClone(DEFAULT_SETTINGS);
    after.thresholds.spam = 4;
    after.doors = { contact: { pitches: 'deliver' } };
    after.noticeText = 'Checked by Doorkeep.';
    expect(savedMessage(changedSections(DEFAULT_SETTINGS, after))).toBe('Saved: thresholds, door policy, notice text.');
    expect(savedMessage(['filters:links', 'filters:<script>', 'bogus'])).toBe('Saved: filters (links).');
  });
});
