/**
 * A throwaway schema on the PostgreSQL server named by DOORKEEP_TEST_DATABASE_URL (.ci/run starts one).
 * Without the variable, PostgreSQL tests skip locally with a message and FAIL under CI=true.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL = process.env.DOORKEEP_TEST_DATABASE_URL;

export const postgresMissing = !TEST_DATABASE_URL;
if (postgresMissing && process.env.CI !== 'true') {
  console.warn('DOORKEEP_TEST_DATABASE_URL is not set: skipping the PostgreSQL tests (set it, or run .ci/run, to include them).');
}

/** Call in a test that must not pass silently without PostgreSQL in CI. */
export function requirePostgresInCi(): void {
  if (postgresMissing && process.env.CI === 'true') {
    throw new Error('CI=true but DOORKEEP_TEST_DATABASE_URL is not set: the PostgreSQL tests cannot run. .ci/run starts a server and sets it.');
  }
}

/** Whether PostgreSQL tests run here: they do whenever the server is given, and in CI (where they then fail). */
export const runPostgres = !postgresMissing || process.env.CI === 'true';

export interface TestSchema {
  name: string;
  /** A pool whose connections use the schema. */
  pool(max?: number): pg.Pool;
  /** A connection string whose connections use the schema. */
  url: string;
  drop(): Promise<void>;
}

export async function createTestSchema(): Promise<TestSchema> {
  requirePostgresInCi();
  const name = `dk_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  await admin.query(`CREATE SCHEMA ${name}`);
  const pools: pg.Pool[] = [];
  const url = new URL(TEST_DATABASE_URL!);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    name,
    url: url.toString(),
    pool(max = 5) {
      const p = new pg.Pool({ connectionString: TEST_DATABASE_URL, max, options: `-c search_path=${name}` });
      pools.push(p);
      return p;
    },
    async drop() {
      for (const p of pools) await p.end().catch(() => {});
      await admin.query(`DROP SCHEMA ${name} CASCADE`);
      await admin.end();
    },
  };
}
