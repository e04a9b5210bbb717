/**
 * One workshop's room: a thin adapter. Every message is parsed with the shared zod schemas,
 * decided by the shared rules, mirrored into the schema state, stored, and answered by id.
 * Nothing a client sends can throw here.
 */
import { Room, ServerError, type Client } from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import { JoinOptions, PROTOCOL_VERSION, parseClientMessage, type RejectionCode, type ServerMessages } from '../../shared/protocol.ts';
import { apply, checkDrag, releaseHolds, ACTION_TYPES, type Action } from '../../shared/rules.ts';
import { canSeeDrag, canSeePiece, canSeeVote } from '../../shared/view.ts';
import { normalizeJoinCode } from '../../shared/joinCode.ts';
import { t, type Language } from '../../shared/i18n/index.ts';
import type { Actor, Member, WorkshopState } from '../../shared/types.ts';
import { WorkshopSchema, type PieceSchema, type VoteSchema } from './schema/WorkshopSchema.ts';
import { mirrorState } from './mirror.ts';
import { hashKey, matchingKeyHash, newFacilitatorKey, newId } from '../secrets.ts';
import type { LoggedAction, WorkshopStore } from '../storage/WorkshopStore.ts';
import { TokenBucket, type FailureLimiter, type Limits } from '../limits.ts';
import { log } from '../log.ts';
import type { AuthContext } from '@colyseus/core';

/** What the room needs from the app: set once per server by `bindWorkshopRoom`. */
export interface RoomServices {
  store: WorkshopStore;
  limits: Limits;
  /** Failed joins per IP (shared with the HTTP code look-up), so codes cannot be guessed by trying. */
  lookupLimiter: FailureLimiter;
  /** Whether the client address may be taken from proxy headers (TRUST_PROXY). */
  trustProxy: boolean;
  reconnectSeconds: number;
  /** Base of links handed to clients (PUBLIC_URL), or '' for the page's own origin. */
  publicUrl: string;
}

/** Who a connection is, decided in onAuth from the validated join options. */
interface Seat {
  /** The hash of the facilitator key used to join ('' for others), so a rotation can retire it. */
  keyHash: string;
  /** Set when a participant comes back with its seat token: the member it was. */
  memberId?: string;
  role: Member['role'];
  partyId: string;
  name: string;
  language: Language;
}

interface ClientData {
  memberId: string;
  keyHash: string;
}

type WorkshopClient = Client<{ userData: ClientData }>;

/** The room class for one workshop; `services` is bound per server. */
export class WorkshopRoom extends Room<{ state: WorkshopSchema }> {
  static services: RoomServices;

  /** The authoritative plain state; the schema state is its mirror. */
  private workshop!: WorkshopState;
  private facilitatorKeyHash = '';
  /** Serialises writes to the store so they land in the order they were accepted. */
  private saving: Promise<void> = Promise.resolve();
  /** Sequence number of the last logged action. */
  private seq = 0;
  /** The session each member acts through now (a seat can move to another tab or device; a reconnect keeps the session). */
  private readonly activeSession = new Map<string, string>();
  /** Recent answers per member by action id, so an action resent after a reconnect is applied once and answered again. */
  private readonly answered = new Map<string, Map<string, ServerMessages['ack'] | ServerMessages['error']>>();
  /** Actions accepted but not yet stored (member + aid), so a copy arriving meanwhile is not applied twice. */
  private readonly inFlight = new Set<string>();
  /** Per connection: how fast it may send, and how often it has been over. */
  private readonly rates = new WeakMap<Client, { actions: TokenBucket; drags: TokenBucket; strikes: number; lastWarned: number }>();
  /** Members with a live drag from the tray, so a leaving member's ghost can be cleared. */
  private readonly dragging = new Set<string>();

  private get services(): RoomServices {
    return (this.constructor as typeof WorkshopRoom).services;
  }

  override async onCreate(options: { workshopId?: unknown }) {
    const id = typeof options.workshopId === 'string' ? options.workshopId : '';
    const stored = id ? await this.services.store.get(id) : undefined;
    if (!stored) throw new ServerError(404, 'workshop-not-found');
    this.roomId = stored.state.id;
    this.workshop = releaseAllHolds({ ...stored.state, members: stored.state.members.map((m) => ({ ...m, connected: false })) });
    this.facilitatorKeyHash = stored.facilitatorKeyHash;
    this.seq = await this.services.store.lastSeq(id);
    // capacity is enforced per role in onAuth; a full room must never make the matchmaker open a second one
    this.maxClients = 500;
    // a hard ceiling below our own limits: frames Colyseus cannot even decode never reach them
    const { actionsPerSecond, dragsPerSecond } = this.services.limits;
    this.maxMessagesPerSecond = (actionsPerSecond + dragsPerSecond) * 5;
    this.setState(new WorkshopSchema());
    this.mirror();
    this.onMessage('*', (client, type, payload) => this.receive(client as WorkshopClient, type, payload));
  }

  override onAuth(_client: Client, options: unknown, context: AuthContext): Seat {
    const ip = this.clientIp(context);
    if (this.services.lookupLimiter.blocked(ip)) throw new ServerError(429, 'too-many-attempts');
    try {
      return this.authorise(options);
    } catch (error) {
      // wrong codes and keys count against the address, so trying codes gets slow and then refused
      if (error instanceof ServerError && (error.message === 'wrong-code' || error.message === 'wrong-key')) this.services.lookupLimiter.fail(ip);
      log('info', 'join-refused', { workshop: this.workshop.id, code: error instanceof Error ? error.message : 'error' });
      throw error;
    }
  }

  /** The client's address: from the proxy header only when TRUST_PROXY says the proxy is ours. */
  private clientIp(context: AuthContext): string {
    const peer = (context.req as { socket?: { remoteAddress?: string } } | undefined)?.socket?.remoteAddress;
    return (this.services.trustProxy ? context.ip : peer ?? context.ip) ?? 'unknown';
  }

  private authorise(options: unknown): Seat {
    const parsed = JoinOptions.safeParse(options);
    if (!parsed.success) throw new ServerError(400, 'bad-message');
    const join = parsed.data;
    if (join.workshopId !== this.workshop.id) throw new ServerError(404, 'workshop-not-found');
    const language = join.language ?? this.workshop.language;
    if (join.role === 'facilitator') {
      const keyHash = matchingKeyHash(join.key, this.facilitatorKeyHash);
      if (!keyHash) throw new ServerError(403, 'wrong-key');
      return { keyHash, role: 'facilitator', partyId: '', name: join.name ?? t(language, 'facilitator.panel'), language };
    }
    if (normalizeJoinCode(join.code) !== this.workshop.code) throw new ServerError(403, 'wrong-code');
    if (join.role === 'screen') return { keyHash: '', role: 'screen', partyId: '', name: 'screen', language };
    if (join.role === 'rejoin') {
      // a seat is a member's own: it comes back even when the workshop is closed to new people
      const tokenHash = hashKey(join.seat);
      const seat = this.workshop.seats.find((s) => s.tokenHash === tokenHash);
      const member = seat && this.workshop.members.find((m) => m.id === seat.memberId && m.role === 'participant');
      if (!member) throw new ServerError(403, 'seat-unknown');
      return { keyHash: '', memberId: member.id, role: 'participant', partyId: member.partyId, name: member.name, language: join.language ?? member.language };
    }
    if (!this.workshop.open) throw new ServerError(403, 'workshop-closed');
    if (!this.workshop.parties.some((p) => p.id === join.partyId)) throw new ServerError(400, 'unknown-party');
    const present = this.workshop.members.filter((m) => m.role === 'participant' && m.connected).length;
    if (present >= this.workshop.maxParticipants) throw new ServerError(403, 'workshop-full');
    return { keyHash: '', role: 'participant', partyId: join.partyId, name: join.name, language };
  }

  override onJoin(client: WorkshopClient, _options: unknown, seat: Seat) {
    client.view = new StateView();
    let member: Member;
    let seatToken: string | undefined;
    if (seat.memberId) {
      // the same person again: an older connection of theirs (another tab or device) steps aside
      const previousSession = this.activeSession.get(seat.memberId);
      const previous = previousSession !== undefined && previousSession !== client.sessionId ? this.clients.find((c) => c.sessionId === previousSession) : undefined;
      if (previous) {
        this.reject(previous as WorkshopClient, 'seat-taken');
        (previous as WorkshopClient).userData = { memberId: '', keyHash: '' };
        this.clock.setTimeout(() => previous.leave(4009, 'seat-taken'), 50);
      }
      member = { ...this.workshop.members.find((m) => m.id === seat.memberId)!, connected: true, language: seat.language };
      void this.commit({ ...this.workshop, members: this.workshop.members.map((m) => (m.id === member.id ? member : m)) });
    } else {
      member = { id: newId(), name: seat.name, role: seat.role, partyId: seat.partyId, connected: true, language: seat.language };
      const seats = [...this.workshop.seats];
      if (member.role === 'participant') {
        seatToken = newFacilitatorKey();
        seats.push({ memberId: member.id, tokenHash: hashKey(seatToken) });
      }
      void this.commit({ ...this.workshop, members: [...this.workshop.members, member], seats });
    }
    client.userData = { memberId: member.id, keyHash: seat.keyHash };
    this.activeSession.set(member.id, client.sessionId);
    this.refreshView(client);
    this.tell(client, 'welcome', {
      memberId: member.id,
      role: member.role,
      partyId: member.partyId,
      protocol: PROTOCOL_VERSION,
      baseUrl: this.services.publicUrl,
      serverTime: Date.now(),
      ...(seatToken ? { seatToken } : {}),
    });
  }

  override async onDrop(client: WorkshopClient) {
    this.memberGone(client);
    await this.allowReconnection(client, this.services.reconnectSeconds);
  }

  override onReconnect(client: WorkshopClient) {
    const memberId = client.userData?.memberId;
    const active = memberId ? this.activeSession.get(memberId) : undefined;
    if (!memberId || (active !== undefined && active !== client.sessionId)) {
      // this seat moved to another device while this one was away: tell it now, then let it go
      this.reject(client, 'seat-taken');
      client.userData = { memberId: '', keyHash: '' };
      this.clock.setTimeout(() => client.leave(4009, 'seat-taken'), 50);
      return;
    }
    this.activeSession.set(memberId, client.sessionId);
    // pieces and votes that appeared while it was away were never added to its view
    this.refreshView(client);
    this.setConnected(memberId, true);
  }

  override onLeave(client: WorkshopClient) {
    this.memberGone(client);
  }

  override async onDispose() {
    await this.saving;
  }

  // ---- messages --------------------------------------------------------------------------

  /** False (and the client told, or at last disconnected) when a client sends faster than the limits allow. */
  private withinRate(client: WorkshopClient, isDrag: boolean): boolean {
    const { limits } = this.services;
    let rate = this.rates.get(client);
    if (!rate) {
      rate = { actions: new TokenBucket(limits.actionsPerSecond, limits.actionBurst), drags: new TokenBucket(limits.dragsPerSecond, limits.dragBurst), strikes: 0, lastWarned: 0 };
      this.rates.set(client, rate);
    }
    if ((isDrag ? rate.drags : rate.actions).take()) {
      rate.strikes = 0;
      return true;
    }
    rate.strikes++;
    if (rate.strikes >= limits.abuseStrikes) {
      log('warn', 'client-disconnected-for-abuse', { workshop: this.workshop.id });
      client.leave(4008, 'rate-limited');
    } else if (Date.now() - rate.lastWarned > 1000) {
      rate.lastWarned = Date.now();
      this.reject(client, 'rate-limited');
    }
    return false;
  }

  private receive(client: WorkshopClient, type: string | number, payload: unknown): void {
    try {
      if (!this.withinRate(client, type === 'drag')) return;
      const parsed = parseClientMessage(type, payload);
      if (!parsed.ok) return this.reject(client, parsed.code, parsed.aid, parsed.detail);
      const actor = this.actorOf(client);
      if (!actor) return;
      const { message } = parsed;
      if (message.type === 'drag') return this.relayDrag(client, actor, message.payload);
      if (message.type === 'drag-end') return this.endDrag(actor.memberId);
      if (message.type === 'set-language') {
        void this.commit({ ...this.workshop, members: this.workshop.members.map((m) => (m.id === actor.memberId ? { ...m, language: message.payload.language } : m)) });
        return this.tell(client, 'ack', { aid: message.payload.aid });
      }
      if (message.type === 'create-co-key' || message.type === 'rotate-key') return void this.changeKeys(client, actor, message.type, message.payload.aid);
      if (!ACTION_TYPES.has(message.type)) return this.reject(client, 'unknown-message', undefined, message.type);
      const { v: _v, aid, ...fields } = message.payload as { v: number; aid: string };
      const earlier = this.answered.get(actor.memberId)?.get(aid);
      if (earlier) return this.tell(client, 'code' in earlier ? 'error' : 'ack', earlier as never);
      // a copy of an action still being stored: its answer is on the way to the member's connection
      const flight = `${actor.memberId}\u0000${aid}`;
      if (this.inFlight.has(flight)) return;
      const action = { type: message.type, ...fields } as Action;
      if (action.type === 'place' || action.type === 'move' || action.type === 'release') this.endDrag(actor.memberId);
      const result = apply(this.workshop, action, actor, { now: Date.now(), newId });
      if (!result.ok) {
        log('info', 'action-refused', { workshop: this.workshop.id, action: action.type, code: result.code });
        this.reject(client, result.code, aid);
        return;
      }
      log('debug', 'action', { workshop: this.workshop.id, action: action.type, seq: this.seq + 1 });
      this.inFlight.add(flight);
      const stored = this.commit(result.state, { seq: ++this.seq, at: Date.now(), memberId: actor.memberId, role: actor.role, partyId: actor.partyId, type: action.type, action });
      for (const event of result.events) {
        if (event.type === 'views-changed') for (const c of this.clients) this.refreshView(c as WorkshopClient);
        if (event.type === 'member-kicked') this.removeKicked(event.memberId);
      }
      const placed = result.events.find((e) => e.type === 'piece-placed');
      void stored.then((ok) => {
        this.inFlight.delete(flight);
        if (!ok) return this.reject(client, 'not-saved', aid);
        const ack = placed ? { aid, pieceId: placed.pieceId } : { aid };
        this.remember(actor.memberId, aid, ack);
        // the member may have come back on a new connection while this was being stored
        const session = this.activeSession.get(actor.memberId);
        this.tell(this.clients.find((c) => c.sessionId === session) ?? client, 'ack', ack);
      });
    } catch (error) {
      // a bug must not take the room down with it; the sender learns that nothing happened
      log('error', 'message-failed', { workshop: this.workshop.id, error: String(error) });
      this.reject(client, 'bad-message', undefined, 'internal error');
    }
  }

  private relayDrag(client: WorkshopClient, actor: Actor, drag: { x: number; y: number; pieceId?: string; kindId?: string }): void {
    const why = checkDrag(this.workshop, drag, actor);
    if (why) return this.reject(client, why);
    // tray drags and piece drags alike end with a drag-end, also when the dragger leaves
    this.dragging.add(actor.memberId);
    const message: ServerMessages['drag'] = { memberId: actor.memberId, partyId: actor.partyId, x: drag.x, y: drag.y };
    if (drag.pieceId !== undefined) message.pieceId = drag.pieceId;
    if (drag.kindId !== undefined) message.kindId = drag.kindId;
    this.sendToViewers('drag', message, actor.partyId, client);
  }

  private endDrag(memberId: string): void {
    if (!this.dragging.delete(memberId)) return;
    const member = this.workshop.members.find((m) => m.id === memberId);
    this.sendToViewers('drag-end', { memberId }, member?.partyId ?? '');
  }

  /** Send a live message to everyone allowed to see a drag by `partyId`, except its sender. */
  private sendToViewers<K extends 'drag' | 'drag-end'>(type: K, message: ServerMessages[K], partyId: string, except?: Client): void {
    const phase = this.workshop.phase;
    const everyone = this.clients.every((c) => {
      const viewer = this.memberOf(c as WorkshopClient);
      return !viewer || canSeeDrag(viewer, partyId, phase);
    });
    // the common case encodes once for everybody
    if (everyone) return this.broadcast(type, message, except ? { except } : undefined);
    for (const c of this.clients) {
      if (c === except) continue;
      const viewer = this.memberOf(c as WorkshopClient);
      if (viewer && canSeeDrag(viewer, partyId, phase)) c.send(type, message);
    }
  }

  /** A co-facilitator key is added; a rotation replaces every key, and facilitators on old keys are sent away. */
  private async changeKeys(client: WorkshopClient, actor: Actor, type: 'create-co-key' | 'rotate-key', aid: string): Promise<void> {
    if (actor.role !== 'facilitator') return this.reject(client, actor.role === 'screen' ? 'read-only' : 'facilitator-only', aid);
    const key = newFacilitatorKey();
    const hash = hashKey(key);
    const hashes = type === 'create-co-key' ? `${this.facilitatorKeyHash} ${hash}`.trim() : hash;
    await this.saving;
    try {
      await this.services.store.setFacilitatorKeyHash(this.workshop.id, hashes);
    } catch {
      return this.reject(client, 'not-saved', aid);
    }
    this.facilitatorKeyHash = hashes;
    if (type === 'rotate-key') {
      client.userData = { memberId: actor.memberId, keyHash: hash };
      for (const c of this.clients) {
        const other = c as WorkshopClient;
        if (other !== client && other.userData?.keyHash && !hashes.split(' ').includes(other.userData.keyHash)) {
          this.reject(other, 'wrong-key');
          this.clock.setTimeout(() => other.leave(4003, 'wrong-key'), 50);
        }
      }
    }
    this.tell(client, 'ack', { aid, key });
  }

  // ---- state -----------------------------------------------------------------------------

  /**
   * Make `next` the state: mirror it to clients and queue it for storage (with its log entry,
   * if an action). Writes land in the order they were accepted; the promise settles when this
   * one is stored (true) or failed (false), so an action is acknowledged only once it is safe.
   */
  private commit(next: WorkshopState, logged?: LoggedAction): Promise<boolean> {
    this.workshop = next;
    this.mirror();
    const store = this.services.store;
    const write = this.saving.then(() => (logged ? store.appendAction(next.id, logged, next) : store.saveState(next.id, next, Date.now())));
    const outcome = write.then(
      () => true,
      (error) => {
        log('error', 'save-failed', { workshop: next.id, error: String(error) });
        return false;
      },
    );
    this.saving = outcome.then(() => undefined);
    return outcome;
  }

  private mirror(): void {
    mirrorState(this.workshop, this.state, {
      pieceAdded: (piece) => {
        for (const client of this.clients) this.showIfAllowed(client as WorkshopClient, piece);
      },
      pieceRemoved: (piece) => {
        for (const client of this.clients) if (client.view?.has(piece)) client.view.remove(piece);
      },
      voteAdded: (vote) => {
        for (const client of this.clients) this.showVoteIfAllowed(client as WorkshopClient, vote);
      },
      voteRemoved: (vote) => {
        for (const client of this.clients) if (client.view?.has(vote)) client.view.remove(vote);
      },
    });
  }

  private showIfAllowed(client: WorkshopClient, piece: PieceSchema): void {
    const viewer = this.memberOf(client);
    const plain = this.workshop.pieces.find((p) => p.id === piece.id);
    if (viewer && plain && client.view && canSeePiece(viewer, plain, this.workshop.phase)) client.view.add(piece);
  }

  private showVoteIfAllowed(client: WorkshopClient, vote: VoteSchema): void {
    const viewer = this.memberOf(client);
    const plain = this.workshop.votes.find((v) => v.id === vote.id);
    if (viewer && plain && client.view && canSeeVote(viewer, plain, this.workshop.voting)) client.view.add(vote);
  }

  /** Bring a client's view in line with what it may see now (after a phase change or a shown vote). */
  private refreshView(client: WorkshopClient): void {
    const viewer = this.memberOf(client);
    const view = client.view;
    if (!viewer || !view) return;
    const phase = this.workshop.phase;
    for (const piece of this.workshop.pieces) {
      const row = this.state.pieces.get(piece.id);
      if (!row) continue;
      const allowed = canSeePiece(viewer, piece, phase);
      if (allowed && !view.has(row)) view.add(row);
      else if (!allowed && view.has(row)) view.remove(row);
    }
    for (const vote of this.workshop.votes) {
      const row = this.state.votes.get(vote.id);
      if (!row) continue;
      const allowed = canSeeVote(viewer, vote, this.workshop.voting);
      if (allowed && !view.has(row)) view.add(row);
      else if (!allowed && view.has(row)) view.remove(row);
    }
  }

  /** Tell a removed participant why, then close their connection. */
  private removeKicked(memberId: string): void {
    for (const c of this.clients) {
      const client = c as WorkshopClient;
      if (client.userData?.memberId !== memberId) continue;
      this.reject(client, 'kicked');
      client.userData = { memberId: '', keyHash: '' };
      this.clock.setTimeout(() => client.leave(4000, 'kicked'), 50);
    }
  }

  private memberGone(client: WorkshopClient): void {
    const memberId = client.userData?.memberId;
    // a connection that was replaced (same seat elsewhere) leaves its member alone
    if (!memberId || this.activeSession.get(memberId) !== client.sessionId) return;
    this.endDrag(memberId);
    this.workshop = releaseHolds(this.workshop, memberId);
    this.setConnected(memberId, false);
  }

  private setConnected(memberId: string | undefined, connected: boolean): void {
    if (!memberId) return;
    void this.commit({ ...this.workshop, members: this.workshop.members.map((m) => (m.id === memberId ? { ...m, connected } : m)) });
  }

  private memberOf(client: WorkshopClient): Member | undefined {
    const memberId = client.userData?.memberId;
    return memberId ? this.workshop.members.find((m) => m.id === memberId) : undefined;
  }

  private actorOf(client: WorkshopClient): Actor | undefined {
    const member = this.memberOf(client);
    return member && { memberId: member.id, role: member.role, partyId: member.partyId };
  }

  private tell<K extends keyof ServerMessages>(client: Client, type: K, message: ServerMessages[K]): void {
    client.send(type, message);
  }

  private reject(client: WorkshopClient, code: RejectionCode, aid?: string, detail?: string): void {
    const member = this.memberOf(client);
    const message: ServerMessages['error'] = { code, message: t(member?.language ?? this.workshop.language, `error.${code}`) };
    if (aid !== undefined) message.aid = aid;
    if (detail !== undefined) message.detail = detail;
    // a refused action is answered the same way if it arrives again
    if (member && aid !== undefined && code !== 'rate-limited' && code !== 'not-saved') this.remember(member.id, aid, message);
    this.tell(client, 'error', message);
  }

  /** Keep the answer to an action id (the last 200 per member). */
  private remember(memberId: string, aid: string, answer: ServerMessages['ack'] | ServerMessages['error']): void {
    let answers = this.answered.get(memberId);
    if (!answers) this.answered.set(memberId, (answers = new Map()));
    answers.set(aid, answer);
    if (answers.size > 200) answers.delete(answers.keys().next().value!);
  }
}

function releaseAllHolds(state: WorkshopState): WorkshopState {
  return { ...state, pieces: state.pieces.map((p) => (p.heldBy ? { ...p, heldBy: '' } : p)) };
}

/** A WorkshopRoom class bound to one server's services. */
export function bindWorkshopRoom(services: RoomServices): typeof WorkshopRoom {
  return class BoundWorkshopRoom extends WorkshopRoom {
    static override services = services;
  };
}
