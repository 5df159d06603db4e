/**
 * The benchmark's synthetic, seeded stream of submissions: genuine comments drawn from the demo blog's
 * vocabulary, mixed with campaigns of templated pitches (each instance with its own sender, brand and
 * addressee, and 15% of its words replaced). Shared by scripts/bench.ts and ad-hoc profiling.
 */
import { join } from 'node:path';
import type { SubmissionInput } from '../plugin/api.js';
import { loadPosts } from '../demo-site/posts.js';
import { seeded as rng } from './seeded.js';

export const CAMPAIGN_SHARE = 0.12;

let random = rng(20261126);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
/** Zipf-like: early words of the vocabulary are much more frequent, as in real text. */
const zipf = <T>(list: readonly T[]): T => list[Math.min(list.length - 1, Math.floor(list.length * random() ** 2.2))]!;

export const posts = loadPosts(join(import.meta.dirname, '..', 'demo-site', 'posts'));
const vocabulary = (() => {
  const counts = new Map<string, number>();
  for (const post of posts) for (const w of post.body.toLowerCase().match(/[a-z']+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
})();
const FIRST = ['Alex', 'Sam', 'Jo', 'Maria', 'Chen', 'Amir', 'Lena', 'Tom', 'Priya', 'Ivan', 'Sofia', 'Kofi', 'Mei', 'Lars', 'Ana', 'Omar'];
const LAST = ['Smith', 'Garcia', 'Kim', 'Novak', 'Okafor', 'Rossi', 'Berg', 'Silva', 'Tanaka', 'Dubois', 'Haddad', 'Weber'];
const BRAND_A = ['Bright', 'Inbox', 'Growth', 'Pixel', 'Feed', 'Host', 'Word', 'Quill', 'Reach', 'Spark', 'Nest', 'Loop'];
const BRAND_B = ['ly', 'Forge', 'Stack', 'Labs', 'Hub', 'Works', 'Media', 'Wave', 'Press', 'Craft', 'io', 'HQ'];
const OUTREACH = [
  'we would love to collaborate with you on a sponsored post', 'our team writes guest posts for blogs like yours',
  'could you add a link to our resource in your article', 'let me know your rates for a do-follow link',
  'i am reaching out on behalf of our client', 'we are putting together a roundup and would love to feature you',
  'happy to return the favour with a mention in our newsletter', 'looking forward to hearing from you soon',
];

function sentence(min: number, max: number): string {
  const n = min + Math.floor(random() * (max - min + 1));
  return Array.from({ length: n }, () => zipf(vocabulary)).join(' ');
}

let seq = 0;
function sender() {
  const name = `${pick(FIRST)} ${pick(LAST)}`;
  const n = seq;
  return { name, email: `${name.toLowerCase().replace(' ', '.')}${n}@mail${n % 97}.example`, ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
}

function genuine(): SubmissionInput {
  seq++;
  const who = sender();
  const post = pick(posts);
  const parts = Array.from({ length: 1 + Math.floor(random() * 4) }, () => `${sentence(6, 16)}.`);
  if (random() < 0.2) parts.unshift(`Thanks ${pick(['Halla', 'for this', 'so much'])}!`);
  return { id: `g-${seq}`, type: 'comment', postId: post.id, author: { name: who.name, email: who.email, url: '' }, ip: who.ip, content: `<p>${parts.join(' ')}</p>` };
}

interface Campaign { base: string[]; sent: number }
/** Ids of campaign instances sent after an earlier member of their campaign: these should match. */
export const repeats = new Set<string>();
const campaigns: Campaign[] = [];
function newCampaign(): Campaign {
  const words = [
    ...`hi {owner}, i am {name} from {brand}.`.split(' '),
    ...sentence(8, 14).split(' '), ...pick(OUTREACH).split(' '), ...sentence(8, 14).split(' '), ...pick(OUTREACH).split(' '),
    ...sentence(6, 12).split(' '), ...'best, {name}'.split(' '),
  ];
  const campaign = { base: words, sent: 0 };
  campaigns.push(campaign);
  return campaign;
}

function instance(campaign: Campaign): SubmissionInput {
  seq++;
  const who = sender();
  const brand = `${pick(BRAND_A)}${pick(BRAND_B)}`;
  const words = campaign.base.map((w) => (!w.includes('{') && random() < 0.15 ? zipf(vocabulary) : w));
  const text = words.join(' ').replaceAll('{owner}', pick(['Halla', 'Halla Jónsdóttir'])).replaceAll('{name}', who.name).replaceAll('{brand}', brand);
  const contact = random() < 0.5;
  if (campaign.sent++ > 0) repeats.add(`c-${seq}`);
  return {
    id: `c-${seq}`, type: contact ? 'contact-form' : 'comment', postId: contact ? null : pick(posts).id,
    author: { name: who.name, email: who.email, url: `https://${brand.toLowerCase()}.example` }, ip: who.ip, content: `<p>${text}</p>`,
  };
}

/** The next synthetic arrival: mostly genuine comments, some members of (new or running) campaigns. */
export function next(): SubmissionInput {
  if (random() >= CAMPAIGN_SHARE) return genuine();
  const campaign = campaigns.length === 0 || random() < 0.06 ? newCampaign() : campaigns[campaigns.length - 1 - Math.floor(campaigns.length * random() ** 3)]!;
  return instance(campaign);
}

export function resetGenerator(): void {
  random = rng(20261126);
  campaigns.length = 0;
  repeats.clear();
  seq = 0;
}

