import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { apply, checkDrag, releaseHolds, partyAt, ACTION_TYPES, FACILITATOR_ACTIONS, type Action, type RuleEvent } from '../../shared/rules.ts';
import { REJECTION_CODES, clientMessages } from '../../shared/protocol.ts';
import { ValueKind } from '../../shared/deck.ts';
import { CENTER, MAX_PARTIES } from '../../shared/geometry.ts';
import { boxInArea, pieceBox, subZoneCapacity, subZoneSizes } from '../../shared/layout.ts';
import { PIECE_LIMITS, WORKSHOP_CAPS } from '../../shared/limits.ts';
import { PARTY_PALETTE } from '../../shared/palette.ts';
import { PHASES, type Actor, type Phase, type WorkshopState } from '../../shared/types.ts';
import {
  FACILITATOR,
  NOW,
  SCREEN,
  accept,
  action,
  attempt,
  deepFreeze,
  inPhase,
  makeCtx,
  makeWorkshop,
  outcome,
  participant,
  pieceOf,
  placedId,
  refuse,
  world,
  type ProtocolOnlyCode,
  type RuleCode,
  type World,
} from './fixtures.ts';

/** Codes only the protocol layer produces; every other code must come out of the rules or the server. */
const PROTOCOL_ONLY_CODES: readonly ProtocolOnlyCode[] = ['unknown-message', 'protocol-version', 'bad-message'];
/** Codes only the server produces (storage failures, removal, facilitator keys). */
const SERVER_ONLY_CODES = ['not-saved', 'kicked', 'wrong-key', 'rate-limited', 'seat-taken'] as const;
/** Client messages the room handles itself instead of passing them to the rules. */
const ROOM_MESSAGES = ['drag', 'drag-end', 'set-language', 'create-co-key', 'rotate-key'] as const;

const locked = (s: WorkshopState): WorkshopState => ({ ...s, locked: true });
const votingOpen = (s: WorkshopState, voting: Partial<WorkshopState['voting']> = {}): WorkshopState => ({ ...s, voting: { ...s.voting, open: true, ...voting } });
const withVotes = (s: WorkshopState, ...votes: [memberId: string, pieceId: string][]): WorkshopState => ({
  ...s,
  votes: [...s.votes, ...votes.map(([memberId, pieceId], i) => ({ id: `vote-${s.votes.length + i + 1}`, memberId, pieceId }))],
});
/** The world with `actor`'s party's sub-zone in area `index` filled to `count` pieces by the rules (blank pieces "Fyld 1", …). */
function filled(w: World, actor: Actor, index: number, count: number): WorkshopState {
  let s = w.s;
  const inZone = () => s.pieces.filter((p) => p.areaPartyId === w.s.parties[index]!.id && p.placedByPartyId === actor.partyId).length;
  for (let i = 1; inZone() < count; i++) s = accept(s, w.place('own-value', index, i % 12, { label: `Fyld ${i}` }), actor, w.ctx).state;
  return deepFreeze(s);
}
/** The state with `count` more pieces made by hand (not laid out: only counts matter), placed by the party `partyOf(i)`. */
const withPieces = (s: WorkshopState, count: number, partyOf: (i: number) => string): WorkshopState => ({
  ...s,
  pieces: [...s.pieces, ...Array.from({ length: count }, (_, i) => ({ ...s.pieces[0]!, id: `extra-${i}`, placedByPartyId: partyOf(i), areaPartyId: partyOf(i) }))],
});
/** One line in each list of the agreement: sv-1, oq-1 and ns-1 (owned by the first party). */
const withAgreement = (s: WorkshopState): WorkshopState => ({
  ...s,
  agreement: {
    sharedValues: [{ id: 'sv-1', text: 'Tillid' }],
    openQuestions: [{ id: 'oq-1', text: 'Hvem betaler?' }],
    nextSteps: [{ id: 'ns-1', text: 'Møde i maj', ownerPartyId: s.parties[0]!.id }],
  },
});

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
    expect(w.s.members.map((m) => `${m.id}:${m.role}:${m.partyId}`)).toEqual([
      'fac:facilitator:', 'screen:screen:', `a1:participant:${w.A.id}`, `a2:participant:${w.A.id}`, `b1:participant:${w.B.id}`, `c1:participant:${w.C.id}`,
    ]);
    // the four placings are the undo history; a1's last change is placing pOwn
    expect(w.s.history.map((h) => [h.type, h.memberId, h.pieceId, h.undone])).toEqual([
      ['place', 'a1', w.pA, false],
      ['place', 'b1', w.pB, false],
      ['place', 'a1', w.pHeld, false],
      ['place', 'a1', w.pOwn, false],
    ]);
    expect(w.s).toMatchObject({ locked: false, partnerView: true, voting: { open: false, dots: 3, shown: false }, votes: [] });
    expect(w.empty.members).toEqual([]);
    expect(w.empty.history).toEqual([]);
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
  ['screen moves', 'read-only', (w) => ({ state: w.s, actor: SCREEN, action: action('move', { pieceId: w.pA, ...w.to(0, 3) }) })],
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
  ['participant places for another party', 'not-your-party', (w) => ({ state: w.s, actor: w.a1, action: action('place', { kindId: 'network', ...w.to(2), forPartyId: w.B.id }) })],
  ["participant grabs another party's piece", 'not-your-party', (w) => ({ state: w.s, actor: w.b1, action: action('grab', { pieceId: w.pA }) })],
  ["participant grabs another party's piece lying in own area", 'not-your-party', (w) => ({ state: w.s, actor: w.b1, action: action('grab', { pieceId: w.pHeld }) })],
  ["participant moves another party's piece", 'not-your-party', (w) => ({ state: w.s, actor: w.b1, action: action('move', { pieceId: w.pA, ...w.to(0, 3) }) })],
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
  ['participant moves own piece in agreement', 'phase-closed', (w) => ({ state: inPhase(w.s, 'agreement'), actor: w.a1, action: action('move', { pieceId: w.pA, ...w.to(0, 3) }) })],
  ['participant edits own piece in agreement', 'phase-closed', (w) => ({ state: inPhase(w.s, 'agreement'), actor: w.a1, action: action('edit', { pieceId: w.pA, note: 'x' }) })],
  ['participant removes own piece in lobby', 'phase-closed', (w) => ({ state: inPhase(w.s, 'lobby'), actor: w.a1, action: action('remove', { pieceId: w.pA }) })],
  ['participant moves own piece into another area in dialogue', 'phase-closed', (w) => ({ state: inPhase(w.s, 'dialogue'), actor: w.a1, action: action('move', { pieceId: w.pA, ...w.to(2) }) })],
  ['participant moves own piece out of own area in own-value', 'phase-closed', (w) => ({ state: inPhase(w.s, 'own-value'), actor: w.a1, action: action('move', { pieceId: w.pA, ...w.to(1, 2) }) })],
  ['holder moves a piece into own area in partner-view', 'phase-closed', (w) => ({ state: inPhase(w.s, 'partner-view'), actor: w.a1, action: action('move', { pieceId: w.pHeld, ...w.to(0, 3) }) })],
  ['participant drags from the tray in the lobby', 'phase-closed', (w) => ({ state: inPhase(w.s, 'lobby'), actor: w.a1, drag: { kindId: 'residents' } })],
  ['participant drags from the tray in reveal', 'phase-closed', (w) => ({ state: inPhase(w.s, 'reveal'), actor: w.b1, drag: { kindId: 'residents' } })],

  // unknown-value-kind
  ['participant places a kind not in the deck', 'unknown-value-kind', (w) => ({ state: w.s, actor: w.a1, action: w.place('no-such-kind', 0, 2) })],
  ['facilitator places a kind not in the deck', 'unknown-value-kind', (w) => ({ state: w.s, actor: FACILITATOR, action: w.place('no-such-kind', 0, 2) })],
  ['drag of a kind not in the deck', 'unknown-value-kind', (w) => ({ state: w.s, actor: w.a1, drag: { kindId: 'no-such-kind' } })],

  // unknown-piece
  ['grab of a piece that does not exist', 'unknown-piece', (w) => ({ state: w.s, actor: w.a1, action: action('grab', { pieceId: 'ghost' }) })],
  ['release of a piece that does not exist', 'unknown-piece', (w) => ({ state: w.s, actor: w.a1, action: action('release', { pieceId: 'ghost' }) })],
  ['move of a piece that does not exist', 'unknown-piece', (w) => ({ state: w.s, actor: FACILITATOR, action: action('move', { pieceId: 'ghost', ...w.to(0) }) })],
  ['edit of a piece that does not exist', 'unknown-piece', (w) => ({ state: w.s, actor: w.a1, action: action('edit', { pieceId: 'ghost', note: 'x' }) })],
  ['remove of a piece that does not exist', 'unknown-piece', (w) => ({ state: w.s, actor: w.a1, action: action('remove', { pieceId: 'ghost' }) })],
  ['grab of a piece that was just removed', 'unknown-piece', (w) => ({
    state: accept(w.s, action('remove', { pieceId: w.pA }), w.a1, w.ctx).state,
    actor: w.a2,
    action: action('grab', { pieceId: w.pA }),
  })],
  ['drag of a piece that does not exist', 'unknown-piece', (w) => ({ state: w.s, actor: w.a1, drag: { pieceId: 'ghost' } })],

  // unknown-party
  ['facilitator places for a party that does not exist', 'unknown-party', (w) => ({ state: w.s, actor: FACILITATOR, action: action('place', { kindId: 'network', ...w.to(0, 2), forPartyId: 'ghost' }) })],
  ['participant of a party no longer in the workshop places', 'unknown-party', (w) => ({ state: w.s, actor: participant('x1', 'gone'), action: w.place('network', 0, 2) })],
  ['facilitator updates a party that does not exist', 'unknown-party', (w) => ({ state: w.s, actor: FACILITATOR, action: action('update-party', { partyId: 'ghost', name: 'X' }) })],
  ['facilitator removes a party that does not exist', 'unknown-party', (w) => ({ state: w.empty, actor: FACILITATOR, action: action('remove-party', { partyId: 'ghost' }) })],

  ['participant places in the area of a party that does not exist', 'unknown-party', (w) => ({ state: w.s, actor: w.a1, action: action('place', { kindId: 'network', areaPartyId: 'ghost' }) })],
  ['facilitator places in the area of a party that does not exist', 'unknown-party', (w) => ({ state: w.s, actor: FACILITATOR, action: action('place', { kindId: 'network', areaPartyId: 'ghost', forPartyId: w.A.id }) })],
  ['participant moves own piece into the area of a party that does not exist', 'unknown-party', (w) => ({ state: w.s, actor: w.a1, action: action('move', { pieceId: w.pA, areaPartyId: 'ghost' }) })],

  // outside-board: a drop point off the party areas
  ['participant places in the centre', 'outside-board', (w) => ({ state: w.s, actor: w.a1, action: action('place', { kindId: 'network', areaPartyId: w.A.id, near: CENTER }) })],
  ['participant places in a corner of the board square', 'outside-board', (w) => ({ state: w.s, actor: w.a1, action: action('place', { kindId: 'network', areaPartyId: w.A.id, near: { x: 5, y: 5 } }) })],
  ['participant places just beyond the outer rim', 'outside-board', (w) => ({ state: w.s, actor: w.a1, action: action('place', { kindId: 'network', areaPartyId: w.A.id, near: { x: 520, y: 9 } }) })],
  ['facilitator places in the centre', 'outside-board', (w) => ({ state: w.s, actor: FACILITATOR, action: action('place', { kindId: 'network', areaPartyId: w.B.id, near: CENTER }) })],
  ['participant moves own piece into the centre', 'outside-board', (w) => ({ state: w.s, actor: w.a1, action: action('move', { pieceId: w.pA, near: { x: 510, y: 490 } }) })],
  ['holder moves a piece off the board', 'outside-board', (w) => ({ state: w.s, actor: w.a1, action: action('move', { pieceId: w.pHeld, areaPartyId: w.B.id, near: { x: 1500, y: 500 } }) })],

  // area-full, party-full, board-full: the caps of PIECE_LIMITS, placed up to by the rules or built by hand
  ["participant places in its own sub-zone when it is full", 'area-full', (w) => ({ state: filled(w, w.a1, 0, subZoneCapacity(3, 0, 0)), actor: w.a2, action: w.place('own-value', 0, 0, { label: 'En til' }) })],
  ["participant places in a partner's area when its sub-zone there is full", 'area-full', (w) => ({ state: filled(w, w.a1, 2, subZoneCapacity(3, 2, 1)), actor: w.a1, action: w.place('own-value', 2, 0, { label: 'En til' }) })],
  ['facilitator places for a party whose sub-zone is full', 'area-full', (w) => ({ state: filled(w, w.a1, 0, subZoneCapacity(3, 0, 0)), actor: FACILITATOR, action: w.place('network', 0) })],
  ['participant moves a piece into an area where its sub-zone is full', 'area-full', (w) => ({ state: filled(w, w.a1, 2, subZoneCapacity(3, 2, 1)), actor: w.a1, action: action('move', { pieceId: w.pA, areaPartyId: w.C.id }) })],
  ['participant places past its party cap', 'party-full', (w) => ({ state: withPieces(w.s, PIECE_LIMITS.perParty - 3, () => w.A.id), actor: w.a1, action: w.place('network', 2) })],
  ['facilitator places for a party past its cap', 'party-full', (w) => ({ state: withPieces(w.s, PIECE_LIMITS.perParty - 3, () => w.A.id), actor: FACILITATOR, action: action('place', { kindId: 'network', areaPartyId: w.C.id, forPartyId: w.A.id }) })],
  ['participant places past the board cap', 'board-full', (w) => ({ state: withPieces(w.s, PIECE_LIMITS.perBoard - 4, (i) => `party-${10 + (i % 8)}`), actor: w.c1, action: w.place('network', 2) })],

  // piece-held-by-other
  ['party colleague grabs a piece someone holds', 'piece-held-by-other', (w) => ({ state: w.s, actor: w.a2, action: action('grab', { pieceId: w.pHeld }) })],
  ['party colleague moves a piece someone holds', 'piece-held-by-other', (w) => ({ state: w.s, actor: w.a2, action: action('move', { pieceId: w.pHeld, ...w.to(1, 3) }) })],
  ['party colleague removes a piece someone holds', 'piece-held-by-other', (w) => ({ state: w.s, actor: w.a2, action: action('remove', { pieceId: w.pHeld }) })],
  ['facilitator grabs a piece a participant holds', 'piece-held-by-other', (w) => ({ state: w.s, actor: FACILITATOR, action: action('grab', { pieceId: w.pHeld }) })],
  ['facilitator moves a piece a participant holds', 'piece-held-by-other', (w) => ({ state: w.s, actor: FACILITATOR, action: action('move', { pieceId: w.pHeld, ...w.to(2) }) })],
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
  ['facilitator places for A a kind A already has in that area', 'duplicate-piece', (w) => ({ state: w.s, actor: FACILITATOR, action: action('place', { kindId: 'residents', ...w.to(0, 3), forPartyId: w.A.id }) })],
  ['same party places a blank piece with the same name (case and spaces differ)', 'duplicate-piece', (w) => ({ state: w.s, actor: w.a1, action: w.place('own-value', 0, 3, { label: '  gLÆDE ' }) })],
  ['same party moves a piece into an area where that kind already lies', 'duplicate-piece', (w) => {
    const r = accept(w.s, w.place('residents', 1, 2), w.a1, w.ctx);
    return { state: r.state, actor: w.a1, action: action('move', { pieceId: placedId(r.events), ...w.to(0, 3) }) };
  }],
  ['same party moves a blank piece into an area with one of the same name', 'duplicate-piece', (w) => {
    const r = accept(w.s, w.place('own-value', 1, 2, { label: 'GLÆDE' }), w.a1, w.ctx);
    return { state: r.state, actor: w.a1, action: action('move', { pieceId: placedId(r.events), ...w.to(0, 3) }) };
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
  ['removing a party that owns a next step of the agreement', 'party-in-use', (w) => ({ state: withAgreement(w.empty), actor: FACILITATOR, action: action('remove-party', { partyId: w.A.id }) })],
  ['removing a party that has a member, even one who left', 'party-in-use', (w) => ({
    state: { ...w.empty, members: [{ id: 'b9', name: 'Bo', role: 'participant', partyId: w.B.id, connected: false, language: 'en' }] },
    actor: FACILITATOR,
    action: action('remove-party', { partyId: w.B.id }),
  })],

  // board-not-empty: adding or removing an area re-cuts the board under placed pieces
  ['facilitator adds a party while pieces lie on the board', 'board-not-empty', (w) => ({ state: w.s, actor: FACILITATOR, action: action('add-party', { name: 'Jobcentret' }) })],
  ['facilitator removes a party while pieces lie on the board', 'board-not-empty', (w) => ({ state: w.s, actor: FACILITATOR, action: action('remove-party', { partyId: w.C.id }) })],
  ['facilitator removes a party while one piece lies in another area', 'board-not-empty', (w) => ({
    state: accept(w.empty, w.place('network', 0), w.a1, makeCtx()).state,
    actor: FACILITATOR,
    action: action('remove-party', { partyId: w.C.id }),
  })],

  // too-few-parties
  ['removing one of only two parties', 'too-few-parties', () => {
    const two = makeWorkshop(['Kommunen', 'Skolen']);
    return { state: two, actor: FACILITATOR, action: action('remove-party', { partyId: two.parties[1]!.id }) };
  }],

  // board-locked: participants may not change a locked board
  ['participant places on a locked board', 'board-locked', (w) => ({ state: locked(w.s), actor: w.a1, action: w.place('network', 0, 2) })],
  ['participant grabs own piece on a locked board', 'board-locked', (w) => ({ state: locked(w.s), actor: w.a1, action: action('grab', { pieceId: w.pA }) })],
  ['participant moves own piece on a locked board', 'board-locked', (w) => ({ state: locked(w.s), actor: w.a1, action: action('move', { pieceId: w.pA, ...w.to(0, 3) }) })],
  ['participant edits own piece on a locked board', 'board-locked', (w) => ({ state: locked(w.s), actor: w.a1, action: action('edit', { pieceId: w.pA, note: 'x' }) })],
  ['participant removes own piece on a locked board', 'board-locked', (w) => ({ state: locked(w.s), actor: w.a1, action: action('remove', { pieceId: w.pA }) })],
  ['participant votes on a locked board', 'board-locked', (w) => ({ state: votingOpen(locked(w.s)), actor: w.b1, action: action('vote', { pieceId: w.pA }) })],
  ['participant takes a dot back on a locked board', 'board-locked', (w) => ({ state: votingOpen(locked(withVotes(w.s, ['b1', w.pA]))), actor: w.b1, action: action('unvote', { pieceId: w.pA }) })],
  ['participant drags from the tray on a locked board', 'board-locked', (w) => ({ state: locked(w.s), actor: w.a1, drag: { kindId: 'residents' } })],
  ['participant drags from the tray on a locked board in a phase without placing', 'board-locked', (w) => ({ state: locked(inPhase(w.s, 'reveal')), actor: w.a1, drag: { kindId: 'residents' } })],
  ['participant undoes own change on a locked board', 'board-locked', (w) => ({ state: locked(w.s), actor: w.a1, action: action('undo', {}) })],
  ['participant places once the agreement phase has locked the board', 'board-locked', (w) => ({
    state: accept(w.s, action('set-phase', { phase: 'agreement' }), FACILITATOR, w.ctx).state,
    actor: w.a1,
    action: w.place('network', 0, 2),
  })],

  // voting-closed
  ['participant votes while voting is closed', 'voting-closed', (w) => ({ state: w.s, actor: w.b1, action: action('vote', { pieceId: w.pA }) })],
  ['participant takes a dot back after voting closed', 'voting-closed', (w) => ({ state: withVotes(w.s, ['b1', w.pA]), actor: w.b1, action: action('unvote', { pieceId: w.pA }) })],

  // no-dots-left
  ['participant votes a fourth time with three dots', 'no-dots-left', (w) => ({
    state: votingOpen(withVotes(w.s, ['b1', w.pA], ['b1', w.pA], ['b1', w.pOwn])),
    actor: w.b1,
    action: action('vote', { pieceId: w.pB }),
  })],
  ['participant votes again with one dot', 'no-dots-left', (w) => ({ state: votingOpen(withVotes(w.s, ['b1', w.pA]), { dots: 1 }), actor: w.b1, action: action('vote', { pieceId: w.pB }) })],

  // not-a-voter: only participants vote
  ['facilitator votes', 'not-a-voter', (w) => ({ state: votingOpen(w.s), actor: FACILITATOR, action: action('vote', { pieceId: w.pA }) })],
  ['facilitator takes a dot back', 'not-a-voter', (w) => ({ state: votingOpen(withVotes(w.s, ['b1', w.pA])), actor: FACILITATOR, action: action('unvote', { pieceId: w.pA }) })],
  ['facilitator votes while voting is closed (the role is checked first)', 'not-a-voter', (w) => ({ state: w.s, actor: FACILITATOR, action: action('vote', { pieceId: w.pA }) })],
  ['facilitator takes a dot back from a piece without dots', 'not-a-voter', (w) => ({ state: votingOpen(w.s), actor: FACILITATOR, action: action('unvote', { pieceId: w.pB }) })],

  // no-vote-here
  ['participant takes back a dot from a piece without one of theirs', 'no-vote-here', (w) => ({
    state: votingOpen(withVotes(w.s, ['b1', w.pA], ['a1', w.pB])),
    actor: w.a1,
    action: action('unvote', { pieceId: w.pA }),
  })],
  ["participant takes back a party colleague's dot", 'no-vote-here', (w) => ({ state: votingOpen(withVotes(w.s, ['a1', w.pB])), actor: w.a2, action: action('unvote', { pieceId: w.pB }) })],

  // nothing-to-undo
  ['participant who changed nothing undoes', 'nothing-to-undo', (w) => ({ state: w.s, actor: w.c1, action: action('undo', {}) })],
  ["participant undoes where only a party colleague changed something", 'nothing-to-undo', (w) => ({
    state: accept(w.empty, w.place('network', 0), w.a1, makeCtx()).state,
    actor: w.a2,
    action: action('undo', {}),
  })],
  ['facilitator undoes on a fresh board', 'nothing-to-undo', (w) => ({ state: w.empty, actor: FACILITATOR, action: action('undo', {}) })],
  ['participant undoes when the facilitator already undid their only change', 'nothing-to-undo', (w) => {
    const ctx = makeCtx();
    const s = accept(w.empty, w.place('network', 1), w.b1, ctx).state;
    return { state: accept(s, action('undo', {}), FACILITATOR, ctx).state, actor: w.b1, action: action('undo', {}) };
  }],

  // undo-conflict
  ['participant undoes placing a piece a colleague has edited since', 'undo-conflict', (w) => ({
    state: accept(w.s, action('edit', { pieceId: w.pOwn, note: 'mere' }), w.a2, w.ctx).state,
    actor: w.a1,
    action: action('undo', {}),
  })],
  ['participant undoes placing a piece the facilitator removed since', 'undo-conflict', (w) => ({
    state: accept(w.s, action('remove', { pieceId: w.pOwn }), FACILITATOR, w.ctx).state,
    actor: w.a1,
    action: action('undo', {}),
  })],
  ['undoing a removal when the same value was placed there again', 'undo-conflict', (w) => {
    let s = accept(w.s, action('remove', { pieceId: w.pA }), w.a1, w.ctx).state;
    s = accept(s, w.place('residents', 0, 4), w.a2, w.ctx).state;
    return { state: s, actor: w.a1, action: action('undo', {}) };
  }],

  ['undoing a move back into an area where the same value now lies', 'undo-conflict', (w) => {
    let s = accept(w.s, action('move', { pieceId: w.pA, ...w.to(2, 4) }), w.a1, w.ctx).state;
    s = accept(s, w.place('residents', 0, 4), w.a2, w.ctx).state;
    return { state: s, actor: w.a1, action: action('undo', {}) };
  }],
  ['undoing a rename back to a name a sibling now has', 'undo-conflict', (w) => {
    let s = accept(w.s, action('edit', { pieceId: w.pOwn, label: 'Stolthed' }), w.a1, w.ctx).state;
    s = accept(s, w.place('own-value', 0, 4, { label: 'glæde' }), w.a2, w.ctx).state;
    return { state: s, actor: w.a1, action: action('undo', {}) };
  }],

  // piece-held-by-other (undo)
  ['participant undoes a change to a piece a colleague now holds', 'piece-held-by-other', (w) => ({
    state: accept(w.s, action('grab', { pieceId: w.pOwn }), w.a2, w.ctx).state,
    actor: w.a1,
    action: action('undo', {}),
  })],

  // unknown-member
  ['facilitator kicks a member who does not exist', 'unknown-member', (w) => ({ state: w.s, actor: FACILITATOR, action: action('kick', { memberId: 'ghost' }) })],
  ['facilitator kicks the shared screen', 'unknown-member', (w) => ({ state: w.s, actor: FACILITATOR, action: action('kick', { memberId: 'screen' }) })],
  ['facilitator kicks the facilitator', 'unknown-member', (w) => ({ state: w.s, actor: FACILITATOR, action: action('kick', { memberId: 'fac' }) })],
  ['facilitator lets in someone who is not waiting', 'unknown-member', (w) => ({ state: w.s, actor: FACILITATOR, action: action('admit', { memberId: 'c1' }) })],

  // unknown-category
  ['facilitator adds a kind to a category not in the deck', 'unknown-category', (w) => ({ state: w.s, actor: FACILITATOR, action: action('add-kind', { label: 'Arbejdsglæde', category: 'ghost' }) })],
  ['facilitator adds a kind to a category of another deck', 'unknown-category', (w) => ({ state: w.s, actor: FACILITATOR, action: action('add-kind', { label: 'Tillid', category: 'trust' }) })],

  // unknown-item
  ['facilitator updates an agreement line that does not exist', 'unknown-item', (w) => ({ state: withAgreement(w.s), actor: FACILITATOR, action: action('agreement-update', { list: 'sharedValues', itemId: 'ghost', text: 'x' }) })],
  ['facilitator updates an agreement line named in the wrong list', 'unknown-item', (w) => ({ state: withAgreement(w.s), actor: FACILITATOR, action: action('agreement-update', { list: 'openQuestions', itemId: 'sv-1', text: 'x' }) })],
  ['facilitator removes an agreement line that does not exist', 'unknown-item', (w) => ({ state: withAgreement(w.s), actor: FACILITATOR, action: action('agreement-remove', { list: 'nextSteps', itemId: 'ghost' }) })],
  ['facilitator removes an agreement line named in the wrong list', 'unknown-item', (w) => ({ state: withAgreement(w.s), actor: FACILITATOR, action: action('agreement-remove', { list: 'sharedValues', itemId: 'ns-1' }) })],

  // unknown-party (agreement and spotlight)
  ['a next step without an owner', 'unknown-party', (w) => ({ state: w.s, actor: FACILITATOR, action: action('agreement-add', { list: 'nextSteps', text: 'Møde i maj' }) })],
  ['a next step owned by a party that does not exist', 'unknown-party', (w) => ({ state: w.s, actor: FACILITATOR, action: action('agreement-add', { list: 'nextSteps', text: 'Møde i maj', ownerPartyId: 'ghost' }) })],
  ['a next step handed to a party that does not exist', 'unknown-party', (w) => ({ state: withAgreement(w.s), actor: FACILITATOR, action: action('agreement-update', { list: 'nextSteps', itemId: 'ns-1', ownerPartyId: 'ghost' }) })],
  ['an owner given to a shared value', 'unknown-party', (w) => ({ state: withAgreement(w.s), actor: FACILITATOR, action: action('agreement-update', { list: 'sharedValues', itemId: 'sv-1', ownerPartyId: w.A.id }) })],
  ['spotlight on a party that does not exist', 'unknown-party', (w) => ({ state: w.s, actor: FACILITATOR, action: action('spotlight', { kind: 'party', id: 'ghost' }) })],
  ['spotlight on a party without an id', 'unknown-party', (w) => ({ state: w.s, actor: FACILITATOR, action: action('spotlight', { kind: 'party', id: '' }) })],

  // unknown-piece (spotlight and votes)
  ['spotlight on a piece that does not exist', 'unknown-piece', (w) => ({ state: w.s, actor: FACILITATOR, action: action('spotlight', { kind: 'piece', id: 'ghost' }) })],
  ['spotlight on a party id as a piece', 'unknown-piece', (w) => ({ state: w.s, actor: FACILITATOR, action: action('spotlight', { kind: 'piece', id: w.A.id }) })],
  ['vote on a piece that does not exist', 'unknown-piece', (w) => ({ state: votingOpen(w.s), actor: w.b1, action: action('vote', { pieceId: 'ghost' }) })],
  ["vote in own-value on another party's piece (hidden)", 'unknown-piece', (w) => ({ state: votingOpen(inPhase(w.s, 'own-value')), actor: w.b1, action: action('vote', { pieceId: w.pA }) })],

  // phase-closed (phases and undo)
  ['moving to partner-view when the workshop has none', 'phase-closed', (w) => ({ state: { ...w.s, partnerView: false }, actor: FACILITATOR, action: action('set-phase', { phase: 'partner-view' }) })],
  ['participant undoes placing a piece in reveal', 'phase-closed', (w) => ({ state: inPhase(w.s, 'reveal'), actor: w.a1, action: action('undo', {}) })],

  // read-only (votes and undo)
  ['screen votes', 'read-only', (w) => ({ state: votingOpen(w.s), actor: SCREEN, action: action('vote', { pieceId: w.pA }) })],
  ['screen takes a dot back', 'read-only', (w) => ({ state: votingOpen(withVotes(w.s, ['screen', w.pA])), actor: SCREEN, action: action('unvote', { pieceId: w.pA }) })],
  ['screen undoes', 'read-only', (w) => ({ state: w.s, actor: SCREEN, action: action('undo', {}) })],

  // timer-not-set
  ['facilitator starts a timer that has no length', 'timer-not-set', (w) => ({ state: w.s, actor: FACILITATOR, action: action('timer', { op: 'start' }) })],
  ['facilitator starts a timer reset to no length', 'timer-not-set', (w) => ({
    state: accept(w.s, action('timer', { op: 'reset' }), FACILITATOR, w.ctx).state,
    actor: FACILITATOR,
    action: action('timer', { op: 'start' }),
  })],

  // hidden-in-phase: nothing that names a piece to everyone while the parties' pieces are hidden
  ['spotlight on a piece in own-value', 'hidden-in-phase', (w) => ({ state: inPhase(w.s, 'own-value'), actor: FACILITATOR, action: action('spotlight', { kind: 'piece', id: w.pA }) })],
  ['showing the dot-vote in partner-view', 'hidden-in-phase', (w) => ({ state: votingOpen(inPhase(w.s, 'partner-view')), actor: FACILITATOR, action: action('voting', { shown: true }) })],

  // too-many-kinds
  ['a custom value kind past the cap', 'too-many-kinds', (w) => ({
    state: { ...w.s, kinds: [...w.s.kinds, ...Array.from({ length: WORKSHOP_CAPS.customKinds }, (_, i) => ({ ...w.s.kinds[0]!, id: `custom-${i}` }))] },
    actor: FACILITATOR,
    action: action('add-kind', { label: 'En til', category: w.s.categories[0]!.id }),
  })],

  // workshop-too-large: the backstop behind every other cap, on every move that adds text or things
  ['an agreement line on a workshop as large as it may get', 'workshop-too-large', (w) => ({ state: { ...w.s, focus: 'x'.repeat(WORKSHOP_CAPS.stateChars) }, actor: FACILITATOR, action: action('agreement-add', { list: 'sharedValues', text: 'Tillid' }) })],
  ['a note on a workshop as large as it may get', 'workshop-too-large', (w) => ({ state: { ...w.s, focus: 'x'.repeat(WORKSHOP_CAPS.stateChars) }, actor: w.a1, action: action('edit', { pieceId: w.pOwn, note: 'mere' }) })],

  // awaiting-approval: someone the facilitator has not let in yet does nothing
  ['a participant still waiting to be let in undoes', 'awaiting-approval', (w) => ({ state: { ...w.s, waiting: ['a1'] }, actor: w.a1, action: action('undo', {}) })],
  ['a participant still waiting votes', 'awaiting-approval', (w) => ({ state: votingOpen({ ...w.s, waiting: ['b1'] }), actor: w.b1, action: action('vote', { pieceId: w.pA }) })],
  ['a participant still waiting drags from the tray', 'awaiting-approval', (w) => ({ state: { ...w.s, waiting: ['a1'] }, actor: w.a1, drag: { kindId: 'residents' } })],
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
    // the rules' source: the dispatcher and every file of the table of moves
    const movesDir = new URL('../../shared/moves/', import.meta.url);
    const source = [new URL('../../shared/rules.ts', import.meta.url), ...readdirSync(movesDir).filter((f) => f.endsWith('.ts')).map((f) => new URL(f, movesDir))]
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const inSource = new Set(
      [...source.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]!).filter((s) => (REJECTION_CODES as readonly string[]).includes(s)),
    );
    const tested = new Set(refusals.map(([, code]) => code));
    expect([...tested].sort()).toEqual([...inSource].sort());
    // the brief's list of rule codes: a code dropped from the rules would fail here, not pass silently
    expect([...tested].sort()).toEqual(
      [
        'read-only', 'facilitator-only', 'not-your-party', 'phase-closed', 'unknown-value-kind', 'unknown-piece', 'unknown-party',
        'outside-board', 'area-full', 'party-full', 'board-full', 'piece-held-by-other', 'not-holding', 'duplicate-piece', 'label-required', 'color-taken',
        'short-name-taken', 'too-many-parties', 'party-in-use', 'board-locked', 'voting-closed', 'no-dots-left', 'no-vote-here',
        'nothing-to-undo', 'undo-conflict', 'unknown-member', 'unknown-category', 'unknown-item', 'board-not-empty', 'too-few-parties',
        'timer-not-set', 'not-a-voter', 'hidden-in-phase', 'too-many-kinds', 'workshop-too-large', 'awaiting-approval',
      ].sort(),
    );
    // codes only the protocol layer or the server produce are never a rule's answer
    for (const code of [...PROTOCOL_ONLY_CODES, ...SERVER_ONLY_CODES]) {
      expect(tested.has(code as RuleCode), code).toBe(false);
      expect(inSource.has(code), code).toBe(false);
    }
    // every rejection code is produced somewhere: by the rules, the parser or the server
    expect(REJECTION_CODES.filter((c) => !inSource.has(c)).sort()).toEqual([...PROTOCOL_ONLY_CODES, ...SERVER_ONLY_CODES].sort());
  });

  it('has a schema for every action type', () => {
    for (const type of ACTION_TYPES) expect(Object.hasOwn(clientMessages, type), type).toBe(true);
  });
});

// ---- who may take which action -----------------------------------------------------------------

type Sample = (w: World) => { state: WorkshopState; action: Action };

/** One action per facilitator-only type that the facilitator may take on the given state. */
const FACILITATOR_SAMPLES: Partial<Record<Action['type'], Sample>> = {
  'set-approval': (w) => ({ state: w.s, action: action('set-approval', { approveJoins: true }) }),
  admit: (w) => ({ state: { ...w.s, members: [...w.s.members, { ...w.s.members.find((m) => m.id === 'c1')!, id: 'newcomer' }], waiting: ['newcomer'] }, action: action('admit', { memberId: 'newcomer' }) }),
  'update-workshop': (w) => ({ state: w.s, action: action('update-workshop', { title: 'Ny titel', partnerView: false, maxParticipants: 12 }) }),
  'update-party': (w) => ({ state: w.s, action: action('update-party', { partyId: w.B.id, name: 'Skolen på Bakken' }) }),
  'add-party': (w) => ({ state: w.empty, action: action('add-party', { name: 'Jobcentret' }) }),
  'remove-party': (w) => ({ state: w.empty, action: action('remove-party', { partyId: w.C.id }) }),
  'set-phase': (w) => ({ state: w.s, action: action('set-phase', { phase: 'reveal' }) }),
  'set-open': (w) => ({ state: w.s, action: action('set-open', { open: false }) }),
  kick: (w) => ({ state: w.s, action: action('kick', { memberId: 'c1' }) }),
  lock: (w) => ({ state: w.s, action: action('lock', { locked: true }) }),
  spotlight: (w) => ({ state: w.s, action: action('spotlight', { kind: 'piece', id: w.pA }) }),
  voting: (w) => ({ state: w.s, action: action('voting', { open: true }) }),
  timer: (w) => ({ state: w.s, action: action('timer', { op: 'reset', seconds: 60 }) }),
  'agreement-add': (w) => ({ state: w.s, action: action('agreement-add', { list: 'sharedValues', text: 'Tillid' }) }),
  'agreement-update': (w) => ({ state: withAgreement(w.s), action: action('agreement-update', { list: 'sharedValues', itemId: 'sv-1', text: 'Gensidig tillid' }) }),
  'agreement-remove': (w) => ({ state: withAgreement(w.s), action: action('agreement-remove', { list: 'openQuestions', itemId: 'oq-1' }) }),
  'add-kind': (w) => ({ state: w.s, action: action('add-kind', { label: 'Arbejdsglæde', category: 'people' }) }),
};

/** One action per remaining type that participant a1 may take on the given state. */
const PARTICIPANT_SAMPLES: Partial<Record<Action['type'], Sample>> = {
  place: (w) => ({ state: w.s, action: w.place('network', 0, 2) }),
  grab: (w) => ({ state: w.s, action: action('grab', { pieceId: w.pA }) }),
  release: (w) => ({ state: w.s, action: action('release', { pieceId: w.pHeld }) }),
  move: (w) => ({ state: w.s, action: action('move', { pieceId: w.pA, ...w.to(0, 3) }) }),
  edit: (w) => ({ state: w.s, action: action('edit', { pieceId: w.pA, note: 'mere tid' }) }),
  remove: (w) => ({ state: w.s, action: action('remove', { pieceId: w.pA }) }),
  vote: (w) => ({ state: votingOpen(w.s), action: action('vote', { pieceId: w.pB }) }),
  unvote: (w) => ({ state: votingOpen(withVotes(w.s, ['a1', w.pB])), action: action('unvote', { pieceId: w.pB }) }),
  undo: (w) => ({ state: w.s, action: action('undo', {}) }),
};

describe('roles', () => {
  it('FACILITATOR_ACTIONS are the ones the product brief reserves for the facilitator', () => {
    expect([...FACILITATOR_ACTIONS].sort()).toEqual(
      [
        'update-workshop', 'update-party', 'add-party', 'remove-party', 'set-phase', 'set-open', 'kick', 'lock', 'spotlight',
        'voting', 'timer', 'agreement-add', 'agreement-update', 'agreement-remove', 'add-kind', 'set-approval', 'admit',
      ].sort(),
    );
    for (const type of FACILITATOR_ACTIONS) expect(ACTION_TYPES.has(type), type).toBe(true);
  });

  it('ACTION_TYPES are every client message but those the room handles itself', () => {
    expect([...ACTION_TYPES, ...ROOM_MESSAGES].sort()).toEqual(Object.keys(clientMessages).sort());
    for (const type of ROOM_MESSAGES) expect(ACTION_TYPES.has(type), type).toBe(false);
  });

  it('has a sample for exactly the facilitator actions and one for every other action', () => {
    expect(Object.keys(FACILITATOR_SAMPLES).sort()).toEqual([...FACILITATOR_ACTIONS].sort());
    expect(Object.keys(PARTICIPANT_SAMPLES).sort()).toEqual([...ACTION_TYPES].filter((t) => !FACILITATOR_ACTIONS.has(t)).sort());
  });

  // iterating the set: a new facilitator action without a sample fails here
  it.each([...FACILITATOR_ACTIONS])('%s: facilitator-only for participants, read-only for the screen, accepted for the facilitator', (type) => {
    const sample = FACILITATOR_SAMPLES[type as Action['type']];
    expect(sample, `no test case for the facilitator action ${type}`).toBeDefined();
    const w = world();
    const { state, action: a } = sample!(w);
    expect(a.type).toBe(type);
    for (const actor of [w.a1, w.b1, w.c1]) refuse(state, a, actor, w.ctx, 'facilitator-only');
    refuse(locked(state), a, w.a1, w.ctx, 'facilitator-only');
    refuse(state, a, SCREEN, w.ctx, 'read-only');
    expect(outcome(attempt(state, a, FACILITATOR, makeCtx())), type).toBe('ok');
  });

  it.each([...ACTION_TYPES].filter((t) => !FACILITATOR_ACTIONS.has(t)))('%s: accepted for a participant, read-only for the screen', (type) => {
    const sample = PARTICIPANT_SAMPLES[type as Action['type']];
    expect(sample, `no test case for the action ${type}`).toBeDefined();
    const w = world();
    const { state, action: a } = sample!(w);
    expect(a.type).toBe(type);
    expect(outcome(attempt(state, a, w.a1, w.ctx)), type).toBe('ok');
    refuse(state, a, SCREEN, w.ctx, 'read-only');
  });
});

// ---- placing -----------------------------------------------------------------------------------

describe('place', () => {
  it.each([0, 1, 2])('a participant places in area %i in the open phase', (index) => {
    const w = world();
    const ctx = makeCtx();
    const r = accept(w.empty, action('place', { kindId: 'network', ...w.to(index, 2), note: '  fewer evictions ', importance: 3 }), w.a1, ctx);
    const placed = r.state.pieces[0]!;
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
        // the layout's slot, at the largest size of its sub-zone (A's own, or A's in a partner's area)
        x: placed.x,
        y: placed.y,
        scale: subZoneSizes(3, index, index === 0 ? 0 : 1)[0]!.scale,
        note: 'fewer evictions',
        importance: 3,
        heldBy: '',
        placedAt: NOW,
      },
    ]);
    // nothing but the pieces and the undo history changed
    expect({ ...r.state, pieces: [], history: [] }).toEqual(w.empty);
    expect(boxInArea(3, index, pieceBox(placed))).toBe(true);
    expect(r.state.history).toEqual([
      { id: 'id-2', memberId: 'a1', partyId: w.A.id, type: 'place', pieceId: 'id-1', before: null, after: r.state.pieces[0], undone: false },
    ]);
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
    const r = accept(w.empty, action('place', { kindId: 'network', ...w.to(1), forPartyId: w.A.id }), w.a1, makeCtx());
    expect(r.state.pieces[0]).toMatchObject({ placedByPartyId: w.A.id, areaPartyId: w.B.id, byFacilitator: false });
  });

  it('lets the facilitator place on behalf of a party in any area', () => {
    const w = world();
    const r = accept(w.empty, action('place', { kindId: 'economy', ...w.to(2), forPartyId: w.B.id }), FACILITATOR, makeCtx());
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
        action('move', { pieceId: w.pA, ...w.to(0, 3) }),
        action('move', { pieceId: w.pHeld, ...w.to(1, 3) }),
        action('remove', { pieceId: w.pA }),
      ];
      for (const a of attempts) expectOutcome(attempt(s, a, w.a1, w.ctx), allowed.editing);
    });

    it('the facilitator may still grab, move across areas, edit and remove', () => {
      const w = world();
      const s = inPhase(w.s, phase);
      for (const a of [
        action('grab', { pieceId: w.pA }),
        action('move', { pieceId: w.pA, ...w.to(2, 3) }),
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
      [w.a2, action('move', { pieceId: w.pA, ...w.to(0, 3) }), 'piece-held-by-other', 'a1'],
      [w.a2, action('remove', { pieceId: w.pA }), 'piece-held-by-other', 'a1'],
      [w.a2, action('release', { pieceId: w.pA }), 'not-holding', 'a1'],
      [w.b1, action('grab', { pieceId: w.pA }), 'not-your-party', 'a1'],
      [FACILITATOR, action('grab', { pieceId: w.pA }), 'piece-held-by-other', 'a1'],
      [w.a1, action('move', { pieceId: w.pA, ...w.to(0, 3) }), 'ok', ''], // a drop releases
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

  it('moves a piece within its area: to the free slot nearest the drop, same area', () => {
    const w = world();
    // A's sub-zone in B's area holds only pHeld: the drop lands near its slot farthest from pHeld
    const from = pieceOf(w.s, w.pHeld);
    const slots = subZoneSizes(3, 1, 1).find((size) => size.scale === from.scale)!.slots;
    const to = slots.reduce((far, slot) => (Math.hypot(slot.x - from.x, slot.y - from.y) > Math.hypot(far.x - from.x, far.y - from.y) ? slot : far));
    expect(Math.hypot(to.x - from.x, to.y - from.y)).toBeGreaterThan(0);
    const r = accept(w.s, action('move', { pieceId: w.pHeld, areaPartyId: w.B.id, near: { x: to.x + 3, y: to.y - 2 } }), w.a1, w.ctx);
    expect(r.events).toEqual([{ type: 'piece-moved', pieceId: w.pHeld }]);
    expect(pieceOf(r.state, w.pHeld)).toEqual({ ...from, heldBy: '', x: to.x, y: to.y });
  });

  it('a move without a point keeps the piece where it lies and releases it', () => {
    const w = world();
    const r = accept(w.s, action('move', { pieceId: w.pHeld }), w.a1, w.ctx);
    expect(pieceOf(r.state, w.pHeld)).toEqual({ ...pieceOf(w.s, w.pHeld), heldBy: '' });
  });

  it.each([
    ['B', 1],
    ['C', 2],
  ] as const)('moving a piece into area %s updates areaPartyId but not who placed it', (_name, index) => {
    const w = world();
    const r = accept(w.s, action('move', { pieceId: w.pA, ...w.to(index, 2) }), w.a1, w.ctx);
    const moved = pieceOf(r.state, w.pA);
    expect(moved).toMatchObject({ areaPartyId: w.s.parties[index]!.id, placedByPartyId: w.A.id });
    expect(boxInArea(3, index, pieceBox(moved))).toBe(true);
  });

  it('moving a held piece to another area releases it there', () => {
    const w = world();
    const r = accept(w.s, action('move', { pieceId: w.pHeld, ...w.to(2, 1) }), w.a1, w.ctx);
    expect(pieceOf(r.state, w.pHeld)).toMatchObject({ heldBy: '', areaPartyId: w.C.id });
  });

  it('a blank piece may be moved back onto its own area (it is no duplicate of itself)', () => {
    const w = world();
    const r = accept(w.s, action('move', { pieceId: w.pOwn, ...w.to(0, 3) }), w.a1, w.ctx);
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
      [FACILITATOR, action('place', { kindId: 'residents', ...w.to(0, 4), forPartyId: w.B.id }), 'duplicate-piece'],
      [FACILITATOR, action('place', { kindId: 'residents', ...w.to(0, 4), forPartyId: w.C.id }), 'ok'],
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

  it('takes the spotlight off the removed piece', () => {
    const w = world();
    const s = { ...w.s, spotlight: { kind: 'piece' as const, id: w.pA } };
    const r = accept(s, action('remove', { pieceId: w.pA }), w.a1, w.ctx);
    expect(r.state.spotlight).toEqual({ kind: 'none', id: '' });
    expect(r.state).toEqual({ ...s, pieces: s.pieces.filter((p) => p.id !== w.pA), spotlight: { kind: 'none', id: '' }, history: r.state.history });
  });

  it.each([
    ['another piece', (w: World) => ({ kind: 'piece' as const, id: w.pB })],
    ['the party of the piece', (w: World) => ({ kind: 'party' as const, id: w.A.id })],
    ['nothing', () => ({ kind: 'none' as const, id: '' })],
  ])('leaves a spotlight on %s alone', (_name, spotlight) => {
    const w = world();
    const s = { ...w.s, spotlight: spotlight(w) };
    expect(accept(s, action('remove', { pieceId: w.pA }), FACILITATOR, w.ctx).state.spotlight).toEqual(spotlight(w));
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
    ['the partner-view phase off', { partnerView: false }, { partnerView: false }],
    ['the partner-view phase on again', { partnerView: true }, {}],
    ['the most participants', { maxParticipants: 12 }, { maxParticipants: 12 }],
    ['how long the workshop is kept', { retentionMonths: 3 }, { retentionMonths: 3 }],
    ['several fields at once', { title: 'T', partnerView: false, maxParticipants: 200 }, { title: 'T', partnerView: false, maxParticipants: 200 }],
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

  it.each([
    ['an unknown party on a board with pieces', 'ghost', 'with pieces', 'unknown-party'],
    ['one of two parties on a board with pieces', 'party-2', 'two with pieces', 'too-few-parties'],
    ['a joined party on a board with pieces', 'party-1', 'with pieces', 'board-not-empty'],
  ] as const)('checks in order: %s → %s', (_name, partyId, board, code) => {
    const w = world();
    const two = makeWorkshop(['Kommunen', 'Skolen']);
    const state = board === 'with pieces' ? w.s : accept(two, action('place', { kindId: 'network', areaPartyId: two.parties[0]!.id, near: { x: 500, y: 200 } }), FACILITATOR, makeCtx()).state;
    refuse(state, action('remove-party', { partyId }), FACILITATOR, makeCtx(), code);
  });

  it('takes the spotlight off the removed party', () => {
    const w = world();
    const s = { ...w.empty, spotlight: { kind: 'party' as const, id: w.C.id } };
    const r = accept(s, action('remove-party', { partyId: w.C.id }), FACILITATOR, makeCtx());
    expect(r.state).toEqual({ ...s, parties: [w.A, w.B], spotlight: { kind: 'none', id: '' } });
  });

  it('leaves a spotlight on another party alone', () => {
    const w = world();
    const s = { ...w.empty, spotlight: { kind: 'party' as const, id: w.B.id } };
    expect(accept(s, action('remove-party', { partyId: w.C.id }), FACILITATOR, makeCtx()).state.spotlight).toEqual({ kind: 'party', id: w.B.id });
  });

  it('refuses a party that owns a next step until the step is handed to another party', () => {
    const w = world();
    const s = withAgreement(w.empty); // ns-1 is owned by A
    refuse(s, action('remove-party', { partyId: w.A.id }), FACILITATOR, makeCtx(), 'party-in-use');
    // lines of the other lists and next steps of other parties do not hold a party
    expect(outcome(attempt(s, action('remove-party', { partyId: w.C.id }), FACILITATOR, makeCtx()))).toBe('ok');
    const handed = accept(s, action('agreement-update', { list: 'nextSteps', itemId: 'ns-1', ownerPartyId: w.B.id }), FACILITATOR, makeCtx()).state;
    expect(outcome(attempt(handed, action('remove-party', { partyId: w.A.id }), FACILITATOR, makeCtx()))).toBe('ok');
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

// ---- running the workshop ------------------------------------------------------------------------

describe('set-open and lock', () => {
  it.each([
    ['closes the workshop to new joins', action('set-open', { open: false }), { open: false }],
    ['opens it again', action('set-open', { open: true }), { open: true }],
    ['unlocks it, leaving every hold alone', action('lock', { locked: false }), { locked: false }],
  ])('%s', (_name, a, change) => {
    const w = world();
    const r = accept(w.s, a, FACILITATOR, w.ctx);
    expect(r.events).toEqual([{ type: 'changed' }]);
    expect(r.state).toEqual({ ...w.s, ...change });
  });

  it("locks the board and takes every piece out of participants' hands, where it lies", () => {
    const w = world();
    // b1 holds pB as well as a1 holding pHeld
    const s = accept(w.s, action('grab', { pieceId: w.pB }), w.b1, w.ctx).state;
    const r = accept(s, action('lock', { locked: true }), FACILITATOR, w.ctx);
    expect(r.events).toEqual([{ type: 'changed' }]);
    expect(r.state).toEqual({ ...s, locked: true, pieces: s.pieces.map((p) => ({ ...p, heldBy: '' })) });
    // nobody holds anything any more: the holders may neither drag nor release
    expect(checkDrag(r.state, { pieceId: w.pHeld }, w.a1)).toBe('not-holding');
    refuse(r.state, action('release', { pieceId: w.pB }), w.b1, w.ctx, 'not-holding');
  });

  it("keeps the holds of the facilitator and of a co-facilitator when it locks", () => {
    const w = world();
    let s: WorkshopState = { ...w.s, members: [...w.s.members, { id: 'fac2', name: 'FAC2', role: 'facilitator', partyId: '', connected: true, language: 'da' }] };
    const coFacilitator: Actor = { memberId: 'fac2', role: 'facilitator', partyId: '' };
    s = accept(s, action('grab', { pieceId: w.pA }), FACILITATOR, w.ctx).state;
    s = accept(s, action('grab', { pieceId: w.pB }), coFacilitator, w.ctx).state;
    const r = accept(s, action('lock', { locked: true }), FACILITATOR, w.ctx);
    expect(Object.fromEntries(r.state.pieces.map((p) => [p.id, p.heldBy]))).toEqual({ [w.pA]: 'fac', [w.pB]: 'fac2', [w.pHeld]: '', [w.pOwn]: '' });
    expect(checkDrag(r.state, { pieceId: w.pA }, FACILITATOR)).toBeNull();
    expect(pieceOf(accept(r.state, action('release', { pieceId: w.pB }), coFacilitator, w.ctx).state, w.pB).heldBy).toBe('');
  });

  it('unlocking gives participants their board back', () => {
    const w = world();
    const s = accept(locked(w.s), action('lock', { locked: false }), FACILITATOR, w.ctx).state;
    expect(outcome(attempt(s, action('edit', { pieceId: w.pA, note: 'igen' }), w.a1, w.ctx))).toBe('ok');
  });
});

describe('kick', () => {
  it("removes the participant, their holds and their dots, and keeps their pieces and everyone else's dots", () => {
    const w = world();
    const s = votingOpen(withVotes(w.s, ['a1', w.pB], ['b1', w.pA], ['a1', w.pA]));
    const r = accept(s, action('kick', { memberId: 'a1' }), FACILITATOR, w.ctx);
    expect(r.events).toEqual([{ type: 'member-kicked', memberId: 'a1' }]);
    expect(r.state.members.map((m) => m.id)).toEqual(['fac', 'screen', 'a2', 'b1', 'c1']);
    expect(r.state.votes).toEqual([{ id: 'vote-2', memberId: 'b1', pieceId: w.pA }]);
    expect(pieceOf(r.state, w.pHeld).heldBy).toBe('');
    expect(r.state.pieces.map(({ heldBy: _, ...rest }) => rest)).toEqual(s.pieces.map(({ heldBy: _, ...rest }) => rest));
    // a party colleague may now take the piece the kicked member held
    expect(outcome(attempt(r.state, action('grab', { pieceId: w.pHeld }), w.a2, w.ctx))).toBe('ok');
  });

  it('kicks a participant who has dropped their connection', () => {
    const w = world();
    const s = { ...w.s, members: w.s.members.map((m) => (m.id === 'c1' ? { ...m, connected: false } : m)) };
    expect(accept(s, action('kick', { memberId: 'c1' }), FACILITATOR, w.ctx).state.members.map((m) => m.id)).toEqual(['fac', 'screen', 'a1', 'a2', 'b1']);
  });

  it('kicking the last member of a party lets the facilitator remove that party', () => {
    const w = world();
    const s = { ...w.empty, members: [{ id: 'c1', name: 'Carl', role: 'participant' as const, partyId: w.C.id, connected: true, language: 'da' as const }] };
    refuse(s, action('remove-party', { partyId: w.C.id }), FACILITATOR, makeCtx(), 'party-in-use');
    const kicked = accept(s, action('kick', { memberId: 'c1' }), FACILITATOR, makeCtx()).state;
    expect(outcome(attempt(kicked, action('remove-party', { partyId: w.C.id }), FACILITATOR, makeCtx()))).toBe('ok');
  });
});

describe('spotlight', () => {
  it.each([
    ['a party', (w: World) => ({ kind: 'party' as const, id: w.B.id }), (w: World) => ({ kind: 'party', id: w.B.id })],
    ['a piece', (w: World) => ({ kind: 'piece' as const, id: w.pOwn }), (w: World) => ({ kind: 'piece', id: w.pOwn })],
    ['nothing', () => ({ kind: 'none' as const, id: '' }), () => ({ kind: 'none', id: '' })],
    ['nothing, dropping a stray id', (w: World) => ({ kind: 'none' as const, id: w.A.id }), () => ({ kind: 'none', id: '' })],
  ])('on %s', (_name, body, expected) => {
    const w = world();
    const from = { ...w.s, spotlight: { kind: 'party' as const, id: w.A.id } };
    const r = accept(from, action('spotlight', body(w)), FACILITATOR, w.ctx);
    expect(r.events).toEqual([{ type: 'changed' }]);
    expect(r.state).toEqual({ ...from, spotlight: expected(w) });
  });
});

describe('timer', () => {
  const timer = (durationMs: number, endsAt: number, remainingMs: number, running: boolean) => ({ durationMs, endsAt, remainingMs, running });
  /** [operation, seconds (reset only), server time offset from NOW, the timer afterwards]. */
  const steps: [op: 'start' | 'pause' | 'reset', seconds: number | undefined, at: number, after: ReturnType<typeof timer>][] = [
    ['reset', 300, 0, timer(300_000, 0, 300_000, false)],
    ['start', undefined, 1_000, timer(300_000, NOW + 301_000, 300_000, true)],
    ['pause', undefined, 61_000, timer(300_000, 0, 240_000, false)], // paused: what is left is kept
    ['pause', undefined, 90_000, timer(300_000, 0, 240_000, false)], // pausing twice changes nothing
    ['start', undefined, 100_000, timer(300_000, NOW + 340_000, 240_000, true)], // resumes from what was left
    ['start', undefined, 110_000, timer(300_000, NOW + 340_000, 230_000, true)], // starting while running keeps the end
    ['pause', undefined, 400_000, timer(300_000, 0, 0, false)], // paused after running out: nothing left
    ['start', undefined, 500_000, timer(300_000, NOW + 800_000, 300_000, true)], // run out: starts over from the full length
    ['reset', undefined, 510_000, timer(300_000, 0, 300_000, false)], // reset without a length keeps the length
    ['reset', 10, 520_000, timer(10_000, 0, 10_000, false)],
    ['start', undefined, 530_000, timer(10_000, NOW + 540_000, 10_000, true)],
    ['reset', 4 * 3600, 531_000, timer(14_400_000, 0, 14_400_000, false)], // reset while running stops it
  ];

  it('starts, pauses, resumes and resets on the server clock', () => {
    const w = world();
    expect(w.s.timer).toEqual(timer(0, 0, 0, false));
    let s = w.s;
    for (const [i, [op, seconds, at, after]] of steps.entries()) {
      const r = accept(s, action('timer', seconds === undefined ? { op } : { op, seconds }), FACILITATOR, makeCtx(NOW + at));
      expect(r.events).toEqual([{ type: 'changed' }]);
      expect(r.state.timer, `step ${i}: ${op}`).toEqual(after);
      expect({ ...r.state, timer: s.timer }).toEqual(s);
      s = r.state;
    }
  });

  it('refuses to start with no length, and pausing or resetting a timer that never ran is harmless', () => {
    const w = world();
    refuse(w.s, action('timer', { op: 'start' }), FACILITATOR, w.ctx, 'timer-not-set');
    expect(accept(w.s, action('timer', { op: 'pause' }), FACILITATOR, w.ctx).state.timer).toEqual(timer(0, 0, 0, false));
    expect(accept(w.s, action('timer', { op: 'reset' }), FACILITATOR, w.ctx).state.timer).toEqual(timer(0, 0, 0, false));
  });
});

describe('agreement', () => {
  it('adds lines to each list with fresh ids, a next step with its owner', () => {
    const w = world();
    const ctx = makeCtx();
    let s = w.s;
    s = accept(s, action('agreement-add', { list: 'sharedValues', text: 'Tillid' }), FACILITATOR, ctx).state;
    s = accept(s, action('agreement-add', { list: 'openQuestions', text: 'Hvem betaler?' }), FACILITATOR, ctx).state;
    s = accept(s, action('agreement-add', { list: 'nextSteps', text: 'Møde i maj', ownerPartyId: w.B.id }), FACILITATOR, ctx).state;
    const r = accept(s, action('agreement-add', { list: 'sharedValues', text: 'Børnenes trivsel' }), FACILITATOR, ctx);
    expect(r.events).toEqual([{ type: 'changed' }]);
    expect(r.state.agreement).toEqual({
      sharedValues: [{ id: 'id-1', text: 'Tillid' }, { id: 'id-4', text: 'Børnenes trivsel' }],
      openQuestions: [{ id: 'id-2', text: 'Hvem betaler?' }],
      nextSteps: [{ id: 'id-3', text: 'Møde i maj', ownerPartyId: w.B.id }],
    });
    expect({ ...r.state, agreement: w.s.agreement }).toEqual(w.s);
  });

  it.each([
    ['the text of a shared value', { list: 'sharedValues', itemId: 'sv-1', text: 'Gensidig tillid' }, 'sharedValues', { id: 'sv-1', text: 'Gensidig tillid' }],
    ['the text of an open question', { list: 'openQuestions', itemId: 'oq-1', text: 'Hvem betaler hvad?' }, 'openQuestions', { id: 'oq-1', text: 'Hvem betaler hvad?' }],
    ['the owner of a next step', { list: 'nextSteps', itemId: 'ns-1', ownerPartyId: 'party-3' }, 'nextSteps', { id: 'ns-1', text: 'Møde i maj', ownerPartyId: 'party-3' }],
    ['text and owner of a next step', { list: 'nextSteps', itemId: 'ns-1', text: 'Møde i juni', ownerPartyId: 'party-2' }, 'nextSteps', { id: 'ns-1', text: 'Møde i juni', ownerPartyId: 'party-2' }],
    ['nothing', { list: 'nextSteps', itemId: 'ns-1' }, 'nextSteps', { id: 'ns-1', text: 'Møde i maj', ownerPartyId: 'party-1' }],
  ] as const)('updates %s, leaving the other lines alone', (_name, body, list, expected) => {
    const w = world();
    const s = withAgreement(w.s);
    const r = accept(s, action('agreement-update', body), FACILITATOR, w.ctx);
    expect(r.events).toEqual([{ type: 'changed' }]);
    expect(r.state.agreement).toEqual({ ...s.agreement, [list]: [expected] });
  });

  it.each(['sharedValues', 'openQuestions', 'nextSteps'] as const)('removes a line from %s', (list) => {
    const w = world();
    const s = withAgreement(w.s);
    const itemId = s.agreement[list][0]!.id;
    const r = accept(s, action('agreement-remove', { list, itemId }), FACILITATOR, w.ctx);
    expect(r.state.agreement).toEqual({ ...s.agreement, [list]: [] });
    refuse(r.state, action('agreement-remove', { list, itemId }), FACILITATOR, w.ctx, 'unknown-item');
  });
});

describe('add-kind', () => {
  it('adds a custom kind to the deck that passes the deck schema', () => {
    const w = world();
    const r = accept(w.s, action('add-kind', { label: 'Arbejdsglæde', description: 'Glæde ved arbejdet', category: 'people' }), FACILITATOR, makeCtx());
    expect(r.events).toEqual([{ type: 'changed' }]);
    const kind = r.state.kinds.at(-1)!;
    expect(r.state.kinds.slice(0, -1)).toEqual(w.s.kinds);
    expect(kind).toMatchObject({
      category: 'people',
      label: { da: 'Arbejdsglæde', en: 'Arbejdsglæde' },
      description: { da: 'Glæde ved arbejdet', en: 'Glæde ved arbejdet' },
    });
    expect(kind.blank).toBeFalsy();
    expect(ValueKind.safeParse(kind).success, JSON.stringify(kind)).toBe(true);
    expect(w.s.kinds.some((k) => k.id === kind.id)).toBe(false);
    expect({ ...r.state, kinds: w.s.kinds }).toEqual(w.s);
  });

  it('describes a kind by its label when no description is given', () => {
    const w = world();
    const kind = accept(w.s, action('add-kind', { label: 'Tryghed', description: '  ', category: 'relations' }), FACILITATOR, makeCtx()).state.kinds.at(-1)!;
    expect(kind.description).toEqual({ da: 'Tryghed', en: 'Tryghed' });
  });

  it('gives two custom kinds distinct ids', () => {
    const w = world();
    const ctx = makeCtx();
    let s = accept(w.s, action('add-kind', { label: 'Tryghed', category: 'relations' }), FACILITATOR, ctx).state;
    s = accept(s, action('add-kind', { label: 'Tryghed', category: 'relations' }), FACILITATOR, ctx).state;
    expect(new Set(s.kinds.map((k) => k.id)).size).toBe(s.kinds.length);
  });

  it('makes the new kind usable: participants place it and drag it from the tray, once per area', () => {
    const w = world();
    const s = accept(w.s, action('add-kind', { label: 'Arbejdsglæde', category: 'people' }), FACILITATOR, makeCtx(NOW)).state;
    const kindId = s.kinds.at(-1)!.id;
    expect(checkDrag(s, { kindId }, w.b1)).toBeNull();
    const r = accept(s, w.place(kindId, 1, 3), w.b1, w.ctx);
    expect(pieceOf(r.state, placedId(r.events))).toMatchObject({ kindId, label: '', areaPartyId: w.B.id, placedByPartyId: w.B.id });
    refuse(r.state, w.place(kindId, 1, 4), w.b1, w.ctx, 'duplicate-piece');
  });
});
