import { describe, expect, it } from 'vitest';
import { compareBoards } from '../../shared/compare.ts';
import type { Party, PlacedPiece } from '../../shared/types.ts';

const party = (id: string, name: string): Party => ({ id, name, shortName: name.slice(0, 3).toUpperCase(), color: '#000000' });
let n = 0;
const piece = (areaPartyId: string, kindId: string, label = '', placedByPartyId = areaPartyId): PlacedPiece => ({
  id: `p${++n}`, kindId, label, areaPartyId, placedByPartyId, placedByMemberId: '', byFacilitator: false, x: 0, y: 0, scale: 1, note: '', importance: 2, heldBy: '', placedAt: n,
});
const kinds = ['residents', 'knowledge', 'network', 'own-value'].map((id) => ({ id, category: 'c', icon: 'i', label: { da: id, en: id }, description: { da: id, en: id } }));

describe('compareBoards', () => {
  // last year: the municipality had residents + knowledge; the school had network
  const earlier = {
    parties: [party('e1', 'Kommunen'), party('e2', 'Skolen'), party('e3', 'Klubben')],
    pieces: [piece('e1', 'residents'), piece('e1', 'knowledge'), piece('e2', 'network'), piece('e1', 'own-value', 'Tryghed')],
  };
  // this year: parties have new ids and some new names; matching is by name, case-insensitively
  const current = {
    kinds,
    parties: [party('c1', 'kommunen '), party('c2', 'Skolen'), party('c3', 'Biblioteket')],
    pieces: [piece('c1', 'residents'), piece('c1', 'network', '', 'c2'), piece('c1', 'own-value', 'tryghed'), piece('c3', 'knowledge')],
  };
  const result = compareBoards(earlier, current);
  const of = (name: string) => result.find((r) => r.name === name)!;

  it.each([
    ['kommunen ', { residents: 'remains', network: 'new', 'own-value:tryghed': 'remains', knowledge: 'gone' }],
    ['Skolen', { network: 'gone' }],
    ['Biblioteket', { knowledge: 'new' }],
  ])('%s: values new, remaining and gone', (name, expected) => {
    const values = Object.fromEntries(of(name).values.map((v) => [v.key, v.change]));
    expect(values).toEqual(expected);
  });

  it('matches parties by name and says when a party is new', () => {
    expect(of('kommunen ').earlierPartyId).toBe('e1');
    expect(of('Biblioteket').earlierPartyId).toBe('');
    expect(result.map((r) => r.partyId)).toEqual(['c1', 'c2', 'c3']);
  });

  it('counts each kind of change and orders values as the deck does', () => {
    expect(of('kommunen ').counts).toEqual({ new: 1, remains: 2, gone: 1 });
    expect(of('kommunen ').values.map((v) => v.kindId)).toEqual(['residents', 'knowledge', 'network', 'own-value']);
  });

  it('treats an empty earlier board as all new, and an empty current board as all gone', () => {
    expect(compareBoards({ parties: [], pieces: [] }, current).flatMap((r) => r.values.map((v) => v.change))).toEqual(['new', 'new', 'new', 'new']);
    const emptied = compareBoards(earlier, { ...current, pieces: [] });
    expect(emptied.find((r) => r.name === 'Skolen')!.values.map((v) => v.change)).toEqual(['gone']);
  });
});
