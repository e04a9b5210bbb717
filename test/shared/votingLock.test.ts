/**
 * The dot-vote and the lock: a dot is a change of the board, so a locked board has no vote going
 * on. The vote does not open on a locked board; a lock (the facilitator's, or the agreement
 * phase's) pauses an open vote — votingOpenNow says no, the dots stay — and unlocking resumes it.
 */
import { describe, expect, it } from 'vitest';
import type { WorkshopState } from '../../shared/types.ts';
import { votingOpenNow } from '../../shared/moves/voting.ts';
import { FACILITATOR, accept, action, inPhase, refuse, world } from './fixtures.ts';

const votingOpen = (s: WorkshopState, voting: Partial<WorkshopState['voting']> = {}): WorkshopState => ({ ...s, voting: { ...s.voting, open: true, ...voting } });
const locked = (s: WorkshopState): WorkshopState => ({ ...s, locked: true });

describe('the dot-vote on a locked board', () => {
  it('does not open while the board is locked, and opens once it is unlocked', () => {
    const w = world();
    const s = locked(inPhase(w.s, 'dialogue'));
    refuse(s, action('voting', { open: true }), FACILITATOR, w.ctx, 'board-locked');
    refuse(s, action('voting', { open: true, dots: 4 }), FACILITATOR, w.ctx, 'board-locked');
    // the dots and the result may still be set while it stays closed
    expect(accept(s, action('voting', { dots: 4, shown: true }), FACILITATOR, w.ctx).state.voting).toEqual({ open: false, dots: 4, shown: true });
    const unlocked = accept(s, action('lock', { locked: false }), FACILITATOR, w.ctx).state;
    expect(accept(unlocked, action('voting', { open: true }), FACILITATOR, w.ctx).state.voting.open).toBe(true);
  });

  it('does not open in the agreement phase, which locks the board', () => {
    const w = world();
    const s = accept(inPhase(w.s, 'dialogue'), action('set-phase', { phase: 'agreement' }), FACILITATOR, w.ctx).state;
    refuse(s, action('voting', { open: true }), FACILITATOR, w.ctx, 'board-locked');
  });

  it('is paused by a lock and goes on when the board is unlocked', () => {
    const w = world();
    const open = votingOpen(inPhase(w.s, 'dialogue'));
    expect(votingOpenNow(open)).toBe(true);
    const lockedBoard = accept(open, action('lock', { locked: true }), FACILITATOR, w.ctx).state;
    expect(votingOpenNow(lockedBoard)).toBe(false);
    refuse(lockedBoard, action('vote', { pieceId: w.pA }), w.b1, w.ctx, 'board-locked');
    const unlocked = accept(lockedBoard, action('lock', { locked: false }), FACILITATOR, w.ctx).state;
    expect(votingOpenNow(unlocked)).toBe(true);
    expect(accept(unlocked, action('vote', { pieceId: w.pA }), w.b1, w.ctx).state.votes).toHaveLength(1);
  });

  it('is paused in the agreement phase', () => {
    const w = world();
    const s = accept(votingOpen(inPhase(w.s, 'dialogue')), action('set-phase', { phase: 'agreement' }), FACILITATOR, w.ctx).state;
    expect(votingOpenNow(s)).toBe(false);
    expect(votingOpenNow({ voting: { open: false, dots: 3, shown: false }, locked: false })).toBe(false);
  });
});
