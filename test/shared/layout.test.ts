/**
 * The layout (shared/layout.ts): its geometry for every board size, and the board the rules lay
 * out over random sequences of places, moves, removals, undos and phase changes — pieces never
 * overlap and never leave their area, the same sequence gives the same board, what a party sees
 * never depends on what is hidden from it, and the caps of PIECE_LIMITS refuse instead of piling up.
 */
import { describe, expect, it } from 'vitest';
import { MAX_PARTIES, MIN_PARTIES, areaLabelBox, knobInside } from '../../shared/geometry.ts';
import {
  ARRANGED_PHASES,
  areaCapacity,
  areaSizes,
  boxInArea,
  boxesOverlap,
  layOutBoard,
  neighbourSlot,
  pieceBox,
  revealArrangement,
  shownPieces,
  subZoneCapacity,
  subZoneOf,
  subZoneSizes,
  type Slot,
} from '../../shared/layout.ts';
import { PIECE_LIMITS } from '../../shared/limits.ts';
import { PHASE_RULES } from '../../shared/phases.ts';
import { compareParty, type Perception } from '../../shared/reveal.ts';
import { apply, type Action } from '../../shared/rules.ts';
import type { Actor, Phase, PlacedPiece, WorkshopState } from '../../shared/types.ts';
import { canSeePiece } from '../../shared/view.ts';
import { FACILITATOR, NOW, action, inArea, makeWorkshop, participant } from './fixtures.ts';
import { mulberry32 } from '../seeded.ts';

const COUNTS = Array.from({ length: MAX_PARTIES - MIN_PARTIES + 1 }, (_, i) => MIN_PARTIES + i);
const NAMES = ['Kommunen', 'Skolen', 'Klubben', 'Boligforeningen', 'Jobcentret', 'Frivilligcentret', 'Biblioteket', 'Sundhedshuset'];

/** A seeded random source, so a failing sequence can be replayed. */
function random(seed: number) {
  const next = mulberry32(seed);
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]! };
}

/** What is wrong with where the pieces lie: one that leaves its area, or two that overlap (empty when nothing). */
function layoutFaults(state: Pick<WorkshopState, 'parties'>, pieces: readonly PlacedPiece[]): string[] {
  const faults: string[] = [];
  const count = state.parties.length;
  const boxes = pieces.map((p) => pieceBox(p));
  pieces.forEach((piece, i) => {
    const area = state.parties.findIndex((p) => p.id === piece.areaPartyId);
    if (!boxInArea(count, area, boxes[i]!)) faults.push(`${piece.id} leaves area ${area}`);
    if (boxesOverlap(boxes[i]!, areaLabelBox(count, area))) faults.push(`${piece.id} covers the label of area ${area}`);
    for (let j = i + 1; j < pieces.length; j++) if (boxesOverlap(boxes[i]!, boxes[j]!)) faults.push(`${piece.id} overlaps ${pieces[j]!.id}`);
  });
  return faults;
}

/** The stored layout's own promises: every piece on a slot of its sub-zone, one size per sub-zone. */
function slotFaults(state: WorkshopState): string[] {
  const faults: string[] = [];
  const sizeOf = new Map<string, number>();
  for (const piece of state.pieces) {
    const zone = subZoneOf(state.parties, piece.areaPartyId, piece.placedByPartyId)!;
    const key = `${zone.area}:${zone.zone}`;
    if ((sizeOf.get(key) ?? piece.scale) !== piece.scale) faults.push(`sub-zone ${key} has two sizes`);
    sizeOf.set(key, piece.scale);
    const slots = subZoneSizes(state.parties.length, zone.area, zone.zone).find((s) => s.scale === piece.scale)?.slots ?? [];
    if (!slots.some((s) => s.x === piece.x && s.y === piece.y)) faults.push(`${piece.id} is on no slot of sub-zone ${key}`);
  }
  return faults;
}

describe('the geometry of the layout', () => {
  it.each(COUNTS)('keeps every slot of %i parties inside its area, off the label, and apart from every slot of every other sub-zone at any size', (count) => {
    for (let area = 0; area < count; area++) {
      const zones = Array.from({ length: count }, (_, zone) => subZoneSizes(count, area, zone));
      zones.forEach((sizes, zone) => {
        expect(sizes.length, `area ${area} zone ${zone} has a size`).toBeGreaterThan(0);
        let before = 0;
        for (const { scale, slots } of sizes) {
          // smaller sizes hold more, down to the smallest size of the table
          expect(slots.length, `area ${area} zone ${zone} at ${scale}`).toBeGreaterThan(before);
          before = slots.length;
          expect(PIECE_LIMITS.scales).toContain(scale);
          expect(layoutFaults({ parties: Array.from({ length: count }, (_, i) => ({ id: `p${i}` })) } as WorkshopState, slots.map((s, i) => piece(`z${zone}s${i}`, `p${area}`, s)))).toEqual([]);
        }
        expect(subZoneCapacity(count, area, zone)).toBe(before);
      });
      // sub-zones lie apart at every pair of sizes, so each may shrink and grow on its own
      for (let a = 0; a < count; a++) {
        for (let b = a + 1; b < count; b++) {
          for (const sa of zones[a]!.flatMap((t) => t.slots)) {
            for (const sb of zones[b]!.flatMap((t) => t.slots)) expect(boxesOverlap(pieceBox(sa), pieceBox(sb)), `area ${area}: zones ${a} and ${b}`).toBe(false);
          }
        }
      }
      // the reveal lays the whole area out: it fits every piece the sub-zones may hold
      const whole = areaSizes(count, area);
      expect(whole.at(-1)!.slots.length).toBeGreaterThanOrEqual(areaCapacity(count, area));
      for (const { slots } of whole) expect(layoutFaults({ parties: Array.from({ length: count }, (_, i) => ({ id: `p${i}` })) } as WorkshopState, slots.map((s, i) => piece(`w${i}`, `p${area}`, s)))).toEqual([]);
    }
  });

  it('gives the own party the larger share of its area, and every partner room for at least one value', () => {
    for (const count of COUNTS) {
      for (let area = 0; area < count; area++) {
        const own = subZoneCapacity(count, area, 0);
        for (let zone = 1; zone < count; zone++) {
          expect(subZoneCapacity(count, area, zone), `${count} parties, area ${area}, zone ${zone}`).toBeGreaterThanOrEqual(1);
          expect(own).toBeGreaterThan(subZoneCapacity(count, area, zone));
        }
      }
    }
  });

  it('holds a real workshop of 8 parties with 15 values each: 8 own, one in each partner area', () => {
    for (let area = 0; area < 8; area++) {
      expect(subZoneCapacity(8, area, 0), `area ${area}`).toBeGreaterThanOrEqual(8);
      expect(areaCapacity(8, area)).toBeGreaterThanOrEqual(15);
    }
  });
});

/** A made-up piece at a slot, for checking slots as pieces. */
function piece(id: string, areaPartyId: string, slot: Slot, extra: Partial<PlacedPiece> = {}): PlacedPiece {
  return { id, kindId: 'residents', label: '', areaPartyId, placedByPartyId: areaPartyId, placedByMemberId: '', byFacilitator: false, note: '', importance: 2, heldBy: '', placedAt: 0, ...slot, ...extra };
}

// ---- the board over random sequences -------------------------------------------------------------

/** One step of a sequence: who acts and what they do. */
interface Step {
  actor: Actor;
  action: Action;
}

/** The workshop a sequence starts from: `count` parties, in phase `phase`. */
function startState(count: number, phase: Phase = 'open'): WorkshopState {
  return { ...makeWorkshop(NAMES.slice(0, count)), phase };
}

/** Apply `steps` in order; ids are made from the step's number, so a step's pieces have the same ids in any run. */
function play(start: WorkshopState, steps: readonly { step: Step; n: number }[], check?: (state: WorkshopState, at: number) => void): { state: WorkshopState; outcomes: Map<number, string> } {
  let state = start;
  const outcomes = new Map<number, string>();
  for (const { step, n } of steps) {
    let k = 0;
    const r = apply(state, step.action, step.actor, { now: NOW + n, newId: () => `s${n}-${k++}` });
    outcomes.set(n, r.ok ? 'ok' : r.code);
    if (r.ok) state = r.state;
    check?.(state, n);
  }
  return { state, outcomes };
}

/** A random sequence of `length` steps on a board of `count` parties: places, moves, removals and undos by participants, the facilitator's places and phase changes. */
function randomSteps(seed: number, count: number, length: number, options: { facilitator?: boolean; phases?: readonly Phase[] } = {}): Step[] {
  const rng = random(seed);
  const parties = startState(count).parties;
  const kinds = makeWorkshop().kinds.map((k) => k.id);
  const steps: Step[] = [];
  // each party's pieces that may exist (a step may name one that is gone by then, which the rules
  // refuse); a party moves and removes only its own, as the other parties' are hidden from it
  const placed: string[][] = Array.from({ length: count }, () => []);
  for (let n = 0; n < length; n++) {
    const party = rng.int(count);
    const actor = participant(`m${party}-${rng.int(2)}`, parties[party]!.id);
    const area = rng.next() < 0.5 ? party : rng.int(count);
    const near = rng.next() < 0.8 ? { near: inArea(count, area, rng.int(12)) } : {};
    const roll = rng.next();
    if (options.phases && roll < 0.05) {
      steps.push({ actor: FACILITATOR, action: action('set-phase', { phase: rng.pick(options.phases) }) });
    } else if (roll < 0.55) {
      const kindId = rng.pick(kinds);
      const label = kindId === 'own-value' ? { label: `Værdi ${rng.int(30)}` } : {};
      const who = options.facilitator && rng.next() < 0.15 ? FACILITATOR : actor;
      const forParty = who === FACILITATOR ? { forPartyId: parties[party]!.id } : {};
      steps.push({ actor: who, action: action('place', { kindId, areaPartyId: parties[area]!.id, ...near, ...label, ...forParty }) });
      placed[party]!.push(`s${n}-0`);
    } else if (roll < 0.8 && placed[party]!.length) {
      const moveArea = rng.next() < 0.6 ? {} : { areaPartyId: parties[area]!.id };
      steps.push({ actor, action: action('move', { pieceId: rng.pick(placed[party]!), ...moveArea, ...near }) });
    } else if (roll < 0.92 && placed[party]!.length) {
      steps.push({ actor, action: action('remove', { pieceId: rng.pick(placed[party]!) }) });
    } else {
      steps.push({ actor, action: action('undo', {}) });
    }
  }
  return steps;
}

const numbered = (steps: readonly Step[]) => steps.map((step, n) => ({ step, n }));

/** Fail with the step when the board breaks a promise of the layout. */
function checkBoard(state: WorkshopState, at: number): void {
  expect(layoutFaults(state, state.pieces), `stored layout after step ${at}`).toEqual([]);
  expect(slotFaults(state), `slots after step ${at}`).toEqual([]);
  expect(layoutFaults(state, shownPieces(state)), `shown in ${state.phase} after step ${at}`).toEqual([]);
  expect(state.pieces.length).toBeLessThanOrEqual(PIECE_LIMITS.perBoard);
}

describe('the board the rules lay out', () => {
  it.each(COUNTS.flatMap((count) => [1, 2, 3].map((run) => [count, run] as const)))(
    'never overlaps or leaves an area over random places, moves, removals, undos and phases (%i parties, run %i)',
    (count, run) => {
      const steps = randomSteps(count * 1000 + run, count, 160, { facilitator: true, phases: ['own-value', 'partner-view', 'reveal', 'dialogue', 'open'] });
      const { state, outcomes } = play(startState(count), numbered(steps), checkBoard);
      // the sequence did something: pieces were placed and moved
      expect([...outcomes.values()].filter((o) => o === 'ok').length).toBeGreaterThan(20);
      expect(state.pieces.length).toBeGreaterThan(0);
    },
  );

  it('lays out 8 parties placing 40 pieces each, then the reveal, refusing only past the caps', () => {
    const parties = startState(8).parties;
    const kinds = makeWorkshop().kinds.filter((k) => !k.blank).map((k) => k.id);
    const steps: Step[] = [{ actor: FACILITATOR, action: action('set-phase', { phase: 'own-value' }) }];
    const rng = random(8040);
    for (let i = 0; i < 40; i++) {
      for (let p = 0; p < 8; p++) {
        const actor = participant(`m${p}`, parties[p]!.id);
        // the first half of each party's pieces in its own area, then in its partners' areas
        if (i === 20 && p === 0) steps.push({ actor: FACILITATOR, action: action('set-phase', { phase: 'partner-view' }) });
        const area = i < 20 ? p : (p + 1 + (i % 7)) % 8;
        const kind = i < kinds.length ? { kindId: kinds[i % kinds.length]! } : { kindId: 'own-value', label: `Egen ${i}` };
        steps.push({ actor, action: action('place', { ...kind, areaPartyId: parties[area]!.id, ...(rng.next() < 0.7 ? { near: inArea(8, area, rng.int(12)) } : {}) }) });
      }
    }
    steps.push({ actor: FACILITATOR, action: action('set-phase', { phase: 'reveal' }) });
    const { state, outcomes } = play(startState(8), numbered(steps), checkBoard);
    const refusals = new Set([...outcomes.values()].filter((o) => o !== 'ok'));
    for (const code of refusals) expect(['area-full', 'party-full', 'duplicate-piece']).toContain(code);
    expect(refusals.has('area-full')).toBe(true);
    // every sub-zone was filled: each party's own sub-zone to its cap
    for (let p = 0; p < 8; p++) {
      expect(state.pieces.filter((x) => x.areaPartyId === parties[p]!.id && x.placedByPartyId === parties[p]!.id)).toHaveLength(subZoneCapacity(8, p, 0));
    }
    expect(state.phase).toBe('reveal');
    expect(layoutFaults(state, shownPieces(state))).toEqual([]);
  });

  it('never refuses a real workshop of 8 parties with 15 values each, and reveals it without an overlap', () => {
    const parties = startState(8).parties;
    const kinds = makeWorkshop().kinds.filter((k) => !k.blank).map((k) => k.id);
    const steps: Step[] = [{ actor: FACILITATOR, action: action('set-phase', { phase: 'own-value' }) }];
    for (let p = 0; p < 8; p++) {
      for (let i = 0; i < 8; i++) steps.push({ actor: participant(`m${p}`, parties[p]!.id), action: action('place', { kindId: kinds[i]!, areaPartyId: parties[p]!.id, near: inArea(8, p, 0) }) });
    }
    steps.push({ actor: FACILITATOR, action: action('set-phase', { phase: 'partner-view' }) });
    for (let p = 0; p < 8; p++) {
      for (let q = 0; q < 8; q++) if (q !== p) steps.push({ actor: participant(`m${p}`, parties[p]!.id), action: action('place', { kindId: kinds[(p + q) % 8]!, areaPartyId: parties[q]!.id }) });
    }
    steps.push({ actor: FACILITATOR, action: action('set-phase', { phase: 'reveal' }) });
    const { state, outcomes } = play(startState(8), numbered(steps), checkBoard);
    expect([...outcomes.values()].every((o) => o === 'ok')).toBe(true);
    expect(state.pieces).toHaveLength(120);
    expect(layoutFaults(state, shownPieces(state))).toEqual([]);
  });

  it.each(COUNTS)('lays out the same sequence the same way every time (%i parties)', (count) => {
    const steps = numbered(randomSteps(count * 77, count, 120, { facilitator: true, phases: ['own-value', 'partner-view', 'open'] }));
    const first = play(startState(count), steps).state;
    const again = play(startState(count), structuredClone(steps)).state;
    expect(again).toEqual(first);
    expect(again.pieces.map((p) => [p.x, p.y, p.scale])).toEqual(first.pieces.map((p) => [p.x, p.y, p.scale]));
  });

  it.each(COUNTS.flatMap((count) => (['own-value', 'partner-view'] as const).map((phase) => [count, phase] as const)))(
    "shows each party the same board with or without the pieces hidden from it (%i parties, %s)",
    (count, phase) => {
      // participants only: their pieces are hidden from the other parties in this phase
      const steps = numbered(randomSteps(count * 31 + phase.length, count, 200).filter((s) => s.action.type !== 'set-phase'));
      const start = startState(count, phase);
      const everything = play(start, steps);
      for (const party of start.parties) {
        const viewer = { role: 'participant' as const, partyId: party.id };
        const own = steps.filter(({ step }) => step.actor.partyId === party.id);
        const alone = play(start, own);
        const seen = (state: WorkshopState) => state.pieces.filter((p) => canSeePiece(viewer, p, state.phase)).map(({ heldBy: _, ...p }) => p);
        // the same pieces, at the same places and sizes, and the same answers to the party's own steps
        expect(seen(everything.state), `party ${party.id}`).toEqual(seen(alone.state));
        for (const { n } of own) expect(everything.outcomes.get(n), `party ${party.id}, step ${n}`).toBe(alone.outcomes.get(n));
      }
      expect(PHASE_RULES[phase].hidden).toBe(true);
    },
  );
});

// ---- caps ----------------------------------------------------------------------------------------

describe('caps', () => {
  /** Place `kindId` (named `label` for a blank kind) for `p`'s party into area `area`; returns the outcome. */
  const placer = (state: { s: WorkshopState; n: number }) => (p: number, area: number, label: string) => {
    const party = state.s.parties[p]!;
    const r = apply(state.s, action('place', { kindId: 'own-value', label, areaPartyId: state.s.parties[area]!.id }), participant(`m${p}`, party.id), { now: NOW, newId: () => `id-${state.n++}` });
    if (r.ok) state.s = r.state;
    return r.ok ? 'ok' : r.code;
  };

  it.each(COUNTS)("refuses a piece past a sub-zone's room with 'area-full', in its own area and a partner's (%i parties)", (count) => {
    const state = { s: startState(count), n: 0 };
    const place = placer(state);
    // the first party's own sub-zone in its area, then the second party's sub-zone there
    for (const [p, zone] of [[0, 0], [1, 1]] as const) {
      const cap = subZoneCapacity(count, 0, zone);
      for (let i = 0; i < cap; i++) expect(place(p, 0, `V${p}-${i}`), `piece ${i} of ${cap}`).toBe('ok');
      expect(place(p, 0, `V${p}-more`)).toBe('area-full');
    }
    // the other sub-zones still have room
    expect(place(0, 1, 'Elsewhere')).toBe('ok');
    expect(place(1, 1, 'At home')).toBe('ok');
    expect(layoutFaults(state.s, state.s.pieces)).toEqual([]);
  });

  it("refuses a party past PIECE_LIMITS.perParty with 'party-full', and the board past perBoard with 'board-full'", () => {
    const state = { s: startState(4), n: 0 };
    const place = placer(state);
    for (let p = 0; p < 4; p++) {
      let placed = 0;
      for (let area = 0; area < 4 && placed < PIECE_LIMITS.perParty; area++) {
        while (placed < PIECE_LIMITS.perParty && place(p, area, `P${p} V${placed}`) === 'ok') placed++;
      }
      expect(placed, `party ${p}`).toBe(PIECE_LIMITS.perParty);
      if (p < 3) expect(place(p, (p + 1) % 4, 'one more')).toBe('party-full');
    }
    expect(state.s.pieces).toHaveLength(PIECE_LIMITS.perBoard);
    expect(place(0, 0, 'one more')).toBe('board-full');
    expect(layoutFaults(state.s, state.s.pieces)).toEqual([]);
  });

  it('shrinks a sub-zone as it fills and grows it back as it empties', () => {
    const state = { s: startState(3), n: 0 };
    const place = placer(state);
    const sizes = subZoneSizes(3, 0, 0).map((s) => s.scale);
    const seen: number[] = [];
    for (let i = 0; i < subZoneCapacity(3, 0, 0); i++) {
      place(0, 0, `V${i}`);
      const scales = new Set(state.s.pieces.map((p) => p.scale));
      expect(scales.size).toBe(1);
      seen.push([...scales][0]!);
    }
    expect([...new Set(seen)]).toEqual(sizes);
    // taking pieces off from the last grows the sub-zone back step by step
    for (const id of [...state.s.pieces].reverse().map((p) => p.id).slice(0, -1)) {
      const r = apply(state.s, action('remove', { pieceId: id }), participant('m0', state.s.parties[0]!.id), { now: NOW, newId: () => `id-${state.n++}` });
      if (!r.ok) throw new Error(r.code);
      state.s = r.state;
    }
    expect(state.s.pieces.map((p) => p.scale)).toEqual([sizes[0]]);
  });
});

// ---- the reveal, the arrow keys, older boards -----------------------------------------------------

describe('the reveal arrangement', () => {
  it.each(COUNTS)('groups each area by perception: shared, then unseen by others, then blind spots (%i parties)', (count) => {
    const steps = numbered(randomSteps(count * 13, count, 200, { phases: ['own-value', 'partner-view'] }));
    const played = play(startState(count), steps).state;
    const state = { ...played, phase: 'reveal' as const };
    const shown = shownPieces(state);
    expect(layoutFaults(state, shown)).toEqual([]);
    const rank: Record<Perception, number> = { shared: 0, unseen: 1, 'blind-spot': 2 };
    for (const party of state.parties) {
      const perception = new Map<string, Perception>();
      for (const value of compareParty(state, party.id).values) for (const p of [...(value.own ? [value.own] : []), ...value.partners]) perception.set(p.id, value.perception);
      // reading order: rows from the top, each from the left
      const inArea = shown.filter((p) => p.areaPartyId === party.id).sort((a, b) => a.y - b.y || a.x - b.x);
      const ranks = inArea.map((p) => rank[perception.get(p.id)!]);
      expect(ranks, party.id).toEqual([...ranks].sort((a, b) => a - b));
      // one size per area, the largest that fits them all
      expect(new Set(inArea.map((p) => p.scale)).size).toBeLessThanOrEqual(1);
    }
  });

  it('is the same whatever order a list holds the pieces in (a client sorts its own by time, an undo appends)', () => {
    const state = { ...play(startState(4), numbered(randomSteps(9, 4, 120))).state, phase: 'reveal' as const };
    const reversed = { ...state, pieces: [...state.pieces].reverse() };
    expect(Object.fromEntries(revealArrangement(reversed))).toEqual(Object.fromEntries(revealArrangement(state)));
  });

  it('is what the board shows from the reveal on, and nothing before it', () => {
    const steps = numbered(randomSteps(5, 4, 80));
    const state = play(startState(4), steps).state;
    for (const phase of ['lobby', 'own-value', 'partner-view', 'open'] as const) expect(shownPieces({ ...state, phase })).toBe(state.pieces);
    const arranged = revealArrangement(state);
    for (const phase of ARRANGED_PHASES) {
      for (const p of shownPieces({ ...state, phase })) expect({ x: p.x, y: p.y, scale: p.scale }).toEqual(arranged.get(p.id));
    }
  });

  it('lays an area\'s values off the knob its neighbour puts into it, and a few of them in its middle, clear of its edges', () => {
    for (const count of COUNTS) {
      for (const k of [1, 3, 6, 8]) {
        let state = startState(count, 'own-value');
        const A = state.parties[0]!;
        const kinds = state.kinds.filter((kind) => !kind.blank).slice(0, k);
        kinds.forEach((kind, i) => {
          const r = apply(state, action('place', { kindId: kind.id, areaPartyId: A.id }), participant('a', A.id), { now: NOW + i, newId: () => `k${i}` });
          if (r.ok) state = r.state;
        });
        const shown = shownPieces({ ...state, phase: 'reveal' }).filter((p) => p.areaPartyId === A.id);
        expect(shown.length, `${count} parties`).toBe(k);
        const knob = knobInside(count, 0);
        for (const p of shown) {
          const box = pieceBox(p);
          const gap = Math.hypot(Math.max(box.left - knob.x, 0, knob.x - box.right), Math.max(box.top - knob.y, 0, knob.y - box.bottom));
          expect(gap, `${count} parties, ${k} values: ${p.kindId} off the knob`).toBeGreaterThanOrEqual(knob.r);
        }
        // one value alone sits well inside its area, not against an edge
        if (k === 1) expect(boxInArea(count, 0, pieceBox(shown[0]!), 16), `${count} parties: one value in the middle`).toBe(true);
      }
    }
  });

  it('puts a shared value and its partners next to each other', () => {
    const s0 = startState(3);
    const [A, B, C] = s0.parties as [typeof s0.parties[0], typeof s0.parties[0], typeof s0.parties[0]];
    const steps: Step[] = [
      { actor: participant('a', A.id), action: action('place', { kindId: 'economy', areaPartyId: A.id }) },
      { actor: participant('a', A.id), action: action('place', { kindId: 'residents', areaPartyId: A.id }) },
      { actor: participant('b', B.id), action: action('place', { kindId: 'knowledge', areaPartyId: A.id }) },
      { actor: participant('c', C.id), action: action('place', { kindId: 'residents', areaPartyId: A.id }) },
      { actor: participant('b', B.id), action: action('place', { kindId: 'residents', areaPartyId: A.id }) },
    ];
    const state = { ...play(s0, numbered(steps)).state, phase: 'reveal' as const };
    const order = shownPieces(state).filter((p) => p.areaPartyId === A.id).sort((a, b) => a.y - b.y || a.x - b.x).map((p) => `${p.kindId}/${p.placedByPartyId}`);
    expect(order).toEqual([`residents/${A.id}`, `residents/${C.id}`, `residents/${B.id}`, `economy/${A.id}`, `knowledge/${B.id}`]);
  });
});

describe('neighbourSlot', () => {
  it('names the next and the previous free slot of the sub-zone, and a move there lands on it', () => {
    let state = startState(3);
    const A = state.parties[0]!;
    const a1 = participant('a1', A.id);
    let n = 0;
    const act = (a: Action) => {
      const r = apply(state, a, a1, { now: NOW, newId: () => `id-${n++}` });
      if (!r.ok) throw new Error(r.code);
      state = r.state;
    };
    // three pieces on the first three slots, in reading order
    for (const kindId of ['economy', 'residents', 'knowledge']) act(action('place', { kindId, areaPartyId: A.id }));
    const slots = subZoneSizes(3, 0, 0).find((s) => s.scale === state.pieces[0]!.scale)!.slots;
    expect(state.pieces.map((p) => ({ x: p.x, y: p.y }))).toEqual(slots.slice(0, 3).map(({ x, y }) => ({ x, y })));
    // the first piece: no free slot before it; the next free one after it is the fourth
    const first = state.pieces[0]!.id;
    expect(neighbourSlot(state, first, -1)).toBeUndefined();
    const next = neighbourSlot(state, first, 1)!;
    expect(next).toEqual({ x: slots[3]!.x, y: slots[3]!.y });
    act(action('move', { pieceId: first, near: next }));
    expect(state.pieces[0]).toMatchObject(next);
    // and back: the free slot before it now is the first
    const back = neighbourSlot(state, first, -1)!;
    expect(back).toEqual({ x: slots[0]!.x, y: slots[0]!.y });
    expect(neighbourSlot(state, 'no-such-piece', 1)).toBeUndefined();
  });
});

describe('layOutBoard (older boards and files)', () => {
  it('lays pieces dropped on one spot apart, each near where it lay, and leaves a laid-out board as it is', () => {
    const state = startState(3);
    const dropped = Array.from({ length: 12 }, (_, i) =>
      piece(`d${i}`, state.parties[i % 3]!.id, { ...inArea(3, i % 3, 0), scale: 1 }, { placedByPartyId: state.parties[(i * 7) % 3]!.id, label: `V${i}`, kindId: 'own-value' }),
    );
    const laid = layOutBoard(state.parties, dropped);
    expect(laid.map((p) => p.id)).toEqual(dropped.map((p) => p.id));
    expect(layoutFaults(state, laid)).toEqual([]);
    expect(slotFaults({ ...state, pieces: laid })).toEqual([]);
    expect(layOutBoard(state.parties, laid)).toEqual(laid);
  });
});
