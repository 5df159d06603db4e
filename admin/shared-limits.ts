/**
 * Admin state that must be the same in every instance sharing a store: the failed sign-in limit (an
 * express-rate-limit store over the store's atomic counters, so five failures spread over two instances
 * are five) and signed-out sessions (one map field per session, announced to the other instances).
 */
import type { ClientRateLimitInfo, Options, Store as RateLimitStore } from 'express-rate-limit';
import type { Doorkeep } from '../plugin/api.js';

/** Fixed windows of `windowMs`, counted in the Doorkeep store under `admin.sign-in:<key>`. */
export class SharedSignInLimit implements RateLimitStore {
  private windowMs = 60_000;
  readonly localKeys = false;
  readonly prefix = 'admin.sign-in:';

  constructor(private readonly dk: Doorkeep) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  /** Real time, not the host's clock: express-rate-limit compares reset times with Date.now(). */
  private window(): { now: string; resetTime: Date } {
    const now = Date.now();
    return { now: new Date(now).toISOString(), resetTime: new Date(Math.floor(now / this.windowMs) * this.windowMs + this.windowMs) };
  }

  async get(key: string): Promise<ClientRateLimitInfo> {
    const { now, resetTime } = this.window();
    return { totalHits: await this.dk.store.addToCounter(this.prefix + key, 0, resetTime.toISOString(), now), resetTime };
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const { now, resetTime } = this.window();
    return { totalHits: await this.dk.store.addToCounter(this.prefix + key, 1, resetTime.toISOString(), now), resetTime };
  }

  async decrement(key: string): Promise<void> {
    const { now, resetTime } = this.window();
    await this.dk.store.addToCounter(this.prefix + key, -1, resetTime.toISOString(), now);
  }

  async resetKey(key: string): Promise<void> {
    const { totalHits } = await this.get(key);
    const { now, resetTime } = this.window();
    if (totalHits) await this.dk.store.addToCounter(this.prefix + key, -totalHits, resetTime.toISOString(), now);
  }
}

/** Signed-out sessions: one field each (id → expiry ms) under this key. */
export const REVOKED_SESSIONS = 'admin.revokedSessions.byId';

/**
 * Keep signed-out sessions in the store, field by field, and follow other instances' sign-outs.
 * `restore` receives every known signed-out session whenever they change.
 */
export function shareRevokedSessions(dk: Doorkeep, restore: (revoked: Record<string, number>) => void, legacyKey: string) {
  const written = new Set<string>();
  const load = async () => {
    const now = dk.clock.now().getTime();
    const entries = await dk.store.getStateEntries<number>(REVOKED_SESSIONS);
    const legacy = (await dk.store.getState<Record<string, number>>(legacyKey)) ?? {};
    const all = { ...legacy, ...entries };
    for (const [id, expiresAt] of Object.entries(entries)) {
      if (expiresAt <= now) void dk.store.setStateEntry(REVOKED_SESSIONS, id, undefined).catch(() => {});
      else written.add(id);
    }
    restore(all);
  };
  dk.store.subscribe((change) => {
    if (change.kind === 'state' && change.key === REVOKED_SESSIONS) load().catch((error: unknown) => console.error('[doorkeep admin] could not load sign-outs:', error));
  });
  return {
    restored: load(),
    onRevoke(revoked: Record<string, number>) {
      for (const [id, expiresAt] of Object.entries(revoked)) {
        if (written.has(id)) continue;
        written.add(id);
        dk.store.setStateEntry(REVOKED_SESSIONS, id, expiresAt).catch((error: unknown) => console.error('[doorkeep admin] could not save a sign-out:', error));
      }
    },
  };
}
