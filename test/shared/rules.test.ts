import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { apply, checkDrag, releaseHolds, partyAt, ACTION_TYPES, type Action, type RuleContext, type RuleEvent } from '../../shared/rules.ts';
import { REJECTION_CODES, clientMessages, type RejectionCode } from '../../shared/protocol.ts';
import { CENTER, MAX_PARTIES } from '../../shared/geometry.ts';
import { PARTY_PALETTE } from '../../shared/palette.ts';
import { PHASES, type Actor, type Phase, type PlacedPiece, type WorkshopState } from '../../shared/types.ts';
import { FACILITATOR, NOW, SCREEN, action, deepFreeze, inArea, makeCtx, makeWorkshop, participant } from './fixtures.ts';

/** Codes only the protocol layer produces; every other code must come out of the rules. */
type ProtocolCode = 'unknown-message' | 'bad-message' | 'protocol-version';
type RuleCode = Exclude<RejectionCode, ProtocolCode>;
const PROTOCOL_CODES: readonly RejectionCode[] = ['unknown-message', 'bad-message', 'protocol-version'];

/** Apply, asserting that the input state is neither mutated (it is frozen) nor changed (deep-equal to a clone). */
function attempt(state: WorkshopState, a: Action, actor: Actor, ctx: RuleContext) {
  deepFreeze(state);
  const before = structuredClone(state);
  const result = apply(state, a, actor, ctx);
  expect(state).toEqual(before);
  return result;
}

/** Apply an action that must be accepted; returns the next state and events. */
function accept(state: WorkshopState, a: Action, actor: Actor, ctx: RuleContext): { state: WorkshopState; events: RuleEvent[] } {
  const result = attempt(state, a, actor, ctx);
  if (!result.ok) throw new Error(`expected ${a.type} by ${actor.memberId} to be accepted, got ${result.code}`);
  return result;
}

/** Apply an action that must be refused with `code`. */
function refuse(state: WorkshopState, a: Action, actor: Actor, ctx: RuleContext, code: RuleCode): void {
  expect(attempt(state, a, actor, ctx)).toEqual({ ok: false, code });
}

const pieceOf = (state: WorkshopState, id: string): PlacedPiece => {
  const piece = state.pieces.find((p) => p.id === id);
  if (!piece) throw new Error(`no piece ${id}`);
  return piece;
};

const placedId = (events: RuleEvent[]): string => {
  const e = events[0];
  if (e?.type !== 'piece-placed') throw new Error('expected piece-placed');
  return e.pieceId;
};

/**
 * A workshop of three parties (A, B, C) in phase 'open' with four pieces:
 * pA  — A's 'residents' in A's area;          pB — B's 'core-task' in B's area;
 * pHeld — A's 'knowledge' in B's area, held by a1; pOwn — A's blank 'own-value' named "Glæde" in A's area.
 */
function world() {
  const ctx = makeCtx();
  const empty = deepFreeze(makeWorkshop());
  const A = empty.parties[0]!;
  const B = empty.parties[1]!;
  const C = empty.parties[2]!;
  const a1 = participant('a1', A.id);
  const a2 = participant('a2', A.id);
  const b1 = participant('b1', B.id);
  const c1 = participant('c1', C.id);
  const at = (index: number, slot = 0) => inArea(3, index, slot);
  const place = (kindId: string, index: number, slot = 0, extra: { label?: string } = {}) =>
    action('place', { kindId, ...at(index, slot), ...extra });

  let s = empty;
  let r = accept(s, place('residents', 0), a1, ctx);
  const pA = placedId(r.events);
  s = r.state;
  r = accept(s, place('core-task', 1), b1, ctx);
  const pB = placedId(r.events);
  s = r.state;
  r = accept(s, place('knowledge', 1, 1), a1, ctx);
  const pHeld = placedId(r.events);
  s = accept(r.state, action('grab', { pieceId: pHeld }), a1, ctx).state;
  r = accept(s, place('own-value', 0, 1, { label: 'Glæde' }), a1, ctx);
  const pOwn = placedId(r.events);
  s = deepFreeze(r.state);
  return { ctx, empty, s, A, B, C, a1, a2, b1, c1, at, place, pA, pB, pHeld, pOwn };
}
type World = ReturnType<typeof world>;

const inPhase = (state: WorkshopState, phase: Phase): WorkshopState => ({ ...state, phase });

describe('world fixture', () => {
  it('is what the rule tests assume', () => {
    const w = world();
    expect(w.s.phase).toBe('open');
    expect(w.s.parties).toHaveLength(3);
    expect(pieceOf(w.s, w.pA)).toMatchObject({ areaPartyId: w.A.id, placedByPartyId: w.A.id, heldBy: '' });
    expect(pieceOf(w.s, w.pB)).toMatchObject({ areaPartyId: w.B.id, placedByPartyId: w.B.id, heldBy: '' });
    expect(pieceOf(w.s, w.pHeld)).toMatchObject({ areaPartyId: w.B.id, placedByPartyId: w.A.id, heldBy: 'a1' });
    expect(pieceOf(w.s, w.pOwn)).toMatchObject({ areaPartyId: w.A.id, kindId: 'own-value', label: 'Glæde' });
    expect(w.s.kinds.find((k) => k.id === 'own-value')?.blank).toBe(true);
    expect(w.s.kinds.find((k) => k.id === 'residents')?.blank).toBeFalsy();
  });
});

// ---- every refusal -----------------------------------------------------------------------------

type Attempt = { state: WorkshopState; actor: Actor } & ({ action: Action } | { drag: { pieceId?: string; kindId?: string } });

/** [what happens, expected code, the attempt built on a fresh world]. */
const refusals: [string, RuleCode, (w: World) => Attempt][] = [
  // read-only: the screen changes nothing
  ['screen places', 'read-only', (w) => ({ state: w.s, actor: SCREEN, action: w.place('residents', 2) })],
  ['screen grabs', 'read-only', (w) => ({ state: w.s, actor: SCREEN, action: action('grab', { pieceId: w.pA }) })],
  ['screen releases', 'read-only', (w) => ({ state: w.s, actor: SCREEN, action: action('release', { pieceId: w.pHeld }) })],
  ['screen moves', 'read-only', (w) => ({ state: w.s, actor: SCREEN, action: action('move', { pieceId: w.pA, ...w.at(0, 3) }) })],
  ['screen edits', 'read-only', (w) => ({ state: w.s, actor: SCREEN, action: action('edit', { pieceId: w.pA, note: 'x' }) })],
  ['screen removes', 'read-only', (w) => ({ state: w.s, actor: SCREEN, action: action('remove', { pieceId: w.pA }) })],
  ['screen updates the workshop', 'read-only', (w) => ({ state: w.s, actor: SCREEN, action: action('update-workshop', { title: 'X' }) })],
  ['screen updates a party', 'read-only', (w) => ({ state: w.s, actor: SCREEN, action: action('update-party', { partyId: w.A.id, name: 'X' }) })],
  ['screen adds a party', 'read-only', (w) => ({ state: w.empty, actor: SCREEN, action: action('add-party', { name: 'Jobcentret' }) })],
  ['screen removes a party', 'read-only', (w) => ({ state: w.empty, actor: SCREEN, action: action('remove-party', { partyId: w.C.id }) })],
  ['screen drags a tray kind', 'read-only', (w) => ({ state: w.s, actor: SCREEN, drag: { kindId: 'residents' } })],
  ['screen drags a piece', 'read-only', (w) => ({ state: w.s, actor: SCREEN, drag: { pieceId: w.pA } })],

  // facilitator-only
  ['participant updates the workshop', 'facilitator-only', (w) => ({ state: w.s, actor: w.a1, action: action('update-workshop', { title: 'X' }) })],
  ['participant renames own party', 'facilitator-only', (w) => ({ state: w.s, actor: w.a1, action: action('update-party', { partyId: w.A.id, name: 'X' }) })],
  ['participant adds a party', 'facilitator-only', (w) => ({ state: w.empty, actor: w.a1, action: action('add-party', { name: 'Jobcentret' }) })],
  ['participant removes a party', 'facilitator-only', (w) => ({ state: w.empty, actor: w.a1, action: action('remove-party', { partyId: w.C.id }) })],

  // not-your-party
  ['participant places for another party', 'not-your-party', (w) => ({ state: w.s, actor: w.a1, action: action('place', { kindId: 'network', ...w.at(2), forPartyId: w.B.id }) })],
  ["participant grabs another party's piece", 'not-your-party', (w) => ({ state: w.s, actor: w.b1, action: action('grab', { pieceId: w.pA }) })],
  ["participant grabs another party's piece lying in own area", 'not-your-party', (w) => ({ state: w.s, actor: w.b1, action: action('grab', { pieceId: w.pHeld }) })],
  ["participant moves another party's piece", 'not-your-party', (w) => ({ state: w.s, actor: w.b1, action: action('move', { pieceId: w.pA, ...w.at(0, 3) }) })],
  ["participant edits another party's piece", 'not-your-party', (w) => ({ state: w.s, actor: w.b1, action: action('edit', { pieceId: w.pA, note: 'x' }) })],
  ["participant removes another party's piece", 'not-your-party', (w) => ({ state: w.s, actor: w.c1, action: action('remove', { pieceId: w.pA }) })],

  // phase-closed
  ['participant places in the lobby', 'phase-closed', (w) => ({ state: inPhase(w.s, 'lobby'), actor: w.a1, action: w.place('network', 0, 2) })],
  ['participant places in reveal', 'phase-closed', (w) => ({ state: inPhase(w.s, 'reveal'), actor: w.a1, action: w.place('network', 0, 2) })],
  ['participant places in dialogue', 'phase-closed', (w) => ({ state: inPhase(w.s, 'dialogue'), actor: w.a1, action: w.place('network', 0, 2) })],
  ['participant places in agreement', 'phase-closed', (w) => ({ state: inPhase(w.s, 'agreement'), actor: w.a1, action: w.place('network', 0, 2) })],
  ["participant places in another party's area in own-value", 'phase-closed', (w) => ({ state: inPhase(w.s, 'own-value'), actor: w.a1, action: w.place('network', 1, 2) })],
  ['participant places in own area in partner-view', 'phase-closed', (w) => ({ state: inPhase(w.s, 'partner-view'), actor: w.a1, action: w.place('network', 0, 2) })],
  ['participant grabs own piece in reveal', 'phase-closed', (w) => ({ state: inPhase(w.s, 'reveal'), actor: w.a1, action: action('grab', { pieceId: w.pA }) })],
  ['participant moves own piece in agreement', 'phase-closed', (w) => ({ state: inPhase(w.s, 'agreement'), actor: w.a1, action: action('move', { pieceId: w.pA, ...w.at(0, 3) }) })],
  ['participant edits own piece in agreement', 'phase-closed', (w) => ({ state: inPhase(w.s, 'agreement'), actor: w.a1, action: action('edit', { pieceId: w.pA, note: 'x' }) })],
  ['participant removes own piece in lobby', 'phase-closed', (w) => ({ state: inPhase(w.s, 'lobby'), actor: w.a1, action: action('remove', { pieceId: w.pA }) })],
  ['participant moves own piece into another area in dialogue', 'phase-closed', (w) => ({ state: inPhase(w.s, 'dialogue'), actor: w.a1, action: action('move', { pieceId: w.pA, ...w.at(2) }) })],
  ['participant moves own piece out of own area in own-value', 'phase-closed', (w) => ({ state: inPhase(w.s, 'own-value'), actor: w.a1, action: action('move', { pieceId: w.pA, ...w.at(1, 2) }) })],
  ['holder moves a piece into own area in partner-view', 'phase-closed', (w) => ({ state: inPhase(w.s, 'partner-view'), actor: w.a1, action: action('move', { pieceId: w.pHeld, ...w.at(0, 3) }) })],
  ['facilitator adds a party while pieces lie on the board', 'phase-closed', (w) => ({ state: w.s, actor: FACILITATOR, action: action('add-party', { name: 'Jobcentret' }) })],
  ['participant drags from the tray in the lobby', 'phase-closed', (w) => ({ state: inPhase(w.s, 'lobby'), actor: w.a1, drag: { kindId: 'residents' } })],
  ['participant drags from the tray in reveal', 'phase-closed', (w) => ({ state: inPhase(w.s, 'reveal'), actor: w.b1, drag: { kindId: 'residents' } })],

  // unknown-value-kind
  ['participant places a kind not in the deck', 'unknown-value-kind', (w) => ({ state: w.s, actor: w.a1, action: w.place('no-such-kind', 0, 2) })],
  ['facilitator places a kind not in the deck', 'unknown-value-kind', (w) => ({ state: w.s, actor: FACILITATOR, action: w.place('no-such-kind', 0, 2) })],
  ['drag of a kind not in the deck', 'unknown-value-kind', (w) => ({ state: w.s, actor: w.a1, drag: { kindId: 'no-such-kind' } })],

  // unknown-piece
  ['grab of a piece that does not exist', 'unknown-piece', (w) => ({ state: w.s, actor: w.a1, action: action('grab', { pieceId: 'ghost' }) })],
  ['release of a piece that does not exist', 'unknown-piece', (w) => ({ state: w.s, actor: w.a1, action: action('release', { pieceId: 'ghost' }) })],
  ['move of a piece that does not exist', 'unknown-piece', (w) => ({ state: w.s, actor: FACILITATOR, action: action('move', { pieceId: 'ghost', ...w.at(0) }) })],
  ['edit of a piece that does not exist', 'unknown-piece', (w) => ({ state: w.s, actor: w.a1, action: action('edit', { pieceId: 'ghost', note: 'x' }) })],
  ['remove of a piece that does not exist', 'unknown-piece', (w) => ({ state: w.s, actor: w.a1, action: action('remove', { pieceId: 'ghost' }) })],
  ['grab of a piece that was just removed', 'unknown-piece', (w) => ({
    state: accept(w.s, action('remove', { pieceId: w.pA }), w.a1, w.ctx).state,
    actor: w.a2,
    action: action('grab', { pieceId: w.pA }),
  })],
  ['drag of a piece that does not exist', 'unknown-piece', (w) => ({ state: w.s, actor: w.a1, drag: { pieceId: 'ghost' } })],

  // unknown-party
  ['facilitator places for a party that does not exist', 'unknown-party', (w) => ({ state: w.s, actor: FACILITATOR, action: action('place', { kindId: 'network', ...w.at(0, 2), forPartyId: 'ghost' }) })],
  ['participant of a party no longer in the workshop places', 'unknown-party', (w) => ({ state: w.s, actor: participant('x1', 'gone'), action: w.place('network', 0, 2) })],
  ['facilitator updates a party that does not exist', 'unknown-party', (w) => ({ state: w.s, actor: FACILITATOR, action: action('update-party', { partyId: 'ghost', name: 'X' }) })],
  ['facilitator removes a party that does not exist', 'unknown-party', (w) => ({ state: w.empty, actor: FACILITATOR, action: action('remove-party', { partyId: 'ghost' }) })],

  // outside-board
  ['participant places in the centre', 'outside-board', (w) => ({ state: w.s, actor: w.a1, action: action('place', { kindId: 'network', ...CENTER }) })],
  ['participant places in a corner of the board square', 'outside-board', (w) => ({ state: w.s, actor: w.a1, action: action('place', { kindId: 'network', x: 5, y: 5 }) })],
  ['participant places just beyond the outer rim', 'outside-board', (w) => ({ state: w.s, actor: w.a1, action: action('place', { kindId: 'network', x: 520, y: 9 }) })],
  ['facilitator places in the centre', 'outside-board', (w) => ({ state: w.s, actor: FACILITATOR, action: action('place', { kindId: 'network', ...CENTER }) })],
  ['participant moves own piece into the centre', 'outside-board', (w) => ({ state: w.s, actor: w.a1, action: action('move', { pieceId: w.pA, x: 510, y: 490 }) })],
  ['holder moves a piece off the board', 'outside-board', (w) => ({ state: w.s, actor: w.a1, action: action('move', { pieceId: w.pHeld, x: 1500, y: 500 }) })],

  // piece-held-by-other
  ['party colleague grabs a piece someone holds', 'piece-held-by-other', (w) => ({ state: w.s, actor: w.a2, action: action('grab', { pieceId: w.pHeld }) })],
  ['party colleague moves a piece someone holds', 'piece-held-by-other', (w) => ({ state: w.s, actor: w.a2, action: action('move', { pieceId: w.pHeld, ...w.at(1, 3) }) })],
  ['party colleague removes a piece someone holds', 'piece-held-by-other', (w) => ({ state: w.s, actor: w.a2, action: action('remove', { pieceId: w.pHeld }) })],
  ['facilitator grabs a piece a participant holds', 'piece-held-by-other', (w) => ({ state: w.s, actor: FACILITATOR, action: action('grab', { pieceId: w.pHeld }) })],
  ['facilitator moves a piece a participant holds', 'piece-held-by-other', (w) => ({ state: w.s, actor: FACILITATOR, action: action('move', { pieceId: w.pHeld, ...w.at(2) }) })],
  ['facilitator removes a piece a participant holds', 'piece-held-by-other', (w) => ({ state: w.s, actor: FACILITATOR, action: action('remove', { pieceId: w.pHeld }) })],
  ['participant grabs own piece the facilitator holds', 'piece-held-by-other', (w) => ({
    state: accept(w.s, action('grab', { pieceId: w.pA }), FACILITATOR, w.ctx).state,
    actor: w.a1,
    action: action('grab', { pieceId: w.pA }),
  })],

  // not-holding
  ['party colleague releases a piece someone else holds', 'not-holding', (w) => ({ state: w.s, actor: w.a2, action: action('release', { pieceId: w.pHeld }) })],
  ['facilitator releases a piece a participant holds', 'not-holding', (w) => ({ state: w.s, actor: FACILITATOR, action: action('release', { pieceId: w.pHeld }) })],
  ['owner releases a piece nobody holds', 'not-holding', (w) => ({ state: w.s, actor: w.a1, action: action('release', { pieceId: w.pA }) })],
  ['drag of a piece nobody holds', 'not-holding', (w) => ({ state: w.s, actor: w.a1, drag: { pieceId: w.pA } })],
  ['drag of a piece someone else holds', 'not-holding', (w) => ({ state: w.s, actor: w.a2, drag: { pieceId: w.pHeld } })],

  // duplicate-piece
  ['same party places the same kind in the same area again', 'duplicate-piece', (w) => ({ state: w.s, actor: w.a1, action: w.place('residents', 0, 3) })],
  ['facilitator places for A a kind A already has in that area', 'duplicate-piece', (w) => ({ state: w.s, actor: FACILITATOR, action: action('place', { kindId: 'residents', ...w.at(0, 3), forPartyId: w.A.id }) })],
  ['same party places a blank piece with the same name (case and spaces differ)', 'duplicate-piece', (w) => ({ state: w.s, actor: w.a1, action: w.place('own-value', 0, 3, { label: '  gLÆDE ' }) })],
  ['same party moves a piece into an area where that kind already lies', 'duplicate-piece', (w) => {
    const r = accept(w.s, w.place('residents', 1, 2), w.a1, w.ctx);
    return { state: r.state, actor: w.a1, action: action('move', { pieceId: placedId(r.events), ...w.at(0, 3) }) };
  }],
  ['same party moves a blank piece into an area with one of the same name', 'duplicate-piece', (w) => {
    const r = accept(w.s, w.place('own-value', 1, 2, { label: 'GLÆDE' }), w.a1, w.ctx);
    return { state: r.state, actor: w.a1, action: action('move', { pieceId: placedId(r.events), ...w.at(0, 3) }) };
  }],
  ['renaming a blank piece to the name of a sibling', 'duplicate-piece', (w) => {
    const r = accept(w.s, w.place('own-value', 0, 3, { label: 'Tryghed' }), w.a1, w.ctx);
    return { state: r.state, actor: w.a1, action: action('edit', { pieceId: placedId(r.events), label: ' glæde' }) };
  }],

  // label-required
  ['blank kind placed without a name', 'label-required', (w) => ({ state: w.s, actor: w.a1, action: w.place('own-value', 2) })],
  ['blank kind placed with a name of spaces', 'label-required', (w) => ({ state: w.s, actor: w.a1, action: w.place('own-value', 2, 0, { label: '   ' }) })],
  ['facilitator places a blank kind without a name', 'label-required', (w) => ({ state: w.s, actor: FACILITATOR, action: w.place('own-value', 2) })],
  ['blank piece renamed to spaces', 'label-required', (w) => ({ state: w.s, actor: w.a1, action: action('edit', { pieceId: w.pOwn, label: '  ' }) })],

  // color-taken
  ["party recoloured to another party's colour (other case)", 'color-taken', (w) => ({ state: w.s, actor: FACILITATOR, action: action('update-party', { partyId: w.B.id, color: w.A.color.toUpperCase() }) })],
  ['party added with a colour in use', 'color-taken', (w) => ({ state: w.empty, actor: FACILITATOR, action: action('add-party', { name: 'Jobcentret', color: w.C.color }) })],

  // short-name-taken
  ["party given another party's short name (other case)", 'short-name-taken', (w) => ({ state: w.s, actor: FACILITATOR, action: action('update-party', { partyId: w.B.id, shortName: w.A.shortName.toLowerCase() }) })],
  ['party added whose initials are taken', 'short-name-taken', (w) => ({ state: w.empty, actor: FACILITATOR, action: action('add-party', { name: 'Kommunekontoret' }) })],
  ['party added with a short name in use', 'short-name-taken', (w) => ({ state: w.empty, actor: FACILITATOR, action: action('add-party', { name: 'Jobcentret', shortName: ` ${w.B.shortName.toLowerCase()} ` }) })],

  // too-many-parties
  ['a ninth party', 'too-many-parties', () => ({
    state: makeWorkshop(['Anna', 'Bent', 'Cecilie', 'Dorte', 'Erik', 'Frida', 'Gustav', 'Hanne']),
    actor: FACILITATOR,
    action: action('add-party', { name: 'Ida' }),
  })],

  // party-in-use
  ['removing a party someone has joined', 'party-in-use', (w) => ({
    state: { ...w.empty, members: [{ id: 'c1', name: 'Carl', role: 'participant', partyId: w.C.id, connected: false, language: 'da' }] },
    actor: FACILITATOR,
    action: action('remove-party', { partyId: w.C.id }),
  })],
  ['removing a party while pieces lie on the board', 'party-in-use', (w) => ({ state: w.s, actor: FACILITATOR, action: action('remove-party', { partyId: w.C.id }) })],
  ['removing one of only two parties', 'party-in-use', () => {
    const two = makeWorkshop(['Kommunen', 'Skolen']);
    return { state: two, actor: FACILITATOR, action: action('remove-party', { partyId: two.parties[1]!.id }) };
  }],
];

describe('apply and checkDrag refuse', () => {
  it.each(refusals)('%s → %s', (_name, code, build) => {
    const w = world();
    const a = build(w);
    deepFreeze(a.state);
    const before = structuredClone(a.state);
    if ('action' in a) {
      expect(apply(a.state, a.action, a.actor, w.ctx)).toEqual({ ok: false, code });
    } else {
      expect(checkDrag(a.state, a.drag, a.actor)).toBe(code);
    }
    expect(a.state).toEqual(before);
  });

  it('covers every rejection code the rules can return', () => {
    const source = readFileSync(new URL('../../shared/rules.ts', import.meta.url), 'utf8');
    const inSource = new Set(
      [...source.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]!).filter((s) => (REJECTION_CODES as readonly string[]).includes(s)),
    );
    const tested = new Set(refusals.map(([, code]) => code));
    expect([...tested].sort()).toEqual([...inSource].sort());
    // and together with the protocol layer's own codes, that is every code there is
    expect([...tested, ...PROTOCOL_CODES].sort()).toEqual([...REJECTION_CODES].sort());
  });

  it('has a schema for every action type', () => {
    for (const type of ACTION_TYPES) expect(Object.hasOwn(clientMessages, type), type).toBe(true);
  });
});

// ---- placing -----------------------------------------------------------------------------------

describe('place', () => {
  it.each([0, 1, 2])('a participant places in area %i in the open phase', (index) => {
    const w = world();
    const ctx = makeCtx();
    const point = w.at(index, 2);
    const r = accept(w.empty, action('place', { kindId: 'network', ...point, note: '  fewer evictions ', importance: 3 }), w.a1, ctx);
    expect(r.events).toEqual([{ type: 'piece-placed', pieceId: 'id-1' }]);
    expect(r.state.pieces).toEqual([
      {
        id: 'id-1',
        kindId: 'network',
        label: '',
        areaPartyId: w.empty.parties[index]!.id,
        placedByPartyId: w.A.id,
        placedByMemberId: 'a1',
        byFacilitator: false,
        x: point.x,
        y: point.y,
        note: 'fewer evictions',
        importance: 3,
        heldBy: '',
        placedAt: NOW,
      },
    ]);
    // nothing but the pieces changed
    expect({ ...r.state, pieces: [] }).toEqual(w.empty);
  });

  it('defaults importance to 2 and the note to empty, and drops a label on a non-blank kind', () => {
    const w = world();
    const r = accept(w.empty, w.place('network', 0, 0, { label: 'ignored' }), w.a1, makeCtx());
    expect(r.state.pieces[0]).toMatchObject({ importance: 2, note: '', label: '' });
  });

  it('keeps the trimmed name of a blank piece', () => {
    const w = world();
    const r = accept(w.empty, w.place('own-value', 1, 0, { label: '  Stolthed  ' }), w.a1, makeCtx());
    expect(r.state.pieces[0]).toMatchObject({ kindId: 'own-value', label: 'Stolthed', areaPartyId: w.B.id });
  });

  it('lets a participant name their own party in forPartyId', () => {
    const w = world();
    const r = accept(w.empty, action('place', { kindId: 'network', ...w.at(1), forPartyId: w.A.id }), w.a1, makeCtx());
    expect(r.state.pieces[0]).toMatchObject({ placedByPartyId: w.A.id, areaPartyId: w.B.id, byFacilitator: false });
  });

  it('lets the facilitator place on behalf of a party in any area', () => {
    const w = world();
    const r = accept(w.empty, action('place', { kindId: 'economy', ...w.at(2), forPartyId: w.B.id }), FACILITATOR, makeCtx());
    expect(r.state.pieces[0]).toMatchObject({ placedByPartyId: w.B.id, areaPartyId: w.C.id, placedByMemberId: 'fac', byFacilitator: true });
  });

  it.each([0, 1, 2])('places for the area\'s own party when the facilitator names no party (area %i)', (index) => {
    const w = world();
    const r = accept(w.empty, w.place('economy', index), FACILITATOR, makeCtx());
    const areaParty = w.empty.parties[index]!.id;
    expect(r.state.pieces[0]).toMatchObject({ placedByPartyId: areaParty, areaPartyId: areaParty, byFacilitator: true });
  });

  it.each(PHASES)('lets the facilitator place in phase %s', (phase) => {
    const w = world();
    const r = accept(inPhase(w.empty, phase), w.place('economy', 1), FACILITATOR, makeCtx());
    expect(r.state.pieces).toHaveLength(1);
  });
});

// ---- phases ------------------------------------------------------------------------------------

/** What the product brief says each phase allows a participant (placing own/others; touching own pieces). */
const phaseTable: [Phase, { own: boolean; others: boolean; editing: boolean }][] = [
  ['lobby', { own: false, others: false, editing: false }],
  ['own-value', { own: true, others: false, editing: true }],
  ['partner-view', { own: false, others: true, editing: true }],
  ['reveal', { own: false, others: false, editing: false }],
  ['dialogue', { own: false, others: false, editing: true }],
  ['agreement', { own: false, others: false, editing: false }],
  ['open', { own: true, others: true, editing: true }],
];

describe('phases', () => {
  it('table names every phase', () => {
    expect(phaseTable.map(([p]) => p).sort()).toEqual([...PHASES].sort());
  });

  describe.each(phaseTable)('%s', (phase, allowed) => {
    const expectOutcome = (result: ReturnType<typeof apply>, ok: boolean) =>
      expect(result.ok ? 'ok' : result.code).toBe(ok ? 'ok' : 'phase-closed');

    it(`participant places in own area: ${allowed.own ? 'allowed' : 'phase-closed'}`, () => {
      const w = world();
      expectOutcome(attempt(inPhase(w.s, phase), w.place('network', 0, 2), w.a1, w.ctx), allowed.own);
    });

    it.each([1, 2])(`participant places in another party's area %i: ${allowed.others ? 'allowed' : 'phase-closed'}`, (index) => {
      const w = world();
      expectOutcome(attempt(inPhase(w.s, phase), w.place('network', index, 2), w.a1, w.ctx), allowed.others);
    });

    it(`tray drag by a participant: ${allowed.own || allowed.others ? 'allowed' : 'phase-closed'}`, () => {
      const w = world();
      expect(checkDrag(inPhase(w.s, phase), { kindId: 'network' }, w.b1)).toBe(allowed.own || allowed.others ? null : 'phase-closed');
    });

    it(`participant grabs, edits, moves within its area and removes own pieces: ${allowed.editing ? 'allowed' : 'phase-closed'}`, () => {
      const w = world();
      const s = inPhase(w.s, phase);
      const attempts: Action[] = [
        action('grab', { pieceId: w.pA }),
        action('edit', { pieceId: w.pA, note: 'mere tid', importance: 1 }),
        action('move', { pieceId: w.pA, ...w.at(0, 3) }),
        action('move', { pieceId: w.pHeld, ...w.at(1, 3) }),
        action('remove', { pieceId: w.pA }),
      ];
      for (const a of attempts) expectOutcome(attempt(s, a, w.a1, w.ctx), allowed.editing);
    });

    it('the facilitator may still grab, move across areas, edit and remove', () => {
      const w = world();
      const s = inPhase(w.s, phase);
      for (const a of [
        action('grab', { pieceId: w.pA }),
        action('move', { pieceId: w.pA, ...w.at(2, 3) }),
        action('edit', { pieceId: w.pB, note: 'x' }),
        action('remove', { pieceId: w.pB }),
      ]) {
        expect(attempt(s, a, FACILITATOR, w.ctx).ok, a.type).toBe(true);
      }
    });

    it('a holder may always release', () => {
      const w = world();
      expect(attempt(inPhase(w.s, phase), action('release', { pieceId: w.pHeld }), w.a1, w.ctx).ok).toBe(true);
    });
  });
});

// ---- grab / drag / move / release --------------------------------------------------------------

/** The event each accepted piece action reports. */
const PAST: Partial<Record<Action['type'], RuleEvent['type']>> = {
  grab: 'piece-grabbed',
  release: 'piece-released',
  move: 'piece-moved',
  remove: 'piece-removed',
};

describe('holding pieces', () => {
  it('follows a sequence of grabs, drags, moves and releases', () => {
    const w = world();
    let s = w.s;
    type Step = [who: Actor, a: Action | { drag: string }, expected: 'ok' | RuleCode, heldAfter?: string];
    const steps: Step[] = [
      [w.a1, action('grab', { pieceId: w.pA }), 'ok', 'a1'],
      [w.a1, { drag: w.pA }, 'ok', 'a1'],
      [w.a2, { drag: w.pA }, 'not-holding', 'a1'],
      [w.a1, action('grab', { pieceId: w.pA }), 'ok', 'a1'], // grabbing again is harmless
      [w.a2, action('grab', { pieceId: w.pA }), 'piece-held-by-other', 'a1'],
      [w.a2, action('move', { pieceId: w.pA, ...w.at(0, 3) }), 'piece-held-by-other', 'a1'],
      [w.a2, action('remove', { pieceId: w.pA }), 'piece-held-by-other', 'a1'],
      [w.a2, action('release', { pieceId: w.pA }), 'not-holding', 'a1'],
      [w.b1, action('grab', { pieceId: w.pA }), 'not-your-party', 'a1'],
      [FACILITATOR, action('grab', { pieceId: w.pA }), 'piece-held-by-other', 'a1'],
      [w.a1, action('move', { pieceId: w.pA, ...w.at(0, 3) }), 'ok', ''], // a drop releases
      [w.a2, action('grab', { pieceId: w.pA }), 'ok', 'a2'],
      [w.a1, action('grab', { pieceId: w.pA }), 'piece-held-by-other', 'a2'],
      [w.a2, action('release', { pieceId: w.pA }), 'ok', ''],
      [w.a2, action('release', { pieceId: w.pA }), 'not-holding', ''],
      [FACILITATOR, action('grab', { pieceId: w.pA }), 'ok', 'fac'],
      [FACILITATOR, { drag: w.pA }, 'ok', 'fac'],
      [w.a1, { drag: w.pA }, 'not-holding', 'fac'],
      [FACILITATOR, action('remove', { pieceId: w.pA }), 'ok', undefined],
    ];
    for (const [i, [who, a, expected, heldAfter]] of steps.entries()) {
      const label = `step ${i}`;
      if ('drag' in a) {
        expect(checkDrag(s, { pieceId: a.drag }, who), label).toBe(expected === 'ok' ? null : expected);
      } else {
        const r = attempt(s, a, who, w.ctx);
        expect(r.ok ? 'ok' : r.code, label).toBe(expected);
        if (r.ok) {
          expect(r.events, label).toEqual([{ type: PAST[a.type], pieceId: w.pA }]);
          s = r.state;
        }
      }
      expect(s.pieces.find((p) => p.id === w.pA)?.heldBy, label).toBe(heldAfter);
    }
    // the other pieces were never touched
    expect(s.pieces.filter((p) => p.id !== w.pA)).toEqual(w.s.pieces.filter((p) => p.id !== w.pA));
  });

  it('moves a piece within its area: new position, same area', () => {
    const w = world();
    const to = w.at(0, 3);
    const r = accept(w.s, action('move', { pieceId: w.pA, ...to }), w.a1, w.ctx);
    expect(r.events).toEqual([{ type: 'piece-moved', pieceId: w.pA }]);
    expect(pieceOf(r.state, w.pA)).toEqual({ ...pieceOf(w.s, w.pA), x: to.x, y: to.y });
  });

  it.each([
    ['B', 1],
    ['C', 2],
  ] as const)('moving a piece into area %s updates areaPartyId but not who placed it', (_name, index) => {
    const w = world();
    const to = w.at(index, 2);
    const r = accept(w.s, action('move', { pieceId: w.pA, ...to }), w.a1, w.ctx);
    expect(pieceOf(r.state, w.pA)).toMatchObject({ areaPartyId: w.s.parties[index]!.id, placedByPartyId: w.A.id, x: to.x, y: to.y });
  });

  it('moving a held piece to another area releases it there', () => {
    const w = world();
    const r = accept(w.s, action('move', { pieceId: w.pHeld, ...w.at(2, 1) }), w.a1, w.ctx);
    expect(pieceOf(r.state, w.pHeld)).toMatchObject({ heldBy: '', areaPartyId: w.C.id });
  });

  it('a blank piece may be moved back onto its own area (it is no duplicate of itself)', () => {
    const w = world();
    const r = accept(w.s, action('move', { pieceId: w.pOwn, ...w.at(0, 3) }), w.a1, w.ctx);
    expect(pieceOf(r.state, w.pOwn).areaPartyId).toBe(w.A.id);
  });
});

// ---- duplicates --------------------------------------------------------------------------------

describe('duplicates: one piece per kind per area per placing party', () => {
  it('follows a table of placements', () => {
    const w = world();
    const ctx = makeCtx();
    let s = w.empty;
    const rows: [Actor, Action, 'ok' | RuleCode][] = [
      [w.a1, w.place('residents', 0, 0), 'ok'],
      [w.a1, w.place('residents', 0, 1), 'duplicate-piece'],
      [w.a2, w.place('residents', 0, 2), 'duplicate-piece'], // a colleague places for the same party
      [w.a1, w.place('residents', 1, 0), 'ok'], // another area
      [w.b1, w.place('residents', 0, 3), 'ok'], // another party
      [FACILITATOR, action('place', { kindId: 'residents', ...w.at(0, 4), forPartyId: w.B.id }), 'duplicate-piece'],
      [FACILITATOR, action('place', { kindId: 'residents', ...w.at(0, 4), forPartyId: w.C.id }), 'ok'],
      [w.a1, w.place('own-value', 0, 5, { label: 'Glæde' }), 'ok'],
      [w.a1, w.place('own-value', 0, 6, { label: 'Tryghed' }), 'ok'], // blank kind twice, different names
      [w.a1, w.place('own-value', 0, 7, { label: ' gLÆDE  ' }), 'duplicate-piece'],
      [w.b1, w.place('own-value', 0, 7, { label: 'Glæde' }), 'ok'],
      [w.a1, w.place('own-value', 1, 1, { label: 'Glæde' }), 'ok'],
    ];
    for (const [i, [who, a, expected]] of rows.entries()) {
      const r = attempt(s, a, who, ctx);
      expect(r.ok ? 'ok' : r.code, `row ${i}`).toBe(expected);
      if (r.ok) s = r.state;
    }
    expect(s.pieces).toHaveLength(rows.filter(([, , e]) => e === 'ok').length);
  });
});

// ---- edit and remove ---------------------------------------------------------------------------

describe('edit', () => {
  it.each([
    ['a note (trimmed)', { note: '  færre udsættelser ' }, { note: 'færre udsættelser' }],
    ['importance', { importance: 3 }, { importance: 3 }],
    ['note and importance together', { note: 'x', importance: 1 }, { note: 'x', importance: 1 }],
    ['an empty note', { note: '' }, { note: '' }],
    ['a label on a non-blank kind (ignored)', { label: 'Noget andet' }, {}],
  ] as const)('changes %s', (_name, body, change) => {
    const w = world();
    const r = accept(w.s, action('edit', { pieceId: w.pA, ...body }), w.a1, w.ctx);
    expect(r.events).toEqual([{ type: 'piece-edited', pieceId: w.pA }]);
    expect(pieceOf(r.state, w.pA)).toEqual({ ...pieceOf(w.s, w.pA), ...change });
    expect(r.state.pieces.filter((p) => p.id !== w.pA)).toEqual(w.s.pieces.filter((p) => p.id !== w.pA));
  });

  it.each([
    ['a new name', ' Stolthed ', 'Stolthed'],
    ['its own name in another case', 'GLÆDE', 'GLÆDE'],
  ])('renames a blank piece to %s', (_name, label, expected) => {
    const w = world();
    const r = accept(w.s, action('edit', { pieceId: w.pOwn, label }), w.a1, w.ctx);
    expect(pieceOf(r.state, w.pOwn).label).toBe(expected);
  });

  it('lets a colleague of the same party and the facilitator edit', () => {
    const w = world();
    expect(attempt(w.s, action('edit', { pieceId: w.pA, importance: 1 }), w.a2, w.ctx).ok).toBe(true);
    expect(attempt(w.s, action('edit', { pieceId: w.pB, importance: 1 }), FACILITATOR, w.ctx).ok).toBe(true);
  });
});

describe('remove', () => {
  it.each([
    ['its placer', 'a1'],
    ['a colleague of the same party', 'a2'],
    ['the facilitator', 'fac'],
  ])('by %s takes only that piece off the board', (_name, who) => {
    const w = world();
    const actor = { a1: w.a1, a2: w.a2, fac: FACILITATOR }[who]!;
    const r = accept(w.s, action('remove', { pieceId: w.pA }), actor, w.ctx);
    expect(r.events).toEqual([{ type: 'piece-removed', pieceId: w.pA }]);
    expect(r.state.pieces).toEqual(w.s.pieces.filter((p) => p.id !== w.pA));
  });

  it('frees the slot for the same kind again', () => {
    const w = world();
    const s = accept(w.s, action('remove', { pieceId: w.pA }), w.a1, w.ctx).state;
    expect(attempt(s, w.place('residents', 0, 3), w.a1, w.ctx).ok).toBe(true);
  });
});

// ---- workshop and parties ----------------------------------------------------------------------

describe('update-workshop', () => {
  it.each([
    ['title (trimmed)', { title: '  Ny titel ' }, { title: 'Ny titel' }],
    ['a blank title keeps the old one', { title: '   ' }, {}],
    ['focus', { focus: ' Hvad skaber vi? ' }, { focus: 'Hvad skaber vi?' }],
    ['collaboration', { collaboration: ' Lektiecaféen ' }, { collaboration: 'Lektiecaféen' }],
    ['nothing', {}, {}],
  ] as const)('changes %s', (_name, body, change) => {
    const w = world();
    const r = accept(w.s, action('update-workshop', body), FACILITATOR, w.ctx);
    expect(r.events).toEqual([{ type: 'workshop-updated' }]);
    expect(r.state).toEqual({ ...w.s, ...change });
  });
});

describe('update-party', () => {
  it.each([
    ['name', { name: ' Københavns Kommune ' }, { name: 'Københavns Kommune' }],
    ['a blank name keeps the old one', { name: '  ' }, {}],
    ['short name', { shortName: ' KK ' }, { shortName: 'KK' }],
    ['colour (lower-cased)', { color: '#56B4E9' }, { color: '#56b4e9' }],
    ['its own colour again', { color: PARTY_PALETTE[1].toUpperCase() }, { color: PARTY_PALETTE[1] }],
    ['its own short name in another case', { shortName: 'sko' }, { shortName: 'sko' }],
  ] as const)('changes %s', (_name, body, change) => {
    const w = world();
    expect(w.B.color).toBe(PARTY_PALETTE[1]);
    expect(w.B.shortName).toBe('SKO');
    const r = accept(w.s, action('update-party', { partyId: w.B.id, ...body }), FACILITATOR, w.ctx);
    expect(r.events).toEqual([{ type: 'party-updated', partyId: w.B.id }]);
    expect(r.state.parties).toEqual([w.A, { ...w.B, ...change }, w.C]);
  });
});

describe('add-party', () => {
  it('adds a party with the next free palette colour and its initials', () => {
    const w = world();
    // the three parties took the first three palette colours, so the fourth is the next free one
    expect(w.empty.parties.map((p) => p.color)).toEqual(PARTY_PALETTE.slice(0, 3));
    const r = accept(w.empty, action('add-party', { name: ' Frivilligcenter Øst ' }), FACILITATOR, makeCtx());
    expect(r.events).toEqual([{ type: 'party-added', partyId: 'id-1' }]);
    expect(r.state.parties).toEqual([...w.empty.parties, { id: 'id-1', name: 'Frivilligcenter Øst', shortName: 'FØ', color: PARTY_PALETTE[3] }]);
  });

  it('keeps a given short name (trimmed) and colour (lower-cased)', () => {
    const w = world();
    const r = accept(w.empty, action('add-party', { name: 'Jobcentret', shortName: ' JC ', color: '#ABCDEF' }), FACILITATOR, makeCtx());
    expect(r.state.parties.at(-1)).toMatchObject({ name: 'Jobcentret', shortName: 'JC', color: '#abcdef' });
  });

  it(`fills the board up to ${MAX_PARTIES} parties with distinct colours, then refuses`, () => {
    const w = world();
    const ctx = makeCtx();
    let s = w.empty;
    const names = ['Dansk Boligselskab', 'Ejendomskontoret', 'Fritidsklubben', 'Gadeholdet', 'Hjemmeplejen', 'Idrætsforeningen'];
    for (const name of names.slice(0, MAX_PARTIES - s.parties.length)) s = accept(s, action('add-party', { name }), FACILITATOR, ctx).state;
    expect(s.parties).toHaveLength(MAX_PARTIES);
    expect(new Set(s.parties.map((p) => p.color)).size).toBe(MAX_PARTIES);
    expect(new Set(s.parties.map((p) => p.shortName.toUpperCase())).size).toBe(MAX_PARTIES);
    refuse(s, action('add-party', { name: 'Idrætsforeningen' }), FACILITATOR, ctx, 'too-many-parties');
  });
});

describe('remove-party', () => {
  it('removes a party nobody joined from a board without pieces', () => {
    const w = world();
    const r = accept(w.empty, action('remove-party', { partyId: w.C.id }), FACILITATOR, makeCtx());
    expect(r.events).toEqual([{ type: 'party-removed', partyId: w.C.id }]);
    expect(r.state.parties).toEqual([w.A, w.B]);
  });

  it('ignores members of other parties', () => {
    const w = world();
    const s = { ...w.empty, members: [{ id: 'a1', name: 'Anna', role: 'participant' as const, partyId: w.A.id, connected: true, language: 'da' as const }] };
    expect(attempt(s, action('remove-party', { partyId: w.C.id }), FACILITATOR, makeCtx()).ok).toBe(true);
  });
});

// ---- helpers -----------------------------------------------------------------------------------

describe('releaseHolds', () => {
  it("releases only that member's holds", () => {
    const w = world();
    let s = accept(w.s, action('grab', { pieceId: w.pA }), w.a1, w.ctx).state;
    s = deepFreeze(accept(s, action('grab', { pieceId: w.pB }), w.b1, w.ctx).state);
    const before = structuredClone(s);
    const next = releaseHolds(s, 'a1');
    expect(s).toEqual(before);
    expect(Object.fromEntries(next.pieces.map((p) => [p.id, p.heldBy]))).toEqual({ [w.pA]: '', [w.pB]: 'b1', [w.pHeld]: '', [w.pOwn]: '' });
    // positions and everything else stay where they were
    expect(next.pieces.map(({ heldBy: _, ...rest }) => rest)).toEqual(s.pieces.map(({ heldBy: _, ...rest }) => rest));
  });

  it('returns the state itself when the member holds nothing', () => {
    const w = world();
    expect(releaseHolds(w.s, 'b1')).toBe(w.s);
  });
});

describe('partyAt', () => {
  it.each([0, 1, 2])('finds the party of area %i', (index) => {
    const w = world();
    expect(partyAt(w.s, w.at(index).x, w.at(index).y)).toBe(w.s.parties[index]);
  });

  it.each([
    ['the centre', CENTER.x, CENTER.y],
    ['a corner', 0, 0],
    ['NaN', Number.NaN, 300],
  ])('finds no party at %s', (_name, x, y) => {
    expect(partyAt(world().s, x, y)).toBeUndefined();
  });
});
