/**
 * The LSH buckets: band key → the slots that fell in it. Nearly every bucket holds a single slot (only
 * near-duplicates share one), so a bucket is a number in a typed-array hash table (open addressing,
 * linear probing) and only shared buckets are arrays. That is about 16 bytes per bucket, against about
 * 38 in a Map, and with 32 buckets per indexed submission it is most of the index's memory.
 */

export interface BucketTable {
  /** The bucket's slot, or its array of slots when shared (the array itself: change it in place). */
  get(key: number): number | number[] | undefined;
  set(key: number, value: number | number[]): void;
  delete(key: number): boolean;
  readonly size: number;
}

const EMPTY = 0;

/** Keys are non-negative integers below 2^30 (band keys). */
export function createBucketTable(initialCapacity = 1024): BucketTable {
  let capacity = Math.max(16, 2 ** Math.ceil(Math.log2(initialCapacity)));
  /** key + 1, or EMPTY. */
  let keys = new Int32Array(capacity);
  /** A slot (>= 0), or -(index + 1) into `shared`. */
  let values = new Int32Array(capacity);
  const shared: (number[] | undefined)[] = [];
  const freeShared: number[] = [];
  let size = 0;

  const home = (key: number) => Math.imul(key + 1, 0x9e3779b1) >>> (Math.clz32(capacity) + 1);

  function find(key: number): number {
    const mask = capacity - 1;
    let at = home(key);
    while (keys[at] !== EMPTY) {
      if (keys[at] === key + 1) return at;
      at = (at + 1) & mask;
    }
    return -1 - at;
  }

  function grow(): void {
    const oldKeys = keys;
    const oldValues = values;
    capacity *= 2;
    keys = new Int32Array(capacity);
    values = new Int32Array(capacity);
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] === EMPTY) continue;
      const at = -1 - find(oldKeys[i]! - 1);
      keys[at] = oldKeys[i]!;
      values[at] = oldValues[i]!;
    }
  }

  function release(value: number): void {
    if (value >= 0) return;
    shared[-1 - value] = undefined;
    freeShared.push(-1 - value);
  }

  function encode(value: number | number[]): number {
    if (typeof value === 'number') return value;
    const index = freeShared.pop() ?? shared.length;
    shared[index] = value;
    return -1 - index;
  }

  return {
    get size() {
      return size;
    },
    get(key) {
      const at = find(key);
      if (at < 0) return undefined;
      const value = values[at]!;
      return value >= 0 ? value : shared[-1 - value];
    },
    set(key, value) {
      let at = find(key);
      if (at >= 0) {
        const current = values[at]!;
        if (current < 0 && shared[-1 - current] === value) return;
        release(current);
        values[at] = encode(value);
        return;
      }
      if ((size + 1) * 2 > capacity) {
        grow();
        at = find(key);
      }
      at = -1 - at;
      keys[at] = key + 1;
      values[at] = encode(value);
      size++;
    },
    delete(key) {
      let at = find(key);
      if (at < 0) return false;
      release(values[at]!);
      size--;
      // Backward-shift deletion: move later entries of the probe run into the gap, so no tombstones are needed.
      const mask = capacity - 1;
      let next = (at + 1) & mask;
      while (keys[next] !== EMPTY) {
        const want = home(keys[next]! - 1);
        // The entry at `next` may fill the gap at `at` if its home is not cyclically within (at, next].
        const between = at <= next ? want > at && want <= next : want > at || want <= next;
        if (!between) {
          keys[at] = keys[next]!;
          values[at] = values[next]!;
          at = next;
        }
        next = (next + 1) & mask;
      }
      keys[at] = EMPTY;
      values[at] = 0;
      return true;
    },
  };
}
