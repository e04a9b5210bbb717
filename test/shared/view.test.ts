import { describe, it, expect } from 'vitest';
import { canSeePiece, canSeeDrag, canSeeVote } from '../../shared/view.ts';
import { PHASE_RULES } from '../../shared/phases.ts';
import { PHASES, type Member, type Phase, type PlacedPiece, type Vote, type Voting } from '../../shared/types.ts';

/** The phases the product brief says hide one party's pieces from the others. */
const HIDDEN: readonly Phase[] = ['lobby', 'own-value', 'partner-view'];
const VISIBLE: readonly Phase[] = ['reveal', 'dialogue', 'agreement', 'open'];

type Viewer = Pick<Member, 'role' | 'partyId'>;
const viewers: Record<string, Viewer> = {
  'participant of the placing party': { role: 'participant', partyId: 'party-a' },
  'participant of the area party': { role: 'participant', partyId: 'party-b' },
  'participant of a third party': { role: 'participant', partyId: 'party-c' },
  'participant without a party': { role: 'participant', partyId: '' },
  screen: { role: 'screen', partyId: '' },
  'screen claiming a party': { role: 'screen', partyId: 'party-a' },
  facilitator: { role: 'facilitator', partyId: '' },
};

/** Who sees a piece placed by party A (in B's area) while pieces are hidden. */
const seesWhileHidden: Record<keyof typeof viewers, boolean> = {
  'participant of the placing party': true,
  'participant of the area party': false,
  'participant of a third party': false,
  'participant without a party': false,
  screen: false,
  'screen claiming a party': false,
  facilitator: true,
};

const piece: PlacedPiece = {
  id: 'piece-1',
  kindId: 'residents',
  label: '',
  areaPartyId: 'party-b',
  placedByPartyId: 'party-a',
  placedByMemberId: 'a1',
  byFacilitator: false,
  x: 600,
  y: 300,
  scale: 1,
  note: 'hemmelig',
  importance: 2,
  heldBy: '',
  placedAt: 0,
};

describe('phase rules', () => {
  it('hide pieces exactly in the phases before reveal', () => {
    expect([...HIDDEN, ...VISIBLE].sort()).toEqual([...PHASES].sort());
    expect(PHASES.filter((p) => PHASE_RULES[p].hidden).sort()).toEqual([...HIDDEN].sort());
  });
});

const cases = PHASES.flatMap((phase) => Object.keys(viewers).map((who) => [phase, who] as [Phase, string]));

describe('canSeePiece', () => {
  it.each(cases)('in %s, %s', (phase, who) => {
    const expected = HIDDEN.includes(phase) ? seesWhileHidden[who]! : true;
    expect(canSeePiece(viewers[who]!, piece, phase)).toBe(expected);
  });

  it.each(HIDDEN)('in %s, a piece the facilitator placed for A is seen by A, not by B', (phase) => {
    const onBehalf = { ...piece, placedByMemberId: 'fac', byFacilitator: true };
    expect(canSeePiece(viewers['participant of the placing party']!, onBehalf, phase)).toBe(true);
    expect(canSeePiece(viewers['participant of the area party']!, onBehalf, phase)).toBe(false);
  });
});

describe('canSeeDrag', () => {
  it.each(cases)('in %s, %s watching a drag by party A', (phase, who) => {
    const expected = HIDDEN.includes(phase) ? seesWhileHidden[who]! : true;
    expect(canSeeDrag(viewers[who]!, 'party-a', phase)).toBe(expected);
  });

  it.each(PHASES)('in %s, a drag by someone without a party is seen only when not hidden, or by the facilitator', (phase) => {
    const hidden = HIDDEN.includes(phase);
    expect(canSeeDrag(viewers['participant without a party']!, '', phase)).toBe(!hidden);
    expect(canSeeDrag(viewers['participant of the placing party']!, '', phase)).toBe(!hidden);
    expect(canSeeDrag(viewers.facilitator!, '', phase)).toBe(true);
  });
});

describe('canSeeVote', () => {
  const vote: Vote = { id: 'vote-1', memberId: 'a1', pieceId: 'piece-1' };
  type VoteViewer = Pick<Member, 'id' | 'role'>;
  /** [viewer, sees the dot while the result is hidden]; everyone sees every dot once it is shown. */
  const voteViewers: [string, VoteViewer, boolean][] = [
    ['the voter', { id: 'a1', role: 'participant' }, true],
    ['a party colleague', { id: 'a2', role: 'participant' }, false],
    ['a participant of another party', { id: 'b1', role: 'participant' }, false],
    ['the facilitator', { id: 'fac', role: 'facilitator' }, true],
    ['the screen', { id: 'screen', role: 'screen' }, false],
  ];
  const settings = (shown: boolean, open: boolean): Voting => ({ open, dots: 3, shown });

  it.each(voteViewers.flatMap(([name, viewer, whileHidden]) => [false, true].flatMap((open) => [
    [name, false, open, whileHidden, viewer] as const,
    [name, true, open, true, viewer] as const,
  ])))('%s, result shown: %s, voting open: %s → %s', (_name, shown, open, expected, viewer) => {
    expect(canSeeVote(viewer, vote, settings(shown, open))).toBe(expected);
  });
});
