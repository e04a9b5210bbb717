/**
 * Where a person may put a value now, by the same rule the server applies (shared/moves/board.ts
 * placingAllowed, the phase table, the lock): the areas "Place in …" and "Move to …" offer. The
 * server still decides every action; this only keeps the menus from offering what it would refuse.
 */
import { placingAllowed } from '../../shared/moves/board.ts';
import { PHASE_RULES } from '../../shared/phases.ts';
import type { Party, PlacedPiece } from '../../shared/types.ts';
import type { ClientState } from '../net/WorkshopConnection.ts';
import type { Viewer } from './boardText.ts';

/** The actor the rules see for `viewer`. */
const actorOf = (viewer: Viewer) => ({ memberId: viewer.memberId, role: viewer.role, partyId: viewer.partyId });

/** Whether `viewer` may act on the board at all now (not the screen, not waiting to be let in, not locked out). */
function mayAct(state: ClientState, viewer: Viewer): boolean {
  if (viewer.role === 'facilitator') return true;
  return viewer.role === 'participant' && !state.locked && !state.waiting.includes(viewer.memberId);
}

/**
 * The areas `viewer` may place a value in now, the viewer's own area first. The facilitator places
 * for `forPartyId` (or, without it, for each area's own party) and may place anywhere.
 */
export function placeTargets(state: ClientState, viewer: Viewer): Party[] {
  if (!mayAct(state, viewer)) return [];
  if (viewer.role === 'facilitator') return [...state.parties];
  if (PHASE_RULES[state.phase].placing === 'none') return [];
  const allowed = state.parties.filter((area) => placingAllowed(state, actorOf(viewer), viewer.partyId, area.id));
  return [...allowed.filter((p) => p.id === viewer.partyId), ...allowed.filter((p) => p.id !== viewer.partyId)];
}

/** The other areas `viewer` may move `piece` to now (its own area is where the arrow keys move it). */
export function moveTargets(state: ClientState, viewer: Viewer, piece: PlacedPiece): Party[] {
  if (!mayAct(state, viewer)) return [];
  if (viewer.role !== 'facilitator' && (piece.placedByPartyId !== viewer.partyId || !PHASE_RULES[state.phase].editing)) return [];
  return state.parties.filter((area) => area.id !== piece.areaPartyId && placingAllowed(state, actorOf(viewer), piece.placedByPartyId, area.id));
}
