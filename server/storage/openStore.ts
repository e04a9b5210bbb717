import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MemoryStore } from './MemoryStore.ts';
import { SqliteStore } from './SqliteStore.ts';
import type { WorkshopStore } from './WorkshopStore.ts';

/** The SQLite file's name inside the data directory. */
export const SQLITE_FILE_NAME = 'vaerdispil.sqlite';

/** Which store to open and where its files live. */
export interface StoreOptions {
  /** 'sqlite' (the default) keeps workshops in a file; 'memory' forgets them when the process stops. */
  kind?: 'sqlite' | 'memory';
  /** Directory of the SQLite file, created if missing; defaults to DATA_DIR or ./data. */
  dataDir?: string;
}

/** Open the configured store: SQLite in `<dataDir>/vaerdispil.sqlite` unless `kind` is 'memory'. */
export async function openStore(options: StoreOptions = {}): Promise<WorkshopStore> {
  if (options.kind === 'memory') return new MemoryStore();
  // a typo in STORE must not silently pick another store
  if (options.kind !== undefined && options.kind !== 'sqlite') throw new Error(`unknown store kind ${String(options.kind)}; use sqlite or memory`);
  const dataDir = resolve(options.dataDir || process.env.DATA_DIR || './data');
  mkdirSync(dataDir, { recursive: true });
  return new SqliteStore(join(dataDir, SQLITE_FILE_NAME));
}
