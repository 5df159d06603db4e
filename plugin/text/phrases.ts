/**
 * Phrase lists the explainable signals share: self-promotion wording and generic praise, in several
 * languages. Each phrase is folded the way submission text is (foldText), so a Cyrillic phrase matches
 * the folded text it will be compared with.
 */
import { foldText } from '../normalize/plain-text.js';

const fold = (list: string) => list.split('|').map((p) => foldText(p)).filter(Boolean);

/** Someone promoting their own channel, profile, music or shop. */
export const SELF_PROMOTION: readonly string[] = fold(
  'check out my|check my|checkout my|visit my|see my|watch my|listen to my|subscribe to my|subscribe to me|please subscribe|' +
  'like and subscribe|sub to my|sub 4 sub|sub4sub|follow me|follow my|follow us|my channel|my new channel|my youtube|my tiktok|' +
  'my instagram|my insta|my page|my profile|my account|my playlist|my new song|my new video|my music|my mixtape|my album|' +
  'my shop|my store|my art|my content|link in bio|link in my bio|links in bio|support me|support my|dm me|message me on|' +
  // Spanish, Portuguese, French, German, Italian, Russian
  'mi canal|suscríbete|suscribete|sígueme|sigueme|meu canal|inscreva-se|se inscreve|me segue|ma chaîne|abonnez-vous|abonne toi|' +
  'suivez-moi|mein kanal|meinen kanal|abonniert|folgt mir|il mio canale|iscriviti|seguitemi|мой канал|подписывайтесь|подпишись|' +
  'подписывайтесь на|заходите на мой',
);

/**
 * Words that fit any post on any site: praise, thanks, blog vocabulary. A comment made only of these
 * says nothing about the post it is under. Several languages; stems are not needed (each form listed).
 */
export const GENERIC_WORDS: ReadonlySet<string> = new Set(fold(
  'great|good|nice|fine|excellent|awesome|amazing|wonderful|fantastic|fabulous|brilliant|superb|outstanding|impressive|' +
  'beautiful|lovely|cool|perfect|best|better|incredible|remarkable|magnificent|terrific|marvelous|marvellous|splendid|' +
  'valuable|useful|helpful|informative|informational|interesting|insightful|inspiring|inspirational|enlightening|' +
  'educational|detailed|thorough|quality|high|unique|fresh|well|written|researched|explained|presented|' +
  'post|posts|posting|article|articles|blog|blogs|blogger|bloggers|blogging|site|sites|website|websites|webpage|page|pages|' +
  'content|contents|information|info|piece|read|reading|reads|write|writing|writeup|write-up|writer|author|topic|topics|' +
  'subject|stuff|material|resource|resources|work|job|effort|efforts|share|shared|sharing|thanks|thank|thx|ty|' +
  'appreciate|appreciated|appreciation|love|loved|loving|like|liked|enjoy|enjoyed|enjoying|keep|keeping|up|continue|' +
  'bookmark|bookmarked|bookmarking|visit|visiting|visited|come|coming|back|again|soon|future|more|often|regularly|' +
  'found|find|finding|glad|happy|pleased|lucky|stumbled|across|upon|came|looking|forward|waiting|wait|next|' +
  'definitely|certainly|truly|indeed|totally|absolutely|extremely|highly|super|pretty|quite|so|such|lot|lots|' +
  'wow|hi|hello|hey|admin|dear|sir|madam|friend|friends|guys|everyone|bro|man|dude|' +
  'recommend|recommended|learn|learned|learnt|learning|knowledge|helped|help|helps|idea|ideas|point|points|view|views|' +
  'opinion|thought|thoughts|way|time|times|day|days|today|now|here|there|everything|anything|something|' +
  'keep it up|kudos|bravo|cheers|regards|best regards|thank you|many|much|very|really|just|also|always|ever|' +
  'i|me|my|you|your|we|our|this|that|these|those|it|its|is|was|are|were|be|been|am|have|has|had|do|did|will|would|' +
  'can|could|should|a|an|the|and|or|but|of|for|to|in|on|at|with|about|from|by|as|all|any|some|one|am|not|no|yes|' +
  'gonna|wanna|got|get|going|go|make|made|give|gave|said|say|says|know|think|see|seen|look|looks|feel|felt|' +
  // What boilerplate praise says about the blog itself, finding it and coming back
  'agree|agreed|exactly|what|via|google|bing|yahoo|search|searching|searched|layout|design|theme|template|rss|feed|feeds|' +
  'newsletter|easy|simple|clear|clearly|concise|new|first|before|checking|check|checked|realized|realised|noticed|sworn|' +
  'anyways|anyway|honestly|seriously|genuinely|actually|surely|personally|grateful|thankful|kind|words|fan|reader|readers|' +
  'newbie|beginner|novice|people|everybody|someone|ok|okay|yeah|yep|neat|sweet|congrats|congratulations|bless|blessed|' +
  'updates|update|updated|comment|comments|commenting|web|internet|online|surfing|browsing|hours|entire|whole|need|needed|' +
  'want|wanted|tell|sure|even|still|long|blogging|bloggers|glad|' +
  // Spanish / Portuguese / Italian
  'gran|grande|buen|bueno|buena|muy|excelente|increíble|genial|interesante|útil|gracias|por|compartir|artículo|artigo|' +
  'ótimo|otimo|obrigado|obrigada|muito|bom|boa|legal|post|publicación|publicação|información|informação|contenido|' +
  'conteúdo|el|la|lo|los|las|un|una|es|este|esta|esto|de|del|que|y|e|o|mi|me|te|su|sus|en|con|para|muchas|' +
  'ottimo|grazie|molto|bello|bella|articolo|il|questo|questa|per|di|che|condividere|' +
  // French
  'merci|très|tres|bon|bonne|super|génial|intéressant|article|partage|partager|pour|ce|cet|cette|le|les|des|du|un|une|' +
  'et|je|vous|votre|ton|blog|contenu|excellent|bravo|' +
  // German / Dutch
  'toller|tolle|toll|super|sehr|gut|guter|gute|danke|vielen|dank|für|fur|den|das|der|die|ein|eine|einen|beitrag|artikel|' +
  'interessant|hilfreich|informativ|teilen|ich|ist|und|mit|geweldig|bedankt|mooi|artikel|dit|het|een|voor|' +
  // Russian
  'спасибо|большое|отличная|отличный|отлично|хорошая|хороший|интересная|интересный|полезная|полезный|статья|статью|' +
  'пост|за|очень|это|автор|автору|блог|информация|класс|супер',
).flatMap((p) => p.split(' ')));

/**
 * Words that make a host name a shop window ("cheap-essays-online.example", "bestcasinobonus.example"): a
 * keyword domain, bought to rank for what it sells. Whole parts of the name (split at dots and hyphens),
 * a few unambiguous words anywhere in a part, or the start or end of a longer part.
 */
export const COMMERCIAL_HOST = {
  parts: new Set('buy cheap best shop store deal deals discount discounts sale sales outlet wholesale review reviews promo promos coupon coupons bonus loan loans cash money seo essay essays rank casino pharma pills win bet crypto coin token agency services'.split(' ')),
  contains: 'casino kazino essay discount wholesale coupon pharma viagra backlink payday'.split(' '),
  starts: 'cheap buy'.split(' '),
  ends: 'store deals outlet reviews essays loans pharmacy coupons'.split(' '),
};

/** The commercial word in a host name, or undefined. The last label (the TLD) is not read. */
export function commercialHostWord(host: string): string | undefined {
  const labels = host.split('.');
  labels.pop();
  for (const label of labels) {
    for (const part of label.split('-')) {
      let end = part.length;
      while (end > 0 && part.charCodeAt(end - 1) >= 48 && part.charCodeAt(end - 1) <= 57) end--;
      const word = part.slice(0, end);
      if (COMMERCIAL_HOST.parts.has(word)) return word;
      for (const inner of COMMERCIAL_HOST.contains) if (word.includes(inner)) return inner;
      for (const start of COMMERCIAL_HOST.starts) if (word.length >= start.length + 3 && word.startsWith(start)) return start;
      for (const end of COMMERCIAL_HOST.ends) if (word.length >= end.length + 3 && word.endsWith(end)) return end;
    }
  }
  return undefined;
}
