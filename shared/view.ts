/** What each person may see: the one place that decides, so server filtering and tests agree. */
import { PHASE_RULES } from './phases.ts';
import type { Member, PlacedPiece, Phase } from './types.ts';

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
