/** Doorkeep's addition to Express's Request type: what the hooks put on `req.moderation`. */
import type { RequestModeration } from './api.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by Doorkeep's hooks: the verdict, the stored submission and the sender's receipt. */
    moderation?: RequestModeration;
  }
}

export {};
