import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDoorkeep } from '../plugin/doorkeep.js';
import { createClassifierFilter } from '../plugin/filters/classifier.js';
import { createClassifier } from '../plugin/knowledge/naive-bayes.js';
import { createPrior, isPriorFile, PRIOR_FILE, shippedPrior } from '../plugin/knowledge/prior.js';
import { normalizeSubmission } from '../plugin/normalize/submission.js';
import { createMemoryStore } from '../plugin/store/memory-store.js';
import type { Signal } from '../plugin/types.js';
import { type DataSet, FIXTURES_FILE, fixtureLines, loadFixtures } from '../scripts/datasets.js';
import { trainPrior } from '../scripts/train-prior.js';
import { makeContext } from './support/factories.js';

const read = (content: string, url = '') => normalizeSubmission({ type: 'comment', content, author: { url } }, 'x', '2026-01-01T00:00:00Z');

describe('the prior that ships with Doorkeep', () => {
  const file: unknown = JSON.parse(readFileSync(PRIOR_FILE, 'utf8'));

  it('is a compact file that records exactly which data went in, with attribution', () => {
    expect(statSync(PRIOR_FILE).size).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(isPriorFile(file)).toBe(true);
    if (!isPriorFile(file)) return;
    expect(file.manifest.sources.map((s) => s.name)).toEqual(['youtube', 'sms', 'fixtures']);
    for (const source of file.manifest.sources) {
      expect(source.attribution).not.toBe('');
      expect(source.licence).not.toBe('');
      expect(source.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(file.manifest.sources.find((s) => s.name === 'youtube')!.attribution).toContain('Alberto');
    expect(file.manifest.sources.find((s) => s.name === 'sms')!.attribution).toContain('Almeida');
    expect(file.manifest.calibrationLogLoss.calibrated).toBeLessThanOrEqual(file.manifest.calibrationLogLoss.raw);
  });

  it('learned from the fixtures on disk, which the seed reproduces exactly', () => {
    expect(readFileSync(FIXTURES_FILE, 'utf8')).toBe(fixtureLines());
    if (!isPriorFile(file)) return;
    expect(file.manifest.sources.find((s) => s.name === 'fixtures')!.sha256).toBe(loadFixtures().sha256);
  });

  const classifier = createClassifier(undefined, shippedPrior());

  it('has no opinion on text in a language it was not trained on', () => {
    for (const text of [
      'Kiitos hienosta kirjoituksesta, leivoin juuri samanlaisen leivän viikonloppuna.',
      'Ευχαριστώ πολύ για το άρθρο, το προζύμι μου επιτέλους φούσκωσε.',
      '글 잘 읽었습니다. 저도 사워도우를 만들어 보고 싶어요.',
    ]) {
      expect(classifier.classify(read(text))).toMatchObject({ probability: 0.5, known: 0 });
    }
  });

  it('does not hold an Icelandic reader, and leans on content, not alphabet, for Russian', () => {
    const filter = createClassifierFilter(undefined, { secret: 's' });
    const check = (content: string) => filter.check(read(content), makeContext({ knowledge: { classifier } })) as Signal | null;
    const icelandic = check('Takk fyrir frábæra færslu, ég keyrði hringveginn í fyrra og lenti í sama veðri við Mývatn.');
    expect(icelandic === null || icelandic.score < 1).toBe(true);
    const russianReader = check('Спасибо за статью, у меня закваска тоже плохо поднималась зимой.');
    expect(russianReader === null || russianReader.score < 1).toBe(true);
    const russianShop = check('Купить дешевые кредиты без отказа, займ на карту за 5 минут http://zaim-bystro.ru');
    expect(russianShop!.score).toBeGreaterThanOrEqual(1);
  });

  it('on a new site, holds ordinary spam but never makes it spam on its own', () => {
    const filter = createClassifierFilter(undefined, { secret: 's' });
    const signal = filter.check(read('buy cheap viagra online without prescription, discreet shipping https://pills-now.example.xyz'), makeContext({ knowledge: { classifier } })) as Signal;
    expect(signal.score).toBeGreaterThanOrEqual(1);
    expect(signal.score).toBeLessThan(3);
    expect(signal.reason).toContain("no decisions on this site yet");
  });

  it('gives way to the site\'s own decisions as they accumulate', () => {
    const set = (comments: [string, boolean][]): DataSet => ({
      name: 'fixtures', title: 't', path: 'p', attribution: 'a', licence: 'l', sha256: '0',
      collection: { posts: [], comments: comments.map(([content, spam], i) => ({ id: `t${i}`, author: '', date: '', content, spam, postId: null, index: i })) },
    });
    const spammy = ['subscribe to my newsletter for deals', 'subscribe now and win a prize', 'subscribe today for free coupons', 'please subscribe for daily offers'];
    const plain = ['the bread came out well', 'my starter is finally bubbly', 'thanks for the recipe', 'the crust was perfect this time'];
    const examples: [string, boolean][] = [];
    for (let i = 0; i < 40; i++) {
      examples.push([`${spammy[i % 4]} ${i}`, true], [`${plain[i % 4]} ${i}`, false]);
    }
    const prior = createPrior(trainPrior([set(examples)], 1));
    const site = createClassifier(undefined, prior);
    const newsletter = (i: number) => read(`how do I subscribe to your newsletter about bread, number ${i}?`);
    const before = site.classify(newsletter(0)).probability;
    for (let i = 0; i < 80; i++) {
      site.train(newsletter(i), false);
      site.train(read(`win money fast casino bonus ${i}`), true);
    }
    expect(before).toBeGreaterThan(0.5);
    expect(site.classify(newsletter(999)).probability).toBeLessThan(0.2);
  });

  it('can be replaced or turned off, and a malformed one is refused at creation', async () => {
    await expect(createDoorkeep({ store: createMemoryStore(), site: { name: 'B', url: 'https://b.example' }, prior: { v: 1 } as never }))
      .rejects.toThrow(/prior.*train-prior/);
    const dk = await createDoorkeep({ store: createMemoryStore(), site: { name: 'B', url: 'https://b.example' }, prior: false, retentionIntervalMs: false });
    const { verdict } = await dk.moderate({ type: 'comment', postId: 'p', content: 'buy cheap viagra online without prescription' });
    expect(verdict.signals.some((s) => s.filter === 'classifier')).toBe(false);
    await dk.close();
  });
});
