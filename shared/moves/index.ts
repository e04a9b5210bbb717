/**
 * The table of moves, boardgame.io style: one entry per action type the rules decide, keyed by its
 * client message type. The lists of action types (ACTION_TYPES, FACILITATOR_ACTIONS, the Action type)
 * are derived from it in ../rules.ts; the room handles the client messages that are not here itself.
 */
import type { ClientMessageType } from '../protocol.ts';
import type { MoveOf } from './move.ts';
import { place, grab, release, move, edit, remove, undo } from './pieces.ts';
import { updateWorkshop, updateParty, addParty, removeParty, addKind } from './workshop.ts';
import { setPhase, setOpen, kick, lock, spotlight, timer } from './session.ts';
import { voting, vote, unvote } from './voting.ts';
import { agreementAdd, agreementUpdate, agreementRemove } from './agreement.ts';

/** Every move, by the action type that takes it. */
export const MOVES = {
  place,
  grab,
  release,
  move,
  edit,
  remove,
  undo,
  'update-workshop': updateWorkshop,
  'update-party': updateParty,
  'add-party': addParty,
  'remove-party': removeParty,
  'add-kind': addKind,
  'set-phase': setPhase,
  'set-open': setOpen,
  kick,
  lock,
  spotlight,
  timer,
  voting,
  vote,
  unvote,
  'agreement-add': agreementAdd,
  'agreement-update': agreementUpdate,
  'agreement-remove': agreementRemove,
} as const satisfies { [T in ClientMessageType]?: MoveOf<T> };
