import { describe, it, expect } from 'vitest';
import { checkDrag, type Action } from '../../shared/rules.ts';
import { PHASE_RULES } from '../../shared/phases.ts';
import { PHASES, type Actor, type Phase, type WorkshopState } from '../../shared/types.ts';
import { FACILITATOR, accept, action, attempt, outcome, pieceOf, refuse, world, type World } from './fixtures.ts';

const setPhase = (phase: Phase) => action('set-phase', { phase });

describe('set-phase', () => {
  it.each(PHASES)('moves to %s, releases every hold and tells every view', (phase) => {
    const w = world();
    let s = accept(w.s, action('grab', { pieceId: w.pB }), w.b1, w.ctx).state;
    s = accept(s, action('grab', { pieceId: w.pA }), FACILITATOR, w.ctx).state;
    const r = accept(s, setPhase(phase), FACILITATOR, w.ctx);
    expect(r.events).toEqual([{ type: 'phase-changed', phase }, { type: 'views-changed' }]);
    expect(r.state.pieces.map((p) => p.heldBy)).toEqual(s.pieces.map(() => ''));
    expect(r.state).toEqual({ ...s, phase, locked: phase === 'agreement', pieces: s.pieces.map((p) => ({ ...p, heldBy: '' })) });
  });

  /** [from phase, locked before, to phase, locked after]. */
  const locking: [Phase, boolean, Phase, boolean][] = [
    ['dialogue', false, 'agreement', true], // the agreement phase locks the board
    ['open', false, 'agreement', true],
    ['agreement', true, 'dialogue', false], // leaving it unlocks
    ['agreement', true, 'reveal', false],
    ['agreement', true, 'agreement', true],
    ['agreement', false, 'agreement', true], // unlocked by hand, the phase locks again when chosen
    ['agreement', false, 'open', false],
    ['dialogue', true, 'reveal', true], // a lock set by hand outside the agreement phase stays
    ['reveal', true, 'agreement', true],
    ['own-value', false, 'partner-view', false],
  ];

  it.each(locking)('from %s (locked: %s) to %s leaves the board locked: %s', (from, lockedBefore, to, lockedAfter) => {
    const w = world();
    const r = accept({ ...w.s, phase: from, locked: lockedBefore }, setPhase(to), FACILITATOR, w.ctx);
    expect(r.state.locked).toBe(lockedAfter);
  });

  it('refuses partner-view in a workshop without it, and allows it once it is switched on', () => {
    const w = world();
    const off = accept(w.s, action('update-workshop', { partnerView: false }), FACILITATOR, w.ctx).state;
    refuse(off, setPhase('partner-view'), FACILITATOR, w.ctx, 'phase-closed');
    // every other phase is still reachable
    for (const phase of PHASES.filter((p) => p !== 'partner-view')) expect(outcome(attempt(off, setPhase(phase), FACILITATOR, w.ctx)), phase).toBe('ok');
    const on = accept(off, action('update-workshop', { partnerView: true }), FACILITATOR, w.ctx).state;
    expect(accept(on, setPhase('partner-view'), FACILITATOR, w.ctx).state.phase).toBe('partner-view');
  });

  it('may go back and forth', () => {
    const w = world();
    let s = w.s;
    for (const phase of ['lobby', 'own-value', 'partner-view', 'reveal', 'dialogue', 'agreement', 'dialogue', 'reveal', 'own-value', 'open'] as const) {
      s = accept(s, setPhase(phase), FACILITATOR, w.ctx).state;
      expect(s.phase).toBe(phase);
    }
    expect(s.locked).toBe(false);
    expect(s.pieces.map(({ heldBy: _, ...p }) => p)).toEqual(w.s.pieces.map(({ heldBy: _, ...p }) => p));
  });
});

describe('a workshop run from the lobby to the agreement', () => {
  /**
   * Each phase reached with set-phase, and what a1 (party A) gets for:
   * placing in its own area, placing in B's area, editing its own piece, voting (voting open) on A's piece and on B's piece.
   */
  const walk: [Phase, { own: string; other: string; edit: string; voteOwn: string; voteOther: string }][] = [
    ['lobby', { own: 'phase-closed', other: 'phase-closed', edit: 'phase-closed', voteOwn: 'ok', voteOther: 'unknown-piece' }],
    ['own-value', { own: 'ok', other: 'phase-closed', edit: 'ok', voteOwn: 'ok', voteOther: 'unknown-piece' }],
    ['partner-view', { own: 'phase-closed', other: 'ok', edit: 'ok', voteOwn: 'ok', voteOther: 'unknown-piece' }],
    ['reveal', { own: 'phase-closed', other: 'phase-closed', edit: 'phase-closed', voteOwn: 'ok', voteOther: 'ok' }],
    ['dialogue', { own: 'phase-closed', other: 'phase-closed', edit: 'ok', voteOwn: 'ok', voteOther: 'ok' }],
    ['agreement', { own: 'board-locked', other: 'board-locked', edit: 'board-locked', voteOwn: 'board-locked', voteOther: 'board-locked' }],
    ['open', { own: 'ok', other: 'ok', edit: 'ok', voteOwn: 'ok', voteOther: 'ok' }],
  ];

  it('names every phase', () => {
    expect(walk.map(([p]) => p).sort()).toEqual([...PHASES].sort());
  });

  it.each(walk)('%s', (phase, expected) => {
    const w = world();
    const s = accept({ ...w.s, voting: { ...w.s.voting, open: true } }, setPhase(phase), FACILITATOR, w.ctx).state;
    const got = {
      own: outcome(attempt(s, w.place('network', 0, 2), w.a1, w.ctx)),
      other: outcome(attempt(s, w.place('network', 1, 2), w.a1, w.ctx)),
      edit: outcome(attempt(s, action('edit', { pieceId: w.pA, note: 'x' }), w.a1, w.ctx)),
      voteOwn: outcome(attempt(s, action('vote', { pieceId: w.pA }), w.a1, w.ctx)),
      voteOther: outcome(attempt(s, action('vote', { pieceId: w.pB }), w.a1, w.ctx)),
    };
    expect(got).toEqual(expected);
    // the facilitator may still change pieces in every phase, the agreement's locked board included
    for (const a of [w.place('network', 1, 2), action('edit', { pieceId: w.pB, note: 'x' }), action('move', { pieceId: w.pA, ...w.to(2, 4) }), action('remove', { pieceId: w.pOwn })]) {
      expect(outcome(attempt(s, a, FACILITATOR, w.ctx)), `${phase} ${a.type}`).toBe('ok');
    }
  });
});

describe('a locked board', () => {
  const lockedWorld = () => {
    const w = world();
    return { w, s: accept(w.s, action('lock', { locked: true }), FACILITATOR, w.ctx).state };
  };

  /** Every change a participant of A could make to A's pieces on an open board. */
  const changes: [string, (w: World) => Action][] = [
    ['place', (w) => w.place('network', 0, 2)],
    ['grab', (w) => action('grab', { pieceId: w.pA })],
    ['move', (w) => action('move', { pieceId: w.pA, ...w.to(0, 3) })],
    ['edit', (w) => action('edit', { pieceId: w.pA, importance: 3 })],
    ['remove', (w) => action('remove', { pieceId: w.pA })],
    ['vote', (w) => action('vote', { pieceId: w.pB })],
    ['undo', () => action('undo', {})],
  ];

  it.each(changes)('refuses a participant’s %s with board-locked (allowed when unlocked)', (_name, build) => {
    const { w, s } = lockedWorld();
    const a = build(w);
    const votingOpen = (x: WorkshopState) => ({ ...x, voting: { ...x.voting, open: true } });
    expect(outcome(attempt(votingOpen(w.s), a, w.a1, w.ctx))).toBe('ok');
    refuse(votingOpen(s), a, w.a1, w.ctx, 'board-locked');
  });

  it.each(changes.filter(([name]) => name !== 'vote'))('lets the facilitator %s', (_name, build) => {
    const { w, s } = lockedWorld();
    const a = build(w);
    const who: Actor = FACILITATOR;
    expect(outcome(attempt(s, a, who, w.ctx))).toBe('ok');
  });

  it('has taken the piece out of its holder’s hands: there is nothing left to let go of or drag', () => {
    const { w, s } = lockedWorld();
    expect(pieceOf(w.s, w.pHeld).heldBy).toBe('a1');
    expect(pieceOf(s, w.pHeld)).toEqual({ ...pieceOf(w.s, w.pHeld), heldBy: '' });
    refuse(s, action('release', { pieceId: w.pHeld }), w.a1, w.ctx, 'not-holding');
    expect(checkDrag(s, { pieceId: w.pHeld }, w.a1)).toBe('not-holding');
    // the facilitator may take it up at once
    expect(pieceOf(accept(s, action('grab', { pieceId: w.pHeld }), FACILITATOR, w.ctx).state, w.pHeld).heldBy).toBe('fac');
  });

  it('leaves the facilitator holding what it held, and letting go of it', () => {
    const w = world();
    const held = accept(w.s, action('grab', { pieceId: w.pA }), FACILITATOR, w.ctx).state;
    const s = accept(held, action('lock', { locked: true }), FACILITATOR, w.ctx).state;
    expect(pieceOf(s, w.pA).heldBy).toBe('fac');
    expect(pieceOf(accept(s, action('release', { pieceId: w.pA }), FACILITATOR, w.ctx).state, w.pA).heldBy).toBe('');
  });

  it('refuses a participant taking a dot back with board-locked (allowed when unlocked)', () => {
    const w = world();
    const voted = { ...w.s, voting: { ...w.s.voting, open: true }, votes: [{ id: 'v1', memberId: 'a1', pieceId: w.pB }] };
    const s = accept(voted, action('lock', { locked: true }), FACILITATOR, w.ctx).state;
    refuse(s, action('unvote', { pieceId: w.pB }), w.a1, w.ctx, 'board-locked');
    expect(outcome(attempt(voted, action('unvote', { pieceId: w.pB }), w.a1, w.ctx))).toBe('ok');
  });

  it('refuses a participant’s tray drag with board-locked in every phase, and lets the facilitator drag', () => {
    const { w, s } = lockedWorld();
    for (const phase of PHASES) {
      expect(checkDrag({ ...s, phase }, { kindId: 'network' }, w.a1), phase).toBe('board-locked');
      expect(checkDrag({ ...s, phase }, { kindId: 'network' }, FACILITATOR), phase).toBeNull();
    }
    // an unknown kind is named as such first
    expect(checkDrag(s, { kindId: 'no-such-kind' }, w.a1)).toBe('unknown-value-kind');
  });

  it("answers another party's piece with not-your-party before board-locked", () => {
    const { w, s } = lockedWorld();
    refuse(s, action('edit', { pieceId: w.pB, note: 'x' }), w.a1, w.ctx, 'not-your-party');
  });
});

describe('phase rules', () => {
  it('let participants place somewhere exactly in the phases with a tray drag', () => {
    const w = world();
    for (const phase of PHASES) {
      const s = { ...w.s, phase };
      expect(checkDrag(s, { kindId: 'network' }, w.a1), phase).toBe(PHASE_RULES[phase].placing === 'none' ? 'phase-closed' : null);
      expect(checkDrag(s, { kindId: 'network' }, FACILITATOR), phase).toBeNull();
    }
  });
});
