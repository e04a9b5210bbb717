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
  /** Position of the piece's centre in board space (see geometry.ts), as the layout (shared/layout.ts) laid it out. */
  x: number;
  y: number;
  /** The piece's size as a share of PIECE_SIZE, as the layout laid it out (pieces shrink as their sub-zone fills). */
  scale: number;
  note: string;
  importance: number;
  /** The member currently dragging the piece; '' when nobody holds it. */
  heldBy: string;
  placedAt: number;
}

/** One dot a participant put on a piece in the dot-vote. */
export interface Vote {
  id: string;
  memberId: string;
  pieceId: string;
}

/** The dot-vote: open for voting or not, dots per participant, and whether everyone sees the result. */
export interface Voting {
  open: boolean;
  dots: number;
  shown: boolean;
}

/** The shared timer, driven by the server's clock. */
export interface Timer {
  durationMs: number;
  /** Server time (ms since epoch) when it runs out, while running; 0 otherwise. */
  endsAt: number;
  /** What is left while paused or stopped. */
  remainingMs: number;
  running: boolean;
}

/** What the shared screen zooms to and everyone sees highlighted. */
export interface Spotlight {
  kind: 'none' | 'party' | 'piece';
  id: string;
}

/** A line of the agreement (a shared value or an open question). */
export interface AgreementItem {
  id: string;
  text: string;
}

/** A next step, owned by one party. */
export interface NextStep extends AgreementItem {
  ownerPartyId: string;
}

/** The raw material for the written collaboration agreement. */
export interface Agreement {
  sharedValues: AgreementItem[];
  openQuestions: AgreementItem[];
  nextSteps: NextStep[];
}

/** One undoable change to a piece: the piece before and after (null when it did not exist). */
export interface HistoryEntry {
  id: string;
  memberId: string;
  /** The party the author acted for ('' for the facilitator). */
  partyId: string;
  type: 'place' | 'move' | 'edit' | 'remove' | 'undo';
  pieceId: string;
  before: PlacedPiece | null;
  after: PlacedPiece | null;
  /** Set when a later undo reverted this entry. */
  undone: boolean;
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
  /** Whether new people may join (participants and shared screens). */
  open: boolean;
  /** Whether a new participant waits until the facilitator lets them in. */
  approveJoins: boolean;
  /** Participants who joined while approveJoins was on and were not let in yet (member ids): they see and do nothing. */
  waiting: string[];
  createdAt: number;
  parties: Party[];
  categories: ValueCategory[];
  kinds: ValueKind[];
  members: Member[];
  pieces: PlacedPiece[];
  /** Whether the optional partner-view phase is part of this workshop. */
  partnerView: boolean;
  /** Most participants who may join. */
  maxParticipants: number;
  /** When locked, only the facilitator may change the board. */
  locked: boolean;
  spotlight: Spotlight;
  voting: Voting;
  /** Dots placed; each client receives only what it may see (its own until the result is shown). */
  votes: Vote[];
  timer: Timer;
  agreement: Agreement;
  /** Months after the last activity until the workshop is deleted (personal data is not kept forever). */
  retentionMonths: number;
  /** The undo history of piece changes (server-side; never sent to clients). */
  history: HistoryEntry[];
  /** Seat tokens (hashed) that let a participant come back as the same member (server-side; never sent to clients). */
  seats: Seat[];
}

/** A participant's seat: the hash of the token its browser keeps to come back as the same member. */
export interface Seat {
  memberId: string;
  tokenHash: string;
  /** The facilitator removed its member: the token is refused ('kicked'), so a kick is not undone by a reload. */
  banned: boolean;
  /** When its member was last seen (ms since epoch), 0 while connected: a member away long enough who placed nothing is dropped. */
  leftAt: number;
}

/** Who performs an action: the rules decide by role and party, never by what a client claims. */
export interface Actor {
  memberId: string;
  role: Role;
  partyId: string;
}
