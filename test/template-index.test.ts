import { describe, expect, it } from 'vitest';
import { DoorkeepError } from '../plugin/errors.js';
import { createTemplateIndex } from '../plugin/knowledge/template-index.js';
import { diceSimilarity } from '../plugin/knowledge/similarity-metric.js';
import { makeStored } from './support/factories.js';
import { shingleHashes, textShingles, wordTokens } from '../plugin/knowledge/minhash.js';
import { maskPersonalisation } from '../plugin/knowledge/masking.js';
import { OWNER_NAMES, pitchInstances } from './fixtures/pitches.js';

function pitch(company: string, sender: string, variant = 0) {
  const opener = ['I came across your article and loved it', 'I just read your post and really enjoyed it', 'I found your blog and really liked it'][variant % 3];
  return `hi halla, ${opener}. i am ${sender}, content lead at ${company}, where we help writers grow their audience with smart tools. `
    + 'i think our readers would love a guest post from you, and we would be happy to link back to your site. '
    + 'could we collaborate on a piece this month? reply here and i will send over our guidelines.';
}

let counter = 0;
function stored(text: string, who: { name?: string; email?: string; ip?: string } = {}, at = '2026-11-12T10:00:00.000Z') {
  counter++;
  const name = who.name ?? `Sender ${counter}`;
  return makeStored({
    id: `s-${counter}`,
    text,
    content: `<p>${text}</p>`,
    author: { name, email: who.email ?? `sender${counter}@example.com`, url: '' },
    ip: who.ip ?? `198.51.100.${counter % 250}`,
    receivedAt: at,
  });
}

const GENUINE = [
  'i left my old platform for a small provider last spring and turning off open tracking felt scary, but nobody unsubscribed.',
  'how do you test your backups? i run a similar setup on a small server but have never tried restoring from one.',
  'three hundred words a day is what finally worked for me too. i used to aim for a thousand and quit every january.',
  'setting the max width to sixty five characters changed my site overnight, thanks for keeping the css so short.',
];

describe('createTemplateIndex', () => {
  it('finds a near-duplicate sent by another sender, names swapped', () => {
    const index = createTemplateIndex({ ownerNames: ['Halla'] });
    const first = stored(pitch('inboxly', 'jake morrow'), { name: 'Jake Morrow', email: 'jake@inboxly.co' });
    index.observe(first);
    const second = stored(pitch('feedforge', 'priya natarajan', 1), { name: 'Priya Natarajan', email: 'priya@feedforge.io' });
    const result = index.lookup(second);
    expect(result.matches).toHaveLength(1);
    expect(result.matches[0]).toMatchObject({ submissionId: first.id, sender: 'jake@inboxly.co' });
    expect(result.matches[0]!.similarity).toBeGreaterThan(0.8);
    expect(result.candidates).toBeGreaterThanOrEqual(1);
  });

  it('ignores near-duplicates from the same sender', () => {
    const index = createTemplateIndex({ ownerNames: ['Halla'] });
    index.observe(stored(pitch('inboxly', 'jake'), { email: 'jake@inboxly.co' }));
    expect(index.lookup(stored(pitch('inboxly', 'jake', 1), { email: 'jake@inboxly.co' })).matches).toEqual([]);
  });

  it('keys senders without an e-mail by IP', () => {
    const index = createTemplateIndex({ ownerNames: ['Halla'] });
    index.observe(stored(pitch('inboxly', 'jake'), { email: '', ip: '192.0.2.1' }));
    expect(index.lookup(stored(pitch('inboxly', 'jake', 1), { email: '', ip: '192.0.2.1' })).matches).toEqual([]);
    expect(index.lookup(stored(pitch('inboxly', 'jake', 1), { email: '', ip: '192.0.2.2' })).matches[0]?.sender).toBe('ip:192.0.2.1');
  });

  it('never matches short texts, however identical', () => {
    const index = createTemplateIndex();
    index.observe(stored('great post, thanks for sharing!'));
    expect(index.lookup(stored('great post, thanks for sharing!'))).toEqual({ matches: [], candidates: 0 });
    expect(index.size()).toBe(0);
  });

  it('does not match unrelated genuine comments', () => {
    const index = createTemplateIndex({ ownerNames: ['Halla'] });
    for (const text of GENUINE) index.observe(stored(text));
    index.observe(stored(pitch('inboxly', 'jake')));
    for (const text of GENUINE) expect(index.lookup(stored(`${text} thank you!`)).matches.map((m) => m.similarity).filter((s) => s < 0.95)).toEqual([]);
    expect(index.clusters()).toEqual([]);
  });

  it('forms a cluster once two different senders sent the template, and grows it', () => {
    const index = createTemplateIndex({ ownerNames: ['Halla'] });
    const a = stored(pitch('inboxly', 'jake'), { email: 'jake@inboxly.co' }, '2026-11-12T10:00:00.000Z');
    const a2 = stored(pitch('inboxly', 'jake', 2), { email: 'jake@inboxly.co' }, '2026-11-12T11:00:00.000Z');
    index.observe(a);
    index.observe(a2);
    expect(index.clusters()).toEqual([]);
    const b = stored(pitch('feedforge', 'priya', 1), { email: 'priya@feedforge.io' }, '2026-11-13T09:00:00.000Z');
    index.observe(b);
    const [cluster] = index.clusters();
    expect(cluster).toMatchObject({
      id: `tpl-${a.id}`, senders: ['jake@inboxly.co', 'priya@feedforge.io'], firstSeen: a.receivedAt, lastSeen: b.receivedAt,
    });
    expect(cluster!.members.sort()).toEqual([a.id, a2.id, b.id].sort());
    expect(cluster!.representative).toContain('<name>');
    expect(cluster!.sample).toContain('feedforge');
    const c = stored(pitch('draftwise', 'tom', 2), { email: 'tom@draftwise.app' }, '2026-11-14T09:00:00.000Z');
    expect(index.lookup(c).cluster?.id).toBe(cluster!.id);
    index.observe(c);
    expect(index.getCluster(cluster!.id)!.senders).toHaveLength(3);
    expect(index.clusterIdOf(c.id)).toBe(cluster!.id);
  });

  it('passes a pitch decision to the other members and to later lookups', () => {
    const index = createTemplateIndex({ ownerNames: ['Halla'] });
    const members = ['inboxly', 'feedforge', 'draftwise'].map((company, i) => stored(pitch(company, `person ${i}`, i)));
    for (const m of members) index.observe(m);
    const inherited = index.learn(members[1]!, 'pitch');
    expect((inherited as string[]).sort()).toEqual([members[0]!.id, members[2]!.id].sort());
    expect(index.lookup(stored(pitch('hostnest', 'marco'))).cluster?.decision).toBe('pitch');
  });

  it('records approve and not-spam as an approve decision without passing it on', () => {
    const index = createTemplateIndex({ ownerNames: ['Halla'] });
    const members = ['inboxly', 'feedforge'].map((company, i) => stored(pitch(company, `person ${i}`, i)));
    for (const m of members) index.observe(m);
    expect(index.learn(members[0]!, 'not-spam')).toEqual([]);
    expect(index.clusters()[0]!.decision).toBe('approve');
    expect(index.learn(members[0]!, 'pending')).toEqual([]);
    expect(index.clusters()[0]!.decision).toBe('approve');
  });

  it('remembers a decision on a lone message for the campaign that forms around it', () => {
    const index = createTemplateIndex({ ownerNames: ['Halla'] });
    const lone = stored(pitch('inboxly', 'jake'));
    index.observe(lone);
    expect(index.learn(lone, 'spam')).toEqual([]);
    expect(index.clusters()).toEqual([]);
    const next = stored(pitch('feedforge', 'priya', 1));
    expect(index.lookup(next).cluster?.decision).toBe('spam');
    index.observe(next);
    expect(index.clusters()[0]).toMatchObject({ decision: 'spam', members: [lone.id, next.id] });
  });

  it('sets a decision on a whole campaign and returns its members', () => {
    const index = createTemplateIndex({ ownerNames: ['Halla'] });
    const members = ['inboxly', 'feedforge'].map((company, i) => stored(pitch(company, `person ${i}`, i)));
    for (const m of members) index.observe(m);
    const id = index.clusters()[0]!.id;
    expect(index.setClusterDecision(id, 'spam').sort()).toEqual(members.map((m) => m.id).sort());
    expect(index.getCluster(id)!.decision).toBe('spam');
    index.setClusterDecision(id, undefined);
    expect(index.getCluster(id)!.decision).toBeUndefined();
    expect(index.setClusterDecision('tpl-missing', 'spam')).toEqual([]);
  });

  it('forgets a member: no longer matched, senders recomputed, empty clusters dropped', () => {
    const index = createTemplateIndex({ ownerNames: ['Halla'] });
    const [a, b] = ['inboxly', 'feedforge'].map((company, i) => stored(pitch(company, `person ${i}`, i)));
    index.observe(a!);
    index.observe(b!);
    const id = index.clusters()[0]!.id;
    index.forget(b!.id);
    expect(index.getCluster(id)).toMatchObject({ members: [a!.id], senders: [a!.author.email] });
    expect(index.clusters()).toEqual([]);
    expect(index.lookup(stored(pitch('hostnest', 'marco'))).matches.map((m) => m.submissionId)).toEqual([a!.id]);
    index.forget(a!.id);
    expect(index.getCluster(id)).toBeUndefined();
    expect(index.size()).toBe(0);
  });

  it('survives toJSON and load with matches, clusters and decisions intact', () => {
    const index = createTemplateIndex({ ownerNames: ['Halla'] });
    for (const text of GENUINE) index.observe(stored(text));
    const members = ['inboxly', 'feedforge', 'draftwise'].map((company, i) => stored(pitch(company, `person ${i}`, i)));
    for (const m of members) index.observe(m);
    index.learn(members[0]!, 'pitch');
    const saved = JSON.parse(JSON.stringify(index.toJSON()));

    const restored = createTemplateIndex({ ownerNames: ['Halla'] });
    restored.load(saved);
    expect(restored.size()).toBe(index.size());
    expect(restored.clusters()).toEqual(index.clusters());
    const probe = stored(pitch('hostnest', 'marco'));
    expect(restored.lookup(probe)).toEqual(index.lookup(probe));
    expect(restored.toJSON()).toEqual(index.toJSON());
  });

  it('persists odd ids and the state after forgetting', () => {
    const index = createTemplateIndex({ ownerNames: ['Halla'] });
    const odd = makeStored({ ...stored(pitch('inboxly', 'jake')), id: 'odd\tid\nwith breaks' });
    const [b, c] = ['feedforge', 'draftwise'].map((company, i) => stored(pitch(company, `person ${i}`, i + 1)));
    for (const s of [odd, b!, c!]) index.observe(s);
    index.forget(c!.id);
    const restored = createTemplateIndex({ ownerNames: ['Halla'] });
    restored.load(JSON.parse(JSON.stringify(index.toJSON())));
    expect(restored.size()).toBe(2);
    expect(restored.clusters()[0]!.members.sort()).toEqual([odd.id, b!.id].sort());
    expect(restored.lookup(stored(pitch('hostnest', 'marco'))).matches.map((m) => m.submissionId).sort()).toEqual([odd.id, b!.id].sort());
  });

  it('keeps its saved state bounded: recent lone texts, a few texts per campaign, every member id', () => {
    const index = createTemplateIndex({ ownerNames: ['Halla'], persistRecent: 2, persistPerCluster: 1 });
    const campaign = ['inboxly', 'feedforge', 'draftwise', 'hostnest'].map((company, i) => stored(pitch(company, `person ${i}`, i)));
    for (const m of campaign) index.observe(m);
    for (const text of GENUINE) index.observe(stored(text));
    index.learn(campaign[0]!, 'pitch');
    const saved = index.toJSON() as { entries: unknown[]; clusters: { members: unknown[] }[] };
    expect(saved.entries).toHaveLength(3);
    expect(saved.clusters[0]!.members).toHaveLength(4);

    const restored = createTemplateIndex({ ownerNames: ['Halla'] });
    restored.load(JSON.parse(JSON.stringify(saved)));
    const [cluster] = restored.clusters();
    expect(cluster).toMatchObject({ decision: 'pitch', members: campaign.map((m) => m.id) });
    expect(cluster!.senders).toHaveLength(4);
    expect(restored.clusterIdOf(campaign[0]!.id)).toBe(cluster!.id);
    expect(restored.lookup(stored(pitch('typecraft', 'lena', 1))).cluster?.id).toBe(cluster!.id);
    restored.forget(campaign[0]!.id);
    expect(restored.getCluster(cluster!.id)!.senders).toHaveLength(3);
  });

  it('keeps its state as rows: a save hands over only the rows that changed, and the rows restore it', () => {
    const index = createTemplateIndex({ ownerNames: ['Halla'], persistRecent: 2, persistPerCluster: 2 });
    const rows: Record<string, unknown> = {};
    const save = () => {
      const changes = index.takeRows();
      for (const [field, row] of Object.entries(changes)) {
        if (row === undefined) delete rows[field];
        else rows[field] = JSON.parse(JSON.stringify(row));
      }
      return changes;
    };
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 12, 10, minute)).toISOString();
    const lone = GENUINE.map((text, i) => stored(text, {}, at(i)));
    for (const s of lone) index.observe(s);
    save();
    // Only the two most recent lone texts are kept.
    expect(Object.keys(rows).sort()).toEqual([`e:${lone[2]!.id}`, `e:${lone[3]!.id}`]);
    const campaign = ['inboxly', 'feedforge', 'draftwise'].map((company, i) => stored(pitch(company, `person ${i}`, i), {}, at(10 + i)));
    for (const s of campaign) index.observe(s);
    index.learn(campaign[0]!, 'pitch');
    save();
    const clusterId = index.clusters()[0]!.id;
    expect(rows[`c:${clusterId}`]).toEqual([expect.any(String), expect.any(String), 'pitch']);
    expect(campaign.map((s) => rows[`m:${s.id}`])).toEqual(campaign.map((s, i) => [clusterId, s.author.email, Date.parse(at(10 + i))]));
    // Two texts per campaign: the newest two members. (The campaign's first copy arrived alone and pushed the
    // oldest lone text out of the two kept; it is not taken back when that copy joins a campaign.)
    expect(Object.keys(rows).filter((f) => f.startsWith('e:')).sort()).toEqual([lone[3], campaign[1], campaign[2]].map((s) => `e:${s!.id}`).sort());

    // One more member: its membership, its text, and the text it displaces; nothing else.
    const fourth = stored(pitch('hostnest', 'marco', 1), {}, at(20));
    index.observe(fourth);
    expect(save()).toEqual({ [`m:${fourth.id}`]: expect.any(Array), [`e:${fourth.id}`]: expect.any(Array), [`e:${campaign[1]!.id}`]: undefined });
    expect(save()).toEqual({});

    const restored = createTemplateIndex({ ownerNames: ['Halla'], persistRecent: 2, persistPerCluster: 2 });
    restored.loadRows(rows);
    expect(restored.clusters()).toEqual(index.clusters());
    expect(restored.takeRows()).toEqual({});
    const probe = stored(pitch('typecraft', 'lena', 2), {}, at(30));
    expect(restored.lookup(probe).cluster?.id).toBe(clusterId);
    expect(restored.lookup(probe).matches.map((m) => m.submissionId).sort()).toEqual([campaign[2]!.id, fourth.id].sort());

    // Forgetting deletes its rows; the campaign keeps the next newest text.
    restored.forget(fourth.id);
    const changes = restored.takeRows();
    expect(changes).toMatchObject({ [`c:${clusterId}`]: expect.any(Array) });
    expect(Object.entries(changes).filter(([, row]) => row === undefined).map(([f]) => f).sort()).toEqual([`e:${fourth.id}`, `m:${fourth.id}`].sort());
    // Every row at once, for a full rewrite, matches what a save-by-save copy holds.
    expect(Object.keys(index.takeRows(true)).sort()).toEqual(Object.keys(rows).sort());
  });

  it('starts empty from undefined or unknown state', () => {
    const index = createTemplateIndex();
    index.load(undefined);
    index.load({ v: 99 });
    expect(index.size()).toBe(0);
    expect(index.toJSON()).toEqual({ v: 3, senders: [], entries: [], clusters: [] });
  });

  it('verifies only a bounded number of candidates, never the whole store', () => {
    let comparisons = 0;
    const index = createTemplateIndex({
      ownerNames: ['Halla'], maxCandidates: 8, metric: (a, b) => { comparisons++; return diceSimilarity(a, b); },
    });
    for (let i = 0; i < 1500; i++) {
      index.observe(stored(`${GENUINE[i % GENUINE.length]} reader ${i} says entry ${i} word w${i} and w${i * 7} plus w${i * 13}.`));
    }
    comparisons = 0;
    index.lookup(stored(`${GENUINE[0]} another reader adds one more thought about it.`));
    expect(comparisons).toBeLessThanOrEqual(8);
  });

  it('builds the same state from the same input (seeded hashing)', () => {
    const build = () => {
      counter = 1000;
      const index = createTemplateIndex({ ownerNames: ['Halla'] });
      for (const company of ['inboxly', 'feedforge', 'draftwise']) index.observe(stored(pitch(company, 'someone')));
      return index.toJSON();
    };
    expect(build()).toEqual(build());
  });

  it('rejects unknown or out-of-range options with a stable code', () => {
    expect(() => createTemplateIndex({ threshhold: 0.5 } as never)).toThrow(/Did you mean `threshold`/);
    try {
      createTemplateIndex({ threshold: 2 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DoorkeepError);
      expect((error as DoorkeepError).code).toBe('ERR_DK_OPTIONS');
    }
  });

  it('masks the post title when told how to find it', () => {
    const titles: Record<string, string> = { p1: 'RSS never left', p2: 'The writing habit that finally stuck' };
    const index = createTemplateIndex({ ownerNames: ['Halla'], postTitle: (id) => titles[id] });
    const body = 'i loved your article, it was really great. we publish guides for bloggers and would love to collaborate on a guest post with a link back to your site.';
    const a = makeStored({ ...stored(`hey halla, about "rss never left": ${body}`), postId: 'p1' });
    index.observe(a);
    const b = makeStored({ ...stored(`hey halla, about "the writing habit that finally stuck": ${body}`), postId: 'p2' });
    expect(index.lookup(b).matches[0]?.similarity).toBe(1);
  });
});

describe('the length pre-filter', () => {
  it('is a true upper bound of the Dice similarity', async () => {
    const { comparedLength, diceUpperBound } = await import('../plugin/knowledge/similarity-metric.js');
    const texts = ['a b', 'abc', 'hello there world', 'hello world', 'the writing habit that stuck', 'x', 'aaaa aaaa', 'aa', ...GENUINE];
    for (const a of texts) {
      for (const b of texts) expect(diceSimilarity(a, b)).toBeLessThanOrEqual(diceUpperBound(comparedLength(a), comparedLength(b)) + 1e-12);
    }
  });
});

describe('the similarity metric', () => {
  it('computes exactly what string-similarity computes', async () => {
    const { referenceDice } = await import('./support/reference-dice.js');
    const { pitchInstances, GENUINE: READERS } = await import('./fixtures/pitches.js');
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const alphabet = 'ab cd\tef\ngh éü 💬 <name> \u00a0\u2003\u3000\ufeff';
    const randomText = (max: number) => Array.from({ length: Math.floor(random() * max) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    const texts = [
      '', 'a', 'ab', 'a b', 'aa aa', ...GENUINE,
      ...pitchInstances().slice(0, 14).map((p) => p.input.content), ...READERS.slice(0, 6).map((g) => g.input.content),
      ...Array.from({ length: 40 }, () => randomText(120)), randomText(5000), randomText(5000),
    ];
    for (const a of texts) for (const b of texts) expect(diceSimilarity(a, b)).toBe(referenceDice(a, b));
  });
});

describe('shingles read in place', () => {
  it('hash exactly the word trigrams that splitting the text gives (repeats aside)', () => {
    const texts = [
      ...pitchInstances().map((p) => maskPersonalisation(String(p.input.content).toLowerCase(), { ownerNames: OWNER_NAMES })),
      "'' ' a'b 'c d' e f g'' h", 'a a a a a a a', 'x', '', 'un deux trois quatre', '日本語 テキスト 𝐁old words here now',
      Array.from({ length: 450 }, (_, i) => `w${i % 7}`).join(' '),
    ];
    for (const text of texts) {
      const exact = shingleHashes(wordTokens(text), 400);
      const { hashes, count } = textShingles(text, 400);
      expect(new Set(Array.from(hashes.subarray(0, count)))).toEqual(new Set(exact));
    }
  });
});
