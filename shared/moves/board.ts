/** What several moves ask of the board: where a point lies, which piece is which, and the undo history. */
import { areaIndexAt } from '../geometry.ts';
import { PHASE_RULES } from '../phases.ts';
import type { Actor, HistoryEntry, Party, PlacedPiece, WorkshopState } from '../types.ts';
import type { RuleContext } from './move.ts';

/** How many undoable piece changes a workshop remembers. */
export const HISTORY_LIMIT = 500;

/** The spotlight when nothing is in it. */
export const NO_SPOTLIGHT = { kind: 'none', id: '' } as const;

/** The party whose area holds (x, y), or undefined when the point is in the centre or off the board. */
export function partyAt(state: WorkshopState, x: number, y: number): Party | undefined {
  return state.parties[areaIndexAt(state.parties.length, { x, y })];
}

/** The piece with this id, if it is on the board. */
export function findPiece(state: WorkshopState, pieceId: string): PlacedPiece | undefined {
  return state.pieces.find((p) => p.id === pieceId);
}

/** The state with one piece changed. */
export function withPiece(state: WorkshopState, pieceId: string, change: Partial<PlacedPiece>): WorkshopState {
  return { ...state, pieces: state.pieces.map((p) => (p.id === pieceId ? { ...p, ...change } : p)) };
}

/** Whether another piece already says the same thing: the same value, placed by the same party, in the same area. */
export function duplicateOf(state: WorkshopState, candidate: Pick<PlacedPiece, 'id' | 'kindId' | 'label' | 'areaPartyId' | 'placedByPartyId'>, blank: boolean): boolean {
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

/** Whether the phase's placing rule allows a piece of party `placerId` in the area of party `areaId`. */
export function placingAllowed(state: WorkshopState, actor: Actor, placerId: string, areaId: string): boolean {
  if (actor.role === 'facilitator') return true;
  const placing = PHASE_RULES[state.phase].placing;
  if (placing === 'any') return true;
  if (placing === 'own') return placerId === areaId;
  if (placing === 'others') return placerId !== areaId;
  return false;
}

/** Whether two versions of a piece have the same lasting content, ignoring who holds it right now. */
export function samePiece(a: PlacedPiece | null | undefined, b: PlacedPiece | null): boolean {
  if (!a || !b) return !a && !b;
  return JSON.stringify({ ...a, heldBy: '' }) === JSON.stringify({ ...b, heldBy: '' });
}

/** The history with an undoable piece change by `actor` added, kept bounded. */
export function remember(state: WorkshopState, actor: Actor, ctx: RuleContext, type: HistoryEntry['type'], pieceId: string, before: PlacedPiece | null, after: PlacedPiece | null, undoneId?: string): HistoryEntry[] {
  const entry: HistoryEntry = { id: ctx.newId(), memberId: actor.memberId, partyId: actor.partyId, type, pieceId, before, after, undone: false };
  const history = undoneId ? state.history.map((h) => (h.id === undoneId ? { ...h, undone: true } : h)) : state.history;
  return [...history, entry].slice(-HISTORY_LIMIT);
}

/** Release every piece `memberId` holds, where it lies (used when a person disconnects). */
export function releaseHolds(state: WorkshopState, memberId: string): WorkshopState {
  if (!state.pieces.some((p) => p.heldBy === memberId)) return state;
  return { ...state, pieces: state.pieces.map((p) => (p.heldBy === memberId ? { ...p, heldBy: '' } : p)) };
}
