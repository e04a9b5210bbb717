/** Dot voting: the facilitator opens and shows it, participants spend and take back their dots. */
import { PHASE_RULES } from '../phases.ts';
import { findPiece } from './board.ts';
import { FACILITATOR, VOTERS, refuse, type Move } from './move.ts';
import type { WorkshopState } from '../types.ts';

/**
 * Open or close the vote, set the dots each participant gets, show or hide the result (not while
 * the parties' pieces are hidden: the dots name them). It does not open on a locked board, where
 * nobody could spend a dot; locking an open vote pauses it (votingOpenNow).
 */
export const voting: Move<'voting'> = {
  roles: FACILITATOR,
  change: (state, action) => {
    if (action.shown === true && PHASE_RULES[state.phase].hidden) return refuse('hidden-in-phase');
    // nobody could spend a dot on a locked board (votes are board changes): it opens once the board does
    if (action.open === true && state.locked) return refuse('board-locked');
    const voting = { ...state.voting };
    if (action.open !== undefined) voting.open = action.open;
    if (action.dots !== undefined) voting.dots = action.dots;
    if (action.shown !== undefined) voting.shown = action.shown;
    return { ok: true, state: { ...state, voting }, events: [{ type: 'changed' }, { type: 'views-changed' }] };
  },
};

/** Put one of one's dots on a piece one can see. */
export const vote: Move<'vote'> = {
  roles: VOTERS,
  votingOpen: true,
  unlocked: true,
  change: (state, action, actor, ctx) => {
    const piece = findPiece(state, action.pieceId);
    // in a hidden phase a participant could name a piece it cannot see: refuse it the same way
    if (!piece || (PHASE_RULES[state.phase].hidden && piece.placedByPartyId !== actor.partyId)) return refuse('unknown-piece');
    if (state.votes.filter((v) => v.memberId === actor.memberId).length >= state.voting.dots) return refuse('no-dots-left');
    return { ok: true, state: { ...state, votes: [...state.votes, { id: ctx.newId(), memberId: actor.memberId, pieceId: piece.id }] }, events: [{ type: 'changed' }] };
  },
};

/** Take back one of one's dots from a piece. */
export const unvote: Move<'unvote'> = {
  roles: VOTERS,
  votingOpen: true,
  unlocked: true,
  change: (state, action, actor) => {
    const mine = state.votes.findLast((v) => v.memberId === actor.memberId && v.pieceId === action.pieceId);
    if (!mine) return refuse('no-vote-here');
    return { ok: true, state: { ...state, votes: state.votes.filter((v) => v !== mine) }, events: [{ type: 'changed' }] };
  },
};

/**
 * Whether participants may spend and take back dots now: the vote is open and the board is not
 * locked. A lock pauses an open vote (the dots stay, and it goes on when the board is unlocked);
 * screens show a paused vote as closed.
 */
export function votingOpenNow(state: Pick<WorkshopState, 'voting' | 'locked'>): boolean {
  return state.voting.open && !state.locked;
}
