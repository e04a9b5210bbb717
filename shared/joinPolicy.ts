/**
 * Who may join a workshop, and as whom: a pure decision from the workshop, the validated join
 * options and the facts the server looked up (which key hash matched, whose seat a token is).
 * The room turns a refusal into a matchmaking error; nothing here touches secrets or sockets.
 */
import { normalizeJoinCode } from './joinCode.ts';
import { t, type Language } from './i18n/index.ts';
import type { JoinOptions } from './protocol.ts';
import { JOIN_REFUSALS, type JoinRefusal } from './errors.ts';
import type { Member, WorkshopState } from './types.ts';

export { JOIN_REFUSALS, type JoinRefusal };

/** What the server looked up for this join (hashing and token look-up stay on the server). */
export interface JoinFacts {
  /** The hash of the facilitator key in force that the presented key matches, or ''. */
  matchedKeyHash: string;
  /** The member whose seat token was presented, if the token is known. */
  seatMemberId?: string;
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
    return { ok: true, admission: { keyHash: facts.matchedKeyHash, role: 'facilitator', partyId: '', name: join.name ?? t(language, 'facilitator.panel'), language } };
  }
  if (normalizeJoinCode(join.code) !== state.code) return refuse('wrong-code');
  if (join.role === 'screen') return { ok: true, admission: { keyHash: '', role: 'screen', partyId: '', name: 'screen', language } };
  if (join.role === 'rejoin') {
    // a seat is a member's own: it comes back even when the workshop is closed to new people
    const member = state.members.find((m) => m.id === facts.seatMemberId && m.role === 'participant');
    if (!member) return refuse('seat-unknown');
    return { ok: true, admission: { keyHash: '', memberId: member.id, role: 'participant', partyId: member.partyId, name: member.name, language: join.language ?? member.language } };
  }
  if (!state.open) return refuse('workshop-closed');
  if (!state.parties.some((p) => p.id === join.partyId)) return refuse('unknown-party');
  const present = state.members.filter((m) => m.role === 'participant' && m.connected).length;
  if (present >= state.maxParticipants) return refuse('workshop-full');
  return { ok: true, admission: { keyHash: '', role: 'participant', partyId: join.partyId, name: join.name, language } };
}
