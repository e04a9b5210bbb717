/**
 * Per-client views: which pieces and votes of the schema state each connection may see, decided
 * by the shared playerView rules (shared/view.ts). Everything else in the state is public.
 * Someone waiting for the facilitator to let them in (state.waiting) sees no piece and no dot.
 */
import type { StateView } from '@colyseus/schema';
import { canSeePiece, canSeeVote } from '../../shared/view.ts';
import type { Member, WorkshopState } from '../../shared/types.ts';
import type { PieceSchema, VoteSchema, WorkshopSchema } from './schema/WorkshopSchema.ts';

/** Who is looking: enough of a member to decide what it may see. */
export type Viewer = Pick<Member, 'id' | 'role' | 'partyId'>;

/** Add or remove `row` from `view` so that it holds exactly when `allowed`. */
function show(view: StateView, row: PieceSchema | VoteSchema, allowed: boolean): void {
  const has = view.has(row);
  if (allowed && !has) view.add(row);
  else if (!allowed && has) view.remove(row);
}

/** Show a newly mirrored piece to `view` if `viewer` may see it. */
export function showPiece(view: StateView, viewer: Viewer, row: PieceSchema, state: WorkshopState): void {
  const piece = state.pieces.find((p) => p.id === row.id);
  if (piece && !state.waiting.includes(viewer.id) && canSeePiece(viewer, piece, state.phase)) view.add(row);
}

/** Show a newly mirrored vote to `view` if `viewer` may see it. */
export function showVote(view: StateView, viewer: Viewer, row: VoteSchema, state: WorkshopState): void {
  const vote = state.votes.find((v) => v.id === row.id);
  if (vote && !state.waiting.includes(viewer.id) && canSeeVote(viewer, vote, state.voting)) view.add(row);
}

/** Bring `view` in line with what `viewer` may see of `state` now (after a phase change, a shown vote or a reconnect). */
export function refreshView(view: StateView, viewer: Viewer, state: WorkshopState, schema: WorkshopSchema): void {
  const waiting = state.waiting.includes(viewer.id);
  for (const piece of state.pieces) {
    const row = schema.pieces.get(piece.id);
    if (row) show(view, row, !waiting && canSeePiece(viewer, piece, state.phase));
  }
  for (const vote of state.votes) {
    const row = schema.votes.get(vote.id);
    if (row) show(view, row, !waiting && canSeeVote(viewer, vote, state.voting));
  }
}
