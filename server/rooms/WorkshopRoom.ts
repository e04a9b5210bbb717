/**
 * One workshop's room: a thin adapter between sockets and the shared rules. Every message is
 * parsed with the shared zod schemas, decided by the shared rules on the pending state, written
 * by the ledger, and only then shown (mirrored) and acknowledged. Nothing a client sends can
 * throw here. Each job around that lives in its own module: join policy (shared/joinPolicy.ts),
 * sessions, answered actions, facilitator keys, per-client views and rate limits.
 */
import { Room, ServerError, matchMaker, type AuthContext, type Client, type Deferred } from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import { JoinOptions, PROTOCOL_VERSION, joinOptionsRefusal, parseClientMessage, type AnyClientMessage, type ClientMessage, type RejectionCode, type ServerMessages } from '../../shared/protocol.ts';
import { apply, releaseHolds, ACTION_TYPES, type Action, type RuleEvent } from '../../shared/rules.ts';
import { isDragMessage } from '../../shared/dragMessage.ts';
import { decideJoin, forgetAbsent, roomForOneMore, type Admission, type JoinDecision } from '../../shared/joinPolicy.ts';
import { CLOSE_CODES, type CloseCode } from '../../shared/closeCodes.ts';
import { t, type Language } from '../../shared/i18n/index.ts';
import type { Actor, Member, WorkshopState } from '../../shared/types.ts';
import { WorkshopSchema } from './schema/WorkshopSchema.ts';
import { mirrorState } from './mirror.ts';
import { hashKey, newFacilitatorKey, newId } from '../secrets.ts';
import type { WorkshopStore } from '../storage/WorkshopStore.ts';
import type { AddressLimits, Limits } from '../limits.ts';
import { log } from '../log.ts';
import { WorkshopLedger } from './WorkshopLedger.ts';
import { Sessions } from './Sessions.ts';
import { AnsweredActions, type ActionAnswer } from './AnsweredActions.ts';
import { FacilitatorKeys } from './FacilitatorKeys.ts';
import { ClientRates } from './ClientRates.ts';
import { refreshView, showPiece, showVote } from './clientViews.ts';
import { admitBeforeSeat, joinFacts, joinRefused } from './joinGate.ts';
import { DragFanout } from './DragFanout.ts';

/** What a room needs from its server, passed in the room's creation options. */
export interface RoomServices {
  store: WorkshopStore;
  limits: Limits;
  /** Per-address counts (failed look-ups shared with the HTTP API, seat reservations, new members), so codes cannot be guessed by trying and rooms cannot be jammed. */
  addressLimits: AddressLimits;
  reconnectSeconds: number;
  /** Base of links handed to clients (PUBLIC_URL), or '' for the page's own origin. */
  publicUrl: string;
}

/** The room's creation options: the workshop from the client, the services from the server (which win). */
export interface RoomOptions {
  workshopId?: unknown;
  services: RoomServices;
}

interface ClientData {
  memberId: string;
  keyHash: string;
}

type WorkshopClient = Client<{ userData: ClientData }>;

/** A message handler: the sender, who it is, and the parsed message. */
type Handler = (client: WorkshopClient, actor: Actor, message: AnyClientMessage) => void;

/** The room class for one workshop. */
export class WorkshopRoom extends Room<{ state: WorkshopSchema }> {
  private services!: RoomServices;
  private ledger!: WorkshopLedger;
  private keys!: FacilitatorKeys;
  private rates!: ClientRates<Client>;
  private readonly sessions = new Sessions();
  private readonly answers = new AnsweredActions();
  /** Dropped connections that may still come back, so that a withdrawn right can take their way back away. */
  private readonly reconnections = new Map<string, { client: WorkshopClient; reconnection: Deferred }>();
  /** Live drags: checked per connection, batched per event-loop turn, sent to whoever may see them. */
  private drags!: DragFanout<WorkshopClient>;

  /** The messages that are not board actions; every action type goes to `act`. */
  private readonly handlers: Partial<Record<AnyClientMessage['type'], Handler>> = {
    // valid drags take the quick way in `receive`; only one the quick check and zod disagreed on could get here
    drag: (client, _actor, message) => message.type === 'drag' && this.relayDrag(client, message.payload),
    'drag-end': (_client, actor) => this.endDrag(actor.memberId),
    'set-language': (client, actor, message) => message.type === 'set-language' && this.setLanguage(client, actor, message.payload.language, message.payload.aid),
    'create-co-key': (client, actor, message) => void this.changeKeys(client, actor, 'co-key', message.payload as { aid: string }),
    'rotate-key': (client, actor, message) => void this.changeKeys(client, actor, 'rotate', message.payload as { aid: string }),
  };

  /** The state clients are shown: stored actions only. */
  private get workshop(): WorkshopState {
    return this.ledger.shown;
  }

  override async onCreate(options: RoomOptions) {
    this.services = options.services;
    const id = typeof options.workshopId === 'string' ? options.workshopId : '';
    const stored = id ? await this.services.store.get(id) : undefined;
    if (!stored) throw new ServerError(404, 'workshop-not-found');
    this.roomId = stored.state.id;
    // nobody is connected and nothing is held when a room (re)opens; members long gone who left no trace are forgotten
    const now = Date.now();
    const fresh: WorkshopState = forgetAbsent(
      {
        ...stored.state,
        members: stored.state.members.map((m) => ({ ...m, connected: false })),
        pieces: stored.state.pieces.map((p) => (p.heldBy ? { ...p, heldBy: '' } : p)),
        // an absence the store never saw start (a stopped server) counts from now
        seats: stored.state.seats.map((s) => (s.leftAt ? s : { ...s, leftAt: now })),
      },
      now,
    );
    // another writer owns this workshop's log: send everyone away to rejoin, which reloads it from the store
    const conflict = () => void this.disconnect(CLOSE_CODES.shutdown);
    this.ledger = new WorkshopLedger(this.services.store, fresh, await this.services.store.lastSeq(id), conflict);
    this.drags = new DragFanout(fresh.phase);
    this.keys = new FacilitatorKeys(stored.facilitatorKeyHash);
    this.rates = new ClientRates(this.services.limits);
    // capacity is decided per role when a join is checked (joinGate.ts, then onJoin): a reservation must
    // never make the room look full, which would shut honest people out and let the matchmaker open a
    // second room for the workshop. Reservations are bounded per address instead (joinsPerMinute).
    this.maxClients = Number.POSITIVE_INFINITY;
    // a hard ceiling below our own limits: frames Colyseus cannot even decode never reach them
    const { actionsPerSecond, dragsPerSecond } = this.services.limits;
    this.maxMessagesPerSecond = (actionsPerSecond + dragsPerSecond) * 5;
    this.setState(new WorkshopSchema());
    this.mirror();
    this.onMessage('*', (client, type, payload) => this.receive(client as WorkshopClient, type, payload));
  }

  /**
   * The check before a seat is reserved. Colyseus runs a room class's static onAuth before it
   * reserves a seat (an instance onAuth would only run once the client connects), so a wrong code,
   * key or seat holds nothing: see joinGate.ts. The server's services are the room type's options.
   */
  static override async onAuth(_token: string, options: unknown, context: AuthContext): Promise<Admission> {
    const { services } = matchMaker.getHandler('workshop').options as RoomOptions;
    return admitBeforeSeat(services, options, context);
  }

  /**
   * Whether `options` may join now, and as whom: the shared join policy on the pending state, with
   * what only the room knows (which key is in force, whose seat a token is). Asked by the gate before
   * a seat is reserved (through the matchmaker, on whichever process holds the room) and again by
   * onJoin, since the room may have filled up, closed or rotated its keys in between.
   */
  decide(options: unknown): JoinDecision {
    const parsed = JoinOptions.safeParse(options);
    if (!parsed.success) return { ok: false, code: joinOptionsRefusal(options) };
    const state = this.ledger.pending;
    return decideJoin(state, parsed.data, joinFacts(state, (key) => this.keys.match(key), parsed.data));
  }

  override onJoin(client: WorkshopClient, options: unknown) {
    const decision = this.decide(options);
    if (!decision.ok) throw joinRefused(decision.code);
    const { admission } = decision;
    client.view = new StateView();
    let member: Member;
    let seatToken: string | undefined;
    if (admission.memberId) {
      // the same person again: an older connection of theirs (another tab or device) steps aside
      member = { ...this.ledger.pending.members.find((m) => m.id === admission.memberId)!, connected: true, language: admission.language };
      this.ledger.changePresence((s) => ({
        ...s,
        members: s.members.map((m) => (m.id === member.id ? member : m)),
        seats: s.seats.map((seat) => (seat.memberId === member.id ? { ...seat, leftAt: 0 } : seat)),
      }));
    } else {
      // members long gone who left no trace are forgotten; a full list makes room by forgetting the one away longest
      const keep = this.awaited();
      const roomy = roomForOneMore(forgetAbsent(this.ledger.pending, Date.now(), keep), keep);
      if (!roomy) throw joinRefused('workshop-full');
      member = { id: newId(), name: admission.name, role: admission.role, partyId: admission.partyId, connected: true, language: admission.language };
      if (member.role === 'participant') seatToken = newFacilitatorKey();
      const seat = seatToken ? [{ memberId: member.id, tokenHash: hashKey(seatToken), banned: false, leftAt: 0 }] : [];
      this.ledger.changePresence(() => ({
        ...roomy,
        members: [...roomy.members, member],
        seats: [...roomy.seats, ...seat],
        waiting: admission.waiting ? [...roomy.waiting, member.id] : roomy.waiting,
      }));
    }
    client.userData = { memberId: member.id, keyHash: admission.keyHash };
    const previous = this.sessions.claim(member.id, client.sessionId);
    const replaced = previous && this.clients.find((c) => c.sessionId === previous);
    if (replaced) this.evict(replaced as WorkshopClient, 'seat-taken', CLOSE_CODES.seatTaken);
    this.mirror();
    refreshView(client.view, member, this.workshop, this.state);
    // someone waiting to be let in sees and sends no drags until admitted
    if (!admission.waiting) this.drags.connect(client, { memberId: member.id, role: member.role, partyId: member.partyId });
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
    this.drags.disconnect(client);
    this.memberGone(client);
    // a connection that was sent away (its key rotated, its member kicked, its seat moved) has no way back
    if (!client.userData?.memberId) return;
    const reconnection = this.allowReconnection(client, this.services.reconnectSeconds);
    this.reconnections.set(client.sessionId, { client, reconnection });
    try {
      await reconnection;
    } catch {
      // the grace period ran out, or the way back was withdrawn: onLeave follows
    } finally {
      this.reconnections.delete(client.sessionId);
    }
  }

  override onReconnect(client: WorkshopClient) {
    const memberId = client.userData?.memberId;
    // this seat moved to another device while this one was away: from now on it acts as nobody, and it is
    // told and let go once its reconnection is through (a message sent in onReconnect arrives before that, and is lost)
    if (memberId && this.sessions.movedAway(memberId, client.sessionId)) {
      client.userData = { memberId: '', keyHash: '' };
      this.clock.setTimeout(() => this.evict(client, 'seat-taken', CLOSE_CODES.seatTaken), 0);
      return;
    }
    // every reconnect shows its right again: a key rotated or a member kicked while it was away does not come back
    if (!memberId || !this.entitled(client)) {
      const facilitator = this.memberOf(client)?.role === 'facilitator';
      client.userData = { memberId: '', keyHash: '' };
      throw joinRefused(facilitator ? 'wrong-key' : 'kicked');
    }
    this.sessions.claim(memberId, client.sessionId);
    this.setConnected(memberId, true);
    // pieces and votes that appeared while it was away were never added to its view
    const viewer = this.memberOf(client);
    if (viewer && client.view) refreshView(client.view, viewer, this.workshop, this.state);
    if (viewer && !this.workshop.waiting.includes(viewer.id)) this.drags.connect(client, { memberId: viewer.id, role: viewer.role, partyId: viewer.partyId });
  }

  override onLeave(client: WorkshopClient) {
    this.drags.disconnect(client);
    this.memberGone(client);
  }

  override async onDispose() {
    await this.ledger.settled();
  }

  // ---- messages --------------------------------------------------------------------------

  private receive(client: WorkshopClient, type: string | number, payload: unknown): void {
    try {
      if (!this.withinRate(client, type === 'drag')) return;
      // the drag path: no zod, no search; a drag the quick check refuses is parsed below to say why
      if (type === 'drag' && isDragMessage(payload)) return this.relayDrag(client, payload);
      const parsed = parseClientMessage(type, payload);
      if (!parsed.ok) return this.reject(client, parsed.code, parsed.aid, parsed.detail);
      const actor = this.actorOf(client);
      if (!actor) return;
      const { message } = parsed;
      const handler = this.handlers[message.type];
      if (handler) return handler(client, actor, message);
      if (!ACTION_TYPES.has(message.type)) return this.reject(client, 'unknown-message', undefined, message.type);
      const { v: _v, aid, ...fields } = message.payload as { v: number; aid: string };
      this.act(client, actor, aid, { type: message.type, ...fields } as Action);
    } catch (error) {
      // a bug must not take the room down with it; the sender learns that nothing happened
      log('error', 'message-failed', { workshop: this.workshop.id, error: String(error) });
      this.reject(client, 'bad-message', undefined, 'internal error');
    }
  }

  /** False (and the client told, or at last disconnected) when a client sends faster than the limits allow. */
  private withinRate(client: WorkshopClient, isDrag: boolean): boolean {
    const verdict = this.rates.check(client, isDrag);
    if (verdict === 'ok') return true;
    if (verdict === 'disconnect') {
      log('warn', 'client-disconnected-for-abuse', { workshop: this.workshop.id });
      client.leave(CLOSE_CODES.rateLimited, 'rate-limited');
    } else if (verdict === 'refuse-and-warn') this.reject(client, 'rate-limited');
    return false;
  }

  /**
   * A board action: decided by the rules on the pending state, written, then shown and
   * acknowledged. Holds (grab, release) are transient like drags: shown and answered at once.
   */
  private act(client: WorkshopClient, actor: Actor, aid: string, action: Action): void {
    const earlier = this.answers.earlier(actor.memberId, aid);
    if (earlier) return this.tell(client, 'code' in earlier ? 'error' : 'ack', earlier as never);
    // a copy of an action still being stored: its answer is on the way to the member's connection
    if (this.answers.isInFlight(actor.memberId, aid)) return;
    if (action.type === 'place' || action.type === 'move' || action.type === 'release') this.endDrag(actor.memberId);
    const result = apply(this.ledger.pending, action, actor, { now: Date.now(), newId });
    if (!result.ok) {
      log('info', 'action-refused', { workshop: this.workshop.id, action: action.type, code: result.code });
      return this.reject(client, result.code, aid);
    }
    if (action.type === 'grab' || action.type === 'release') {
      this.ledger.changeHolds(result.state);
      this.mirror();
      // never refused by a write, but answered after the actions sent before it, so answers keep their order
      void this.ledger.settled().then(() => this.answer(client, actor, aid, { aid }));
      return;
    }
    this.answers.setInFlight(actor.memberId, aid, true);
    const stored = this.ledger.append(result.state, { at: Date.now(), memberId: actor.memberId, role: actor.role, partyId: actor.partyId, type: action.type, action });
    log('debug', 'action', { workshop: this.workshop.id, action: action.type });
    void stored.then((entry) => {
      this.answers.setInFlight(actor.memberId, aid, false);
      if (!entry) return this.reject(this.connectionOf(actor.memberId) ?? client, 'not-saved', aid);
      this.mirror();
      this.afterStored(result.events);
      const placed = result.events.find((e) => e.type === 'piece-placed');
      this.answer(client, actor, aid, placed ? { aid, pieceId: placed.pieceId } : { aid });
    });
  }

  /** What an action changes beyond the state, once it is stored: views after a phase change or a shown vote, a kicked member's connection. */
  private afterStored(events: RuleEvent[]): void {
    for (const event of events) {
      if (event.type === 'views-changed') this.refreshAllViews();
      if (event.type === 'member-kicked') {
        for (const c of this.clients) if ((c as WorkshopClient).userData?.memberId === event.memberId) this.evict(c as WorkshopClient, 'kicked', CLOSE_CODES.kicked);
        this.withdrawReconnections();
      }
      if (event.type === 'members-admitted') {
        for (const c of this.clients) {
          const viewer = this.memberOf(c as WorkshopClient);
          if (!viewer || !event.memberIds.includes(viewer.id)) continue;
          if (c.view) refreshView(c.view, viewer, this.workshop, this.state);
          this.drags.connect(c as WorkshopClient, { memberId: viewer.id, role: viewer.role, partyId: viewer.partyId });
        }
      }
    }
  }

  /** A live drag: checked against the pending state (the verdict cached per connection), sent at the end of this turn. */
  private relayDrag(client: WorkshopClient, drag: ClientMessage<'drag'>): void {
    const connection = this.drags.connectionOf(client);
    if (!connection) return;
    const why = connection.verdict(this.ledger.pending, drag);
    if (why) return this.reject(client, why);
    this.drags.move(connection.actor, drag);
  }

  private endDrag(memberId: string): void {
    this.drags.end(memberId);
  }

  private setLanguage(client: WorkshopClient, actor: Actor, language: Language, aid: string): void {
    this.ledger.changePresence((s) => ({ ...s, members: s.members.map((m) => (m.id === actor.memberId ? { ...m, language } : m)) }));
    this.mirror();
    this.tell(client, 'ack', { aid });
  }

  /** A co-facilitator key is added; a rotation replaces every key, and facilitators on old keys are sent away. */
  private async changeKeys(client: WorkshopClient, actor: Actor, kind: 'co-key' | 'rotate', { aid }: { aid: string }): Promise<void> {
    if (actor.role !== 'facilitator') return this.reject(client, actor.role === 'screen' ? 'read-only' : 'facilitator-only', aid);
    const change = this.keys.propose(kind);
    await this.ledger.settled();
    try {
      await this.services.store.setFacilitatorKeyHash(this.workshop.id, change.hashes);
    } catch {
      return this.reject(client, 'not-saved', aid);
    }
    this.keys.adopt(change);
    if (kind === 'rotate') {
      client.userData = { memberId: actor.memberId, keyHash: change.hash };
      for (const c of this.clients) {
        const other = c as WorkshopClient;
        if (other !== client && other.userData?.keyHash && !this.keys.inForce(other.userData.keyHash)) this.evict(other, 'wrong-key', CLOSE_CODES.wrongKey);
      }
      this.withdrawReconnections();
    }
    this.tell(client, 'ack', { aid, key: change.key });
  }

  // ---- state -----------------------------------------------------------------------------

  /** Show the ledger's shown state: mirror it into the schema and keep each client's view in step. */
  private mirror(): void {
    const state = this.workshop;
    // drags received before a phase change go out as they were allowed then
    this.drags.showPhase(state.phase);
    mirrorState(state, this.state, {
      pieceAdded: (row) => this.forEachViewer((view, viewer) => showPiece(view, viewer, row, state)),
      pieceRemoved: (row) => this.forEachViewer((view) => view.has(row) && view.remove(row)),
      voteAdded: (row) => this.forEachViewer((view, viewer) => showVote(view, viewer, row, state)),
      voteRemoved: (row) => this.forEachViewer((view) => view.has(row) && view.remove(row)),
    });
  }

  private forEachViewer(visit: (view: StateView, viewer: Member) => void): void {
    for (const c of this.clients) {
      const viewer = this.memberOf(c as WorkshopClient);
      if (viewer && c.view) visit(c.view, viewer);
    }
  }

  private refreshAllViews(): void {
    this.forEachViewer((view, viewer) => refreshView(view, viewer, this.workshop, this.state));
  }

  private memberGone(client: WorkshopClient): void {
    const memberId = client.userData?.memberId;
    // a connection that was replaced (same seat elsewhere) leaves its member alone
    if (!memberId || !this.sessions.isActive(memberId, client.sessionId)) return;
    this.endDrag(memberId);
    this.ledger.changeHolds(releaseHolds(this.ledger.pending, memberId));
    this.setConnected(memberId, false);
  }

  private setConnected(memberId: string, connected: boolean): void {
    // a seat remembers when its member left: a long absence with no trace lets the member be forgotten
    const leftAt = connected ? 0 : Date.now();
    this.ledger.changePresence((s) => ({
      ...s,
      members: s.members.map((m) => (m.id === memberId ? { ...m, connected } : m)),
      seats: s.seats.map((seat) => (seat.memberId === memberId ? { ...seat, leftAt } : seat)),
    }));
    this.mirror();
  }

  // ---- clients ---------------------------------------------------------------------------

  private memberOf(client: WorkshopClient): Member | undefined {
    const memberId = client.userData?.memberId;
    return memberId ? this.ledger.pending.members.find((m) => m.id === memberId) : undefined;
  }

  private actorOf(client: WorkshopClient): Actor | undefined {
    const member = this.memberOf(client);
    return member && { memberId: member.id, role: member.role, partyId: member.partyId };
  }

  /** Whether the right a connection joined with still holds: its member is still one (not kicked), a facilitator's key still in force. */
  private entitled(client: WorkshopClient): boolean {
    const data = client.userData;
    const member = this.memberOf(client);
    if (!data || !member) return false;
    return member.role !== 'facilitator' || this.keys.inForce(data.keyHash);
  }

  /** Members whose dropped connection may still come back: they are not forgotten while it may. */
  private awaited(): Set<string> {
    const ids = new Set<string>();
    for (const { client } of this.reconnections.values()) if (client.userData?.memberId) ids.add(client.userData.memberId);
    return ids;
  }

  /** Take the way back from every dropped connection whose right was withdrawn: its reconnection token then opens nothing. */
  private withdrawReconnections(): void {
    for (const { client, reconnection } of this.reconnections.values()) {
      if (!this.entitled(client)) reconnection.reject(new Error('right withdrawn'));
    }
  }

  /** The connection a member acts through now. */
  private connectionOf(memberId: string): WorkshopClient | undefined {
    const session = this.sessions.sessionOf(memberId);
    return this.clients.find((c) => c.sessionId === session) as WorkshopClient | undefined;
  }

  /** Tell a connection why it must go, forget who it was, and close it with `closeCode` a moment later. */
  private evict(client: WorkshopClient, code: RejectionCode, closeCode: CloseCode): void {
    this.reject(client, code);
    // a drag this connection had going ends with it (the member may go on elsewhere)
    if (client.userData?.memberId) this.endDrag(client.userData.memberId);
    client.userData = { memberId: '', keyHash: '' };
    this.drags.disconnect(client);
    this.clock.setTimeout(() => client.leave(closeCode, code), 50);
  }

  /** Answer an accepted action, remembered for resends, on the connection the member uses now. */
  private answer(client: WorkshopClient, actor: Actor, aid: string, ack: ServerMessages['ack']): void {
    this.answers.remember(actor.memberId, aid, ack);
    // the member may have come back on a new connection while this was being stored
    this.tell(this.connectionOf(actor.memberId) ?? client, 'ack', ack);
  }

  private tell<K extends keyof ServerMessages>(client: Client, type: K, message: ServerMessages[K]): void {
    client.send(type, message);
  }

  private reject(client: WorkshopClient, code: RejectionCode, aid?: string, detail?: string): void {
    const member = this.memberOf(client);
    const message: ServerMessages['error'] = { code, message: t(member?.language ?? this.workshop.language, `error.${code}`) };
    if (aid !== undefined) message.aid = aid;
    if (detail !== undefined) message.detail = detail;
    // a refused action is answered the same way if it arrives again; a failed write may succeed when resent
    if (member && aid !== undefined && code !== 'rate-limited' && code !== 'not-saved') this.answers.remember(member.id, aid, message as ActionAnswer);
    this.tell(client, 'error', message);
  }
}
