/**
 * The board rules as a pure function: apply(state, action, actor, ctx) either accepts an
 * action and returns the next state, or refuses it with a stable code. Nothing here
 * touches the network, the clock or randomness: the caller passes `now` and `newId`.
 * Each action type has a move in the table in ./moves/index.ts (who may take it, when, and its
 * change); apply() looks the move up, checks the guards it declares and runs its change.
 */
import { PHASE_RULES } from './phases.ts';
import type { RejectionCode } from './protocol.ts';
import type { Actor, PlacedPiece, Role, WorkshopState } from './types.ts';
import { findPiece } from './moves/board.ts';
import { MOVES } from './moves/index.ts';
import { refuse, type ActionOf, type ApplyResult, type RuleContext } from './moves/move.ts';

export { HISTORY_LIMIT, partyAt, releaseHolds } from './moves/board.ts';
export type { ApplyResult, RuleContext, RuleEvent } from './moves/move.ts';

/** A state-changing action: a parsed client message without its envelope fields, of a type the table of moves has. */
export type Action = { [T in keyof typeof MOVES]: ActionOf<T> }[keyof typeof MOVES];

/** The types of action the rules know: the keys of the table of moves. */
export const ACTION_TYPES: ReadonlySet<string> = new Set(Object.keys(MOVES));

/** Actions only the facilitator may take: the moves whose declared roles are the facilitator's alone. */
export const FACILITATOR_ACTIONS: ReadonlySet<string> = new Set(
  Object.entries(MOVES)
    .filter(([, move]) => move.roles.every((role) => role === 'facilitator'))
    .map(([type]) => type),
);

/**
 * What a role is told when a move is not among its roles: a screen only ever watches; a participant
 * is kept only from the facilitator's moves, and the facilitator only from the voters'.
 */
const ROLE_REFUSALS: Record<Role, RejectionCode> = { screen: 'read-only', participant: 'facilitator-only', facilitator: 'not-a-voter' };

/** The signature every move's change fits, as the dispatcher calls it. */
type Change = (state: WorkshopState, action: Action, actor: Actor, ctx: RuleContext, piece: PlacedPiece | undefined) => ApplyResult;

/** Apply one action by `actor` to `state`. Pure: the input state is never modified. */
export function apply(state: WorkshopState, action: Action, actor: Actor, ctx: RuleContext): ApplyResult {
  // someone waiting for the facilitator to let them in does nothing yet
  if (state.waiting.includes(actor.memberId)) return refuse('awaiting-approval');
  const move = MOVES[action.type];
  // the guards the move declares, in the order their refusals take precedence
  let piece: PlacedPiece | undefined;
  if (move.piece) {
    piece = 'pieceId' in action ? findPiece(state, action.pieceId) : undefined;
    if (!piece) return refuse('unknown-piece');
  }
  if (!move.roles.includes(actor.role)) return refuse(ROLE_REFUSALS[actor.role]);
  if (move.votingOpen && !state.voting.open) return refuse('voting-closed');
  if (actor.role !== 'facilitator') {
    if (move.piece === 'own' && piece?.placedByPartyId !== actor.partyId) return refuse('not-your-party');
    if (move.unlocked && state.locked) return refuse('board-locked');
    if (move.phases && !move.phases.includes(state.phase)) return refuse('phase-closed');
  }
  // the table pairs each action type with its own move, so the action fits that move's change
  const change = move.change as Change;
  return change(state, action, actor, ctx, piece);
}

/** Why `actor` may not show a live drag of this piece or tray kind, or null when they may. */
export function checkDrag(state: WorkshopState, drag: { pieceId?: string; kindId?: string }, actor: Actor): RejectionCode | null {
  if (actor.role === 'screen') return 'read-only';
  if (state.waiting.includes(actor.memberId)) return 'awaiting-approval';
  if (drag.pieceId !== undefined) {
    const piece = findPiece(state, drag.pieceId);
    if (!piece) return 'unknown-piece';
    return piece.heldBy === actor.memberId ? null : 'not-holding';
  }
  if (!state.kinds.some((k) => k.id === drag.kindId)) return 'unknown-value-kind';
  if (actor.role !== 'facilitator' && state.locked) return 'board-locked';
  if (actor.role !== 'facilitator' && PHASE_RULES[state.phase].placing === 'none') return 'phase-closed';
  return null;
}
