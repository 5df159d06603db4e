/**
 * `doorkeep migrate --from data/doorkeep.json --to postgres://…` copies a lowdb data folder into
 * PostgreSQL: every submission with its history, settings, learned state, named maps, logs and counters,
 * and the form tokens of the last 24 hours. Safe to run twice: submissions already there are left as
 * they are, values and map fields are overwritten with the same, a log is copied only when the target
 * has none under that key, counters are brought to the source's value. Reports what it did.
 */
import { existsSync } from 'node:fs';
import { DoorkeepError } from '../errors.js';
import { DEFAULT_TOKEN_MAX_AGE_MS } from '../form-token.js';
import { createLowdbStore } from '../store/lowdb-store.js';
import { createPostgresStore } from '../store/postgres-store.js';
import type { StoredSubmission } from '../types.js';
import type { CliIo } from './moderate.js';

export const MIGRATE_USAGE = `Usage: doorkeep migrate --from data/doorkeep.json --to postgres://user:pass@host:5432/db

Copies everything in a lowdb data folder (the JSON file and its .submissions/ journals) into PostgreSQL.
Safe to run again: what is already there is not copied twice.`;

const PAGE = 2000;

export async function runMigrate(argv: readonly string[], io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      io.stdout(MIGRATE_USAGE);
      return 0;
    }
    const eq = arg.indexOf('=');
    const [name, value] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, argv[++i]];
    if (name !== '--from' && name !== '--to') {
      io.stderr(`Unknown option ${arg}.\n\n${MIGRATE_USAGE}`);
      return 2;
    }
    if (!value) {
      io.stderr(`${name} needs a value.\n\n${MIGRATE_USAGE}`);
      return 2;
    }
    flags.set(name, value);
  }
  const from = flags.get('--from');
  const to = flags.get('--to');
  if (!from || !to) {
    io.stderr(`Both --from and --to are needed.\n\n${MIGRATE_USAGE}`);
    return 2;
  }
  if (!existsSync(from)) {
    io.stderr(`--from: ${from} does not exist.`);
    return 1;
  }
  if (!/^postgres(ql)?:\/\//.test(to)) {
    io.stderr('--to: give a PostgreSQL connection string, postgres://user:pass@host:5432/db.');
    return 2;
  }

  const source = createLowdbStore(from);
  const target = createPostgresStore({ connectionString: to, maxConnections: 4 });
  try {
    await source.open();
    await target.open();
    let read = 0;
    let inserted = 0;
    const recentTokens: StoredSubmission[] = [];
    const tokenSince = new Date(now().getTime() - DEFAULT_TOKEN_MAX_AGE_MS).toISOString();
    for (let offset = 0; ; offset += PAGE) {
      const { items } = await source.query({ order: 'oldest', offset, limit: PAGE });
      read += items.length;
      inserted += await target.importSubmissions(items);
      for (const s of items) if (s.form?.token && s.receivedAt >= tokenSince) recentTokens.push(s);
      if (items.length < PAGE) break;
    }
    const nowIso = now().toISOString();
    for (const s of recentTokens) {
      await target.claimToken(s.form!.token!, new Date(Date.parse(s.receivedAt) + DEFAULT_TOKEN_MAX_AGE_MS).toISOString(), nowIso);
    }

    const state = source.exportState();
    const values = Object.entries(state.values);
    for (const [key, value] of values) await target.setState(key, value);
    let fields = 0;
    for (const [key, map] of Object.entries(state.entries)) {
      // Learned state kept as rows can hold many fields: a thousand at a time.
      const all = Object.entries(map);
      for (let i = 0; i < all.length; i += 1000) await target.setStateEntries(key, Object.fromEntries(all.slice(i, i + 1000)));
      fields += all.length;
    }
    let logsCopied = 0;
    let logsKept = 0;
    for (const [key, entries] of Object.entries(state.logs)) {
      if ((await target.getLog(key)).length) {
        logsKept++;
        continue;
      }
      for (const entry of entries) await target.appendLog(key, entry, Math.max(entries.length, 1));
      logsCopied++;
    }
    let counters = 0;
    for (const [key, counter] of Object.entries(state.counters)) {
      if (counter.expiresAt <= nowIso) continue;
      const current = await target.addToCounter(key, 0, counter.expiresAt, nowIso);
      if (current !== counter.value) await target.addToCounter(key, counter.value - current, counter.expiresAt, nowIso);
      counters++;
    }
    const total = (await target.query({ limit: 0 })).total;
    io.stdout(`Submissions: ${read.toLocaleString('en')} read, ${inserted.toLocaleString('en')} copied, ${(read - inserted).toLocaleString('en')} already there (${total.toLocaleString('en')} in the database now).`);
    io.stdout(`State: ${values.length} values, ${fields} map fields in ${Object.keys(state.entries).length} maps, ${logsCopied} logs copied (${logsKept} already there), ${counters} counters, ${recentTokens.length} form tokens of the last 24 hours.`);
    return 0;
  } catch (error) {
    io.stderr(error instanceof DoorkeepError ? error.message : `Migration failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await source.close().catch(() => {});
    await target.close().catch(() => {});
  }
}
