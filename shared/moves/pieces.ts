/** Moves on the pieces of the board: place, grab, release, move, edit, remove and undo. */
import { PHASE_RULES, EDITING_PHASES } from '../phases.ts';
import type { PlacedPiece } from '../types.ts';
import { NO_SPOTLIGHT, duplicateOf, findPiece, partyAt, placingAllowed, remember, samePiece, withPiece } from './board.ts';
import { PLAYERS, refuse, type Move, type PieceMove } from './move.ts';

/** Lay a value kind from the tray on the board; where participants may place depends on the phase and the area, so the change checks it. */
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
    const area = partyAt(state, action.x, action.y);
    if (!area) return refuse('outside-board');
    // the facilitator placing without saying for whom places on behalf of the area's own party
    if (actor.role === 'facilitator' && placerId === '') placerId = area.id;
    if (!state.parties.some((p) => p.id === placerId)) return refuse('unknown-party');
    if (!placingAllowed(state, actor, placerId, area.id)) return refuse('phase-closed');
    const label = (action.label ?? '').trim();
    if (kind.blank && label === '') return refuse('label-required');
    if (duplicateOf(state, { id: '', kindId: kind.id, label: kind.blank ? label : '', areaPartyId: area.id, placedByPartyId: placerId }, kind.blank === true)) return refuse('duplicate-piece');
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
    const history = remember(state, actor, ctx, 'place', piece.id, null, piece);
    return { ok: true, state: { ...state, pieces: [...state.pieces, piece], history }, events: [{ type: 'piece-placed', pieceId: piece.id }] };
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

/** Drop a piece at a new position, which releases it. */
export const move: PieceMove<'move'> = {
  piece: 'own',
  roles: PLAYERS,
  unlocked: true,
  phases: EDITING_PHASES,
  change: (state, action, actor, ctx, piece) => {
    if (piece.heldBy !== '' && piece.heldBy !== actor.memberId) return refuse('piece-held-by-other');
    const area = partyAt(state, action.x, action.y);
    if (!area) return refuse('outside-board');
    if (area.id !== piece.areaPartyId && !placingAllowed(state, actor, piece.placedByPartyId, area.id)) return refuse('phase-closed');
    const kind = state.kinds.find((k) => k.id === piece.kindId);
    if (duplicateOf(state, { ...piece, areaPartyId: area.id }, kind?.blank === true)) return refuse('duplicate-piece');
    const moved: PlacedPiece = { ...piece, x: action.x, y: action.y, areaPartyId: area.id, heldBy: '' };
    const next = withPiece(state, piece.id, moved);
    return { ok: true, state: { ...next, history: remember(state, actor, ctx, 'move', piece.id, piece, moved) }, events: [{ type: 'piece-moved', pieceId: piece.id }] };
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
        pieces: state.pieces.filter((p) => p.id !== piece.id),
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
    if (!samePiece(current, target.after)) return refuse('undo-conflict');
    if (current && current.heldBy !== '' && current.heldBy !== actor.memberId) return refuse('piece-held-by-other');
    const restored = target.before ? { ...target.before, heldBy: '' } : null;
    if (restored) {
      // bringing back an old position or name must not make two pieces of one value in one area
      const kind = state.kinds.find((k) => k.id === restored.kindId);
      if (duplicateOf(state, restored, kind?.blank === true)) return refuse('undo-conflict');
    }
    let pieces = state.pieces;
    if (!restored) pieces = pieces.filter((p) => p.id !== target.pieceId);
    else if (current) pieces = pieces.map((p) => (p.id === target.pieceId ? restored : p));
    else pieces = [...pieces, restored];
    const votes = restored ? state.votes : state.votes.filter((v) => v.pieceId !== target.pieceId);
    const spotlight = !restored && state.spotlight.kind === 'piece' && state.spotlight.id === target.pieceId ? NO_SPOTLIGHT : state.spotlight;
    return {
      ok: true,
      state: { ...state, pieces, votes, spotlight, history: remember(state, actor, ctx, 'undo', target.pieceId, current ?? null, restored, target.id) },
      events: [restored ? (current ? { type: 'piece-edited', pieceId: target.pieceId } : { type: 'piece-placed', pieceId: target.pieceId }) : { type: 'piece-removed', pieceId: target.pieceId }],
    };
  },
};
