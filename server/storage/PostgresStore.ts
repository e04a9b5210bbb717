import { DatabaseError, Pool, type PoolClient } from 'pg';
import { SequenceConflictError, type LoggedAction, type StoredWorkshop, type WorkshopStore } from './WorkshopStore.ts';
import type { WorkshopState } from '../../shared/types.ts';
import { readStoredStateJson, storedStateJson } from '../../shared/storedState.ts';
import { actionJson, loggedActionFromRow, type ActionRow } from './rows.ts';
import { log } from '../log.ts';

/**
 * Each step brings the database from schema version `index` to `index + 1`; schema_migrations
 * records the steps applied. Append new steps; never edit one that has shipped, since databases
 * in the field already ran it.
 */
const MIGRATIONS: readonly { name: string; sql: string }[] = [
  {
    name: 'workshops and their action logs',
    // States and actions are JSON *text*, not json/jsonb: the text round-trips whatever
    // JSON.stringify writes (jsonb refuses \u0000, json refuses lone surrogates) exactly as SQLite does.
    // Times are ms since the epoch, as everywhere else in the game.
    sql: `
      CREATE TABLE workshops (
        id text PRIMARY KEY,
        code text NOT NULL UNIQUE,
        state text NOT NULL,
        facilitator_key_hash text NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      );
      CREATE INDEX workshops_updated_at ON workshops (updated_at);
      CREATE TABLE actions (
        workshop_id text NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
        seq integer NOT NULL CHECK (seq > 0),
        at bigint NOT NULL,
        member_id text NOT NULL,
        role text NOT NULL,
        party_id text NOT NULL,
        type text NOT NULL,
        action text NOT NULL,
        PRIMARY KEY (workshop_id, seq)
      );`,
  },
];

/** The schema version this code reads and writes (the highest version in schema_migrations). */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/** Key of the advisory lock that lets one process at a time migrate, when several start together. */
const MIGRATION_LOCK = 0x76_61_65_72_64; // "vaerd"

/** Tuning of the connection pool; the defaults suit one server process. */
export interface PostgresStoreOptions {
  /** Most connections this process holds (default 10). */
  poolSize?: number;
  /** How long to wait for a connection before giving up (default 10 s). */
  connectTimeoutMs?: number;
  /** Longest a statement may run before the database cancels it (default 30 s), so a stuck database fails writes instead of stalling rooms. */
  statementTimeoutMs?: number;
}

interface WorkshopRow {
  state: string;
  facilitator_key_hash: string;
  updated_at: number;
}

/** `url` without its password, fit for a log line or an error message. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'the database URL (not a valid URL)';
  }
}

/** The reason in a connection error; Node gives an AggregateError with an empty message when every address of a host refused. */
function reasonOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reasonOf(error.errors[0]);
  if (error instanceof Error) return error.message || (error as { code?: string }).code || error.name;
  return String(error);
}

/** Ms since the epoch as a bigint parameter: `< before` for a fractional moment is `< ceil(before)` in whole ms. */
const wholeMs = (ms: number) => Math.min(Math.ceil(ms), Number.MAX_SAFE_INTEGER);

/**
 * Workshops and their action logs in PostgreSQL: the store of a deployment with several server
 * processes. Durable like the SQLite store: appendAction resolves only after its transaction
 * (the action and the state it led to) has committed.
 */
export class PostgresStore implements WorkshopStore {
  private readonly pool: Pool;
  private closed = false;

  private constructor(pool: Pool) {
    this.pool = pool;
  }

  /**
   * Connect to the database at `url`, apply any pending schema migrations and return the store.
   * Throws one clear line when the database cannot be reached, or has a newer schema than this server.
   */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = new Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      statement_timeout: options.statementTimeoutMs ?? 30_000,
      application_name: 'vaerdispil',
    });
    // an idle connection that breaks (the database restarts) must not crash the process:
    // the pool drops it and the next query opens a new one
    pool.on('error', (error) => log('warn', 'database-connection-lost', { error: reasonOf(error) }));
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new Error(`PostgreSQL at ${redactedUrl(url)} cannot be reached: ${reasonOf(error)}`);
    }
    try {
      await migrate(client);
      // an acknowledged action must survive a database crash: with synchronous_commit=off a
      // commit returns before its WAL is on disk, so refuse to run on such a server
      const { rows } = await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
      if (rows[0]?.synchronous_commit === 'off') {
        throw new Error('PostgreSQL runs with synchronous_commit = off, so a committed action could be lost; set it to on (the default)');
      }
    } catch (error) {
      client.release();
      await pool.end().catch(() => undefined);
      throw error;
    }
    client.release();
    return new PostgresStore(pool);
  }

  async create(workshop: StoredWorkshop): Promise<void> {
    const { id, code } = workshop.state;
    try {
      await this.pool.query(
        'INSERT INTO workshops (id, code, state, facilitator_key_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [id, code, storedStateJson(workshop.state), workshop.facilitatorKeyHash, workshop.state.createdAt, workshop.updatedAt],
      );
    } catch (error) {
      if (error instanceof DatabaseError && error.code === '23505') {
        if (error.constraint === 'workshops_pkey') throw new Error(`workshop id ${id} is taken`);
        if (error.constraint === 'workshops_code_key') throw new Error(`join code ${code} is taken`);
      }
      throw error;
    }
  }

  async get(id: string): Promise<StoredWorkshop | undefined> {
    const { rows } = await this.pool.query<WorkshopRow>(
      'SELECT state, facilitator_key_hash, updated_at::float8 AS updated_at FROM workshops WHERE id = $1',
      [id],
    );
    const row = rows[0];
    return row && { state: readStoredStateJson(row.state), facilitatorKeyHash: row.facilitator_key_hash, updatedAt: row.updated_at };
  }

  async idForCode(code: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM workshops WHERE code = $1', [code]);
    return rows[0]?.id;
  }

  async saveState(id: string, state: WorkshopState, updatedAt: number): Promise<void> {
    const { rowCount } = await this.pool.query('UPDATE workshops SET state = $1, updated_at = $2 WHERE id = $3', [storedStateJson(state), updatedAt, id]);
    if (rowCount === 0) throw new Error(`no workshop ${id}`);
  }

  async setFacilitatorKeyHash(id: string, facilitatorKeyHash: string): Promise<void> {
    const { rowCount } = await this.pool.query('UPDATE workshops SET facilitator_key_hash = $1 WHERE id = $2', [facilitatorKeyHash, id]);
    if (rowCount === 0) throw new Error(`no workshop ${id}`);
  }

  async appendAction(id: string, entry: LoggedAction, state: WorkshopState): Promise<void> {
    await this.transaction(async (client) => {
      // the row lock queues writers of this workshop; the seq is read by a later statement, so
      // (in READ COMMITTED) it sees what a writer that held the lock before us committed
      const locked = await client.query('SELECT 1 FROM workshops WHERE id = $1 FOR UPDATE', [id]);
      if (locked.rowCount === 0) throw new Error(`no workshop ${id}`);
      const { rows } = await client.query<{ seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM actions WHERE workshop_id = $1', [id]);
      const expected = (rows[0]?.seq ?? 0) + 1;
      if (entry.seq !== expected) throw new SequenceConflictError(id, expected, entry.seq);
      try {
        await client.query(
          'INSERT INTO actions (workshop_id, seq, at, member_id, role, party_id, type, action) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
          [id, entry.seq, entry.at, entry.memberId, entry.role, entry.partyId, entry.type, actionJson(entry)],
        );
      } catch (error) {
        // the primary key (workshop_id, seq) is the last guard, should anything bypass the lock
        if (error instanceof DatabaseError && error.code === '23505' && error.constraint === 'actions_pkey') {
          throw new SequenceConflictError(id, expected + 1, entry.seq);
        }
        throw error;
      }
      await client.query('UPDATE workshops SET state = $1, updated_at = $2 WHERE id = $3', [storedStateJson(state), entry.at, id]);
    });
  }

  async actions(id: string, afterSeq = 0): Promise<LoggedAction[]> {
    const { rows } = await this.pool.query<ActionRow>(
      'SELECT seq, at::float8 AS at, member_id, role, party_id, type, action FROM actions WHERE workshop_id = $1 AND seq > $2 ORDER BY seq',
      [id, Math.floor(afterSeq)],
    );
    return rows.map((row) => loggedActionFromRow(id, row));
  }

  async lastSeq(id: string): Promise<number> {
    const { rows } = await this.pool.query<{ seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM actions WHERE workshop_id = $1', [id]);
    return rows[0]?.seq ?? 0;
  }

  async idleSince(before: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM workshops WHERE updated_at < $1 ORDER BY updated_at', [wholeMs(before)]);
    return rows.map((row) => row.id);
  }

  async delete(id: string): Promise<void> {
    // the foreign key cascades to the action log in the same statement
    await this.pool.query('DELETE FROM workshops WHERE id = $1', [id]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** Run `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  private async transaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    let broken: unknown;
    try {
      await client.query('BEGIN');
      await work(client);
      // resolving only after COMMIT returns is what makes an acknowledged action durable
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      // a connection whose rollback failed is in an unknown state: close it rather than reuse it
      client.release(broken instanceof Error ? broken : undefined);
    }
  }
}

/** Bring the database up to POSTGRES_SCHEMA_VERSION in one transaction, holding a lock so concurrent starts migrate once. */
async function migrate(client: PoolClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM schema_migrations');
    const version = rows[0]?.version ?? 0;
    if (version > MIGRATIONS.length) {
      throw new Error(`the database has schema version ${version}, newer than this server's ${MIGRATIONS.length}; upgrade the server`);
    }
    for (let step = version; step < MIGRATIONS.length; step++) {
      const migration = MIGRATIONS[step]!;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [step + 1, migration.name]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
