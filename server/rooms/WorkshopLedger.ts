/**
 * The workshop's states between the rules and the store: nothing is shown before it is stored.
 *
 * - `pending` is what the rules decide on: the stored state plus every accepted action whose
 *   write is still on its way. Actions apply to it in the order they arrive.
 * - `committed` is the last state the store confirmed.
 * - `shown` is what clients see: `committed`, with presence (members, seats, holds) taken from
 *   `pending`, because presence is never refused and holds are transient like drags.
 *
 * Writes land one after another. When one fails, that action and every later pending one are
 * refused (`false`), `pending` falls back to what was stored, and the sequence numbers of the
 * refused actions are handed out again — so the board and the action log never disagree.
 */
import type { WorkshopState } from '../../shared/types.ts';
import { SequenceConflictError, type LoggedAction, type WorkshopStore } from '../storage/WorkshopStore.ts';
import { log } from '../log.ts';

/** An action's log entry without its sequence number, which the ledger assigns. */
export type LedgerEntry = Omit<LoggedAction, 'seq'>;

/** The pending, committed and shown states of one workshop and the queue of writes between them. */
export class WorkshopLedger {
  private readonly store: WorkshopStore;
  private committedState: WorkshopState;
  private pendingState: WorkshopState;
  private shownState: WorkshopState;
  /** Sequence number of the last action handed out (pending) and of the last one stored. */
  private seq: number;
  private committedSeq: number;
  /** Settles when every queued write has landed or failed. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Bumped by a failed write: queued actions of an older generation are refused unwritten. */
  private generation = 0;
  /** A presence save is queued and not yet started (several changes share one write). */
  private presenceSaveQueued = false;

  /** Called when another writer has appended to this workshop: this room's history is no longer the workshop's. */
  private readonly onConflict: () => void;

  constructor(store: WorkshopStore, stored: WorkshopState, lastSeq: number, onConflict: () => void = () => undefined) {
    this.store = store;
    this.onConflict = onConflict;
    this.committedState = stored;
    this.pendingState = stored;
    this.shownState = stored;
    this.seq = lastSeq;
    this.committedSeq = lastSeq;
  }

  /** What the rules decide on: the stored state and every accepted action still being written. */
  get pending(): WorkshopState {
    return this.pendingState;
  }

  /** What clients may be shown: only stored actions, with current presence. */
  get shown(): WorkshopState {
    return this.shownState;
  }

  /** Settles once every write queued so far has landed or failed. */
  settled(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  /**
   * Accept an action: `next` becomes pending at once and is written with its log entry after
   * every earlier write. Resolves with the stored entry once it is safe, or undefined when this
   * write (or an earlier one) failed — then nothing of it is ever shown.
   */
  append(next: WorkshopState, entry: LedgerEntry): Promise<LoggedAction | undefined> {
    const generation = this.generation;
    const logged: LoggedAction = { ...entry, seq: ++this.seq };
    this.pendingState = next;
    const write = this.queue.then(async () => {
      if (generation !== this.generation) return undefined;
      try {
        await this.store.appendAction(next.id, logged, next);
      } catch (error) {
        log('error', 'save-failed', { workshop: next.id, seq: logged.seq, error: String(error) });
        this.rollBack();
        // a second room for this workshop (or a write whose commit was lost) got there first: never fork the history
        if (error instanceof SequenceConflictError) this.onConflict();
        return undefined;
      }
      this.committedState = next;
      this.committedSeq = logged.seq;
      this.refreshShown();
      return logged;
    });
    this.queue = write;
    return write;
  }

  /**
   * Change presence (members, seats, holds): it shows at once and is saved after the queued
   * writes, together with the stored board — never with actions that are still pending.
   */
  changePresence(change: (state: WorkshopState) => WorkshopState): void {
    this.pendingState = change(this.pendingState);
    this.refreshShown();
    if (this.presenceSaveQueued) return;
    this.presenceSaveQueued = true;
    this.queue = this.queue.then(async () => {
      this.presenceSaveQueued = false;
      const state = this.shownState;
      try {
        await this.store.saveState(state.id, state, Date.now());
      } catch (error) {
        // presence is saved again with the next write; nothing a client was told depends on it
        log('error', 'save-failed', { workshop: state.id, error: String(error) });
      }
    });
  }

  /** A hold changed (grab or release): transient like a drag, so shown at once and never written on its own. */
  changeHolds(next: WorkshopState): void {
    this.pendingState = next;
    this.refreshShown();
  }

  private rollBack(): void {
    this.generation++;
    this.seq = this.committedSeq;
    this.pendingState = withPresence(this.committedState, this.pendingState);
    this.refreshShown();
  }

  private refreshShown(): void {
    this.shownState = withPresence(this.committedState, this.pendingState);
  }
}

/** `board` with the members, seats, waiting list and holds of `presence`. */
export function withPresence(board: WorkshopState, presence: WorkshopState): WorkshopState {
  if (board === presence) return board;
  const holds = new Map<string, string>();
  for (const piece of presence.pieces) if (piece.heldBy) holds.set(piece.id, piece.heldBy);
  const pieces = board.pieces.map((piece) => {
    const heldBy = holds.get(piece.id) ?? '';
    return piece.heldBy === heldBy ? piece : { ...piece, heldBy };
  });
  return { ...board, members: presence.members, seats: presence.seats, waiting: presence.waiting, pieces };
}
