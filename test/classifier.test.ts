import { describe, expect, it } from 'vitest';
import { DoorkeepError } from '../plugin/errors.js';
import { createClassifierFilter } from '../plugin/filters/classifier.js';
import { combine, costThresholds, DEFAULT_COSTS } from '../plugin/pipeline/combine.js';
import { DEFAULT_SETTINGS } from '../plugin/settings.js';
import { featureKey, GRAM, SHAPE, vectorOf, WORD } from '../plugin/knowledge/features.js';
import { createClassifier, featuresOf, labelOf } from '../plugin/knowledge/naive-bayes.js';
import type { ClassifierResult, Decision, Signal } from '../plugin/types.js';
import { makeContext, makeStored, makeSubmission } from './support/factories.js';

const SPAM = [
  'check out my channel and subscribe please',
  'subscribe to my channel for funny videos',
  'please check out my new video and subscribe',
  'hey guys check my channel, like and subscribe',
  'free gift cards, check out my channel now',
  'sub to my channel and i will sub back',
];
const HAM = [
  'this song never gets old, still listening in 2015',
  'the dance in the parking garage is the best part',
  'i love the chorus, it is stuck in my head all day',
  'the horse dance made this video famous',
  'great beat, my kids dance to this every morning',
  'the video is so colourful and the song is catchy',
];

function trained(options?: Parameters<typeof createClassifier>[0]) {
  const classifier = createClassifier(options);
  for (let round = 0; round < 3; round++) {
    SPAM.forEach((text, i) => classifier.learn(makeStored({ id: `spam-${round}-${i}`, text }), 'spam'));
    HAM.forEach((text, i) => classifier.learn(makeStored({ id: `ham-${round}-${i}`, text }), 'approve'));
  }
  return classifier;
}

describe('learning classifier', () => {
  it('says 0.5 with no tokens until it has seen both kinds', () => {
    const classifier = createClassifier();
    expect(classifier.classify(makeSubmission({ text: 'anything' }))).toEqual({ probability: 0.5, trainedOn: 0, topTokens: [] });
    classifier.learn(makeStored({ id: 'a', text: 'subscribe to me' }), 'spam');
    expect(classifier.classify(makeSubmission({ text: 'subscribe' })).probability).toBe(0.5);
  });

  it('maps decisions to labels: spam, pitch and discard are unwanted; approve and not-spam wanted; pending nothing', () => {
    const labels = (['spam', 'pitch', 'discard', 'approve', 'not-spam', 'pending'] as Decision[]).map(labelOf);
    expect(labels).toEqual([1, 1, 1, 0, 0, undefined]);
  });

  it.each(['logistic', 'bayes'] as const)('%s: learns from decisions to tell unseen spam from genuine comments', (model) => {
    const classifier = trained({ model });
    const spam = classifier.classify(makeSubmission({ text: 'please subscribe to my channel guys' }));
    const ham = classifier.classify(makeSubmission({ text: 'the dance in this song is the best' }));
    expect(spam.probability).toBeGreaterThan(0.8);
    expect(ham.probability).toBeLessThan(0.2);
    expect(spam.trainedOn).toBe(36);
  });

  it('explains a verdict by the words that weighed most', () => {
    const result = trained().classify(makeSubmission({ text: 'check out my channel' }));
    const tokens = result.topTokens.map((t) => t.token);
    expect(tokens.slice(0, 4)).toEqual(expect.arrayContaining(['channel']));
    expect(result.topTokens[0]!.weight).toBeGreaterThan(0);
  });

  it('ignores pending and repeated decisions, and moves a reversed one across', () => {
    const classifier = createClassifier({ model: 'bayes' });
    const docs = () => (classifier.toJSON() as { docs: number[] }).docs;
    const stored = makeStored({ id: 'x', text: 'subscribe to my channel' });
    classifier.learn(stored, 'pending');
    expect(docs()).toEqual([0, 0]);
    classifier.learn(stored, 'spam');
    classifier.learn(stored, 'spam');
    expect(docs()).toEqual([0, 1]);
    classifier.learn(stored, 'not-spam');
    expect(docs()).toEqual([1, 0]);
    expect((classifier.toJSON() as { features: Record<string, number[]> }).features.subscribe).toEqual([1, 0]);
  });

  it('tells pitches from spam among the unwanted once it has seen both', () => {
    const classifier = trained();
    expect(classifier.classify(makeSubmission({ text: 'subscribe' })).pitchShare).toBeUndefined();
    const pitches = ['would you accept a guest post on your blog', 'we offer a sponsored guest post with a link', 'guest post collaboration for your readers'];
    pitches.forEach((text, i) => classifier.learn(makeStored({ id: `pitch-${i}`, text }), 'pitch'));
    pitches.forEach((text, i) => classifier.learn(makeStored({ id: `pitch-again-${i}`, text }), 'pitch'));
    const pitch = classifier.classify(makeSubmission({ text: 'a guest post for your blog readers?' }));
    const spam = classifier.classify(makeSubmission({ text: 'subscribe to my channel please' }));
    expect(pitch.pitchShare).toBeGreaterThan(0.5);
    expect(spam.pitchShare).toBeLessThan(0.5);
    const restored = createClassifier();
    restored.load(JSON.parse(JSON.stringify(classifier.toJSON())));
    expect(restored.classify(makeSubmission({ text: 'a guest post for your blog readers?' })).pitchShare).toBeCloseTo(pitch.pitchShare!, 3);
  });

  it('saves compactly and restores to the same predictions', () => {
    const classifier = trained();
    const saved = JSON.parse(JSON.stringify(classifier.toJSON()));
    const restored = createClassifier();
    restored.load(saved);
    const text = makeSubmission({ text: 'subscribe for more videos' });
    expect(restored.classify(text).probability).toBeCloseTo(classifier.classify(text).probability, 3);
    const small = createClassifier({ maxFeatures: 100 });
    small.load(saved);
    expect(Object.keys((small.toJSON() as { features: object }).features)).toHaveLength(100);
  });

  it('starts empty on a first start or from state it does not recognise', () => {
    const classifier = createClassifier();
    classifier.load(undefined);
    classifier.load({ v: 99 });
    expect(classifier.classify(makeSubmission()).trainedOn).toBe(0);
  });

  it('learns nothing from observing submissions', () => {
    const classifier = createClassifier();
    classifier.observe(makeStored({ text: 'subscribe' }));
    expect(classifier.toJSON()).toMatchObject({ docs: [0, 0], features: {} });
  });

  it('adds shape tokens for links and length', () => {
    const features = featuresOf({ text: 'see http://spam.example/x now', links: ['http://www.spam.example/x'] });
    expect(features).toEqual(expect.arrayContaining(['@links:1', '@host:spam.example', '@len:short', 'see now'.split(' ')[0]!]));
  });

  it('hashes exactly the features the strings name, each once, in place', () => {
    const example = {
      text: "check out my channel, check out my channel!! café rock’n’roll it's2 l’été 𝐁old 12 345",
      links: ['https://spam.example/x'], content: '<p class="X">Check out MY channel, café</p>',
    };
    const strings = featuresOf(example);
    const vector = vectorOf(example, 3, 5, true);
    expect(vector.size).toBe(strings.length);
    expect([...vector.text!].sort()).toEqual([...strings].sort());
    vector.text!.forEach((feature, i) => {
      expect(featureKey(feature)).toEqual({ key: vector.keys[i], check: vector.checks[i] });
      expect(vector.kinds[i]).toBe(feature.startsWith('#') ? GRAM : feature.startsWith('@') ? SHAPE : WORD);
    });
    expect(strings).toEqual(expect.arrayContaining(["rock'n'roll", "it's", '2', "l'été", '@long-number', '@caps:few']));
  });

  it('rejects unknown options with a hint', () => {
    expect(() => createClassifier({ modle: 'bayes' } as never)).toThrow(/Did you mean `model`/);
    expect(() => createClassifier({ model: 'svm' as never })).toThrow(DoorkeepError);
  });
});

function knowledgeSaying(result: Partial<ClassifierResult>) {
  return { classifier: { classify: () => ({ probability: 0.5, trainedOn: 120, topTokens: [], ...result }) } };
}

describe('classifier filter', () => {
  const filter = createClassifierFilter(undefined, { secret: 's' });
  const { hold, block } = costThresholds(DEFAULT_COSTS);
  const signal = (result: Partial<ClassifierResult>, settings?: NonNullable<Parameters<typeof makeContext>[0]>['settings']) =>
    filter.check(makeSubmission(), makeContext({ knowledge: knowledgeSaying(result), ...(settings ? { settings } : {}) })) as Signal | null;

  it('derives its thresholds from the stated costs: hold from p = 2/3, block from p = 0.974', () => {
    expect(hold).toBeCloseTo(1 / 1.5, 5);
    expect(block).toBeCloseTo(19 / 19.5, 5);
    // Blocking pays only when the expected cost of a blocked reader is below that of holding.
    const cost = (p: number) => ({ block: (1 - p) * 20, hold: p * 0.5 + (1 - p) * 1, approve: p * 1 });
    expect(cost(block + 0.001).block).toBeLessThan(cost(block + 0.001).hold);
    expect(cost(block - 0.001).block).toBeGreaterThan(cost(block - 0.001).hold);
    expect(cost(hold + 0.001).hold).toBeLessThan(cost(hold + 0.001).approve);
  });

  it('has no opinion on a text it cannot read', () => {
    expect(signal({ probability: 0.5, known: 0 })).toBeNull();
  });

  it('says nothing below the hold threshold', () => {
    expect(signal({ probability: hold - 0.01 })).toBeNull();
  });

  it('weak evidence holds: between the thresholds it scores from pending up to just under spam', () => {
    const low = signal({ probability: hold + 0.001 })!;
    const high = signal({ probability: block - 0.001 })!;
    expect(low.score).toBeCloseTo(1, 1);
    expect(high.score).toBeLessThan(3);
    expect(high.score).toBeGreaterThan(low.score);
    expect(high.reason).toContain('not sure enough to decide alone');
  });

  it('makes something spam alone only when very confident and trained on enough of this site\'s decisions', () => {
    expect(signal({ probability: 0.999, trainedOn: 49 })!.score).toBe(2.85);
    expect(signal({ probability: 0.999, trainedOn: 49 })!.reason).toContain("not trained on enough of this site's decisions (49 of 50)");
    expect(signal({ probability: 0.999, trainedOn: 49 }, { thresholds: { spam: 2 } })!.score).toBe(1.9);
    const decided = signal({ probability: 0.999, trainedOn: 50, topTokens: [{ token: 'subscribe', weight: 0.4 }, { token: 'song', weight: -0.1 }] })!;
    expect(decided.score).toBeGreaterThanOrEqual(3);
    expect(decided.score).toBeLessThanOrEqual(4);
    expect(decided.reason).toBe("Learned from the shipped prior and 50 of this site's decisions: looks like spam (1) — 'subscribe'");
  });

  it('holds a message that merely looks like a pitch: function words cannot file a collaborator as outreach', () => {
    const unsure = signal({ probability: 0.79, pitchShare: 0.9, topTokens: [{ token: 'this', weight: 0.2 }, { token: 'from', weight: 0.2 }, { token: "we're", weight: 0.1 }] })!;
    expect(unsure.kind).toBe('spam');
    expect(unsure.reason).toContain('looks like a pitch (0.79)');
    expect(combine([unsure], DEFAULT_SETTINGS.thresholds).status).toBe('pending');
    expect(signal({ probability: 0.999, pitchShare: 0.8 })!.kind).toBe('pitch');
  });

  it('gives a small negative score when confidently genuine, half as much before it may decide', () => {
    const trust = signal({ probability: 0.01, topTokens: [{ token: 'chorus', weight: -0.5 }] })!;
    expect(trust).toMatchObject({ kind: 'trust', score: -1 });
    expect(trust.reason).toBe("Learned from the shipped prior and 120 of this site's decisions: looks genuine (0.99 likely) — 'chorus'");
    expect(signal({ probability: 0.01, trainedOn: 0 })).toMatchObject({ score: -0.5 });
  });

  it('validates its options once, at creation', () => {
    expect(() => createClassifierFilter({ decideAftr: 5 }, { secret: 's' })).toThrow(/Did you mean `decideAfter`/);
    expect(() => createClassifierFilter({ costHeldSpam: 2 }, { secret: 's' })).toThrow(/0…1/);
  });
});
