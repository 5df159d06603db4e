/** Errors with a stable code and a message that says what to do. */
export type ErrorCode =
  | 'ERR_DK_OPTIONS'
  | 'ERR_DK_SETTINGS'
  | 'ERR_DK_INPUT'
  | 'ERR_DK_TOO_LARGE'
  | 'ERR_DK_DUPLICATE'
  | 'ERR_DK_STORE'
  | 'ERR_DK_NOT_FOUND'
  | 'ERR_DK_BUSY';

export class DoorkeepError extends Error {
  readonly code: ErrorCode;
  /** The HTTP status a hook answers with, when the error reaches one. */
  readonly status: number;
  /** The option, setting or field the error is about. */
  readonly field?: string;

  constructor(code: ErrorCode, message: string, options: { status?: number; field?: string } = {}) {
    super(message);
    this.name = 'DoorkeepError';
    this.code = code;
    this.status = options.status ?? 400;
    this.field = options.field;
  }
}

/** Levenshtein distance, for "Did you mean …?" hints. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** " Did you mean `x`?" when a known key is close to the unknown one, else "". */
export function didYouMean(unknown: string, known: readonly string[]): string {
  let best = '';
  let bestDistance = Infinity;
  for (const key of known) {
    const d = distance(unknown.toLowerCase(), key.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [key, d];
  }
  return bestDistance <= Math.max(2, Math.floor(unknown.length / 3)) ? ` Did you mean \`${best}\`?` : '';
}

/**
 * Check an options object against the keys a component knows, rejecting unknown keys with a hint.
 * `where` names the component in the message, e.g. "filters.links".
 */
export function rejectUnknownKeys(where: string, given: object, known: readonly string[], code: ErrorCode = 'ERR_DK_OPTIONS'): void {
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) {
      throw new DoorkeepError(code, `Unknown option \`${where}.${key}\`.${didYouMean(key, known)}`, { field: `${where}.${key}` });
    }
  }
}

type Kind = 'number' | 'string' | 'boolean' | 'string[]' | 'function' | 'object';

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? 'string[]' : 'array';
  return value === null ? 'null' : typeof value;
}

/**
 * Validate one options object against a table of expected kinds (and optional numeric ranges).
 * Returns the options merged over the defaults. Throws DoorkeepError naming the option on any mismatch.
 */
export function checkOptions<T extends object>(
  where: string,
  given: unknown,
  defaults: T,
  table: { [K in keyof T]-?: Kind | { kind: 'number'; min?: number; max?: number } },
  code: ErrorCode = 'ERR_DK_OPTIONS',
): T {
  if (given === undefined || given === true) return { ...defaults };
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new DoorkeepError(code, `\`${where}\` must be an object or false, got ${kindOf(given)}.`, { field: where });
  }
  rejectUnknownKeys(where, given, Object.keys(table), code);
  const out = { ...defaults } as Record<string, unknown>;
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const spec = table[key as keyof T];
    const kind = typeof spec === 'string' ? spec : spec.kind;
    if (kindOf(value) !== kind) {
      throw new DoorkeepError(code, `\`${where}.${key}\` must be a ${kind}, got ${kindOf(value)}.`, { field: `${where}.${key}` });
    }
    if (typeof spec === 'object' && typeof value === 'number') {
      if (!Number.isFinite(value) || (spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
        const range = `${spec.min ?? '-∞'}…${spec.max ?? '∞'}`;
        throw new DoorkeepError(code, `\`${where}.${key}\` must be a number in ${range}, got ${value}.`, { field: `${where}.${key}` });
      }
    }
    out[key] = value;
  }
  return out as T;
}
