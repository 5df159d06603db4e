/**
 * Mention source pages, seeded: the pages behind pingbacks, trackbacks and webmentions to the posts in
 * scripts/mention-posts.ts, of every kind issue 9 names and of their genuine look-alikes. Written for Doorkeep;
 * the kinds were specified before any filter was run on them:
 *
 * Spam (should not be approved; held counts as not approved):
 * - scraper-copy: the post copied whole into a spam blog's page (nav, ad sidebar, footer), with a source link.
 * - scraper-partial: 40–70 % of the post's paragraphs, with ads and filler of the scraper's own.
 * - scraper-reordered: all or most of the post, paragraphs and sentences shuffled.
 * - scraper-spun-light / scraper-spun-heavy: the post through a synonym spinner (a general English thesaurus,
 *   about 30 % / 65 % of the words it knows replaced), often reordered, with ads and links injected inside.
 * - autoblog: an aggregator page of 6–14 excerpts of unrelated articles, the post's opening among them.
 * - digest: a link farm or directory of 20–90 links to unrelated sites, little text of its own.
 * - commercial: a sales page (supplements, essay writing, software, casino, SEO agency, VPN, crypto, loans,
 *   replica watches, CBD, dating) with prices, cart, testimonials, that links to the post (resources list,
 *   partners, an "interesting read" line).
 * - commercial-hook: the same, opening with a sentence or two about the post's subject before selling.
 * - trackback-spam: a trackback whose blog name and excerpt sell something, its page a sales page or a spun copy.
 * - foreign-spam: sales pages in Russian, Chinese, Spanish, German or Portuguese linking to the post.
 *
 * Genuine (should pass; held is tolerable, blocked is not):
 * - response-quote: a blog post that quotes one paragraph of the post in a blockquote and comments on it.
 * - citation: a post on a related subject citing the post among 2–5 related links.
 * - roundup: a blogger's weekly links on the post's subject (8–16 links to many sites, one or two sentences
 *   each): the hard look-alike of a digest.
 * - indieweb-short: a like, bookmark, repost or one-line reply (h-entry), in a full blog page.
 * - foreign-response: a response in German, Spanish, French, Icelandic, Dutch or Swedish quoting a sentence.
 * - translation: a translation of the post into another language, credited with a link.
 * - related-shop: a small business's post on the post's subject (a bakery, a bike shop…), with a shop in
 *   its navigation.
 *
 * Every page is wrapped in varied site chrome (navigation, sidebars with blogrolls, share buttons, footers,
 * comment sections, several HTML layouts), so a filter cannot key on one template.
 *
 * Two parts: `dev` (the first four posts, even-numbered entries of every sentence pool, seeds 1000+) for
 * tuning, and `held` (the last three posts, odd-numbered entries, seeds 5000+), never looked at while tuning.
 */
import { DEV_POSTS, HELD_POSTS, TRANSLATIONS, type MentionPost } from './mention-posts.js';
import { seeded } from './seeded.js';

export type Part = 'dev' | 'held';
export type MentionKind =
  | 'scraper-copy' | 'scraper-partial' | 'scraper-reordered' | 'scraper-spun-light' | 'scraper-spun-heavy'
  | 'autoblog' | 'digest' | 'commercial' | 'commercial-hook' | 'trackback-spam' | 'foreign-spam'
  | 'response-quote' | 'citation' | 'roundup' | 'indieweb-short' | 'foreign-response' | 'translation' | 'related-shop';

export const SPAM_KINDS: MentionKind[] = ['scraper-copy', 'scraper-partial', 'scraper-reordered', 'scraper-spun-light', 'scraper-spun-heavy', 'autoblog', 'digest', 'commercial', 'commercial-hook', 'trackback-spam', 'foreign-spam'];
export const GENUINE_KINDS: MentionKind[] = ['response-quote', 'citation', 'roundup', 'indieweb-short', 'foreign-response', 'translation', 'related-shop'];

export interface MentionCase {
  id: string;
  part: Part;
  kind: MentionKind;
  spam: boolean;
  type: 'pingback' | 'trackback' | 'webmention';
  postId: string;
  /** The source's host and path; the page is served there. */
  host: string;
  path: string;
  html: string;
  /** Trackbacks: what the sender says. */
  trackback?: { title: string; excerpt: string; blogName: string };
}

type Rng = () => number;
const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const chance = (r: Rng, p: number) => r() < p;
function shuffle<T>(r: Rng, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
const sample = <T>(r: Rng, list: readonly T[], n: number): T[] => shuffle(r, list).slice(0, n);
/** The part's half of a pool: even entries for development, odd for held-out (small pools are shared). */
const half = <T>(list: readonly T[], part: Part): T[] => (list.length < 4 ? [...list] : list.filter((_, i) => i % 2 === (part === 'dev' ? 0 : 1)));
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const sentences = (text: string) => text.split(/(?<=[.!?])\s+/).filter(Boolean);

// ---------------------------------------------------------------- hosts

const BLOG_NAMES = ['anna', 'birch', 'quietdesk', 'lena', 'marco', 'northwind', 'pebble', 'ravi', 'saltmarsh', 'tomas', 'ulla', 'vesper', 'wren', 'yuki', 'zofia', 'harbour', 'ink', 'kettle', 'lantern', 'moss', 'oak', 'petra', 'quill', 'river', 'sage', 'tide', 'juniper', 'fjord', 'gull', 'heron'];
const BLOG_SUFFIX = ['notes', 'writes', 'blog', 'journal', 'log', 'garden', 'field', 'days', 'home', 'press', ''];
const BLOG_TLDS = ['com', 'net', 'org', 'blog', 'me', 'is', 'de', 'se', 'nl', 'co.uk', 'fr', 'es', 'io', 'page'];
const SHOP_WORDS = ['best', 'top', 'pro', 'mega', 'smart', 'fast', 'cheap', 'prime', 'ultra', 'max', 'global', 'easy', 'deal', 'shop', 'store', 'hub', 'zone', 'daily', 'trend', 'viral', 'news', 'feed', 'buzz', 'info', 'world'];
const SPAM_TLDS = ['com', 'net', 'xyz', 'top', 'site', 'online', 'shop', 'biz', 'info', 'ru', 'club', 'live', 'store', 'io', 'cc', 'pw'];

function blogHost(r: Rng): string {
  const sub = chance(r, 0.25) ? pick(r, ['blog.', 'www.', 'notes.']) : '';
  const sep = chance(r, 0.3) ? '-' : '';
  return `${sub}${pick(r, BLOG_NAMES)}${sep}${pick(r, BLOG_SUFFIX)}${chance(r, 0.2) ? int(r, 2, 99) : ''}.${pick(r, BLOG_TLDS)}`;
}
function spamHost(r: Rng, hint = ''): string {
  const a = hint || pick(r, SHOP_WORDS);
  const b = pick(r, SHOP_WORDS);
  return `${chance(r, 0.3) ? 'www.' : ''}${a}${chance(r, 0.4) ? '-' : ''}${b}${chance(r, 0.3) ? int(r, 1, 999) : ''}.${pick(r, SPAM_TLDS)}`;
}
const slug = (s: string) => s.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'post';

// ---------------------------------------------------------------- unrelated articles (autoblogs, digests)

const HEADLINES = [
  'Ten tips for a better night\'s sleep', 'The best budget smartphones this year', 'How to clean a cast iron pan', 'Why the housing market is cooling',
  'Celebrity chef opens a third restaurant', 'What to pack for a weekend in Lisbon', 'Five exercises for a stronger back', 'New electric SUV tested on the motorway',
  'The history of the paperclip', 'How to train a puppy to walk on a lead', 'Interest rates: what the decision means for you', 'A beginner\'s guide to watercolour painting',
  'The top ten open world games', 'How to write a cover letter that works', 'Local football club wins the cup final', 'Simple pasta recipes for busy weeknights',
  'What is quantum computing, really?', 'How to lower your heating bill', 'Travel insurance explained', 'The rise of padel tennis',
  'How to grow basil on a windowsill', 'Why your laptop battery drains so fast', 'Seven podcasts to listen to this month', 'The science of procrastination',
  'Fashion trends for the spring season', 'How to negotiate a pay rise', 'A guide to the northern lights', 'The comeback of vinyl records',
  'Meal prep ideas for the whole week', 'How to choose a running shoe', 'Streaming services compared', 'Why cats knock things off tables',
];
const INTROS = [
  'Experts agree that small changes to your evening routine can make a big difference, and the first one costs nothing at all.',
  'We tested a dozen models over three months to find out which ones give you the most for your money.',
  'Prices fell for the third month in a row, and analysts expect the trend to continue well into next year.',
  'The city is packed with small restaurants, steep streets and viewpoints, and a long weekend is just enough to see the best of it.',
  'Whether you are a beginner or have trained for years, these movements strengthen the muscles that keep you upright.',
  'The new model promises a range of over five hundred kilometres, but how does it do at motorway speeds in the cold?',
  'Patience, treats and short sessions are the key, according to the trainers we spoke to this week.',
  'The central bank kept its rate unchanged, surprising some economists who had predicted a cut.',
  'You need only a few brushes, three colours and good paper to start, and mistakes are part of the fun.',
  'Hiring managers read hundreds of letters a week; here is what makes them stop and read yours.',
  'Fans celebrated late into the night after a dramatic win decided in the final minute of extra time.',
  'A good sauce, a handful of fresh herbs and twenty minutes are all it takes to get dinner on the table.',
  'Heavy curtains, a smart thermostat and sealing a few draughts can cut the bill more than you think.',
  'The sport has doubled its number of players in two years, and new courts are opening every month.',
  'Chargers, background apps and screen brightness are the usual suspects, but the real cause may surprise you.',
  'Researchers say it has less to do with laziness than with how we handle difficult feelings.',
];

// ---------------------------------------------------------------- the synonym spinner (a general thesaurus)

const THESAURUS: Record<string, string[]> = {
  most: ['many', 'the majority of'], take: ['need', 'require'], takes: ['needs', 'requires'], nearly: ['almost', 'virtually'], time: ['period', 'moment'],
  result: ['outcome', 'consequence'], deeper: ['richer', 'more profound'], beautifully: ['wonderfully', 'superbly'], start: ['begin', 'commence'],
  use: ['utilize', 'employ'], when: ['once', 'whenever'], then: ['next', 'after that'], give: ['provide', 'offer'], first: ['initial', 'primary'],
  put: ['place', 'set'], leave: ['keep', 'abandon'], long: ['lengthy', 'extended'], worry: ['fret', 'be concerned'], work: ['job', 'labor'],
  much: ['far', 'significantly'], easier: ['simpler', 'less complicated'], day: ['time', 'daytime'], until: ['till', 'up until'], completely: ['totally', 'entirely'],
  few: ['couple of', 'small number of'], things: ['items', 'stuff'], learned: ['discovered', 'found out'], hard: ['difficult', 'tough'], way: ['method', 'manner'],
  faster: ['quicker', 'more rapidly'], better: ['superior', 'finer'], usually: ['typically', 'generally'], weak: ['feeble', 'frail'], year: ['twelve months', 'season'],
  every: ['each', 'each and every'], people: ['folks', 'individuals'], ask: ['inquire', 'question'], honest: ['sincere', 'truthful'], answer: ['response', 'reply'],
  matters: ['counts', 'is important'], less: ['fewer', 'not as much'], one: ['single', 'one particular'], thing: ['factor', 'item'], would: ['will', 'could'],
  feel: ['seem', 'sense'], like: ['such as', 'similar to'], lower: ['reduced', 'decreased'], expect: ['anticipate', 'count on'], loud: ['noisy', 'deafening'],
  slow: ['sluggish', 'unhurried'], keep: ['maintain', 'retain'], back: ['rear', 'again'], warm: ['cozy', 'heated'], soaked: ['drenched', 'saturated'],
  arrive: ['get there', 'turn up'], thin: ['slim', 'skinny'], enough: ['sufficient', 'adequate'], clean: ['wash', 'cleanse'], week: ['seven days', 'weekly period'],
  because: ['since', 'as'], handful: ['small number', 'few'], services: ['solutions', 'offerings'], years: ['many years', 'decades'], remembered: ['recalled', 'recollected'],
  lost: ['misplaced', 'forfeited'], built: ['constructed', 'created'], afterwards: ['later', 'subsequently'], does: ['performs', 'carries out'], makes: ['creates', 'produces'],
  little: ['small', 'tiny'], fast: ['quick', 'rapid'], second: ['2nd', 'another'], fire: ['blaze', 'flames'], both: ['the two', 'each of them'],
  runs: ['operates', 'executes'], morning: ['early morning', 'dawn'], never: ['not ever', 'under no circumstances'], live: ['active', 'real-time'], after: ['following', 'subsequent to'],
  rest: ['remainder', 'relaxation'], once: ['one time', 'when'], month: ['30 days', 'calendar month'], random: ['arbitrary', 'haphazard'], compares: ['contrasts', 'matches'],
  each: ['every', 'every single'], send: ['transmit', 'deliver'], message: ['note', 'communication'], same: ['identical', 'similar'], already: ['previously', 'by now'],
  paper: ['document', 'sheet'], losing: ['misplacing', 'forfeiting'], means: ['implies', 'signifies'], everything: ['all things', 'the whole lot'], worse: ['inferior', 'poorer'],
  count: ['tally', 'number'], hour: ['sixty minutes', '60 minutes'], pair: ['couple', 'duo'], everyone: ['everybody', 'all people'], stripped: ['removed', 'cleared'],
  bring: ['attract', 'carry'], busy: ['occupied', 'active'], shallow: ['low', 'flat'], night: ['evening', 'nighttime'], food: ['nourishment', 'meals'],
  particular: ['specific', 'certain'], catch: ['contract', 'get'], dirty: ['filthy', 'soiled'], tried: ['attempted', 'experimented with'], finally: ['ultimately', 'at last'],
  stuck: ['remained', 'lasted'], oldest: ['earliest', 'most ancient'], method: ['approach', 'technique'], idea: ['concept', 'notion'], empty: ['vacant', 'bare'],
  spending: ['expenditure', 'outlay'], stops: ['halts', 'ceases'], secret: ['key', 'trick'], surprises: ['shocks', 'unexpected events'], important: ['essential', 'crucial'],
  room: ['space', 'area'], explanation: ['justification', 'reason'], allowed: ['permitted', 'acceptable'], buffer: ['cushion', 'reserve'], lives: ['existence', 'life'],
  moved: ['relocated', 'shifted'], knowing: ['understanding', 'being aware of'], reputation: ['status', 'name'], impossible: ['unattainable', 'hopeless'], advantage: ['benefit', 'plus'],
  worked: ['succeeded', 'functioned'], weekly: ['every week', 'once-a-week'], clear: ['obvious', 'plain'], single: ['individual', 'solitary'], even: ['still', 'yet'],
  kindness: ['generosity', 'courtesy'], delighted: ['thrilled', 'pleased'], help: ['assist', 'support'], heart: ['core', 'centre'], actually: ['truly', 'really'],
  patterns: ['designs', 'models'], later: ['afterwards', 'subsequently'], reading: ['studying', 'perusing'], slower: ['more sluggish', 'less quick'], taught: ['showed', 'instructed'],
  gave: ['handed', 'offered'], old: ['aged', 'former'], stopped: ['ceased', 'halted'], buying: ['purchasing', 'acquiring'], new: ['brand new', 'fresh'],
  opened: ['unsealed', 'unlocked'], later_: ['after', 'later on'], needs: ['requires', 'demands'], experience: ['expertise', 'knowledge'], look: ['glance', 'examine'],
  leaves: ['departs', 'leaves behind'], sticky: ['tacky', 'gummy'], remove: ['eliminate', 'get rid of'], full: ['complete', 'entire'], still: ['nevertheless', 'yet'],
  tells: ['informs', 'shows'], means_: ['signifies', 'indicates'], problem: ['issue', 'difficulty'], replaced: ['substituted', 'swapped'], cost: ['price', 'expense'],
  hardest: ['most difficult', 'toughest'], part: ['section', 'portion'], need: ['require', 'want'], check: ['verify', 'examine'], buy: ['purchase', 'acquire'],
  many: ['numerous', 'several'], made: ['produced', 'created'], big: ['large', 'huge'], small: ['little', 'tiny'], good: ['great', 'fine'], great: ['excellent', 'superb'],
  water: ['H2O', 'liquid'], dough: ['paste', 'batter'], loaf: ['bread', 'roll'], crust: ['shell', 'outer layer'], flavour: ['taste', 'savor'], bike: ['bicycle', 'cycle'],
  tyres: ['tires', 'wheels'], clothes: ['clothing', 'garments'], disk: ['drive', 'disc'], photos: ['pictures', 'images'], birds: ['fowl', 'avian creatures'], window: ['pane', 'casement'],
  money: ['cash', 'funds'], children: ['kids', 'youngsters'], keys: ['buttons', 'keystrokes'], board: ['panel', 'plank'], coffee: ['java', 'espresso'], friend: ['pal', 'buddy'],
};

/** Replaces about `rate` of the words the thesaurus knows, keeping capitals and punctuation. */
function spin(r: Rng, text: string, rate: number): string {
  return text.replace(/[A-Za-z_]+/g, (word) => {
    const options = THESAURUS[word.toLowerCase()];
    if (!options || !chance(r, rate)) return word;
    const swap = pick(r, options);
    return word[0] === word[0]!.toUpperCase() ? cap(swap) : swap;
  });
}

// ---------------------------------------------------------------- sales pages

interface Trade { name: string; products: string[]; lines: string[]; prices: [number, number] }
const TRADES: Trade[] = [
  { name: 'supplements', products: ['KetoSlim Pro', 'NutraBurn X', 'VitaLean Max', 'GlucoFix', 'ProstaVive', 'FlexiJoint Plus'], prices: [29, 89],
    lines: ['Our clinically tested formula helps you burn fat fast without diets or exercise.', 'Each capsule contains a powerful blend of natural ingredients for rapid weight loss.', 'Thousands of customers have already lost up to 15 kg in just four weeks.', 'Take two pills a day with water and watch the results.', 'Boost your metabolism, control your appetite and feel the energy all day.', 'Made in an FDA registered facility with the highest quality standards.'] },
  { name: 'essays', products: ['EssayPro Writers', 'GradeBoost', 'PaperMaster', 'HomeworkGenie', 'ThesisCraft'], prices: [9, 39],
    lines: ['Get your essay written by a professional academic writer in as little as three hours.', 'Plagiarism-free papers, any subject, any deadline, guaranteed grades.', 'Our writers hold masters and PhD degrees from top universities.', 'Order a dissertation, research paper or homework assignment today.', 'Cheap essay writing service trusted by over 50,000 students.', 'Free revisions and a full refund if you are not satisfied with the paper.'] },
  { name: 'software', products: ['TaskFlow Cloud', 'ProjectPilot', 'SyncDesk 365', 'ClickCRM', 'DataVault Backup Suite'], prices: [12, 99],
    lines: ['The all-in-one platform that helps your team ship faster and stay organised.', 'Start your free 14-day trial today, no credit card required.', 'Integrates with over 200 apps including Slack, Gmail and Salesforce.', 'Trusted by more than 10,000 businesses worldwide.', 'Upgrade to the Enterprise plan for single sign-on, audit logs and priority support.', 'Download the desktop app for Windows, Mac and Linux.'] },
  { name: 'casino', products: ['LuckySpin Casino', 'Jackpot Royale', 'MegaWin Slots', 'BetKing Online', 'Golden Ace Poker'], prices: [10, 500],
    lines: ['Claim your 200% welcome bonus and 100 free spins on your first deposit.', 'Play the best online slots, poker and live roulette from your phone.', 'Withdraw your winnings instantly, no verification needed.', 'Join thousands of winners: the jackpot is growing every minute.', 'Exclusive bonus code for new players, valid this week only.', 'Licensed and secure, with 24/7 customer support.'] },
  { name: 'seo', products: ['RankRocket SEO', 'LinkBoost Agency', 'TopPage Marketing', 'Backlink Builders', 'SERP Masters'], prices: [99, 999],
    lines: ['We put your website on the first page of Google, guaranteed.', 'High authority backlinks from real blogs with DA 50+.', 'Our SEO agency has ranked over 3,000 clients in competitive niches.', 'Get a free website audit and a custom link building plan.', 'Guest posts, PBN links and local SEO packages at affordable prices.', 'More traffic, more leads, more sales: contact our marketing team today.'] },
  { name: 'vpn', products: ['ShieldVPN', 'NordicGuard VPN', 'SafeTunnel Pro', 'GhostSurf'], prices: [3, 12],
    lines: ['Protect your privacy online with military-grade encryption.', 'Unblock streaming sites and watch your favourite shows from anywhere.', 'Lightning fast servers in 90 countries, no logs policy.', 'Save 70% on the two-year plan plus three months free.', 'One account covers up to ten devices.', '30-day money-back guarantee, cancel anytime.'] },
  { name: 'crypto', products: ['CoinVault Exchange', 'BitProfit AI', 'CryptoSignals Pro', 'MoonToken'], prices: [50, 250],
    lines: ['Our AI trading bot earns up to 3% profit a day on autopilot.', 'Buy Bitcoin, Ethereum and 300 other coins with the lowest fees.', 'Join the presale now and get a 40% bonus on every token.', 'Passive income made simple: stake your coins and earn daily rewards.', 'Withdraw anytime, minimum deposit only $250.', 'Thousands of investors already doubled their money.'] },
  { name: 'loans', products: ['QuickCash Loans', 'PaydayNow', 'EasyCredit Direct', 'InstaLoan'], prices: [100, 5000],
    lines: ['Get up to $5,000 in your account today, even with bad credit.', 'Instant approval, no paperwork, no credit check.', 'Apply online in five minutes and receive the money within the hour.', 'Flexible repayment plans and low interest rates.', 'Consolidate your debt with one simple monthly payment.', 'Trusted lender with thousands of satisfied customers.'] },
  { name: 'watches', products: ['Replica Rolex Submariner', 'Luxury Swiss Replica Watches', 'Omega Seamaster Replica', 'AAA Designer Watches'], prices: [89, 399],
    lines: ['Swiss quality replica watches at a fraction of the price.', 'Identical to the original in every detail, with a one-year warranty.', 'Free worldwide shipping in discreet packaging.', 'Shop luxury watches, designer bags and jewellery at wholesale prices.', 'New models added every week, limited stock.', 'Secure payment by card or PayPal.'] },
  { name: 'cbd', products: ['PureLeaf CBD Oil', 'CalmHemp Gummies', 'ZenDrops 1000mg', 'RxMeds Online Pharmacy'], prices: [19, 149],
    lines: ['Full spectrum CBD oil for anxiety, sleep and pain relief.', 'Lab tested, organic and legal in all 50 states.', 'Buy generic medication online without a prescription.', 'Discreet delivery in three to five days.', 'Get 20% off your first order with the code CALM20.', 'Order now and feel the difference in a week.'] },
  { name: 'dating', products: ['MatchMeet', 'LoveConnect', 'SingleSpark', 'FlirtNow'], prices: [15, 45],
    lines: ['Meet attractive singles in your area tonight.', 'Join free and start chatting in under a minute.', 'Millions of verified profiles, real people, real dates.', 'Premium members get unlimited messages and see who liked them.', 'Find love or just have fun, you decide.', 'Download the app and get three days of premium free.'] },
];
const SALES_LINES = [
  'Add to cart', 'Buy now', 'Free shipping on orders over $50', 'Limited time offer: 50% off today only', '30-day money-back guarantee', 'Secure checkout',
  'Customer reviews', 'Best seller', 'In stock, ships within 24 hours', 'Subscribe to our newsletter for exclusive deals', 'Compare plans', 'Frequently asked questions',
  'Use coupon code SAVE20 at checkout', 'Rated 4.9/5 by 12,000 customers', 'Order today and get a free gift', 'Pricing', 'Start free trial', 'Contact sales',
];
const TESTIMONIALS = [
  'I could not believe the results after only two weeks!', 'Best purchase I have made this year, highly recommended.', 'Fast delivery and great customer service.',
  'Worth every penny. I already ordered again.', 'My friends keep asking me what my secret is.', 'Simple to use and it actually works.',
  'Five stars, would buy again.', 'Changed my life, honestly.',
];
const LINK_INTROS = [
  'Interesting read:', 'Related article:', 'Source:', 'Further reading:', 'Recommended:', 'See also:', 'You might also like:', 'Read more at', 'Via', 'Originally from',
  'Check this out:', 'More on this topic:',
];
const HOOKS = [
  'Everyone is talking about {kw} these days, and for good reason.', 'If you enjoy {kw}, you will love what we have for you.', 'Like many of our readers, we have been reading about {kw} lately.',
  'Before we get to our offer, a word about {kw}.', 'Whether you are into {kw} or not, here is something that will change your life.', 'We found a great article about {kw} and wanted to share it.',
  '{Kw} is a great hobby, but it takes energy.', 'After a long day of {kw}, you deserve a treat.',
];
const FOREIGN_SALES: Record<string, string[]> = {
  ru: ['Купить качественные товары по низким ценам с доставкой по всей России.', 'Скидка 50% только сегодня! Успейте оформить заказ.', 'Лучшее казино онлайн: бонус 200% на первый депозит.', 'Быстрые займы без проверки кредитной истории.', 'Доставка бесплатно при заказе от 3000 рублей.', 'Наши менеджеры ответят на все вопросы круглосуточно.', 'Эффективное средство для похудения, результат за 7 дней.'],
  zh: ['正品保证，全场低价，免费送货上门。', '限时优惠，今天下单立减百分之五十。', '在线娱乐平台，注册即送丰厚奖金。', '专业代写论文，快速交付，保证原创。', '点击购买，支持货到付款。', '客服二十四小时在线为您服务。', '最新款式，欢迎选购。'],
  es: ['Compra los mejores productos al mejor precio con envío gratis.', 'Oferta por tiempo limitado: 50% de descuento solo hoy.', 'Préstamos rápidos sin aval y sin consultar buró.', 'Casino en línea con bono de bienvenida del 200%.', 'Pastillas para adelgazar, resultados garantizados en una semana.', 'Paga de forma segura con tarjeta o PayPal.', 'Atención al cliente las 24 horas.'],
  de: ['Kaufen Sie jetzt zum besten Preis mit kostenlosem Versand.', 'Nur heute: 50 % Rabatt auf alle Produkte.', 'Kredit ohne Schufa, sofortige Auszahlung.', 'Online Casino mit 200 % Willkommensbonus und Freispielen.', 'Abnehmen ohne Diät: die Kapseln wirken in sieben Tagen.', 'Sichere Zahlung und Lieferung in zwei Tagen.', 'Jetzt bestellen und Gutschein sichern.'],
  pt: ['Compre agora com o melhor preço e frete grátis.', 'Promoção por tempo limitado: 50% de desconto hoje.', 'Empréstimo rápido sem consulta ao SPC e Serasa.', 'Cassino online com bônus de 200% no primeiro depósito.', 'Emagreça rápido com nossas cápsulas naturais.', 'Pagamento seguro por cartão ou boleto.', 'Atendimento 24 horas por dia.'],
};

// ---------------------------------------------------------------- genuine prose

const RESPONSE_OPENERS = [
  '{author} wrote about {title} this week, and I have been thinking about it since.', 'I came across {author}\'s post on {kw} via a friend, and it is worth your time.',
  'This is a response to {author}\'s piece, {title}.', 'A post I keep returning to: {title}.', 'Reading {author} on {kw} made me want to write down my own experience.',
  'I disagree with one part of {author}\'s post about {kw}, and agree with the rest.', 'Some thoughts after reading {title}.', 'Over breakfast I read {author}\'s post about {kw}.',
  '{author} has a new post up about {kw}, and this paragraph stood out for me:', 'Here is a passage from {author}\'s {title} that I want to talk about:',
  'I bookmarked {author}\'s post on {kw} last week and finally tried it.', 'My reply to {title}, because it got too long for a comment.',
];
const RESPONSE_LINES = [
  'That matches what I have seen, with one difference: {kw} took me much longer to get right than the post suggests.', 'I want to push back a little on the part about {kw}.',
  'What I like about this approach is that it does not pretend {kw} is easy.', 'The part about {kw} is the one I wish someone had told me five years ago.',
  'My own experience with {kw} was messier, but the advice holds.', 'I tried this with {kw} and {kw2} over the last month, and here is what happened.',
  'It is rare to read something about {kw} that is this practical.', 'I would add one thing about {kw2}: it depends a lot on where you live.',
  'We have had long discussions at home about {kw}, and this post settled one of them.', 'If you only take one idea from it, take the one about {kw2}.',
  'Not everything transfers to my situation, especially {kw2}, but most of it does.', 'I am still not convinced about {kw2}, and I would love to hear from others who tried it.',
  'Since then I have changed how I think about {kw}.', 'The comments on the original are worth reading too; several people mention {kw2}.',
  'Honestly, {kw} had always intimidated me a bit, and this made it feel doable.', 'Next month I will report back on how {kw2} went.',
];
const TANGENTS = [
  'It has been a long, grey month here, and the evenings are for reading.', 'My partner laughed when I told her I was writing a whole post about this.',
  'The children were at their grandparents this weekend, so I finally had time.', 'I am writing this on the train, so forgive the typos.',
  'Our neighbour, who has done this for thirty years, just nodded when I told him.', 'It rained all Saturday, which was perfect for an experiment.',
  'I have been keeping notes in a paper notebook, which I recommend.', 'This blog has been quiet for a while; life got busy.',
];
const CLOSERS = [
  'Thanks, {author}, for writing it up.', 'Go and read the whole thing.', 'Let me know how it goes if you try it.', 'More on this soon.', 'As always, comments are open.',
  'I will update this post if anything changes.', 'Thanks for reading.', 'That is all for today.',
];
const FOREIGN_RESPONSES: Record<string, { open: string[]; lines: string[] }> = {
  de: { open: ['{author} hat einen lesenswerten Beitrag geschrieben: {title}.', 'Gerade gelesen und für gut befunden: {title}.'], lines: ['Besonders der Teil über {kw} hat mich überzeugt.', 'Ich habe das letzte Woche selbst ausprobiert und kann es nur empfehlen.', 'Bei uns ist es etwas anders, aber die Grundidee stimmt.', 'Hier ein Zitat, das mir gefallen hat:', 'Danke für die vielen praktischen Hinweise!'] },
  es: { open: ['{author} publicó un artículo muy interesante: {title}.', 'Acabo de leer {title} y quiero comentarlo.'], lines: ['Lo que dice sobre {kw} me parece muy acertado.', 'Lo probé el fin de semana y funcionó bastante bien.', 'En mi caso fue un poco diferente, pero la idea es la misma.', 'Me quedo con esta frase:', 'Gracias por compartir tu experiencia.'] },
  fr: { open: ['{author} a publié un billet passionnant : {title}.', 'Je viens de lire {title} et j\'ai envie d\'en parler.'], lines: ['Le passage sur {kw} m\'a particulièrement parlé.', 'J\'ai essayé ce week-end et le résultat était au rendez-vous.', 'Chez moi, les choses sont un peu différentes, mais le principe reste valable.', 'Je retiens cette phrase :', 'Merci pour ce partage très concret.'] },
  is: { open: ['{author} skrifaði áhugaverða færslu: {title}.', 'Ég var að lesa {title} og langar að segja nokkur orð.'], lines: ['Kaflinn um {kw} fannst mér sérstaklega góður.', 'Ég prófaði þetta um helgina og það gekk vel.', 'Hjá mér var þetta aðeins öðruvísi, en hugmyndin er sú sama.', 'Þessi setning situr í mér:', 'Takk fyrir að deila þessu.'] },
  nl: { open: ['{author} schreef een mooi stuk: {title}.', 'Net gelezen en de moeite waard: {title}.'], lines: ['Vooral het stuk over {kw} vond ik sterk.', 'Ik heb het vorige week zelf geprobeerd en het werkt.', 'Bij ons gaat het net iets anders, maar het idee klopt.', 'Dit citaat bleef hangen:', 'Bedankt voor de praktische tips!'] },
  sv: { open: ['{author} har skrivit ett läsvärt inlägg: {title}.', 'Jag läste just {title} och vill säga något om det.'], lines: ['Avsnittet om {kw} tyckte jag särskilt mycket om.', 'Jag provade själv i helgen och det fungerade bra.', 'Hos oss är det lite annorlunda, men tanken håller.', 'Det här citatet fastnade:', 'Tack för alla konkreta tips!'] },
};
const ROUNDUP_TITLES = ['Weekly links: {kw}', 'Link roundup #{n}', 'Things I read this week', 'Sunday reading: {kw} and more', 'Bookmarks for week {n}', 'What I read in {month}', 'Friday links', 'Good reads on {kw}'];
const ROUNDUP_HEADLINES = [
  'What a year of {kw} taught me', '{Kw} for beginners', 'Notes on {kw} and {kw2}', 'The trouble with {kw}', 'Why I stopped worrying about {kw}', 'A field guide to {kw}',
  '{Kw}, revisited', 'Three mistakes I made with {kw}', 'How I think about {kw2} now', 'An honest review of my {kw} setup', 'The case for {kw2}', 'Getting started with {kw2}',
  '{Kw} on a budget', 'Small lessons from {kw}', 'Everything I know about {kw2}', 'My {kw} experiment, one month in',
];
const ROUNDUP_NOTES = [
  'A thoughtful piece on {kw}; the part about {kw2} is the best I have read.', 'Long, but worth it if you care about {kw}.', 'Short and practical.',
  'I disagree with the conclusion, but the reasoning about {kw2} is careful.', 'Lovely photographs, too.', 'The comments are as good as the post.',
  'A good counterpoint to last week\'s link about {kw}.', 'Bookmark this one.', 'Finally someone says it about {kw2}.', 'Includes a useful checklist.',
  'Via a reader, thank you!', 'A beginner-friendly introduction.',
];
const SHORT_REPLIES = [
  'Great write-up! I will try the {kw} part this weekend.', 'This is exactly what I needed to read today.', 'Saving this for later; the bit about {kw} is gold.',
  'Same experience here with {kw}.', 'Thanks for this, {author}.', 'Love this. We do something similar with {kw2}.', 'So good. Sharing with my partner.',
  'Yes! {Kw} is underrated.', 'Adding this to my notes on {kw}.', 'Bookmarked. I have been meaning to look into {kw2}.',
];
const SHOP_KINDS: Record<string, { shop: string; items: string[] }> = {
  'cold-ferment-sourdough': { shop: 'bakery', items: ['bannetons', 'bread knives', 'our country loaf', 'baking classes'] },
  'winter-bike-commute': { shop: 'bike shop', items: ['studded tyres', 'winter servicing', 'lights', 'fenders'] },
  'restic-backups': { shop: 'IT consultancy', items: ['backup audits', 'managed servers', 'workshops'] },
  'feeder-birds-winter': { shop: 'garden centre', items: ['bird feeders', 'sunflower hearts', 'nest boxes'] },
  'envelope-budgeting': { shop: 'financial coaching practice', items: ['one-to-one sessions', 'a budgeting workbook', 'workshops'] },
  'learning-icelandic': { shop: 'language school', items: ['evening classes', 'private tutoring', 'reading groups'] },
  'keyboard-repair': { shop: 'repair café and parts shop', items: ['switches', 'keycap sets', 'soldering kits', 'repair evenings'] },
};

// ---------------------------------------------------------------- page chrome

interface Chrome { siteName: string; host: string; lang: string; spammy: boolean }
const NAV_ITEMS = ['Home', 'About', 'Archive', 'Contact', 'Blog', 'Projects', 'Now', 'Tags', 'Subscribe', 'Uses', 'Photos', 'Shop', 'Categories', 'RSS'];
const SHARE = ['https://www.facebook.com/sharer/sharer.php?u=', 'https://twitter.com/intent/tweet?url=', 'https://www.linkedin.com/sharing/share-offsite/?url=', 'https://www.reddit.com/submit?url=', 'https://pinterest.com/pin/create/button/?url=', 'https://api.whatsapp.com/send?text=', 'https://mastodon.social/share?text='];
const SOCIAL = ['https://github.com/', 'https://mastodon.social/@', 'https://www.instagram.com/', 'https://bsky.app/profile/', 'https://www.flickr.com/photos/', 'https://www.youtube.com/@'];
const POWERED = ['<a href="https://wordpress.org/">Powered by WordPress</a>', '<a href="https://gohugo.io/">Built with Hugo</a>', '<a href="https://ghost.org/">Published with Ghost</a>', '<a href="https://www.11ty.dev/">Made with Eleventy</a>', 'Theme by <a href="https://themes.example-studio.com/">Studio</a>', ''];
const COMMENTERS = ['Maria', 'Jon', 'Sigrid', 'Pete', 'Aisha', 'Kenji', 'Eva', 'Liam', 'Nora', 'Omar'];
const COMMENT_LINES = ['Lovely post, thank you!', 'I had the same problem last year.', 'Could you share more about this?', 'Great photos.', 'This made my day.', 'Agreed, with one caveat.', 'Thanks, trying this tomorrow.'];
const ADS = ['Best Casino Bonus 2026', 'Lose 10kg Fast', 'Cheap Flights Here', 'Earn $500/day from home', 'Hot Singles Near You', 'Top VPN Deal', 'Crypto Signals', 'Essay Help 24/7'];

function chromeWrap(r: Rng, c: Chrome, title: string, main: string, sourceUrl: string): string {
  const nav = sample(r, NAV_ITEMS, int(r, 3, 7)).map((n) => `<a href="/${slug(n)}/">${n}</a>`).join(' ');
  const parts: string[] = [];
  const sidebar: string[] = [];
  if (!c.spammy && chance(r, 0.5)) sidebar.push(`<h3>${pick(r, ['Blogroll', 'Friends', 'Elsewhere', 'Blogs I read', 'Links'])}</h3><ul>${Array.from({ length: int(r, 3, 14) }, () => { const h = blogHost(r); return `<li><a href="https://${h}/">${h.split('.')[0]}</a></li>`; }).join('')}</ul>`);
  if (chance(r, 0.6)) sidebar.push(`<h3>Recent posts</h3><ul>${sample(r, HEADLINES, int(r, 3, 6)).map((h) => `<li><a href="/${c.spammy ? '' : '2025/'}${slug(h)}/">${c.spammy ? h : cap(slug(h).split('-').slice(0, 3).join(' '))}</a></li>`).join('')}</ul>`);
  if (chance(r, 0.4)) sidebar.push(`<h3>Archives</h3><ul>${['January', 'February', 'March', 'April', 'May', 'June'].slice(0, int(r, 2, 6)).map((m) => `<li><a href="/2026/${m.toLowerCase()}/">${m} 2026</a></li>`).join('')}</ul>`);
  if (c.spammy) sidebar.push(`<div class="ads">${sample(r, ADS, int(r, 2, 6)).map((a) => `<a href="https://${spamHost(r)}/?ref=${int(r, 100, 999)}">${a}</a>`).join('<br>')}</div>`);
  const share = chance(r, c.spammy ? 0.5 : 0.45) ? `<div class="share">Share: ${sample(r, SHARE, int(r, 2, 7)).map((s) => `<a href="${s}${encodeURIComponent(sourceUrl)}">${s.split('/')[2]!.replace('www.', '').split('.')[0]}</a>`).join(' ')}</div>` : '';
  const comments = !c.spammy && chance(r, 0.4)
    ? `<section id="comments"><h3>${int(r, 1, 5)} comments</h3>${Array.from({ length: int(r, 1, 5) }, () => { const who = pick(r, COMMENTERS); return `<div class="comment"><b>${chance(r, 0.4) ? `<a href="https://${blogHost(r)}/">${who}</a>` : who}</b><p>${pick(r, COMMENT_LINES)}</p></div>`; }).join('')}</section>` : '';
  const social = chance(r, 0.5) ? sample(r, SOCIAL, int(r, 1, 4)).map((s) => `<a href="${s}${c.siteName.toLowerCase().replace(/[^a-z]/g, '')}">${s.split('/')[2]!.replace('www.', '').split('.')[0]}</a>`).join(' · ') : '';
  const footer = `<footer><p>© 2026 ${esc(c.siteName)}. ${pick(r, POWERED)} ${social}</p>${c.spammy && chance(r, 0.5) ? `<p>${pick(r, ['Disclaimer: we may earn a commission.', 'All content is for informational purposes.', 'DMCA · Privacy · Terms'])}</p>` : ''}</footer>`;
  const head = `<!doctype html><html lang="${c.lang}"><head><meta charset="utf-8"><title>${esc(title)} | ${esc(c.siteName)}</title><meta name="viewport" content="width=device-width"><link rel="stylesheet" href="/style.css">${chance(r, 0.5) ? '<script>window.dataLayer=[];function gtag(){dataLayer.push(arguments)}</script>' : ''}<style>body{font-family:serif}</style></head>`;
  const layout = int(r, 0, 3);
  parts.push(head, '<body>');
  if (layout === 3) {
    parts.push(`<table width="100%"><tr><td colspan="2"><h2>${esc(c.siteName)}</h2>${nav}</td></tr><tr><td valign="top">${main}${share}${comments}</td><td valign="top" width="200">${sidebar.join('')}</td></tr></table>${footer}`);
  } else {
    parts.push(`<header><a class="site" href="/">${esc(c.siteName)}</a><nav>${nav}</nav></header>`);
    const body = `<main>${main}${share}${comments}</main>`;
    const aside = sidebar.length ? `<aside>${sidebar.join('')}</aside>` : '';
    parts.push(layout === 1 ? `${aside}${body}` : `${body}${aside}`, footer);
  }
  parts.push('</body></html>');
  return parts.join('\n');
}

// ---------------------------------------------------------------- the kinds

interface Ctx { r: Rng; part: Part; post: MentionPost; target: string; author: string; host: string; path: string }
type Built = { html: string; title: string; siteName: string; excerpt?: string; type?: MentionCase['type'] };

const AUTHORS = ['Halla', 'Halla Sigurðardóttir', 'the author', 'Halla S.'];
const fill = (r: Rng, t: string, c: Ctx) => {
  const kws = shuffle(r, c.post.keywords);
  return t.replace(/\{author\}/g, c.author).replace(/\{title\}/g, c.post.title).replace(/\{kw\}/g, kws[0]!).replace(/\{Kw\}/g, cap(kws[0]!))
    .replace(/\{kw2\}/g, kws[1]!).replace(/\{n\}/g, String(int(r, 2, 180))).replace(/\{month\}/g, pick(r, ['January', 'March', 'May', 'October']));
};
const paragraphsOf = (post: MentionPost) => post.body.split('\n\n');
const link = (href: string, text: string) => `<a href="${esc(href)}">${esc(text)}</a>`;
const sourceLink = (r: Rng, c: Ctx) => `<p>${pick(r, LINK_INTROS)} ${link(c.target, chance(r, 0.5) ? c.post.title : pick(r, ['original post', 'source', c.target.replace(/^https?:\/\//, ''), 'here']))}</p>`;

function scraperSite(r: Rng): string {
  return `${cap(pick(r, SHOP_WORDS))} ${pick(r, ['News', 'Daily', 'Hub', 'Feed', 'Blog', 'Trends', 'Digest', 'Magazine'])}`;
}

function withAds(r: Rng, paras: string[], spammy: boolean): string {
  return paras.map((p, i) => `<p>${esc(p)}</p>${spammy && i > 0 && chance(r, 0.3) ? `<div class="ad">${link(`https://${spamHost(r)}/`, pick(r, ADS))}</div>` : ''}`).join('\n');
}

function injectLinks(r: Rng, paras: string[]): string[] {
  return paras.map((p) => {
    if (!chance(r, 0.35)) return p;
    const words = p.split(' ');
    const at = int(r, 1, Math.max(1, words.length - 2));
    words.splice(at, 0, `[[${pick(r, ['best deals', 'click here', 'top offer', 'more info', 'free trial', 'buy online'])}]]`);
    return words.join(' ');
  });
}
const renderInjected = (r: Rng, html: string) => html.replace(/\[\[([^\][]+)\]\]/g, (_, text: string) => link(`https://${spamHost(r)}/`, text));

function scraper(c: Ctx, mode: 'copy' | 'partial' | 'reordered' | 'light' | 'heavy'): Built {
  const { r, post } = c;
  let paras = paragraphsOf(post);
  if (mode === 'partial') {
    const n = Math.max(1, Math.round(paras.length * (0.4 + r() * 0.3)));
    const from = chance(r, 0.6) ? 0 : int(r, 0, paras.length - n);
    paras = paras.slice(from, from + n);
  }
  if (mode === 'reordered' || ((mode === 'light' || mode === 'heavy') && chance(r, 0.6))) {
    paras = shuffle(r, paras).map((p) => (chance(r, 0.6) ? shuffle(r, sentences(p)).join(' ') : p));
    if (mode === 'reordered' && paras.length > 2 && chance(r, 0.4)) paras = paras.slice(0, paras.length - 1);
  }
  if (mode === 'light' || mode === 'heavy') paras = paras.map((p) => spin(r, p, mode === 'light' ? 0.3 : 0.65));
  if (mode !== 'copy' && chance(r, 0.5)) paras = injectLinks(r, paras);
  const title = mode === 'light' || mode === 'heavy' ? spin(r, post.title, 0.8) : chance(r, 0.3) ? `${post.title} – ${pick(r, ['Must Read', 'Full Guide', '2026', 'Tips'])}` : post.title;
  const filler = mode === 'partial' && chance(r, 0.6) ? `<p>${pick(r, INTROS)}</p>` : '';
  const siteName = scraperSite(r);
  const linkAt = pick(r, ['top', 'bottom', 'inline']);
  const main = `<article><h1>${esc(title)}</h1>${linkAt === 'top' ? sourceLink(r, c) : ''}<div class="entry">${renderInjected(r, withAds(r, paras, true))}${filler}</div>${linkAt === 'bottom' ? sourceLink(r, c) : linkAt === 'inline' ? `<p>${link(c.target, pick(r, ['Continue reading', 'Read the full article', 'Source', '»']))}</p>` : ''}${chance(r, 0.5) ? `<div class="related"><h4>Related</h4>${sample(r, HEADLINES, 4).map((h) => link(`/${slug(h)}/`, h)).join('<br>')}</div>` : ''}</article>`;
  return { html: chromeWrap(r, { siteName, host: c.host, lang: 'en', spammy: true }, title, main, `https://${c.host}${c.path}`), title, siteName };
}

function autoblog(c: Ctx): Built {
  const { r, post } = c;
  const words = post.body.split(/\s+/);
  const excerpt = words.slice(0, int(r, 25, 60)).join(' ') + '…';
  const items = sample(r, HEADLINES, int(r, 5, 13)).map((h) => ({ title: h, text: pick(r, INTROS), href: `https://${spamHost(r)}/${slug(h)}/` }));
  items.splice(int(r, 0, items.length), 0, { title: post.title, text: excerpt, href: c.target });
  const siteName = scraperSite(r);
  const main = `<h1>${pick(r, ['Latest stories', 'Trending now', 'Today\'s top articles', 'News feed', 'Fresh from the web'])}</h1>${items.map((i) => `<div class="item"><h2>${link(i.href, i.title)}</h2><p>${esc(i.text)} ${link(i.href, pick(r, ['Read more', 'Continue reading »', 'Full story']))}</p></div>`).join('\n')}`;
  return { html: chromeWrap(r, { siteName, host: c.host, lang: 'en', spammy: true }, 'Latest stories', main, `https://${c.host}${c.path}`), title: pick(r, ['Latest stories', 'Trending now']), siteName, excerpt };
}

function digest(c: Ctx): Built {
  const { r, post } = c;
  const n = int(r, 20, 90);
  const style = int(r, 0, 2);
  const entries = Array.from({ length: n }, () => ({ text: chance(r, 0.5) ? pick(r, HEADLINES) : `${cap(pick(r, SHOP_WORDS))} ${pick(r, ['Shop', 'Deals', 'Online', 'Reviews', 'Guide', 'Store'])}`, href: `https://${chance(r, 0.5) ? spamHost(r) : blogHost(r)}/${chance(r, 0.5) ? slug(pick(r, HEADLINES)) : ''}` }));
  entries.splice(int(r, 0, n), 0, { text: chance(r, 0.5) ? post.title : pick(r, ['bread', 'blog', 'article', post.keywords[0]!]), href: c.target });
  const siteName = `${cap(pick(r, SHOP_WORDS))} ${pick(r, ['Directory', 'Links', 'Web Guide', 'Bookmarks', 'Resources'])}`;
  const title = pick(r, ['Useful links', 'Web directory', 'Top sites', 'Resources', 'Best links of the week', 'Link list']);
  const list = style === 0
    ? `<ul>${entries.map((e) => `<li>${link(e.href, e.text)}</li>`).join('')}</ul>`
    : style === 1
      ? entries.map((e) => `<p>${link(e.href, e.text)} – ${pick(r, ['great site', 'recommended', 'useful', 'top resource', 'check it', ''])}</p>`).join('')
      : `<div class="cloud">${entries.map((e) => link(e.href, e.text)).join(' | ')}</div>`;
  const main = `<h1>${title}</h1>${chance(r, 0.6) ? `<p>${pick(r, ['Welcome to our directory of the best websites.', 'Here are the best links we found this week.', 'Submit your site for free!', 'Our editors collect the most useful resources on the web.'])}</p>` : ''}${list}`;
  return { html: chromeWrap(r, { siteName, host: c.host, lang: 'en', spammy: true }, title, main, `https://${c.host}${c.path}`), title, siteName };
}

function salesPage(c: Ctx, trade: Trade, hook: boolean): Built {
  const { r } = c;
  const product = pick(r, trade.products);
  const price = int(r, trade.prices[0], trade.prices[1]);
  const lines = shuffle(r, trade.lines).slice(0, int(r, 3, 6));
  const hookText = hook ? `<p>${fill(r, pick(r, half(HOOKS, c.part)), c)} ${chance(r, 0.5) ? fill(r, pick(r, HOOKS), c) : ''}</p>` : '';
  const sales = sample(r, SALES_LINES, int(r, 3, 7));
  const testimonials = chance(r, 0.6) ? `<section class="reviews">${sample(r, TESTIMONIALS, int(r, 2, 4)).map((t) => `<blockquote>${t} – ${pick(r, COMMENTERS)} ${pick(r, ['K.', 'M.', 'S.', 'T.'])}</blockquote>`).join('')}</section>` : '';
  const placement = pick(r, ['resources', 'partners', 'inline', 'blog']);
  const others = Array.from({ length: int(r, 2, 7) }, () => link(`https://${chance(r, 0.5) ? spamHost(r) : blogHost(r)}/`, pick(r, HEADLINES)));
  const toPost = link(c.target, chance(r, 0.5) ? c.post.title : pick(r, ['this article', 'source', 'read more', c.post.keywords[0]!]));
  const linkBlock = placement === 'resources' ? `<h3>Resources</h3><ul>${shuffle(r, [...others, toPost]).map((l) => `<li>${l}</li>`).join('')}</ul>`
    : placement === 'partners' ? `<div class="partners">Partners: ${shuffle(r, [...others, toPost]).join(' · ')}</div>`
      : placement === 'inline' ? `<p>${pick(r, LINK_INTROS)} ${toPost}</p>`
        : `<h3>From our blog</h3><p>${pick(r, INTROS)} ${pick(r, LINK_INTROS)} ${toPost}</p>`;
  const schema = chance(r, 0.5) ? `<div itemscope itemtype="https://schema.org/Product"><span itemprop="name">${esc(product)}</span> <span itemprop="offers" itemscope itemtype="https://schema.org/Offer"><meta itemprop="priceCurrency" content="USD"><span itemprop="price">${price}.99</span></span></div>` : '';
  const main = `<section class="hero"><h1>${esc(product)}${chance(r, 0.5) ? ` – ${pick(r, ['Official Site', 'Best Price', '#1 Rated', 'Order Today'])}` : ''}</h1>${hookText}${lines.map((l) => `<p>${esc(l)}</p>`).join('')}
<div class="buy"><span class="price">$${price}.99</span> ${chance(r, 0.5) ? `<s>$${price * 2}.99</s>` : ''} <a class="btn" href="/cart?add=${int(r, 1, 99)}">${pick(r, ['Add to cart', 'Buy now', 'Order now', 'Get started', 'Claim offer'])}</a></div>${schema}
<ul class="perks">${sales.map((s) => `<li>${esc(s)}</li>`).join('')}</ul></section>${testimonials}${linkBlock}`;
  const siteName = product;
  return { html: chromeWrap(r, { siteName, host: c.host, lang: 'en', spammy: true }, product, main, `https://${c.host}${c.path}`), title: product, siteName, excerpt: lines.slice(0, 2).join(' ') };
}

function foreignSpam(c: Ctx): Built {
  const { r } = c;
  const lang = pick(r, Object.keys(FOREIGN_SALES));
  const lines = sample(r, FOREIGN_SALES[lang]!, int(r, 3, 6));
  const title = lines[0]!.slice(0, 40);
  const main = `<h1>${esc(title)}</h1>${lines.map((l) => `<p>${esc(l)}</p>`).join('')}<p><span class="price">${int(r, 10, 900)} ${pick(r, ['₽', '¥', '€', 'R$'])}</span> <a href="/cart">🛒</a></p><p>${link(c.target, chance(r, 0.5) ? c.post.title : pick(r, ['ссылка', '链接', 'enlace', 'Link', 'fonte']))}</p>${Array.from({ length: int(r, 1, 6) }, () => link(`https://${spamHost(r)}/`, pick(r, lines).slice(0, 20))).join(' ')}`;
  return { html: chromeWrap(r, { siteName: spamHost(r), host: c.host, lang, spammy: true }, title, main, `https://${c.host}${c.path}`), title, siteName: title, excerpt: lines.slice(0, 2).join(' ') };
}

function ownProse(c: Ctx, count: number): string[] {
  const { r, post, part } = c;
  const reader = shuffle(r, post.reader);
  const lines = shuffle(r, half(RESPONSE_LINES, part));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = r();
    out.push(roll < 0.4 && reader.length ? reader.pop()! : roll < 0.85 && lines.length ? fill(r, lines.pop()!, c) : pick(r, half(TANGENTS, part)));
  }
  return out;
}

function blogChrome(c: Ctx, title: string, article: string, lang = 'en'): Built {
  const { r } = c;
  const siteName = pick(r, [`${c.host.split('.')[0]!.replace(/-/g, ' ')}`, `${pick(r, COMMENTERS)}'s notes`, `${cap(pick(r, BLOG_NAMES))} ${pick(r, ['Journal', 'Log', 'Notes', 'Days'])}`]);
  const dated = `<p class="meta"><time datetime="2026-0${int(r, 1, 9)}-1${int(r, 0, 9)}">${int(r, 1, 28)} ${pick(r, ['Jan', 'Feb', 'Mar', 'Apr', 'May'])} 2026</time>${chance(r, 0.5) ? ` · ${int(r, 2, 9)} min read` : ''}</p>`;
  const wrapper = pick(r, ['<article class="h-entry">', '<div class="post">', '<article>', '<section class="entry">']);
  const close = wrapper.startsWith('<article') ? '</article>' : wrapper.startsWith('<div') ? '</div>' : '</section>';
  const main = `${wrapper}<h1 class="p-name">${esc(title)}</h1>${dated}<div class="e-content">${article}</div>${chance(r, 0.5) ? `<p class="tags">Tags: ${sample(r, c.post.tags.concat(['notes', 'life', 'links']), 2).map((t) => link(`/tags/${slug(t)}/`, t)).join(', ')}</p>` : ''}${close}`;
  return { html: chromeWrap(r, { siteName, host: c.host, lang, spammy: false }, title, main, `https://${c.host}${c.path}`), title, siteName };
}

function responseQuote(c: Ctx): Built {
  const { r, post } = c;
  const paras = paragraphsOf(post);
  const quoted = pick(r, paras);
  const quote = chance(r, 0.3) ? sentences(quoted).slice(0, 2).join(' ') : quoted;
  const before = ownProse(c, int(r, 1, 3));
  const after = ownProse(c, int(r, 3, 8));
  const opener = fill(r, pick(r, half(RESPONSE_OPENERS, c.part)), c).replace(c.post.title, link(c.target, c.post.title));
  const hasLink = opener.includes(c.target);
  const article = `<p>${hasLink ? opener : `${opener} (${link(c.target, pick(r, ['link', 'read it here', post.title]))})`}</p><p>${esc(before.join(' '))}</p><blockquote>${esc(quote)}</blockquote>`
    + `${chunk(r, after).map((p) => `<p>${esc(p)}</p>`).join('')}<p>${esc(fill(r, pick(r, CLOSERS), c))}</p>`;
  return blogChrome(c, pick(r, [`On ${post.keywords[0]}`, `Re: ${post.title}`, `${cap(post.keywords[0]!)}, again`, `Thoughts on ${post.title.toLowerCase()}`, `Trying ${post.keywords[1]}`]), article);
}

function chunk(r: Rng, lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length;) {
    const n = int(r, 1, 3);
    out.push(lines.slice(i, i + n).join(' '));
    i += n;
  }
  return out;
}

function citation(c: Ctx): Built {
  const { r, post } = c;
  const prose = ownProse(c, int(r, 5, 10));
  const others = Array.from({ length: int(r, 1, 4) }, () => link(`https://${blogHost(r)}/${slug(fill(r, pick(r, ROUNDUP_HEADLINES), c))}/`, fill(r, pick(r, ROUNDUP_HEADLINES), c)));
  const cite = `${pick(r, ['As', 'Like'])} ${c.author} ${pick(r, ['explains in', 'puts it in', 'writes in'])} ${link(c.target, post.title)}, ${pick(r, ['it is mostly about patience', 'the details matter', 'the simple version works', 'you learn by doing'])}.`;
  const paras = chunk(r, prose).map((p) => `<p>${esc(p)}</p>`);
  paras.splice(int(r, 0, paras.length), 0, `<p>${cite}</p>`);
  const article = `${paras.join('')}<p>${pick(r, ['Other things I found useful:', 'Further reading:', 'See also'])}</p><ul>${others.map((o) => `<li>${o}</li>`).join('')}</ul>`;
  return blogChrome(c, cap(fill(r, pick(r, ['My {kw} notes', 'What I changed about {kw}', 'A month of {kw}', 'Getting {kw2} right', 'Notes on {kw}']), c)), article);
}

function roundup(c: Ctx): Built {
  const { r, post } = c;
  const n = int(r, 8, 16);
  const items = Array.from({ length: n }, () => {
    const h = fill(r, pick(r, half(ROUNDUP_HEADLINES, c.part)), c);
    return `<li>${link(`https://${blogHost(r)}/${slug(h)}/`, h)}${chance(r, 0.8) ? ` – ${esc(fill(r, pick(r, half(ROUNDUP_NOTES, c.part)), c))}` : ''}</li>`;
  });
  items.splice(int(r, 0, n), 0, `<li>${link(c.target, post.title)} by ${c.author} – ${esc(fill(r, pick(r, half(ROUNDUP_NOTES, c.part)), c))}</li>`);
  const intro = chance(r, 0.7) ? `<p>${esc(ownProse(c, int(r, 1, 3)).join(' '))}</p>` : '';
  const title = fill(r, pick(r, ROUNDUP_TITLES), c);
  return blogChrome(c, title, `${intro}<ul>${items.join('')}</ul>${chance(r, 0.5) ? `<p>${esc(pick(r, CLOSERS).replace('{author}', 'everyone'))}</p>` : ''}`);
}

function indiewebShort(c: Ctx): Built {
  const { r, post } = c;
  const what = pick(r, ['like', 'bookmark', 'repost', 'reply', 'reply']);
  const cls = { like: 'u-like-of', bookmark: 'u-bookmark-of', repost: 'u-repost-of', reply: 'u-in-reply-to' }[what];
  const verb = { like: 'Liked', bookmark: 'Bookmarked', repost: 'Reposted', reply: 'In reply to' }[what];
  const note = what === 'like' || what === 'repost' ? (chance(r, 0.3) ? `<p>${esc(fill(r, pick(r, half(SHORT_REPLIES, c.part)), c))}</p>` : '')
    : `<p class="e-content">${esc(fill(r, pick(r, half(SHORT_REPLIES, c.part)), c))}${chance(r, 0.4) ? ` ${esc(pick(r, post.reader))}` : ''}</p>`;
  const article = `<p>${verb} <a class="${cls}" href="${esc(c.target)}">${esc(post.title)}</a>${chance(r, 0.5) ? ` by ${c.author}` : ''}</p>${note}`;
  return blogChrome(c, `${verb} ${post.title}`, article);
}

function foreignResponse(c: Ctx): Built {
  const { r, post } = c;
  const lang = pick(r, Object.keys(FOREIGN_RESPONSES));
  const t = FOREIGN_RESPONSES[lang]!;
  const opener = fill(r, pick(r, t.open), c).replace(post.title, link(c.target, post.title));
  const lines = sample(r, t.lines, int(r, 2, 5)).map((l) => fill(r, l, c));
  const quote = chance(r, 0.6) ? `<blockquote>${esc(pick(r, sentences(pick(r, paragraphsOf(post)))))}</blockquote>` : '';
  const article = `<p>${opener.includes(c.target) ? opener : `${opener} ${link(c.target, post.title)}`}</p>${lines.map((l) => `<p>${esc(l)}</p>`).join('')}${quote}`;
  return blogChrome(c, `${post.keywords[0]}`, article, lang);
}

function translation(c: Ctx): Built | undefined {
  const { r, post } = c;
  const options = TRANSLATIONS[post.id];
  if (!options) return undefined;
  const t = pick(r, options);
  const credit = `<p><em>${esc(t.credit)} ${link(c.target, post.title)}</em></p>`;
  const top = chance(r, 0.5);
  const article = `${top ? credit : ''}${t.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}${top ? '' : credit}`;
  return blogChrome(c, t.title, article, t.lang);
}

function relatedShop(c: Ctx): Built {
  const { r, post } = c;
  const shop = SHOP_KINDS[post.id]!;
  const prose = ownProse(c, int(r, 4, 8));
  const plug = `${pick(r, ['In the shop this month we have', 'If you need them, we stock', 'Come and see our'])} ${sample(r, shop.items, 2).join(' and ')}${chance(r, 0.5) ? `, from ${int(r, 5, 60)} euros` : ''}.`;
  const opener = fill(r, pick(r, half(RESPONSE_OPENERS, c.part)), c).replace(post.title, link(c.target, post.title));
  const article = `<p>${opener}${opener.includes(c.target) ? '' : ` ${link(c.target, pick(r, ['Read it here', 'The post']))}.`}</p>${chunk(r, prose).map((p) => `<p>${esc(p)}</p>`).join('')}<p>${esc(plug)} ${link('/shop/', 'Visit our shop')}</p>`;
  const built = blogChrome(c, `${pick(r, ['From the', 'News from the', 'Notes from our'])} ${shop.shop}: ${post.keywords[0]}`, article);
  return { ...built, html: built.html.replace('<nav>', `<nav><a href="/shop/">Shop</a> <a href="/cart/">Cart (0)</a> `) };
}

// ---------------------------------------------------------------- cases

const PER_KIND: Record<MentionKind, number> = {
  'scraper-copy': 24, 'scraper-partial': 24, 'scraper-reordered': 24, 'scraper-spun-light': 30, 'scraper-spun-heavy': 30,
  autoblog: 24, digest: 30, commercial: 44, 'commercial-hook': 30, 'trackback-spam': 30, 'foreign-spam': 24,
  'response-quote': 40, citation: 30, roundup: 30, 'indieweb-short': 36, 'foreign-response': 30, translation: 16, 'related-shop': 20,
};

function build(kind: MentionKind, c: Ctx): Built | undefined {
  const { r } = c;
  switch (kind) {
    case 'scraper-copy': return scraper(c, 'copy');
    case 'scraper-partial': return scraper(c, 'partial');
    case 'scraper-reordered': return scraper(c, 'reordered');
    case 'scraper-spun-light': return scraper(c, 'light');
    case 'scraper-spun-heavy': return scraper(c, 'heavy');
    case 'autoblog': return autoblog(c);
    case 'digest': return digest(c);
    case 'commercial': return salesPage(c, pick(r, TRADES), false);
    case 'commercial-hook': return salesPage(c, pick(r, TRADES), true);
    case 'trackback-spam': return chance(r, 0.7) ? salesPage(c, pick(r, TRADES), chance(r, 0.3)) : scraper(c, chance(r, 0.5) ? 'light' : 'heavy');
    case 'foreign-spam': return foreignSpam(c);
    case 'response-quote': return responseQuote(c);
    case 'citation': return citation(c);
    case 'roundup': return roundup(c);
    case 'indieweb-short': return indiewebShort(c);
    case 'foreign-response': return foreignResponse(c);
    case 'translation': return translation(c);
    case 'related-shop': return relatedShop(c);
  }
}

/** The mention cases of one part, in a seeded interleaved order, every source on a host of its own. */
export function mentionCases(part: Part, siteUrl = 'https://site.example'): MentionCase[] {
  const posts = part === 'dev' ? DEV_POSTS : HELD_POSTS;
  const cases: MentionCase[] = [];
  const kinds = [...SPAM_KINDS, ...GENUINE_KINDS];
  const hosts = new Set<string>();
  kinds.forEach((kind, k) => {
    const r = seeded((part === 'dev' ? 1000 : 5000) + k * 37);
    const spam = SPAM_KINDS.includes(kind);
    for (let i = 0, tries = 0; i < PER_KIND[kind] && tries < PER_KIND[kind] * 4; tries++) {
      const post = posts[(i + tries) % posts.length]!;
      let host = spam ? spamHost(r) : blogHost(r);
      while (hosts.has(host)) host = `${int(r, 2, 99)}${host.replace(/^www\./, '')}`;
      const path = `/${pick(r, ['', '2026/', 'blog/', 'p/', 'posts/', `${int(r, 2019, 2026)}/0${int(r, 1, 9)}/`])}${slug(`${post.keywords[0]} ${kind.includes('digest') ? 'links' : ''} ${int(r, 1, 9999)}`)}${pick(r, ['/', '.html', ''])}`;
      const target = `${siteUrl}/posts/${post.id}`;
      const c: Ctx = { r, part, post, target, author: pick(r, AUTHORS), host, path };
      const built = build(kind, c);
      if (!built) continue;
      hosts.add(host);
      const type: MentionCase['type'] = kind === 'trackback-spam' ? 'trackback' : r() < 0.55 ? 'webmention' : r() < 0.75 ? 'pingback' : 'trackback';
      const excerpt = (built.excerpt ?? built.title).slice(0, 250);
      cases.push({
        id: `${part}-${kind}-${i}`, part, kind, spam, type, postId: post.id, host, path, html: built.html,
        ...(type === 'trackback' ? { trackback: { title: built.title, excerpt, blogName: built.siteName } } : {}),
      });
      i++;
    }
  });
  // Interleave kinds, as a site sees them: a seeded shuffle.
  return shuffle(seeded(part === 'dev' ? 77 : 99), cases);
}
