import { describe, expect, it } from 'vitest';
import { createBucketTable } from '../plugin/knowledge/bucket-table.js';

describe('LSH bucket table', () => {
  it('behaves as a Map under random inserts, shared buckets, updates and deletes (with growth and probe runs)', () => {
    const table = createBucketTable(16);
    const model = new Map<number, number | number[]>();
    let seed = 42;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    // A small key space forces collisions and long probe runs; deletes exercise the backward shift.
    for (let step = 0; step < 20_000; step++) {
      const key = Math.floor(random() * 3000) * 4096;
      const roll = random();
      if (roll < 0.5) {
        const value = random() < 0.8 ? Math.floor(random() * 1e6) : [Math.floor(random() * 100), Math.floor(random() * 100)];
        table.set(key, value);
        model.set(key, value);
      } else if (roll < 0.8) {
        expect(table.delete(key)).toBe(model.delete(key));
      } else {
        const shared = table.get(key);
        if (Array.isArray(shared)) shared.push(step);
        const modelled = model.get(key);
        if (Array.isArray(modelled) && modelled !== shared) modelled.push(step);
      }
      if (step % 997 === 0) {
        expect(table.size).toBe(model.size);
        for (const [k, v] of model) expect(table.get(k)).toEqual(v);
      }
    }
    for (const [k, v] of model) expect(table.get(k)).toEqual(v);
    expect(table.get(123_456_789)).toBeUndefined();
  });

  it('hands back the shared array itself, so the index changes a bucket in place', () => {
    const table = createBucketTable();
    const bucket = [1, 2];
    table.set(7, bucket);
    (table.get(7) as number[]).push(3);
    expect(table.get(7)).toEqual([1, 2, 3]);
    table.set(7, 3);
    expect(table.get(7)).toBe(3);
  });
});
