/** Admin password hashing: scrypt with a random salt, compared in constant time. */
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { DoorkeepError } from './errors.js';

const N = 16_384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/** Hash a password for `admin.passwordHash` or DOORKEEP_ADMIN_PASSWORD: "scrypt$N$r$p$salt$hash" (base64url). */
export function hashPassword(password: string): string {
  if (typeof password !== 'string' || password.length === 0) {
    throw new DoorkeepError('ERR_DK_OPTIONS', 'The admin password must be a non-empty string.', { field: 'admin.password' });
  }
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, KEY_LENGTH, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parseHash(stored: string): ParsedHash | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4]!, 'base64url');
  const hash = Buffer.from(parts[5]!, 'base64url');
  if (![n, r, p].every((v) => Number.isInteger(v) && v! > 0) || salt.length < 8 || hash.length < 16) return undefined;
  return { N: n!, r: r!, p: p!, salt, hash };
}

/** True when `stored` looks like a hash made by hashPassword(). */
export function isPasswordHash(stored: string): boolean {
  return parseHash(stored) !== undefined;
}

/** Resolves true when the password matches the stored hash; false for a wrong password or a malformed hash. */
export function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const parsed = stored ? parseHash(stored) : undefined;
  if (!parsed || typeof password !== 'string') return Promise.resolve(false);
  return new Promise((resolve) => {
    scrypt(password, parsed.salt, parsed.hash.length, { N: parsed.N, r: parsed.r, p: parsed.p, maxmem: 256 * parsed.N * parsed.r }, (error, key) => {
      resolve(!error && key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash));
    });
  });
}
