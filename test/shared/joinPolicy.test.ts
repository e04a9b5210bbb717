/**
 * Who may join, and whom a workshop may forget: the pure join policy with an injected clock, and
 * the moves around it (a kick bans the seat, newcomers wait until let in, nothing names a hidden piece).
 */
import { describe, expect, it } from 'vitest';
import { decideJoin, forgetAbsent, roomForOneMore, type JoinFacts } from '../../shared/joinPolicy.ts';
import { WORKSHOP_CAPS } from '../../shared/limits.ts';
import { PROTOCOL_VERSION, type JoinOptions } from '../../shared/protocol.ts';
import type { Member, Seat, WorkshopState } from '../../shared/types.ts';
import { FACILITATOR, NOW, accept, action, attempt, inPhase, makeCtx, makeWorkshop, member, participant } from './fixtures.ts';

const DAY = 24 * 60 * 60 * 1000;
const NO_FACTS: JoinFacts = { matchedKeyHash: '' };

const base = (): WorkshopState => makeWorkshop();
const asParticipant = (state: WorkshopState, name = 'Mette'): JoinOptions => ({ role: 'participant', v: PROTOCOL_VERSION, workshopId: state.id, code: state.code, name, partyId: state.parties[0]!.id });
const asScreen = (state: WorkshopState): JoinOptions => ({ role: 'screen', v: PROTOCOL_VERSION, workshopId: state.id, code: state.code });
const away = (m: Member): Member => ({ ...m, connected: false });
const seat = (memberId: string, leftAt: number, banned = false): Seat => ({ memberId, tokenHash: `hash-${memberId}`, banned, leftAt });

describe('decideJoin', () => {
  it('refuses a removed member\'s seat as kicked, before anything else about it', () => {
    const state = { ...base(), members: [] };
    const rejoin: JoinOptions = { role: 'rejoin', v: PROTOCOL_VERSION, workshopId: state.id, code: state.code, seat: 's'.repeat(40) };
    expect(decideJoin(state, rejoin, { matchedKeyHash: '', seatMemberId: 'gone', seatBanned: true })).toEqual({ ok: false, code: 'kicked' });
    expect(decideJoin(state, rejoin, { matchedKeyHash: '', seatMemberId: 'gone' })).toEqual({ ok: false, code: 'seat-unknown' });
  });

  it('closes a closed workshop to new screens, and caps the screens connected at once', () => {
    const state = base();
    expect(decideJoin({ ...state, open: false }, asScreen(state), NO_FACTS)).toEqual({ ok: false, code: 'workshop-closed' });
    const screens = Array.from({ length: WORKSHOP_CAPS.screens }, (_, i) => member(`screen-${i}`, 'screen'));
    expect(decideJoin({ ...state, members: screens.slice(1) }, asScreen(state), NO_FACTS).ok).toBe(true);
    expect(decideJoin({ ...state, members: screens }, asScreen(state), NO_FACTS)).toEqual({ ok: false, code: 'too-many-screens' });
    // screens that left do not count
    expect(decideJoin({ ...state, members: screens.map(away) }, asScreen(state), NO_FACTS).ok).toBe(true);
  });

  it('lets newcomers wait while approval is on; a returning seat waits only if it was waiting', () => {
    const state = { ...base(), approveJoins: true, members: [away(member('m1', 'participant', 'party-1'))], waiting: ['m1'] };
    expect(decideJoin(state, asParticipant(state), NO_FACTS)).toMatchObject({ ok: true, admission: { waiting: true } });
    expect(decideJoin(state, asScreen(state), NO_FACTS)).toMatchObject({ ok: true, admission: { waiting: true } });
    const rejoin: JoinOptions = { role: 'rejoin', v: PROTOCOL_VERSION, workshopId: state.id, code: state.code, seat: 's'.repeat(40) };
    expect(decideJoin(state, rejoin, { matchedKeyHash: '', seatMemberId: 'm1' })).toMatchObject({ ok: true, admission: { memberId: 'm1', waiting: true } });
    expect(decideJoin({ ...state, waiting: [] }, rejoin, { matchedKeyHash: '', seatMemberId: 'm1' })).toMatchObject({ ok: true, admission: { waiting: false } });
    expect(decideJoin(state, { role: 'facilitator', v: PROTOCOL_VERSION, workshopId: state.id, key: 'k'.repeat(32) }, { matchedKeyHash: 'h' })).toMatchObject({ ok: true, admission: { waiting: false } });
  });

  it('refuses a newcomer only when the member list is full of members who left a trace or are here', () => {
    const state = base();
    const here = Array.from({ length: WORKSHOP_CAPS.members }, (_, i) => member(`m${i}`, 'participant', 'party-1'));
    expect(decideJoin({ ...state, maxParticipants: 200, members: here.map(away) }, asParticipant(state), NO_FACTS).ok).toBe(true);
    const traced = here.map(away);
    const votes = traced.map((m, i) => ({ id: `v${i}`, memberId: m.id, pieceId: 'p' }));
    expect(decideJoin({ ...state, members: traced, votes }, asParticipant(state), NO_FACTS)).toEqual({ ok: false, code: 'workshop-full' });
  });
});

describe('forgetting members who left no trace', () => {
  const placedBy = (memberId: string) => ({ id: `piece-${memberId}`, kindId: 'residents', label: '', areaPartyId: 'party-1', placedByPartyId: 'party-1', placedByMemberId: memberId, byFacilitator: false, x: 0, y: 0, scale: 1, note: '', importance: 2, heldBy: '', placedAt: 0 });

  it(`forgets a participant away for ${WORKSHOP_CAPS.dropAfterDays} days who placed and voted nothing, with its seat`, () => {
    const state: WorkshopState = {
      ...base(),
      members: [away(member('quiet', 'participant', 'party-1')), away(member('placer', 'participant', 'party-1')), away(member('voter', 'participant', 'party-1')), member('here', 'participant', 'party-1'), away(member('recent', 'participant', 'party-1'))],
      seats: [seat('quiet', NOW - 8 * DAY), seat('placer', NOW - 30 * DAY), seat('voter', NOW - 30 * DAY), seat('here', 0), seat('recent', NOW - 6 * DAY), seat('kicked', NOW - 90 * DAY, true)],
      pieces: [placedBy('placer')],
      votes: [{ id: 'v1', memberId: 'voter', pieceId: 'piece-placer' }],
    };
    const after = forgetAbsent(state, NOW);
    expect(after.members.map((m) => m.id)).toEqual(['placer', 'voter', 'here', 'recent']);
    // the forgotten seat's token joins as a new member; a banned seat stays banned
    expect(after.seats.map((s) => s.memberId)).toEqual(['placer', 'voter', 'here', 'recent', 'kicked']);
    // a day later the one away for 7 days goes too
    expect(forgetAbsent(state, NOW + DAY).members.map((m) => m.id)).toEqual(['placer', 'voter', 'here']);
  });

  it('forgets facilitators and screens that are away at once (no token brings them back), but not while their connection may come back', () => {
    const state: WorkshopState = { ...base(), members: [away(member('fac-old', 'facilitator')), away(member('screen-old', 'screen')), member('fac', 'facilitator')] };
    expect(forgetAbsent(state, NOW).members.map((m) => m.id)).toEqual(['fac']);
    expect(forgetAbsent(state, NOW, new Set(['fac-old'])).members.map((m) => m.id)).toEqual(['fac-old', 'fac']);
  });

  it('makes room in a full list by forgetting the member away longest who left no trace', () => {
    const members = Array.from({ length: WORKSHOP_CAPS.members }, (_, i) => away(member(`m${i}`, 'participant', 'party-1')));
    const seats = members.map((m, i) => seat(m.id, NOW - (i === 7 ? 5 : 1) * DAY));
    const state = { ...base(), members, seats };
    expect(roomForOneMore({ ...state, members: members.slice(1) })).toEqual({ ...state, members: members.slice(1) });
    const roomy = roomForOneMore(state)!;
    expect(roomy.members).toHaveLength(WORKSHOP_CAPS.members - 1);
    expect(roomy.members.some((m) => m.id === 'm7')).toBe(false);
    expect(roomForOneMore({ ...state, members: members.map((m) => ({ ...m, connected: true })) })).toBeUndefined();
  });
});

describe('moves around joining', () => {
  it('a kick bans the seat and takes the member off the waiting list', () => {
    const state = { ...base(), members: [member('c1', 'participant', 'party-1')], seats: [seat('c1', 0)], waiting: ['c1'] };
    const next = accept(state, action('kick', { memberId: 'c1' }), FACILITATOR, makeCtx()).state;
    expect(next.seats).toEqual([{ ...seat('c1', 0), banned: true }]);
    expect(next.waiting).toEqual([]);
  });

  it('turns a waiting screen away, but not a screen that was let in', () => {
    const state = { ...base(), members: [member('s1', 'screen'), member('s2', 'screen')], waiting: ['s1'] };
    expect(accept(state, action('kick', { memberId: 's1' }), FACILITATOR, makeCtx()).state.members.map((m) => m.id)).toEqual(['s2']);
  });

  it('admits one by one, and switching approval off admits everyone still waiting', () => {
    const state = { ...base(), approveJoins: true, members: [member('c1', 'participant', 'party-1'), member('c2', 'participant', 'party-1')], waiting: ['c1', 'c2'] };
    const one = accept(state, action('admit', { memberId: 'c2' }), FACILITATOR, makeCtx());
    expect(one.state.waiting).toEqual(['c1']);
    expect(one.events).toContainEqual({ type: 'members-admitted', memberIds: ['c2'] });
    const off = accept(state, action('set-approval', { approveJoins: false }), FACILITATOR, makeCtx());
    expect(off.state).toMatchObject({ approveJoins: false, waiting: [] });
    expect(off.events).toContainEqual({ type: 'members-admitted', memberIds: ['c1', 'c2'] });
    // a participant let in acts again; one still waiting does not
    expect(attempt(one.state, action('undo', {}), participant('c2', 'party-1'), makeCtx())).toEqual({ ok: false, code: 'nothing-to-undo' });
    expect(attempt(one.state, action('undo', {}), participant('c1', 'party-1'), makeCtx())).toEqual({ ok: false, code: 'awaiting-approval' });
  });

  it('going into a hidden phase takes a piece out of the spotlight and hides the dot-vote result', () => {
    const state: WorkshopState = { ...inPhase(base(), 'dialogue'), spotlight: { kind: 'piece', id: 'p1' }, voting: { open: true, dots: 3, shown: true } };
    const next = accept(state, action('set-phase', { phase: 'own-value' }), FACILITATOR, makeCtx()).state;
    expect(next.spotlight).toEqual({ kind: 'none', id: '' });
    expect(next.voting).toEqual({ open: true, dots: 3, shown: false });
    // any phase change clears the spotlight (issue 8), a party's too
    const party = accept({ ...state, spotlight: { kind: 'party', id: 'party-1' } }, action('set-phase', { phase: 'lobby' }), FACILITATOR, makeCtx()).state;
    expect(party.spotlight).toEqual({ kind: 'none', id: '' });
  });
});
