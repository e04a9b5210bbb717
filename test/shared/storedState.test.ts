/** The stored state: written with its version, older shapes lifted by migrate, everything checked on read. */
import { describe, expect, it } from 'vitest';
import { migrate, readStoredStateJson, storedStateJson, STORED_STATE_VERSION, toStoredState } from '../../shared/storedState.ts';
import { DEFAULT_DOTS, DEFAULT_MAX_PARTICIPANTS, DEFAULT_RETENTION_MONTHS } from '../../shared/setup.ts';
import type { PlacedPiece, WorkshopState } from '../../shared/types.ts';
import { layOutBoard, pieceBox, boxesOverlap, boxInArea } from '../../shared/layout.ts';
import { inArea, makeWorkshop, member } from './fixtures.ts';

/** A workshop with something in every list, and non-default values where a default could hide a bug. */
function richState(): WorkshopState {
  const base = makeWorkshop();
  const { x, y } = inArea(3, 0);
  const dropped: PlacedPiece = {
    id: 'piece-1',
    kindId: 'residents',
    label: '',
    areaPartyId: 'party-1',
    placedByPartyId: 'party-2',
    placedByMemberId: 'åse',
    byFacilitator: false,
    x,
    y,
    scale: 1,
    note: 'Færre udsættelser 🧒🏽',
    importance: 2,
    heldBy: '',
    placedAt: 1000,
  };
  // where the layout puts it, as every stored piece of this version lies
  const piece = layOutBoard(base.parties, [dropped])[0]!;
  return {
    ...base,
    members: [member('åse', 'participant', 'party-2'), member('fac', 'facilitator')],
    pieces: [piece],
    partnerView: false,
    maxParticipants: 12,
    locked: true,
    spotlight: { kind: 'piece', id: 'piece-1' },
    voting: { open: true, dots: 5, shown: false },
    votes: [{ id: 'vote-1', memberId: 'åse', pieceId: 'piece-1' }],
    timer: { durationMs: 60_000, endsAt: 0, remainingMs: 30_000, running: false },
    agreement: { sharedValues: [{ id: 'a1', text: 'Tryghed' }], openQuestions: [], nextSteps: [{ id: 'n1', text: 'Mødes igen', ownerPartyId: 'party-1' }] },
    retentionMonths: 6,
    history: [{ id: 'h1', memberId: 'åse', partyId: 'party-2', type: 'place', pieceId: 'piece-1', before: null, after: piece, undone: false }],
    seats: [{ memberId: 'åse', tokenHash: 'f'.repeat(64), banned: false, leftAt: 0 }],
  };
}

/** `state` without the named fields, as a bare state written by an older server would be. */
function without(state: WorkshopState, fields: readonly (keyof WorkshopState)[]): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...structuredClone(state) };
  for (const field of fields) delete copy[field];
  return copy;
}

const TOOLS = ['partnerView', 'maxParticipants', 'locked', 'spotlight', 'voting', 'votes', 'timer', 'agreement', 'history'] as const;
const DEFAULTS: Partial<WorkshopState> = {
  partnerView: true,
  maxParticipants: DEFAULT_MAX_PARTICIPANTS,
  locked: false,
  spotlight: { kind: 'none', id: '' },
  voting: { open: false, dots: DEFAULT_DOTS, shown: false },
  votes: [],
  timer: { durationMs: 0, endsAt: 0, remainingMs: 0, running: false },
  agreement: { sharedValues: [], openQuestions: [], nextSteps: [] },
  history: [],
  retentionMonths: DEFAULT_RETENTION_MONTHS,
  seats: [],
};

describe('stored state', () => {
  it('is written with the current version and read back exactly', () => {
    const state = richState();
    expect(toStoredState(state)).toEqual({ version: STORED_STATE_VERSION, state });
    expect(JSON.parse(storedStateJson(state))).toEqual({ version: STORED_STATE_VERSION, state });
    expect(migrate(toStoredState(state))).toEqual(state);
    expect(readStoredStateJson(storedStateJson(state))).toEqual(state);
  });

  it('hands out a copy: changing what migrate returned leaves the stored form alone', () => {
    const stored = toStoredState(richState());
    const read = migrate(stored);
    read.pieces[0]!.note = 'ændret';
    read.seats.length = 0;
    expect(migrate(stored)).toEqual(richState());
  });

  // each shape a server once stored, from the git history of shared/types.ts
  const OLD_SHAPES: { name: string; missing: readonly (keyof WorkshopState)[] }[] = [
    { name: 'before seats (22bbad2)', missing: ['seats'] },
    { name: 'before retention (e029624)', missing: ['retentionMonths', 'seats'] },
    { name: 'before the workshop tools (ada3839)', missing: [...TOOLS, 'retentionMonths', 'seats'] },
  ];
  for (const { name, missing } of OLD_SHAPES) {
    it(`lifts a bare state stored ${name}, filling only what is missing with a new workshop's values`, () => {
      const state = richState();
      const lifted = migrate(JSON.parse(JSON.stringify(without(state, missing))));
      const expected = { ...state };
      for (const field of missing) Object.assign(expected, { [field]: DEFAULTS[field] });
      expect(lifted).toEqual(expected);
      // what was there is kept, not reset to a default
      expect(lifted.pieces).toEqual(state.pieces);
      if (!missing.includes('retentionMonths')) expect(lifted.retentionMonths).toBe(6);
    });
  }

  it('lifts a version 1 state: every piece gets a size and a slot near where it lay, none on another; remembered pieces get full size', () => {
    const state = richState();
    // version 1 boards: pieces where they were dropped, several on one spot, no size
    const dropped = Array.from({ length: 9 }, (_, i) => {
      const { scale: _scale, ...piece } = state.pieces[0]!;
      return { ...piece, id: `piece-${i + 1}`, kindId: 'own-value', label: `Værdi ${i}`, placedByPartyId: state.parties[i % 3]!.id, areaPartyId: state.parties[0]!.id, ...inArea(3, 0, i % 2) };
    });
    const { scale: _scale, ...rememberedPiece } = state.pieces[0]!;
    const old = { ...state, pieces: dropped, history: [{ ...state.history[0]!, after: rememberedPiece }] };
    const lifted = migrate(JSON.parse(JSON.stringify({ version: 1, state: old })));
    expect(lifted.pieces.map((p) => p.id)).toEqual(dropped.map((p) => p.id));
    expect(lifted.history[0]!.after).toEqual({ ...rememberedPiece, scale: 1 });
    for (const [i, piece] of lifted.pieces.entries()) {
      expect(piece).toEqual({ ...dropped[i], x: piece.x, y: piece.y, scale: piece.scale });
      expect(boxInArea(3, 0, pieceBox(piece)), piece.id).toBe(true);
      for (const other of lifted.pieces.slice(i + 1)) expect(boxesOverlap(pieceBox(piece), pieceBox(other)), `${piece.id} / ${other.id}`).toBe(false);
    }
    // laid out once, a board reads back as it is
    expect(migrate(toStoredState(lifted))).toEqual(lifted);
  });

  it('reads a complete bare state (version 0) unchanged', () => {
    const state = richState();
    expect(migrate(structuredClone(state))).toEqual(state);
    expect(readStoredStateJson(JSON.stringify(state))).toEqual(state);
  });

  it('drops keys WorkshopState does not name, so nothing unknown travels on', () => {
    const leaky = { ...richState(), facilitatorKey: 'k'.repeat(32) };
    const read = migrate(toStoredState(leaky as WorkshopState));
    expect(read).toEqual(richState());
    expect(read).not.toHaveProperty('facilitatorKey');
  });

  it('refuses a state written by a newer server', () => {
    expect(() => migrate({ version: STORED_STATE_VERSION + 1, state: richState() })).toThrow(/newer than this server's.*upgrade the server/);
  });

  const BROKEN: { name: string; raw: unknown; message: RegExp }[] = [
    { name: 'null', raw: null, message: /expected an object, got null/ },
    { name: 'an array', raw: [richState()], message: /expected an object, got an array/ },
    { name: 'a string', raw: 'state', message: /expected an object, got string/ },
    { name: 'a version that is not a whole number', raw: { version: 1.5, state: richState() }, message: /version 1.5 is not a version/ },
    { name: 'a version as text', raw: { version: '1', state: richState() }, message: /version "1" is not a version/ },
    { name: 'version 0 written out', raw: { version: 0, state: richState() }, message: /version 0 is not a version/ },
    { name: 'a version without its state', raw: { version: STORED_STATE_VERSION }, message: /expected the workshop state as an object/ },
    { name: 'a missing title', raw: toStoredState(without(richState(), ['title']) as unknown as WorkshopState), message: /of workshop ws-1 .*title:/ },
    {
      name: 'a piece position as text',
      raw: { version: STORED_STATE_VERSION, state: { ...richState(), pieces: [{ ...richState().pieces[0], x: '12' }] } },
      message: /pieces\.0\.x:/,
    },
    { name: 'an unknown phase', raw: { ...richState(), phase: 'afterparty' }, message: /\(version 0\).*phase:/ },
    { name: 'an unknown role', raw: { ...richState(), members: [{ ...member('x', 'participant', 'party-1'), role: 'admin' }] }, message: /members\.0\.role:/ },
  ];
  for (const { name, raw, message } of BROKEN) {
    it(`refuses ${name}, saying what is wrong`, () => {
      expect(() => migrate(raw)).toThrow(message);
    });
  }

  it('names at most three problems and counts the rest', () => {
    const state = { ...richState(), title: 1, focus: 2, collaboration: 3, deckId: 4, open: 'yes' };
    expect(() => migrate(state)).toThrow(/title:.*; focus:.*; collaboration:.*\(and 2 more\)$/);
  });

  it('refuses text that is not JSON', () => {
    expect(() => readStoredStateJson('{"version": 1, "state": ')).toThrow(/stored state: not valid JSON/);
  });
});
