/**
 * The plain state of one workshop. The server holds it authoritatively, the rules in
 * rules.ts transform it, and the Colyseus schema classes on the server mirror it.
 */
import type { Language } from './i18n/languages.ts';
import type { ValueKind, ValueCategory } from './deck.ts';

/** The phases a workshop moves through; `open` is the free board where everything is visible. */
export const PHASES = ['lobby', 'own-value', 'partner-view', 'reveal', 'dialogue', 'agreement', 'open'] as const;
/** One phase of a workshop. */
export type Phase = (typeof PHASES)[number];

/** Who a connected person is in the workshop. */
export const ROLES = ['facilitator', 'participant', 'screen'] as const;
/** A role: the facilitator runs it, participants act for their party, the shared screen only watches. */
export type Role = (typeof ROLES)[number];

/** An organisation taking part. */
export interface Party {
  id: string;
  name: string;
  shortName: string;
  color: string;
}

/** A person (or the shared screen) who has joined the workshop. */
export interface Member {
  id: string;
  name: string;
  role: Role;
  /** The party a participant acts for; '' for the facilitator and the screen. */
  partyId: string;
  connected: boolean;
  language: Language;
}

/** One value kind placed on the board. */
export interface PlacedPiece {
  id: string;
  kindId: string;
  /** The name a placer gave a blank "own value" piece; '' for other kinds. */
  label: string;
  /** Whose area the piece lies in: "the collaboration creates this value for that party". */
  areaPartyId: string;
  /** The party the piece was placed for (the facilitator may place on behalf of any party). */
  placedByPartyId: string;
  /** The member who placed it. */
  placedByMemberId: string;
  /** True when the facilitator placed it on the party's behalf. */
  byFacilitator: boolean;
  /** Position of the piece's centre in board space (see geometry.ts). */
  x: number;
  y: number;
  note: string;
  importance: number;
  /** The member currently dragging the piece; '' when nobody holds it. */
  heldBy: string;
  placedAt: number;
}

/** Everything about one workshop that its room holds and its clients see (secrets are kept apart). */
export interface WorkshopState {
  id: string;
  code: string;
  title: string;
  focus: string;
  /** The collaboration named at the centre of the board. */
  collaboration: string;
  language: Language;
  deckId: string;
  phase: Phase;
  /** Whether new people may join. */
  open: boolean;
  createdAt: number;
  parties: Party[];
  categories: ValueCategory[];
  kinds: ValueKind[];
  members: Member[];
  pieces: PlacedPiece[];
}

/** Who performs an action: the rules decide by role and party, never by what a client claims. */
export interface Actor {
  memberId: string;
  role: Role;
  partyId: string;
}
