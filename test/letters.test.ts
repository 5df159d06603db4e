import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLetterModel, LETTER_FILE, shippedLetters, type LetterFile } from '../plugin/knowledge/letters.js';
import { trainLetters } from '../scripts/train-letters.js';

describe('the shipped letter model (npm run train-letters)', () => {
  const shipped = JSON.parse(readFileSync(LETTER_FILE, 'utf8')) as LetterFile;

  it('records the 27 word lists it learned from, with their licences and digests, and stores no words', () => {
    expect(shipped.manifest.sources).toHaveLength(27);
    for (const s of shipped.manifest.sources) {
      expect(s.name).toMatch(/^dictionary-[a-z]{2}@\d/);
      expect(s.licence).not.toBe('');
      expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(s.words).toBeGreaterThan(1000);
    }
    expect(readFileSync(LETTER_FILE).length).toBeLessThan(64 * 1024);
    expect(JSON.stringify(shipped)).not.toMatch(/"(?:the|und|och|que)"/);
  });

  it('is reproduced exactly by the script (seeded), and real words it never saw score below the filter threshold', () => {
    const again = trainLetters();
    expect(again.table).toBe(shipped.table);
    expect(again.manifest.heldOut).toEqual(shipped.manifest.heldOut);
    expect(shipped.manifest.heldOut.words).toBeGreaterThan(100_000);
    expect(shipped.manifest.heldOut.bitsPerLetter['p99.9']).toBeLessThan(5.3);
  }, 60_000);

  it('costs real words little and keyboard mash much', () => {
    const model = shippedLetters() ?? createLetterModel(shipped);
    for (const word of ['sourdough', 'fermentation', 'kirjoitus', 'chrzaszcz', 'llanfairpwll', 'hafragrautur']) expect(model.bitsPerLetter(word)).toBeLessThan(5.3);
    for (const word of ['vzcbczzxbxcbmm', 'jfjdgaajsdfsg', 'kfghjdjdklgk']) expect(model.bitsPerLetter(word)).toBeGreaterThan(6);
  });
});
