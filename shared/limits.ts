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
