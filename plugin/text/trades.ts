/**
 * The trades comment spam sells, in several languages: what a message promotes when it is ordinary spam
 * rather than a reader's comment. Each trade has terms to find in the text and words that name it in a
 * web address ("coin-kazino.xyz", "paperapotheke.net").
 *
 * Terms were written from what each trade is called, not mined from any data set. They are folded like
 * submission text (foldText), so a Cyrillic term matches the folded text it is compared with. A term of
 * one word matches a word that starts with it when the term has five letters or more ("casino" matches
 * "casinos"), and only the whole word when shorter; a term of several words matches those words in a row.
 * Terms in Chinese, which is written without spaces, match anywhere in the text.
 */
import { foldText } from '../normalize/plain-text.js';

export interface Trade {
  /** What the trade is called in reasons: "casino gambling". */
  name: string;
  /** Terms in the text (folded). */
  terms: string[];
  /** Words that name the trade inside a host name (matched anywhere in a label: chosen so that they rarely sit inside an innocent word). */
  hostWords: string[];
  /** Offered in outreach pitches as well (search-engine services): weighs as a pitch, not as spam. */
  pitch?: boolean;
}

const fold = (list: string) => list.split('|').map((p) => foldText(p)).filter(Boolean);

export const TRADES: readonly Trade[] = [
  {
    name: 'pharmacy and pills',
    terms: fold(
      'viagra|cialis|levitra|kamagra|sildenafil|tadalafil|vardenafil|xanax|valium|tramadol|oxycodone|oxycontin|adderall|phentermine|' +
      'modafinil|ambien|online pharmacy|canadian pharmacy|without prescription|without a prescription|no prescription|' +
      'prescription free|erectile dysfunction|male enhancement|penis enlargement|diet pills|weight loss pills|slimming pills|' +
      'fat burner|keto pills|rezeptfrei|ohne rezept|potenzmittel|online apotheke|sin receta|sin receta médica|farmacia online|' +
      'pastillas para adelgazar|sans ordonnance|pharmacie en ligne|pilules minceur|senza ricetta|farmacia online|sem receita|' +
      'без рецепта|онлайн аптека|таблетки для похудения|препараты для потенции|' +
      '减肥药|减肥产品|壮阳|伟哥|处方药|' +
      'obat pelangsing|pelangsing badan|obat kuat|peninggi badan|obat peninggi|pemutih wajah|krim pemutih|obat diet|suplemen pelangsing',
    ),
    hostWords: ['pharma', 'pharmacy', 'apotheke', 'farmacia', 'pharmacie', 'viagra', 'cialis', 'kamagra'],
  },
  {
    name: 'casino and betting',
    terms: fold(
      'casino|casinos|kasino|online casino|free spins|no deposit bonus|deposit bonus|welcome bonus|slot machine|slot machines|online slots|jackpot|' +
      'poker online|sports betting|betting tips|bookmaker|roulette|blackjack|baccarat|sportwetten|wettanbieter|freispiele|' +
      'apuestas|apuestas deportivas|tragamonedas|giros gratis|tours gratuits|paris sportifs|scommesse|apostas|rodadas grátis|' +
      'казино|ставки на спорт|букмекер|бесплатные вращения|без депозита|игровые автоматы|' +
      '百家乐|赌场|博彩|投注|老虎机|真人娱乐|彩票|' +
      // Indonesian and Malay
      'judi online|judi slot|slot gacor|slot online|situs slot|situs judi|togel|bandar togel|maxwin|rtp slot|agen slot|agen judi|' +
      'bandar bola|taruhan bola|deposit pulsa|sabung ayam|judi bola',
    ),
    hostWords: ['casino', 'kasino', 'kazino', 'slots', 'poker', 'betting', 'jackpot', 'roulette', 'baccarat', 'bookie', 'sportwetten', 'apuestas', 'gacor', 'togel', 'maxwin'],
  },
  {
    name: 'crypto schemes',
    terms: fold(
      'airdrop|presale|pre-sale|token sale|connect your wallet|connect wallet|claim your tokens|claim free tokens|free tokens|' +
      'seed phrase|recovery phrase|guaranteed returns|guaranteed profit|guaranteed profits|double your bitcoin|double your crypto|' +
      'crypto investment|bitcoin investment|investment platform|trading signals|forex signals|binary options|' +
      'passive income|usdt|staking rewards|recovery expert|funds recovery|recover your funds|recover my funds|recover lost funds|' +
      'recovered my funds|recovered my money|recover your lost|hire a hacker|' +
      'billetera|tokens gratis|preventa|criptomonedas gratis|carteira|kostenlose token|' +
      'криптовалют|аирдроп|раздача токенов|инвестиции с гарантией|заработок на крипте|' +
      '空投|钱包|代币|预售|合约带单|比特币投资|百倍收益|稳赚不赔',
    ),
    hostWords: ['airdrop', 'crypto', 'bitcoin', 'presale', 'forex', 'token'],
  },
  {
    name: 'essay writing',
    terms: fold(
      'write my essay|write your essay|essay writing|essay writer|essay writers|essay service|essay help|buy essay|buy an essay|' +
      'essays for sale|custom essay|custom essays|cheap essay|college essay|dissertation help|dissertation writing|thesis writing|' +
      'term paper|term papers|research paper writing|homework help|do my homework|assignment help|ghostwriter|plagiarism free|' +
      'write my paper|write your paper|paper writing service|writing service|academic writing|' +
      'plagiarism-free|hausarbeit schreiben lassen|ghostwriting|bachelorarbeit schreiben lassen|trabajos universitarios|' +
      'redacción de ensayos|tesis por encargo|rédaction de mémoire|курсовые|курсовая|дипломы на заказ|диплом на заказ|' +
      'купить диплом|рефераты|代写|代写论文|论文代写|包过',
    ),
    hostWords: ['essay', 'homework', 'dissertation', 'paperhelp', 'writemy'],
  },
  {
    name: 'SEO and traffic',
    terms: fold(
      'backlinks|backlink|seo services|seo service|seo agency|seo expert|rank your website|rank your site|first page of google|' +
      'top of google|website traffic|buy traffic|organic traffic|increase your traffic|domain authority|link building|' +
      'buy followers|buy likes|buy views|cheap followers|instagram followers|youtube views|backlinks kaufen|seo dienstleistung|' +
      'real followers|free followers|get followers|gain followers|more followers|free likes|' +
      'jual followers|tambah followers|followers murah|auto followers|jasa followers|' +
      'posicionamiento web|posicionamiento seo|référencement|раскрутка сайта|продвижение сайта|seo продвижение|накрутка|' +
      '网站优化|seo优化|刷粉|买粉',
    ),
    hostWords: ['backlink', 'followers'],
    pitch: true,
  },
  {
    name: 'loans and easy money',
    terms: fold(
      'payday loan|payday loans|instant loan|quick loan|loan without|bad credit loan|cash advance|make money online|' +
      'earn money online|earn from home|work from home and earn|get rich|money making|per day from home|' +
      'pinjaman online|pinjol|dana cepat|penghasilan tambahan|bisnis online|tanpa modal|modal kecil|' +
      'financial freedom|side hustle|extra income|earn extra|' +
      'kredit ohne schufa|sofortkredit|préstamo rápido|préstamos rápidos|prêt rapide|' +
      'кредит без|займ|займы|микрозайм|деньги без|заработок в интернете|без вложений|' +
      '网络兼职|日赚|轻松赚钱|刷单|网贷|贷款',
    ),
    hostWords: ['payday', 'loans', 'kredit', 'zaim'],
  },
  {
    name: 'prizes and premium-rate offers',
    terms: fold(
      'you have won|you\'ve won|you are a winner|have been selected to receive|selected to receive|' +
      'claim your prize|claim your reward|to claim call|guaranteed prize|cash prize|prize draw|premium rate|' +
      'free gift card|free gift cards|gift card generator|free robux|' +
      'free vbucks|free v-bucks|free psn codes|make money fast|free money|selected for a free|you have been selected|' +
      'sie haben gewonnen|has ganado|vous avez gagné|hai vinto|вы выиграли|ваш выигрыш|恭喜您中奖|中奖',
    ),
    hostWords: ['giveaway', 'freegift', 'prizes'],
  },
  {
    name: 'online shopping',
    terms: fold(
      'buy now|order now|shop now|free shipping|best price|best prices|lowest price|lowest prices|discount code|promo code|' +
      'coupon code|huge discount|big discount|limited offer|limited time offer|cheap price|wholesale price|today only|' +
      'jetzt kaufen|günstig kaufen|versandkostenfrei|compra ahora|comprar barato|envío gratis|mejor precio|achetez maintenant|' +
      'livraison gratuite|meilleur prix|acquista ora|spedizione gratuita|compre agora|frete grátis|' +
      'интернет магазин|интернет-магазин|купить|со скидкой|скидки|низкие цены|доставка бесплатно|' +
      '在线商城|优惠券|打折|包邮|厂家直销|' +
      'harga murah|gratis ongkir|order sekarang|pesan sekarang|promo hari ini|diskon besar|ready stock|open order|open reseller|' +
      'cari reseller|jual murah|olshop|belanja online',
    ),
    hostWords: ['coupon', 'discount', 'wholesale'],
  },
  {
    name: 'adult content',
    terms: fold(
      'porn|porno|sex cam|sex cams|live sex|hot singles|horny|adult dating|webcam girls|sexy girls|hot girls|girls online|' +
      'nude pics|nudes|' +
      'порно|секс знакомства|проститутки|интим|' +
      '色情|约炮|成人视频',
    ),
    hostWords: ['porn', 'porno', 'xxx', 'escort', 'sexcam', 'camgirl', 'hentai', 'onlyfans'],
  },
  {
    name: 'account phishing',
    terms: fold(
      'account has been suspended|account will be suspended|account has been locked|account has been limited|verify your account|' +
      'verify your details|verify your identity|confirm your account|confirm your identity|unusual activity|unusual sign-in|' +
      'suspicious login|update your payment|ihr konto wurde gesperrt|verifizieren sie ihr konto|su cuenta ha sido suspendida|' +
      'verifique su cuenta|votre compte a été suspendu|vérifiez votre compte|ваш аккаунт заблокирован|подтвердите аккаунт|' +
      '账户已被冻结|验证您的账户',
    ),
    hostWords: [],
  },
  {
    name: 'local services',
    terms: fold(
      'free estimate|free estimates|free quote|free quotes|call us today|emergency service|24/7 service|' +
      'licensed and insured|same day service|affordable rates|best rates|lowest rates|' +
      'kostenloses angebot|presupuesto gratis|devis gratuit|preventivo gratuito|бесплатный выезд',
    ),
    hostWords: [],
  },
  {
    name: 'counterfeits',
    terms: fold(
      'replica|replicas|replica watches|fake id|fake ids|fake passport|counterfeit|knockoff|cheap jerseys|designer outlet|' +
      'réplicas|nachahmungen|реплики|поддельные документы|' +
      '高仿|仿品|证件|办证',
    ),
    hostWords: ['replica', 'fakeid'],
  },
];

/**
 * Asking people to follow, subscribe to or visit the writer's own channel, profile or music: clear
 * enough to count without a link (the channel is one search away). Weaker wording ("see my", "my page")
 * is in phrases.ts SELF_PROMOTION and counts only beside a link to a profile.
 */
export const SELF_PROMOTION_ASKS: readonly string[] = fold(
  'subscribe to my channel|subscribe to my youtube|subscribe to my page|subscribe to my videos|subscribe to my vids|' +
  'subscribe to my music|subscribe to my twitch|subscribe to my tiktok|subscribe to my instagram|subscribe to me|subscribe my channel|' +
  'please subscribe|pls subscribe|plz subscribe|like and subscribe|' +
  'sub to my|sub to me|sub 4 sub|sub4sub|sub for sub|subscribe back|follow me on|follow me at|' +
  'follow my channel|follow my page|follow for follow|follow back|check out my channel|check my channel|checkout my channel|' +
  'visit my channel|check out my music|check out my new song|check out my song|check out my video|check out my videos|' +
  'check out my vids|check out my mixtape|check out my beats|check out my rap|check out my instagram|check out my tiktok|' +
  'check out my youtube|check out my soundcloud|check out my page|check out my profile|check out my stream|check my music|' +
  'check my videos|check my video|check my page|check my profile|listen to my music|listen to my song|listen to my new|' +
  'watch my video|watch my videos|watch my new|go to my channel|view my channel|visit my profile|like my page|like my video|' +
  'like my comment|like this comment|my new channel|my youtube channel|link in bio|link in my bio|' +
  'like for like|like4like|l4l|follow for follow|follow4follow|f4f|s4s|shoutout for shoutout|' +
  'suscríbete a mi|suscribete a mi|suscríbanse|suscribanse|sígueme en|sigueme en|mira mi canal|visita mi canal|' +
  'inscreva-se no meu|se inscreve no meu|sigam meu|siga meu|me segue|escutem minha|confiram meu canal|' +
  'abonnez-vous à ma|abonne toi|abonnez-vous|suivez-moi|allez voir ma chaîne|abonniert meinen|folgt mir|schaut auf meinem kanal|' +
  'check my bio|check bio|in my bio|dm for collab|dm to collab|dm us|dm me for|brand ambassador|become an ambassador|' +
  'ambassador program|free shoutout|to get featured|get featured on|' +
  'cek ig|cek ig kami|cek ig aku|cek igku|mampir ke ig|mampir ya kak|follow ig|follow ya|follback|folback|follow balik|' +
  'kunjungi ig|yuk follow|jangan lupa follow|cek bio|link di bio|klik link di bio|cek profil|' +
  'iscriviti al mio|seguitemi|подпишитесь на мой|подписывайтесь на|подпишись на|заходите на мой канал|' +
  '关注我的|订阅我的',
);
