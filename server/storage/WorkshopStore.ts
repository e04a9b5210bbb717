import type { WorkshopState } from '../../shared/types.ts';

/** A stored workshop: its state plus the hash of the facilitator key (the key itself is never stored). */
export interface StoredWorkshop {
  state: WorkshopState;
  facilitatorKeyHash: string;
  updatedAt: number;
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
  /** Replace a workshop's state (after an accepted action). */
  saveState(id: string, state: WorkshopState, updatedAt: number): Promise<void>;
  /** Remove a workshop. */
  delete(id: string): Promise<void>;
  /** Release connections and files. */
  close(): Promise<void>;
}
