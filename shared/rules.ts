/**
 * The board rules as a pure function: apply(state, action, actor, ctx) either accepts an
 * action and returns the next state, or refuses it with a stable code. Nothing here
 * touches the network, the clock or randomness: the caller passes `now` and `newId`.
 */
import { areaIndexAt } from './geometry.ts';
import { PHASE_RULES } from './phases.ts';
import { nextFreeColor, initialsOf } from './palette.ts';
import { MAX_PARTIES } from './geometry.ts';
import type { ClientMessage, RejectionCode } from './protocol.ts';
import type { Actor, Party, PlacedPiece, WorkshopState } from './types.ts';

/** A state-changing action: a parsed client message without its envelope fields. */
export type Action =
  | ({ type: 'place' } & ClientMessage<'place'>)
  | ({ type: 'grab' } & ClientMessage<'grab'>)
  | ({ type: 'release' } & ClientMessage<'release'>)
  | ({ type: 'move' } & ClientMessage<'move'>)
  | ({ type: 'edit' } & ClientMessage<'edit'>)
  | ({ type: 'remove' } & ClientMessage<'remove'>)
  | ({ type: 'update-workshop' } & ClientMessage<'update-workshop'>)
  | ({ type: 'update-party' } & ClientMessage<'update-party'>)
  | ({ type: 'add-party' } & ClientMessage<'add-party'>)
  | ({ type: 'remove-party' } & ClientMessage<'remove-party'>);

/** The types of action the rules know. */
export const ACTION_TYPES: ReadonlySet<string> = new Set<Action['type']>([
  'place', 'grab', 'release', 'move', 'edit', 'remove', 'update-workshop', 'update-party', 'add-party', 'remove-party',
]);

/** What an accepted action changed, for logs and for the answer to its sender. */
export type RuleEvent =
  | { type: 'piece-placed'; pieceId: string }
  | { type: 'piece-grabbed'; pieceId: string }
  | { type: 'piece-released'; pieceId: string }
  | { type: 'piece-moved'; pieceId: string }
  | { type: 'piece-edited'; pieceId: string }
  | { type: 'piece-removed'; pieceId: string }
  | { type: 'workshop-updated' }
  | { type: 'party-updated'; partyId: string }
  | { type: 'party-added'; partyId: string }
  | { type: 'party-removed'; partyId: string };

/** The result of applying an action: the next state, or a refusal with a stable code. */
export type ApplyResult =
  | { ok: true; state: WorkshopState; events: RuleEvent[] }
  | { ok: false; code: RejectionCode };

/** What the rules need from the world: the time and fresh ids. */
export interface RuleContext {
  now: number;
  newId: () => string;
}

const refuse = (code: RejectionCode): ApplyResult => ({ ok: false, code });

/** The party whose area holds (x, y), or undefined when the point is in the centre or off the board. */
export function partyAt(state: WorkshopState, x: number, y: number): Party | undefined {
  return state.parties[areaIndexAt(state.parties.length, { x, y })];
}

/** Why `actor` may not change pieces of `placedByPartyId` now, or null when they may. */
function mayTouchPieces(state: WorkshopState, actor: Actor, placedByPartyId: string): RejectionCode | null {
  if (actor.role === 'screen') return 'read-only';
  if (actor.role === 'facilitator') return null;
  if (actor.partyId !== placedByPartyId) return 'not-your-party';
  if (!PHASE_RULES[state.phase].editing) return 'phase-closed';
  return null;
}

/** Whether a party's placing rule allows a piece of `placer` in the area of `area` in this phase. */
function placingAllowed(state: WorkshopState, actor: Actor, placerId: string, areaId: string): boolean {
  if (actor.role === 'facilitator') return true;
  const placing = PHASE_RULES[state.phase].placing;
  if (placing === 'any') return true;
  if (placing === 'own') return placerId === areaId;
  if (placing === 'others') return placerId !== areaId;
  return false;
}

function findPiece(state: WorkshopState, pieceId: string): PlacedPiece | undefined {
  return state.pieces.find((p) => p.id === pieceId);
}

function duplicateOf(state: WorkshopState, candidate: Pick<PlacedPiece, 'id' | 'kindId' | 'label' | 'areaPartyId' | 'placedByPartyId'>, blank: boolean): boolean {
  return state.pieces.some(
    (p) =>
      p.id !== candidate.id &&
      p.kindId === candidate.kindId &&
      p.areaPartyId === candidate.areaPartyId &&
      p.placedByPartyId === candidate.placedByPartyId &&
      // several blank "own value" pieces may lie in one area as long as their names differ
      (!blank || p.label.trim().toLowerCase() === candidate.label.trim().toLowerCase()),
  );
}

function withPiece(state: WorkshopState, pieceId: string, change: Partial<PlacedPiece>): WorkshopState {
  return { ...state, pieces: state.pieces.map((p) => (p.id === pieceId ? { ...p, ...change } : p)) };
}

/** Apply one action by `actor` to `state`. Pure: the input state is never modified. */
export function apply(state: WorkshopState, action: Action, actor: Actor, ctx: RuleContext): ApplyResult {
  switch (action.type) {
    case 'place': {
      if (actor.role === 'screen') return refuse('read-only');
      const kind = state.kinds.find((k) => k.id === action.kindId);
      if (!kind) return refuse('unknown-value-kind');
      let placerId = actor.partyId;
      if (action.forPartyId !== undefined) {
        if (actor.role !== 'facilitator' && action.forPartyId !== actor.partyId) return refuse('not-your-party');
        placerId = action.forPartyId;
      }
      const area = partyAt(state, action.x, action.y);
      if (!area) return refuse('outside-board');
      // the facilitator placing without saying for whom places on behalf of the area's own party
      if (actor.role === 'facilitator' && placerId === '') placerId = area.id;
      if (!state.parties.some((p) => p.id === placerId)) return refuse('unknown-party');
      if (!placingAllowed(state, actor, placerId, area.id)) return refuse('phase-closed');
      const label = (action.label ?? '').trim();
      if (kind.blank && label === '') return refuse('label-required');
      const piece: PlacedPiece = {
        id: ctx.newId(),
        kindId: kind.id,
        label: kind.blank ? label : '',
        areaPartyId: area.id,
        placedByPartyId: placerId,
        placedByMemberId: actor.memberId,
        byFacilitator: actor.role === 'facilitator',
        x: action.x,
        y: action.y,
        note: (action.note ?? '').trim(),
        importance: action.importance ?? 2,
        heldBy: '',
        placedAt: ctx.now,
      };
      if (duplicateOf(state, piece, kind.blank === true)) return refuse('duplicate-piece');
      return { ok: true, state: { ...state, pieces: [...state.pieces, piece] }, events: [{ type: 'piece-placed', pieceId: piece.id }] };
    }
    case 'grab': {
      const piece = findPiece(state, action.pieceId);
      if (!piece) return refuse('unknown-piece');
      const why = mayTouchPieces(state, actor, piece.placedByPartyId);
      if (why) return refuse(why);
      if (piece.heldBy !== '' && piece.heldBy !== actor.memberId) return refuse('piece-held-by-other');
      return { ok: true, state: withPiece(state, piece.id, { heldBy: actor.memberId }), events: [{ type: 'piece-grabbed', pieceId: piece.id }] };
    }
    case 'release': {
      const piece = findPiece(state, action.pieceId);
      if (!piece) return refuse('unknown-piece');
      if (actor.role === 'screen') return refuse('read-only');
      if (piece.heldBy !== actor.memberId) return refuse('not-holding');
      return { ok: true, state: withPiece(state, piece.id, { heldBy: '' }), events: [{ type: 'piece-released', pieceId: piece.id }] };
    }
    case 'move': {
      const piece = findPiece(state, action.pieceId);
      if (!piece) return refuse('unknown-piece');
      const why = mayTouchPieces(state, actor, piece.placedByPartyId);
      if (why) return refuse(why);
      if (piece.heldBy !== '' && piece.heldBy !== actor.memberId) return refuse('piece-held-by-other');
      const area = partyAt(state, action.x, action.y);
      if (!area) return refuse('outside-board');
      if (area.id !== piece.areaPartyId && !placingAllowed(state, actor, piece.placedByPartyId, area.id)) return refuse('phase-closed');
      const kind = state.kinds.find((k) => k.id === piece.kindId);
      if (duplicateOf(state, { ...piece, areaPartyId: area.id }, kind?.blank === true)) return refuse('duplicate-piece');
      const next = withPiece(state, piece.id, { x: action.x, y: action.y, areaPartyId: area.id, heldBy: '' });
      return { ok: true, state: next, events: [{ type: 'piece-moved', pieceId: piece.id }] };
    }
    case 'edit': {
      const piece = findPiece(state, action.pieceId);
      if (!piece) return refuse('unknown-piece');
      const why = mayTouchPieces(state, actor, piece.placedByPartyId);
      if (why) return refuse(why);
      const kind = state.kinds.find((k) => k.id === piece.kindId);
      const change: Partial<PlacedPiece> = {};
      if (action.note !== undefined) change.note = action.note.trim();
      if (action.importance !== undefined) change.importance = action.importance;
      if (action.label !== undefined && kind?.blank) {
        const label = action.label.trim();
        if (label === '') return refuse('label-required');
        if (duplicateOf(state, { ...piece, label }, true)) return refuse('duplicate-piece');
        change.label = label;
      }
      return { ok: true, state: withPiece(state, piece.id, change), events: [{ type: 'piece-edited', pieceId: piece.id }] };
    }
    case 'remove': {
      const piece = findPiece(state, action.pieceId);
      if (!piece) return refuse('unknown-piece');
      const why = mayTouchPieces(state, actor, piece.placedByPartyId);
      if (why) return refuse(why);
      if (piece.heldBy !== '' && piece.heldBy !== actor.memberId) return refuse('piece-held-by-other');
      return { ok: true, state: { ...state, pieces: state.pieces.filter((p) => p.id !== piece.id) }, events: [{ type: 'piece-removed', pieceId: piece.id }] };
    }
    case 'update-workshop': {
      if (actor.role === 'screen') return refuse('read-only');
      if (actor.role !== 'facilitator') return refuse('facilitator-only');
      const next = { ...state };
      if (action.title !== undefined) next.title = action.title.trim() || state.title;
      if (action.focus !== undefined) next.focus = action.focus.trim();
      if (action.collaboration !== undefined) next.collaboration = action.collaboration.trim();
      return { ok: true, state: next, events: [{ type: 'workshop-updated' }] };
    }
    case 'update-party': {
      if (actor.role === 'screen') return refuse('read-only');
      if (actor.role !== 'facilitator') return refuse('facilitator-only');
      const party = state.parties.find((p) => p.id === action.partyId);
      if (!party) return refuse('unknown-party');
      const others = state.parties.filter((p) => p.id !== party.id);
      const color = action.color?.toLowerCase();
      if (color && others.some((p) => p.color === color)) return refuse('color-taken');
      const shortName = action.shortName?.trim();
      if (shortName && others.some((p) => p.shortName.toUpperCase() === shortName.toUpperCase())) return refuse('short-name-taken');
      const updated: Party = {
        ...party,
        name: action.name?.trim() || party.name,
        shortName: shortName || party.shortName,
        color: color ?? party.color,
      };
      return {
        ok: true,
        state: { ...state, parties: state.parties.map((p) => (p.id === party.id ? updated : p)) },
        events: [{ type: 'party-updated', partyId: party.id }],
      };
    }
    case 'add-party': {
      if (actor.role === 'screen') return refuse('read-only');
      if (actor.role !== 'facilitator') return refuse('facilitator-only');
      if (state.parties.length >= MAX_PARTIES) return refuse('too-many-parties');
      const color = action.color?.toLowerCase() ?? nextFreeColor(state.parties.map((p) => p.color));
      if (state.parties.some((p) => p.color === color)) return refuse('color-taken');
      const shortName = action.shortName?.trim() || initialsOf(action.name);
      if (state.parties.some((p) => p.shortName.toUpperCase() === shortName.toUpperCase())) return refuse('short-name-taken');
      if (state.pieces.length > 0) return refuse('phase-closed'); // adding an area re-cuts the board under placed pieces
      const party: Party = { id: ctx.newId(), name: action.name.trim(), shortName, color };
      return { ok: true, state: { ...state, parties: [...state.parties, party] }, events: [{ type: 'party-added', partyId: party.id }] };
    }
    case 'remove-party': {
      if (actor.role === 'screen') return refuse('read-only');
      if (actor.role !== 'facilitator') return refuse('facilitator-only');
      const party = state.parties.find((p) => p.id === action.partyId);
      if (!party) return refuse('unknown-party');
      if (state.parties.length <= 2) return refuse('party-in-use');
      if (state.members.some((m) => m.partyId === party.id) || state.pieces.length > 0) return refuse('party-in-use');
      return {
        ok: true,
        state: { ...state, parties: state.parties.filter((p) => p.id !== party.id) },
        events: [{ type: 'party-removed', partyId: party.id }],
      };
    }
  }
}

/** Why `actor` may not show a live drag of this piece or tray kind, or null when they may. */
export function checkDrag(state: WorkshopState, drag: { pieceId?: string; kindId?: string }, actor: Actor): RejectionCode | null {
  if (actor.role === 'screen') return 'read-only';
  if (drag.pieceId !== undefined) {
    const piece = findPiece(state, drag.pieceId);
    if (!piece) return 'unknown-piece';
    return piece.heldBy === actor.memberId ? null : 'not-holding';
  }
  if (!state.kinds.some((k) => k.id === drag.kindId)) return 'unknown-value-kind';
  if (actor.role !== 'facilitator' && PHASE_RULES[state.phase].placing === 'none') return 'phase-closed';
  return null;
}

/** Release every piece `memberId` holds, where it lies (used when a person disconnects). */
export function releaseHolds(state: WorkshopState, memberId: string): WorkshopState {
  if (!state.pieces.some((p) => p.heldBy === memberId)) return state;
  return { ...state, pieces: state.pieces.map((p) => (p.heldBy === memberId ? { ...p, heldBy: '' } : p)) };
}
