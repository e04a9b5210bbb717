/** Dot voting: the facilitator opens and shows it, participants spend and take back their dots. */
import { PHASE_RULES } from '../phases.ts';
import { findPiece } from './board.ts';
import { FACILITATOR, VOTERS, refuse, type Move } from './move.ts';

/** Open or close the vote, set the dots each participant gets, show or hide the result. */
export const voting: Move<'voting'> = {
  roles: FACILITATOR,
  change: (state, action) => {
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
