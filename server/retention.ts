/** Deleting workshops whose retention has run out: names and notes are personal data, kept no longer than needed. */
import type { WorkshopStore } from './storage/WorkshopStore.ts';
import { log } from './log.ts';

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

/** How often the sweep runs. */
export const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * Sweep now and then every `everyMs`. In a deployment `claim` says whether this process does it
 * this time (a lock in Redis held for the period), so the sweep runs once per deployment, not once
 * per process. Returns a function that stops the schedule.
 */
export function scheduleSweeps(
  store: WorkshopStore,
  options: { everyMs?: number; claim?: (ttlMs: number) => Promise<boolean>; onSwept?: (ids: string[]) => void } = {},
): () => void {
  const everyMs = options.everyMs ?? SWEEP_EVERY_MS;
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      // a little shorter than the period, so a process's next turn is never refused by its own last claim
      if (options.claim && !(await options.claim(everyMs * 0.9))) return;
      const ids = await sweepExpired(store);
      if (ids.length) log('info', 'retention-deleted', { count: ids.length });
      options.onSwept?.(ids);
    } catch (error) {
      log('error', 'retention-failed', { error: String(error) });
    } finally {
      running = false;
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
