/** Forty varied submissions through the real pipeline, as a moderator's morning might bring them (for the admin's browser tests). */
import type { Doorkeep, SubmissionInput } from '../../plugin/api.js';

const POSTS = ['newsletters-that-respect-readers', 'rss-never-left', 'typography-for-being-read', 'why-i-still-have-comments', 'the-writing-habit-that-stuck', 'self-hosting-without-becoming-a-sysadmin'];

const GENUINE = [
  'I switched back to a feed reader last year and this post explains why it felt so calm. Thank you.',
  'The part about line length made me measure my own blog: 110 characters. Fixing it tonight.',
  'Do you have a favourite self-hosted newsletter tool? I tried two and both wanted my readers tracked.',
  'I still keep comments open for the same reason: the best corrections I ever got came from readers.',
  'Writing every morning for 20 minutes is the only habit that survived my move. Nice to read I am not alone.',
  'Which backup tool do you use for the small server? I worry more about backups than about updates.',
];

const SPAM = [
  'Buy cheap watches online best price http://cheap-watch.example http://cheap-watch.example/sale http://cheap-watch.example/top',
  'Check out my channel and subscribe!!! http://my-channel.example http://my-channel.example/videos',
  'casino bonus 500 free spins today only visit http://casino.example/bonus http://casino.example/join',
];

const PITCHES = [
  'Hi Halla, I came across your blog and love your content. We are a digital marketing agency and would like to offer a sponsored guest post with a do-follow backlink for your readers. We can pay $150 per article.',
  'Hello Halla! Loved your recent post. Our client, a leading SaaS brand, would like to collaborate on a sponsored article with one link insertion. Let me know your rates for a guest post.',
  'Dear Halla, just following up on my previous email about a link insertion in one of your existing articles. Our client is happy to pay. Looking forward to hearing from you!',
];

const CAMPAIGN = (i: number, name: string) =>
  `Hi ${name}, great article! I really enjoyed reading this post and learned so much. Our agency writes high quality content about marketing and SEO services, number ${i}. Would you accept a guest post with a backlink?`;

/** Moderates 40 submissions of every type over a few simulated hours; returns their ids. */
export async function seedForty(dk: Doorkeep, advance: (ms: number) => void): Promise<string[]> {
  const inputs: SubmissionInput[] = [];
  for (let i = 0; i < 12; i++) {
    inputs.push({ type: 'comment', postId: POSTS[i % POSTS.length], author: { name: ['Sam Reader', 'Mira Okafor', 'Jonas Berg', 'Ana Lima', 'Kofi Mensah', 'Lea Roth'][i % 6]!, email: `reader${i}@mail.example`, url: '' }, ip: `192.0.2.${10 + i}`, content: `${GENUINE[i % GENUINE.length]!} webring` });
  }
  for (let i = 0; i < 9; i++) {
    inputs.push({ type: 'comment', postId: POSTS[i % POSTS.length], author: { name: ['Cheap Watches', 'Promo Bot', 'Lucky Spins'][i % 3]!, email: `seller${i}@spam${i % 3}.example`, url: `http://spam${i % 3}.example` }, ip: `198.51.100.${i + 1}`, content: SPAM[i % SPAM.length]! });
  }
  for (let i = 0; i < 5; i++) {
    inputs.push({ type: 'contact-form', channel: 'contact', subject: ['Guest post collaboration', 'Sponsored article', 'Following up', 'Partnership', 'Link insertion'][i], author: { name: `Jen ${i} from GrowthLab`, email: `jen${i}@growthlab${i}.example`, url: '' }, ip: `203.0.113.${40 + i}`, content: PITCHES[i % PITCHES.length]! });
  }
  for (let i = 0; i < 6; i++) {
    inputs.push({ type: 'comment', postId: 'newsletters-that-respect-readers', author: { name: `Promo ${i}`, email: `promo${i}@agency${i}.example`, url: '' }, ip: `198.51.100.${60 + i}`, content: CAMPAIGN(i, ['Halla', 'friend', 'there', 'mate', 'Halla', 'dear'][i]!) });
  }
  for (let i = 0; i < 3; i++) {
    inputs.push({ type: 'contact-form', channel: 'work-with-me', subject: `Workshop request ${i + 1}`, author: { name: ['Ruth Abara', 'Tomas Vidal', 'Ines Moreau'][i]!, email: `ruth${i}@school${i}.example`, url: '' }, ip: `203.0.113.${60 + i}`, content: 'We run a small writers group and would love to invite you to talk about keeping a writing habit. Could we find a date in spring?' });
  }
  for (let i = 0; i < 5; i++) {
    const type = (['pingback', 'trackback', 'webmention'] as const)[i % 3];
    inputs.push({
      type, postId: POSTS[i % POSTS.length], author: { name: `Blog ${i}`, email: '', url: `https://blog${i}.example/` }, ip: `192.0.2.${100 + i}`,
      content: `A post on blog ${i} that links here: a thoughtful follow-up about feeds and small sites.`,
      mention: { source: `https://blog${i}.example/posts/${i}`, title: `Follow-up ${i}`, excerpt: 'a thoughtful follow-up about feeds and small sites' },
    });
  }
  const ids: string[] = [];
  for (const input of inputs) {
    advance(7 * 60_000);
    ids.push((await dk.moderate(input)).submission.id);
  }
  return ids;
}
