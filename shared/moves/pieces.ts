/** Moves on the pieces of the board: place, grab, release, move, edit, remove and undo. */
import { PHASE_RULES, EDITING_PHASES } from '../phases.ts';
import { putPiece, subZoneCapacity, subZoneOf, takePiece } from '../layout.ts';
import { PIECE_LIMITS } from '../limits.ts';
import type { RejectionCode } from '../protocol.ts';
import type { HistoryEntry, PlacedPiece, WorkshopState } from '../types.ts';
import { NO_SPOTLIGHT, duplicateOf, findPiece, partyAt, placingAllowed, remember, withPiece } from './board.ts';
import { PLAYERS, refuse, type Move, type PieceMove } from './move.ts';

/**
 * Lay a value kind from the tray in a party's area; where participants may place depends on the
 * phase and the area, so the change checks it. The layout chooses the slot (shared/layout.ts).
 */
export const place: Move<'place'> = {
  roles: PLAYERS,
  unlocked: true,
  change: (state, action, actor, ctx) => {
    const kind = state.kinds.find((k) => k.id === action.kindId);
    if (!kind) return refuse('unknown-value-kind');
    let placerId = actor.partyId;
    if (action.forPartyId !== undefined) {
      if (actor.role !== 'facilitator' && action.forPartyId !== actor.partyId) return refuse('not-your-party');
      placerId = action.forPartyId;
    }
    const area = state.parties.find((p) => p.id === action.areaPartyId);
    if (!area) return refuse('unknown-party');
    if (action.near && !partyAt(state, action.near.x, action.near.y)) return refuse('outside-board');
    // the facilitator placing without saying for whom places on behalf of the area's own party
    if (actor.role === 'facilitator' && placerId === '') placerId = area.id;
    if (!state.parties.some((p) => p.id === placerId)) return refuse('unknown-party');
    if (!placingAllowed(state, actor, placerId, area.id)) return refuse('phase-closed');
    const label = (action.label ?? '').trim();
    if (kind.blank && label === '') return refuse('label-required');
    if (duplicateOf(state, { id: '', kindId: kind.id, label: kind.blank ? label : '', areaPartyId: area.id, placedByPartyId: placerId }, kind.blank === true)) return refuse('duplicate-piece');
    const full = capacityRefusal(state, placerId, area.id);
    if (full) return refuse(full);
    const piece: PlacedPiece = {
      id: ctx.newId(),
      kindId: kind.id,
      label: kind.blank ? label : '',
      areaPartyId: area.id,
      placedByPartyId: placerId,
      placedByMemberId: actor.memberId,
      byFacilitator: actor.role === 'facilitator',
      // where it lies and how large: the layout decides below
      x: 0,
      y: 0,
      scale: 1,
      note: (action.note ?? '').trim(),
      importance: action.importance ?? 2,
      heldBy: '',
      placedAt: ctx.now,
    };
    const pieces = putPiece(state.parties, state.pieces, piece, { near: action.near });
    if (!pieces) return refuse('area-full');
    const history = remember(state, actor, ctx, 'place', piece.id, null, pieces.find((p) => p.id === piece.id) ?? null);
    return { ok: true, state: { ...state, pieces, history }, events: [{ type: 'piece-placed', pieceId: piece.id }] };
  },
};

/** Take hold of a piece to drag it. */
export const grab: PieceMove<'grab'> = {
  piece: 'own',
  roles: PLAYERS,
  unlocked: true,
  phases: EDITING_PHASES,
  change: (state, _action, actor, _ctx, piece) => {
    if (piece.heldBy !== '' && piece.heldBy !== actor.memberId) return refuse('piece-held-by-other');
    return { ok: true, state: withPiece(state, piece.id, { heldBy: actor.memberId }), events: [{ type: 'piece-grabbed', pieceId: piece.id }] };
  },
};

/** Let go of a held piece where it lies; whoever holds it may, whatever the lock or the phase. */
export const release: PieceMove<'release'> = {
  piece: 'any',
  roles: PLAYERS,
  change: (state, _action, actor, _ctx, piece) => {
    if (piece.heldBy !== actor.memberId) return refuse('not-holding');
    return { ok: true, state: withPiece(state, piece.id, { heldBy: '' }), events: [{ type: 'piece-released', pieceId: piece.id }] };
  },
};

/** Put a piece into the free slot nearest to a drop, in its area or another, which releases it. */
export const move: PieceMove<'move'> = {
  piece: 'own',
  roles: PLAYERS,
  unlocked: true,
  phases: EDITING_PHASES,
  change: (state, action, actor, ctx, piece) => {
    if (piece.heldBy !== '' && piece.heldBy !== actor.memberId) return refuse('piece-held-by-other');
    const area = state.parties.find((p) => p.id === (action.areaPartyId ?? piece.areaPartyId));
    if (!area) return refuse('unknown-party');
    if (action.near && !partyAt(state, action.near.x, action.near.y)) return refuse('outside-board');
    if (area.id !== piece.areaPartyId && !placingAllowed(state, actor, piece.placedByPartyId, area.id)) return refuse('phase-closed');
    const kind = state.kinds.find((k) => k.id === piece.kindId);
    if (duplicateOf(state, { ...piece, areaPartyId: area.id }, kind?.blank === true)) return refuse('duplicate-piece');
    const full = capacityRefusal(state, piece.placedByPartyId, area.id, piece.id);
    if (full) return refuse(full);
    const pieces = putPiece(state.parties, state.pieces, { ...piece, areaPartyId: area.id, heldBy: '' }, { near: action.near });
    if (!pieces) return refuse('area-full');
    const moved = pieces.find((p) => p.id === piece.id) ?? null;
    return { ok: true, state: { ...state, pieces, history: remember(state, actor, ctx, 'move', piece.id, piece, moved) }, events: [{ type: 'piece-moved', pieceId: piece.id }] };
  },
};

/** Change a piece's note, importance or (for a blank kind) name. */
export const edit: PieceMove<'edit'> = {
  piece: 'own',
  roles: PLAYERS,
  unlocked: true,
  phases: EDITING_PHASES,
  change: (state, action, actor, ctx, piece) => {
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
    const edited: PlacedPiece = { ...piece, ...change };
    const next = withPiece(state, piece.id, change);
    return { ok: true, state: { ...next, history: remember(state, actor, ctx, 'edit', piece.id, piece, edited) }, events: [{ type: 'piece-edited', pieceId: piece.id }] };
  },
};

/** Take a piece off the board, with its votes and the spotlight on it. */
export const remove: PieceMove<'remove'> = {
  piece: 'own',
  roles: PLAYERS,
  unlocked: true,
  phases: EDITING_PHASES,
  change: (state, _action, actor, ctx, piece) => {
    if (piece.heldBy !== '' && piece.heldBy !== actor.memberId) return refuse('piece-held-by-other');
    return {
      ok: true,
      state: {
        ...state,
        pieces: takePiece(state.parties, state.pieces, piece.id),
        votes: state.votes.filter((v) => v.pieceId !== piece.id),
        spotlight: state.spotlight.kind === 'piece' && state.spotlight.id === piece.id ? NO_SPOTLIGHT : state.spotlight,
        history: remember(state, actor, ctx, 'remove', piece.id, { ...piece, heldBy: '' }, null),
      },
      events: [{ type: 'piece-removed', pieceId: piece.id }],
    };
  },
};

/**
 * Take back one's own latest piece change (the facilitator: anyone's). The lock and the phase are
 * checked in the change, after 'nothing-to-undo', and the phase rule depends on what is undone.
 */
export const undo: Move<'undo'> = {
  roles: PLAYERS,
  change: (state, _action, actor, ctx) => {
    const target = state.history.findLast((h) => !h.undone && h.type !== 'undo' && (actor.role === 'facilitator' || h.memberId === actor.memberId));
    if (!target) return refuse('nothing-to-undo');
    if (actor.role !== 'facilitator') {
      if (state.locked) return refuse('board-locked');
      if (!PHASE_RULES[state.phase].editing && !(target.type === 'place' && PHASE_RULES[state.phase].placing !== 'none')) return refuse('phase-closed');
    }
    const current = findPiece(state, target.pieceId);
    if (changedSince(state, target, current)) return refuse('undo-conflict');
    if (current && current.heldBy !== '' && current.heldBy !== actor.memberId) return refuse('piece-held-by-other');
    const before = target.before ? { ...target.before, heldBy: '' } : null;
    let pieces: PlacedPiece[] | undefined;
    if (!before) pieces = takePiece(state.parties, state.pieces, target.pieceId);
    else {
      // bringing back an old position or name must not make two pieces of one value in one area
      const kind = state.kinds.find((k) => k.id === before.kindId);
      if (duplicateOf(state, before, kind?.blank === true)) return refuse('undo-conflict');
      const full = capacityRefusal(state, before.placedByPartyId, before.areaPartyId, current?.id);
      if (full) return refuse(full);
      // back to the slot it held, when that is still free; the layout decides otherwise
      pieces = putPiece(state.parties, state.pieces, before, { before });
      if (!pieces) return refuse('area-full');
    }
    const restored = before ? (pieces.find((p) => p.id === target.pieceId) ?? null) : null;
    const votes = restored ? state.votes : state.votes.filter((v) => v.pieceId !== target.pieceId);
    const spotlight = !restored && state.spotlight.kind === 'piece' && state.spotlight.id === target.pieceId ? NO_SPOTLIGHT : state.spotlight;
    return {
      ok: true,
      state: { ...state, pieces, votes, spotlight, history: remember(state, actor, ctx, 'undo', target.pieceId, current ?? null, restored, target.id) },
      events: [restored ? (current ? { type: 'piece-edited', pieceId: target.pieceId } : { type: 'piece-placed', pieceId: target.pieceId }) : { type: 'piece-removed', pieceId: target.pieceId }],
    };
  },
};

/**
 * Why one more piece of party `placerId` in the area of party `areaId` does not fit (PIECE_LIMITS),
 * or null when it does: the board's cap, the party's, then its sub-zone's; a piece that moves
 * (`movingId`) is already counted in the first two. Each counts only what the placing party may
 * see (its own pieces) or what everyone sees (pieces per party), so a refusal never tells what is hidden.
 */
function capacityRefusal(state: WorkshopState, placerId: string, areaId: string, movingId?: string): RejectionCode | null {
  const pieces = state.pieces.filter((p) => p.id !== movingId);
  if (movingId === undefined) {
    if (pieces.length >= PIECE_LIMITS.perBoard) return 'board-full';
    if (pieces.filter((p) => p.placedByPartyId === placerId).length >= PIECE_LIMITS.perParty) return 'party-full';
  }
  const zone = subZoneOf(state.parties, areaId, placerId);
  if (!zone) return null;
  const inZone = pieces.filter((p) => p.areaPartyId === areaId && p.placedByPartyId === placerId).length;
  return inZone >= subZoneCapacity(state.parties.length, zone.area, zone.zone) ? 'area-full' : null;
}

/** The layout's fields: where the layout put a piece, which it may change when other pieces come or go. */
const withoutLayout = ({ heldBy: _held, x: _x, y: _y, scale: _scale, ...content }: PlacedPiece) => content;

/**
 * Whether the piece has changed since `target` made it what it was: a later change to it that is
 * still in force, or different content (holding it, and the layout's making room, do not count).
 */
function changedSince(state: WorkshopState, target: HistoryEntry, current: PlacedPiece | undefined): boolean {
  const later = state.history.slice(state.history.indexOf(target) + 1);
  if (later.some((h) => h.pieceId === target.pieceId && !h.undone && h.type !== 'undo')) return true;
  if (!current || !target.after) return !current !== !target.after;
  return JSON.stringify(withoutLayout(current)) !== JSON.stringify(withoutLayout(target.after));
}
