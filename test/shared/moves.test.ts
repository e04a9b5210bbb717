import { describe, it, expect } from 'vitest';
import { ACTION_TYPES, FACILITATOR_ACTIONS, type Action } from '../../shared/rules.ts';
import { MOVES } from '../../shared/moves/index.ts';
import { EDITING_PHASES, PHASE_RULES } from '../../shared/phases.ts';
import { clientMessages } from '../../shared/protocol.ts';
import { PHASES, type Actor, type WorkshopState } from '../../shared/types.ts';
import { FACILITATOR, SCREEN, action, attempt, inPhase, outcome, world, type World } from './fixtures.ts';

const entries = Object.entries(MOVES);

describe('the table of moves', () => {
  it('has a move for exactly the action types, each a client message', () => {
    expect([...ACTION_TYPES].sort()).toEqual(Object.keys(MOVES).sort());
    for (const type of Object.keys(MOVES)) expect(Object.hasOwn(clientMessages, type), type).toBe(true);
  });

  it('derives FACILITATOR_ACTIONS from the roles each move declares', () => {
    expect([...FACILITATOR_ACTIONS].sort()).toEqual(entries.filter(([, m]) => m.roles.length === 1 && m.roles[0] === 'facilitator').map(([t]) => t).sort());
  });

  it('gives every move to someone, and none to the screen, which only watches', () => {
    for (const [type, move] of entries) {
      expect(move.roles.length, type).toBeGreaterThan(0);
      expect(move.roles, type).not.toContain('screen');
    }
    // only the dot votes are the participants' alone
    expect(entries.filter(([, m]) => !m.roles.includes('facilitator')).map(([t]) => t).sort()).toEqual(['unvote', 'vote']);
  });

  it('looks up the named piece first only for moves whose message names one', () => {
    const pieceMoves = entries.filter(([, m]) => m.piece !== undefined).map(([t]) => t);
    expect(pieceMoves.sort()).toEqual(['edit', 'grab', 'move', 'release', 'remove']);
    for (const type of pieceMoves) expect(Object.keys(clientMessages[type as keyof typeof clientMessages].shape), type).toContain('pieceId');
  });

  it('declares phases only from the phase table', () => {
    expect(EDITING_PHASES).toEqual(PHASES.filter((p) => PHASE_RULES[p].editing));
    for (const [type, move] of entries) for (const phase of move.phases ?? []) expect(PHASES, type).toContain(phase);
  });
});

// ---- the order in which the declared guards refuse -------------------------------------------------

const lockedIn = (s: WorkshopState, phase: WorkshopState['phase']): WorkshopState => ({ ...inPhase(s, phase), locked: true });
const closedVoting = (s: WorkshopState): WorkshopState => ({ ...s, voting: { ...s.voting, open: false } });

/** [what happens, the expected outcome, the attempt]: each row has more than one reason to refuse, and the first declared wins. */
const order: [string, string, (w: World) => { state: WorkshopState; actor: Actor; action: Action }][] = [
  ['the screen grabs an unknown piece: the piece is checked before the role', 'unknown-piece', (w) => ({ state: w.s, actor: SCREEN, action: action('grab', { pieceId: 'nope' }) })],
  ['the screen releases an unknown piece', 'unknown-piece', (w) => ({ state: w.s, actor: SCREEN, action: action('release', { pieceId: 'nope' }) })],
  ['the screen grabs a piece on a locked board', 'read-only', (w) => ({ state: lockedIn(w.s, 'lobby'), actor: SCREEN, action: action('grab', { pieceId: w.pA }) })],
  ['the screen places on a locked board', 'read-only', (w) => ({ state: lockedIn(w.s, 'lobby'), actor: SCREEN, action: w.place('network', 0, 2) })],
  ['a participant grabs another party\'s piece on a locked board in the lobby', 'not-your-party', (w) => ({ state: lockedIn(w.s, 'lobby'), actor: w.b1, action: action('grab', { pieceId: w.pA }) })],
  ['a participant removes its own piece on a locked board in the lobby', 'board-locked', (w) => ({ state: lockedIn(w.s, 'lobby'), actor: w.a1, action: action('remove', { pieceId: w.pA }) })],
  ['a participant places an unknown kind on a locked board', 'board-locked', (w) => ({ state: lockedIn(w.s, 'lobby'), actor: w.a1, action: w.place('no-such-kind', 0, 2) })],
  ['a participant places an unknown kind in the lobby: the placing phase is checked in the change', 'unknown-value-kind', (w) => ({ state: inPhase(w.s, 'lobby'), actor: w.a1, action: w.place('no-such-kind', 0, 2) })],
  ['the facilitator grabs a participant\'s piece on a locked board in the lobby', 'ok', (w) => ({ state: lockedIn(w.s, 'lobby'), actor: FACILITATOR, action: action('grab', { pieceId: w.pA }) })],
  ['a participant votes on a locked board while voting is closed', 'voting-closed', (w) => ({ state: closedVoting(lockedIn(w.s, 'dialogue')), actor: w.a1, action: action('vote', { pieceId: 'nope' }) })],
  ['the facilitator votes while voting is closed', 'not-a-voter', (w) => ({ state: closedVoting(w.s), actor: FACILITATOR, action: action('vote', { pieceId: w.pA }) })],
  ['the screen unvotes while voting is closed', 'read-only', (w) => ({ state: closedVoting(w.s), actor: SCREEN, action: action('unvote', { pieceId: w.pA }) })],
  ['a participant with nothing to undo on a locked board', 'nothing-to-undo', (w) => ({ state: lockedIn(w.s, 'lobby'), actor: w.c1, action: action('undo', {}) })],
  ['a participant sets the phase on a locked board', 'facilitator-only', (w) => ({ state: lockedIn(w.s, 'lobby'), actor: w.a1, action: action('set-phase', { phase: 'reveal' }) })],
];

describe('apply checks the declared guards in order', () => {
  it.each(order)('%s → %s', (_name, expected, build) => {
    const w = world();
    const a = build(w);
    expect(outcome(attempt(a.state, a.action, a.actor, w.ctx))).toBe(expected);
  });
});
