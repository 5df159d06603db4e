import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { Doorkeep } from '../plugin/api.js';
import { createFormToken } from '../plugin/form-token.js';
import { createPromotionFilter } from '../plugin/filters/promotion.js';
import { FORM_FIELDS } from '../plugin/hooks/form-fields.js';
import { normalizeSubmission } from '../plugin/normalize/submission.js';
import type { Post, Signal } from '../plugin/types.js';
import { appWith, makeClock, makeDoorkeep } from './support/doorkeep.js';
import { makeContext } from './support/factories.js';

const deps = { secret: 'test-secret' };
const BREAD: Post = { id: 'bread', title: 'A slow sourdough', body: 'Cold fermentation for three days gives sourdough an open crumb. Feed the starter twice and bake in a Dutch oven.' };
const GAMBLING: Post = { id: 'gambling', title: 'What a year of casino ads did to my brother', body: 'Online casino adverts promise free spins and a deposit bonus. Gambling addiction is an illness, not a weakness.' };

function check(content: string, url = '', post: Post = BREAD): Signal[] {
  const submission = normalizeSubmission({ type: 'comment', postId: post.id, content, author: { name: 'Sam', email: 'sam@mail.example', url } }, 'sub-p', '2026-03-10T12:00:00.000Z');
  return [createPromotionFilter(undefined, deps).check(submission, makeContext({ post })) ?? []].flat();
}

describe('promotion: the trades comment spam sells', () => {
  it.each([
    ['pharmacy, English', 'Buy viagra without prescription, fast shipping https://meds-direct.example/buy'],
    ['pharmacy, German, with the shop only in the author field', 'Potenzmittel rezeptfrei bestellen, diskrete Lieferung', 'https://shop.example'],
    ['casino, Russian', 'Друзья, бесплатные вращения без депозита, вывод за 5 минут https://drop.example'],
    ['crypto airdrop, Spanish', 'airdrop oficial, conecta tu billetera y recibe tokens gratis https://claim.example'],
    ['essays', 'Struggling with deadlines? We write your essay from scratch, plagiarism free: https://papers.example'],
    ['SEO', 'Cheap backlinks and SEO services, first page of Google guaranteed www.rank.example'],
    ['loans, Chinese', '网络兼职，日赚三百，轻松赚钱 https://job.example'],
    ['a prize to claim by phone', 'WINNER! You have won a guaranteed cash prize. To claim call 09061 701 461 now'],
    ['a Russian shop', 'Отличный сайт. интернет магазин бытовой техники со скидками - https://tech.example/r'],
  ])('makes %s with a link or number spam on its own (SEO services count as a pitch)', (what, content, url = '') => {
    const [signal] = check(content, url);
    expect(signal).toMatchObject({ filter: 'promotion', kind: what === 'SEO' ? 'pitch' : 'spam' });
    expect(signal!.score).toBeGreaterThanOrEqual(3);
    expect(signal!.reason).toMatch(/^Sells [a-zA-Z ,-]+: names .+ \('.+'\)/);
  });

  it('holds one trade term with a link (another check must agree before it is spam)', () => {
    const [signal] = check('We spent an evening at the casino in Monte Carlo, photos here: https://travel.example/monaco');
    expect(signal).toMatchObject({ score: 2.5, reason: expect.stringContaining("names casino and betting ('casino'), with a link to travel.example") });
  });

  it('reads a web address that names the trade', () => {
    const [signal] = check('Hello, nice article https://coin-kazino.example/ref');
    expect(signal).toMatchObject({ score: 2, reason: 'Sells casino and betting: links to coin-kazino.example, named for casino and betting' });
  });

  it('says little about a trade named without a link, and nothing about a link to a reference work', () => {
    expect(check('My doctor prescribed tadalafil and it made me dizzy, did anyone else notice that?')[0]).toMatchObject({ score: 1 });
    expect(check('Airdrop scams are everywhere, see https://en.wikipedia.org/wiki/Airdrop_(cryptocurrency)')[0]).toMatchObject({ score: 1 });
  });

  it('does not hold a trade against a comment when the post itself is about it', () => {
    expect(check('The free spins and the deposit bonus got my uncle too. This helped him: https://help.example', '', GAMBLING)).toEqual([]);
  });

  it('leaves ordinary comments alone, in several languages', () => {
    for (const content of [
      'I slot the loaf into the oven at 250 °C, then drop to 220 after twenty minutes.',
      'Danke! Mehr dazu steht hier: https://use-the-index-luke.com',
      'Ég prófaði þetta um helgina og brauðið varð frábært.',
      'Спасибо за статью, очень полезная информация!',
      'Could you share the hydration you used? Mine came out dense. My blog post on it: https://wildflour.example',
      'My order 0612345678 arrived two days late, but the flour was worth it.',
      'The proxy at 192.168.100.200 answered, the sourdough timer did not.',
    ]) expect(check(content)).toEqual([]);
  });
});

describe('promotion: asking readers to call or text a number', () => {
  it.each([
    ['English', 'Your delivery is waiting, please call 07046744435 now to arrange it'],
    ['WhatsApp, with a country code', 'Best offer this week, whatsapp +44 7700 900 123'],
    ['Spanish', 'Llámanos al 612 345 678 y pregunta por la oferta'],
  ])('weighs a number to call (%s) below the hold threshold: it only adds to another check', (_what, content) => {
    const [signal] = check(content);
    expect(signal).toMatchObject({ filter: 'promotion', score: 0.9, kind: 'spam' });
    expect(signal!.reason).toMatch(/^Asks readers to call or text a phone number \('.+', .+\)$/);
  });

  it('does not hold a reader who leaves a number, and says nothing on a contact form', async () => {
    expect(check('Call me on 0612345678 if the workshop still has seats.')[0]!.score).toBeLessThan(1);
    const submission = normalizeSubmission({ type: 'contact-form', content: 'Please call me on 0612345678 about the workshop.', author: { name: 'Sam', email: 'sam@mail.example' } }, 'sub-c', '2026-03-10T12:00:00.000Z');
    expect(createPromotionFilter(undefined, deps).check(submission, makeContext({ post: null }))).toBeNull();
    const dk = await makeDoorkeep();
    try {
      const { verdict } = await dk.moderate({ type: 'comment', postId: 'rss', content: 'Call me on 0612345678 if the workshop still has seats.', author: { name: 'Sam' } });
      expect(verdict.status).toBe('approved');
    } finally {
      await dk.close();
    }
  });
});

describe('promotion: a way to reach the sender written out instead of linked', () => {
  it.each([
    ['a messenger', 'Financial freedom changed my life, ask me how on WhatsApp', 'WhatsApp'],
    ['an e-mail address', 'I lost my savings until a recovery expert got them back. Write to (helpdesk@recovery.example).', 'an e-mail address (helpdesk@recovery.example)'],
    ['an @handle', 'Thanks to @mentor_jane I now earn a passive income every week', 'an @handle (@mentor_jane)'],
    ['a phone number', 'Emergency service, free estimates: call 214-555-0147', 'a phone number (214-555-0147)'],
    ['a messenger named in Cyrillic', 'Заработок без вложений, пишите в ватсап', 'Ватсап'],
  ])('counts %s as a link for a trade', (_what, content, contact) => {
    const [signal] = check(content);
    expect(signal).toMatchObject({ filter: 'promotion', kind: 'spam' });
    expect(signal!.score).toBeGreaterThanOrEqual(2.5);
    expect(signal!.reason).toContain(`with ${contact} to reach the sender`);
  });

  it('reads a claim of easy income and a shop discount as trades', () => {
    expect(check('I earned $4,500 last week, message me on Telegram')[0]!.reason).toMatch(/^Sells loans and easy money: names .*'i earned \$4,500 last week'/);
    expect(check('make 300 dollars a day https://easy.example')[0]!.score).toBeGreaterThanOrEqual(2.5);
    expect(check('Sunglasses 80% off today only: https://shades.example')[0]!.reason).toMatch(/^Sells online shopping: names online shopping \('today only', '80% off'\)/);
  });

  it('reads Instagram and Indonesian comment spam', () => {
    expect(check('Cek IG kami ya kak, gratis ongkir! WA 081234567890').map((s) => s.score)).toEqual([2.5, 3]);
    expect(check('Slot gacor hari ini maxwin, daftar di situs kami https://gacor.example')[0]!.score).toBeGreaterThanOrEqual(3);
    expect(check('Send your best shot to @travelgram_feature to get featured')[0]).toMatchObject({ score: 3, reason: expect.stringContaining('with an @handle (@travelgram_feature)') });
    expect(check('Love your feed! DM us to become a brand ambassador')[0]).toMatchObject({ score: 2 });
    expect(check('Terima kasih, artikelnya sangat membantu. Saya akan coba resepnya minggu ini.')).toEqual([]);
  });

  it('says nothing about a reader who gives an address, replies to someone or mentions money', () => {
    for (const content of [
      'Email me at tom@leedsbread.example if you would run a workshop at our festival.',
      '@Sam I had the same problem, a longer cold proof fixed it.',
      'My Dutch oven cost $60 and it was worth every cent.',
      'I shared this with my mum on WhatsApp, she loved it.',
    ]) expect(check(content)).toEqual([]);
  });
});

describe('promotion: asking readers to subscribe, follow or visit', () => {
  it.each([
    ['subscribe to my channel', 'Hey guys subscribe to my channel, new videos every day!'],
    ['sub 4 sub', 'sub 4 sub anyone??'],
    ['Portuguese', 'Oi gente, sigam meu perfil por favor'],
    ['Russian', 'Подписывайтесь на мой канал, там интересно'],
  ])('holds %s without a link', (_what, content) => {
    const [signal] = check(content);
    expect(signal).toMatchObject({ filter: 'promotion', score: 2, kind: 'spam' });
    expect(signal!.reason).toMatch(/^Promotes the writer's own channel or profile \('.+'\)$/);
  });

  it('leans spam with a link or an author website', () => {
    const [signal] = check('check out my channel for funny videos', 'https://my-channel.example');
    expect(signal).toMatchObject({ score: 3, reason: expect.stringContaining("with the author's website to my-channel.example") });
  });

  it('finds a premium-rate short code', () => {
    const signals = check('Txt WIN to 87121 to receive your entry, std txt rate');
    expect(signals.find((s) => s.reason.startsWith('Asks for a text to a premium-rate short code'))).toMatchObject({ score: 2, evidence: { shortCode: 'txt win to 87121' } });
  });
});

describe('promotion through the comment form', () => {
  let dk: Doorkeep | undefined;
  afterEach(async () => {
    await dk?.close();
    dk = undefined;
  });
  const SECRET = 'test-secret-0123456789';

  it('files shop spam as spam with the reason in words, publishes a reader, and can be turned off', async () => {
    const clock = makeClock();
    dk = await makeDoorkeep({ clock });
    const app = appWith(dk);
    const form = (comment: string, url = '') => ({
      author: 'Sam', email: `sam${Math.random()}@mail.example`, url, comment,
      [FORM_FIELDS.token]: createFormToken(SECRET, new Date(clock.now().getTime() - 60_000)), [FORM_FIELDS.honeypot]: '',
    });
    const spam = await request(app).post('/posts/rss/comments').type('form').send(form('Buy cialis and viagra online, no prescription needed https://pills.example')).expect(201);
    expect(spam.body.status).toBe('spam');
    expect(spam.body.reasons.join(' ')).toContain('Sells pharmacy and pills');
    const reader = await request(app).post('/posts/rss/comments').type('form').send(form('A full-text feed is why I still read you; partial feeds feel like a teaser.')).expect(201);
    expect(reader.body.status).toBe('approved');
    await dk.close();

    dk = await makeDoorkeep({ clock, settings: { filters: { promotion: false } } });
    const off = await dk.moderate({ type: 'comment', postId: 'rss', content: 'Buy cialis online, no prescription https://pills.example', author: { name: 'x' } });
    expect(off.verdict.signals.find((s) => s.filter === 'promotion')).toBeUndefined();
  });
});

describe('promotion on mentions', () => {
  it('reads the source page of a mention for the trade it sells, and leaves a blog that links to the post alone', async () => {
    const dk = await makeDoorkeep();
    try {
      const shop = await dk.moderate({
        type: 'webmention', postId: 'rss', content: 'Best picks of the year', author: { name: 'Best picks', url: 'https://picks.example/rss' },
        mention: {
          source: 'https://picks.example/rss',
          page: { text: 'Top online casino picks of the year: free spins, no deposit bonus, fast payouts. Also: Why I still publish an RSS feed.', outboundLinks: 3, outboundSites: 2 },
        },
      });
      expect(shop.verdict.status).not.toBe('approved');
      expect(shop.verdict.reasons.join(' | ')).toContain("Sells casino and betting: names casino and betting ('online casino'");
      expect(shop.verdict.reasons.join(' | ')).toContain('with a source page to picks.example');

      const blog = await dk.moderate({
        type: 'webmention', postId: 'rss', content: 'Why RSS still matters', author: { name: 'Kim', url: 'https://kim.example/feeds' },
        mention: {
          source: 'https://kim.example/feeds',
          page: { text: 'Halla explains why she still publishes an RSS feed: a full-text feed and a stable URL are all it takes. I agree, and my feed reader is proof.', outboundLinks: 1, outboundSites: 1 },
        },
      });
      expect(blog.verdict.signals.find((s) => s.filter === 'promotion')).toBeUndefined();
    } finally {
      await dk.close();
    }
  });
});
