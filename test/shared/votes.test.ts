import { describe, it, expect } from 'vitest';
import type { Action } from '../../shared/rules.ts';
import { DEFAULT_DOTS } from '../../shared/setup.ts';
import type { Actor, Phase, WorkshopState } from '../../shared/types.ts';
import { FACILITATOR, SCREEN, accept, action, attempt, makeCtx, outcome, refuse, world } from './fixtures.ts';

const open = (s: WorkshopState, dots = DEFAULT_DOTS): WorkshopState => ({ ...s, voting: { ...s.voting, open: true, dots } });
const vote = (pieceId: string) => action('vote', { pieceId });
const unvote = (pieceId: string) => action('unvote', { pieceId });
/** The dots as "member→piece", in order. */
const dots = (s: WorkshopState) => s.votes.map((v) => `${v.memberId}→${v.pieceId}`);

describe('voting settings', () => {
  it(`start closed, hidden, with ${DEFAULT_DOTS} dots each`, () => {
    expect(world().s.voting).toEqual({ open: false, dots: 3, shown: false });
    expect(DEFAULT_DOTS).toBe(3);
  });

  it.each([
    ['open', { open: true }, { open: true, dots: 3, shown: false }],
    ['dots', { dots: 5 }, { open: false, dots: 5, shown: false }],
    ['shown', { shown: true }, { open: false, dots: 3, shown: true }],
    ['all at once', { open: true, dots: 1, shown: true }, { open: true, dots: 1, shown: true }],
    ['nothing', {}, { open: false, dots: 3, shown: false }],
  ] as const)('the facilitator changes %s and keeps the rest', (_name, body, expected) => {
    const w = world();
    const r = accept(w.s, action('voting', body), FACILITATOR, w.ctx);
    expect(r.events).toEqual([{ type: 'changed' }, { type: 'views-changed' }]);
    expect(r.state).toEqual({ ...w.s, voting: expected });
  });

  it('closing and showing the result keeps the dots', () => {
    const w = world();
    const s = accept(open(w.s), vote(w.pB), w.a1, makeCtx()).state;
    const r = accept(s, action('voting', { open: false, shown: true }), FACILITATOR, w.ctx);
    expect(r.state.votes).toEqual(s.votes);
  });
});

describe('dot-voting', () => {
  it('follows a sequence of votes within each member’s dots', () => {
    const w = world();
    const ctx = makeCtx();
    let s = open(w.s);
    const steps: [Actor, Action, string, string[]][] = [
      [w.a1, vote(w.pB), 'ok', ['a1→B']],
      [w.a1, vote(w.pB), 'ok', ['a1→B', 'a1→B']], // dots may be stacked on one piece
      [w.a1, vote(w.pA), 'ok', ['a1→B', 'a1→B', 'a1→A']], // and put on one's own party's piece
      [w.a1, vote(w.pOwn), 'no-dots-left', ['a1→B', 'a1→B', 'a1→A']],
      [w.a2, vote(w.pB), 'ok', ['a1→B', 'a1→B', 'a1→A', 'a2→B']], // a colleague has dots of their own
      [w.b1, unvote(w.pB), 'no-vote-here', ['a1→B', 'a1→B', 'a1→A', 'a2→B']], // nobody takes back another's dot
      [w.a1, unvote(w.pOwn), 'no-vote-here', ['a1→B', 'a1→B', 'a1→A', 'a2→B']],
      [w.a1, unvote(w.pB), 'ok', ['a1→B', 'a1→A', 'a2→B']], // takes back one dot, not all
      [w.a1, vote(w.pOwn), 'ok', ['a1→B', 'a1→A', 'a2→B', 'a1→Own']],
      [w.a1, vote(w.pOwn), 'no-dots-left', ['a1→B', 'a1→A', 'a2→B', 'a1→Own']],
      [FACILITATOR, vote(w.pOwn), 'not-a-voter', ['a1→B', 'a1→A', 'a2→B', 'a1→Own']], // the facilitator runs the vote, it has no dots
      [FACILITATOR, unvote(w.pB), 'not-a-voter', ['a1→B', 'a1→A', 'a2→B', 'a1→Own']], // nor takes anyone's dot back
      [SCREEN, vote(w.pOwn), 'read-only', ['a1→B', 'a1→A', 'a2→B', 'a1→Own']],
      [SCREEN, unvote(w.pB), 'read-only', ['a1→B', 'a1→A', 'a2→B', 'a1→Own']],
      [w.c1, vote('ghost'), 'unknown-piece', ['a1→B', 'a1→A', 'a2→B', 'a1→Own']],
    ];
    const name = (id: string) => ({ [w.pA]: 'A', [w.pB]: 'B', [w.pOwn]: 'Own', [w.pHeld]: 'Held' })[id] ?? id;
    for (const [i, [who, a, expected, after]] of steps.entries()) {
      const r = attempt(s, a, who, ctx);
      expect(outcome(r), `step ${i}`).toBe(expected);
      if (r.ok) {
        expect(r.events).toEqual([{ type: 'changed' }]);
        expect({ ...r.state, votes: s.votes }).toEqual(s);
        s = r.state;
      }
      expect(s.votes.map((v) => `${v.memberId}→${name(v.pieceId)}`), `step ${i}`).toEqual(after);
    }
    expect(new Set(s.votes.map((v) => v.id)).size).toBe(s.votes.length);
  });

  it('a vote records who voted on what under a fresh id', () => {
    const w = world();
    const r = accept(open(w.s), vote(w.pB), w.b1, makeCtx());
    expect(r.state.votes).toEqual([{ id: 'id-1', memberId: 'b1', pieceId: w.pB }]);
  });

  it('takes back the newest of stacked dots', () => {
    const w = world();
    let s = open(w.s);
    const ctx = makeCtx();
    s = accept(s, vote(w.pB), w.a1, ctx).state;
    s = accept(s, vote(w.pA), w.a1, ctx).state;
    s = accept(s, vote(w.pB), w.a1, ctx).state;
    expect(accept(s, unvote(w.pB), w.a1, ctx).state.votes.map((v) => v.id)).toEqual(['id-1', 'id-2']);
  });

  it('fewer dots than already used: the dots stay, new ones are refused until some are taken back', () => {
    const w = world();
    const ctx = makeCtx();
    let s = open(w.s);
    for (const p of [w.pA, w.pB, w.pOwn]) s = accept(s, vote(p), w.b1, ctx).state;
    s = accept(s, action('voting', { dots: 1 }), FACILITATOR, ctx).state;
    expect(s.votes).toHaveLength(3);
    refuse(s, vote(w.pA), w.b1, ctx, 'no-dots-left');
    s = accept(s, unvote(w.pA), w.b1, ctx).state;
    s = accept(s, unvote(w.pB), w.b1, ctx).state;
    refuse(s, vote(w.pA), w.b1, ctx, 'no-dots-left');
    s = accept(s, unvote(w.pOwn), w.b1, ctx).state;
    expect(outcome(attempt(s, vote(w.pA), w.b1, ctx))).toBe('ok');
  });

  it('a locked board refuses votes and taking dots back, keeps the dots, and gives both back when unlocked', () => {
    const w = world();
    const s = accept(open(w.s), vote(w.pB), w.a1, makeCtx()).state;
    const lockedBoard = accept(s, action('lock', { locked: true }), FACILITATOR, w.ctx).state;
    refuse(lockedBoard, vote(w.pB), w.a1, w.ctx, 'board-locked');
    refuse(lockedBoard, unvote(w.pB), w.a1, w.ctx, 'board-locked');
    expect(lockedBoard.votes).toEqual(s.votes);
    const unlocked = accept(lockedBoard, action('lock', { locked: false }), FACILITATOR, w.ctx).state;
    expect(accept(unlocked, unvote(w.pB), w.a1, w.ctx).state.votes).toEqual([]);
  });

  it('closed voting refuses votes and taking dots back, and keeps the dots', () => {
    const w = world();
    const s = accept(open(w.s), vote(w.pB), w.a1, makeCtx()).state;
    const closed = accept(s, action('voting', { open: false }), FACILITATOR, w.ctx).state;
    refuse(closed, vote(w.pB), w.a1, w.ctx, 'voting-closed');
    refuse(closed, unvote(w.pB), w.a1, w.ctx, 'voting-closed');
    expect(closed.votes).toEqual(s.votes);
  });

  it('removing a piece drops every dot on it and no other', () => {
    const w = world();
    const ctx = makeCtx();
    let s = open(w.s);
    for (const [who, p] of [[w.a1, w.pB], [w.b1, w.pA], [w.c1, w.pA], [w.c1, w.pB]] as const) s = accept(s, vote(p), who, ctx).state;
    const r = accept(s, action('remove', { pieceId: w.pA }), w.a2, ctx);
    expect(dots(r.state)).toEqual([`a1→${w.pB}`, `c1→${w.pB}`]);
    // the dots come back to their owners: c1 may vote twice more
    let t = accept(r.state, vote(w.pB), w.c1, ctx).state;
    t = accept(t, vote(w.pB), w.c1, ctx).state;
    refuse(t, vote(w.pB), w.c1, ctx, 'no-dots-left');
  });

  it("kicking a member drops that member's dots only", () => {
    const w = world();
    const ctx = makeCtx();
    let s = open(w.s);
    for (const [who, p] of [[w.a1, w.pB], [w.b1, w.pA], [w.a1, w.pA]] as const) s = accept(s, vote(p), who, ctx).state;
    expect(dots(accept(s, action('kick', { memberId: 'a1' }), FACILITATOR, ctx).state)).toEqual([`b1→${w.pA}`]);
  });
});

describe('votes in hidden phases', () => {
  /** [phase, b1 votes on B's own piece, on A's piece lying in A's area, on A's piece lying in B's area]. */
  const table: [Phase, string, string, string][] = [
    ['lobby', 'ok', 'unknown-piece', 'unknown-piece'],
    ['own-value', 'ok', 'unknown-piece', 'unknown-piece'],
    ['partner-view', 'ok', 'unknown-piece', 'unknown-piece'],
    ['reveal', 'ok', 'ok', 'ok'],
    ['dialogue', 'ok', 'ok', 'ok'],
    ['open', 'ok', 'ok', 'ok'],
  ];

  it.each(table)('in %s: own piece → %s, another party’s piece → %s, another party’s piece in own area → %s', (phase, own, other, otherInOwnArea) => {
    const w = world();
    const s = open({ ...w.s, phase });
    expect(outcome(attempt(s, vote(w.pB), w.b1, w.ctx))).toBe(own);
    expect(outcome(attempt(s, vote(w.pA), w.b1, w.ctx))).toBe(other);
    expect(outcome(attempt(s, vote(w.pHeld), w.b1, w.ctx))).toBe(otherInOwnArea);
    // the placing party sees (and may vote on) its piece in another party's area
    expect(outcome(attempt(s, vote(w.pHeld), w.a1, w.ctx))).toBe('ok');
  });
});
