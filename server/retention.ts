/** Deleting workshops whose retention has run out: names and notes are personal data, kept no longer than needed. */
import type { WorkshopStore } from './storage/WorkshopStore.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A month for retention purposes (30 days: a little generous is the safe side). */
export const MONTH_MS = 30 * DAY_MS;

/** Delete every workshop idle for longer than its own retention. Returns the ids deleted. */
export async function sweepExpired(store: WorkshopStore, now = Date.now()): Promise<string[]> {
  // the shortest retention is one month: nothing younger than that can be due
  const candidates = await store.idleSince(now - MONTH_MS);
  const deleted: string[] = [];
  for (const id of candidates) {
    const found = await store.get(id);
    if (!found) continue;
    if (found.updatedAt + found.state.retentionMonths * MONTH_MS <= now) {
      await store.delete(id);
      deleted.push(id);
    }
  }
  return deleted;
}
