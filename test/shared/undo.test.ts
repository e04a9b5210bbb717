import { describe, it, expect } from 'vitest';
import { HISTORY_LIMIT, apply, type Action } from '../../shared/rules.ts';
import type { Actor, PlacedPiece, WorkshopState } from '../../shared/types.ts';
import { FACILITATOR, accept, action, attempt, inPhase, makeCtx, outcome, pieceOf, placedId, refuse, world, type World } from './fixtures.ts';

const undo = action('undo', {});

/** A piece without the fields the layout sets (where it lies and how large), which change when other pieces come or go. */
const withoutLayout = ({ x: _x, y: _y, scale: _scale, ...content }: PlacedPiece) => content;

/** The pieces keyed by id, without who holds them, for comparing whole boards. */
const board = (s: WorkshopState) => Object.fromEntries(s.pieces.map(({ heldBy: _, ...p }) => [p.id, p]));

describe('undo of each kind of change', () => {
  /** [change, the action, who, the event the undo reports]. */
  const changes: [string, (w: World) => Action, (w: World) => Actor, string][] = [
    ['a move within the area', (w) => action('move', { pieceId: w.pA, ...w.to(0, 4) }), (w) => w.a1, 'piece-edited'],
    ['a move into another area', (w) => action('move', { pieceId: w.pA, ...w.to(2, 2) }), (w) => w.a1, 'piece-edited'],
    ['a move of a held piece (the drop released it)', (w) => action('move', { pieceId: w.pHeld, ...w.to(2, 2) }), (w) => w.a1, 'piece-edited'],
    ['an edit of note and importance', (w) => action('edit', { pieceId: w.pA, note: 'færre udsættelser', importance: 3 }), (w) => w.a1, 'piece-edited'],
    ['a rename of a blank piece', (w) => action('edit', { pieceId: w.pOwn, label: 'Stolthed', note: 'x' }), (w) => w.a2, 'piece-edited'],
    ['a removal', (w) => action('remove', { pieceId: w.pA }), (w) => w.a1, 'piece-placed'],
    ['a removal of a held piece by its holder', (w) => action('remove', { pieceId: w.pHeld }), (w) => w.a1, 'piece-placed'],
    ["the facilitator's removal of a party's piece", (w) => action('remove', { pieceId: w.pB }), () => FACILITATOR, 'piece-placed'],
    ["the facilitator's move of a party's piece", (w) => action('move', { pieceId: w.pB, ...w.to(0, 5) }), () => FACILITATOR, 'piece-edited'],
  ];

  it.each(changes)('%s puts the piece back as it was, with the same id, released', (_name, change, who, event) => {
    const w = world();
    const a = change(w);
    const pieceId = (a as { pieceId: string }).pieceId;
    const changed = accept(w.s, a, who(w), w.ctx).state;
    expect(changed.history.at(-1)).toMatchObject({ memberId: who(w).memberId, pieceId, undone: false });
    const r = accept(changed, undo, who(w), w.ctx);
    expect(r.events).toEqual([{ type: event, pieceId }]);
    expect(pieceOf(r.state, pieceId)).toEqual({ ...pieceOf(w.s, pieceId), heldBy: '' });
    expect(board(r.state)).toEqual(board(w.s));
    // the change is marked undone and the undo itself is remembered
    const target = changed.history.at(-1)!;
    expect(r.state.history).toEqual([
      ...changed.history.slice(0, -1),
      { ...target, undone: true },
      { id: expect.any(String), memberId: who(w).memberId, partyId: who(w).partyId, type: 'undo', pieceId, before: target.after ? pieceOf(changed, pieceId) : null, after: { ...pieceOf(w.s, pieceId), heldBy: '' }, undone: false },
    ]);
  });

  it('undo of a place takes the piece off the board', () => {
    const w = world();
    const r = accept(w.s, undo, w.a1, w.ctx);
    expect(r.events).toEqual([{ type: 'piece-removed', pieceId: w.pOwn }]);
    expect(r.state.pieces).toEqual(w.s.pieces.filter((p) => p.id !== w.pOwn));
    expect(r.state.history.at(-1)).toMatchObject({ type: 'undo', pieceId: w.pOwn, before: pieceOf(w.s, w.pOwn), after: null });
  });

  it("undo of a place drops the piece's dots; undo of a removal does not bring dots back", () => {
    const w = world();
    const s: WorkshopState = { ...w.s, voting: { ...w.s.voting, open: true }, votes: [{ id: 'v1', memberId: 'b1', pieceId: w.pOwn }, { id: 'v2', memberId: 'b1', pieceId: w.pA }] };
    expect(accept(s, undo, w.a1, w.ctx).state.votes).toEqual([{ id: 'v2', memberId: 'b1', pieceId: w.pA }]);
    const removed = accept(s, action('remove', { pieceId: w.pA }), w.a1, w.ctx).state;
    expect(removed.votes).toEqual([{ id: 'v1', memberId: 'b1', pieceId: w.pOwn }]);
    expect(accept(removed, undo, w.a1, w.ctx).state.votes).toEqual([{ id: 'v1', memberId: 'b1', pieceId: w.pOwn }]);
  });

  it('undo of a place takes the spotlight off the piece it takes away', () => {
    const w = world();
    const s: WorkshopState = { ...w.s, spotlight: { kind: 'piece', id: w.pOwn } };
    const r = accept(s, undo, w.a1, makeCtx());
    expect(r.state.spotlight).toEqual({ kind: 'none', id: '' });
    // nothing else differs from the same undo without a spotlight
    expect({ ...r.state, spotlight: w.s.spotlight }).toEqual(accept(w.s, undo, w.a1, makeCtx()).state);
  });

  it.each([
    ['on another piece, when a place is undone', (w: World) => ({ kind: 'piece' as const, id: w.pA }), undefined],
    ['on a party, when a place is undone', (w: World) => ({ kind: 'party' as const, id: w.A.id }), undefined],
    ['on the piece, when its move is undone', (w: World) => ({ kind: 'piece' as const, id: w.pOwn }), (w: World) => action('move', { pieceId: w.pOwn, ...w.to(2, 4) })],
  ])('leaves the spotlight %s', (_name, spotlight, change) => {
    const w = world();
    let s: WorkshopState = { ...w.s, spotlight: spotlight(w) };
    if (change) s = accept(s, change(w), w.a1, w.ctx).state;
    expect(accept(s, undo, w.a1, w.ctx).state.spotlight).toEqual(spotlight(w));
  });

  it('the piece a holder still holds may be undone by that holder', () => {
    const w = world();
    const s = accept(w.s, action('grab', { pieceId: w.pOwn }), w.a1, w.ctx).state;
    expect(accept(s, undo, w.a1, w.ctx).state.pieces.some((p) => p.id === w.pOwn)).toBe(false);
  });
});

describe('whose change is undone', () => {
  /** [who undoes, expected outcome, the piece whose change is undone]. */
  type Step = [who: Actor, expected: string, pieceId?: string];

  it('participants undo their own changes, newest first, and skip what is already undone', () => {
    const w = world();
    const ctx = makeCtx();
    // a1 places X, b1 places Y, a1 moves X, b1 edits Y
    let s = w.empty;
    let r = accept(s, w.place('network', 0), w.a1, ctx);
    const X = placedId(r.events);
    const placedX = pieceOf(r.state, X);
    r = accept(r.state, w.place('economy', 1), w.b1, ctx);
    const Y = placedId(r.events);
    s = accept(r.state, action('move', { pieceId: X, ...w.to(0, 3) }), w.a1, ctx).state;
    s = accept(s, action('edit', { pieceId: Y, note: 'x' }), w.b1, ctx).state;

    const steps: Step[] = [
      [w.a2, 'nothing-to-undo'], // a party colleague has no change of their own
      [w.c1, 'nothing-to-undo'],
      [w.a1, 'ok', X], // a1's move of X (b1's later edit is not a1's)
      [w.a1, 'ok', X], // a1's place of X: the undo entry is skipped, not redone
      [w.a1, 'nothing-to-undo'],
      [w.b1, 'ok', Y], // b1's edit
      [w.b1, 'ok', Y], // b1's place
      [w.b1, 'nothing-to-undo'],
      [FACILITATOR, 'nothing-to-undo'], // undo entries are never undone, not even by the facilitator
    ];
    const seen: string[] = [];
    for (const [i, [who, expected, pieceId]] of steps.entries()) {
      const r = attempt(s, undo, who, ctx);
      expect(outcome(r), `step ${i}`).toBe(expected);
      if (r.ok) {
        expect(r.state.history.at(-1), `step ${i}`).toMatchObject({ type: 'undo', memberId: who.memberId, pieceId });
        seen.push(pieceId!);
        s = r.state;
      }
      if (i === 2) expect(pieceOf(s, X)).toEqual(placedX);
    }
    expect(seen).toEqual([X, X, Y, Y]);
    expect(s.pieces).toEqual([]);
  });

  it('the facilitator undoes the last change of anyone, one at a time, back to an empty board', () => {
    const w = world();
    // release the held piece first: a hold by someone else blocks the undo (piece-held-by-other)
    let s = accept(w.s, action('release', { pieceId: w.pHeld }), w.a1, w.ctx).state;
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = accept(s, undo, FACILITATOR, w.ctx);
      order.push((r.events[0] as { pieceId: string }).pieceId);
      s = r.state;
    }
    expect(order).toEqual([w.pOwn, w.pHeld, w.pB, w.pA]);
    expect(s.pieces).toEqual([]);
    refuse(s, undo, FACILITATOR, w.ctx, 'nothing-to-undo');
  });

  it('a participant whose last change the facilitator undid undoes the one before', () => {
    const w = world();
    const s = accept(w.s, undo, FACILITATOR, w.ctx).state; // undoes a1's place of pOwn
    expect(s.pieces.some((p) => p.id === w.pOwn)).toBe(false);
    const r = accept(accept(s, action('release', { pieceId: w.pHeld }), w.a1, w.ctx).state, undo, w.a1, w.ctx);
    expect(r.events).toEqual([{ type: 'piece-removed', pieceId: w.pHeld }]);
  });

  it("the facilitator's undo of a participant's change counts for that participant too", () => {
    const w = world();
    const s = accept(w.s, action('edit', { pieceId: w.pB, note: 'x' }), w.b1, w.ctx).state;
    const undone = accept(s, undo, FACILITATOR, w.ctx).state; // b1's edit
    const r = accept(undone, undo, w.b1, w.ctx); // b1's place
    expect(r.events).toEqual([{ type: 'piece-removed', pieceId: w.pB }]);
  });

  it('the facilitator undoes its own changes like anyone else’s', () => {
    const w = world();
    const s = accept(w.s, action('move', { pieceId: w.pB, ...w.to(2, 3) }), FACILITATOR, w.ctx).state;
    const r = accept(s, undo, FACILITATOR, w.ctx);
    expect(pieceOf(r.state, w.pB)).toEqual(pieceOf(w.s, w.pB));
  });
});

describe('undo conflicts', () => {
  it.each([
    ['a party colleague edited the piece since', (w: World) => accept(w.s, action('edit', { pieceId: w.pOwn, importance: 1 }), w.a2, w.ctx).state],
    ['the facilitator moved the piece since', (w: World) => accept(w.s, action('move', { pieceId: w.pOwn, ...w.to(0, 5) }), { ...FACILITATOR }, w.ctx).state],
    ['the facilitator removed the piece since', (w: World) => accept(w.s, action('remove', { pieceId: w.pOwn }), FACILITATOR, w.ctx).state],
  ])('refuses when %s', (_name, build) => {
    const w = world();
    refuse(build(w), undo, w.a1, w.ctx, 'undo-conflict');
  });

  it('does not count holding the piece as a change', () => {
    const w = world();
    let s = accept(w.s, action('grab', { pieceId: w.pOwn }), w.a2, w.ctx).state;
    s = accept(s, action('release', { pieceId: w.pOwn }), w.a2, w.ctx).state;
    expect(outcome(attempt(s, undo, w.a1, w.ctx))).toBe('ok');
  });

  it('a phase change that released the hold does not count as a change either', () => {
    const w = world();
    const s = accept(w.s, action('set-phase', { phase: 'dialogue' }), FACILITATOR, w.ctx).state;
    expect(pieceOf(s, w.pHeld).heldBy).toBe('');
    const r = accept(accept(s, undo, FACILITATOR, w.ctx).state, undo, FACILITATOR, w.ctx);
    expect(r.events).toEqual([{ type: 'piece-removed', pieceId: w.pHeld }]);
  });

  it('refuses to restore a removed piece where the same value was placed again, until that one goes', () => {
    const w = world();
    let s = accept(w.s, action('remove', { pieceId: w.pA }), w.a1, w.ctx).state;
    const r = accept(s, w.place('residents', 0, 4), w.a2, w.ctx);
    s = r.state;
    refuse(s, undo, w.a1, w.ctx, 'undo-conflict');
    s = accept(s, undo, w.a2, w.ctx).state; // a2 takes their piece back
    expect(pieceOf(accept(s, undo, w.a1, w.ctx).state, w.pA)).toEqual(pieceOf(w.s, w.pA));
  });

  it('refuses to move a piece back by undo into an area where the same value now lies, until that one goes', () => {
    const w = world();
    // a1 moves A's 'residents' out of A's area; a2 lays A's 'residents' in A's area again
    let s = accept(w.s, action('move', { pieceId: w.pA, ...w.to(2, 4) }), w.a1, w.ctx).state;
    const r = accept(s, w.place('residents', 0, 4), w.a2, w.ctx);
    s = r.state;
    refuse(s, undo, w.a1, w.ctx, 'undo-conflict');
    // a2's place is the newest change: the facilitator's undo takes that back, and then a1's undo goes through
    s = accept(s, undo, FACILITATOR, w.ctx).state;
    expect(s.pieces.some((p) => p.id === placedId(r.events))).toBe(false);
    expect(pieceOf(accept(s, undo, w.a1, w.ctx).state, w.pA)).toEqual(pieceOf(w.s, w.pA));
  });

  it('refuses to give a blank piece back by undo a name a sibling now has, in any case, until the sibling is renamed', () => {
    const w = world();
    // a1 renames "Glæde" to "Stolthed"; a2 lays another blank piece named " glæde " in the same area
    let s = accept(w.s, action('edit', { pieceId: w.pOwn, label: 'Stolthed' }), w.a1, w.ctx).state;
    const r = accept(s, w.place('own-value', 0, 4, { label: ' glæde ' }), w.a2, w.ctx);
    const sibling = placedId(r.events);
    s = r.state;
    refuse(s, undo, w.a1, w.ctx, 'undo-conflict');
    s = accept(s, action('edit', { pieceId: sibling, label: 'Tryghed' }), w.a2, w.ctx).state;
    const undone = accept(s, undo, w.a1, w.ctx).state;
    // the name comes back; where it lies is the layout's, which made room for the sibling since
    expect(withoutLayout(pieceOf(undone, w.pOwn))).toEqual(withoutLayout(pieceOf(w.s, w.pOwn)));
    expect(pieceOf(undone, sibling).label).toBe('Tryghed');
  });

  it('lets a piece be renamed back by undo when the same name lies only in another area or was placed by another party', () => {
    const w = world();
    let s = accept(w.s, action('edit', { pieceId: w.pOwn, label: 'Stolthed' }), w.a1, w.ctx).state;
    s = accept(s, w.place('own-value', 1, 4, { label: 'Glæde' }), w.a2, w.ctx).state; // A's "Glæde" in B's area
    s = accept(s, w.place('own-value', 0, 5, { label: 'Glæde' }), w.b1, w.ctx).state; // B's "Glæde" in A's area
    expect(pieceOf(accept(s, undo, w.a1, w.ctx).state, w.pOwn).label).toBe('Glæde');
  });

  it('refuses while another person holds the piece', () => {
    const w = world();
    const s = accept(w.s, action('grab', { pieceId: w.pOwn }), FACILITATOR, w.ctx).state;
    refuse(s, undo, w.a1, w.ctx, 'piece-held-by-other');
  });
});

describe('undo by phase and lock', () => {
  /** [phase, a participant's undo of a place, of an edit]. */
  const table: [Parameters<typeof inPhase>[1], string, string][] = [
    ['lobby', 'phase-closed', 'phase-closed'],
    ['own-value', 'ok', 'ok'],
    ['partner-view', 'ok', 'ok'],
    ['reveal', 'phase-closed', 'phase-closed'],
    ['dialogue', 'ok', 'ok'],
    ['agreement', 'phase-closed', 'phase-closed'],
    ['open', 'ok', 'ok'],
  ];

  it.each(table)('in %s: undo of a place → %s, of an edit → %s', (phase, ofPlace, ofEdit) => {
    const w = world();
    expect(outcome(attempt(inPhase(w.s, phase), undo, w.a1, w.ctx))).toBe(ofPlace);
    const edited = accept(w.s, action('edit', { pieceId: w.pA, note: 'x' }), w.a1, w.ctx).state;
    expect(outcome(attempt(inPhase(edited, phase), undo, w.a1, w.ctx))).toBe(ofEdit);
    // the facilitator may undo in every phase
    expect(outcome(attempt(inPhase(edited, phase), undo, FACILITATOR, w.ctx))).toBe('ok');
  });

  it('a locked board refuses participants and lets the facilitator undo', () => {
    const w = world();
    const s = accept(w.s, action('set-phase', { phase: 'agreement' }), FACILITATOR, w.ctx).state;
    expect(s.locked).toBe(true);
    refuse(s, undo, w.a1, w.ctx, 'board-locked');
    refuse(s, undo, w.c1, w.ctx, 'nothing-to-undo'); // nothing of theirs comes first
    expect(outcome(attempt(s, undo, FACILITATOR, w.ctx))).toBe('ok');
  });
});

describe('history', () => {
  it(`keeps at most the last ${HISTORY_LIMIT} changes`, () => {
    const w = world();
    const ctx = makeCtx();
    // a1's one change, then b1's many
    let s = accept(w.empty, w.place('network', 0), w.a1, ctx).state;
    const r = accept(s, w.place('economy', 1), w.b1, ctx);
    s = r.state;
    const pieceId = placedId(r.events);
    // the filler edits go straight to apply: checking each of them for mutation would take seconds
    for (let i = 0; s.history.length < HISTORY_LIMIT; i++) {
      const next = apply(s, action('edit', { pieceId, importance: (i % 3) + 1 }), w.b1, ctx);
      if (!next.ok) throw new Error(next.code);
      s = next.state;
    }
    expect(s.history[0]).toMatchObject({ memberId: 'a1', type: 'place' });
    s = accept(s, action('edit', { pieceId, note: 'one more' }), w.b1, ctx).state;
    expect(s.history).toHaveLength(HISTORY_LIMIT);
    expect(s.history.some((h) => h.memberId === 'a1')).toBe(false);
    expect(s.history.at(-1)).toMatchObject({ memberId: 'b1', type: 'edit' });
    // a1's place fell out of the history: there is nothing left for a1 to undo
    refuse(s, undo, w.a1, ctx, 'nothing-to-undo');
    // an undo is remembered too, and the history stays bounded
    const undone = accept(s, undo, w.b1, ctx).state;
    expect(undone.history).toHaveLength(HISTORY_LIMIT);
    expect(undone.history.at(-1)).toMatchObject({ type: 'undo', memberId: 'b1' });
  });

  it('grabs, releases and refused actions leave no history', () => {
    const w = world();
    let s = accept(w.s, action('grab', { pieceId: w.pA }), w.a1, w.ctx).state;
    s = accept(s, action('release', { pieceId: w.pA }), w.a1, w.ctx).state;
    expect(s.history).toEqual(w.s.history);
    expect(attempt(s, w.place('residents', 0, 5), w.a1, w.ctx).ok).toBe(false);
  });

  it('actions that are no piece change leave no history', () => {
    const w = world();
    let s = w.s;
    for (const a of [
      action('set-phase', { phase: 'dialogue' }),
      // a vote cannot be opened on a locked board (issue 8): open it first
      action('voting', { open: true }),
      action('lock', { locked: true }),
      action('spotlight', { kind: 'piece', id: w.pA }),
      action('timer', { op: 'reset', seconds: 60 }),
      action('update-workshop', { title: 'X' }),
    ]) s = accept(s, a, FACILITATOR, w.ctx).state;
    expect(s.history).toEqual(w.s.history);
  });
});
