/**
 * The seam between the core and the admin (doorkeep/admin, or any host code that builds its own):
 * the password check and keys derived from the site secret and the admin password, without handing
 * out either. Keys survive restarts and change only when the password changes.
 */
import { createHmac } from 'node:crypto';
import { hashPassword, verifyPassword } from './password.js';
import type { Store } from './types.js';

export interface AdminAccess {
  /** True when an admin password (or a hash of one) is configured. */
  readonly hasPassword: boolean;
  /** Resolves true when `password` is the admin password (scrypt, constant-time compare). */
  verifyPassword(password: string): Promise<boolean>;
  /**
   * A secret key for one purpose (e.g. "admin-session", "pitch-feed"): an HMAC of the site secret, the
   * purpose and the admin password hash. The same across restarts; a new one when the password changes.
   */
  key(purpose: string): string;
}

/** Where the hash of the configured password is kept, so a restart does not salt it afresh. */
export const PASSWORD_HASH_KEY = 'admin.passwordHash';

export interface AdminAccessOptions {
  secret: string;
  /** The password as configured (hashed here; the hash is kept in the store and reused while the password is unchanged). */
  password?: string;
  /** A hash from hashPassword(), used as given. */
  passwordHash?: string;
}

/** The admin seam for one Doorkeep instance; reads and, for a new or changed password, saves the kept hash. */
export async function createAdminAccess(store: Store, options: AdminAccessOptions): Promise<AdminAccess> {
  const passwordHash = options.passwordHash ?? (options.password ? await keptHash(store, options.password) : undefined);
  return {
    hasPassword: passwordHash !== undefined,
    verifyPassword: (password) => verifyPassword(password, passwordHash),
    key: (purpose) => createHmac('sha256', options.secret).update(`doorkeep\0${purpose}\0${passwordHash ?? ''}`).digest('base64url'),
  };
}

async function keptHash(store: Store, password: string): Promise<string> {
  const kept = await store.getState<string>(PASSWORD_HASH_KEY);
  if (typeof kept === 'string' && (await verifyPassword(password, kept))) return kept;
  const fresh = hashPassword(password);
  await store.setState(PASSWORD_HASH_KEY, fresh);
  return fresh;
}
