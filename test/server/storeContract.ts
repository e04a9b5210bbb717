/**
 * The contract every WorkshopStore must pass. Each storage implementation's test file calls
 * `storeContract` with a factory; a factory that also gives `reopen` (a store on the same
 * files) is checked for durability across close and reopen as well.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SequenceConflictError, type LoggedAction, type StoredWorkshop, type WorkshopStore } from '../../server/storage/WorkshopStore.ts';
import { loadDecks } from '../../server/decks.ts';
import { createWorkshopState } from '../../shared/setup.ts';
import { areaSlotPoint } from '../../shared/geometry.ts';
import type { PlacedPiece, WorkshopState } from '../../shared/types.ts';

/** What a contract factory hands over for one test. */
export interface StoreUnderTest {
  store: WorkshopStore;
  /** A fresh store on the same durable data (only for stores that have any); it may be opened while the first is still open. */
  reopen?: () => Promise<WorkshopStore>;
  /** Remove whatever the store left behind; called after the store is closed. */
  cleanup: () => Promise<void>;
}

const deck = loadDecks().get('default')!;
const DANISH_NOTE = 'Færre udsættelser, større tryghed på Østerbro — også for børn 🧒🏽 og ældre 👵 ✨';

let idCounter = 0;
const testId = (prefix: string) => `${prefix}${++idCounter}`;

/** A realistic workshop state, with Danish letters and emoji in its texts. */
function workshopState(id: string, code: string, createdAt = 1_700_000_000_000): WorkshopState {
  let n = 0;
  return createWorkshopState(
    {
      title: 'Lektiecaféen i Æbeløgade',
      focus: 'Hvad skaber caféen for hver af os? 🤝',
      collaboration: 'Sammen om børnenes læring',
      parties: [{ name: 'Boligsocial helhedsplan' }, { name: 'Kommunen' }, { name: 'Skolen på Ørstedsvej' }],
    },
    deck,
    { id, code, newId: () => `${id}-p${++n}`, now: createdAt },
  );
}

/** A stored workshop whose last activity was at `updatedAt`. */
export function storedWorkshop(id: string, code: string, updatedAt = 1_700_000_000_000): StoredWorkshop {
  return { state: workshopState(id, code, updatedAt), facilitatorKeyHash: `hash-of-${id}`, updatedAt };
}

/** `state` with one more piece of `kindId` in the first party's area, carrying a note. */
function withPiece(state: WorkshopState, kindId: string, note = DANISH_NOTE, at = 1_700_000_001_000): WorkshopState {
  const area = state.parties[0]!;
  const slot = state.pieces.length;
  const { x, y } = areaSlotPoint(state.parties.length, 0, slot);
  const piece: PlacedPiece = {
    id: `${state.id}-piece${slot}`,
    kindId,
    label: kindId === 'own-value' ? 'Vores egen værdi 💡' : '',
    areaPartyId: area.id,
    placedByPartyId: state.parties[1]!.id,
    placedByMemberId: 'member-åse',
    byFacilitator: false,
    x,
    y,
    scale: 1,
    note,
    importance: 3,
    heldBy: '',
    placedAt: at,
  };
  return { ...state, pieces: [...state.pieces, piece] };
}

/** A log entry for placing `kindId`, as the room would write it. */
function placeEntry(seq: number, kindId: string, at = 1_700_000_000_000 + seq * 1000): LoggedAction {
  return {
    seq,
    at,
    memberId: 'member-åse',
    role: 'participant',
    partyId: 'party-ø',
    type: 'place',
    action: { type: 'place', kindId, areaPartyId: 'party-ø', near: { x: 412.5, y: 233.25 }, note: DANISH_NOTE, importance: 3 },
  };
}

/** Run the store contract against the stores `make` opens (one fresh store per test). */
export function storeContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`WorkshopStore contract: ${name}`, () => {
    let store: WorkshopStore;
    let under: StoreUnderTest;

    beforeEach(async () => {
      under = await make();
      store = under.store;
    });

    afterEach(async () => {
      await store.close();
      await under.cleanup();
    });

    /** Create a workshop and append `kinds.length` place actions; returns the final stored form. */
    async function workshopWithLog(id: string, code: string, kinds: string[]): Promise<StoredWorkshop> {
      const created = storedWorkshop(id, code);
      await store.create(created);
      let state = created.state;
      for (const [i, kindId] of kinds.entries()) {
        state = withPiece(state, kindId);
        await store.appendAction(id, placeEntry(i + 1, kindId), state);
      }
      return { ...created, state, updatedAt: kinds.length > 0 ? placeEntry(kinds.length, 'x').at : created.updatedAt };
    }

    it('gives back a created workshop exactly, Danish letters and emoji included', async () => {
      const id = testId('w');
      const workshop = storedWorkshop(id, 'ACDEF3');
      workshop.state = withPiece(withPiece(workshop.state, 'residents'), 'own-value', 'Æ ø å — ÆØÅ 😀🇩🇰');
      await store.create(workshop);
      const got = await store.get(id);
      expect(got).toEqual(workshop);
      expect(got!.state.pieces.map((p) => p.note)).toEqual([DANISH_NOTE, 'Æ ø å — ÆØÅ 😀🇩🇰']);
      expect(got!.state.title).toBe('Lektiecaféen i Æbeløgade');
    });

    it('keeps any text JSON can carry: NUL, control characters and lone surrogates, in the state and in the log', async () => {
      const id = testId('w');
      const odd = 'nul\u0000 tab\t bell\u0007 lone\ud800 surrogate\udfff end \\ "quoted"';
      const workshop = storedWorkshop(id, 'ACDEF4');
      workshop.state = withPiece(workshop.state, 'own-value', odd);
      workshop.state.title = odd;
      await store.create(workshop);
      expect(await store.get(id)).toEqual(workshop);
      const entry = { ...placeEntry(1, 'residents'), action: { type: 'place', note: odd } };
      const state = withPiece(workshop.state, 'residents', odd);
      await store.appendAction(id, entry, state);
      expect(await store.actions(id)).toEqual([entry]);
      expect((await store.get(id))!.state).toEqual(state);
    });

    it('answers undefined for an unknown id and an unknown code', async () => {
      expect(await store.get('no-such-workshop')).toBeUndefined();
      expect(await store.idForCode('QQQQQQ')).toBeUndefined();
    });

    it('finds a workshop by its join code', async () => {
      const a = testId('w');
      const b = testId('w');
      await store.create(storedWorkshop(a, 'CDEFGH'));
      await store.create(storedWorkshop(b, 'DEFGHJ'));
      expect(await store.idForCode('CDEFGH')).toBe(a);
      expect(await store.idForCode('DEFGHJ')).toBe(b);
    });

    it('rejects a second workshop with a taken id and leaves the first unchanged', async () => {
      const id = testId('w');
      const first = storedWorkshop(id, 'EFGHJK');
      await store.create(first);
      const clash = storedWorkshop(id, 'FGHJKM');
      clash.state.title = 'Ubuden gæst';
      await expect(store.create(clash)).rejects.toThrow();
      expect(await store.get(id)).toEqual(first);
      expect(await store.idForCode('EFGHJK')).toBe(id);
      expect(await store.idForCode('FGHJKM')).toBeUndefined();
    });

    it('rejects a second workshop with a taken join code and leaves the first unchanged', async () => {
      const id = testId('w');
      const other = testId('w');
      const first = storedWorkshop(id, 'GHJKMN');
      await store.create(first);
      await expect(store.create(storedWorkshop(other, 'GHJKMN'))).rejects.toThrow();
      expect(await store.get(id)).toEqual(first);
      expect(await store.get(other)).toBeUndefined();
      expect(await store.idForCode('GHJKMN')).toBe(id);
      // the rejected id is free to use with a free code
      await store.create(storedWorkshop(other, 'HJKMNP'));
      expect(await store.idForCode('HJKMNP')).toBe(other);
    });

    it('replaces the state on saveState and moves updatedAt, keeping the key hash', async () => {
      const id = testId('w');
      const created = storedWorkshop(id, 'JKMNPQ', 1000);
      await store.create(created);
      const next: WorkshopState = { ...withPiece(created.state, 'network'), phase: 'reveal', title: 'Ny titel: Ærø 🌊' };
      await store.saveState(id, next, 5000);
      expect(await store.get(id)).toEqual({ state: next, facilitatorKeyHash: created.facilitatorKeyHash, updatedAt: 5000 });
      // saving again replaces, it does not merge
      await store.saveState(id, created.state, 6000);
      expect(await store.get(id)).toEqual({ ...created, updatedAt: 6000 });
      // saveState is not an action: the log stays empty
      expect(await store.actions(id)).toEqual([]);
    });

    it('rejects saveState for an unknown workshop and creates nothing', async () => {
      await expect(store.saveState('ghost', workshopState('ghost', 'KMNPQR'), 1)).rejects.toThrow();
      expect(await store.get('ghost')).toBeUndefined();
      expect(await store.idForCode('KMNPQR')).toBeUndefined();
    });

    it('appends actions in order and stores the state each one led to', async () => {
      const id = testId('w');
      const created = storedWorkshop(id, 'MNPQRT', 1000);
      await store.create(created);
      const kinds = ['residents', 'knowledge', 'own-value'];
      let state = created.state;
      const entries: LoggedAction[] = [];
      for (const [i, kindId] of kinds.entries()) {
        state = withPiece(state, kindId);
        const entry = placeEntry(i + 1, kindId);
        entries.push(entry);
        await store.appendAction(id, entry, state);
        // after every append, log and state agree
        expect((await store.get(id))!.state.pieces).toHaveLength(i + 1);
        expect(await store.actions(id)).toHaveLength(i + 1);
      }
      expect(await store.get(id)).toEqual({ state, facilitatorKeyHash: created.facilitatorKeyHash, updatedAt: entries.at(-1)!.at });
      expect(await store.actions(id)).toEqual(entries);
      expect((await store.actions(id)).map((e) => e.seq)).toEqual([1, 2, 3]);
    });

    it('returns only the entries after afterSeq', async () => {
      const id = testId('w');
      await workshopWithLog(id, 'NPQRTU', ['residents', 'knowledge', 'network', 'economy']);
      expect((await store.actions(id, 0)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect((await store.actions(id, 2)).map((e) => e.seq)).toEqual([3, 4]);
      expect(await store.actions(id, 2)).toEqual([placeEntry(3, 'network'), placeEntry(4, 'economy')]);
      expect(await store.actions(id, 4)).toEqual([]);
      expect(await store.actions(id, 99)).toEqual([]);
      expect(await store.actions('no-such-workshop')).toEqual([]);
    });

    it('rejects a duplicate or out-of-order seq and leaves log and state unchanged', async () => {
      const id = testId('w');
      const before = await workshopWithLog(id, 'PQRTUV', ['residents', 'knowledge', 'network']);
      const log = await store.actions(id);
      const tampered = withPiece(before.state, 'economy', 'må ikke gemmes 🚫');
      await expect(store.appendAction(id, placeEntry(3, 'economy', 9_999_999_999_999), tampered)).rejects.toThrow();
      await expect(store.appendAction(id, placeEntry(2, 'economy', 9_999_999_999_999), tampered)).rejects.toThrow();
      await expect(store.appendAction(id, placeEntry(1, 'economy', 9_999_999_999_999), tampered)).rejects.toThrow();
      expect(await store.actions(id)).toEqual(log);
      expect(await store.get(id)).toEqual(before);
      // the log goes on from where it was
      await store.appendAction(id, placeEntry(4, 'economy'), tampered);
      expect((await store.actions(id)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect((await store.get(id))!.state).toEqual(tampered);
    });

    it('refuses a seq that is not exactly the next one, saying which it expects, and stores nothing', async () => {
      const id = testId('w');
      const created = storedWorkshop(id, 'QRTUV3');
      await store.create(created);
      const tampered = withPiece(created.state, 'economy', 'må ikke gemmes 🚫');
      // an empty log takes seq 1 and nothing else
      for (const seq of [0, 2, -1, 1.5, Number.NaN]) {
        await expect(store.appendAction(id, placeEntry(seq, 'economy'), tampered)).rejects.toThrow(SequenceConflictError);
      }
      await expect(store.appendAction(id, placeEntry(2, 'economy'), tampered)).rejects.toThrow(`workshop ${id}: action seq 2 refused, the log expects 1 next`);
      expect(await store.actions(id)).toEqual([]);
      expect(await store.get(id)).toEqual(created);
      expect(await store.lastSeq(id)).toBe(0);

      let state = created.state;
      for (const seq of [1, 2]) {
        state = withPiece(state, 'residents');
        await store.appendAction(id, placeEntry(seq, 'residents'), state);
      }
      const before = await store.get(id);
      const log = await store.actions(id);
      // skipping ahead is refused like going back: a gap would hide an action that was never stored
      const skip = store.appendAction(id, placeEntry(4, 'economy'), tampered);
      await expect(skip).rejects.toBeInstanceOf(SequenceConflictError);
      await expect(skip).rejects.toMatchObject({ workshopId: id, expected: 3, got: 4 });
      await expect(store.appendAction(id, placeEntry(2, 'economy'), tampered)).rejects.toMatchObject({ expected: 3, got: 2 });
      expect(await store.actions(id)).toEqual(log);
      expect(await store.get(id)).toEqual(before);
      expect(await store.lastSeq(id)).toBe(2);
      await store.appendAction(id, placeEntry(3, 'economy'), tampered);
      expect(await store.lastSeq(id)).toBe(3);
    });

    it('lets exactly one of two racing appends with the same seq through, and keeps the winner\'s state', async () => {
      const id = testId('w');
      const created = storedWorkshop(id, 'RTUV34');
      await store.create(created);
      const states = [withPiece(created.state, 'residents', 'skriver A'), withPiece(created.state, 'network', 'skriver B')];
      const entries = [placeEntry(1, 'residents'), placeEntry(1, 'network')];
      const outcomes = await Promise.allSettled(states.map((state, i) => store.appendAction(id, entries[i]!, state)));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const lost = outcomes.find((o) => o.status === 'rejected');
      expect(lost?.status === 'rejected' && lost.reason).toBeInstanceOf(SequenceConflictError);
      const winner = outcomes.findIndex((o) => o.status === 'fulfilled');
      expect(await store.actions(id)).toEqual([entries[winner]]);
      expect((await store.get(id))!.state).toEqual(states[winner]);
    });

    it('keeps one writer per workshop across two stores open on the same data', async (ctx) => {
      if (!under.reopen) {
        console.info(`${name}: skipped "two stores on the same data" — this store shares its data with no other`);
        return ctx.skip(`${name} shares its data with no other store`);
      }
      const other = await under.reopen();
      try {
        const id = testId('w');
        const created = storedWorkshop(id, 'TUV346');
        await store.create(created);
        // both writers read the same last seq, as two rooms for one workshop on two processes would
        expect(await store.lastSeq(id)).toBe(0);
        expect(await other.lastSeq(id)).toBe(0);
        const states = [withPiece(created.state, 'residents', 'proces A'), withPiece(created.state, 'network', 'proces B')];
        const entries = [placeEntry(1, 'residents'), placeEntry(1, 'network')];
        const outcomes = await Promise.allSettled([store.appendAction(id, entries[0]!, states[0]!), other.appendAction(id, entries[1]!, states[1]!)]);
        expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
        const lost = outcomes.find((o) => o.status === 'rejected');
        expect(lost?.status === 'rejected' && lost.reason).toBeInstanceOf(SequenceConflictError);
        const winner = outcomes.findIndex((o) => o.status === 'fulfilled');
        // both see the winner's history, and only that
        for (const s of [store, other]) {
          expect(await s.actions(id)).toEqual([entries[winner]]);
          expect((await s.get(id))!.state).toEqual(states[winner]);
          expect(await s.lastSeq(id)).toBe(1);
        }
        // the loser, still counting from its own past, is refused again; the log goes on from the winner's seq
        const loser = winner === 0 ? other : store;
        const next = withPiece(states[winner]!, 'economy');
        await expect(loser.appendAction(id, placeEntry(1, 'economy'), next)).rejects.toMatchObject({ expected: 2, got: 1 });
        await loser.appendAction(id, placeEntry(2, 'economy'), next);
        expect((await store.actions(id)).map((e) => e.seq)).toEqual([1, 2]);
      } finally {
        await other.close();
      }
    });

    it('rejects appendAction for an unknown workshop and stores nothing', async () => {
      const ghost = workshopState('ghost', 'QRTUVW');
      await expect(store.appendAction('ghost', placeEntry(1, 'residents'), ghost)).rejects.toThrow();
      expect(await store.get('ghost')).toBeUndefined();
      expect(await store.actions('ghost')).toEqual([]);
      expect(await store.idForCode('QRTUVW')).toBeUndefined();
    });

    it('lists the workshops idle since a moment', async () => {
      const old = testId('old');
      const older = testId('old');
      const fresh = testId('fresh');
      await store.create(storedWorkshop(old, 'RTUVWX', 2000));
      await store.create(storedWorkshop(older, 'TUVWXY', 1000));
      await store.create(storedWorkshop(fresh, 'UVWXY3', 3000));
      expect((await store.idleSince(2500)).sort()).toEqual([old, older].sort());
      expect((await store.idleSince(2000)).sort()).toEqual([older]);
      expect(await store.idleSince(1000)).toEqual([]);
      // activity counts: a saved state and an appended action both move a workshop out of the idle list
      await store.saveState(older, (await store.get(older))!.state, 4000);
      await store.appendAction(old, placeEntry(1, 'residents', 5000), withPiece((await store.get(old))!.state, 'residents'));
      expect(await store.idleSince(3500)).toEqual([fresh]);
      expect((await store.idleSince(6000)).sort()).toEqual([old, older, fresh].sort());
    });

    it('deletes a workshop with its code and log, after which the code may be used again', async () => {
      const id = testId('w');
      const keep = testId('w');
      await workshopWithLog(id, 'VWXY34', ['residents', 'network']);
      const kept = await workshopWithLog(keep, 'WXY346', ['economy']);
      await store.delete(id);
      expect(await store.get(id)).toBeUndefined();
      expect(await store.idForCode('VWXY34')).toBeUndefined();
      expect(await store.actions(id)).toEqual([]);
      expect(await store.idleSince(Number.MAX_SAFE_INTEGER)).toEqual([keep]);
      // the other workshop is untouched
      expect(await store.get(keep)).toEqual(kept);
      expect(await store.actions(keep)).toHaveLength(1);
      // a new workshop may take the code, and even the id, and starts with an empty log at seq 1
      const reborn = testId('w');
      await store.create(storedWorkshop(reborn, 'VWXY34'));
      expect(await store.idForCode('VWXY34')).toBe(reborn);
      await store.create(storedWorkshop(id, 'XY3467'));
      expect(await store.actions(id)).toEqual([]);
      await store.appendAction(id, placeEntry(1, 'knowledge'), withPiece(workshopState(id, 'XY3467'), 'knowledge'));
      expect((await store.actions(id)).map((e) => e.seq)).toEqual([1]);
      // deleting what is not there is no error
      await store.delete('no-such-workshop');
      await store.delete(id);
      await store.delete(id);
    });

    it('hands out copies: changing what went in or came out does not change the store', async () => {
      const id = testId('w');
      const workshop = storedWorkshop(id, 'Y34679');
      const expected = structuredClone(workshop);
      await store.create(workshop);
      workshop.state.title = 'ændret efter create';
      workshop.state.parties[0]!.name = 'ændret';
      workshop.updatedAt = 1;

      const got = (await store.get(id))!;
      got.state.title = 'ændret efter get';
      got.state.parties.pop();
      got.facilitatorKeyHash = 'stjålet';
      expect(await store.get(id)).toEqual(expected);

      const state = withPiece(expected.state, 'residents');
      const entry = placeEntry(1, 'residents');
      const expectedState = structuredClone(state);
      const expectedEntry = structuredClone(entry);
      await store.appendAction(id, entry, state);
      state.pieces[0]!.note = 'ændret efter append';
      (entry.action as { kindId: string }).kindId = 'economy';
      entry.memberId = 'someone-else';

      const log = await store.actions(id);
      log[0]!.seq = 42;
      (log[0]!.action as { note: string }).note = 'ændret i loggen';
      log.pop();
      expect(await store.actions(id)).toEqual([expectedEntry]);
      expect((await store.get(id))!.state).toEqual(expectedState);

      const saved = withPiece(expectedState, 'network');
      const expectedSaved = structuredClone(saved);
      await store.saveState(id, saved, 7000);
      saved.pieces.length = 0;
      expect((await store.get(id))!.state).toEqual(expectedSaved);
    });

    it('keeps everything across closing and reopening the store', async (ctx) => {
      if (!under.reopen) {
        // an in-memory store keeps nothing across a restart by design: say so instead of skipping silently
        console.info(`${name}: skipped "survives reopening" — this store is not durable by design`);
        return ctx.skip(`${name} is not durable by design`);
      }
      const a = testId('w');
      const b = testId('w');
      const gone = testId('w');
      const withLog = await workshopWithLog(a, 'A34679', ['residents', 'knowledge', 'own-value']);
      const saved = storedWorkshop(b, 'C34679', 1000);
      await store.create(saved);
      const nextState = { ...withPiece(saved.state, 'economy', 'gemt før lukning 💾'), phase: 'dialogue' as const };
      await store.saveState(b, nextState, 2000);
      await workshopWithLog(gone, 'D34679', ['network']);
      await store.delete(gone);
      const log = await store.actions(a);

      await store.close();
      store = await under.reopen();

      expect(await store.get(a)).toEqual(withLog);
      expect(await store.actions(a)).toEqual(log);
      expect(await store.get(b)).toEqual({ state: nextState, facilitatorKeyHash: saved.facilitatorKeyHash, updatedAt: 2000 });
      expect(await store.idForCode('A34679')).toBe(a);
      expect(await store.idForCode('C34679')).toBe(b);
      expect(await store.get(gone)).toBeUndefined();
      expect(await store.idForCode('D34679')).toBeUndefined();
      expect(await store.actions(gone)).toEqual([]);
      expect((await store.idleSince(Number.MAX_SAFE_INTEGER)).sort()).toEqual([a, b].sort());
      // the rules still hold after reopening: taken ids and codes, and the seq order
      await expect(store.create(storedWorkshop(a, 'E34679'))).rejects.toThrow();
      await expect(store.create(storedWorkshop(testId('w'), 'C34679'))).rejects.toThrow();
      await expect(store.appendAction(a, placeEntry(3, 'economy'), withLog.state)).rejects.toThrow();
      await store.appendAction(a, placeEntry(4, 'economy'), withPiece(withLog.state, 'economy'));
      expect((await store.actions(a, 3)).map((e) => e.seq)).toEqual([4]);

      // and a second reopen sees what was written after the first
      await store.close();
      store = await under.reopen();
      expect((await store.actions(a)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect((await store.get(a))!.state.pieces).toHaveLength(4);
    });
  });
}
