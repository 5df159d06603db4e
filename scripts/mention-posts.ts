/**
 * The posts the mention fixtures link to: seven real-looking posts on unrelated subjects, of several lengths.
 * The first four are the development part's posts, the last three the held-out part's (scripts/mention-fixtures.ts).
 * Each has words a reader would use about it (`keywords`) and sentences of a reader's own experience
 * (`reader`), so genuine responses talk about the post without copying it. Written for Doorkeep.
 */
export interface MentionPost {
  id: string;
  title: string;
  tags: string[];
  body: string;
  keywords: string[];
  reader: string[];
}

const p = (...paragraphs: string[]) => paragraphs.join('\n\n');

export const MENTION_POSTS: MentionPost[] = [
  {
    id: 'cold-ferment-sourdough',
    title: 'A slow sourdough: the 72-hour cold ferment',
    tags: ['baking', 'sourdough'],
    body: p(
      'Most sourdough recipes rush the dough. Mine takes three days, and nearly all of that time the dough sits in the fridge at four degrees, where the yeast slows down while the bacteria keep producing acid. The result is a loaf with a deeper, tangier flavour and a crust that blisters beautifully.',
      'Start with a lively starter: feed it twice the day before, at equal weights of flour and water, and use it when it has doubled and smells pleasantly sour. Mix the dough at seventy five percent hydration, rest it for an hour, then add the salt with a splash of water and squeeze it through until it disappears.',
      'Give the dough four sets of stretch and folds during the first two hours, then shape it tightly and put it seam side up into a floured banneton. Cover it and leave it in the fridge for the long cold ferment. Do not worry about it; time does the work, and the cold dough is much easier to handle and to score.',
      'On baking day, preheat a Dutch oven for forty five minutes at two hundred and fifty degrees. Score the cold dough straight from the fridge with a razor blade, bake it covered for twenty minutes, then uncovered until the crust is deep brown. Let it cool completely before slicing, or the crumb turns gummy.',
      'A few things I learned the hard way: whole wheat flour ferments faster, so shorten the time if you use more than a fifth of it; rice flour in the banneton stops sticking better than wheat flour; and a loaf that spreads flat after three days usually had a weak starter, not too much time.',
    ),
    keywords: ['sourdough', 'cold ferment', 'starter', 'banneton', 'Dutch oven', 'hydration', 'crumb', 'crust', 'stretch and folds', 'rice flour', 'whole wheat', 'scoring'],
    reader: [
      'My starter lives on the counter and I feed it once a day, so the three-day schedule felt impossible at first.',
      'I tried the long fridge rest last weekend and the crust really did blister the way the photos show.',
      'My kitchen is cold in winter, so my dough needs an extra hour of bulk before it goes into the fridge.',
      'I never thought of rice flour in the banneton; I have been fighting a sticking dough for months.',
      'With a third whole wheat my loaves spread flat after two days, which now makes sense.',
      'My oven only reaches 230 degrees, so I bake a little longer with the lid off.',
      'Scoring straight from the fridge was the biggest change for me: the blade finally glides.',
    ],
  },
  {
    id: 'winter-bike-commute',
    title: 'Commuting by bike through a northern winter',
    tags: ['cycling', 'commuting'],
    body: p(
      'For the fourth winter in a row I have cycled the eleven kilometres to work every day, through snow, slush and the polar darkness of December. People ask how, and the honest answer is that the bike matters less than the tyres, the lights and the clothes.',
      'Studded tyres are the one thing I would not ride without. On glare ice they feel like cheating. Run them at lower pressure than summer tyres, and expect them to be loud and slow on bare asphalt. Fenders with long mudflaps keep the salty slush off your back and off the drivetrain.',
      'Dress for the second kilometre, not the first: if you are warm when you leave, you will be soaked by the time you arrive. A thin wool base layer, a windproof shell, lobster mitts and a buff under the helmet are enough down to minus fifteen. Clean and oil the chain every week, because road salt eats it alive.',
    ),
    keywords: ['studded tyres', 'winter cycling', 'commute', 'fenders', 'mudflaps', 'road salt', 'chain', 'wool base layer', 'lobster mitts', 'slush', 'glare ice', 'lights'],
    reader: [
      'I switched to studded tyres this year after a fall on black ice, and I will never ride a winter without them again.',
      'Road salt destroyed my chain in one season before I started cleaning it every Sunday.',
      'Dressing for the second kilometre is the best advice; I used to arrive at work soaked.',
      'Our city clears the bike lanes late, so I ride the slush in the car lane until nine.',
      'Lobster mitts changed everything for my hands below minus ten.',
      'I added a second rear light after a driver told me he could not see me in the snow.',
    ],
  },
  {
    id: 'restic-backups',
    title: 'How I back up a home server with restic',
    tags: ['self-hosting', 'backups', 'linux'],
    body: p(
      'My home server runs a handful of services: a photo library, a calendar, a password manager and the family files. For years the backup was a USB disk I plugged in when I remembered. Then the disk died the same week a container ate its volume, and I lost two months of photos. This is the setup I built afterwards.',
      'restic does the work. It makes encrypted, deduplicated snapshots to any backend it knows, and a snapshot of a few hundred gigabytes that changed little since yesterday takes a minute. I keep two repositories: one on a second disk in the server for fast restores, and one in object storage offsite, so a fire or a burglary does not take both.',
      'A systemd timer runs the backup at three in the morning. Databases are dumped first with pg_dump and the dump is backed up, never the live data directory. After each run, restic forget with a keep policy of seven daily, five weekly and twelve monthly snapshots prunes the rest.',
      'A backup you have never restored is a hope, not a backup. Once a month a second timer restores a random file and one database dump into a scratch directory and compares checksums; restic check with read-data-subset verifies a tenth of the pack files each time. Failures send me a message through the same notification service the server already uses.',
      'The repository password lives in the password manager and on paper in a drawer, because the password manager is one of the things being backed up. Losing that password means losing everything, and encryption that you cannot undo is worse than no backup at all.',
    ),
    keywords: ['restic', 'snapshots', 'systemd timer', 'pg_dump', 'offsite', 'object storage', 'restore test', 'repository password', 'deduplication', 'keep policy', 'home server', 'checksums'],
    reader: [
      'I had the same wake-up call when an SD card in my Raspberry Pi died with the only copy of our calendar.',
      'I run borg rather than restic, but the monthly restore test is something I never did and should.',
      'Dumping the database before the snapshot is the part most guides leave out.',
      'My offsite copy sits on a friend\'s NAS, and we back each other up over WireGuard.',
      'Writing the repository password on paper felt old-fashioned until I thought through the failure case.',
      'I copied the keep policy almost exactly and my repository shrank by half.',
    ],
  },
  {
    id: 'feeder-birds-winter',
    title: 'Who comes to the feeder in January',
    tags: ['birds', 'nature'],
    body: p(
      'Every January I count the birds at the feeder outside the kitchen window for an hour on a Saturday morning. This year: eleven great tits, four blue tits, a pair of bullfinches, a great spotted woodpecker who bullies everyone, and, for the first time, three waxwings that stripped the rowan in ten minutes.',
      'Sunflower hearts bring the most species, fat balls without the nylon net keep the woodpecker busy, and a shallow dish of water that I bring in at night matters more in a frost than any food. Clean the feeder every two weeks; finches in particular catch diseases from dirty feeders.',
    ),
    keywords: ['feeder', 'great tits', 'bullfinches', 'woodpecker', 'waxwings', 'rowan', 'sunflower hearts', 'fat balls', 'bird count', 'blue tits', 'frost'],
    reader: [
      'We had waxwings for the first time too this winter, in the rowan across the street.',
      'Our woodpecker does the same: the tits wait in the hedge until he has had his fill.',
      'I did not know the nylon nets were a problem; I took ours off this morning.',
      'Water in a frost is the thing I keep forgetting; the birds line up for it.',
      'My children counted with me this year and we saw a nuthatch for the first time.',
      'Sunflower hearts brought goldfinches to our balcony feeder within a week.',
    ],
  },
  {
    id: 'envelope-budgeting',
    title: 'Envelope budgeting for people who hate budgets',
    tags: ['money', 'household'],
    body: p(
      'I tried spreadsheets, apps and resolutions, and every budget I made died by February. What finally stuck is the oldest method there is: envelopes. Not literal paper ones any more, but the idea is the same. Every krona that comes in is given a job before the month starts, and when an envelope is empty, that spending stops until next month.',
      'We use six envelopes: housing, food, transport, the children, fun, and irregular costs. The last one is the secret. Car repairs, birthday presents, the dentist and the annual insurance bill are not surprises; they are expenses that do not come every month. We put a twelfth of their yearly total aside each month, and they stopped wrecking the budget.',
      'The fun envelope is as important as the others. A budget with no room for a dinner out or a new book is a diet, and diets fail. Each of us has a small amount that needs no explanation or permission.',
      'Once a month, on a Sunday evening with coffee, we sit down for twenty minutes, look at what happened and move money between envelopes if we must. Moving money is allowed; pretending it did not happen is not. After a year, we had a buffer of one month of expenses for the first time in our lives.',
    ),
    keywords: ['envelope budgeting', 'envelopes', 'irregular costs', 'budget', 'fun money', 'buffer', 'monthly review', 'spending', 'household money', 'annual bills', 'savings'],
    reader: [
      'The irregular costs envelope is what made our budget survive the car inspection this year.',
      'We tried envelopes with cash years ago and gave up; doing it with sub-accounts at the bank works much better.',
      'Giving each of us fun money with no questions asked ended most of our money arguments.',
      'Our monthly review is on the first Sunday too, and it takes us closer to an hour than twenty minutes.',
      'I divided our yearly bills by twelve after reading this and was shocked by the total.',
      'A one-month buffer still feels far away for us, but we are at two weeks.',
    ],
  },
  {
    id: 'learning-icelandic',
    title: 'Learning Icelandic at forty',
    tags: ['languages', 'iceland'],
    body: p(
      'Two years ago I moved to Reykjavík knowing how to say thank you and nothing else. Icelandic has a reputation for being impossible: four cases, three genders, nouns that change their ending in ways that look random. It is hard. It is not impossible, and being forty turned out to be an advantage, because I know how I learn.',
      'What worked for me: a weekly class for the structure, the children\'s news on RÚV for listening because it is slow and clear, and speaking Icelandic at the bakery every single morning even when the baker switched to English. Icelanders switch to English out of kindness. Ask them not to, and they are delighted to help.',
      'What did not work: apps with streaks, and learning the case tables by heart before I could order coffee. I learned the declensions of the words I actually used, one by one, and the patterns came later on their own. Reading a children\'s book with a pencil was slower than any app and taught me more.',
    ),
    keywords: ['Icelandic', 'declensions', 'cases', 'Reykjavík', 'RÚV', 'language class', 'bakery', 'learning a language', 'children\'s book', 'grammar', 'speaking practice'],
    reader: [
      'I am learning Finnish at forty-five and the part about learning declensions word by word is exactly my experience.',
      'People in Copenhagen switch to English too; asking them kindly not to works there as well.',
      'Children\'s news is a brilliant idea; I have been using slow news podcasts for German the same way.',
      'I gave up on my streak app after six hundred days and realised I still could not hold a conversation.',
      'Reading with a pencil is how I learned Spanish too, one underlined word at a time.',
      'My Icelandic teacher says the same about the bakery: one real conversation a day beats an hour of drills.',
    ],
  },
  {
    id: 'keyboard-repair',
    title: 'Bringing a dead mechanical keyboard back to life',
    tags: ['hardware', 'repair', 'keyboards'],
    body: p(
      'A friend gave me her old mechanical keyboard after coffee went into it and half the keys stopped working. Before buying a new one, I opened it up. Forty minutes, a soldering iron and a multimeter later, it works again, and most of what I did needs no experience.',
      'First, take every keycap off with a keycap puller and photograph the layout. Unscrew the case and look at the board: dried coffee leaves a sticky brown film around the switches. Isopropyl alcohol, a soft toothbrush and patience remove it. Let the board dry for a full day before plugging it in.',
      'If keys still fail after cleaning, the multimeter tells you why. Put it in continuity mode and press each dead switch while probing its two pins: no beep means the switch is dead, a beep means the problem is in the trace or the diode. A dead switch can be desoldered with a solder sucker and replaced with one of the same type.',
      'On this board two switches were dead and one diode had cracked. Replacing them cost less than a coffee. The hardest part was the stabiliser on the space bar, which I had to lubricate with dielectric grease before it stopped rattling.',
      'If your keyboard is hot-swappable, you do not even need a soldering iron: pull the switch with the tool that came with it and push a new one in. Check this before you buy anything; many boards made in the last few years are.',
    ),
    keywords: ['mechanical keyboard', 'soldering', 'multimeter', 'switches', 'keycaps', 'isopropyl alcohol', 'diode', 'stabiliser', 'hot-swappable', 'desoldering', 'continuity mode'],
    reader: [
      'I rescued a keyboard after a tea spill the same way, though I needed three days of drying.',
      'Continuity mode on a cheap multimeter found my broken diode in five minutes.',
      'My space bar stabiliser rattled too until I used dielectric grease, as described here.',
      'I did not know hot-swappable boards were that common; mine is one, it turns out.',
      'The photo of the layout before pulling keycaps saved me from a very confusing evening.',
      'Desoldering was the hard part for me; a solder sucker worked better than braid.',
    ],
  },
];

/** The development part's posts and the held-out part's. */
export const DEV_POSTS = MENTION_POSTS.slice(0, 4);
export const HELD_POSTS = MENTION_POSTS.slice(4);

/** A few hand-made translations (with credit) of posts, for the genuine "translation" kind. */
export const TRANSLATIONS: Record<string, { lang: string; title: string; paragraphs: string[]; credit: string }[]> = {
  'feeder-birds-winter': [
    {
      lang: 'de', title: 'Wer im Januar ans Futterhaus kommt',
      paragraphs: [
        'Jeden Januar zähle ich an einem Samstagmorgen eine Stunde lang die Vögel am Futterhaus vor dem Küchenfenster. Dieses Jahr: elf Kohlmeisen, vier Blaumeisen, ein Gimpelpaar, ein Buntspecht, der alle verscheucht, und zum ersten Mal drei Seidenschwänze, die die Eberesche in zehn Minuten leer fraßen.',
        'Sonnenblumenkerne ohne Schale locken die meisten Arten an, Meisenknödel ohne Plastiknetz beschäftigen den Specht, und eine flache Wasserschale, die ich nachts hereinhole, ist bei Frost wichtiger als jedes Futter. Reinigen Sie das Futterhaus alle zwei Wochen; besonders Finken stecken sich an schmutzigen Futterstellen an.',
      ],
      credit: 'Übersetzt mit freundlicher Genehmigung der Autorin. Das Original:',
    },
    {
      lang: 'es', title: 'Quién viene al comedero en enero',
      paragraphs: [
        'Cada enero cuento durante una hora, un sábado por la mañana, los pájaros del comedero que hay frente a la ventana de la cocina. Este año: once carboneros, cuatro herrerillos, una pareja de camachuelos, un pico picapinos que asusta a todos y, por primera vez, tres ampelis que dejaron el serbal vacío en diez minutos.',
        'Las pipas de girasol peladas atraen a más especies, las bolas de grasa sin red de nailon mantienen ocupado al pico, y un plato de agua poco profundo que recojo por la noche importa más que cualquier comida cuando hiela. Limpia el comedero cada dos semanas; los pinzones enferman fácilmente en comederos sucios.',
      ],
      credit: 'Traducido con permiso de la autora. Artículo original:',
    },
  ],
  'cold-ferment-sourdough': [
    {
      lang: 'fr', title: 'Un levain lent : la fermentation à froid de 72 heures',
      paragraphs: [
        'La plupart des recettes de pain au levain pressent la pâte. La mienne prend trois jours, et presque tout ce temps la pâte reste au réfrigérateur à quatre degrés, où la levure ralentit tandis que les bactéries continuent de produire de l\'acide. Le résultat : une miche au goût plus profond et acidulé, et une croûte qui cloque magnifiquement.',
        'Commencez avec un levain vif : nourrissez-le deux fois la veille, à poids égal de farine et d\'eau, et utilisez-le quand il a doublé. Pétrissez la pâte à soixante-quinze pour cent d\'hydratation, laissez-la reposer une heure, puis ajoutez le sel.',
        'Le jour de la cuisson, préchauffez une cocotte en fonte pendant quarante-cinq minutes à deux cent cinquante degrés. Grignez la pâte froide à la sortie du réfrigérateur, cuisez vingt minutes à couvert, puis à découvert jusqu\'à ce que la croûte soit bien brune.',
      ],
      credit: 'Traduit avec l\'aimable autorisation de l\'autrice. Article original :',
    },
  ],
  'learning-icelandic': [
    {
      lang: 'de', title: 'Isländisch lernen mit vierzig',
      paragraphs: [
        'Vor zwei Jahren zog ich nach Reykjavík und konnte nur danke sagen. Isländisch gilt als unmöglich: vier Fälle, drei Geschlechter, Substantive, deren Endungen sich scheinbar zufällig ändern. Es ist schwer. Unmöglich ist es nicht, und mit vierzig war es ein Vorteil, dass ich weiß, wie ich lerne.',
        'Was mir geholfen hat: ein wöchentlicher Kurs für die Struktur, die Kindernachrichten auf RÚV zum Hören, weil sie langsam und deutlich sind, und jeden Morgen in der Bäckerei Isländisch sprechen, auch wenn der Bäcker ins Englische wechselte.',
        'Was nicht geholfen hat: Apps mit Streaks und das Auswendiglernen der Deklinationstabellen, bevor ich einen Kaffee bestellen konnte. Ein Kinderbuch mit Bleistift zu lesen war langsamer als jede App und hat mich mehr gelehrt.',
      ],
      credit: 'Mit Erlaubnis der Autorin übersetzt. Zum Original:',
    },
  ],
  'envelope-budgeting': [
    {
      lang: 'es', title: 'Presupuesto por sobres para quienes odian los presupuestos',
      paragraphs: [
        'Probé hojas de cálculo, aplicaciones y propósitos de año nuevo, y todos mis presupuestos morían en febrero. Lo que por fin funcionó es el método más antiguo que existe: los sobres. Cada corona que entra recibe un trabajo antes de que empiece el mes, y cuando un sobre se vacía, ese gasto se detiene hasta el mes siguiente.',
        'Usamos seis sobres: vivienda, comida, transporte, los niños, diversión y gastos irregulares. El último es el secreto. Las reparaciones del coche, los regalos de cumpleaños, el dentista y el seguro anual no son sorpresas; son gastos que no llegan cada mes.',
      ],
      credit: 'Traducido con permiso. Artículo original:',
    },
  ],
  'keyboard-repair': [
    {
      lang: 'fr', title: 'Ressusciter un clavier mécanique',
      paragraphs: [
        'Une amie m\'a donné son vieux clavier mécanique après que du café a coulé dedans et que la moitié des touches a cessé de fonctionner. Avant d\'en acheter un neuf, je l\'ai ouvert. Quarante minutes, un fer à souder et un multimètre plus tard, il fonctionne de nouveau.',
        'D\'abord, retirez toutes les touches avec un extracteur et photographiez la disposition. Dévissez le boîtier : le café séché laisse un film brun et collant autour des interrupteurs. De l\'alcool isopropylique, une brosse à dents souple et de la patience en viennent à bout.',
        'Si des touches ne répondent toujours pas, le multimètre en mode continuité vous dit pourquoi : pas de bip, l\'interrupteur est mort ; un bip, le problème vient de la piste ou de la diode.',
      ],
      credit: 'Traduit avec l\'accord de l\'autrice. Article original :',
    },
  ],
};
