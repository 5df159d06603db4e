import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Doorkeep } from '../plugin/api.js';
import { makeClock, makeDoorkeep } from './support/doorkeep.js';

const TEMPLATE = (name: string, company: string) =>
  `Hi Halla, I came across your blog and really enjoyed reading it. I work with ${company} and we would love to `
  + 'partner with you on a sponsored article for your readers about our new productivity app. Let me know your rates '
  + `and we can get started this week. Best regards, ${name}`;

describe('template campaigns through moderate() and decide()', () => {
  let dk: Doorkeep;
  const clock = makeClock();
  beforeEach(async () => {
    dk = await makeDoorkeep({ clock });
  });
  afterEach(() => dk.close());

  async function send(i: number, name: string, company: string) {
    clock.advance(60_000);
    return dk.moderate({
      type: 'comment', postId: 'newsletters', ip: `198.51.100.${i}`,
      author: { name, email: `${name.toLowerCase()}@${company.toLowerCase()}.example` }, content: TEMPLATE(name, company),
    });
  }

  it('files every member of a campaign that forms, the earliest included, under its cluster', async () => {
    const first = await send(1, 'Anna', 'Growthly');
    const second = await send(2, 'Boris', 'Scalefast');
    const third = await send(3, 'Chloe', 'Leadmint');
    const ids = [first, second, third].map((r) => r.submission.id);
    const stored = await Promise.all(ids.map((id) => dk.store.get(id)));
    const clusterIds = new Set(stored.map((s) => s!.clusterId));
    expect(clusterIds.size).toBe(1);
    expect([...clusterIds][0]).toBeTruthy();
    expect((await dk.store.query({ clusterId: [...clusterIds][0] })).total).toBe(3);
    expect(third.verdict.reasons.join(' ')).toMatch(/template sent by 2 other senders/);
  });

  it('passes a moderator’s spam decision on to the campaign’s other members, with a note in their history', async () => {
    const first = await send(1, 'Anna', 'Growthly');
    const second = await send(2, 'Boris', 'Scalefast');
    const third = await send(3, 'Chloe', 'Leadmint');
    const result = await dk.decide(third.submission.id, 'spam', 'halla');
    expect(result.inherited.sort()).toEqual([first.submission.id, second.submission.id].sort());
    const earlier = (await dk.store.get(first.submission.id))!;
    expect(earlier.status).toBe('spam');
    expect(earlier.history.at(-1)).toMatchObject({ type: 'status', actor: 'doorkeep', by: 'doorkeep (template campaign)', to: 'spam' });
    const later = await send(4, 'Dmitri', 'Brandboost');
    expect(later.verdict.status).toBe('spam');
  });

  it('never overrides a member a person already decided', async () => {
    const first = await send(1, 'Anna', 'Growthly');
    await send(2, 'Boris', 'Scalefast');
    const third = await send(3, 'Chloe', 'Leadmint');
    await dk.decide(first.submission.id, 'approve', 'halla');
    const result = await dk.decide(third.submission.id, 'pitch', 'halla');
    expect(result.inherited).not.toContain(first.submission.id);
    expect((await dk.store.get(first.submission.id))!.status).toBe('approved');
  });

  it('knows a person by the actor kind, not by the name: a moderator called “doorkeeper” is a person', async () => {
    const first = await send(1, 'Anna', 'Growthly');
    await send(2, 'Boris', 'Scalefast');
    const third = await send(3, 'Chloe', 'Leadmint');
    await dk.decide(first.submission.id, 'approve', 'doorkeeper');
    expect((await dk.store.get(first.submission.id))!.history.at(-1)).toMatchObject({ actor: 'person', by: 'doorkeeper' });
    const result = await dk.decide(third.submission.id, 'spam', 'halla');
    expect(result.inherited).not.toContain(first.submission.id);
    expect((await dk.store.get(first.submission.id))!.status).toBe('approved');
  });
});
