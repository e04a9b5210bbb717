/**
 * The table of moves, boardgame.io style: one entry per action type the rules decide, keyed by its
 * client message type. The lists of action types (ACTION_TYPES, FACILITATOR_ACTIONS, the Action type)
 * are derived from it in ../rules.ts; the room handles the client messages that are not here itself.
 */
import type { ClientMessageType } from '../protocol.ts';
import { WORKSHOP_CAPS } from '../limits.ts';
import type { WorkshopState } from '../types.ts';
import { refuse, type ApplyResult, type MoveOf } from './move.ts';
import { place, grab, release, move, edit, remove, undo } from './pieces.ts';
import { updateWorkshop, updateParty, addParty, removeParty, addKind } from './workshop.ts';
import { setPhase, setOpen, setApproval, admit, kick, lock, spotlight, timer } from './session.ts';
import { voting, vote, unvote } from './voting.ts';
import { agreementAdd, agreementUpdate, agreementRemove } from './agreement.ts';

/** The characters of what every newcomer is sent: the state without what stays on the server (history, seats). */
export function sentStateChars(state: WorkshopState): number {
  const { history: _history, seats: _seats, ...sent } = state;
  return JSON.stringify(sent).length;
}

/**
 * The same move, refused with 'workshop-too-large' when its change would make the state every
 * newcomer is sent larger than WORKSHOP_CAPS.stateChars: the backstop behind every other cap, on
 * the moves that add text or things.
 */
function bounded<M extends { change: (...args: never[]) => ApplyResult }>(move: M): M {
  const change = move.change as (...args: unknown[]) => ApplyResult;
  const boundedChange = (...args: unknown[]): ApplyResult => {
    const result = change(...args);
    return result.ok && sentStateChars(result.state) > WORKSHOP_CAPS.stateChars ? refuse('workshop-too-large') : result;
  };
  return { ...move, change: boundedChange };
}

/** Every move, by the action type that takes it. */
export const MOVES = {
  place: bounded(place),
  grab,
  release,
  move,
  edit: bounded(edit),
  remove,
  undo,
  'update-workshop': bounded(updateWorkshop),
  'update-party': bounded(updateParty),
  'add-party': bounded(addParty),
  'remove-party': removeParty,
  'add-kind': bounded(addKind),
  'set-phase': setPhase,
  'set-open': setOpen,
  'set-approval': setApproval,
  admit,
  kick,
  lock,
  spotlight,
  timer,
  voting,
  vote,
  unvote,
  'agreement-add': bounded(agreementAdd),
  'agreement-update': bounded(agreementUpdate),
  'agreement-remove': agreementRemove,
} as const satisfies { [T in ClientMessageType]?: MoveOf<T> };
