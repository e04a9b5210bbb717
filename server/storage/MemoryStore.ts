import { SequenceConflictError, type LoggedAction, type StoredWorkshop, type WorkshopStore } from './WorkshopStore.ts';
import type { WorkshopState } from '../../shared/types.ts';
import { migrate, toStoredState, type StoredState } from '../../shared/storedState.ts';

/** A workshop as this store keeps it: the state in its stored (versioned) form, like the durable stores. */
interface KeptWorkshop {
  state: StoredState;
  facilitatorKeyHash: string;
  updatedAt: number;
}

/** Workshops kept in this process's memory: fast, and gone when it stops. For tests and trying things out. */
export class MemoryStore implements WorkshopStore {
  private readonly workshops = new Map<string, KeptWorkshop>();
  private readonly codes = new Map<string, string>();
  private readonly logs = new Map<string, LoggedAction[]>();

  async create(workshop: StoredWorkshop): Promise<void> {
    const { id, code } = workshop.state;
    if (this.workshops.has(id)) throw new Error(`workshop id ${id} is taken`);
    if (this.codes.has(code)) throw new Error(`join code ${code} is taken`);
    this.workshops.set(id, { state: toStoredState(workshop.state), facilitatorKeyHash: workshop.facilitatorKeyHash, updatedAt: workshop.updatedAt });
    this.codes.set(code, id);
    this.logs.set(id, []);
  }

  async get(id: string): Promise<StoredWorkshop | undefined> {
    const found = this.workshops.get(id);
    // read through migrate like every store: the same check, and a fresh copy for the caller
    return found && { state: migrate(found.state), facilitatorKeyHash: found.facilitatorKeyHash, updatedAt: found.updatedAt };
  }

  async idForCode(code: string): Promise<string | undefined> {
    return this.codes.get(code);
  }

  async saveState(id: string, state: WorkshopState, updatedAt: number): Promise<void> {
    const found = this.workshops.get(id);
    if (!found) throw new Error(`no workshop ${id}`);
    this.workshops.set(id, { ...found, state: toStoredState(state), updatedAt });
  }

  async setFacilitatorKeyHash(id: string, facilitatorKeyHash: string): Promise<void> {
    const found = this.workshops.get(id);
    if (!found) throw new Error(`no workshop ${id}`);
    this.workshops.set(id, { ...found, facilitatorKeyHash });
  }

  async appendAction(id: string, entry: LoggedAction, state: WorkshopState): Promise<void> {
    const log = this.logs.get(id);
    const found = this.workshops.get(id);
    if (!log || !found) throw new Error(`no workshop ${id}`);
    const expected = (log.at(-1)?.seq ?? 0) + 1;
    if (entry.seq !== expected) throw new SequenceConflictError(id, expected, entry.seq);
    log.push(structuredClone(entry));
    this.workshops.set(id, { ...found, state: toStoredState(state), updatedAt: entry.at });
  }

  async actions(id: string, afterSeq = 0): Promise<LoggedAction[]> {
    return structuredClone((this.logs.get(id) ?? []).filter((e) => e.seq > afterSeq));
  }

  async lastSeq(id: string): Promise<number> {
    return this.logs.get(id)?.at(-1)?.seq ?? 0;
  }

  async idleSince(before: number): Promise<string[]> {
    return [...this.workshops.values()].filter((w) => w.updatedAt < before).map((w) => w.state.state.id);
  }

  async delete(id: string): Promise<void> {
    const found = this.workshops.get(id);
    if (!found) return;
    this.codes.delete(found.state.state.code);
    this.workshops.delete(id);
    this.logs.delete(id);
  }

  async close(): Promise<void> {}
}
