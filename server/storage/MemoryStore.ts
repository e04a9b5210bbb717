import type { StoredWorkshop, WorkshopStore } from './WorkshopStore.ts';
import type { WorkshopState } from '../../shared/types.ts';

/** Workshops kept in this process's memory: gone when it stops. The default until durable storage lands. */
export class MemoryStore implements WorkshopStore {
  private readonly workshops = new Map<string, StoredWorkshop>();
  private readonly codes = new Map<string, string>();

  async create(workshop: StoredWorkshop): Promise<void> {
    const { id, code } = workshop.state;
    if (this.workshops.has(id)) throw new Error(`workshop id ${id} is taken`);
    if (this.codes.has(code)) throw new Error(`join code ${code} is taken`);
    this.workshops.set(id, structuredClone(workshop));
    this.codes.set(code, id);
  }

  async get(id: string): Promise<StoredWorkshop | undefined> {
    const found = this.workshops.get(id);
    return found && structuredClone(found);
  }

  async idForCode(code: string): Promise<string | undefined> {
    return this.codes.get(code);
  }

  async saveState(id: string, state: WorkshopState, updatedAt: number): Promise<void> {
    const found = this.workshops.get(id);
    if (!found) throw new Error(`no workshop ${id}`);
    this.workshops.set(id, { ...found, state: structuredClone(state), updatedAt });
  }

  async delete(id: string): Promise<void> {
    const found = this.workshops.get(id);
    if (!found) return;
    this.codes.delete(found.state.code);
    this.workshops.delete(id);
  }

  async close(): Promise<void> {}
}
