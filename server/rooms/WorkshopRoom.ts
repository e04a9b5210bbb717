/**
 * One workshop's room: a thin adapter between sockets and the shared rules. Every message is
 * parsed with the shared zod schemas, decided by the shared rules on the pending state, written
 * by the ledger, and only then shown (mirrored) and acknowledged. Nothing a client sends can
 * throw here. Each job around that lives in its own module: join policy (shared/joinPolicy.ts),
 * sessions, answered actions, facilitator keys, per-client views and rate limits.
 */
import { Room, ServerError, type AuthContext, type Client } from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import { JoinOptions, PROTOCOL_VERSION, parseClientMessage, type AnyClientMessage, type ClientMessage, type RejectionCode, type ServerMessages } from '../../shared/protocol.ts';
import { apply, releaseHolds, ACTION_TYPES, type Action, type RuleEvent } from '../../shared/rules.ts';
import { isDragMessage } from '../../shared/dragMessage.ts';
import { decideJoin, JOIN_REFUSALS, type Admission } from '../../shared/joinPolicy.ts';
import { CLOSE_CODES, type CloseCode } from '../../shared/closeCodes.ts';
import { t, type Language } from '../../shared/i18n/index.ts';
import type { Actor, Member, WorkshopState } from '../../shared/types.ts';
import { WorkshopSchema } from './schema/WorkshopSchema.ts';
import { mirrorState } from './mirror.ts';
import { hashKey, newFacilitatorKey, newId } from '../secrets.ts';
import type { WorkshopStore } from '../storage/WorkshopStore.ts';
import type { FailureLimiter, Limits } from '../limits.ts';
import { log } from '../log.ts';
import { WorkshopLedger } from './WorkshopLedger.ts';
import { Sessions } from './Sessions.ts';
import { AnsweredActions, type ActionAnswer } from './AnsweredActions.ts';
import { FacilitatorKeys } from './FacilitatorKeys.ts';
import { ClientRates } from './ClientRates.ts';
import { refreshView, showPiece, showVote } from './clientViews.ts';
import { DragFanout } from './DragFanout.ts';

/** What a room needs from its server, passed in the room's creation options. */
export interface RoomServices {
  store: WorkshopStore;
  limits: Limits;
  /** Failed joins per address (shared with the HTTP code look-up), so codes cannot be guessed by trying. */
  lookupLimiter: FailureLimiter;
  /** Whether the client address may be taken from proxy headers (TRUST_PROXY). */
  trustProxy: boolean;
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
    // nobody is connected and nothing is held when a room (re)opens
    const fresh: WorkshopState = {
      ...stored.state,
      members: stored.state.members.map((m) => ({ ...m, connected: false })),
      pieces: stored.state.pieces.map((p) => (p.heldBy ? { ...p, heldBy: '' } : p)),
    };
    // another writer owns this workshop's log: send everyone away to rejoin, which reloads it from the store
    const conflict = () => void this.disconnect(CLOSE_CODES.shutdown);
    this.ledger = new WorkshopLedger(this.services.store, fresh, await this.services.store.lastSeq(id), conflict);
    this.drags = new DragFanout(fresh.phase);
    this.keys = new FacilitatorKeys(stored.facilitatorKeyHash);
    this.rates = new ClientRates(this.services.limits);
    // capacity is enforced per role in onAuth; a full room must never make the matchmaker open a second one
    this.maxClients = 500;
    // a hard ceiling below our own limits: frames Colyseus cannot even decode never reach them
    const { actionsPerSecond, dragsPerSecond } = this.services.limits;
    this.maxMessagesPerSecond = (actionsPerSecond + dragsPerSecond) * 5;
    this.setState(new WorkshopSchema());
    this.mirror();
    this.onMessage('*', (client, type, payload) => this.receive(client as WorkshopClient, type, payload));
  }

  override onAuth(_client: Client, options: unknown, context: AuthContext): Admission {
    const ip = this.clientIp(context);
    if (this.services.lookupLimiter.blocked(ip)) throw new ServerError(JOIN_REFUSALS['too-many-attempts'], 'too-many-attempts');
    const parsed = JoinOptions.safeParse(options);
    const join = parsed.success ? parsed.data : undefined;
    const decision = join
      ? decideJoin(this.ledger.pending, join, {
          matchedKeyHash: join.role === 'facilitator' ? this.keys.match(join.key) : '',
          seatMemberId: join.role === 'rejoin' ? this.ledger.pending.seats.find((s) => s.tokenHash === hashKey(join.seat))?.memberId : undefined,
        })
      : ({ ok: false, code: 'bad-message' } as const);
    if (decision.ok) return decision.admission;
    // wrong codes and keys count against the address, so trying codes gets slow and then refused
    if (decision.code === 'wrong-code' || decision.code === 'wrong-key') this.services.lookupLimiter.fail(ip);
    log('info', 'join-refused', { workshop: this.workshop.id, code: decision.code });
    throw new ServerError(JOIN_REFUSALS[decision.code], decision.code);
  }

  /** The client's address: from the proxy header only when TRUST_PROXY says the proxy is ours. */
  private clientIp(context: AuthContext): string {
    const peer = (context.req as { socket?: { remoteAddress?: string } } | undefined)?.socket?.remoteAddress;
    return (this.services.trustProxy ? context.ip : peer ?? context.ip) ?? 'unknown';
  }

  override onJoin(client: WorkshopClient, _options: unknown, admission: Admission) {
    client.view = new StateView();
    let member: Member;
    let seatToken: string | undefined;
    if (admission.memberId) {
      // the same person again: an older connection of theirs (another tab or device) steps aside
      member = { ...this.ledger.pending.members.find((m) => m.id === admission.memberId)!, connected: true, language: admission.language };
      this.ledger.changePresence((s) => ({ ...s, members: s.members.map((m) => (m.id === member.id ? member : m)) }));
    } else {
      member = { id: newId(), name: admission.name, role: admission.role, partyId: admission.partyId, connected: true, language: admission.language };
      if (member.role === 'participant') seatToken = newFacilitatorKey();
      const seat = seatToken ? [{ memberId: member.id, tokenHash: hashKey(seatToken) }] : [];
      this.ledger.changePresence((s) => ({ ...s, members: [...s.members, member], seats: [...s.seats, ...seat] }));
    }
    client.userData = { memberId: member.id, keyHash: admission.keyHash };
    const previous = this.sessions.claim(member.id, client.sessionId);
    const replaced = previous && this.clients.find((c) => c.sessionId === previous);
    if (replaced) this.evict(replaced as WorkshopClient, 'seat-taken', CLOSE_CODES.seatTaken);
    this.mirror();
    refreshView(client.view, member, this.workshop, this.state);
    this.drags.connect(client, { memberId: member.id, role: member.role, partyId: member.partyId });
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
    await this.allowReconnection(client, this.services.reconnectSeconds);
  }

  override onReconnect(client: WorkshopClient) {
    const memberId = client.userData?.memberId;
    // this seat moved to another device while this one was away: tell it now, then let it go
    if (!memberId || this.sessions.movedAway(memberId, client.sessionId)) return this.evict(client, 'seat-taken', CLOSE_CODES.seatTaken);
    this.sessions.claim(memberId, client.sessionId);
    this.setConnected(memberId, true);
    // pieces and votes that appeared while it was away were never added to its view
    const viewer = this.memberOf(client);
    if (viewer && client.view) refreshView(client.view, viewer, this.workshop, this.state);
    if (viewer) this.drags.connect(client, { memberId: viewer.id, role: viewer.role, partyId: viewer.partyId });
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
    this.ledger.changePresence((s) => ({ ...s, members: s.members.map((m) => (m.id === memberId ? { ...m, connected } : m)) }));
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
