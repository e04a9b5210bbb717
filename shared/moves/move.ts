/**
 * What a move is: the guards it declares (who may take it, on which piece, when) and its pure
 * change. The table of every move is in ./index.ts; apply() in ../rules.ts runs it.
 */
import type { ClientMessage, ClientMessageType, RejectionCode } from '../protocol.ts';
import type { Actor, Phase, PlacedPiece, Role, WorkshopState } from '../types.ts';

/** An action of client message type `T`: the parsed message with its type beside it. */
export type ActionOf<T extends ClientMessageType> = { type: T } & ClientMessage<T>;

/** What an accepted action changed, for logs and for the answer to its sender. */
export type RuleEvent =
  | { type: 'piece-placed'; pieceId: string }
  | { type: 'piece-grabbed'; pieceId: string }
  | { type: 'piece-released'; pieceId: string }
  | { type: 'piece-moved'; pieceId: string }
  | { type: 'piece-edited'; pieceId: string }
  | { type: 'piece-removed'; pieceId: string }
  | { type: 'workshop-updated' }
  | { type: 'party-updated'; partyId: string }
  | { type: 'party-added'; partyId: string }
  | { type: 'party-removed'; partyId: string }
  | { type: 'phase-changed'; phase: Phase }
  | { type: 'member-kicked'; memberId: string }
  | { type: 'members-admitted'; memberIds: string[] }
  | { type: 'views-changed' }
  | { type: 'changed' };

/** The result of applying an action: the next state, or a refusal with a stable code. */
export type ApplyResult =
  | { ok: true; state: WorkshopState; events: RuleEvent[] }
  | { ok: false; code: RejectionCode };

/** What the rules need from the world: the time and fresh ids. */
export interface RuleContext {
  now: number;
  newId: () => string;
}

/** Refuse an action with a stable code. */
export const refuse = (code: RejectionCode): ApplyResult => ({ ok: false, code });

/**
 * The guards a move declares. apply() checks them in the order written here, before the change;
 * the facilitator is held only to `roles` and `votingOpen` (it stands above party lines, the lock and the phase).
 */
export interface Guards {
  /** The roles that may take the move; anyone else is refused (see ROLE_REFUSALS in ../rules.ts). */
  roles: readonly Role[];
  /** Only while dot voting is open ('voting-closed'). */
  votingOpen?: true;
  /** Participants are refused while the board is locked ('board-locked'). */
  unlocked?: true;
  /** The phases in which participants may take the move ('phase-closed' in the others); any phase when absent. */
  phases?: readonly Phase[];
}

/** A move that needs no particular piece: its change gets the state, the action, who acts and the world. */
export interface Move<T extends ClientMessageType> extends Guards {
  piece?: undefined;
  /** The pure change, run once every guard has passed. */
  change: (state: WorkshopState, action: ActionOf<T>, actor: Actor, ctx: RuleContext) => ApplyResult;
}

/** The action types whose message names a piece by `pieceId`. */
export type PieceActionType = { [T in ClientMessageType]: ClientMessage<T> extends { pieceId: string } ? T : never }[ClientMessageType];

/**
 * A move on the piece its action names. The piece is looked up first ('unknown-piece', before even
 * the role), and handed to the change; with 'own', participants may touch only their party's pieces ('not-your-party').
 */
export interface PieceMove<T extends PieceActionType> extends Guards {
  piece: 'any' | 'own';
  /** The pure change, run once every guard has passed, with the piece the action names. */
  change: (state: WorkshopState, action: ActionOf<T>, actor: Actor, ctx: RuleContext, piece: PlacedPiece) => ApplyResult;
}

/** Every role but the screen's, which only watches. */
export const PLAYERS: readonly Role[] = ['facilitator', 'participant'];
/** Only the facilitator. */
export const FACILITATOR: readonly Role[] = ['facilitator'];
/** Only participants: the people who hold voting dots. */
export const VOTERS: readonly Role[] = ['participant'];

/** The move for action type `T`: a plain move, or a move on the piece its action names. */
export type MoveOf<T extends ClientMessageType> = Move<T> | (T extends PieceActionType ? PieceMove<T> : never);
