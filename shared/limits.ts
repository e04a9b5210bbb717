/**
 * Every size limit of the product in one place: the length of each text field, and how many of
 * each thing a workshop holds. The zod schemas (protocol, setup, workshop file), the rules, the
 * layout and the forms' `maxlength` all read these; nothing repeats a number.
 */

/** Longest text per field (characters, after trimming where the field is a name). */
export const FIELD_LIMITS = {
  /** A workshop's title. */
  title: 120,
  /** The focus question. */
  focus: 300,
  /** The name of the collaboration at the centre of the board. */
  collaboration: 80,
  /** An organisation's name. */
  partyName: 60,
  /** An organisation's short name (shown on pieces). */
  partyShortName: 6,
  /** A person's display name. */
  personName: 40,
  /** The name of a blank "own value" piece or a custom value kind. */
  label: 40,
  /** A custom value kind's one-line description. */
  kindDescription: 160,
  /** A note on a piece. */
  note: 280,
  /** A line of the agreement. */
  agreementText: 300,
  /** A join code as typed (with spaces or dashes between its groups). */
  typedJoinCode: 20,
} as const;

/** A field that has a length limit. */
export type LimitedField = keyof typeof FIELD_LIMITS;

/** Participants a workshop admits by default and at most. */
export const DEFAULT_MAX_PARTICIPANTS = 40;
export const MAX_PARTICIPANTS = 200;
/** Months a workshop is kept after its last activity, by default and at most. */
export const DEFAULT_RETENTION_MONTHS = 12;
export const MAX_RETENTION_MONTHS = 60;
/** Lines per list of the agreement. */
export const MAX_AGREEMENT_LINES = 200;
/** Dots each participant may get in a dot-vote. */
export const MAX_DOTS = 10;
/** Longest timer (seconds), and shortest. */
export const TIMER_SECONDS = { min: 10, max: 4 * 3600 } as const;

/**
 * How many pieces a board holds, and how small they may get: the one table the rules (which
 * refuse past it), the layout (which lays pieces out within it, shared/layout.ts) and the
 * refusals' words read. The board (a ring of radius 490 around a centre of 150 in a space of
 * 1000) holds about 65 full-size pieces by area, fewer once rectangles meet its curves, so a
 * real workshop of 8 parties with 15 values each (120 pieces: 8 own and one in each partner's
 * area; at 8 parties a board holds about 128 at the smallest size, its own party's sub-zone 8–9
 * and each partner's 1–2) lays its pieces at about half size; every cap here is above what such
 * a workshop places, and far below what would slow a room down.
 */
export const PIECE_LIMITS = {
  /**
   * The sizes a piece may take, largest first, as a share of PIECE_SIZE: a sub-zone lays its
   * pieces at the largest size at which they all fit, so pieces shrink as it fills and grow back
   * as it empties. The last is the smallest a piece shrinks to. The sizes fit the layout's tiles:
   * a full piece spans two rows of the smallest, 0.73 two rows in three, 0.64 three in four.
   */
  scales: [1, 0.73, 0.64, 0.6, 0.475],
  /**
   * The share of an area's room that its own party's sub-zone gets; the partners' sub-zones share
   * the rest equally. The pieces one sub-zone holds at the smallest size are its cap (past it:
   * 'area-full'); an area holds the sum of its sub-zones, which its reveal arrangement always fits.
   */
  ownShare: 0.5,
  /** Most pieces a sub-zone holds whatever its room: its own party's, and one partner's. */
  perSubZone: { own: 30, partner: 12 },
  /** Most pieces one party places on the whole board (past it: 'party-full'). */
  perParty: 40,
  /** Most pieces on one board (past it: 'board-full'). */
  perBoard: 160,
} as const;

/** What a participant is told when a cap of PIECE_LIMITS is reached: a refusal, never a piece hidden under another. */
export const PAST_CAPACITY = {
  subZone: 'area-full',
  party: 'party-full',
  board: 'board-full',
} as const;

/**
 * Caps per workshop that a real workshop never meets, so that one person with the code cannot
 * slow every workshop down or make a newcomer download megabytes (pieces are capped in
 * PIECE_LIMITS above). Past one, the action or join is refused with words that say why.
 */
export const WORKSHOP_CAPS = {
  /** Shared screens connected at once ('too-many-screens'). */
  screens: 10,
  /** Value kinds a workshop adds to its deck ('too-many-kinds'). */
  customKinds: 50,
  /**
   * Members kept, present and away. At the cap, the member away longest who left no trace (no
   * piece, no dot) makes room for a newcomer; only when there is none is a join refused ('workshop-full').
   */
  members: 500,
  /** Characters of the state every newcomer receives, as JSON ('workshop-too-large'): a backstop above everything the other caps allow. */
  stateChars: 600_000,
  /** Days after which a participant who left no trace is dropped; its seat token then joins as a new member. */
  dropAfterDays: 7,
} as const;
