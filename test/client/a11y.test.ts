/**
 * The pure parts of keyboard and screen-reader play: the board as text (what each viewer may know,
 * counts in words for hidden parties), which areas "Place in …" and "Move to …" offer by phase,
 * what changes are announced (and never a hidden piece's value), the batching of other parties'
 * pieces into one sentence, and the timer's two moments.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { boardText, mayEdit, type Viewer } from '../../client/a11y/boardText.ts';
import { Announcements, BATCH_MS, boardChanges, timerMoment } from '../../client/a11y/announcements.ts';
import { moveTargets, placeTargets } from '../../client/a11y/targets.ts';
import type { ClientState } from '../../client/net/WorkshopConnection.ts';
import { t } from '../../shared/i18n/index.ts';
import type { Phase, PlacedPiece } from '../../shared/types.ts';
import { NOW, makeWorkshop, member } from '../shared/fixtures.ts';

const [A, B, C] = ['party-1', 'party-2', 'party-3'] as const;
const anna: Viewer = { memberId: 'anna', role: 'participant', partyId: A };
const bo: Viewer = { memberId: 'bo', role: 'participant', partyId: B };
const facilitator: Viewer = { memberId: 'fac', role: 'facilitator', partyId: '' };
const screen: Viewer = { memberId: 'screen', role: 'screen', partyId: '' };

let pieceNo = 0;
/** A piece of `kindId` placed by `by` (member `memberId`) in the area of `area`. */
function piece(kindId: string, by: string, area: string, memberId = 'someone', change: Partial<PlacedPiece> = {}): PlacedPiece {
  return { id: `piece-${++pieceNo}`, kindId, label: '', areaPartyId: area, placedByPartyId: by, placedByMemberId: memberId, byFacilitator: false, x: 500, y: 200 + pieceNo, scale: 1, note: '', importance: 2, heldBy: '', placedAt: NOW + pieceNo, ...change };
}

/**
 * A workshop of three parties as the client holds it: `pieces` are what the server sent this
 * client, `counts` how many each party has placed in all (shown to everyone, even while hidden).
 */
function clientState(phase: Phase, pieces: PlacedPiece[], counts: Record<string, number> = {}, change: Partial<ClientState> = {}): ClientState {
  const state = makeWorkshop();
  return {
    ...state,
    phase,
    pieces,
    members: [member('anna', 'participant', A), member('bo', 'participant', B), member('fac', 'facilitator')],
    parties: state.parties.map((p) => ({ ...p, pieceCount: counts[p.id] ?? pieces.filter((x) => x.placedByPartyId === p.id).length })),
    history: [],
    seats: [],
    ...change,
  };
}

describe('the board as text', () => {
  it('in Own value: Anna reads her own value in full, and of the others only how many they placed, in words', () => {
    const residents = piece('residents', A, A, 'anna', { note: 'flere frivillige', importance: 3 });
    const text = boardText(clientState('own-value', [residents], { [B]: 3, [C]: 0 }), anna, 'da');
    expect(text.areas.map((a) => [a.party.id, a.mine, a.pieces.map((p) => p.value)])).toEqual([
      [A, true, ['Værdi for beboerne']],
      [B, false, []],
      [C, false, []],
    ]);
    expect(text.areas[0]!.pieces[0]).toMatchObject({ editable: true, mark: undefined, myDots: 0, allDots: undefined });
    expect(text.hidden?.map((h) => [h.party.id, h.count])).toEqual([
      [B, 3],
      [C, 0],
    ]);
    expect(t('da', 'twin.hidden.count', { party: 'Skolen', count: 3 })).toBe('Skolen har lagt 3 værdier');
    expect(t('da', 'twin.hidden.count', { party: 'Skolen', count: 1 })).toBe('Skolen har lagt 1 værdi');
  });

  it('the facilitator sees every piece and no counts; the shared screen sees counts for every party', () => {
    const pieces = [piece('residents', A, A), piece('knowledge', B, B)];
    expect(boardText(clientState('own-value', pieces), facilitator, 'en').hidden).toBeNull();
    expect(boardText(clientState('own-value', [], { [A]: 1, [B]: 1 }), screen, 'en').hidden?.map((h) => h.count)).toEqual([1, 1, 0]);
    // nothing is hidden in the lobby (nothing is placed) nor from the reveal on
    expect(boardText(clientState('lobby', []), anna, 'en').hidden).toBeNull();
    expect(boardText(clientState('reveal', pieces), anna, 'en').hidden).toBeNull();
  });

  it('from the reveal on: each piece carries its mark, and the dots everyone gave once the result is shown', () => {
    const own = piece('residents', A, A);
    const partner = piece('residents', B, A);
    const blind = piece('knowledge', B, A);
    const votes = [
      { id: 'v1', memberId: 'anna', pieceId: own.id },
      { id: 'v2', memberId: 'bo', pieceId: own.id },
      { id: 'v3', memberId: 'bo', pieceId: blind.id },
    ];
    const hiddenResult = boardText(clientState('dialogue', [own, partner, blind], {}, { votes: votes.filter((v) => v.memberId === 'anna'), voting: { open: true, dots: 3, shown: false } }), anna, 'en');
    expect(hiddenResult.areas[0]!.pieces.map((p) => [p.value, p.mark, p.myDots, p.allDots])).toEqual([
      ['Value for residents', 'shared', 1, undefined],
      ['Value for residents', 'shared', 0, undefined],
      ['Knowledge and insight', 'blind-spot', 0, undefined],
    ]);
    expect(hiddenResult.votes).toBeNull();
    const shown = boardText(clientState('dialogue', [own, partner, blind], {}, { votes, voting: { open: false, dots: 3, shown: true } }), anna, 'en');
    expect(shown.votes?.map((v) => [v.piece.value, v.count])).toEqual([
      ['Value for residents', 2],
      ['Knowledge and insight', 1],
    ]);
  });

  it('says what is in the spotlight, and who may change a piece now', () => {
    const own = piece('residents', A, A);
    const state = clientState('dialogue', [own], {}, { spotlight: { kind: 'piece', id: own.id } });
    expect(boardText(state, anna, 'en').spotlight).toBe('Value for residents (Kommunen)');
    expect(boardText(clientState('dialogue', [], {}, { spotlight: { kind: 'party', id: B } }), anna, 'en').spotlight).toBe('Skolen');
    expect(mayEdit(state, anna, own)).toBe(true);
    expect(mayEdit(state, bo, own)).toBe(false);
    expect(mayEdit({ ...state, locked: true }, anna, own)).toBe(false);
    expect(mayEdit({ ...state, phase: 'reveal' }, anna, own)).toBe(false);
    expect(mayEdit({ ...state, phase: 'reveal', locked: true }, facilitator, own)).toBe(true);
  });
});

describe('where "Place in …" and "Move to …" offer to go', () => {
  it.each([
    ['lobby', []],
    ['own-value', [A]],
    ['partner-view', [B, C]],
    ['reveal', []],
    ['dialogue', []],
    ['agreement', []],
    ['open', [A, B, C]],
  ] as const)('in %s a participant of the first party may place in %j', (phase, areas) => {
    expect(placeTargets(clientState(phase, []), anna).map((p) => p.id)).toEqual(areas);
  });

  it('the own area comes first, the facilitator may place anywhere, a locked board or a waiting participant nowhere', () => {
    expect(placeTargets(clientState('open', []), bo).map((p) => p.id)).toEqual([B, A, C]);
    expect(placeTargets(clientState('lobby', [], {}, { locked: true }), facilitator).map((p) => p.id)).toEqual([A, B, C]);
    expect(placeTargets(clientState('open', [], {}, { locked: true }), anna)).toEqual([]);
    expect(placeTargets(clientState('open', [], {}, { waiting: ['anna'] }), anna)).toEqual([]);
    expect(placeTargets(clientState('open', []), screen)).toEqual([]);
  });

  it('a piece moves to the other areas the phase allows its party, only by its party or the facilitator', () => {
    const own = piece('residents', A, A);
    const partnerPiece = piece('knowledge', A, B);
    expect(moveTargets(clientState('own-value', [own]), anna, own)).toEqual([]);
    expect(moveTargets(clientState('partner-view', [partnerPiece]), anna, partnerPiece).map((p) => p.id)).toEqual([C]);
    expect(moveTargets(clientState('open', [own]), anna, own).map((p) => p.id)).toEqual([B, C]);
    expect(moveTargets(clientState('open', [own]), bo, own)).toEqual([]);
    expect(moveTargets(clientState('dialogue', [own]), anna, own)).toEqual([]);
    expect(moveTargets(clientState('dialogue', [own]), facilitator, own).map((p) => p.id)).toEqual([B, C]);
  });
});

describe('what is announced', () => {
  it('while pieces are hidden, another party\'s placements and removals are known only by its count', () => {
    const before = clientState('own-value', [], { [B]: 1 });
    const after = clientState('own-value', [], { [B]: 3, [C]: 0 });
    expect(boardChanges(before, after, anna)).toEqual([{ type: 'pieces', partyId: B, verb: 'placed', count: 2 }]);
    expect(boardChanges(after, before, anna)).toEqual([{ type: 'pieces', partyId: B, verb: 'removed', count: 2 }]);
    // one's own party is not "another party"
    expect(boardChanges(clientState('own-value', []), clientState('own-value', [piece('residents', A, A, 'anna2')]), anna)).toEqual([]);
  });

  it('when pieces can be seen: placed, moved (to another area, or dropped after a drag) and removed, but not one\'s own', () => {
    const kept = piece('residents', B, A);
    const dragged = piece('knowledge', B, B, 'bo', { heldBy: 'bo' });
    const gone = piece('network', B, C);
    const before = clientState('open', [kept, dragged, gone]);
    const placed = piece('resources', B, B);
    const mine = piece('innovation', B, B, 'anna');
    const after = clientState('open', [{ ...kept, areaPartyId: C }, { ...dragged, heldBy: '', x: 600 }, placed, mine]);
    expect(boardChanges(before, after, anna)).toEqual([
      { type: 'pieces', partyId: B, verb: 'placed', count: 1 },
      { type: 'pieces', partyId: B, verb: 'moved', count: 2 },
      { type: 'pieces', partyId: B, verb: 'removed', count: 1 },
    ]);
    // what the viewer did itself is said where it did it
    expect(boardChanges(before, after, anna, new Set([kept.id, gone.id, dragged.id]))).toEqual([{ type: 'pieces', partyId: B, verb: 'placed', count: 1 }]);
    // the layout making room (a piece nobody held shifting in its area) is no move
    expect(boardChanges(before, clientState('open', [{ ...kept, x: 700 }, dragged, gone]), anna)).toEqual([]);
  });

  it('phases, the vote and the lock; across a phase change (the reveal) pieces are not counted', () => {
    const before = clientState('partner-view', [], { [B]: 2 });
    const after = clientState('reveal', [piece('residents', B, A), piece('knowledge', B, B)], {}, { voting: { open: true, dots: 3, shown: true }, locked: true });
    expect(boardChanges(before, after, anna)).toEqual([{ type: 'phase', phase: 'reveal' }, { type: 'voting-open' }, { type: 'votes-shown' }, { type: 'locked' }]);
    expect(boardChanges(after, { ...after, voting: { open: false, dots: 3, shown: true }, locked: false }, anna)).toEqual([{ type: 'voting-closed' }, { type: 'unlocked' }]);
  });

  it('something new in the spotlight is said by name, in the viewer\'s language', () => {
    const own = piece('residents', A, A);
    const before = clientState('dialogue', [own]);
    expect(boardChanges(before, { ...before, spotlight: { kind: 'piece', id: own.id } }, anna, new Set(), 'en')).toEqual([{ type: 'spotlight', what: 'Value for residents (Kommunen)' }]);
    expect(boardChanges(before, { ...before, spotlight: { kind: 'party', id: B } }, anna)).toEqual([{ type: 'spotlight', what: 'Skolen' }]);
    // taken away, or the same again: nothing to say
    expect(boardChanges({ ...before, spotlight: { kind: 'party', id: B } }, before, anna)).toEqual([]);
  });

  describe('in words, batched', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('a burst of another party\'s placements is one sentence; the reveal is said with the phase', () => {
      const said: string[] = [];
      const announcements = new Announcements((text) => said.push(text), () => 'da');
      const state = clientState('own-value', []);
      announcements.add([{ type: 'pieces', partyId: B, verb: 'placed', count: 1 }], state);
      announcements.add([{ type: 'pieces', partyId: B, verb: 'placed', count: 1 }], state);
      expect(said).toEqual([]);
      vi.advanceTimersByTime(BATCH_MS);
      expect(said).toEqual(['Skolen har lagt 2 værdier']);
      announcements.add([{ type: 'phase', phase: 'reveal' }], state);
      expect(said.slice(1)).toEqual([t('da', 'phase.changed', { phase: t('da', 'phase.reveal') }), t('da', 'announce.reveal')]);
      announcements.add([{ type: 'pieces', partyId: C, verb: 'moved', count: 1 }], state);
      vi.advanceTimersByTime(BATCH_MS);
      expect(said.at(-1)).toBe('Klubben har flyttet 1 værdi');
    });
  });

  it('the timer is said at its last minute and at its end, never in between', () => {
    expect(timerMoment(61_000, 60_000)).toBe('one-minute');
    expect(timerMoment(60_000, 59_000)).toBeUndefined();
    expect(timerMoment(30_000, 29_000)).toBeUndefined();
    expect(timerMoment(500, 0)).toBe('time-up');
    expect(timerMoment(0, 0)).toBeUndefined();
    // a timer set to 90 s and started: its first reading says nothing
    expect(timerMoment(0, 90_000)).toBeUndefined();
    // a jump past both (the page was asleep): the end wins
    expect(timerMoment(120_000, 0)).toBe('time-up');
  });
});
