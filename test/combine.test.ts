import { describe, expect, it } from 'vitest';
import { combine } from '../plugin/pipeline/combine.js';
import type { Signal } from '../plugin/types.js';

const T = { pending: 1, pitch: 1.5, spam: 3, discard: 8 };
const sig = (score: number, extra: Partial<Signal> = {}): Signal => ({ filter: 'f', score, reason: `score ${score}`, ...extra });

describe('combining signals into a status', () => {
  it('approves when nothing reaches the pending threshold', () => {
    expect(combine([sig(0.5), sig(-1)], T)).toMatchObject({ status: 'approved', score: -0.5 });
  });
  it('holds for review between pending and spam', () => {
    expect(combine([sig(1.2)], T).status).toBe('pending');
  });
  it('calls it spam at the spam threshold and discards blatant spam', () => {
    expect(combine([sig(2), sig(1.5)], T).status).toBe('spam');
    expect(combine([sig(5), sig(4)], T).status).toBe('discard');
  });
  it('sends outreach without other spam signals to the pitch inbox, however strong', () => {
    expect(combine([sig(2, { kind: 'pitch' }), sig(2.5, { kind: 'pitch' })], T).status).toBe('pitch');
  });
  it('keeps spam as spam when outreach language comes with spam signals', () => {
    expect(combine([sig(2, { kind: 'pitch' }), sig(3.5, { kind: 'spam' })], T).status).toBe('spam');
  });
  it('lets a trusted sender’s negative score outweigh a mild pitch signal', () => {
    expect(combine([sig(1.6, { kind: 'pitch' }), sig(-2, { kind: 'trust' })], T).status).toBe('approved');
  });
  it('honours forced outcomes: hold, spam and discard', () => {
    expect(combine([sig(0, { force: 'hold' })], T).status).toBe('pending');
    expect(combine([sig(0.1, { force: 'spam' })], T).status).toBe('spam');
    expect(combine([sig(0.1, { force: 'discard' })], T).status).toBe('discard');
  });
  it('lists the reasons that decided, strongest first', () => {
    const result = combine([sig(1, { reason: 'small' }), sig(3, { reason: 'big' }), sig(-0.5, { reason: 'trust' })], T);
    expect(result.reasons).toEqual(['big', 'small']);
  });
  it('says so when nothing raised a concern', () => {
    expect(combine([], T).reasons).toEqual(['No check raised a concern.']);
  });
});
