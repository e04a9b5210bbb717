/** What each person may see: the one place that decides, so server filtering and tests agree. */
import { PHASE_RULES } from './phases.ts';
import type { Member, PlacedPiece, Phase, Vote, Voting } from './types.ts';

/** True when `viewer` may receive `piece` (its kind, note, position) in `phase`. */
export function canSeePiece(viewer: Pick<Member, 'role' | 'partyId'>, piece: PlacedPiece, phase: Phase): boolean {
  if (!PHASE_RULES[phase].hidden) return true;
  if (viewer.role === 'facilitator') return true;
  return viewer.role === 'participant' && viewer.partyId === piece.placedByPartyId;
}

/** True when `viewer` may see live drags by a member of `draggerPartyId` in `phase`. */
export function canSeeDrag(viewer: Pick<Member, 'role' | 'partyId'>, draggerPartyId: string, phase: Phase): boolean {
  if (!PHASE_RULES[phase].hidden) return true;
  if (viewer.role === 'facilitator') return true;
  return viewer.role === 'participant' && viewer.partyId === draggerPartyId && draggerPartyId !== '';
}

/** True when `viewer` may see `vote`: their own dots always, everyone's once the result is shown (the facilitator always). */
export function canSeeVote(viewer: Pick<Member, 'id' | 'role'>, vote: Vote, voting: Voting): boolean {
  return voting.shown || viewer.role === 'facilitator' || vote.memberId === viewer.id;
}
