/**
 * One error vocabulary for the whole product: every code a client can be answered with — an
 * action or message refused in the room, a join refused by the matchmaker, an HTTP request
 * refused by the API — with its HTTP-like status. The words for each code are `error.<code>`
 * in every i18n table (TypeScript checks that each exists).
 */
import { t, type Language, type MessageKey } from './i18n/index.ts';

/** Codes of refused actions and messages inside a room (answered with an `error` message; the client stays connected). */
export const ACTION_REFUSALS = [
  'unknown-message',
  'bad-message',
  'protocol-version',
  'read-only',
  'facilitator-only',
  'not-your-party',
  'phase-closed',
  'unknown-value-kind',
  'unknown-piece',
  'unknown-party',
  'outside-board',
  'piece-held-by-other',
  'not-holding',
  'duplicate-piece',
  'label-required',
  'color-taken',
  'short-name-taken',
  'too-many-parties',
  'party-in-use',
  'not-saved',
  'board-locked',
  'voting-closed',
  'no-dots-left',
  'no-vote-here',
  'nothing-to-undo',
  'undo-conflict',
  'unknown-member',
  'unknown-category',
  'unknown-item',
  'board-not-empty',
  'too-few-parties',
  'kicked',
  'wrong-key',
  'timer-not-set',
  'not-a-voter',
  'rate-limited',
  'seat-taken',
  'area-full',
  'party-full',
  'board-full',
  'too-many-kinds',
  'workshop-too-large',
  'hidden-in-phase',
  'awaiting-approval',
] as const;

/** Codes of refused joins, with the status the matchmaker answers with. */
export const JOIN_REFUSALS = {
  'bad-message': 400,
  /** The page speaks another protocol than the server (it was updated since the page loaded): reload. */
  'protocol-version': 400,
  'unknown-party': 400,
  'wrong-code': 403,
  'wrong-key': 403,
  'seat-unknown': 403,
  'workshop-closed': 403,
  'workshop-full': 403,
  'too-many-screens': 403,
  kicked: 403,
  'workshop-not-found': 404,
  'too-many-attempts': 429,
  'too-many-joins': 429,
} as const;

/** Codes of refused HTTP requests, with their status. */
export const HTTP_ERRORS = {
  'invalid-workshop': 400,
  'invalid-workshop-file': 400,
  'invalid-import': 400,
  'invalid-json': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'workshop-not-found': 404,
  'body-too-large': 413,
  'too-many-attempts': 429,
  'too-many-workshops': 429,
  'internal-error': 500,
} as const;

/** A refused action's code. */
export type RejectionCode = (typeof ACTION_REFUSALS)[number];
/** A refused join's code. */
export type JoinRefusal = keyof typeof JOIN_REFUSALS;
/** A refused HTTP request's code. */
export type HttpError = keyof typeof HTTP_ERRORS;
/** Any error code of the product. */
export type ErrorCode = RejectionCode | JoinRefusal | HttpError;

// every code has its words in the tables: this line stops compiling when one is missing
const _everyCodeHasWords: `error.${ErrorCode}` extends MessageKey ? true : never = true;
void _everyCodeHasWords;

/** The words for `code` in `language`. */
export function errorMessage(language: Language, code: ErrorCode): string {
  return t(language, `error.${code}`);
}
