/**
 * The check before a seat is reserved. Colyseus reserves a place in a room for every join that
 * passes the room class's *static* onAuth, and runs the room's onJoin only when the client
 * connects — up to 15 s later. So a join is decided here, before anything is held for it: one
 * whose code, key or seat is wrong costs nothing but a count against its address, and nobody
 * holding only a workshop id can fill a room with reservations. Wrong secrets count against the
 * address (failed look-ups); past its limit an address's guesses are refused unchecked, while a
 * secret nobody can guess (a facilitator key, a seat token: 192 bits) is still let in.
 */
import { matchMaker, ServerError, type AuthContext } from '@colyseus/core';
import { JoinOptions, joinOptionsRefusal } from '../../shared/protocol.ts';
import { decideJoin, JOIN_REFUSALS, type Admission, type JoinDecision, type JoinFacts, type JoinRefusal } from '../../shared/joinPolicy.ts';
import type { WorkshopState } from '../../shared/types.ts';
import { addressKey, type AddressLimits } from '../limits.ts';
import { hashKey, matchingKeyHash } from '../secrets.ts';
import type { WorkshopStore } from '../storage/WorkshopStore.ts';
import { log } from '../log.ts';

/** Refusals that mean a guess was wrong: they count against the address as failed look-ups. */
const LOOKUP_FAILURES: ReadonlySet<JoinRefusal> = new Set(['wrong-code', 'wrong-key', 'seat-unknown', 'workshop-not-found']);

/** What the gate needs from the server: where workshops are stored, and the per-address counts. */
export interface GateServices {
  store: WorkshopStore;
  addressLimits: AddressLimits;
}

/** A refused join as the matchmaker answers it: the code as its message, the code's status as its code. */
export function joinRefused(code: JoinRefusal): ServerError {
  return new ServerError(JOIN_REFUSALS[code], code);
}

/** The facts about `join` that only the server can look up: which key hash it matches, whose seat its token is. */
export function joinFacts(state: WorkshopState, matchKey: (key: string) => string, join: JoinOptions): JoinFacts {
  if (join.role === 'facilitator') return { matchedKeyHash: matchKey(join.key) };
  if (join.role !== 'rejoin') return { matchedKeyHash: '' };
  const tokenHash = hashKey(join.seat);
  const seat = state.seats.find((s) => s.tokenHash === tokenHash);
  return seat ? { matchedKeyHash: '', seatMemberId: seat.memberId, seatBanned: seat.banned } : { matchedKeyHash: '' };
}

/** Decide `join` on the live room of its workshop (on this process or another of the deployment), else on the stored workshop. */
async function decideAnywhere(store: WorkshopStore, join: JoinOptions): Promise<JoinDecision> {
  // the local driver answers at once, a shared one (Redis) through a promise
  const listed = await Promise.resolve()
    .then(() => matchMaker.getRoomById(join.workshopId))
    .catch(() => undefined);
  if (listed) {
    try {
      return (await matchMaker.remoteRoomCall(join.workshopId, 'decide' as never, [join])) as JoinDecision;
    } catch (error) {
      // a room that is closing or was never finished: the store has the workshop as it was left
      log('warn', 'join-check-fell-back', { workshop: join.workshopId, error: String(error) });
    }
  }
  const stored = await store.get(join.workshopId);
  if (!stored) return { ok: false, code: 'workshop-not-found' };
  // with no room open, nobody is connected (as onCreate will also find)
  const state = { ...stored.state, members: stored.state.members.map((m) => ({ ...m, connected: false })) };
  return decideJoin(state, join, joinFacts(state, (key) => matchingKeyHash(key, stored.facilitatorKeyHash), join));
}

/**
 * Decide a join before its seat is reserved; resolves with who it will be, or rejects with the
 * refusal the client is shown. Counts failed look-ups, seat reservations and new members per
 * address (an IPv4 address or an IPv6 /64, from `context.ip`, which the server stamps itself).
 */
export async function admitBeforeSeat(services: GateServices, options: unknown, context: AuthContext): Promise<Admission> {
  const address = addressKey(context.ip);
  const parsed = JoinOptions.safeParse(options);
  if (!parsed.success) throw joinRefused(joinOptionsRefusal(options));
  const join = parsed.data;
  const { failedLookups, joins, newMembers } = services.addressLimits;
  const spent = (await failedLookups.wait(address)) > 0;
  // past its failed look-ups an address gets in only with a secret nobody can guess: a code alone is not even looked up
  if (spent && (join.role === 'participant' || join.role === 'screen')) throw joinRefused('too-many-attempts');
  const decision = await decideAnywhere(services.store, join);
  if (!decision.ok) {
    const guessed = LOOKUP_FAILURES.has(decision.code);
    if (guessed) await failedLookups.count(address);
    log('info', 'join-refused', { workshop: join.workshopId, code: decision.code });
    // a spent address learns nothing about what it guessed
    throw joinRefused(spent && guessed ? 'too-many-attempts' : decision.code);
  }
  // a reservation holds a place until the client connects: an address gets as many as a full meeting room needs
  if (!(await joins.take(address)).ok) throw joinRefused('too-many-joins');
  if (!decision.admission.memberId && !(await newMembers.take(address)).ok) throw joinRefused('too-many-joins');
  return decision.admission;
}
