/** The facilitator's moves that run the session: the phase, who may join, the lock, the spotlight and the timer. */
import { PHASE_RULES } from '../phases.ts';
import { NO_SPOTLIGHT, releaseHolds } from './board.ts';
import { FACILITATOR, refuse, type Move } from './move.ts';

/**
 * Move the workshop to a phase, forwards or back; every held piece is let go. Going into a phase
 * that hides the parties' pieces from each other also takes a piece out of the spotlight and hides
 * the dot-vote's result: both would name pieces that everyone may no longer see.
 */
export const setPhase: Move<'set-phase'> = {
  roles: FACILITATOR,
  change: (state, action) => {
    if (action.phase === 'partner-view' && !state.partnerView) return refuse('phase-closed');
    // the agreement phase locks the board; going back opens it again
    const locked = action.phase === 'agreement' ? true : state.phase === 'agreement' ? false : state.locked;
    const hidden = PHASE_RULES[action.phase].hidden;
    // a new phase is a new focus: the spotlight goes out (and a piece in it must not leak into a hidden phase)
    const spotlight = action.phase === state.phase ? state.spotlight : NO_SPOTLIGHT;
    const voting = hidden && state.voting.shown ? { ...state.voting, shown: false } : state.voting;
    return {
      ok: true,
      state: { ...state, phase: action.phase, locked, spotlight, voting, pieces: state.pieces.map((p) => (p.heldBy ? { ...p, heldBy: '' } : p)) },
      events: [{ type: 'phase-changed', phase: action.phase }, { type: 'views-changed' }],
    };
  },
};

/** Open or close the workshop to new participants and new shared screens. */
export const setOpen: Move<'set-open'> = {
  roles: FACILITATOR,
  change: (state, action) => ({ ok: true, state: { ...state, open: action.open }, events: [{ type: 'changed' }] }),
};

/**
 * Let newcomers in one by one (they wait, seeing and doing nothing, until admitted), or stop doing
 * so, which lets everyone still waiting in.
 */
export const setApproval: Move<'set-approval'> = {
  roles: FACILITATOR,
  change: (state, action) => {
    const admitted = action.approveJoins ? [] : state.waiting;
    const events = admitted.length ? [{ type: 'changed' as const }, { type: 'members-admitted' as const, memberIds: admitted }] : [{ type: 'changed' as const }];
    return { ok: true, state: { ...state, approveJoins: action.approveJoins, waiting: action.approveJoins ? state.waiting : [] }, events };
  },
};

/** Let a waiting participant or screen in. */
export const admit: Move<'admit'> = {
  roles: FACILITATOR,
  change: (state, action) => {
    if (!state.waiting.includes(action.memberId)) return refuse('unknown-member');
    return {
      ok: true,
      state: { ...state, waiting: state.waiting.filter((id) => id !== action.memberId) },
      events: [{ type: 'changed' }, { type: 'members-admitted', memberIds: [action.memberId] }],
    };
  },
};

/**
 * Remove a participant (or turn away anyone still waiting), with its holds and its votes. The
 * removal is tied to its seat: the seat token is banned, so a reload does not bring the person back.
 */
export const kick: Move<'kick'> = {
  roles: FACILITATOR,
  change: (state, action) => {
    const member = state.members.find((m) => m.id === action.memberId);
    if (!member || (member.role !== 'participant' && !(member.role === 'screen' && state.waiting.includes(member.id)))) return refuse('unknown-member');
    return {
      ok: true,
      state: {
        ...releaseHolds(state, member.id),
        members: state.members.filter((m) => m.id !== member.id),
        votes: state.votes.filter((v) => v.memberId !== member.id),
        seats: state.seats.map((s) => (s.memberId === member.id ? { ...s, banned: true } : s)),
        waiting: state.waiting.filter((id) => id !== member.id),
      },
      events: [{ type: 'member-kicked', memberId: member.id }],
    };
  },
};

/** Lock or unlock the board for participants. */
export const lock: Move<'lock'> = {
  roles: FACILITATOR,
  change: (state, action) => {
    // a lock takes pieces out of participants' hands, so nothing stays held against the facilitator
    const facilitatorIds = new Set(state.members.filter((m) => m.role === 'facilitator').map((m) => m.id));
    const pieces = action.locked ? state.pieces.map((p) => (p.heldBy && !facilitatorIds.has(p.heldBy) ? { ...p, heldBy: '' } : p)) : state.pieces;
    return { ok: true, state: { ...state, locked: action.locked, pieces }, events: [{ type: 'changed' }] };
  },
};

/** Put a party or a piece in the spotlight, or clear it; not a piece while the parties' pieces are hidden (everyone would learn its id). */
export const spotlight: Move<'spotlight'> = {
  roles: FACILITATOR,
  change: (state, action) => {
    if (action.kind === 'party' && !state.parties.some((p) => p.id === action.id)) return refuse('unknown-party');
    if (action.kind === 'piece' && PHASE_RULES[state.phase].hidden) return refuse('hidden-in-phase');
    if (action.kind === 'piece' && !state.pieces.some((p) => p.id === action.id)) return refuse('unknown-piece');
    return { ok: true, state: { ...state, spotlight: { kind: action.kind, id: action.kind === 'none' ? '' : action.id } }, events: [{ type: 'changed' }] };
  },
};

/** Start, pause or reset the shared countdown. */
export const timer: Move<'timer'> = {
  roles: FACILITATOR,
  change: (state, action, _actor, ctx) => {
    const timer = { ...state.timer };
    const left = timer.running ? Math.max(0, timer.endsAt - ctx.now) : timer.remainingMs;
    if (action.op === 'start') {
      const remaining = left > 0 ? left : timer.durationMs;
      if (remaining <= 0) return refuse('timer-not-set');
      Object.assign(timer, { running: true, endsAt: ctx.now + remaining, remainingMs: remaining });
    } else if (action.op === 'pause') {
      Object.assign(timer, { running: false, endsAt: 0, remainingMs: left });
    } else {
      const duration = action.seconds !== undefined ? action.seconds * 1000 : timer.durationMs;
      Object.assign(timer, { durationMs: duration, running: false, endsAt: 0, remainingMs: duration });
    }
    return { ok: true, state: { ...state, timer }, events: [{ type: 'changed' }] };
  },
};
