/** The store contract against every store, plus what only the SQLite store must do with its file. */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../server/storage/MemoryStore.ts';
import { SqliteStore, SQLITE_SCHEMA_VERSION } from '../../server/storage/SqliteStore.ts';
import { openStore, SQLITE_FILE_NAME } from '../../server/storage/openStore.ts';
import { storeContract, storedWorkshop } from './storeContract.ts';
import { configFromEnv } from '../../server/config.ts';
import { STORED_STATE_VERSION } from '../../shared/storedState.ts';
import { DEFAULT_RETENTION_MONTHS } from '../../shared/setup.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'vaerdispil-store-'));

storeContract('MemoryStore', async () => ({ store: new MemoryStore(), cleanup: async () => {} }));

storeContract('SqliteStore', async () => {
  const dir = tempDir();
  const file = join(dir, SQLITE_FILE_NAME);
  return {
    store: new SqliteStore(file),
    reopen: async () => new SqliteStore(file),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

storeContract('openStore (sqlite in a new data directory)', async () => {
  const dir = tempDir();
  const dataDir = join(dir, 'nested', 'data');
  return {
    store: await openStore({ kind: 'sqlite', dataDir }),
    reopen: () => openStore({ dataDir }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteStore file', () => {
  it('creates its directory and file on first start, in WAL mode with the current schema version', async () => {
    const dir = tempDir();
    try {
      const dataDir = join(dir, 'data');
      const store = await openStore({ dataDir });
      await store.close();
      const file = join(dataDir, SQLITE_FILE_NAME);
      expect(existsSync(file)).toBe(true);
      const db = new Database(file, { readonly: true });
      try {
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
        expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
        const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
        expect(tables.map((t) => t.name)).toEqual(['actions', 'workshops']);
        const indexes = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'workshops'").all();
        expect(indexes.map((i) => i.name)).toContain('workshops_updated_at');
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a file written by a newer schema version instead of guessing', async () => {
    const dir = tempDir();
    try {
      const file = join(dir, SQLITE_FILE_NAME);
      const db = new Database(file);
      db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
      db.close();
      expect(() => new SqliteStore(file)).toThrow(/newer/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('syncs every commit (synchronous = FULL) unless told otherwise', async () => {
    const dir = tempDir();
    try {
      // synchronous is per connection, so ask the store's own connection
      const file = join(dir, SQLITE_FILE_NAME);
      const store = new SqliteStore(file);
      expect(store.syncMode()).toBe('full');
      await store.close();
      const relaxed = new SqliteStore(file, { sync: 'normal' });
      expect(relaxed.syncMode()).toBe('normal');
      await relaxed.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a state stored before states had a version, and writes the version with the next save', async () => {
    const dir = tempDir();
    try {
      const file = join(dir, SQLITE_FILE_NAME);
      const store = new SqliteStore(file);
      const workshop = storedWorkshop('old-1', 'ACDEFG');
      await store.create(workshop);
      // the row as a server before seats and retention (e029624 and earlier) wrote it: the bare state
      const { seats: _seats, retentionMonths: _retention, ...bare } = workshop.state;
      const raw = new Database(file);
      raw.prepare('UPDATE workshops SET state = ? WHERE id = ?').run(JSON.stringify(bare), 'old-1');
      const expected = { ...workshop.state, seats: [], retentionMonths: DEFAULT_RETENTION_MONTHS };
      expect((await store.get('old-1'))!.state).toEqual(expected);
      await store.saveState('old-1', expected, 2000);
      const row = raw.prepare<[string], { state: string }>('SELECT state FROM workshops WHERE id = ?').get('old-1')!;
      expect(JSON.parse(row.state)).toEqual({ version: STORED_STATE_VERSION, state: expected });
      // a row that is no workshop state is refused with what is wrong, not handed out
      raw.prepare('UPDATE workshops SET state = ? WHERE id = ?').run(JSON.stringify({ version: STORED_STATE_VERSION, state: { ...expected, pieces: 'none' } }), 'old-1');
      await expect(store.get('old-1')).rejects.toThrow(`stored state of workshop old-1 (version ${STORED_STATE_VERSION}) is not a workshop state: pieces:`);
      raw.close();
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown store kind', async () => {
    await expect(openStore({ kind: 'mysql' as 'sqlite' })).rejects.toThrow(/unknown store kind mysql; use sqlite, memory, postgres/);
  });

  it('gives a MemoryStore for kind memory', async () => {
    expect(await openStore({ kind: 'memory' })).toBeInstanceOf(MemoryStore);
  });
});

describe('choosing the store from the environment', () => {
  it('is SQLite in DATA_DIR unless told otherwise', () => {
    expect(configFromEnv({})).toMatchObject({ store: 'sqlite', dataDir: './data', databaseUrl: undefined });
    expect(configFromEnv({ STORE: 'memory' })).toMatchObject({ store: 'memory', databaseUrl: undefined });
    expect(configFromEnv({ STORE: 'sqlite', DATA_DIR: '/srv/vaerdispil' })).toMatchObject({ store: 'sqlite', dataDir: '/srv/vaerdispil' });
  });

  it('is PostgreSQL when DATABASE_URL is set', () => {
    const url = 'postgres://vaerdispil:secret@db.example:5432/vaerdispil';
    expect(configFromEnv({ DATABASE_URL: url })).toMatchObject({ store: 'postgres', databaseUrl: url });
    expect(configFromEnv({ DATABASE_URL: ` ${url} `, STORE: 'postgres' })).toMatchObject({ store: 'postgres', databaseUrl: url });
    expect(configFromEnv({ DATABASE_URL: 'postgresql://db/vaerdispil' })).toMatchObject({ store: 'postgres' });
  });

  it('refuses settings that disagree or do not name a PostgreSQL database, without echoing a password', () => {
    expect(() => configFromEnv({ STORE: 'postgres' })).toThrow('STORE=postgres needs DATABASE_URL=postgres://…');
    expect(() => configFromEnv({ STORE: 'sqlite', DATABASE_URL: 'postgres://db/v' })).toThrow('DATABASE_URL is set but STORE=sqlite; unset one of them');
    expect(() => configFromEnv({ STORE: 'memory', DATABASE_URL: 'postgres://db/v' })).toThrow('DATABASE_URL is set but STORE=memory; unset one of them');
    expect(() => configFromEnv({ STORE: 'postgress' })).toThrow('STORE must be sqlite, memory or postgres, got postgress');
    expect(() => configFromEnv({ DATABASE_URL: 'mysql://root:secret@db/v' })).toThrow(/^DATABASE_URL must start with postgres:\/\/ or postgresql:\/\/, got mysql:…$/);
  });
});
