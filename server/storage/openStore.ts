import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MemoryStore } from './MemoryStore.ts';
import { PostgresStore } from './PostgresStore.ts';
import { SqliteStore } from './SqliteStore.ts';
import type { WorkshopStore } from './WorkshopStore.ts';

/** The SQLite file's name inside the data directory. */
export const SQLITE_FILE_NAME = 'vaerdispil.sqlite';

/** The kinds of store there are. */
export const STORE_KINDS = ['sqlite', 'memory', 'postgres'] as const;
/** A kind of store: 'sqlite' (the default), 'memory' or 'postgres'. */
export type StoreKind = (typeof STORE_KINDS)[number];

/** Which store to open and where its data lives. */
export interface StoreOptions {
  /** 'sqlite' (the default) keeps workshops in a file; 'memory' forgets them when the process stops; 'postgres' keeps them in PostgreSQL. */
  kind?: StoreKind;
  /** Directory of the SQLite file, created if missing; defaults to DATA_DIR or ./data. */
  dataDir?: string;
  /** postgres://… of the PostgreSQL database (kind 'postgres'); defaults to DATABASE_URL. */
  databaseUrl?: string;
}

/** Open the configured store: SQLite in `<dataDir>/vaerdispil.sqlite` unless `kind` is 'memory' or 'postgres'. */
export async function openStore(options: StoreOptions = {}): Promise<WorkshopStore> {
  if (options.kind === 'memory') return new MemoryStore();
  if (options.kind === 'postgres') {
    // the environment is read only when PostgreSQL is asked for, so a DATABASE_URL never silently replaces SQLite
    const url = options.databaseUrl || process.env.DATABASE_URL;
    if (!url) throw new Error('the postgres store needs a database URL: set DATABASE_URL=postgres://user@host:5432/database');
    return PostgresStore.open(url);
  }
  // a typo in STORE must not silently pick another store
  if (options.kind !== undefined && options.kind !== 'sqlite') throw new Error(`unknown store kind ${String(options.kind)}; use ${STORE_KINDS.join(', ')}`);
  const dataDir = resolve(options.dataDir || process.env.DATA_DIR || './data');
  mkdirSync(dataDir, { recursive: true });
  return new SqliteStore(join(dataDir, SQLITE_FILE_NAME));
}
