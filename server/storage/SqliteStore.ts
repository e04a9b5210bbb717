import Database from 'better-sqlite3';
import { SequenceConflictError, type LoggedAction, type StoredWorkshop, type WorkshopStore } from './WorkshopStore.ts';
import type { WorkshopState } from '../../shared/types.ts';
import { readStoredStateJson, storedStateJson } from '../../shared/storedState.ts';
import { actionJson, loggedActionFromRow, type ActionRow } from './rows.ts';

/**
 * Each step brings a database file from schema version `index` to `index + 1` (PRAGMA user_version).
 * Append new steps; never edit one that has shipped, since files in the field already ran it.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE workshops (
     id TEXT PRIMARY KEY,
     code TEXT NOT NULL UNIQUE,
     state TEXT NOT NULL,
     facilitator_key_hash TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX workshops_updated_at ON workshops (updated_at);
   CREATE TABLE actions (
     workshop_id TEXT NOT NULL REFERENCES workshops (id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     at INTEGER NOT NULL,
     member_id TEXT NOT NULL,
     role TEXT NOT NULL,
     party_id TEXT NOT NULL,
     type TEXT NOT NULL,
     action TEXT NOT NULL,
     PRIMARY KEY (workshop_id, seq)
   ) STRICT, WITHOUT ROWID;`,
];

/** The schema version this code reads and writes. */
export const SQLITE_SCHEMA_VERSION = MIGRATIONS.length;

/** How hard each commit is pushed to disk; see the constructor for why FULL is the default. */
export type SqliteSync = 'full' | 'normal';

interface WorkshopRow {
  state: string;
  facilitator_key_hash: string;
  updated_at: number;
}

/** Workshops and their action logs in one SQLite file: the embedded default, nothing to set up. */
export class SqliteStore implements WorkshopStore {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly createTx;
  private readonly appendTx;
  private readonly deleteTx;

  /** Open (and create or migrate, if needed) the database file at `filename`. */
  constructor(filename: string, options: { sync?: SqliteSync } = {}) {
    this.db = new Database(filename);
    try {
      this.db.pragma('journal_mode = WAL');
      // Durability. In WAL mode a commit appends its pages to the -wal file with write() before
      // better-sqlite3's call returns. The OS keeps written pages even when the process is killed
      // (SIGKILL, OOM, a crash), so with synchronous=NORMAL a killed process already loses nothing
      // whose write call returned; NORMAL only fsyncs at checkpoints, so a power cut or kernel
      // panic could still roll back the last commits. FULL also fsyncs the WAL on every commit, so a
      // write that returned survives a machine crash too. The room acknowledges an action only after
      // appendAction returns, and an acknowledged action must never vanish, so FULL is the default.
      // It costs one fsync per write (about 2 ms against 0.2 ms for NORMAL on the development VM),
      // paid per accepted action (placing, moving, editing; never per drag frame) and per presence
      // change, and it blocks the event loop for that time since better-sqlite3 is synchronous.
      // `sync: 'normal'` is there for disks where fsync is very slow and losing the last moment on
      // power loss (never on a process crash) is acceptable.
      this.db.pragma(`synchronous = ${options.sync === 'normal' ? 'NORMAL' : 'FULL'}`);
      this.db.pragma('foreign_keys = ON');
      // another process (a backup, an inspection) may briefly hold the write lock
      this.db.pragma('busy_timeout = 5000');
      this.migrate();
    } catch (error) {
      this.db.close();
      throw error;
    }

    const db = this.db;
    this.statements = {
      get: db.prepare<[string], WorkshopRow>('SELECT state, facilitator_key_hash, updated_at FROM workshops WHERE id = ?'),
      idExists: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM workshops WHERE id = ?'),
      idForCode: db.prepare<[string], { id: string }>('SELECT id FROM workshops WHERE code = ?'),
      insert: db.prepare<[string, string, string, string, number, number]>(
        'INSERT INTO workshops (id, code, state, facilitator_key_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      saveState: db.prepare<[string, number, string]>('UPDATE workshops SET state = ?, updated_at = ? WHERE id = ?'),
      setKeyHash: db.prepare<[string, string]>('UPDATE workshops SET facilitator_key_hash = ? WHERE id = ?'),
      lastSeq: db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM actions WHERE workshop_id = ?'),
      insertAction: db.prepare<[string, number, number, string, string, string, string, string]>(
        'INSERT INTO actions (workshop_id, seq, at, member_id, role, party_id, type, action) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      actions: db.prepare<[string, number], ActionRow>(
        'SELECT seq, at, member_id, role, party_id, type, action FROM actions WHERE workshop_id = ? AND seq > ? ORDER BY seq',
      ),
      idleSince: db.prepare<[number], { id: string }>('SELECT id FROM workshops WHERE updated_at < ? ORDER BY updated_at'),
      deleteActions: db.prepare<[string]>('DELETE FROM actions WHERE workshop_id = ?'),
      deleteWorkshop: db.prepare<[string]>('DELETE FROM workshops WHERE id = ?'),
    };

    this.createTx = db.transaction((workshop: StoredWorkshop) => {
      const { id, code } = workshop.state;
      // checked first for a clear message; the PRIMARY KEY and UNIQUE constraints are the real guard
      if (this.statements.idExists.get(id)) throw new Error(`workshop id ${id} is taken`);
      if (this.statements.idForCode.get(code)) throw new Error(`join code ${code} is taken`);
      this.statements.insert.run(id, code, storedStateJson(workshop.state), workshop.facilitatorKeyHash, workshop.state.createdAt, workshop.updatedAt);
    });

    this.appendTx = db.transaction((id: string, entry: LoggedAction, state: WorkshopState) => {
      if (!this.statements.idExists.get(id)) throw new Error(`no workshop ${id}`);
      // one writer per workshop: the seq must be exactly the next one; the PRIMARY KEY (workshop_id, seq) backs this up
      const expected = (this.statements.lastSeq.get(id)?.seq ?? 0) + 1;
      if (entry.seq !== expected) throw new SequenceConflictError(id, expected, entry.seq);
      this.statements.insertAction.run(id, entry.seq, entry.at, entry.memberId, entry.role, entry.partyId, entry.type, actionJson(entry));
      this.statements.saveState.run(storedStateJson(state), entry.at, id);
    });

    this.deleteTx = db.transaction((id: string) => {
      // the foreign key cascades as well; deleting the log explicitly keeps this right on any connection
      this.statements.deleteActions.run(id);
      this.statements.deleteWorkshop.run(id);
    });
  }

  /** Bring the file's schema up to SQLITE_SCHEMA_VERSION, each step in its own transaction. */
  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new Error(`the database has schema version ${version}, newer than this server's ${MIGRATIONS.length}; upgrade the server`);
    }
    for (let step = version; step < MIGRATIONS.length; step++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[step]!);
        this.db.pragma(`user_version = ${step + 1}`);
      }).immediate();
    }
  }

  /** The synchronous mode the connection runs with, as SQLite reports it (for checks and diagnostics). */
  syncMode(): string {
    const level = this.db.pragma('synchronous', { simple: true }) as number;
    return ['off', 'normal', 'full', 'extra'][level] ?? String(level);
  }

  async create(workshop: StoredWorkshop): Promise<void> {
    this.createTx.immediate(workshop);
  }

  async get(id: string): Promise<StoredWorkshop | undefined> {
    const row = this.statements.get.get(id);
    return row && { state: readStoredStateJson(row.state), facilitatorKeyHash: row.facilitator_key_hash, updatedAt: row.updated_at };
  }

  async idForCode(code: string): Promise<string | undefined> {
    return this.statements.idForCode.get(code)?.id;
  }

  async saveState(id: string, state: WorkshopState, updatedAt: number): Promise<void> {
    const { changes } = this.statements.saveState.run(storedStateJson(state), updatedAt, id);
    if (changes === 0) throw new Error(`no workshop ${id}`);
  }

  async setFacilitatorKeyHash(id: string, facilitatorKeyHash: string): Promise<void> {
    const { changes } = this.statements.setKeyHash.run(facilitatorKeyHash, id);
    if (changes === 0) throw new Error(`no workshop ${id}`);
  }

  async appendAction(id: string, entry: LoggedAction, state: WorkshopState): Promise<void> {
    // IMMEDIATE takes the write lock before reading the last seq, so the check and the insert are one step
    this.appendTx.immediate(id, entry, state);
  }

  async lastSeq(id: string): Promise<number> {
    return this.statements.lastSeq.get(id)?.seq ?? 0;
  }

  async actions(id: string, afterSeq = 0): Promise<LoggedAction[]> {
    return this.statements.actions.all(id, afterSeq).map((row) => loggedActionFromRow(id, row));
  }

  async idleSince(before: number): Promise<string[]> {
    return this.statements.idleSince.all(before).map((row) => row.id);
  }

  async delete(id: string): Promise<void> {
    this.deleteTx.immediate(id);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
