/**
 * Who may join a workshop, and as whom: a pure decision from the workshop, the validated join
 * options and the facts the server looked up (which key hash matched, whose seat a token is).
 * The room turns a refusal into a matchmaking error; nothing here touches secrets or sockets.
 * Also which members the workshop may forget: those away long enough who left no trace.
 */
import { normalizeJoinCode } from './joinCode.ts';
import { t, type Language } from './i18n/index.ts';
import type { JoinOptions } from './protocol.ts';
import { JOIN_REFUSALS, type JoinRefusal } from './errors.ts';
import { WORKSHOP_CAPS } from './limits.ts';
import type { Member, WorkshopState } from './types.ts';

export { JOIN_REFUSALS, type JoinRefusal };

/** What the server looked up for this join (hashing and token look-up stay on the server). */
export interface JoinFacts {
  /** The hash of the facilitator key in force that the presented key matches, or ''. */
  matchedKeyHash: string;
  /** The member whose seat token was presented, if the token is known. */
  seatMemberId?: string;
  /** The presented seat token belongs to a member the facilitator removed. */
  seatBanned?: boolean;
}

/** Who a connection will be. */
export interface Admission {
  /** The facilitator key hash used to join ('' for others), so a rotation can retire it. */
  keyHash: string;
  /** Set when a participant comes back with its seat token: the member it was. */
  memberId?: string;
  role: Member['role'];
  partyId: string;
  name: string;
  language: Language;
  /** A newcomer waits until the facilitator lets it in (the workshop's approveJoins). */
  waiting: boolean;
}

/** The outcome of a join request. */
export type JoinDecision = { ok: true; admission: Admission } | { ok: false; code: JoinRefusal };

const refuse = (code: JoinRefusal): JoinDecision => ({ ok: false, code });

/** Decide whether `join` may enter `state`, and as whom. */
export function decideJoin(state: WorkshopState, join: JoinOptions, facts: JoinFacts): JoinDecision {
  if (join.workshopId !== state.id) return refuse('workshop-not-found');
  const language = join.language ?? state.language;
  if (join.role === 'facilitator') {
    if (!facts.matchedKeyHash) return refuse('wrong-key');
    return { ok: true, admission: { keyHash: facts.matchedKeyHash, role: 'facilitator', partyId: '', name: join.name ?? t(language, 'facilitator.panel'), language, waiting: false } };
  }
  if (normalizeJoinCode(join.code) !== state.code) return refuse('wrong-code');
  if (join.role === 'rejoin') {
    // a kick is tied to the seat: the removed person's token never brings them back
    if (facts.seatBanned) return refuse('kicked');
    // a seat is a member's own: it comes back even when the workshop is closed to new people
    const member = state.members.find((m) => m.id === facts.seatMemberId && m.role === 'participant');
    if (!member) return refuse('seat-unknown');
    return { ok: true, admission: { keyHash: '', memberId: member.id, role: 'participant', partyId: member.partyId, name: member.name, language: join.language ?? member.language, waiting: state.waiting.includes(member.id) } };
  }
  // closing the workshop closes it to new screens too: a screen sees the whole board once it is shown
  if (!state.open) return refuse('workshop-closed');
  if (state.members.length >= WORKSHOP_CAPS.members && !state.members.some((m) => forgettable(state, m))) return refuse('workshop-full');
  const waiting = state.approveJoins;
  if (join.role === 'screen') {
    const screens = state.members.filter((m) => m.role === 'screen' && m.connected).length;
    if (screens >= WORKSHOP_CAPS.screens) return refuse('too-many-screens');
    return { ok: true, admission: { keyHash: '', role: 'screen', partyId: '', name: 'screen', language, waiting } };
  }
  if (!state.parties.some((p) => p.id === join.partyId)) return refuse('unknown-party');
  const present = state.members.filter((m) => m.role === 'participant' && m.connected).length;
  if (present >= state.maxParticipants) return refuse('workshop-full');
  return { ok: true, admission: { keyHash: '', role: 'participant', partyId: join.partyId, name: join.name, language, waiting } };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether `member` is away and left no trace on the board: no piece it placed lies there, no dot of it. */
function forgettable(state: WorkshopState, member: Member): boolean {
  if (member.connected) return false;
  return !state.pieces.some((p) => p.placedByMemberId === member.id) && !state.votes.some((v) => v.memberId === member.id);
}

/** When `member` was last seen, as far as the workshop knows: a participant's seat remembers it; others have no way back once away. */
function awaySince(state: WorkshopState, member: Member): number {
  return member.role === 'participant' ? (state.seats.find((s) => s.memberId === member.id)?.leftAt ?? 0) : 0;
}

/** `state` without the members in `ids`, their seats (the tokens then join as new members) and their places in the waiting list. */
function withoutMembers(state: WorkshopState, ids: ReadonlySet<string>): WorkshopState {
  if (ids.size === 0) return state;
  return {
    ...state,
    members: state.members.filter((m) => !ids.has(m.id)),
    seats: state.seats.filter((s) => s.banned || !ids.has(s.memberId)),
    waiting: state.waiting.filter((id) => !ids.has(id)),
  };
}

/**
 * Forget members who left no trace: participants away for WORKSHOP_CAPS.dropAfterDays, and
 * facilitators and screens as soon as they are away (no token brings those back as the same
 * member). `keep` are members whose connection may still come back (their grace period runs).
 */
export function forgetAbsent(state: WorkshopState, now: number, keep: ReadonlySet<string> = new Set()): WorkshopState {
  const cutoff = now - WORKSHOP_CAPS.dropAfterDays * DAY_MS;
  const gone = new Set<string>();
  for (const member of state.members) {
    if (keep.has(member.id) || !forgettable(state, member)) continue;
    if (member.role !== 'participant') gone.add(member.id);
    else if (awaySince(state, member) > 0 && awaySince(state, member) <= cutoff) gone.add(member.id);
  }
  return withoutMembers(state, gone);
}

/**
 * `state` with room for one more member: unchanged below WORKSHOP_CAPS.members, else without the
 * member away longest who left no trace; undefined when nobody can make room.
 */
export function roomForOneMore(state: WorkshopState, keep: ReadonlySet<string> = new Set()): WorkshopState | undefined {
  if (state.members.length < WORKSHOP_CAPS.members) return state;
  const candidates = state.members.filter((m) => !keep.has(m.id) && forgettable(state, m));
  if (candidates.length === 0) return undefined;
  const longest = candidates.reduce((a, b) => (awaySince(state, b) < awaySince(state, a) ? b : a));
  return withoutMembers(state, new Set([longest.id]));
}
