/**
 * The board as text, for one viewer: per area its party and the pieces in it with everything a
 * sighted person reads off the board (value, who placed it, note, importance, dots, reveal mark),
 * and — while the pieces are hidden — per other party only how many it has placed. Built from the
 * state this client holds, which the server has already cut to what this viewer may see
 * (shared/view.ts), so the text can never tell more than the board. Pure: the side panel words
 * and draws it (client/screens/boardSide.ts), tests read it directly.
 */
import { localized } from '../../shared/deck.ts';
import { PHASE_RULES } from '../../shared/phases.ts';
import { compareParty, type Perception } from '../../shared/reveal.ts';
import type { Language } from '../../shared/i18n/index.ts';
import type { Party, PlacedPiece, Role, WorkshopState } from '../../shared/types.ts';
import type { ClientState } from '../net/WorkshopConnection.ts';

/** Who is looking. */
export interface Viewer {
  memberId: string;
  role: Role;
  partyId: string;
}

/** One piece as text. */
export interface TextPiece {
  piece: PlacedPiece;
  /** The value's name in the viewer's language (a blank piece's own name). */
  value: string;
  /** The party the piece was placed by (or for, when the facilitator placed it). */
  placedBy: Party | undefined;
  /** The reveal mark, from the reveal on. */
  mark: Perception | undefined;
  /** The viewer's own dots on it. */
  myDots: number;
  /** Everyone's dots on it, when the viewer may see them (the result is shown, or the viewer runs the vote). */
  allDots: number | undefined;
  /** The name of the person moving it now, if someone is. */
  heldBy: string | undefined;
  /** Whether the viewer may move, edit and remove it now (the server decides; this only shapes the offer). */
  editable: boolean;
  /** Whether it is in the spotlight. */
  spotlit: boolean;
}

/** One party's area as text. */
export interface TextArea {
  party: Party;
  /** True for the viewer's own party's area. */
  mine: boolean;
  /** The pieces in it the viewer may see, in the order they were placed. */
  pieces: TextPiece[];
}

/** The whole board as text. */
export interface BoardText {
  areas: TextArea[];
  /** While pieces are hidden from the viewer: per other party, how many it has placed (null when nothing is hidden). */
  hidden: { party: Party; count: number }[] | null;
  /** What is in the spotlight, in words (undefined when nothing is). */
  spotlight: string | undefined;
  /** The dot-vote's result, most dots first, when the viewer may see it (null otherwise). */
  votes: { piece: TextPiece; area: Party; count: number }[] | null;
}

/** The phases whose pieces carry the reveal's marks. */
const MARKED_PHASES: readonly WorkshopState['phase'][] = ['reveal', 'dialogue', 'agreement'];

/** The value's name of `piece` in `lang`. */
export function valueName(state: Pick<WorkshopState, 'kinds'>, piece: Pick<PlacedPiece, 'kindId' | 'label'>, lang: Language): string {
  const kind = state.kinds.find((k) => k.id === piece.kindId);
  return piece.label || (kind ? localized(kind.label, lang) : piece.kindId);
}

/** Whether `viewer` may move, edit and remove `piece` now, by the rules the server applies (role, party, phase, lock). */
export function mayEdit(state: Pick<WorkshopState, 'phase' | 'locked' | 'waiting'>, viewer: Viewer, piece: Pick<PlacedPiece, 'placedByPartyId'>): boolean {
  if (viewer.role === 'facilitator') return true;
  if (viewer.role !== 'participant' || state.waiting.includes(viewer.memberId)) return false;
  return piece.placedByPartyId === viewer.partyId && PHASE_RULES[state.phase].editing && !state.locked;
}

/** What is in the spotlight, in words ("Residents (Kommunen)", or a party's name); undefined when nothing (this viewer may see) is. */
export function spotlightWords(state: Pick<WorkshopState, 'spotlight' | 'parties' | 'pieces' | 'kinds'>, lang: Language): string | undefined {
  const party = (id: string) => state.parties.find((p) => p.id === id);
  if (state.spotlight.kind === 'party') return party(state.spotlight.id)?.name;
  if (state.spotlight.kind !== 'piece') return undefined;
  const piece = state.pieces.find((p) => p.id === state.spotlight.id);
  if (!piece) return undefined;
  const area = party(piece.areaPartyId);
  return area ? `${valueName(state, piece, lang)} (${area.name})` : valueName(state, piece, lang);
}

/** The board as text for `viewer`. */
export function boardText(state: ClientState, viewer: Viewer, lang: Language): BoardText {
  const marks = new Map<string, Perception>();
  if (MARKED_PHASES.includes(state.phase)) {
    for (const party of state.parties) {
      for (const value of compareParty(state, party.id).values) {
        for (const piece of [...(value.own ? [value.own] : []), ...value.partners]) marks.set(piece.id, value.perception);
      }
    }
  }
  const seeAllDots = state.voting.shown || viewer.role === 'facilitator';
  const party = (id: string) => state.parties.find((p) => p.id === id);
  const text = (piece: PlacedPiece): TextPiece => {
    const dots = state.votes.filter((v) => v.pieceId === piece.id);
    return {
      piece,
      value: valueName(state, piece, lang),
      placedBy: party(piece.placedByPartyId),
      mark: marks.get(piece.id),
      myDots: dots.filter((v) => v.memberId === viewer.memberId).length,
      allDots: seeAllDots ? dots.length : undefined,
      heldBy: piece.heldBy ? (state.members.find((m) => m.id === piece.heldBy)?.name ?? '') : undefined,
      editable: mayEdit(state, viewer, piece),
      spotlit: state.spotlight.kind === 'piece' && state.spotlight.id === piece.id,
    };
  };
  const ordered = [...state.pieces].sort((a, b) => a.placedAt - b.placedAt || a.id.localeCompare(b.id));
  const areas = state.parties.map((p) => ({ party: p, mine: viewer.role === 'participant' && p.id === viewer.partyId, pieces: ordered.filter((piece) => piece.areaPartyId === p.id).map(text) }));

  // the server sends a hidden party's pieces to nobody but its own people and the facilitator: the others get its count
  const hidden =
    PHASE_RULES[state.phase].hidden && state.phase !== 'lobby' && viewer.role !== 'facilitator'
      ? state.parties.filter((p) => p.id !== viewer.partyId).map((p) => ({ party: p, count: p.pieceCount }))
      : null;

  const spotlight = spotlightWords(state, lang);

  const votes = seeAllDots && (state.votes.length > 0 || state.voting.shown)
    ? areas
        .flatMap((area) => area.pieces.map((piece) => ({ piece, area: area.party, count: piece.allDots ?? 0 })))
        .filter((row) => row.count > 0)
        .sort((a, b) => b.count - a.count || a.piece.value.localeCompare(b.piece.value))
    : null;

  return { areas, hidden, spotlight, votes };
}
