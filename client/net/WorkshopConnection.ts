/**
 * The client's one line to its workshop room: join, typed sends answered by action id,
 * a plain mirror of the state, live drags of others, and the connection's status.
 * Knows nothing of Pixi or the DOM; screens subscribe to it.
 */
import { Client, type Room } from '@colyseus/sdk';
import type { ToJSON } from '@colyseus/schema';
import type { WorkshopRoom } from '../../server/rooms/WorkshopRoom.ts';
import type { WorkshopSchema } from '../../server/rooms/schema/WorkshopSchema.ts';
import { JOIN_REFUSALS, type JoinRefusal } from '../../shared/errors.ts';
import { CLOSE_CODES } from '../../shared/closeCodes.ts';
import { PROTOCOL_VERSION, type ClientMessage, type ClientMessageType, type JoinOptions, type ServerMessages } from '../../shared/protocol.ts';
import { PHASES, ROLES, type Member, type Party, type PlacedPiece, type Spotlight, type WorkshopState } from '../../shared/types.ts';
import { DEFAULT_LANGUAGE, isLanguage, t } from '../../shared/i18n/index.ts';
import type { LocalizedText, ValueKind } from '../../shared/deck.ts';

/** Where the connection stands. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** A live drag by someone else. */
export type RemoteDrag = ServerMessages['drags']['moves'][number];

/**
 * Take one `drags` batch into the live drags of others, keyed by member; true when anything drawn
 * changed. A batch that carries others' drags may carry our own position too (the room encodes
 * one frame for everyone, protocol 3): we draw our own drag ourselves, so it is skipped.
 */
export function applyDragBatch(drags: Map<string, RemoteDrag>, { moves, ends }: ServerMessages['drags'], ownMemberId: string | undefined): boolean {
  let changed = false;
  for (const drag of moves) {
    if (drag.memberId === ownMemberId) continue;
    drags.set(drag.memberId, drag);
    changed = true;
  }
  for (const memberId of ends) changed = drags.delete(memberId) || changed;
  return changed;
}

/** The answer to one action. */
export type ActionAnswer = { ok: true; pieceId?: string; key?: string } | { ok: false; code: string; message: string };

type ActionType = Exclude<ClientMessageType, 'drag' | 'drag-end'>;
type ActionFields<T extends ActionType> = Omit<ClientMessage<T>, 'v' | 'aid'>;

/** A party as clients see it: with how many pieces it has placed (shown to all, even while the pieces are hidden). */
export type ClientParty = Party & { pieceCount: number };

/**
 * The workshop as a client holds it: the shared plain state (so every shared function reads it)
 * with each party's piece count, and without what stays on the server (the undo history and the
 * seats are always empty here). Built from what the server sends by `toClientState`, not by a cast.
 */
export type ClientState = Omit<WorkshopState, 'parties' | 'history' | 'seats'> & { parties: ClientParty[]; history: never[]; seats: never[] };

interface Events {
  state: (state: ClientState) => void;
  drags: (drags: ReadonlyMap<string, RemoteDrag>) => void;
  status: (status: ConnectionStatus) => void;
  error: (error: ServerMessages['error']) => void;
}

let actionCounter = 0;
const ANSWER_TIMEOUT_MS = 10_000;

/** One person's connection to one workshop. */
export class WorkshopConnection {
  /** The latest state, as plain data. */
  state!: ClientState;
  /** Who this connection is. */
  me!: ServerMessages['welcome'];
  status: ConnectionStatus = 'connecting';
  /** Live drags of others, by member id. */
  readonly drags = new Map<string, RemoteDrag>();
  /** Server clock minus this browser's clock, in ms (from the welcome message). */
  clockOffset = 0;

  private readonly listeners: { [K in keyof Events]: Set<Events[K]> } = { state: new Set(), drags: new Set(), status: new Set(), error: new Set() };
  private readonly pending = new Map<string, (answer: ActionAnswer) => void>();
  /** Actions sent but not yet answered, kept to send again (same action id) after a reconnect; the server applies each id once. */
  private readonly unanswered = new Map<string, { type: string; message: object; sent: boolean }>();
  private pendingDrag: { x: number; y: number; pieceId?: string; kindId?: string } | undefined;
  private dragTimer: ReturnType<typeof setTimeout> | undefined;
  private lastDragSent = 0;

  /** The room connection now: a new one when the connection comes back through the matchmaker. */
  private room: Room<WorkshopRoom>;
  private readonly client: Client;
  /** How to come back as the same member: the join options, or the participant's seat once it has one. */
  private rejoinOptions: JoinOptions;
  /** Set by leave(): a goodbye is never followed by a rejoin. */
  private leaving = false;
  /** A rejoin is under way (the SDK giving up and the watchdog must not start a second one). */
  private rejoining = false;
  /** Gives up on the SDK's reconnection when it neither succeeds nor fails in time (see RECONNECT_WATCHDOG_MS). */
  private watchdog: ReturnType<typeof setTimeout> | undefined;

  private constructor(client: Client, room: Room<WorkshopRoom>, options: JoinOptions) {
    this.client = client;
    this.room = room;
    this.rejoinOptions = options;
  }

  /** Join a workshop; rejects with an Error whose message is the server's reason code. */
  static async join(options: JoinOptions | Omit<JoinOptions, 'v'>, origin: string = location.origin): Promise<WorkshopConnection> {
    const client = new Client(origin);
    const joinOptions = { ...options, v: PROTOCOL_VERSION } as JoinOptions;
    const room = await client.joinOrCreate<WorkshopRoom>('workshop', joinOptions);
    const connection = new WorkshopConnection(client, room, joinOptions);
    await connection.start();
    return connection;
  }

  private start(): Promise<void> {
    const room = this.room;
    const welcomed = new Promise<void>((resolve) => {
      room.onMessage('welcome', (welcome: ServerMessages['welcome']) => {
        this.me = welcome;
        this.clockOffset = welcome.serverTime - Date.now();
        if (welcome.seatToken) {
          rememberSeat(this.room.roomId, welcome.seatToken);
          const { workshopId, code, language } = this.rejoinOptions as JoinOptions & { code: string };
          this.rejoinOptions = { v: PROTOCOL_VERSION, role: 'rejoin', workshopId, code, seat: welcome.seatToken, ...(language ? { language } : {}) };
        }
        resolve();
      });
    });
    room.onMessage('ack', (ack: ServerMessages['ack']) => this.answer(ack.aid, { ok: true, pieceId: ack.pieceId, key: ack.key }));
    room.onMessage('error', (error: ServerMessages['error']) => {
      if (error.aid && this.pending.has(error.aid)) this.answer(error.aid, { ok: false, code: error.code, message: error.message });
      else this.emit('error', error);
    });
    // what the room received in one turn comes as one batch: applied whole, then shown once
    room.onMessage('drags', (batch: ServerMessages['drags']) => {
      if (applyDragBatch(this.drags, batch, this.me?.memberId)) this.emit('drags', this.drags);
    });
    room.onStateChange(() => {
      this.state = toClientState(room.state.toJSON());
      // a drag whose piece is no longer held has ended, even if its drag-end was lost
      for (const [memberId, drag] of this.drags) {
        if (drag.pieceId && !this.state.pieces.some((p) => p.id === drag.pieceId && p.heldBy === memberId)) this.drags.delete(memberId);
      }
      this.emit('state', this.state);
    });
    room.onDrop(() => {
      if (room !== this.room) return;
      // the SDK reports each failed attempt as another drop: the watchdog counts from the first
      if (this.status === 'connected') {
        clearTimeout(this.watchdog);
        this.watchdog = setTimeout(() => room === this.room && this.status === 'reconnecting' && void this.rejoin(), RECONNECT_WATCHDOG_MS);
      }
      this.setStatus('reconnecting');
    });
    room.onReconnect(() => {
      // a room given up on by the watchdog that got through after all: the new one is in use
      if (room !== this.room) return void room.leave(true);
      clearTimeout(this.watchdog);
      this.setStatus('connected');
      // what went out just before the drop may never have arrived: send it again, the server answers each id once
      for (const entry of this.unanswered.values()) {
        this.room.send(entry.type as never, entry.message as never);
        entry.sent = true;
      }
    });
    // the room's process may be gone for good (killed): give up on it after a few seconds and come back through the matchmaker
    room.reconnection.maxRetries = ROOM_RECONNECT_ATTEMPTS;
    room.onLeave((code, reason) => {
      if (room !== this.room) return;
      clearTimeout(this.watchdog);
      if (!this.leaving && comesBack(code, reason)) return void this.rejoin();
      this.setStatus('closed');
      for (const [aid] of this.pending) this.answer(aid, { ok: false, code: 'disconnected', message: '' });
    });
    return welcomed.then(() => {
      if (!this.state) this.state = toClientState(room.state.toJSON());
      this.setStatus('connected');
    });
  }

  /** Listen to `event`; returns a function that stops listening. */
  on<K extends keyof Events>(event: K, listener: Events[K]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  private emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    for (const listener of this.listeners[event]) (listener as (...a: Parameters<Events[K]>) => void)(...args);
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    this.emit('status', status);
  }

  private answer(aid: string, answer: ActionAnswer): void {
    this.unanswered.delete(aid);
    const resolve = this.pending.get(aid);
    if (!resolve) return;
    this.pending.delete(aid);
    resolve(answer);
  }

  /**
   * Send an action; resolves with the server's answer for exactly this action. While the
   * connection is down it waits; an action that gets no answer in time is reported as not done.
   */
  act<T extends ActionType>(type: T, fields: ActionFields<T>): Promise<ActionAnswer> {
    const aid = `${Date.now().toString(36)}.${++actionCounter}`;
    const message = { v: PROTOCOL_VERSION, aid, ...fields };
    return new Promise((resolve) => {
      this.pending.set(aid, resolve);
      const entry = { type, message, sent: false };
      this.unanswered.set(aid, entry);
      setTimeout(() => this.answer(aid, { ok: false, code: 'offline', message: '' }), ANSWER_TIMEOUT_MS);
      // while reconnecting the action waits in `unanswered` and goes out on reconnect
      if (this.status === 'connected') {
        this.room.send(type, message as never);
        entry.sent = true;
      }
    });
  }

  /** Report a drag position; sent at most every 33 ms (the last position always goes out). */
  drag(position: { x: number; y: number; pieceId?: string; kindId?: string }): void {
    this.pendingDrag = position;
    if (this.dragTimer) return;
    const wait = Math.max(0, 33 - (performance.now() - this.lastDragSent));
    this.dragTimer = setTimeout(() => {
      this.dragTimer = undefined;
      const p = this.pendingDrag;
      this.pendingDrag = undefined;
      if (!p) return;
      this.lastDragSent = performance.now();
      const message: ClientMessage<'drag'> = { v: PROTOCOL_VERSION, x: round(p.x), y: round(p.y) };
      if (p.pieceId) message.pieceId = p.pieceId;
      if (p.kindId) message.kindId = p.kindId;
      this.room.send('drag', message as never);
    }, wait);
  }

  /** A tray drag ended without a drop. */
  endDrag(): void {
    this.cancelPendingDrag();
    this.room.send('drag-end', { v: PROTOCOL_VERSION } as never);
  }

  /** Forget a drag position not yet sent (the drop is about to be sent instead). */
  cancelPendingDrag(): void {
    this.pendingDrag = undefined;
    if (this.dragTimer) clearTimeout(this.dragTimer);
    this.dragTimer = undefined;
  }

  /** Leave the workshop. */
  leave(): Promise<unknown> {
    this.leaving = true;
    return this.room.leave(true);
  }

  /**
   * Come back as the same member through the matchmaker (participants with their seat token,
   * facilitators with their key, screens with the code), after the server stopped or drained this
   * room's process (4001) or the SDK gave up reconnecting to it: any process of a deployment opens
   * the workshop again from the database. Tries with backoff until refused for good or REJOIN_GIVE_UP_MS.
   */
  private async rejoin(): Promise<void> {
    if (this.rejoining) return;
    this.rejoining = true;
    clearTimeout(this.watchdog);
    // the room given up on must not come back by itself beside the new one
    this.room.reconnection.enabled = false;
    this.setStatus('reconnecting');
    if (this.drags.size) {
      this.drags.clear();
      this.emit('drags', this.drags);
    }
    const started = Date.now();
    for (let attempt = 0; !this.leaving && Date.now() - started < REJOIN_GIVE_UP_MS; attempt++) {
      // jittered backoff: a whole room's people must not all knock at the same instant
      await new Promise((resolve) => setTimeout(resolve, Math.min(REJOIN_MAX_DELAY_MS, 250 * 2 ** attempt) * (0.5 + Math.random())));
      if (this.leaving) break;
      const language = this.member()?.language;
      let room: Room<WorkshopRoom>;
      try {
        room = await this.client.joinOrCreate<WorkshopRoom>('workshop', language ? { ...this.rejoinOptions, language } : this.rejoinOptions);
      } catch (error) {
        // the server was updated and speaks another protocol: only a reload brings the client that does
        if (error instanceof Error && error.message === 'protocol-version') this.emit('error', { code: 'protocol-version', message: t(this.member()?.language ?? this.state.language, 'error.protocol-version') });
        if (refusedForGood(error)) break;
        continue;
      }
      this.room = room;
      this.rejoining = false;
      void this.start().then(() => {
        // an action sent before the drop may or may not have been stored, and a new room cannot
        // tell (it applies each action id once only within itself): report it as not done rather
        // than risk doing it twice; actions that never went out go now
        for (const [aid, entry] of this.unanswered) {
          if (entry.sent) this.answer(aid, { ok: false, code: 'offline', message: '' });
          else {
            this.room.send(entry.type as never, entry.message as never);
            entry.sent = true;
          }
        }
      });
      return;
    }
    this.rejoining = false;
    this.setStatus('closed');
    for (const [aid] of this.pending) this.answer(aid, { ok: false, code: 'disconnected', message: '' });
  }

  // ---- conveniences for screens ----

  /** What links handed out start with: the server's PUBLIC_URL when it has one, else this page's origin. */
  linkBase(): string {
    return this.me.baseUrl || location.origin;
  }

  /** The server's clock now, for timers. */
  serverNow(): number {
    return Date.now() + this.clockOffset;
  }

  /** How many dots I have left in the dot-vote. */
  dotsLeft(): number {
    return Math.max(0, this.state.voting.dots - this.state.votes.filter((v) => v.memberId === this.me.memberId).length);
  }

  /** My member record. */
  member(): Member | undefined {
    return this.state.members.find((m) => m.id === this.me.memberId);
  }

  kind(id: string): ValueKind | undefined {
    return this.state.kinds.find((k) => k.id === id);
  }

  /** True when I may move, edit and remove `piece` (the server decides; this only shapes the UI). */
  mayTouch(piece: PlacedPiece): boolean {
    return this.me.role === 'facilitator' || (this.me.role === 'participant' && piece.placedByPartyId === this.me.partyId);
  }
}

/** Attempts of the SDK's own reconnection to the room's process (about 6 s in all) before coming back through the matchmaker. */
const ROOM_RECONNECT_ATTEMPTS = 5;
/** Longest wait between two rejoin attempts, and how long to keep trying. */
const REJOIN_MAX_DELAY_MS = 5_000;
const REJOIN_GIVE_UP_MS = 5 * 60_000;
/**
 * Longest the SDK's own reconnection may take before the client comes back through the matchmaker
 * instead: a machine that is gone (not just its process) may leave a connection attempt hanging
 * without a refusal (and Node's WebSocket reports no close after a failed attempt, so the SDK waits).
 */
const RECONNECT_WATCHDOG_MS = 10_000;

/**
 * Close codes after which the client comes back through the matchmaker: the server stops or
 * drains (4001), the SDK's reconnection gave up (its 4003, which a rotated-away key shares: the
 * server names that one 'wrong-key'), or was never tried (the room was up for under 5 s).
 */
function comesBack(code: number, reason?: string): boolean {
  if (code === CLOSE_CODES.shutdown) return true;
  if (code === CLOSE_CODES.wrongKey) return reason !== 'wrong-key';
  return code === 1001 || code === 1005 || code === 1006;
}

/** True when a join was refused for good (seat, key, code or workshop gone), not for now (a process stopping, the network, a rate limit). */
function refusedForGood(error: unknown): boolean {
  const code = error instanceof Error ? error.message : '';
  return Object.hasOwn(JOIN_REFUSALS, code) && JOIN_REFUSALS[code as JoinRefusal] !== 429 && code !== 'too-many-screens';
}

const round = (n: number) => Math.round(n * 10) / 10;

const SEAT_KEY = (workshopId: string) => `vaerdispil.seat.${workshopId}`;

/** Keep a participant's seat token in this browser, so a reload comes back as the same person. */
export function rememberSeat(workshopId: string, token: string): void {
  try {
    localStorage.setItem(SEAT_KEY(workshopId), token);
  } catch {
    // private mode: a reload asks for the name again
  }
}

/** The seat token this browser holds for a workshop, if any. */
export function rememberedSeat(workshopId: string): string | undefined {
  try {
    return localStorage.getItem(SEAT_KEY(workshopId)) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Forget a seat that the server no longer knows. */
export function forgetSeat(workshopId: string): void {
  try {
    localStorage.removeItem(SEAT_KEY(workshopId));
  } catch {
    // nothing kept, nothing to forget
  }
}

/** Collections the server filters per client (`.view()` in the schema): absent until this client may see something in them. */
type PerViewer = 'pieces' | 'votes';

/** The state exactly as the server sends it: the JSON of its schema (collections keyed by id, every choice a plain string). */
export type SentState = Omit<ToJSON<WorkshopSchema>, PerViewer> & Partial<Pick<ToJSON<WorkshopSchema>, PerViewer>>;

/** `value` when it is one of `choices`, else `fallback` (the schema carries choices as plain strings). */
function oneOf<T extends string>(choices: readonly T[], value: string, fallback: T): T {
  return (choices as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** The schema fills a missing translation with ''; the plain text has no such language. */
function localizedText(text: SentState['kinds'][number]['label']): LocalizedText {
  return { da: text.da, en: text.en, ...(text.nb ? { nb: text.nb } : {}), ...(text.sv ? { sv: text.sv } : {}) };
}

const SPOTLIGHT_KINDS = ['none', 'party', 'piece'] as const satisfies readonly Spotlight['kind'][];

/** What the server sent, as the client's plain state: maps become lists, strings become the choices they stand for. */
export function toClientState(sent: SentState): ClientState {
  const items = (list: readonly { id: string; text: string }[]) => list.map(({ id, text }) => ({ id, text }));
  return {
    id: sent.id,
    code: sent.code,
    title: sent.title,
    focus: sent.focus,
    collaboration: sent.collaboration,
    language: isLanguage(sent.language) ? sent.language : DEFAULT_LANGUAGE,
    deckId: sent.deckId,
    phase: oneOf(PHASES, sent.phase, 'lobby'),
    open: sent.open,
    approveJoins: sent.approveJoins,
    waiting: [...sent.waiting],
    createdAt: sent.createdAt,
    parties: sent.parties.map(({ id, name, shortName, color, pieceCount }) => ({ id, name, shortName, color, pieceCount })),
    categories: sent.categories.map(({ id, color, label }) => ({ id, color, label: localizedText(label) })),
    kinds: sent.kinds.map(({ id, category, icon, label, description, blank }) => ({ id, category, icon, label: localizedText(label), description: localizedText(description), blank })),
    members: Object.values(sent.members).map((m) => ({ ...m, role: oneOf(ROLES, m.role, 'screen'), language: isLanguage(m.language) ? m.language : DEFAULT_LANGUAGE })),
    pieces: Object.values(sent.pieces ?? {}).sort((a, b) => a.placedAt - b.placedAt),
    partnerView: sent.partnerView,
    maxParticipants: sent.maxParticipants,
    locked: sent.locked,
    spotlight: { kind: oneOf(SPOTLIGHT_KINDS, sent.spotlight.kind, 'none'), id: sent.spotlight.id },
    voting: { ...sent.voting },
    votes: Object.values(sent.votes ?? {}),
    timer: { ...sent.timer },
    agreement: {
      sharedValues: items(sent.agreement.sharedValues),
      openQuestions: items(sent.agreement.openQuestions),
      nextSteps: sent.agreement.nextSteps.map(({ id, text, ownerPartyId }) => ({ id, text, ownerPartyId })),
    },
    retentionMonths: sent.retentionMonths,
    history: [],
    seats: [],
  };
}
