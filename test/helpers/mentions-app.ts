/** A Doorkeep with the mentions router mounted, fetching from the local peer only. */
import express from 'express';
import type { Doorkeep } from '../../plugin/api.js';
import { createMentionsRouter, type MentionsOptions, type MentionsRouter } from '../../plugin/hooks/mentions.js';
import type { FetchOptions } from '../../plugin/options.js';
import { makeDoorkeep } from '../support/doorkeep.js';

export interface MentionsSetup {
  dk: Doorkeep;
  app: express.Express;
  router: MentionsRouter;
}

export async function makeMentionsApp(options: { fetch?: FetchOptions; router?: MentionsOptions; dk?: Doorkeep } = {}): Promise<MentionsSetup> {
  const dk = options.dk ?? (await makeDoorkeep({ fetch: { allowHosts: ['127.0.0.1'], timeoutMs: 1000, ...options.fetch } }));
  const fetch = { allowHosts: ['127.0.0.1'], timeoutMs: 1000, maxBytes: 1_048_576, maxRedirects: 5, userAgent: 'Doorkeep/test', ...options.fetch };
  const router = createMentionsRouter(dk, fetch, options.router);
  const app = express();
  app.set('trust proxy', false);
  app.use(router);
  return { dk, app, router };
}
