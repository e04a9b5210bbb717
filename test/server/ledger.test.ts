/** The ledger between the rules and the store: order, roll-back after a failed write, and a second writer. */
import { describe, expect, it } from 'vitest';
import { WorkshopLedger } from '../../server/rooms/WorkshopLedger.ts';
import { MemoryStore } from '../../server/storage/MemoryStore.ts';
import { SequenceConflictError, type LoggedAction } from '../../server/storage/WorkshopStore.ts';
import type { WorkshopState } from '../../shared/types.ts';
import { loadDecks } from '../../server/decks.ts';
import { Workshops } from '../../server/workshops.ts';

async function fixture() {
  const store = new MemoryStore();
  const { stored } = await new Workshops(store, loadDecks()).create({ title: 'Ledger', parties: [{ name: 'A' }, { name: 'B' }] });
  return { store, state: stored.state };
}

const entry = { at: 1, memberId: 'm', role: 'facilitator' as const, partyId: '', type: 'update-workshop', action: {} };
const titled = (state: WorkshopState, title: string): WorkshopState => ({ ...state, title });

describe('WorkshopLedger', () => {
  it('shows an action only once stored, and hands out seqs 1, 2, 3 in order', async () => {
    const { store, state } = await fixture();
    const ledger = new WorkshopLedger(store, state, 0);
    const first = ledger.append(titled(state, 'one'), entry);
    expect(ledger.pending.title).toBe('one');
    expect(ledger.shown.title).toBe('Ledger');
    const second = ledger.append(titled(ledger.pending, 'two'), entry);
    expect((await first)?.seq).toBe(1);
    expect((await second)?.seq).toBe(2);
    expect(ledger.shown.title).toBe('two');
    expect((await store.actions(state.id)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('after a failed write refuses the later pending actions too, rolls back, and reuses their seqs', async () => {
    const { store, state } = await fixture();
    let failing = true;
    const flaky = Object.assign(Object.create(store) as MemoryStore, {
      appendAction: (id: string, e: LoggedAction, s: WorkshopState) => (failing ? Promise.reject(new Error('disk full')) : store.appendAction(id, e, s)),
    });
    const ledger = new WorkshopLedger(flaky, state, 0);
    const a = ledger.append(titled(state, 'a'), entry);
    const b = ledger.append(titled(ledger.pending, 'b'), entry);
    expect(await a).toBeUndefined();
    expect(await b).toBeUndefined();
    expect(ledger.pending.title).toBe('Ledger');
    expect(ledger.shown.title).toBe('Ledger');
    failing = false;
    expect((await ledger.append(titled(ledger.pending, 'c'), entry))?.seq).toBe(1);
    expect(ledger.shown.title).toBe('c');
  });

  it('calls onConflict when another writer has appended to the workshop', async () => {
    const { store, state } = await fixture();
    const ledger = new WorkshopLedger(store, state, 0, () => conflicts++);
    let conflicts = 0;
    // a second room for the same workshop writes seq 1 first
    await store.appendAction(state.id, { ...entry, seq: 1 }, titled(state, 'other room'));
    expect(await ledger.append(titled(state, 'mine'), entry)).toBeUndefined();
    expect(conflicts).toBe(1);
    await expect(store.appendAction(state.id, { ...entry, seq: 1 }, state)).rejects.toBeInstanceOf(SequenceConflictError);
    expect((await store.get(state.id))?.state.title).toBe('other room');
  });
});
