import type { Role, WorkshopState } from '../../shared/types.ts';

/** A stored workshop: its state plus the hash of the facilitator key (the key itself is never stored). */
export interface StoredWorkshop {
  state: WorkshopState;
  /** SHA-256 hashes (hex) of the valid facilitator keys, separated by spaces: the main key and any co-facilitator keys. */
  facilitatorKeyHash: string;
  /** Last activity (ms since epoch); retention counts from here. */
  updatedAt: number;
}

/** One accepted action in a workshop's author-tagged log. */
export interface LoggedAction {
  /** 1, 2, 3 … per workshop, in the order the room accepted them, without gaps; appending it expects it to be the next one. */
  seq: number;
  at: number;
  memberId: string;
  role: Role;
  partyId: string;
  /** The action's type, e.g. 'place'. */
  type: string;
  /** The action as accepted (JSON-serialisable). */
  action: unknown;
}

/**
 * Where workshops live. Async and free of any engine's details, so an in-memory store,
 * SQLite and PostgreSQL can all pass the same contract suite (test/server/storeContract.ts).
 */
export interface WorkshopStore {
  /** Store a new workshop; fails when its id or join code is taken. */
  create(workshop: StoredWorkshop): Promise<void>;
  /** The workshop with this id, or undefined. */
  get(id: string): Promise<StoredWorkshop | undefined>;
  /** The id of the workshop with this (normalised) join code, or undefined. */
  idForCode(code: string): Promise<string | undefined>;
  /** Replace a workshop's state (presence and other changes that are not logged actions). */
  saveState(id: string, state: WorkshopState, updatedAt: number): Promise<void>;
  /** Replace the facilitator key hashes (a new co-facilitator key, or a rotation that retires the old ones). */
  setFacilitatorKeyHash(id: string, facilitatorKeyHash: string): Promise<void>;
  /**
   * Append an accepted action to the log and store the state it led to, both or neither.
   * `entry.seq` is the writer's expected sequence number: it must be exactly one more than the
   * last logged seq (1 for an empty log), else nothing is stored and a SequenceConflictError is
   * thrown. That makes one writer per workshop: a second room for the same workshop fails loudly
   * instead of forking its history.
   */
  appendAction(id: string, entry: LoggedAction, state: WorkshopState): Promise<void>;
  /** The workshop's action log in order (optionally only entries after `afterSeq`). */
  actions(id: string, afterSeq?: number): Promise<LoggedAction[]>;
  /** The seq of the last logged action of a workshop (0 when none). */
  lastSeq(id: string): Promise<number>;
  /** Ids of workshops whose last activity is before `before` (for retention). */
  idleSince(before: number): Promise<string[]>;
  /** Remove a workshop and its log. */
  delete(id: string): Promise<void>;
  /** Release connections and files. */
  close(): Promise<void>;
}

/** Thrown by appendAction when the entry's seq is not the next one of the log: another writer got there first, or the writer lost count. */
export class SequenceConflictError extends Error {
  readonly workshopId: string;
  /** The seq the log was ready for. */
  readonly expected: number;
  /** The seq the writer sent. */
  readonly got: number;

  constructor(workshopId: string, expected: number, got: number) {
    super(
      `workshop ${workshopId}: action seq ${got} refused, the log expects ${expected} next` +
        (got < expected ? ' (another writer has appended to this workshop)' : ' (seqs must not skip)'),
    );
    this.name = 'SequenceConflictError';
    this.workshopId = workshopId;
    this.expected = expected;
    this.got = got;
  }
}
