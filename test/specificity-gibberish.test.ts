import { afterEach, describe, expect, it } from 'vitest';
import { createGibberishFilter } from '../plugin/filters/gibberish.js';
import { createSpecificityFilter } from '../plugin/filters/specificity.js';
import { normalizeSubmission } from '../plugin/normalize/submission.js';
import type { Post, Signal } from '../plugin/types.js';
import { makeDoorkeep } from './support/doorkeep.js';
import { makeContext } from './support/factories.js';

const deps = { secret: 'test-secret' };
const POST: Post = {
  id: 'post-1',
  title: 'A slow sourdough: the 72-hour cold ferment',
  body: 'Cold fermentation in the fridge for three days gives sourdough a more open crumb and a sour tang. Feed the starter twice, keep the dough at 4 °C, and bake in a preheated Dutch oven.',
  tags: ['baking', 'sourdough', 'bread'],
};

function comment(content: string, url = '', type: 'comment' | 'contact-form' = 'comment') {
  return normalizeSubmission({ type, postId: type === 'comment' ? 'post-1' : null, content, author: { name: 'Sam', email: 'sam@mail.example', url } }, 'sub-n', '2026-03-10T12:00:00.000Z');
}
const run = (filter: ReturnType<typeof createSpecificityFilter>, content: string, url = ''): Signal[] =>
  [filter.check(comment(content, url), makeContext({ post: POST })) ?? []].flat();

describe('specificity: generic text with a link', () => {
  const filter = createSpecificityFilter(undefined, deps);

  it.each([
    ['English praise', 'Great post, very informative! Thanks for sharing.'],
    ['praise with a compliment to the writer', 'Wow, awesome blog! I really enjoyed reading this article, keep up the good work.'],
    ['Spanish praise', 'Muy buen artículo, gracias por compartir esta información.'],
    ['German praise', 'Toller Beitrag, vielen Dank für die Informationen!'],
    ['French praise', 'Merci pour cet article très intéressant, bonne continuation!'],
    ['Russian praise', 'Спасибо за статью, очень полезная информация!'],
    ['a short line of boilerplate', 'This is really helpful.'],
    ['agreement', 'I totally agree with you.'],
    ['a compliment to the blog', 'Wow, awesome blog layout! How long have you been blogging for?'],
    ['praise for finding the site', 'Hi there, I found your site via Google, very useful.'],
  ])('leans spam on %s with a website in the author field', (_what, content) => {
    const [signal] = run(filter, content, 'https://dana-writes.example');
    expect(signal).toMatchObject({ filter: 'specificity', score: 1.5, kind: 'spam' });
    expect(signal!.reason).toMatch(/^Generic text that could sit under any post \(".+"\), with a website in the author field \(dana-writes\.example\)$/);
  });

  it('leans spam a little more with a link in the message as well', () => {
    const [signal] = run(filter, 'Great post, very informative! Thanks for sharing. https://dana-writes.example/bonus', 'https://dana-writes.example');
    expect(signal!.score).toBe(2);
    expect(signal!.reason).toContain('with a link in the message and a website in the author field');
  });

  it.each([
    ['cheap-essays.example', 'cheap'],
    ['bestcasinobonus.example', 'casino'],
    ['jerseys-wholesale.example', 'wholesale'],
    ['www.kazino-reviews.example', 'kazino'],
    ['garden-reviews.example', 'reviews'],
  ])('makes generic praise spam when the website %s is named to sell', (host, word) => {
    const [signal] = run(filter, 'Great post, very informative! Thanks for sharing.', `https://${host}`);
    expect(signal).toMatchObject({ score: 3, evidence: { commercialHost: host.replace(/^www\./, '') } });
    expect(signal!.reason).toContain(`is named to sell ('${word}')`);
  });

  it.each(['kim-blog.example', 'woodworkshop.example', 'frankly.example', 'bestiary-notes.example', 'darwin-garden.example', 'seoul-eats.example', 'cryptography-notes.example'])('does not read %s as a shop window', (host) => {
    expect(run(filter, 'Great post, very informative! Thanks for sharing.', `https://${host}`)[0]).toMatchObject({ score: 1.5 });
  });

  it('says nothing about generic praise without any link', () => {
    expect(run(filter, 'Great post, very informative! Thanks for sharing.')).toEqual([]);
    expect(run(filter, 'Nice!')).toEqual([]);
  });

  it.each([
    ['a reader with a blog who talks about the post', 'I tried the 72-hour cold ferment last week; the crumb was far more open, though my starter needed a third feed.'],
    ['a short specific compliment', 'The Dutch oven tip fixed my flat loaves, thank you!'],
    ['a question', 'Does the cold ferment work with rye flour too?'],
    ['an Icelandic reader', 'Frábær færsla, takk fyrir! Ég prófaði þetta um helgina.'],
    ['a Chinese reader', '写得很好，我周末试了一下，面包的气孔大多了。'],
  ])('leaves %s alone even with a website', (_what, content) => {
    expect(run(filter, content, 'https://reader-blog.example')).toEqual([]);
  });

  it('only reads comments, and can be turned off or tuned', () => {
    expect(filter.types).toEqual(['comment']);
    const tuned = createSpecificityFilter({ authorUrlScore: 0.5 }, deps);
    expect(run(tuned, 'Great post, thanks for sharing!', 'https://x.example')[0]!.score).toBe(0.5);
    expect(() => createSpecificityFilter({ authorScore: 1 }, deps)).toThrow(/filters\.specificity\.authorScore/);
  });
});

describe('gibberish: keyboard mash', () => {
  const filter = createGibberishFilter(undefined, deps);
  const gib = (content: string) => [filter.check(comment(content), makeContext({ post: POST })) ?? []].flat();

  it.each([
    ['a row of keys', 'asdfghjkl qwertyuiop'],
    ['home-row hammering', 'jkhsdkjfhskdjf sdkjfhskjdf'],
    ['a repeated run', 'qweqweqwe asdasdasd'],
  ])('is spam-level for a message that is all mash: %s', (_what, content) => {
    const [signal] = gib(content);
    expect(signal).toMatchObject({ filter: 'gibberish', score: 3, kind: 'spam' });
    expect(signal!.reason).toMatch(/^Keyboard mash: 100% of the letters are in words like/);
  });

  it('says less when mash is only part of the message', () => {
    const [signal] = gib('asdfghjkl qwertyuiop lovely bread and butter');
    expect(signal!.score).toBe(1);
    // Most of the letters, and the text as a whole, read like no language: mash, whatever two words it holds.
    expect(gib('asdfghjkl sdfkjhsdf lovely bread')[0]).toMatchObject({ score: 3 });
    expect(gib('ugh, asdfghjkl, my loaf collapsed again in the oven this morning and I have no idea why it keeps happening')).toEqual([]);
  });

  it.each([
    ['Icelandic', 'Vaðlaheiðarvegavinnuverkfærageymsluskúrslyklakippuhringur er langt orð; frábær færsla og takk fyrir.'],
    ['German compounds', 'Die Geschichtsschreibung der Angstschweißforschung ist Rechtsschutzversicherungsgesellschaften egal.'],
    ['Welsh', 'Llanfairpwllgwyngyll is a village; cwtch and crwth are Welsh words.'],
    ['Polish', 'Chrząszcz brzmi w trzcinie w Szczebrzeszynie.'],
    ['Russian', 'Здравствуйте, отличная статья про закваску, спасибо!'],
    ['Chinese', '这篇关于酸面包的文章写得很好。'],
    ['laughter and interjections', 'hahahaha hmmmmmm grrrrrr shhhhh kkkkkkk lolololol'],
    ['code', 'Use <code>strncpy(dst, src, n); xsltproc --nvmrc sdfsdfsdf</code> instead, it fixed it for me.'],
    ['English with long words', 'Flashlights, rhythms and strengths: Mississippi, Saskatchewan and Haskell programmers.'],
  ])('leaves %s alone', (_what, content) => {
    expect(gib(content)).toEqual([]);
  });
});

describe('gibberish: a short message that is all mash', () => {
  const filter = createGibberishFilter(undefined, deps);
  it('scores six letters of mash and nothing else as fully as a long one', () => {
    const [signal] = [filter.check(comment('asdfgh'), makeContext({ post: POST })) ?? []].flat();
    expect(signal).toMatchObject({ filter: 'gibberish', score: 3 });
  });
  it('still gives a short real word nothing', () => {
    expect([filter.check(comment('Danke!'), makeContext({ post: POST })) ?? []].flat()).toEqual([]);
  });
});

describe('specificity and gibberish through the pipeline', () => {
  let dk: Awaited<ReturnType<typeof makeDoorkeep>> | undefined;
  afterEach(async () => {
    await dk?.close();
    dk = undefined;
  });

  it('holds generic praise with an author website, and publishes the same website with a specific comment', async () => {
    dk = await makeDoorkeep();
    const spam = await dk.moderate({
      type: 'comment', postId: 'rss', ip: '198.51.100.7', content: 'Great post, very informative! Thanks for sharing.',
      author: { name: 'Essay Pro', email: 'seo@essays.example', url: 'https://best-essays.example' },
    });
    expect(spam.verdict.status).not.toBe('approved');
    expect(spam.verdict.reasons.join(' | ')).toContain('Generic text that could sit under any post');
    const reader = await dk.moderate({
      type: 'comment', postId: 'rss', ip: '198.51.100.8',
      content: 'A full-text feed is the reason I still read you; my reader shows partial feeds as a teaser and I skip them.',
      author: { name: 'Kim', email: 'kim@blog.example', url: 'https://kim-blog.example' },
    });
    expect(reader.verdict.status).toBe('approved');
  });

  it('does not approve pure keyboard mash, and a filter set to false is off', async () => {
    dk = await makeDoorkeep();
    const mash = await dk.moderate({ type: 'comment', postId: 'rss', ip: '198.51.100.9', content: 'asdfghjkl jkhsdkjfhskdjf qweqweqwe', author: { name: 'x' } });
    expect(mash.verdict.status).toBe('spam');
    await dk.close();
    dk = await makeDoorkeep({ settings: { filters: { gibberish: false } } });
    const off = await dk.moderate({ type: 'comment', postId: 'rss', ip: '198.51.100.9', content: 'asdfghjkl jkhsdkjfhskdjf qweqweqwe', author: { name: 'x' } });
    expect(off.verdict.signals.find((s) => s.filter === 'gibberish')).toBeUndefined();
  });
});

describe('gibberish: text that reads like no language (the shipped letter model)', () => {
  const filter = createGibberishFilter(undefined, deps);
  const gib = (content: string) => [filter.check(comment(content), makeContext({ post: POST })) ?? []].flat();

  it.each([
    ['mash typed with vowels', 'dakafgfkfdskgl iujojou NNVVVVCBZVMC dda'],
    ['two short bursts', 'ihkpk vnzxzc'],
    ['one row, shouted', 'CZMXNMXVBCB czmxnnnn zzzmcn ;;'],
    ['left hand only', 'deerrwdrsqfe'],
  ])('is spam-level for %s, with the bits a letter as its reason', (_what, content) => {
    const [signal] = gib(content);
    expect(signal).toMatchObject({ filter: 'gibberish', score: 3, kind: 'spam' });
    expect(signal!.reason).toMatch(/that read like no language \(\d+\.\d bits a letter under the letter model/);
    expect((signal!.evidence as { bitsPerLetter: number }).bitsPerLetter).toBeGreaterThanOrEqual(5.3);
  });

  it.each([
    ['Indonesian', 'Terima kasih banyak, artikelnya sangat membantu saya'],
    ['Tagalog', 'Salamat po sa magandang artikulo, napakahusay'],
    ['Swahili', 'Asante sana kwa makala hii nzuri'],
    ['Hinglish', 'bahut accha likha hai bhai, maza aa gaya'],
    ['pinyin', 'xiexie ni, zhe pian wenzhang zhen hao'],
    ['Finnish (no Finnish word list was learned)', 'Kiitos paljon, tämä oli todella hyödyllinen kirjoitus'],
    ['Vietnamese without accents', 'Cam on ban rat nhieu, bai viet hay qua'],
    ['Zulu', 'Ngiyabonga kakhulu ngalesi sihloko'],
    ['romanised Japanese', 'arigatou gozaimasu, totemo omoshiroi kiji deshita'],
    ['chat abbreviations', 'lgtm, thx'],
    ['texting', 'Ok lar... Joking wif u oni... c u l8r, bstfrnd xx'],
    ['a shell command', 'sudo systemctl restart nginx'],
  ])('leaves %s alone', (_what, content) => {
    expect(gib(content)).toEqual([]);
  });

  it('can be set stricter or looser', () => {
    const loose = createGibberishFilter({ bitsPerLetter: 9 }, deps);
    expect([loose.check(comment('ihkpk vnzxzc'), makeContext({ post: POST })) ?? []].flat()).toEqual([]);
  });
});
