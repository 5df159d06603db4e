/**
 * Delivery: what happens when a submission becomes approved — on arrival, or later when a moderator
 * approves a held item. The host hears of it through `onDelivered` and `doorkeep.on('delivered', …)`;
 * optionally it is mailed (plugin/mail.ts). Listeners and mail run after the submission is stored and
 * never delay or fail the request that caused it.
 */
import type { StoredSubmission } from './types.js';
import type { Mailer } from './mail.js';

export interface DeliveredEvent {
  /** The submission as stored (content is sanitized HTML). */
  submission: StoredSubmission;
  /** 'verdict': approved on arrival (a door open to pitches counts); 'decision': a moderator approved it later. */
  cause: 'verdict' | 'decision';
  /** "doorkeep", or the moderator who approved it. */
  by: string;
  /** ISO date. */
  at: string;
}

export interface MailFailedEvent {
  submission: StoredSubmission;
  error: Error;
}

export interface DoorkeepEvents {
  delivered: DeliveredEvent;
  /** A delivered submission could not be mailed (the SMTP server refused or could not be reached). */
  'mail-failed': MailFailedEvent;
}

export type DoorkeepEventName = keyof DoorkeepEvents;
export type Listener<E extends DoorkeepEventName> = (event: DoorkeepEvents[E]) => void | Promise<void>;

export interface Delivery {
  on<E extends DoorkeepEventName>(event: E, listener: Listener<E>): void;
  off<E extends DoorkeepEventName>(event: E, listener: Listener<E>): void;
  /** A submission became approved: tell the listeners and mail it. Returns at once. */
  delivered(submission: StoredSubmission, cause: DeliveredEvent['cause'], by: string, at: string): void;
  /** Resolves once every listener call and mail started so far has finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createDelivery(options: { onDelivered?: Listener<'delivered'>; mailer?: Mailer; adminItemUrl: (id: string) => string }): Delivery {
  const listeners: { [E in DoorkeepEventName]: Set<Listener<E>> } = { delivered: new Set(), 'mail-failed': new Set() };
  if (options.onDelivered) listeners.delivered.add(options.onDelivered);
  const running = new Set<Promise<void>>();

  function track(work: () => Promise<void>): void {
    const promise = Promise.resolve().then(work).finally(() => running.delete(promise));
    running.add(promise);
  }

  function emit<E extends DoorkeepEventName>(event: E, payload: DoorkeepEvents[E]): void {
    for (const listener of listeners[event]) {
      track(async () => {
        try {
          await listener(payload);
        } catch (error) {
          console.error(`[doorkeep] a '${event}' listener failed:`, error);
        }
      });
    }
  }

  return {
    on(event, listener) {
      if (!(event in listeners)) throw new TypeError(`Doorkeep has no '${String(event)}' event; it has ${Object.keys(listeners).join(', ')}.`);
      listeners[event].add(listener);
    },
    off(event, listener) {
      listeners[event]?.delete(listener);
    },
    delivered(submission, cause, by, at) {
      const copy = structuredClone(submission);
      emit('delivered', { submission: copy, cause, by, at });
      const mailer = options.mailer;
      if (mailer?.wants(copy)) {
        track(async () => {
          try {
            await mailer.send(copy, options.adminItemUrl(copy.id));
          } catch (error) {
            const failure = error instanceof Error ? error : new Error(String(error));
            if (listeners['mail-failed'].size === 0) console.error(`[doorkeep] could not mail submission ${copy.id}:`, failure.message);
            emit('mail-failed', { submission: copy, error: failure });
          }
        });
      }
    },
    async idle() {
      while (running.size) await Promise.allSettled([...running]);
    },
    async close() {
      await this.idle();
      options.mailer?.close();
    },
  };
}
