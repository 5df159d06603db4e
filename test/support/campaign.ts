/** One templated pitch campaign and the Doorkeep options it is sent to (crash-recovery test and its child process). */
import type { SubmissionInput } from '../../plugin/api.js';
import type { DoorkeepOptions } from '../../plugin/options.js';
import { POSTS } from './doorkeep.js';

export const CAMPAIGN_OPTIONS = {
  site: { name: 'Halla writes', url: 'https://halla.example', ownerNames: ['Halla'] },
  getPost: (id: string) => POSTS.find((p) => p.id === id),
  listPosts: () => POSTS,
  secret: 'crash-recovery-secret-0123456789',
  retentionIntervalMs: false,
} satisfies Partial<DoorkeepOptions>;

export function campaignPitch(i: number, name: string, company: string): SubmissionInput {
  return {
    type: 'comment', postId: 'newsletters', ip: `198.51.100.${i}`,
    author: { name, email: `${name.toLowerCase()}@${company.toLowerCase()}.example`, url: '' },
    content: `Hi Halla, I came across your blog and really enjoyed reading it. I work with ${company} and we would love to `
      + 'partner with you on a sponsored article for your readers about our new productivity app. Let me know your rates '
      + `and we can get started this week. Best regards, ${name}`,
  };
}
