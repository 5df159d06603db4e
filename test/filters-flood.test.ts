import { describe, expect, it } from 'vitest';
import { createFloodFilter } from '../plugin/filters/flood.js';
import type { SenderHistory, Signal } from '../plugin/types.js';
import { makeContext, makeRecent, makeSender, makeSubmission } from './support/factories.js';

const deps = { secret: 's' };
const filter = createFloodFilter(undefined, deps);

function check(recent: SenderHistory['recent'], submission = makeSubmission(), f = filter): Signal[] {
  return [f.check(submission, makeContext({ sender: makeSender({ recent }) })) ?? []].flat();
}

const minutesAgo = (...minutes: number[]) => minutes.map((m) => makeRecent(m));

describe('flood filter', () => {
  it('allows up to max submissions in the window, counting this one', () => {
    expect(check(minutesAgo(1, 2, 3, 4))).toEqual([]);
  });

  it('holds the submission that goes over max in the window', () => {
    const [signal] = check(minutesAgo(1, 2, 3, 4, 5));
    expect(signal).toMatchObject({ filter: 'flood', kind: 'hold', force: 'hold', score: 1, evidence: { ip: 6, email: 6, max: 5 } });
    expect(signal!.reason).toBe('6 submissions from this IP address in 10 minutes (more than 5 are held)');
  });

  it('ignores submissions older than the window', () => {
    expect(check(minutesAgo(1, 2, 3, 11, 12, 30))).toEqual([]);
  });

  it('counts by email when the IP changes', () => {
    const recent = [1, 2, 3, 4, 5].map((m) => makeRecent(m, { ip: `198.51.100.${m}` }));
    const [signal] = check(recent);
    expect(signal!.reason).toContain('from this email address');
    expect(signal!.evidence).toMatchObject({ ip: 1, email: 6 });
  });

  it('matches emails case-insensitively and counts by IP when the email changes', () => {
    const byEmail = [1, 2, 3, 4, 5].map((m) => makeRecent(m, { ip: `198.51.100.${m}`, author: { name: 'A', email: 'ADA@reader.example', url: '' } }));
    expect(check(byEmail)).toHaveLength(1);
    const byIp = [1, 2, 3, 4, 5].map((m) => makeRecent(m, { author: { name: 'A', email: `bot${m}@x.example`, url: '' } }));
    expect(check(byIp)[0]!.evidence).toMatchObject({ ip: 6, email: 1 });
  });

  it('does not let an empty email join unrelated senders', () => {
    const recent = [1, 2, 3, 4, 5].map((m) => makeRecent(m, { ip: `198.51.100.${m}`, author: { name: 'A', email: '', url: '' } }));
    expect(check(recent, makeSubmission({ author: { email: '' } }))).toEqual([]);
  });

  it('does not count the submission itself if the history already holds it', () => {
    expect(check([makeRecent(0, { id: 'sub-1' }), ...minutesAgo(1, 2, 3, 4)])).toEqual([]);
  });

  it('scores a heavy flood higher', () => {
    const recent = Array.from({ length: 16 }, (_, i) => makeRecent(i * 0.5));
    expect(check(recent)[0]!.score).toBe(2);
  });

  it('honours max and windowMinutes', () => {
    const tight = createFloodFilter({ max: 2, windowMinutes: 60 }, deps);
    expect(check(minutesAgo(1), makeSubmission(), tight)).toEqual([]);
    expect(check(minutesAgo(1, 50), makeSubmission(), tight)[0]!.reason).toBe('3 submissions from this IP address in 60 minutes (more than 2 are held)');
  });

  it('rejects bad options at creation', () => {
    expect(() => createFloodFilter({ max: 0 }, deps)).toThrow(/filters\.flood\.max/);
    expect(() => createFloodFilter({ windowMinute: 5 }, deps)).toThrow(/Did you mean `windowMinutes`/);
  });
});
