/** The store contract against PostgreSQL, plus what only the PostgreSQL store must do: migrations, one-line connection errors, old states. */
import { Client } from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PostgresStore, POSTGRES_SCHEMA_VERSION } from '../../server/storage/PostgresStore.ts';
import { openStore } from '../../server/storage/openStore.ts';
import { STORED_STATE_VERSION } from '../../shared/storedState.ts';
import { DEFAULT_RETENTION_MONTHS } from '../../shared/setup.ts';
import { storeContract, storedWorkshop } from './storeContract.ts';
import { createTestDatabase, describeWithPostgres, probePostgres, type TestDatabase } from './storeDatabase.ts';

const probe = await probePostgres();

/** Run `work` on a plain connection to `url`, beside the store's own. */
async function raw<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describeWithPostgres('PostgresStore', probe, () => {
  storeContract('PostgresStore', async () => {
    const db = await createTestDatabase();
    return { store: await PostgresStore.open(db.url), reopen: () => PostgresStore.open(db.url), cleanup: db.drop };
  });

  describe('PostgresStore database', () => {
    let db: TestDatabase | undefined;
    const stores: PostgresStore[] = [];
    const open = async (url: string) => {
      const store = await PostgresStore.open(url);
      stores.push(store);
      return store;
    };

    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
      await db?.drop();
      db = undefined;
    });

    it('applies its migrations at start, once, recorded in schema_migrations', async () => {
      db = await createTestDatabase();
      await open(db.url);
      await open(db.url);
      const { migrations, tables, indexes } = await raw(db.url, async (client) => ({
        migrations: (await client.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version')).rows,
        tables: (await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).rows,
        indexes: (await client.query<{ name: string }>("SELECT indexname AS name FROM pg_indexes WHERE tablename = 'workshops'")).rows,
      }));
      expect(migrations.map((m) => m.version)).toEqual(Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1));
      expect(migrations.every((m) => m.name.length > 0)).toBe(true);
      expect(tables.map((t) => t.name)).toEqual(['actions', 'schema_migrations', 'workshops']);
      expect(indexes.map((i) => i.name)).toContain('workshops_updated_at');
    });

    it('migrates once when several processes start on an empty database at the same moment', async () => {
      db = await createTestDatabase();
      const url = db.url;
      await Promise.all(Array.from({ length: 4 }, () => open(url)));
      const versions = await raw(url, async (client) => (await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows);
      expect(versions.map((v) => v.version)).toEqual(Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1));
    });

    it('refuses a database written by a newer schema version instead of guessing', async () => {
      db = await createTestDatabase();
      const url = db.url;
      await (await open(url)).close();
      await raw(url, (client) => client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')", [POSTGRES_SCHEMA_VERSION + 1]));
      await expect(PostgresStore.open(url)).rejects.toThrow(`the database has schema version ${POSTGRES_SCHEMA_VERSION + 1}, newer than this server's ${POSTGRES_SCHEMA_VERSION}; upgrade the server`);
    });

    it('reads a state stored before states had a version, and writes the version with the next save', async () => {
      db = await createTestDatabase();
      const url = db.url;
      const store = await open(url);
      const workshop = storedWorkshop('old-1', 'ACDEFG');
      await store.create(workshop);
      const { seats: _seats, retentionMonths: _retention, ...bare } = workshop.state;
      await raw(url, (client) => client.query('UPDATE workshops SET state = $1 WHERE id = $2', [JSON.stringify(bare), 'old-1']));
      const expected = { ...workshop.state, seats: [], retentionMonths: DEFAULT_RETENTION_MONTHS };
      expect((await store.get('old-1'))!.state).toEqual(expected);
      await store.saveState('old-1', expected, 2000);
      const stored = await raw(url, async (client) => (await client.query<{ state: string }>('SELECT state FROM workshops WHERE id = $1', ['old-1'])).rows[0]!.state);
      expect(JSON.parse(stored)).toEqual({ version: STORED_STATE_VERSION, state: expected });
    });

    it('is what openStore opens for kind postgres, at the given URL or else at DATABASE_URL', async () => {
      db = await createTestDatabase();
      const url = db.url;
      const given = await openStore({ kind: 'postgres', databaseUrl: url });
      await given.create(storedWorkshop('w-1', 'DEFGHJ'));
      await given.close();
      vi.stubEnv('DATABASE_URL', url);
      try {
        const fromEnv = await openStore({ kind: 'postgres' });
        expect(fromEnv).toBeInstanceOf(PostgresStore);
        expect(await fromEnv.idForCode('DEFGHJ')).toBe('w-1');
        await fromEnv.close();
        // without kind postgres a DATABASE_URL in the environment changes nothing: SQLite stays the default
        expect(await openStore({ kind: 'memory' })).not.toBeInstanceOf(PostgresStore);
      } finally {
        vi.unstubAllEnvs();
      }
    });

    it('has committed an action by the time appendAction resolves: another connection sees it at once', async () => {
      db = await createTestDatabase();
      const url = db.url;
      const store = await open(url);
      const workshop = storedWorkshop('w-1', 'CDEFGH');
      await store.create(workshop);
      const entry = { seq: 1, at: 5000, memberId: 'm', role: 'participant' as const, partyId: 'p', type: 'place', action: { type: 'place' } };
      await store.appendAction('w-1', entry, { ...workshop.state, title: 'efter' });
      const seen = await raw(url, async (client) => ({
        seqs: (await client.query<{ seq: number }>('SELECT seq FROM actions WHERE workshop_id = $1', ['w-1'])).rows.map((r) => r.seq),
        state: JSON.parse((await client.query<{ state: string }>('SELECT state FROM workshops WHERE id = $1', ['w-1'])).rows[0]!.state) as { state: { title: string } },
      }));
      expect(seen.seqs).toEqual([1]);
      expect(seen.state.state.title).toBe('efter');
    });
  });
});

describe('PostgresStore when the database cannot be reached', () => {
  it('says so in one line naming the database (without its password)', async () => {
    // port 1 on loopback: nothing listens there, so the connection is refused at once
    const url = 'postgres://vaerdispil:hemmeligt@127.0.0.1:1/vaerdispil';
    const error = await PostgresStore.open(url, { connectTimeoutMs: 3000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/^PostgreSQL at postgres:\/\/vaerdispil@127\.0\.0\.1:1\/vaerdispil cannot be reached: .*ECONNREFUSED/);
    expect(message).not.toContain('hemmeligt');
    expect(message).not.toContain('\n');
  });

  it.runIf(probe.ok)('names a database that does not exist', async () => {
    const url = new URL((await import('./storeDatabase.ts')).TEST_ADMIN_URL);
    url.pathname = '/vaerdispil_test_does_not_exist';
    await expect(PostgresStore.open(url.toString())).rejects.toThrow(/cannot be reached: database "vaerdispil_test_does_not_exist" does not exist$/);
  });

  it('is refused by openStore without a database URL', async () => {
    vi.stubEnv('DATABASE_URL', '');
    try {
      await expect(openStore({ kind: 'postgres' })).rejects.toThrow(/the postgres store needs a database URL: set DATABASE_URL=postgres:\/\//);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
