import { describe, it, expect } from 'vitest';
import { balance, compareParty, valueKey, type Perception } from '../../shared/reveal.ts';
import type { PlacedPiece, WorkshopState } from '../../shared/types.ts';
import { FACILITATOR, accept, action, deepFreeze, inArea, makeCtx, makeWorkshop, participant, placedId } from './fixtures.ts';

const KINDS = makeWorkshop().kinds;

/** A piece of `kindId` placed by party `by` in the area of party `area` ('A', 'B', 'C', …). */
function piece(id: string, kindId: string, area: string, by: string, extra: Partial<PlacedPiece> = {}): PlacedPiece {
  return {
    id,
    kindId,
    label: '',
    areaPartyId: area,
    placedByPartyId: by,
    placedByMemberId: `${by.toLowerCase()}1`,
    byFacilitator: false,
    x: 500,
    y: 200,
    scale: 1,
    note: '',
    importance: 2,
    heldBy: '',
    placedAt: 0,
    ...extra,
  };
}
const blank = (id: string, area: string, by: string, label: string, extra: Partial<PlacedPiece> = {}) => piece(id, 'own-value', area, by, { label, ...extra });

/** What compareParty says, in short: [key, perception, own piece id or '', partners' piece ids]. */
const summary = (pieces: PlacedPiece[], partyId: string, kinds = KINDS) => {
  const c = compareParty(deepFreeze({ pieces, kinds }), partyId);
  return {
    values: c.values.map((v) => [v.key, v.perception, v.own?.id ?? '', v.partners.map((p) => p.id)] as [string, Perception, string, string[]]),
    counts: [c.shared, c.blindSpots, c.unseen],
  };
};

describe('valueKey', () => {
  it.each([
    ['a deck kind', { kindId: 'residents', label: '' }, 'residents'],
    ['a blank piece', { kindId: 'own-value', label: 'Glæde' }, 'own-value:glæde'],
    ['a blank piece in capitals with spaces', { kindId: 'own-value', label: '  GLÆDE ' }, 'own-value:glæde'],
    ['a blank piece of two words', { kindId: 'own-value', label: 'Mere Tid' }, 'own-value:mere tid'],
  ])('of %s is %s', (_name, p, key) => {
    expect(valueKey(p)).toBe(key);
  });
});

describe('compareParty', () => {
  /** [case, pieces, party, expected values, expected counts [shared, blind spots, unseen]]. */
  const cases: [string, PlacedPiece[], string, [string, Perception, string, string[]][], number[]][] = [
    ['a board without pieces', [], 'A', [], [0, 0, 0]],
    ['a party with no pieces while others have some', [piece('p1', 'residents', 'B', 'B'), piece('p2', 'economy', 'C', 'A')], 'A', [], [0, 0, 0]],
    ['a value only the party placed: unseen', [piece('p1', 'residents', 'A', 'A')], 'A', [['residents', 'unseen', 'p1', []]], [0, 0, 1]],
    ['a value only a partner placed: blind spot', [piece('p1', 'residents', 'A', 'B')], 'A', [['residents', 'blind-spot', '', ['p1']]], [0, 1, 0]],
    ['the party and a partner: shared', [piece('p1', 'residents', 'A', 'A'), piece('p2', 'residents', 'A', 'B')], 'A', [['residents', 'shared', 'p1', ['p2']]], [1, 0, 0]],
    [
      'the party and two partners: shared, partners in board order',
      [piece('p1', 'residents', 'A', 'C'), piece('p2', 'residents', 'A', 'A'), piece('p3', 'residents', 'A', 'B')],
      'A',
      [['residents', 'shared', 'p2', ['p1', 'p3']]],
      [1, 0, 0],
    ],
    [
      'a party that only received partners’ pieces',
      [piece('p1', 'network', 'A', 'B'), piece('p2', 'economy', 'A', 'C'), piece('p3', 'network', 'A', 'C'), piece('p4', 'residents', 'B', 'A')],
      'A',
      [
        ['network', 'blind-spot', '', ['p1', 'p3']],
        ['economy', 'blind-spot', '', ['p2']],
      ],
      [0, 2, 0],
    ],
    [
      "the party's pieces in partners' areas do not count for it",
      [piece('p1', 'residents', 'B', 'A'), piece('p2', 'residents', 'A', 'B')],
      'A',
      [['residents', 'blind-spot', '', ['p2']]],
      [0, 1, 0],
    ],
    [
      'the same values seen from the partner’s side',
      [piece('p1', 'residents', 'B', 'A'), piece('p2', 'residents', 'A', 'B'), piece('p3', 'residents', 'B', 'B')],
      'B',
      [['residents', 'shared', 'p3', ['p1']]],
      [1, 0, 0],
    ],
    [
      'a facilitator’s piece on behalf of the party counts as the party’s own',
      [piece('p1', 'residents', 'A', 'A', { byFacilitator: true, placedByMemberId: 'fac' }), piece('p2', 'residents', 'A', 'B')],
      'A',
      [['residents', 'shared', 'p1', ['p2']]],
      [1, 0, 0],
    ],
    [
      'blank pieces compared by their lower-cased name',
      [blank('p1', 'A', 'A', 'Glæde'), blank('p2', 'A', 'B', 'GLÆDE'), blank('p3', 'A', 'C', 'Tryghed'), blank('p4', 'A', 'A', 'Ansvar')],
      'A',
      [
        ['own-value:ansvar', 'unseen', 'p4', []],
        ['own-value:glæde', 'shared', 'p1', ['p2']],
        ['own-value:tryghed', 'blind-spot', '', ['p3']],
      ],
      [1, 1, 1],
    ],
    [
      'values in deck order, not in the order they were placed; blank ones by name after the deck kinds',
      [
        blank('p1', 'A', 'A', 'Tryghed'),
        piece('p2', 'meaning', 'A', 'B'),
        piece('p3', 'economy', 'A', 'A'),
        blank('p4', 'A', 'C', 'Ansvar'),
        piece('p5', 'residents', 'A', 'C'),
        piece('p6', 'economy', 'A', 'C'),
      ],
      'A',
      [
        ['residents', 'blind-spot', '', ['p5']],
        ['economy', 'shared', 'p3', ['p6']],
        ['meaning', 'blind-spot', '', ['p2']],
        ['own-value:ansvar', 'blind-spot', '', ['p4']],
        ['own-value:tryghed', 'unseen', 'p1', []],
      ],
      [1, 3, 1],
    ],
    [
      'a kind missing from the deck comes last',
      [piece('p1', 'retired-kind', 'A', 'A'), piece('p2', 'meaning', 'A', 'A')],
      'A',
      [
        ['meaning', 'unseen', 'p2', []],
        ['retired-kind', 'unseen', 'p1', []],
      ],
      [0, 0, 2],
    ],
  ];

  it.each(cases)('%s', (_name, pieces, partyId, values, counts) => {
    expect(summary(pieces, partyId)).toEqual({ values, counts });
  });

  it('carries the kind, the label of the own piece and the pieces themselves', () => {
    const own = blank('p1', 'A', 'A', 'Glæde', { note: 'mere tid' });
    const partner = blank('p2', 'A', 'B', 'glæde');
    const c = compareParty({ pieces: [partner, own], kinds: KINDS }, 'A');
    expect(c).toEqual({
      partyId: 'A',
      values: [{ key: 'own-value:glæde', kindId: 'own-value', label: 'Glæde', perception: 'shared', own, partners: [partner] }],
      shared: 1,
      blindSpots: 0,
      unseen: 0,
    });
  });

  it('labels a blind spot by the first partner’s name', () => {
    const c = compareParty({ pieces: [blank('p1', 'A', 'B', 'Stolthed'), blank('p2', 'A', 'C', 'STOLTHED')], kinds: KINDS }, 'A');
    expect(c.values).toMatchObject([{ label: 'Stolthed', perception: 'blind-spot' }]);
  });

  it('orders custom kinds (add-kind) after the deck, as the deck lists them, and compares them like any kind', () => {
    const ctx = makeCtx();
    let s = makeWorkshop();
    const A = s.parties[0]!;
    const B = s.parties[1]!;
    s = accept(s, action('add-kind', { label: 'Tryghed', category: 'relations' }), FACILITATOR, ctx).state;
    s = accept(s, action('add-kind', { label: 'Arbejdsglæde', category: 'people' }), FACILITATOR, ctx).state;
    const [tryghed, glaede] = s.kinds.slice(-2).map((k) => k.id) as [string, string];
    const ids: string[] = [];
    for (const [kindId, who, slot, label] of [
      [glaede, participant('a1', A.id), 0, undefined],
      [tryghed, participant('b1', B.id), 1, undefined],
      [glaede, participant('b1', B.id), 2, undefined],
      ['own-value', participant('a1', A.id), 3, 'Ro'],
      ['residents', participant('b1', B.id), 4, undefined],
    ] as const) {
      const r = accept(s, action('place', { kindId, areaPartyId: A.id, near: inArea(3, 0, slot), ...(label ? { label } : {}) }), who, ctx);
      ids.push(placedId(r.events));
      s = r.state;
    }
    expect(summary(s.pieces, A.id, s.kinds).values).toEqual([
      ['residents', 'blind-spot', '', [ids[4]]],
      ['own-value:ro', 'unseen', ids[3], []],
      [tryghed, 'blind-spot', '', [ids[1]]],
      [glaede, 'shared', ids[0], [ids[2]]],
    ]);
  });
});

describe('balance', () => {
  const parties = (...ids: string[]) => ids.map((id) => ({ id, name: id, shortName: id, color: '#000000' }));
  type Row = [partyId: string, pieces: number, own: number, partners: number, importance: number, low: boolean];

  /** [case, parties, pieces, expected rows]. */
  const cases: [string, string[], PlacedPiece[], Row[]][] = [
    ['no pieces at all: every party is low', ['A', 'B', 'C'], [], [['A', 0, 0, 0, 0, true], ['B', 0, 0, 0, 0, true], ['C', 0, 0, 0, 0, true]]],
    [
      'a party without pieces is low, one under half the average importance too',
      ['A', 'B', 'C'],
      [piece('p1', 'residents', 'A', 'A'), piece('p2', 'economy', 'A', 'B'), piece('p3', 'network', 'A', 'C'), piece('p4', 'residents', 'B', 'B', { importance: 1 })],
      // total 7, average 7/3, half of it 7/6: B's 1 is under it
      [['A', 3, 1, 2, 6, false], ['B', 1, 1, 0, 1, true], ['C', 0, 0, 0, 0, true]],
    ],
    [
      'exactly half the average is not low',
      ['A', 'B', 'C'],
      [piece('p1', 'residents', 'A', 'A', { importance: 3 }), piece('p2', 'residents', 'B', 'B', { importance: 1 }), piece('p3', 'residents', 'C', 'C')],
      // total 6, average 2, half of it 1: B's 1 is not under it
      [['A', 1, 1, 0, 3, false], ['B', 1, 1, 0, 1, false], ['C', 1, 1, 0, 2, false]],
    ],
    [
      'a party that only received partners’ pieces',
      ['A', 'B'],
      [piece('p1', 'residents', 'A', 'B', { importance: 3 }), piece('p2', 'economy', 'A', 'B', { importance: 1 }), piece('p3', 'residents', 'B', 'B', { importance: 3 })],
      [['A', 2, 0, 2, 4, false], ['B', 1, 1, 0, 3, false]],
    ],
    [
      'importance counts, not the number of pieces',
      ['A', 'B'],
      [piece('p1', 'residents', 'A', 'A', { importance: 3 }), piece('p2', 'economy', 'A', 'A', { importance: 3 }), piece('p3', 'network', 'A', 'A', { importance: 3 }), piece('p4', 'residents', 'B', 'B', { importance: 1 }), piece('p5', 'economy', 'B', 'B', { importance: 1 })],
      // total 11, average 5.5, half of it 2.75: B's 2 is under it despite two pieces
      [['A', 3, 3, 0, 9, false], ['B', 2, 2, 0, 2, true]],
    ],
    [
      'pieces of a party no longer in the workshop are ignored',
      ['A', 'B'],
      [piece('p1', 'residents', 'A', 'A'), piece('p2', 'residents', 'B', 'B'), piece('p3', 'residents', 'Z', 'Z', { importance: 3 }), piece('p4', 'economy', 'A', 'Z')],
      [['A', 2, 1, 1, 4, false], ['B', 1, 1, 0, 2, false]],
    ],
    ['a single party with pieces is never low', ['A'], [piece('p1', 'residents', 'A', 'A', { importance: 1 })], [['A', 1, 1, 0, 1, false]]],
    ['no parties', [], [piece('p1', 'residents', 'A', 'A')], []],
  ];

  it.each(cases)('%s', (_name, partyIds, pieces, rows) => {
    const result = balance(deepFreeze({ parties: parties(...partyIds), pieces }));
    expect(result).toEqual(rows.map(([partyId, n, ownPieces, partnerPieces, importance, low]) => ({ partyId, pieces: n, ownPieces, partnerPieces, importance, low })));
  });

  it('follows the parties in workshop order', () => {
    const result = balance({ parties: parties('C', 'A', 'B'), pieces: [piece('p1', 'residents', 'A', 'A')] });
    expect(result.map((r) => r.partyId)).toEqual(['C', 'A', 'B']);
  });

  it('agrees with compareParty on what lies in each area', () => {
    const pieces = [piece('p1', 'residents', 'A', 'A'), piece('p2', 'residents', 'A', 'B'), piece('p3', 'economy', 'A', 'B'), blank('p4', 'B', 'A', 'Ro'), blank('p5', 'B', 'B', 'ro')];
    for (const row of balance({ parties: parties('A', 'B'), pieces })) {
      const c = compareParty({ pieces, kinds: KINDS }, row.partyId);
      expect(c.values.reduce((n, v) => n + (v.own ? 1 : 0), 0), row.partyId).toBe(row.ownPieces);
      expect(c.values.reduce((n, v) => n + v.partners.length, 0), row.partyId).toBe(row.partnerPieces);
    }
  });
});

describe('the reveal of a workshop played by the rules', () => {
  it('reads the board the parties laid in own-value and partner-view', () => {
    const ctx = makeCtx();
    let s: WorkshopState = makeWorkshop();
    const [A, B, C] = [s.parties[0]!, s.parties[1]!, s.parties[2]!];
    const a1 = participant('a1', A.id);
    const b1 = participant('b1', B.id);
    const c1 = participant('c1', C.id);
    const place = (who: ReturnType<typeof participant>, kindId: string, area: number, slot: number, label?: string) => {
      s = accept(s, action('place', { kindId, areaPartyId: s.parties[area]!.id, near: inArea(3, area, slot), ...(label ? { label } : {}) }), who, ctx).state;
    };
    s = accept(s, action('set-phase', { phase: 'own-value' }), FACILITATOR, ctx).state;
    place(a1, 'residents', 0, 0);
    place(a1, 'own-value', 0, 1, 'Ro på');
    place(b1, 'core-task', 1, 0);
    s = accept(s, action('set-phase', { phase: 'partner-view' }), FACILITATOR, ctx).state;
    place(b1, 'residents', 0, 2);
    place(c1, 'own-value', 0, 3, 'ro PÅ');
    place(c1, 'economy', 0, 4);
    place(a1, 'network', 1, 1);
    s = accept(s, action('set-phase', { phase: 'reveal' }), FACILITATOR, ctx).state;

    const perceptions = (partyId: string) => compareParty(s, partyId).values.map((v) => `${v.key}:${v.perception}`);
    expect(perceptions(A.id)).toEqual(['residents:shared', 'economy:blind-spot', 'own-value:ro på:shared']);
    expect(perceptions(B.id)).toEqual(['core-task:unseen', 'network:blind-spot']);
    expect(perceptions(C.id)).toEqual([]);
    expect(balance(s).map((r) => [r.pieces, r.ownPieces, r.partnerPieces, r.low])).toEqual([
      [5, 2, 3, false],
      [2, 1, 1, false],
      [0, 0, 0, true],
    ]);
  });
});
