/**
 * Live drags, out to the room. Every drag a room receives within one event-loop turn leaves at
 * the end of that turn (setImmediate) as one `drags` frame per receiver: the latest position of
 * each dragger and the drags that ended. A quiet room's drag goes out at once; a busy room sends
 * one frame per receiver per turn instead of one per drag.
 *
 * On a busy process, while several people drag at once, frames to a receiver are also kept up to
 * DRAG_FRAME_GAP_MS apart (what one dragger sends at most: receivers interpolate between 30
 * positions a second anyway): ten people dragging at 10 Hz then cost each receiver about 30 frames
 * a second, not 90. How far apart follows how busy the process's event loop is (loadGauge.ts):
 * not at all while it is mostly idle. A lone dragger is never held back (its own client already
 * sends at most 30 a second), nor is the first drag after a pause.
 *
 * Who sees which drag is decided by canSeeDrag (shared/view.ts), worked out once per phase or
 * member change into audiences: receivers that see the same draggers share one encoded frame,
 * draggers among them included (a client skips its own position; it is never sent a frame that
 * holds only its own), framed once as a WebSocket message and written as it is to each socket
 * (prebuiltFrames.ts). The drag path itself searches nothing and allocates nothing per receiver.
 */
import { getMessageBytes, Protocol } from '@colyseus/core';
import { checkDrag } from '../../shared/rules.ts';
import { canSeeDrag } from '../../shared/view.ts';
import { processLoad } from './loadGauge.ts';
import { deliver, OutgoingMessage, type FrameReceiver } from './prebuiltFrames.ts';
import type { ClientMessage, RejectionCode, ServerMessages } from '../../shared/protocol.ts';
import type { Actor, Phase, WorkshopState } from '../../shared/types.ts';

/** One batch, as sent. */
export type DragBatch = ServerMessages['drags'];
/** One dragger's latest position in a batch. */
export type DragMove = DragBatch['moves'][number];

/** What the fan-out needs of a connection (Colyseus's Client: frames wait there until the client has joined). */
export type DragReceiver = FrameReceiver;


/** How the fan-out is driven; tests replace the defaults. */
export interface DragFanoutOptions {
  /** Run `flush` once the current turn's messages are read (default: setImmediate). */
  schedule?: (flush: () => void) => void;
  /** Least time between two flushes with different draggers, or how to tell it now (default: the process's load, loadGauge.ts; 0: every turn). */
  minGapMs?: number | (() => number);
  /** The clock, in ms (default performance.now). */
  now?: () => number;
  /** Run `flush` after `ms` (default setTimeout). */
  later?: (flush: () => void, ms: number) => void;
  /** One batch as one frame's bytes (default: a Colyseus ROOM_DATA 'drags' message, msgpack as `broadcast` makes it). */
  encode?: (batch: DragBatch) => Uint8Array;
}

/** A dragger's state this turn: its latest position, or undefined when its drag ended. */
interface Entry {
  memberId: string;
  partyId: string;
  move: DragMove | undefined;
}

/** Receivers that see drags of the same parties, and this turn's frame for them. */
interface Audience {
  parties: ReadonlySet<string>;
  /** This turn's entries it may see, and their message (both built when a receiver first needs them). */
  entries: Entry[];
  built: boolean;
  message: OutgoingMessage | undefined;
}

const encodeForColyseus = (batch: DragBatch): Uint8Array => getMessageBytes.raw(Protocol.ROOM_DATA, 'drags', batch);

/** A connection in the fan-out: who it is (cached for its drags) and which audience it is in. */
export class DragConnection<C extends DragReceiver> {
  readonly client: C;
  readonly actor: Actor;
  /** Index into the fan-out's audiences, or -1 while it may see no drag. */
  audience = -1;
  // checkDrag's last verdict: a dragger drags the same thing many times over an unchanged state
  private checkedState: WorkshopState | undefined;
  private checkedPieceId: string | undefined;
  private checkedKindId: string | undefined;
  private verdictCache: RejectionCode | null = null;

  constructor(client: C, actor: Actor) {
    this.client = client;
    this.actor = actor;
  }

  /** Why this connection may not make `drag` on `state` (checkDrag), or null; remembered until the state or the dragged thing changes. */
  verdict(state: WorkshopState, drag: ClientMessage<'drag'>): RejectionCode | null {
    if (state !== this.checkedState || drag.pieceId !== this.checkedPieceId || drag.kindId !== this.checkedKindId) {
      this.checkedState = state;
      this.checkedPieceId = drag.pieceId;
      this.checkedKindId = drag.kindId;
      this.verdictCache = checkDrag(state, drag, this.actor);
    }
    return this.verdictCache;
  }
}

/** The live drags of one room. */
export class DragFanout<C extends DragReceiver> {
  private readonly schedule: (flush: () => void) => void;
  private readonly encode: (batch: DragBatch) => Uint8Array;
  private readonly connections: DragConnection<C>[] = [];
  private readonly byClient = new Map<C, DragConnection<C>>();
  /** Every party a dragger belongs to ('' is the facilitator's); only grows, so a leaver's drag-end still finds its viewers. */
  private readonly parties = new Set<string>(['']);
  private audiences: Audience[] = [];
  private phase: Phase;
  /** Members with a live drag, and their party, so an end reaches those who saw the drag. */
  private readonly dragging = new Map<string, string>();
  private pending = new Map<string, Entry>();
  private spare = new Map<string, Entry>();
  private readonly minGap: () => number;
  private readonly now: () => number;
  private readonly later: (flush: () => void, ms: number) => void;
  /** A flush is scheduled (for the end of this turn, or when the gap since the last one has passed). */
  private flushQueued = false;
  /** When the last frame went out, and its only dragger when it had one (a lone dragger is never held back). */
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private lastSoloDragger: string | undefined;
  private readonly endOfTurn = () => {
    this.flushQueued = false;
    this.flush();
  };

  constructor(phase: Phase, options: DragFanoutOptions = {}) {
    this.phase = phase;
    this.schedule = options.schedule ?? setImmediate;
    this.encode = options.encode ?? encodeForColyseus;
    const gap = options.minGapMs;
    this.minGap = typeof gap === 'number' ? () => gap : (gap ?? (() => processLoad().gap()));
    this.now = options.now ?? (() => performance.now());
    this.later = options.later ?? ((flush, ms) => void setTimeout(flush, ms));
  }

  /** `client` is `actor` from now on: it receives the drags it may see and may drag itself. */
  connect(client: C, actor: Actor): void {
    this.disconnect(client);
    const connection = new DragConnection(client, { memberId: actor.memberId, role: actor.role, partyId: actor.partyId });
    this.connections.push(connection);
    this.byClient.set(client, connection);
    this.parties.add(actor.partyId);
    this.regroup();
  }

  /** `client` is gone (or no longer anyone): it gets and sends no more drags. */
  disconnect(client: C): void {
    const connection = this.byClient.get(client);
    if (!connection) return;
    this.byClient.delete(client);
    this.connections.splice(this.connections.indexOf(connection), 1);
  }

  /** The connection of `client`, if it is someone. */
  connectionOf(client: C): DragConnection<C> | undefined {
    return this.byClient.get(client);
  }

  /** The phase clients are shown now. Drags received before a change go out as they were allowed then. */
  showPhase(phase: Phase): void {
    if (phase === this.phase) return;
    this.flush();
    this.phase = phase;
    this.regroup();
  }

  /** `actor` dragged to `drag`; it goes out at the end of this turn unless a newer position replaces it. */
  move(actor: Actor, drag: ClientMessage<'drag'>): void {
    const move: DragMove = { memberId: actor.memberId, partyId: actor.partyId, x: drag.x, y: drag.y };
    if (drag.pieceId !== undefined) move.pieceId = drag.pieceId;
    if (drag.kindId !== undefined) move.kindId = drag.kindId;
    // tray drags and piece drags alike end with a drag-end, also when the dragger leaves
    this.dragging.set(actor.memberId, actor.partyId);
    this.queue(actor.memberId, actor.partyId, move);
  }

  /** `memberId`'s drag ended (dropped, cancelled or gone); nothing is sent if it was not dragging. */
  end(memberId: string): void {
    const partyId = this.dragging.get(memberId);
    if (partyId === undefined) return;
    this.dragging.delete(memberId);
    this.queue(memberId, partyId, undefined);
  }

  /** Send this turn's batch now (normally done at the end of the turn). */
  flush(): void {
    const batch = this.pending;
    if (batch.size === 0) return;
    this.lastFlushAt = this.now();
    this.lastSoloDragger = batch.size === 1 ? batch.keys().next().value : undefined;
    // a new drag arriving while this one goes out (it cannot, but cheaply safe) starts a batch of its own
    this.pending = this.spare;
    this.spare = batch;
    for (const audience of this.audiences) {
      audience.built = false;
      audience.entries.length = 0;
      audience.message = undefined;
    }
    for (const connection of this.connections) {
      const audience = this.audiences[connection.audience];
      if (!audience) continue;
      if (!audience.built) this.build(audience, batch);
      const entries = audience.entries.length;
      if (entries === 0) continue;
      // a dragger is never sent a frame of only its own drag; in a frame with others' its own
      // position rides along (its client skips it): one encode per audience, not one per dragger
      if (entries === 1 && audience.entries[0]!.memberId === connection.actor.memberId) continue;
      audience.message ??= new OutgoingMessage(this.encode(toBatch(audience.entries)));
      deliver(connection.client, audience.message);
    }
    batch.clear();
  }

  private queue(memberId: string, partyId: string, move: DragMove | undefined): void {
    // a dragger's party is known from its connection; this only matters if it left before its drag ended
    if (!this.parties.has(partyId)) {
      this.parties.add(partyId);
      this.regroup();
    }
    const entry = this.pending.get(memberId);
    if (entry) entry.move = move;
    else this.pending.set(memberId, { memberId, partyId, move });
    if (this.flushQueued) return;
    this.flushQueued = true;
    // another dragger's frame went out less than the gap ago: this one waits for the gap, and whatever else comes meanwhile joins it
    const wait = this.lastSoloDragger === memberId ? 0 : this.lastFlushAt + this.minGap() - this.now();
    if (wait > 0) this.later(this.endOfTurn, wait);
    else this.schedule(this.endOfTurn);
  }

  /** The entries of `batch` that `audience` may see; an audience that sees exactly what an earlier one does shares its frame. */
  private build(audience: Audience, batch: ReadonlyMap<string, Entry>): void {
    for (const entry of batch.values()) if (audience.parties.has(entry.partyId)) audience.entries.push(entry);
    audience.built = true;
    for (const other of this.audiences) {
      if (other === audience || !other.built || other.entries.length !== audience.entries.length) continue;
      if (other.entries.every((entry, i) => entry === audience.entries[i])) {
        audience.entries = other.entries.slice();
        audience.message = other.message ??= other.entries.length ? new OutgoingMessage(this.encode(toBatch(other.entries))) : undefined;
        return;
      }
    }
  }

  /** Put every connection in the audience of the dragger parties it may see now (canSeeDrag decides). */
  private regroup(): void {
    const byKey = new Map<string, number>();
    const audiences: Audience[] = [];
    for (const connection of this.connections) {
      const seen: string[] = [];
      for (const party of this.parties) if (canSeeDrag(connection.actor, party, this.phase)) seen.push(party);
      if (seen.length === 0) {
        connection.audience = -1;
        continue;
      }
      // party ids are [\w-]+ (or '' for the facilitator), so a newline cannot occur inside one
      const key = seen.join('\n');
      let index = byKey.get(key);
      if (index === undefined) {
        index = audiences.push({ parties: new Set(seen), entries: [], built: false, message: undefined }) - 1;
        byKey.set(key, index);
      }
      connection.audience = index;
    }
    this.audiences = audiences;
  }
}

/** The message for `entries`. */
function toBatch(entries: readonly Entry[]): DragBatch {
  const batch: DragBatch = { moves: [], ends: [] };
  for (const entry of entries) {
    if (entry.move) batch.moves.push(entry.move);
    else batch.ends.push(entry.memberId);
  }
  return batch;
}
