/**
 * The hand-written part of the prior's training data: short spam of the kinds a new site sees first,
 * and the genuine messages that look most like them, in several languages.
 *
 * Every sentence below was written for Doorkeep. Each example is put together from a few of them
 * (an opening, a body, sometimes a closing and a link), chosen by a seeded generator, so the same
 * seed always gives the same examples; duplicates are dropped. `npm run train-prior` writes them to
 * test/fixtures/prior/fixtures.jsonl, so exactly what the prior learned from is on disk.
 */
import { seeded } from './seeded.js';

export interface Fixture {
  id: string;
  /** What kind of message: a spam category or a genuine look-alike. */
  category: string;
  lang: string;
  spam: boolean;
  type: 'comment' | 'contact-form';
  /** Which fixture post a comment is on (contact forms have none). */
  postId: string | null;
  content: string;
  /** The author's website field, when the message gives one. */
  authorUrl: string;
}

/** The fixture posts genuine comments talk about: id, title, body, and words a reader would use. */
export const FIXTURE_POSTS = [
  { id: 'sourdough', title: 'Sourdough without a schedule', body: 'How I keep a sourdough starter alive with one feeding a day, the flour I use, hydration, and why the loaf rises better in a cold oven.', tags: ['baking', 'bread'] },
  { id: 'postgres-index', title: 'Why my Postgres query ignored the index', body: 'A partial index, a function call in the WHERE clause and the planner statistics: how EXPLAIN ANALYZE showed a sequential scan and what fixed it.', tags: ['postgres', 'databases'] },
  { id: 'tomatoes', title: 'Growing tomatoes on a north balcony', body: 'Six varieties in pots, compost, watering, blight and the two that still ripened with four hours of sun.', tags: ['garden'] },
  { id: 'iceland-ring-road', title: 'Ten days on the Ring Road in March', body: 'Driving around Iceland in late winter: road closures, the weather app, guesthouses, hot pools and the northern lights near Mývatn.', tags: ['travel', 'iceland'] },
  { id: 'rust-lifetimes', title: 'Lifetimes finally clicked for me', body: 'Borrowing, references that outlive their data, and the compiler errors that taught me to restructure a parser in Rust.', tags: ['rust', 'programming'] },
  { id: 'film-camera', title: 'Back to a film camera', body: 'Shooting Portra 400 on an old Pentax: metering, developing at home, scanning negatives, and what I got wrong on the first rolls.', tags: ['photography'] },
] as const;


interface Recipe {
  category: string;
  spam: boolean;
  /** How many distinct examples to make. */
  count: number;
  type?: 'comment' | 'contact-form' | 'either';
  /** Per language: lists of alternatives, one is taken from each list in order ('' skips a part). */
  langs: Record<string, string[][]>;
  /** Whether the author's website field is filled, and with what. */
  authorUrl?: (r: () => number) => string;
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

const SHOP_WORDS = ['pills', 'meds', 'rx', 'pharm', 'health', 'care', 'cheap', 'best', 'top', 'shop', 'store', 'deal', 'lucky', 'win', 'casino', 'slots', 'bet', 'crypto', 'coin', 'token', 'drop', 'essay', 'paper', 'writer', 'seo', 'rank', 'links', 'promo', 'fast', 'online', 'direct', 'global', 'mega', 'pro', 'plus', 'hub', 'zone', 'club'];
const SPAM_TLDS = ['com', 'net', 'xyz', 'top', 'site', 'online', 'shop', 'biz', 'info', 'ru', 'club', 'live', 'pw', 'store', 'io', 'cc'];

function spamHost(r: () => number, hint: string): string {
  const a = pick(r, SHOP_WORDS);
  const b = hint || pick(r, SHOP_WORDS);
  const sep = r() < 0.4 ? '-' : '';
  const num = r() < 0.2 ? String(Math.floor(r() * 900) + 10) : '';
  return `${a}${sep}${b}${num}.${pick(r, SPAM_TLDS)}`;
}

function spamLink(r: () => number, hint = ''): string {
  const host = spamHost(r, hint);
  const path = r() < 0.5 ? '' : `/${pick(r, ['buy', 'go', 'ref', 'promo', 'offer', 'claim', 'bonus', 'order', 'p', 'r'])}${r() < 0.5 ? `/${Math.floor(r() * 99999)}` : ''}`;
  const style = r();
  if (style < 0.45) return `https://${host}${path}`;
  if (style < 0.7) return `www.${host}${path}`;
  if (style < 0.85) return `<a href="https://${host}${path}">${pick(r, ['click here', 'here', 'link', host, 'official site', 'visit'])}</a>`;
  return host;
}

const HANDLES = ['dj_lunar', 'beatsbymika', 'joeyplays', 'sara.sings', 'thekitchenlab', 'nova_raps', 'mattgaming', 'lil_kedo', 'fitwithana', 'travelwithtom', 'makeupbyjules', 'prod.kairo', 'vlogsbyben', 'chloe.draws', 'xXgamerXx', 'officialrayne'];

function promoLink(r: () => number): string {
  const h = pick(r, HANDLES) + (r() < 0.3 ? String(Math.floor(r() * 99)) : '');
  return pick(r, [
    `youtube.com/@${h}`, `https://www.youtube.com/@${h}`, `https://youtube.com/channel/UC${Math.floor(r() * 1e9).toString(36)}`,
    `linktr.ee/${h}`, `https://linktr.ee/${h}`, `tiktok.com/@${h}`, `https://www.tiktok.com/@${h}`,
    `https://open.spotify.com/artist/${Math.floor(r() * 1e12).toString(36)}`, `open.spotify.com/track/${Math.floor(r() * 1e12).toString(36)}`,
    `instagram.com/${h}`, `https://soundcloud.com/${h}`, `twitch.tv/${h}`, `bit.ly/${Math.floor(r() * 1e8).toString(36)}`,
  ]);
}

const READER_BLOGS = ['https://annasgarden.blog', 'https://notes.kjartan.is', 'https://www.backyard-bread.de', 'https://mariafotografia.es', 'https://blog.ivanpetrov.dev', 'https://lena-kocht.de', 'https://thomasruns.net', 'https://codeandcoffee.io', 'https://wildflowers.substack.com', 'https://ahmed.codes', 'https://julia-reist.ch', 'https://oldlenses.net'];
const REFERENCES = [
  'https://en.wikipedia.org/wiki/Sourdough', 'https://www.postgresql.org/docs/current/indexes-partial.html', 'https://doc.rust-lang.org/book/ch10-03-lifetime-syntax.html',
  'https://github.com/postgres/postgres', 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Caching', 'https://arxiv.org/abs/1706.03762', 'https://road.is',
  'https://vedur.is', 'https://www.rhs.org.uk/vegetables/tomatoes/grow-your-own', 'https://en.wikipedia.org/wiki/Late_blight', 'https://use-the-index-luke.com',
  'https://www.kodak.com/en/motion/page/portra-400', 'https://news.ycombinator.com/item?id=38112211', 'https://stackoverflow.com/questions/1109061', 'https://www.theguardian.com/food',
  'https://de.wikipedia.org/wiki/Sauerteig', 'https://es.wikipedia.org/wiki/Masa_madre', 'https://ru.wikipedia.org/wiki/Закваска',
];

const TOPIC: Record<string, Record<string, string[]>> = {
  en: { sourdough: ['the starter', 'your loaf', 'the cold oven trick', 'hydration'], 'postgres-index': ['the partial index', 'EXPLAIN ANALYZE', 'the planner', 'the sequential scan'], tomatoes: ['the balcony tomatoes', 'blight', 'the cherry tomatoes', 'watering'], 'iceland-ring-road': ['the Ring Road', 'road closures', 'Mývatn', 'the hot pools'], 'rust-lifetimes': ['lifetimes', 'the borrow checker', 'your parser', 'that compiler error'], 'film-camera': ['Portra 400', 'home developing', 'the Pentax', 'scanning negatives'] },
};

/** A topic phrase for a post, in English (other languages name the thing in their own words below). */
function topicOf(r: () => number, postId: string): string {
  return pick(r, TOPIC.en![postId]!);
}

/** Praise that fits any post on any site: spam with a website, a reader's thanks without one. */
const GENERIC_PRAISE: Record<string, string[][]> = {
      en: [
        ['Great post', 'Nice article', 'Very informative', 'Awesome blog', 'Thanks for sharing', 'Wonderful read', 'This is really helpful', 'I like this website', 'Amazing content', 'Good job', 'Excellent article'],
        ['!', '.', ', very informative!', ', keep it up.', '. Thanks for sharing!', ', I learned a lot.', ', bookmarked!', '. Looking forward to more posts like this.', '. I will share it with my friends.'],
        ['', '', ' Regards.', ' Cheers', ' Thank you!'],
      ],
      es: [['Excelente artículo', 'Muy buen post', 'Gracias por compartir'], ['!', ', muy útil.']],
      de: [['Toller Beitrag', 'Sehr informativ', 'Danke fürs Teilen'], ['!', ', weiter so.']],
      ru: [['Отличная статья', 'Спасибо за информацию', 'Очень полезно'], ['!', ', спасибо.']],
    };

const RECIPES: Recipe[] = [
  // ───────────── spam ─────────────
  {
    category: 'pharma', spam: true, count: 260,
    langs: {
      en: [
        ['', 'Hi, ', 'Hello! ', 'Looking for relief? ', 'Men over 40: ', 'Tired of paying pharmacy prices? '],
        ['buy viagra online without prescription', 'cheap cialis, generic and brand, discreet shipping', 'order tramadol overnight, no doctor visit needed', 'generic levitra 80% off', 'lose 15 lbs in 2 weeks with our keto pills', 'best prices on ambien and xanax, no rx', 'ozempic without prescription, shipped worldwide', 'hair regrowth pills that actually work', 'male enhancement formula, results guaranteed', 'buy phentermine online, fast delivery', 'modafinil for students, next day delivery', 'CBD gummies that cure anxiety and pain'],
        ['', ' - discreet packaging', ', FDA approved pharmacy', ' 100% safe', ', free pills with every order', ', bitcoin accepted', ' no prescription required!!'],
        [' ', ' → ', ' visit ', ' order here: ', ' >> '],
        ['{spam:pharm}'],
      ],
      es: [
        ['', 'Hola, ', '¡Oferta! '],
        ['compra viagra sin receta', 'cialis genérico barato con envío discreto', 'pastillas para adelgazar rápido, resultados en 7 días', 'medicamentos sin receta médica a los mejores precios'],
        ['', ', pago seguro', ', envío gratis'],
        [' ', ' aquí: '],
        ['{spam:farmacia}'],
      ],
      de: [
        ['', 'Hallo, ', 'Angebot: '],
        ['Viagra ohne Rezept kaufen', 'Cialis Generika günstig und diskret', 'Abnehmen ohne Diät mit unseren Kapseln', 'Potenzmittel rezeptfrei bestellen'],
        ['', ', diskreter Versand', ', schnelle Lieferung'],
        [' ', ' hier: '],
        ['{spam:apotheke}'],
      ],
      fr: [
        ['', 'Bonjour, ', ''],
        ['acheter viagra sans ordonnance', 'cialis générique pas cher', 'pilules minceur efficaces en 10 jours'],
        ['', ', livraison discrète'],
        [' ', ' ici : '],
        ['{spam:pharma}'],
      ],
    },
  },
  {
    category: 'casino', spam: true, count: 260,
    langs: {
      en: [
        ['', 'Wow! ', 'Guys, ', 'Not a joke: ', 'Bored? '],
        ['I won $3,200 on this online casino last night', 'best online casino with 200% welcome bonus', 'free spins every day, no deposit needed', 'play slots and win real money', 'sports betting tips with 90% win rate', 'new crypto casino pays out in minutes', 'join the poker room, $50 free chip for new players', 'roulette strategy that never loses', 'the jackpot is over a million right now', 'get 100 free spins on registration'],
        ['', ', withdrawals are instant', ', totally legit', ', try your luck', ' just sign up'],
        [' ', ' → ', ' at ', ' here: ', ' code BONUS100 at '],
        ['{spam:casino}'],
      ],
      de: [
        ['', 'Leute, ', ''],
        ['bestes Online Casino mit 200% Bonus', 'Freispiele ohne Einzahlung', 'Sportwetten mit garantierten Gewinnen', 'ich habe gestern 2000 Euro gewonnen'],
        ['', ', Auszahlung sofort'],
        [' ', ' hier: '],
        ['{spam:casino}'],
      ],
      ru: [
        ['', 'Друзья, ', ''],
        ['лучшее онлайн казино с бонусом 200%', 'бесплатные вращения без депозита', 'ставки на спорт с гарантией выигрыша', 'я выиграл 50 000 рублей за вечер'],
        ['', ', вывод за 5 минут', ', регистрация за минуту'],
        [' ', ' тут: ', ' переходи: '],
        ['{spam:kazino}'],
      ],
      zh: [
        ['', '朋友们，', ''],
        ['最好的在线赌场，注册送100元', '免费旋转，无需存款', '体育投注稳赚不赔', '真人百家乐，提款秒到账'],
        ['', '，信誉第一'],
        [' ', ' 网址：', ' 点击 '],
        ['{spam:bet}'],
      ],
      es: [
        ['', '¡Increíble! '],
        ['el mejor casino online con bono de bienvenida', 'giros gratis sin depósito', 'apuestas deportivas seguras, gana dinero real'],
        [''],
        [' ', ' entra en '],
        ['{spam:casino}'],
      ],
    },
  },
  {
    category: 'crypto', spam: true, count: 260,
    langs: {
      en: [
        ['', 'ATTENTION: ', '🚀 ', 'Huge news! ', 'Last chance: '],
        ['the official airdrop is live, claim your free tokens', 'connect your wallet to receive 500 USDT', 'I made 4 BTC with this trading bot', 'new token presale, 100x guaranteed', 'double your ethereum in 24 hours', 'Elon is giving away 5000 BTC, send 0.1 and get 0.2 back', 'my account manager turned $500 into $12,000 in a month', 'claim your NFT whitelist spot before it closes', 'passive income from crypto staking, 3% daily', 'verify your wallet to unlock the reward'],
        ['', ' before it ends', ', limited spots', ', only 24 hours left', ', not financial advice lol'],
        [' ', ' → ', ' at ', ': ', ' visit '],
        ['{spam:token}'],
      ],
      ru: [
        ['', 'Внимание! ', ''],
        ['раздача токенов, подключи кошелек и получи бонус', 'заработок на криптовалюте от 5000 рублей в день', 'торговый бот удвоил мой депозит'],
        [''],
        [' ', ' ссылка: '],
        ['{spam:crypto}'],
      ],
      zh: [
        ['', '重磅！', ''],
        ['空投开始了，连接钱包领取免费代币', '比特币合约带单，日赚千元', '新币预售，百倍收益'],
        [''],
        [' ', ' 链接：'],
        ['{spam:coin}'],
      ],
      es: [
        [''],
        ['airdrop oficial, conecta tu billetera y recibe tokens gratis', 'gané 3 BTC con este bot de trading', 'duplica tus bitcoins en 24 horas'],
        [''],
        [' ', ' aquí: '],
        ['{spam:crypto}'],
      ],
    },
  },
  {
    category: 'essay', spam: true, count: 200,
    langs: {
      en: [
        ['', 'Students! ', 'Hi everyone, ', 'Struggling with deadlines? ', 'Nice post. '],
        ['we write your essay from scratch in 3 hours', 'cheap essay writing service, plagiarism free', 'pay someone to do my homework - professional writers', 'dissertation help from PhD experts at low prices', 'buy a research paper written by native speakers', 'get your assignment done by top academic writers', 'custom term papers, any subject, any deadline', 'do my essay for me cheap and fast'],
        ['', ', 24/7 support', ', money back guarantee', ', 20% off your first order'],
        [' ', ' → ', ' visit ', ' order at '],
        ['{spam:essay}'],
      ],
      es: [
        [''],
        ['escribimos tu tesis y trabajos universitarios', 'redacción de ensayos académicos a buen precio'],
        [''],
        [' ', ' '],
        ['{spam:tesis}'],
      ],
    },
  },
  {
    category: 'seo', spam: true, count: 220, type: 'either',
    langs: {
      en: [
        ['', 'Hi, ', 'Hello webmaster, ', 'Dear site owner, ', 'Hey there! '],
        ['I noticed your website is not ranking on the first page of Google', 'we can get your site to #1 on Google in 30 days', 'buy 1000 high quality backlinks for $20', 'increase your traffic with our SEO services', 'your site has 47 SEO errors, we can fix them today', 'our web design team can rebuild your site for $199', 'we offer guaranteed page one rankings', 'boost your domain authority to DA 50+', 'get 10,000 real visitors to your website', 'I can build PBN links for your niche'],
        ['', '. Reply for a free audit', '. Cheap and fast', '. Check our packages', '. Results guaranteed'],
        [' ', ' → ', ' See ', ' '],
        ['{spam:seo}'],
      ],
      ru: [
        ['', 'Здравствуйте! '],
        ['продвижение сайтов в топ Яндекса и Google', 'прогон по базам, вечные ссылки', 'раскрутка сайта недорого, гарантия результата'],
        [''],
        [' ', ' подробнее: '],
        ['{spam:seo}'],
      ],
      de: [
        ['', 'Hallo, '],
        ['wir bringen Ihre Website auf Platz 1 bei Google', 'hochwertige Backlinks günstig kaufen'],
        [''],
        [' ', ' mehr: '],
        ['{spam:seo}'],
      ],
    },
  },
  {
    category: 'self-promotion', spam: true, count: 260,
    langs: {
      en: [
        ['', 'hey guys ', 'Hi everyone! ', 'Sorry for the spam but ', 'PLEASE READ: ', 'If you like this, '],
        ['check out my channel', 'subscribe to my channel', 'I make music too, give it a listen', 'I just started a cooking channel, would mean a lot if you subscribed', 'new video up on my page', 'follow me for daily tips', 'all my links are in my bio', 'I post covers every week', 'help me get to 1000 subscribers', 'my new song just dropped', 'watch my latest vlog', 'I stream every night'],
        ['', ' :)', ' thanks!!', ' <3', ', it would mean the world', ' please!'],
        [' ', ' → ', ': ', ' at '],
        ['{promo}'],
      ],
      es: [
        ['', 'Hola a todos, '],
        ['suscríbanse a mi canal', 'miren mi nuevo video', 'síganme en mi cuenta'],
        ['', ' por favor', ' gracias'],
        [' ', ': '],
        ['{promo}'],
      ],
      pt: [
        ['', 'Oi gente, '],
        ['se inscrevam no meu canal', 'sigam meu perfil', 'escutem minha música nova'],
        ['', ' por favor', ' obrigado'],
        [' ', ': '],
        ['{promo}'],
      ],
      de: [
        [''],
        ['abonniert meinen Kanal', 'schaut euch mein neues Video an', 'folgt mir für mehr'],
        ['', ' danke'],
        [' ', ': '],
        ['{promo}'],
      ],
    },
  },
  {
    category: 'keyboard-mash', spam: true, count: 200,
    langs: { xx: [['{mash}']] },
  },
  {
    category: 'russian-link', spam: true, count: 200,
    langs: {
      ru: [
        ['', 'Привет! ', 'Здравствуйте. ', 'Отличный сайт. '],
        ['купить диплом недорого с доставкой', 'займ на карту без отказа за 5 минут', 'интернет магазин бытовой техники со скидками', 'лучшие проститутки города', 'купить аккаунты соцсетей оптом', 'ремонт квартир под ключ недорого', 'кредит без справок и поручителей', 'натяжные потолки по низким ценам', 'смотреть фильмы онлайн бесплатно в хорошем качестве', 'скачать программы бесплатно без регистрации'],
        ['', ', звоните', ', заходите', ', скидки до 70%'],
        [' ', ' ', ' на сайте ', ' - '],
        ['{spam:}'],
      ],
    },
  },
  {
    category: 'chinese-link', spam: true, count: 200,
    langs: {
      zh: [
        ['', '您好，', ''],
        ['代写论文，包过', '专业办理各类证件', '网络兼职，日赚三百', '高仿名牌包包，厂家直销', '微信刷单，轻松赚钱', '免费看电影，高清无广告', '低价代充游戏币', '减肥产品，一个月瘦二十斤'],
        ['', '，欢迎咨询', '，加微信'],
        [' ', ' 网址 ', ' '],
        ['{spam:}'],
      ],
    },
  },
  {
    category: 'generic-praise-link', spam: true, count: 240,
    authorUrl: (r) => `https://${spamHost(r, '')}`,
    langs: GENERIC_PRAISE,
  },
  // ───────────── genuine look-alikes ─────────────
  {
    category: 'generic-praise', spam: false, count: 200,
    langs: GENERIC_PRAISE,
  },
  {
    category: 'short-praise', spam: false, count: 260,
    langs: {
      en: [
        ['Great post', 'Thanks for this', 'Loved this', 'Really enjoyed this', 'This helped a lot', 'Such a good read', 'Thank you', 'Brilliant write-up', 'Nice one', 'Lovely post', 'Exactly what I needed', 'Finally someone explains this', 'Great wirte-up', 'thnaks for this', 'really usefull'],
        ['', ', {topic} was the bit I needed', ' - {topic} especially', ', the part about {topic} made my day', '. I had never thought about {topic} that way', ', bookmarking it', '. More like this please', ', saved me an afternoon'],
        ['', '!', '.', ' :)', '!!', ' 👍'],
      ],
    },
  },
  {
    category: 'non-english-reader', spam: false, count: 320,
    langs: {
      is: [
        ['Takk fyrir þetta', 'Frábær færsla', 'Mjög gott', 'Ég hef lesið bloggið þitt lengi', 'Skemmtileg lesning'],
        ['', ', ég prófaði þetta sjálf í vetur', '. Vegirnir fyrir norðan voru lokaðir hjá okkur líka', ', ég bý á Akureyri og þekki þetta vel', '. Hvaða hveiti notarðu?', ', þetta hjálpaði mér mikið'],
        ['', '.', '!', ' Kveðja, Sigga'],
      ],
      de: [
        ['Danke für den Beitrag', 'Sehr schöner Artikel', 'Interessant', 'Ich lese hier schon lange mit', 'Genau mein Problem'],
        ['', ', bei mir ist der Teig auch nie aufgegangen', '. Welches Mehl verwendest du?', ', der Index hat bei uns das gleiche Problem gemacht', '. Wir waren letztes Jahr auch auf Island', ', meine Tomaten hatten dieses Jahr leider Krautfäule'],
        ['', '.', '!', ' Viele Grüße aus Köln'],
      ],
      es: [
        ['Gracias por el artículo', 'Muy buena explicación', 'Me encantó', 'Te leo desde hace años', 'Qué interesante'],
        ['', ', yo también tuve problemas con la masa madre', '. ¿Qué harina usas?', ', en mi balcón los tomates no maduran', ', la parte de los índices parciales me sirvió mucho', '. Nosotros fuimos a Islandia en verano'],
        ['', '.', '!', ' Saludos desde Valencia'],
      ],
      ru: [
        ['Спасибо за статью', 'Очень полезно', 'Отличное объяснение', 'Давно читаю ваш блог', 'Интересно'],
        ['', ', у меня тоже закваска не поднималась', '. А какую муку вы используете?', ', с индексами в Postgres была та же история', ', помидоры на балконе у меня тоже болели', '. Мы тоже ездили в Исландию зимой'],
        ['', '.', '!', ' Привет из Казани'],
      ],
      zh: [
        ['谢谢分享', '写得很好', '很有帮助', '一直在看你的博客', '终于看懂了'],
        ['', '，我的酵种也总是发不起来', '。请问你用的是什么面粉？', '，部分索引那一段对我很有用', '，我们去年冬天也去了冰岛', '，生命周期这部分讲得很清楚'],
        ['', '。', '！'],
      ],
      fr: [
        ['Merci pour cet article', 'Très clair', 'Super billet'],
        ['', ', mon levain ne monte jamais non plus', ', la partie sur l\'index partiel m\'a beaucoup aidé', '. Quelle farine utilisez-vous ?'],
        ['', '.', '!'],
      ],
      pl: [
        ['Dzięki za wpis', 'Świetny artykuł', 'Bardzo pomocne'],
        ['', ', mój zakwas też nie chciał rosnąć', ', u mnie pomidory na balkonie też chorowały', '. Jakiej mąki używasz?'],
        ['', '.', '!'],
      ],
      pt: [
        ['Obrigado pelo post', 'Muito bom', 'Adorei o texto'],
        ['', ', meu fermento natural também não crescia', ', a parte do índice parcial me ajudou muito', '. Que farinha você usa?'],
        ['', '.', '!'],
      ],
      nl: [
        ['Bedankt voor dit stuk', 'Heel herkenbaar', 'Mooi geschreven'],
        ['', ', mijn zuurdesem wilde ook nooit rijzen', ', wij reden vorig jaar ook de Ring Road', '. Welke bloem gebruik je?'],
        ['', '.', '!'],
      ],
    },
  },
  {
    category: 'own-blog-mention', spam: false, count: 220,
    authorUrl: (r) => (r() < 0.6 ? pick(r, READER_BLOGS) : ''),
    langs: {
      en: [
        ['I had the same problem with {topic}', 'This matches what I found with {topic}', 'Funny timing, I was fighting {topic} last week', 'Thanks, {topic} is something I keep getting wrong'],
        ['. I wrote up my own attempt here if it helps anyone: {blog}', ' and wrote about it on my blog ({blog}), though your fix is simpler', '. My notes are at {blog} - different setup, same lesson', '. I blogged the longer version at {blog}, happy to hear where I went wrong'],
        ['', ' Thanks again.', ' Cheers!', ''],
      ],
      de: [
        ['Ich hatte genau dasselbe Problem', 'Sehr hilfreich, danke'],
        ['. Ich habe darüber auch mal geschrieben: {blog}', ', meine Notizen dazu stehen auf {blog}'],
        ['', ' Grüße!'],
      ],
      es: [
        ['Me pasó lo mismo', 'Muy útil, gracias'],
        ['. Escribí sobre mi experiencia aquí: {blog}', ', lo conté en mi blog {blog}'],
        [''],
      ],
    },
  },
  {
    category: 'reference-link', spam: false, count: 220,
    langs: {
      en: [
        ['Good write-up on {topic}.', 'Nice post.', 'One addition about {topic}:', 'Small correction:', 'For anyone reading later:'],
        [' The official docs cover the edge cases well: {ref}', ' There is a good explanation at {ref}', ' This reference helped me: {ref}', ' See also {ref} for the background.', ' The original source is {ref} if you want the details.'],
        ['', ' Thanks for writing this.', ' Worth a read.', ''],
      ],
      de: [['Gute Zusammenfassung.', 'Danke!'], [' Mehr dazu steht hier: {ref}', ' Siehe auch {ref}']],
      es: [['Buen artículo.', 'Gracias.'], [' Hay más información en {ref}', ' Ver también {ref}']],
    },
  },
  {
    category: 'technical-question', spam: false, count: 240,
    langs: {
      en: [
        ['Quick question about {topic}:', 'I tried this but', 'Thanks for the post. One thing I don\'t get:', 'Question:', 'Hi, following along and', 'Stupid question maybe, but'],
        [' does it still work if the table has 50 million rows?', ' what happens when the starter smells like acetone?', ' would this work with whole wheat flour?', ' how did you deal with the wind on the balcony?', ' did you need snow tyres or were the roads clear?', ' why does the borrow checker reject the second version?', ' what scanner did you use for the negatives?', ' my EXPLAIN output still shows a seq scan, any idea why?', ' is the cold oven trick safe with a glass dish?', ' which lifetime annotation would you put on the iterator?', ' how long did the first roll take to develop?'],
        ['', ' Thanks!', ' Thanks in advance.', ' Any pointers welcome.', ''],
      ],
      de: [['Kurze Frage:', 'Hallo,'], [' funktioniert das auch mit Dinkelmehl?', ' wie lange hast du den Film entwickelt?', ' warum ignoriert der Planner bei mir den Index trotzdem?'], ['', ' Danke!']],
      es: [['Una pregunta:', 'Hola,'], [' ¿funciona también con harina integral?', ' ¿necesitaste neumáticos de invierno?', ' ¿por qué el planificador no usa el índice?'], ['', ' ¡Gracias!']],
      ru: [['Вопрос:', 'Здравствуйте,'], [' а с цельнозерновой мукой это работает?', ' почему планировщик всё равно не использует индекс?', ' какой сканер вы использовали?'], ['', ' Спасибо!']],
    },
  },
  {
    category: 'business-inquiry', spam: false, count: 220, type: 'contact-form',
    langs: {
      en: [
        ['Hi,', 'Hello,', 'Dear Ms. Larsen,', 'Hi Anna,', 'Good morning,'],
        [' I run the programme for a small developer conference in Lyon and would like to invite you to give a talk on {topic} in May.', ' I\'m an editor at a cookbook publisher; your posts on {topic} are lovely and we\'d like to discuss a book.', ' I\'m a journalist at the Reykjavík Grapevine writing about winter driving and would like to quote your post on {topic}.', ' our team is hiring a database engineer and your post on {topic} is the clearest thing I have read on it. Would you consider a chat?', ' I teach a photography evening class and would like to use your post on {topic} as reading, with credit. Is that all right?', ' we organise a community garden festival and would love you to run a workshop on {topic}.', ' I produce a podcast about programming and would like to interview you about {topic}.'],
        ['', ' Happy to share details, no pressure either way.', ' Let me know what works for you.', ' Thanks for considering it.'],
        ['', ' Best, Pierre', ' Kind regards, Maria Jensen', ' Thanks, Dev', ' Cheers, Tomás'],
      ],
      de: [['Hallo,'], [' ich organisiere ein Treffen der Kölner Postgres-Gruppe und würde dich gern zu einem Vortrag über {topic} einladen.', ' wir sind ein kleiner Verlag und würden gern über ein Buch zu {topic} sprechen.'], [' Viele Grüße, Jan']],
      es: [['Hola,'], [' soy periodista y me gustaría citar tu artículo sobre {topic}.', ' organizamos unas jornadas de fotografía y nos encantaría que dieras una charla sobre {topic}.'], [' Un saludo, Lucía']],
    },
  },
  {
    category: 'collaborator-contact', spam: false, count: 240, type: 'contact-form',
    langs: {
      en: [
        ['Hi Anna,', 'Hey,', 'Hello again,', 'Hi,', 'Morning!'],
        [' this is from the draft we\'re reviewing together - your comments on section 3 are in the doc.', ' we\'re about ready to send the chapter back, could you check your part this week?', ' following up from our call: the photos from the shoot are uploaded to the shared folder.', ' I fixed the query from your last message, the index is used now. Your turn to test it.', ' we\'re meeting at the allotment on Saturday at ten, bring your seedlings if you have spares.', ' this is Kjartan from the guesthouse, your booking for March is confirmed and the road is open again.', ' the slides from your talk are great, we\'re putting them on the meetup page this afternoon if that\'s ok.', ' your invoice from last month is paid, sorry it took so long.', ' quick note from me: the recipe edits are done, have a look when you can.', ' thanks for the review on my pull request, I\'ve pushed the changes you asked for.'],
        ['', ' Talk soon.', ' Thanks!', ' Let me know if anything is missing.', ''],
        ['', ' - Sam', ' Ingrid', ' Cheers, Paul', ' x'],
      ],
      de: [['Hallo Anna,'], [' hier sind die Fotos von Samstag, wie besprochen.', ' die Korrekturen für dein Kapitel sind fertig, schau bitte noch mal drüber.'], [' Liebe Grüße, Katrin']],
      is: [['Hæ,'], [' myndirnar frá helginni eru komnar í möppuna.', ' ég kláraði þýðinguna sem við töluðum um.'], [' Kveðja, Jón']],
    },
  },
];

const MASH_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qwerasdf', 'hjkluiop', 'mnbvcxz'];

function mash(r: () => number): string {
  const words = 1 + Math.floor(r() * 5);
  const out: string[] = [];
  for (let w = 0; w < words; w++) {
    const row = pick(r, MASH_ROWS);
    const length = 3 + Math.floor(r() * 12);
    let word = '';
    for (let i = 0; i < length; i++) word += row[Math.floor(r() * row.length)];
    out.push(r() < 0.15 ? word.toUpperCase() : word);
  }
  const tail = r() < 0.3 ? ` ${pick(r, ['!!!', '??', '...', '1111', ';;'])}` : '';
  return out.join(' ') + tail;
}

function fill(template: string, r: () => number, postId: string): string {
  return template.replace(/\{(spam:[a-z]*|promo|mash|topic|blog|ref)\}/g, (_, slot: string) => {
    if (slot.startsWith('spam:')) return spamLink(r, slot.slice(5));
    if (slot === 'promo') return promoLink(r);
    if (slot === 'mash') return mash(r);
    if (slot === 'topic') return topicOf(r, postId);
    if (slot === 'blog') return pick(r, READER_BLOGS);
    return pick(r, REFERENCES);
  });
}

/** Every fixture, the same for the same seed. */
export function buildFixtures(seed = 20261129): Fixture[] {
  const r = seeded(seed);
  const out: Fixture[] = [];
  for (const recipe of RECIPES) {
    const seen = new Set<string>();
    const langs = Object.keys(recipe.langs);
    let attempts = 0;
    while (seen.size < recipe.count && attempts++ < recipe.count * 30) {
      const lang = pick(r, langs);
      const postId = pick(r, FIXTURE_POSTS).id;
      const type = recipe.type === 'contact-form' ? 'contact-form' : recipe.type === 'either' && r() < 0.5 ? 'contact-form' : 'comment';
      const content = recipe.langs[lang]!.map((parts) => fill(pick(r, parts), r, postId)).join('').replace(/\s+/g, ' ').trim();
      const authorUrl = recipe.authorUrl?.(r) ?? '';
      if (!content || seen.has(content)) continue;
      seen.add(content);
      out.push({
        id: `fx-${recipe.category}-${seen.size}`, category: recipe.category, lang, spam: recipe.spam, type,
        postId: type === 'comment' ? postId : null, content, authorUrl,
      });
    }
  }
  // A fixed interleaving (seeded), so a replay sees the categories mixed as a site would.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
