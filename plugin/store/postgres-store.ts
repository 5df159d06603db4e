/**
 * The store for more than one process: PostgreSQL through node-postgres (`pg`). Several app instances
 * share one database and behave as one site.
 *
 * - The schema is versioned (`doorkeep_meta`) and migrated on open under an advisory lock, so instances
 *   starting together migrate once.
 * - Submissions are rows: the derived keys (plugin/store/keys.ts) and what the filters and the admin
 *   narrow by are indexed columns; the whole record is one jsonb value (compact: the verdict's signals once).
 * - Sender counts, daily and per-filter counts, retention's old items: SQL aggregates, never records read
 *   into JavaScript to count them.
 * - State changes are single statements (upserts, counters, log appends), never read-modify-write of a blob.
 *   Form tokens sit under a unique constraint: two instances cannot both accept one token.
 * - Every change is announced with NOTIFY on the channel `doorkeep` (after commit; in another schema a channel named
 *   after it); subscribe() hears the changes of other instances (its own are skipped).
 * - The template index is rows too (`templateBands`, schema 3): one entry per indexed text (masked text, sender,
 *   time, band keys), one row per (LSH band key, entry) read newest first per band, and the campaigns. A lookup is
 *   one statement (the candidates sharing the most bands); the Dice check stays in the process. A submission's entry,
 *   handed over before add() (stageTemplateEntry), is written in the submission's own insert statement, filed in its
 *   campaign there, and who joined is announced, so no instance observes another's submissions. remove() deletes entries, band rows and emptied campaigns with the submissions.
 * - Learned weights are rows changed by deltas (`addToStateEntries`: `value = value + delta`, fields locked in one
 *   order), never a whole model read, changed and written back; `shared` tells Doorkeep to keep them so.
 * - Nothing is loaded into memory at open: an instance's memory does not grow with what is stored (it holds the
 *   template campaigns' member ids, not lone submissions).
 * - The statements every submission runs with fixed text are named (prepared once per connection), so the
 *   server does not parse them again each time.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { DoorkeepError } from '../errors.js';
import {
  STATUSES, type DayCount, type FilterCount, type HistoryEntry, type QueryResult, type RecentSubmission, type Status, type StatusCounts,
  type Store, type StoreChange, type StoredCampaign, type StoredSubmission, type SubmissionQuery, type TemplateBandStore,
} from '../types.js';
import { compact, expand } from './compact.js';
import { emailKey, hostKey, ipKey, keysOf } from './keys.js';

export interface PostgresStoreOptions {
  /** e.g. postgres://user:pass@host:5432/db. Either this or `pool`. */
  connectionString?: string;
  /** A pool the host already has (not ended by close()). */
  pool?: pg.Pool;
  /** Pool size when Doorkeep makes the pool. Defaults to 10. */
  maxConnections?: number;
}

export interface PostgresStore extends Store {
  readonly pool: pg.Pool;
  readonly templateBands: NonNullable<Store['templateBands']>;
  /** This instance's id in change announcements. */
  readonly instanceId: string;
  /** Resolves once this instance listens for other instances' changes (after a first subscribe()). */
  listening(): Promise<void>;
  /**
   * Copy submissions in (migration, benchmark fill): many rows per statement, ones whose id is already
   * stored are left as they are; returns how many were inserted. Not announced to other instances.
   */
  importSubmissions(submissions: StoredSubmission[]): Promise<number>;
}

const CHANNEL = 'doorkeep';

/**
 * The NOTIFY channel of the Doorkeep tables in this schema: channels are shared by the whole database, so two
 * sites in two schemas of one database must not hear each other's changes. `doorkeep` in the public schema.
 */
async function channelOf(client: pg.Pool | pg.PoolClient): Promise<string> {
  const { rows } = await client.query<{ schema: string | null }>('SELECT current_schema() AS schema');
  const schema = rows[0]?.schema ?? 'public';
  return schema === 'public' ? CHANNEL : `${CHANNEL}_${createHash('sha256').update(schema).digest('hex').slice(0, 16)}`;
}
const SCHEMA_LOCK = 0x646b5f31; // "dk_1"

/** Each step moves the schema one version up; never edit a released step, add the next. */
const MIGRATIONS: string[] = [
  `
  create table if not exists doorkeep_submissions (
    id text collate "C" primary key,
    receipt text collate "C" not null unique,
    received_at text collate "C" not null,
    status text collate "C" not null,
    type text collate "C" not null,
    post_id text collate "C",
    email text collate "C" not null,
    ip text collate "C" not null,
    url_host text collate "C" not null,
    cluster_id text collate "C",
    ip_anonymised boolean not null default false,
    record jsonb not null
  );
  create index if not exists doorkeep_submissions_received on doorkeep_submissions (received_at, id);
  create index if not exists doorkeep_submissions_status on doorkeep_submissions (status, received_at);
  create index if not exists doorkeep_submissions_email on doorkeep_submissions (email, received_at) where email <> '';
  create index if not exists doorkeep_submissions_ip on doorkeep_submissions (ip, received_at) where ip <> '';
  create index if not exists doorkeep_submissions_host on doorkeep_submissions (url_host, status) where url_host <> '';
  create index if not exists doorkeep_submissions_post on doorkeep_submissions (post_id, received_at);
  create index if not exists doorkeep_submissions_cluster on doorkeep_submissions (cluster_id) where cluster_id is not null;
  create table if not exists doorkeep_state (key text collate "C" primary key, value jsonb not null);
  create table if not exists doorkeep_state_entries (
    key text collate "C" not null, field text collate "C" not null, value jsonb not null, primary key (key, field)
  );
  create table if not exists doorkeep_logs (key text collate "C" not null, seq bigserial, entry jsonb not null, primary key (key, seq));
  create table if not exists doorkeep_counters (key text collate "C" primary key, value double precision not null, expires_at text collate "C" not null);
  create table if not exists doorkeep_tokens (token text collate "C" primary key, expires_at text collate "C" not null);
  create index if not exists doorkeep_tokens_expiry on doorkeep_tokens (expires_at);
  `,
  // 2: a URL host's latest submissions (sender evidence reads 50 of them) straight from an index, not by
  // sorting all of a busy host's rows (12 ms for 3,000 rows at 1M stored, 0.1 ms with this).
  `
  create index if not exists doorkeep_submissions_host_time on doorkeep_submissions (url_host, received_at) where url_host <> '';
  `,
  // 3: the template index as rows shared by every instance (TemplateBandStore): one entry per indexed text (what the
  // Dice check needs, and its band keys), one row per (band key, entry) read newest first, and the campaigns.
  `
  create table if not exists doorkeep_template_entries (
    id text collate "C" primary key,
    seq bigserial not null unique,
    sender text collate "C" not null,
    at bigint not null,
    masked text not null,
    band_keys integer[] not null,
    cluster_id text collate "C"
  );
  create index if not exists doorkeep_template_entries_cluster on doorkeep_template_entries (cluster_id) where cluster_id is not null;
  create table if not exists doorkeep_template_bands (band_key integer not null, seq bigint not null, primary key (band_key, seq));
  create table if not exists doorkeep_template_campaigns (
    id text collate "C" primary key, representative text not null, sample text not null, decision text collate "C"
  );
  `,
];

export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * A submission's template entry written in the submission's own statement (after a CTE `added`): the entry ($1 its
 * id; $15 sender, $16 at, $17 masked text, $18 band keys), its band rows, and with a campaign ($19 id, $20
 * representative, $21 sample) the campaign made if new and the matches not filed yet ($22) filed; `joined` lists
 * who joined.
 */
const TEMPLATE_CTES = `e AS (
    INSERT INTO doorkeep_template_entries (id, sender, at, masked, band_keys, cluster_id)
    SELECT added.id, $15, $16, $17, $18::int[], $19::text FROM added ON CONFLICT (id) DO NOTHING RETURNING seq, id, sender, at
  ),
  b AS (INSERT INTO doorkeep_template_bands (band_key, seq) SELECT DISTINCT k, e.seq FROM e, unnest($18::int[]) AS k),
  c AS (
    INSERT INTO doorkeep_template_campaigns (id, representative, sample) SELECT $19::text, $20, $21 FROM added WHERE $19::text IS NOT NULL
    ON CONFLICT (id) DO NOTHING
  ),
  j AS (
    UPDATE doorkeep_template_entries SET cluster_id = $19::text
    WHERE $19::text IS NOT NULL AND id = ANY($22::text[]) AND cluster_id IS NULL AND EXISTS (SELECT 1 FROM added) RETURNING id, sender, at
  ),
  joined AS (SELECT coalesce(json_agg(json_build_array(m.id, m.sender, m.at)), '[]'::json) AS members FROM (
    SELECT id, sender, at FROM e WHERE $19::text IS NOT NULL UNION ALL SELECT id, sender, at FROM j
  ) m)`;

const fail = (message: string) => new DoorkeepError('ERR_DK_STORE', message, { status: 500 });

function emptyCounts(): StatusCounts {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts;
}

function columns(s: StoredSubmission): unknown[] {
  const keys = keysOf(s);
  return [s.id, s.receipt, s.receivedAt, s.status, s.type, s.postId ?? null, keys.email, keys.ip, keys.urlHost, s.clusterId ?? null, !!s.ipAnonymised, JSON.stringify(compact(s))];
}

const COLUMNS = 'id, receipt, received_at, status, type, post_id, email, ip, url_host, cluster_id, ip_anonymised, record';

/** The SQL type of each of COLUMNS, for importing many rows as one array per column. */
const IMPORT_TYPES = ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'boolean', 'jsonb'] as const;

const fromRow = (row: { record: StoredSubmission }) => expand(row.record);

export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  if (!options.pool && !options.connectionString) {
    throw new DoorkeepError('ERR_DK_OPTIONS', 'createPostgresStore needs { connectionString } or { pool }.', { field: 'connectionString' });
  }
  const ownPool = !options.pool;
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
  const instanceId = randomBytes(8).toString('hex');
  const listeners = new Set<(change: StoreChange) => void>();
  let listener: pg.PoolClient | undefined;
  let listening: Promise<void> | undefined;
  let closed = false;
  let claims = 0;
  /** Set by open() (or by the first listen()): this schema's channel. */
  let channel: string | undefined;
  // An idle client's error (the server restarted) must not crash the host: the pool replaces it.
  const onPoolError = (error: Error) => console.error('Doorkeep PostgreSQL pool:', error.message);
  pool.on('error', onPoolError);

  const announce = (change: StoreChange) => JSON.stringify({ o: instanceId, ...change });

  async function listen(): Promise<void> {
    if (closed || listener) return;
    const client = await pool.connect();
    client.on('notification', (message) => {
      if (message.channel !== channel || !message.payload) return;
      let parsed: StoreChange & { o?: string; record?: StoredSubmission };
      try {
        parsed = JSON.parse(message.payload);
      } catch {
        return;
      }
      if (parsed.o === instanceId) return;
      const { o: _origin, record, ...rest } = parsed;
      const change = (record && rest.kind === 'added' ? { ...rest, submission: expand(record) } : rest) as StoreChange;
      for (const l of listeners) {
        try {
          l(change as StoreChange);
        } catch (error) {
          console.error('Doorkeep change listener failed:', error);
        }
      }
    });
    client.on('error', (error) => {
      console.error('Doorkeep PostgreSQL listener lost its connection:', error.message);
      client.release(error);
      if (listener === client) listener = undefined;
      listening = undefined;
      if (!closed && listeners.size) setTimeout(() => void ensureListening(), 1000).unref();
    });
    channel ??= await channelOf(client);
    await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    listener = client;
  }

  function ensureListening(): Promise<void> {
    listening ??= listen().catch((error: unknown) => {
      listening = undefined;
      console.error('Doorkeep could not listen for changes:', (error as Error).message);
    });
    return listening;
  }

  async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  const notify = (client: pg.Pool | pg.PoolClient, change: StoreChange) => client.query('SELECT pg_notify($1, $2)', [channel ?? CHANNEL, announce(change)]);

  async function setStateChange(key: string, statement: string, params: unknown[]): Promise<void> {
    await transaction(async (client) => {
      await client.query(statement, params);
      await notify(client, { kind: 'state', key });
    });
  }

  function where(q: SubmissionQuery): { sql: string; params: unknown[] } {
    const params: unknown[] = [];
    const clauses: string[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (q.status !== undefined) clauses.push(`status = ANY(${p([q.status].flat())})`);
    if (q.type !== undefined) clauses.push(`type = ANY(${p([q.type].flat())})`);
    if (q.postId !== undefined) clauses.push(`post_id = ${p(q.postId)}`);
    if (q.email !== undefined) clauses.push(`email = ${p(emailKey(q.email))}`);
    if (q.ip !== undefined) clauses.push(`ip = ${p(ipKey(q.ip))}`);
    if (q.urlHost !== undefined) clauses.push(`url_host = ${p(hostKey(q.urlHost))}`);
    if (q.clusterId !== undefined) clauses.push(`cluster_id = ${p(q.clusterId)}`);
    if (q.channel !== undefined) clauses.push(`record->>'channel' = ${p(q.channel)}`);
    if (q.filter !== undefined) {
      clauses.push(`EXISTS (SELECT 1 FROM jsonb_array_elements(record->'signals') e WHERE e->>'filter' = ${p(q.filter)} AND (e->>'score')::float8 > 0)`);
    }
    if (q.since !== undefined) clauses.push(`received_at >= ${p(q.since)}`);
    if (q.until !== undefined) clauses.push(`received_at < ${p(q.until)}`);
    const search = q.search?.trim().toLowerCase();
    if (search) {
      const fields = ["record->>'text'", "record->'author'->>'name'", "record->'author'->>'email'", "record->'author'->>'url'", "coalesce(post_id, '')", "record->>'ip'", "coalesce(record->'mention'->>'source', '')", "coalesce(record->>'subject', '')"];
      const needle = p(search);
      clauses.push(`(${fields.map((f) => `strpos(lower(${f}), ${needle}) > 0`).join(' OR ')})`);
    }
    return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
  }

  /** Template entries handed over to be written with their submission (stageTemplateEntry), by submission id. */
  const staged = new Map<string, {
    entry: Parameters<NonNullable<TemplateBandStore['stageTemplateEntry']>>[0];
    campaign: Parameters<NonNullable<TemplateBandStore['stageTemplateEntry']>>[1];
    done: (joined: [string, string, number][] | undefined) => void;
  }>();

  async function readCampaigns(client: pg.Pool | pg.PoolClient, id?: string): Promise<StoredCampaign[]> {
    const { rows } = await client.query<{ id: string; representative: string; sample: string; decision: StoredCampaign['decision']; members: [string, string, number][] }>(
      `SELECT c.id, c.representative, c.sample, c.decision,
         coalesce(json_agg(json_build_array(e.id, e.sender, e.at) ORDER BY e.at, e.id) FILTER (WHERE e.id IS NOT NULL), '[]'::json) AS members
       FROM doorkeep_template_campaigns c LEFT JOIN doorkeep_template_entries e ON e.cluster_id = c.id
       WHERE $1::text IS NULL OR c.id = $1 GROUP BY c.id ORDER BY c.id`,
      [id ?? null],
    );
    return rows.map((r) => ({ ...r, members: r.members.map(([m, sender, at]) => [m, sender, Number(at)] as [string, string, number]) }));
  }

  const store: PostgresStore = {
    pool,
    instanceId,
    shared: true,
    location: 'the PostgreSQL database (table doorkeep_state)',
    listening: () => (listeners.size ? ensureListening() : Promise.resolve()),

    async importSubmissions(submissions) {
      // One statement per 5,000 rows with one array parameter per column: the server parses 12 values, not 60,000.
      let inserted = 0;
      for (let i = 0; i < submissions.length; i += 5000) {
        const columnsOf = submissions.slice(i, i + 5000).map(columns);
        const arrays = IMPORT_TYPES.map((_, c) => columnsOf.map((row) => row[c]));
        const result = await pool.query(
          `INSERT INTO doorkeep_submissions (${COLUMNS}) SELECT * FROM unnest(${IMPORT_TYPES.map((t, c) => `$${c + 1}::${t}[]`).join(', ')}) ON CONFLICT DO NOTHING`,
          arrays,
        );
        inserted += result.rowCount ?? 0;
      }
      return inserted;
    },

    async open() {
      const client = await pool.connect().catch((error: Error) => {
        throw fail(`Cannot connect to PostgreSQL: ${error.message}.`);
      });
      try {
        channel ??= await channelOf(client);
        await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK]);
        await client.query('CREATE TABLE IF NOT EXISTS doorkeep_meta (key text primary key, value text not null)');
        const found = await client.query<{ value: string }>("SELECT value FROM doorkeep_meta WHERE key = 'schema_version'");
        const version = found.rows[0] ? Number(found.rows[0].value) : 0;
        if (version > MIGRATIONS.length) {
          throw fail(`The database has Doorkeep schema version ${version}, newer than this Doorkeep knows (${MIGRATIONS.length}). Upgrade Doorkeep.`);
        }
        for (let v = version; v < MIGRATIONS.length; v++) {
          await client.query('BEGIN');
          await client.query(MIGRATIONS[v]!);
          await client.query(
            "INSERT INTO doorkeep_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [String(v + 1)],
          );
          await client.query('COMMIT');
        }
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error instanceof DoorkeepError ? error : fail(`Cannot prepare the Doorkeep tables: ${(error as Error).message}.`);
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK]).catch(() => {});
        client.release();
      }
      if (listeners.size) await ensureListening();
    },

    async add(submission) {
      const values = columns(submission);
      // The announcement names the submission only: the template index is shared rows, so no instance observes
      // another's submissions (an older instance that does reads it back by id).
      const payload = announce({ kind: 'added', id: submission.id });
      const stage = staged.get(submission.id);
      if (stage) {
        staged.delete(submission.id);
        const { entry, campaign, done } = stage;
        try {
          const { rows } = await pool.query<{ joined: [string, string, number][] }>({
            name: 'doorkeep_add_indexed',
            text: `WITH added AS (INSERT INTO doorkeep_submissions (${COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id),
               ${TEMPLATE_CTES}
             SELECT members AS joined, pg_notify($13, $14) AS added_notified, CASE WHEN $19::text IS NOT NULL
               THEN pg_notify($13, json_build_object('o', $23::text, 'kind', 'campaign', 'id', $19::text, 'joined', members)::text) END AS notified
             FROM joined, added`,
            values: [
              ...values, channel ?? CHANNEL, payload, entry.sender, entry.at, entry.masked, entry.bandKeys, campaign?.id ?? null,
              campaign?.representative ?? '', campaign?.sample ?? '', campaign?.join ?? [], instanceId,
            ],
          });
          done((rows[0]?.joined ?? []).map(([id, sender, at]) => [id, sender, Number(at)] as [string, string, number]));
          return;
        } catch (error) {
          done(undefined);
          if ((error as { code?: string }).code === '23505') throw new DoorkeepError('ERR_DK_STORE', `A submission with id ${submission.id} is already stored.`);
          throw error;
        }
      }
      try {
        await pool.query({
          name: 'doorkeep_add',
          text: `WITH added AS (INSERT INTO doorkeep_submissions (${COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id)
           SELECT pg_notify($13, $14) FROM added`,
          values: [...values, channel ?? CHANNEL, payload],
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new DoorkeepError('ERR_DK_STORE', `A submission with id ${submission.id} is already stored.`);
        throw error;
      }
    },

    async get(id) {
      const { rows } = await pool.query({ name: 'doorkeep_get', text: 'SELECT record FROM doorkeep_submissions WHERE id = $1', values: [id] });
      return rows[0] ? fromRow(rows[0]) : undefined;
    },

    async getByReceipt(receipt) {
      const { rows } = await pool.query({ name: 'doorkeep_get_receipt', text: 'SELECT record FROM doorkeep_submissions WHERE receipt = $1', values: [receipt] });
      return rows[0] ? fromRow(rows[0]) : undefined;
    },

    async update(id, patch, history: HistoryEntry[] = []) {
      return transaction(async (client) => {
        const { rows } = await client.query('SELECT record FROM doorkeep_submissions WHERE id = $1 FOR UPDATE', [id]);
        if (!rows[0]) return undefined;
        const current = fromRow(rows[0]);
        const next: StoredSubmission = { ...current, ...structuredClone(patch), id, history: [...current.history, ...structuredClone(history)] };
        const values = columns(next);
        await client.query(
          `UPDATE doorkeep_submissions SET receipt = $2, received_at = $3, status = $4, type = $5, post_id = $6, email = $7, ip = $8,
             url_host = $9, cluster_id = $10, ip_anonymised = $11, record = $12 WHERE id = $1`,
          values,
        );
        await notify(client, { kind: 'updated', id });
        return next;
      });
    },

    async remove(ids) {
      if (!ids.length) return 0;
      const removed = await transaction(async (client) => {
        const { rows } = await client.query<{ id: string }>('DELETE FROM doorkeep_submissions WHERE id = ANY($1) RETURNING id', [ids]);
        // Their template entries and band rows go with them, and a campaign left with no member.
        const gone = await client.query<{ cluster_id: string }>(
          `WITH e AS (DELETE FROM doorkeep_template_entries WHERE id = ANY($1) RETURNING seq, band_keys, cluster_id),
             b AS (DELETE FROM doorkeep_template_bands b USING e WHERE b.band_key = ANY(e.band_keys) AND b.seq = e.seq)
           SELECT DISTINCT cluster_id FROM e WHERE cluster_id IS NOT NULL`,
          [ids],
        );
        if (gone.rows.length) {
          await client.query(
            `DELETE FROM doorkeep_template_campaigns c WHERE c.id = ANY($1)
             AND NOT EXISTS (SELECT 1 FROM doorkeep_template_entries e WHERE e.cluster_id = c.id)`,
            [gone.rows.map((r) => r.cluster_id)],
          );
        }
        if (rows.length) await notify(client, { kind: 'removed', ids: rows.map((r) => r.id) });
        return rows.length;
      });
      return removed;
    },

    async query(q): Promise<QueryResult> {
      const { sql, params } = where(q);
      const direction = (q.order ?? 'newest') === 'newest' ? 'DESC' : 'ASC';
      const limit = q.limit === undefined ? null : Math.max(0, q.limit);
      const offset = Math.max(0, q.offset ?? 0);
      const counted = q.withTotal !== false;
      const { rows } = await pool.query(
        `SELECT record${counted ? ', count(*) OVER () AS total' : ''} FROM doorkeep_submissions ${sql}
         ORDER BY received_at ${direction}, id ${direction} LIMIT ${limit === null ? 'ALL' : limit} OFFSET ${offset}`,
        params,
      );
      if (!counted) return { items: rows.map(fromRow), total: offset + rows.length };
      let total = rows[0] ? Number(rows[0].total) : 0;
      if (!rows.length && (offset > 0 || limit === 0)) {
        const counted = await pool.query(`SELECT count(*) AS n FROM doorkeep_submissions ${sql}`, params);
        total = Number(counted.rows[0].n);
      }
      return { items: rows.map(fromRow), total };
    },

    async senderCounts(key) {
      const email = key.email ? emailKey(key.email) : '';
      const ip = ipKey(key.ip);
      const host = key.urlHost ? hostKey(key.urlHost) : '';
      const { rows } = await pool.query<{ k: string; status: Status; n: string }>(
        `SELECT 'e' AS k, status, count(*) AS n FROM doorkeep_submissions WHERE $1 <> '' AND email = $1 GROUP BY status
         UNION ALL SELECT 'i', status, count(*) FROM doorkeep_submissions WHERE $2 <> '' AND ip = $2 GROUP BY status
         UNION ALL SELECT 'h', status, count(*) FROM doorkeep_submissions WHERE $3 <> '' AND url_host = $3 GROUP BY status`,
        [email, ip, host],
      );
      const out = { byEmail: emptyCounts(), byIp: emptyCounts(), byUrlHost: emptyCounts() };
      for (const r of rows) (r.k === 'e' ? out.byEmail : r.k === 'i' ? out.byIp : out.byUrlHost)[r.status] = Number(r.n);
      return out;
    },

    async recentFrom(key, since, limit): Promise<RecentSubmission[]> {
      const email = key.email ? emailKey(key.email) : '';
      const ip = ipKey(key.ip);
      if ((!email && !ip) || limit <= 0) return [];
      const { rows } = await pool.query(
        `SELECT id, received_at, post_id, type, record->>'ip' AS ip, record->>'text' AS text, record->'author' AS author
         FROM doorkeep_submissions WHERE ((email = $1 AND $1 <> '') OR (ip = $2 AND $2 <> '')) AND received_at >= $3
         ORDER BY received_at DESC, id DESC LIMIT $4`,
        [email, ip, since, limit],
      );
      return rows.map((r) => ({ id: r.id, receivedAt: r.received_at, postId: r.post_id, text: r.text, author: r.author, ip: r.ip, type: r.type }));
    },

    async countByStatus() {
      const { rows } = await pool.query<{ status: Status; n: string }>('SELECT status, count(*) AS n FROM doorkeep_submissions GROUP BY status');
      const out = emptyCounts();
      for (const r of rows) out[r.status] = Number(r.n);
      return out;
    },

    async countByDay(since, until): Promise<DayCount[]> {
      const { rows } = await pool.query<{ day: string; status: Status; n: string }>(
        `SELECT substr(received_at, 1, 10) AS day, status, count(*) AS n FROM doorkeep_submissions
         WHERE received_at >= $1 AND received_at < $2 GROUP BY 1, 2 ORDER BY 1`,
        [since, until],
      );
      const days = new Map<string, StatusCounts>();
      for (const r of rows) {
        const counts = days.get(r.day) ?? emptyCounts();
        counts[r.status] = Number(r.n);
        days.set(r.day, counts);
      }
      return [...days].map(([day, counts]) => ({ day, counts }));
    },

    async countByFilter(since, until): Promise<FilterCount[]> {
      const { rows } = await pool.query<{ filter: string; unwanted: string; genuine: string }>(
        `SELECT filter, count(*) FILTER (WHERE score > 0) AS unwanted, count(*) FILTER (WHERE score < 0) AS genuine FROM (
           SELECT s.id, e->>'filter' AS filter, sum((e->>'score')::float8) AS score
           FROM doorkeep_submissions s, jsonb_array_elements(s.record->'signals') e
           WHERE s.received_at >= $1 AND s.received_at < $2 GROUP BY s.id, e->>'filter'
         ) t WHERE score <> 0 GROUP BY filter ORDER BY filter COLLATE "C"`,
        [since, until],
      );
      return rows.map((r) => ({ filter: r.filter, unwanted: Number(r.unwanted), genuine: Number(r.genuine) }));
    },

    async oldIds(q) {
      const params: unknown[] = [q.until, Math.max(0, q.limit)];
      let sql = 'SELECT id FROM doorkeep_submissions WHERE received_at < $1';
      if (q.status !== undefined) {
        params.push([q.status].flat());
        sql += ` AND status = ANY($${params.length})`;
      }
      if (q.ipNotAnonymised) sql += " AND NOT ip_anonymised AND record->>'ip' <> ''";
      const { rows } = await pool.query<{ id: string }>(`${sql} ORDER BY received_at, id LIMIT $2`, params);
      return rows.map((r) => r.id);
    },

    async getState<T>(key: string) {
      const { rows } = await pool.query('SELECT value FROM doorkeep_state WHERE key = $1', [key]);
      return rows[0] ? (rows[0].value as T) : undefined;
    },

    async setState(key, value) {
      await setStateChange(key, 'INSERT INTO doorkeep_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, JSON.stringify(value ?? null)]);
    },

    async setStateEntry(key, field, value) {
      if (value === undefined) await setStateChange(key, 'DELETE FROM doorkeep_state_entries WHERE key = $1 AND field = $2', [key, field]);
      else {
        await setStateChange(key, 'INSERT INTO doorkeep_state_entries (key, field, value) VALUES ($1, $2, $3) ON CONFLICT (key, field) DO UPDATE SET value = excluded.value', [key, field, JSON.stringify(value)]);
      }
    },

    async setStateEntries(key, changes) {
      const fields = Object.keys(changes);
      if (!fields.length) return;
      const gone = fields.filter((f) => changes[f] === undefined);
      const kept = fields.filter((f) => changes[f] !== undefined);
      await transaction(async (client) => {
        if (gone.length) await client.query('DELETE FROM doorkeep_state_entries WHERE key = $1 AND field = ANY($2::text[])', [key, gone]);
        if (kept.length) {
          await client.query(
            `INSERT INTO doorkeep_state_entries (key, field, value)
             SELECT $1, f, v::jsonb FROM unnest($2::text[], $3::text[]) AS t(f, v)
             ON CONFLICT (key, field) DO UPDATE SET value = excluded.value`,
            [key, kept, kept.map((f) => JSON.stringify(changes[f]))],
          );
        }
        await notify(client, { kind: 'state', key });
      });
    },

    async addToStateEntries(key, deltas) {
      // In one order, so two instances adding to the same fields lock their rows in the same order (no deadlock).
      const fields = Object.keys(deltas).sort();
      if (!fields.length) return;
      await transaction(async (client) => {
        await client.query(
          `INSERT INTO doorkeep_state_entries AS s (key, field, value)
           SELECT $1, f, to_jsonb(d) FROM unnest($2::text[], $3::float8[]) AS t(f, d)
           ON CONFLICT (key, field) DO UPDATE SET value = to_jsonb(
             (CASE WHEN jsonb_typeof(s.value) = 'number' THEN s.value::float8 ELSE 0 END) + excluded.value::float8)`,
          [key, fields, fields.map((f) => deltas[f])],
        );
        await notify(client, { kind: 'state', key });
      });
    },

    async getStateEntries<T>(key: string) {
      const { rows } = await pool.query('SELECT field, value FROM doorkeep_state_entries WHERE key = $1', [key]);
      return Object.fromEntries(rows.map((r) => [r.field, r.value as T]));
    },

    async appendLog(key, entry, keep) {
      await transaction(async (client) => {
        await client.query('INSERT INTO doorkeep_logs (key, entry) VALUES ($1, $2)', [key, JSON.stringify(entry)]);
        await client.query(
          'DELETE FROM doorkeep_logs WHERE key = $1 AND seq <= (SELECT seq FROM doorkeep_logs WHERE key = $1 ORDER BY seq DESC OFFSET $2 LIMIT 1)',
          [key, Math.max(1, keep)],
        );
        await notify(client, { kind: 'state', key });
      });
    },

    async replaceLog(key, entries) {
      await transaction(async (client) => {
        await client.query('DELETE FROM doorkeep_logs WHERE key = $1', [key]);
        if (entries.length) {
          await client.query('INSERT INTO doorkeep_logs (key, entry) SELECT $1, e FROM unnest($2::jsonb[]) WITH ORDINALITY AS t(e, n) ORDER BY n', [key, entries.map((e) => JSON.stringify(e))]);
        }
        await notify(client, { kind: 'state', key });
      });
    },

    async getLog<T>(key: string) {
      const { rows } = await pool.query('SELECT entry FROM doorkeep_logs WHERE key = $1 ORDER BY seq', [key]);
      return rows.map((r) => r.entry as T);
    },

    async addToCounter(key, delta, expiresAt, now) {
      const { rows } = await pool.query<{ value: number }>({
        name: 'doorkeep_add_to_counter',
        text: `INSERT INTO doorkeep_counters AS c (key, value, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET
           value = CASE WHEN c.expires_at <= $4 THEN excluded.value ELSE c.value + excluded.value END,
           expires_at = CASE WHEN c.expires_at <= $4 THEN excluded.expires_at ELSE c.expires_at END
         RETURNING value`,
        values: [key, delta, expiresAt, now],
      });
      return Number(rows[0]!.value);
    },

    async claimToken(token, expiresAt, now) {
      if (++claims % 500 === 0) await pool.query('DELETE FROM doorkeep_tokens WHERE expires_at <= $1', [now]);
      // Committed without waiting for the WAL flush (synchronous_commit off for this one transaction): the claim is
      // still atomic and visible to every instance at once, and it is durable before anything is acknowledged,
      // because the submission that claimed it is inserted afterwards with a synchronous commit, whose flush covers
      // everything written to the WAL before it. A crash can lose only the claim of a submission never acknowledged.
      const { rows } = await pool.query({
        name: 'doorkeep_claim_token',
        text: `INSERT INTO doorkeep_tokens AS t (token, expires_at)
         SELECT $1, $2 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS no_flush_wait
         ON CONFLICT (token) DO UPDATE SET expires_at = excluded.expires_at WHERE t.expires_at <= $3 RETURNING token`,
        values: [token, expiresAt, now],
      });
      return rows.length === 1;
    },

    async releaseToken(token) {
      await pool.query('DELETE FROM doorkeep_tokens WHERE token = $1', [token]);
    },

    templateBands: {
      stageTemplateEntry(entry, campaign) {
        // Kept until add() of that submission takes it (a stage add() never takes is dropped when the map is full).
        return new Promise((done) => {
          staged.get(entry.id)?.done(undefined);
          staged.set(entry.id, { entry, campaign, done });
          for (const [id, old] of staged) {
            if (staged.size <= 256) break;
            staged.delete(id);
            old.done(undefined);
          }
        });
      },

      async templateCandidates(bandKeys, exclude, perBand, limit) {
        if (!bandKeys.length) return { entries: [], proposed: 0 };
        // Each band's newest `perBand` entries (the in-memory index's bucket bound), ranked by how many bands they share.
        const { rows } = await pool.query<{ id: string; sender: string; at: string; masked: string; cluster_id: string | null; proposed: string }>({
          name: 'doorkeep_template_candidates',
          text: `SELECT e.id, e.sender, e.at, e.masked, e.cluster_id, h.proposed FROM (
             SELECT b.seq, count(*) AS hits, count(*) OVER () AS proposed
             FROM unnest($1::int[]) AS k(key) CROSS JOIN LATERAL (
               SELECT seq FROM doorkeep_template_bands WHERE band_key = k.key ORDER BY seq DESC LIMIT $2
             ) b GROUP BY b.seq ORDER BY hits DESC, b.seq DESC LIMIT $3
           ) h JOIN doorkeep_template_entries e ON e.seq = h.seq WHERE e.id <> $4 ORDER BY h.hits DESC, h.seq DESC`,
          values: [bandKeys, perBand, limit + 1, exclude],
        });
        return {
          entries: rows.slice(0, limit).map((r) => ({ id: r.id, sender: r.sender, at: Number(r.at), masked: r.masked, clusterId: r.cluster_id })),
          proposed: rows[0] ? Number(rows[0].proposed) : 0,
        };
      },

      async addTemplateEntry(entry, campaign) {
        // One statement: the entry, its band rows, and when it belongs to a campaign, the campaign (made if new), the
        // matches not filed yet, and the announcement of who joined. An entry alone is committed without waiting for the
        // WAL flush (as a form token's claim is): the submission it indexes is durable already, and a crash can lose
        // only its index entry.
        const { rows } = await pool.query<{ joined: [string, string, number][] }>({
          name: 'doorkeep_template_add',
          text: `WITH e AS (
               INSERT INTO doorkeep_template_entries (id, sender, at, masked, band_keys, cluster_id)
               SELECT $1, $2, $3, $4, $5::int[], $6::text
               FROM (SELECT set_config('synchronous_commit', CASE WHEN $6::text IS NULL THEN 'off' ELSE 'on' END, true)) AS commit_mode
               ON CONFLICT (id) DO NOTHING RETURNING seq, id, sender, at
             ),
             b AS (INSERT INTO doorkeep_template_bands (band_key, seq) SELECT DISTINCT k, e.seq FROM e, unnest($5::int[]) AS k),
             c AS (
               INSERT INTO doorkeep_template_campaigns (id, representative, sample) SELECT $6::text, $7, $8 WHERE $6::text IS NOT NULL
               ON CONFLICT (id) DO NOTHING
             ),
             j AS (
               UPDATE doorkeep_template_entries SET cluster_id = $6::text
               WHERE $6::text IS NOT NULL AND id = ANY($9::text[]) AND cluster_id IS NULL RETURNING id, sender, at
             ),
             joined AS (SELECT coalesce(json_agg(json_build_array(m.id, m.sender, m.at)), '[]'::json) AS members FROM (
               SELECT id, sender, at FROM e WHERE $6::text IS NOT NULL UNION ALL SELECT id, sender, at FROM j
             ) m)
           SELECT members AS joined, CASE WHEN $6::text IS NOT NULL
             THEN pg_notify($10, json_build_object('o', $11::text, 'kind', 'campaign', 'id', $6::text, 'joined', members)::text) END AS notified
           FROM joined`,
          values: [
            entry.id, entry.sender, entry.at, entry.masked, entry.bandKeys, campaign?.id ?? null, campaign?.representative ?? '',
            campaign?.sample ?? '', campaign?.join ?? [], channel ?? CHANNEL, instanceId,
          ],
        });
        return (rows[0]?.joined ?? []).map(([id, sender, at]) => [id, sender, Number(at)] as [string, string, number]);
      },

      async addTemplateEntries(entries, campaigns = []) {
        if (!entries.length && !campaigns.length) return 0;
        return transaction(async (client) => {
          if (campaigns.length) {
            await client.query(
              `INSERT INTO doorkeep_template_campaigns (id, representative, sample, decision)
               SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT (id) DO NOTHING`,
              [campaigns.map((c) => c.id), campaigns.map((c) => c.representative), campaigns.map((c) => c.sample), campaigns.map((c) => c.decision)],
            );
          }
          if (!entries.length) return 0;
          const { rows } = await client.query<{ n: string }>(
            `WITH e AS (
               INSERT INTO doorkeep_template_entries (id, sender, at, masked, band_keys, cluster_id)
               SELECT i, s, a, m, k::int[], c FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[]) AS t(i, s, a, m, k, c)
               ON CONFLICT (id) DO NOTHING RETURNING seq, band_keys
             ),
             b AS (INSERT INTO doorkeep_template_bands (band_key, seq) SELECT DISTINCT k, e.seq FROM e, unnest(e.band_keys) AS k)
             SELECT count(*) AS n FROM e`,
            [
              entries.map((e) => e.id), entries.map((e) => e.sender), entries.map((e) => e.at), entries.map((e) => e.masked),
              entries.map((e) => `{${e.bandKeys.join(',')}}`), entries.map((e) => e.clusterId ?? null),
            ],
          );
          return Number(rows[0]?.n ?? 0);
        });
      },

      async indexedTemplateIds(ids) {
        if (!ids.length) return [];
        const { rows } = await pool.query<{ id: string }>('SELECT id FROM doorkeep_template_entries WHERE id = ANY($1)', [ids]);
        return rows.map((r) => r.id);
      },

      async saveCampaign(id, change) {
        return transaction(async (client) => {
          if (change.from !== undefined) {
            const made = await client.query(
              `INSERT INTO doorkeep_template_campaigns (id, representative, sample, decision)
               SELECT $1, e.masked, $3, $4 FROM doorkeep_template_entries e WHERE e.id = $2 AND e.cluster_id IS NULL
               ON CONFLICT (id) DO UPDATE SET decision = excluded.decision`,
              [id, change.from, change.sample ?? '', change.decision ?? null],
            );
            if (made.rowCount) await client.query('UPDATE doorkeep_template_entries SET cluster_id = $1 WHERE id = $2 AND cluster_id IS NULL', [id, change.from]);
          } else {
            await client.query(
              `UPDATE doorkeep_template_campaigns SET representative = coalesce($2, representative), sample = coalesce($3, sample),
                 decision = CASE WHEN $4 THEN $5 ELSE decision END WHERE id = $1`,
              [id, change.representative ?? null, change.sample ?? null, change.decision !== undefined, change.decision ?? null],
            );
          }
          await notify(client, { kind: 'campaign', id, reload: true });
          return readCampaigns(client, id).then((list) => list[0]);
        });
      },

      async campaign(id) {
        return (await readCampaigns(pool, id))[0];
      },

      async campaigns() {
        return readCampaigns(pool);
      },
    },

    subscribe(l) {
      listeners.add(l);
      void ensureListening();
      return () => {
        listeners.delete(l);
      };
    },

    async close() {
      if (closed) return;
      closed = true;
      if (listening) await listening;
      if (listener) {
        await listener.query(`UNLISTEN ${listener.escapeIdentifier(channel ?? CHANNEL)}`).catch(() => {});
        listener.release();
        listener = undefined;
      }
      pool.off('error', onPoolError);
      if (ownPool) await pool.end();
    },
  };
  return store;
}
