import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Doorkeep, ModerationResult } from '../plugin/api.js';
import { createDoorkeep } from '../plugin/doorkeep.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import { loadPosts } from '../demo-site/posts.js';
import { GENUINE, OWNER_NAMES, pitchInstances, POSTS, templateBases, type GenuineMessage, type PitchInstance } from './fixtures/pitches.js';

const TEMPLATE_REASON = /^Matches a template (you marked as \w+, )?sent by \d+ other senders? since \d+ \w{3} \(closest 0\.\d\d similar\)\.$/;

function changedShare(base: string, variant: string): number {
  const a = base.split(/\s+/);
  const b = variant.split(/\s+/);
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(row[j]!, row[j - 1]!);
      diagonal = above;
    }
  }
  return 1 - row[b.length]! / a.length;
}

type Item = { kind: 'pitch'; pitch: PitchInstance } | { kind: 'genuine'; genuine: GenuineMessage };

function byArrival(): Item[] {
  const items: Item[] = [
    ...pitchInstances().map((pitch) => ({ kind: 'pitch' as const, pitch })),
    ...GENUINE.map((genuine) => ({ kind: 'genuine' as const, genuine })),
  ];
  const at = (item: Item) => (item.kind === 'pitch' ? item.pitch.input.receivedAt! : item.genuine.input.receivedAt!);
  return items.sort((a, b) => at(a).localeCompare(at(b)));
}

async function makeDoorkeep(now: { value: Date }): Promise<Doorkeep> {
  const posts = loadPosts(join(import.meta.dirname, '..', 'demo-site', 'posts'));
  return createDoorkeep({
    store: createMemoryStore(),
    site: { name: "Halla's notes", url: 'https://halla.example', ownerNames: OWNER_NAMES },
    getPost: (id) => posts.find((p) => p.id === id),
    listPosts: () => posts,
    secret: 'pitch-fixtures-secret',
    clock: { now: () => now.value },
    retentionIntervalMs: false,
  });
}

describe('pitch fixtures', () => {
  it('hold at least 6 templates of 5 instances, over comments and contact forms, from distinct senders', () => {
    const instances = pitchInstances();
    const templates = new Set(instances.map((p) => p.template));
    expect(templates.size).toBeGreaterThanOrEqual(6);
    for (const t of templates) expect(instances.filter((p) => p.template === t)).toHaveLength(5);
    expect(new Set(instances.map((p) => p.input.type))).toEqual(new Set(['comment', 'contact-form']));
    expect(new Set(instances.map((p) => p.input.author!.email)).size).toBe(instances.length);
    expect(instances.every((p) => !p.input.content.includes('{'))).toBe(true);
  });

  it('change 10–25% of each template’s wording besides the personalisation', () => {
    const bases = templateBases();
    for (const p of pitchInstances()) {
      const share = changedShare(bases[p.template]!, p.wording);
      expect(share, `${p.template} #${p.index}`).toBeGreaterThanOrEqual(0.1);
      expect(share, `${p.template} #${p.index}`).toBeLessThanOrEqual(0.25);
    }
  });

  it('comment on the demo blog’s real posts', () => {
    const ids = new Set(loadPosts(join(import.meta.dirname, '..', 'demo-site', 'posts')).map((p) => p.id));
    for (const post of Object.values(POSTS)) expect(ids.has(post.id), post.id).toBe(true);
  });
});

describe('templated pitches through moderate()', () => {
  const now = { value: new Date('2026-11-02T08:00:00Z') };
  let doorkeep: Doorkeep;
  const results = new Map<string, ModerationResult>();

  beforeAll(async () => {
    doorkeep = await makeDoorkeep(now);
    for (const item of byArrival()) {
      const input = item.kind === 'pitch' ? item.pitch.input : item.genuine.input;
      now.value = new Date(input.receivedAt!);
      results.set(input.id!, await doorkeep.moderate(input));
    }
  });
  afterAll(() => doorkeep?.close());

  it('files every instance from the 3rd on as pitch or spam, with the template reason', () => {
    const failures: string[] = [];
    for (const p of pitchInstances().filter((i) => i.index >= 3)) {
      const { verdict } = results.get(p.input.id!)!;
      const ok = (verdict.status === 'pitch' || verdict.status === 'spam') && verdict.reasons.some((r) => TEMPLATE_REASON.test(r));
      if (!ok) failures.push(`${p.input.id}: ${verdict.status} (${verdict.reasons.join(' | ')})`);
    }
    expect(failures).toEqual([]);
  });

  it('counts the senders of the campaign in the reason', () => {
    const fifth = results.get('guest-post-5')!.verdict.reasons.find((r) => TEMPLATE_REASON.test(r));
    expect(fifth).toMatch(/^Matches a template sent by 4 other senders since 2 Nov/);
  });

  it('never calls a genuine message spam', () => {
    const spam = GENUINE.filter((g) => results.get(g.input.id!)!.verdict.status === 'spam')
      .map((g) => `${g.note}: ${results.get(g.input.id!)!.verdict.reasons.join(' | ')}`);
    expect(spam).toEqual([]);
  });

  it('never gives a genuine message the template reason', () => {
    const matched = GENUINE.filter((g) => results.get(g.input.id!)!.verdict.signals.some((s) => s.filter === 'similarity'));
    expect(matched.map((g) => g.note)).toEqual([]);
  });

  it('groups each template into one campaign the admin can see', () => {
    const clusters = doorkeep.templates().clusters();
    const bases = Object.keys(templateBases());
    expect(clusters).toHaveLength(bases.length);
    for (const cluster of clusters) {
      const templates = new Set(cluster.members.map((id) => id.replace(/-\d+$/, '')));
      expect(templates.size).toBe(1);
      expect(cluster.senders).toHaveLength(5);
    }
  });
});

describe('a moderator decision on one member of a campaign', () => {
  it('is inherited by the earlier members and by the next instance', async () => {
    const now = { value: new Date('2026-11-02T08:00:00Z') };
    const doorkeep = await makeDoorkeep(now);
    try {
      const instances = pitchInstances().filter((p) => p.template === 'link-insertion');
      for (const p of instances.slice(0, 2)) {
        now.value = new Date(p.input.receivedAt!);
        await doorkeep.moderate(p.input);
      }
      const decided = await doorkeep.decide(instances[1]!.input.id!, 'spam', 'halla');
      expect(decided.inherited).toEqual([instances[0]!.input.id]);
      expect((await doorkeep.store.get(instances[0]!.input.id!))!.status).toBe('spam');
      now.value = new Date(instances[2]!.input.receivedAt!);
      const { verdict } = await doorkeep.moderate(instances[2]!.input);
      expect(verdict.status, verdict.reasons.join(' | ')).toBe('spam');
      expect(verdict.reasons.join(' | ')).toMatch(/Matches a template you marked as spam, sent by 2 other senders since 2 Nov \(closest 0\.\d\d similar\)\./);
    } finally {
      await doorkeep.close();
    }
  });
});
