import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ValueDeck } from '../../shared/deck.ts';
import { createWorkshopState } from '../../shared/setup.ts';
import { apply } from '../../shared/rules.ts';
import { areaSlotPoint } from '../../shared/geometry.ts';
import type { PlacedPiece, Party, Member, WorkshopState } from '../../shared/types.ts';
import { WorkshopSchema, type PieceSchema, type PartySchema, type MemberSchema } from '../../server/rooms/schema/WorkshopSchema.ts';
import { mirrorState } from '../../server/rooms/mirror.ts';

// Compile-time half of the check: every plain field exists on the schema with the same type.
type Covers<S, P> = { [K in keyof P]-?: K extends keyof S ? (S[K] extends P[K] ? true : false) : false }[keyof P];
const pieceFields: Covers<PieceSchema, PlacedPiece> = true;
const partyFields: Covers<PartySchema, Party> = true;
const memberFields: Covers<MemberSchema, Member> = true;

const deck = ValueDeck.parse(JSON.parse(readFileSync(new URL('../../assets/decks/default.json', import.meta.url), 'utf8')));

function sampleState(): WorkshopState {
  let n = 0;
  const newId = () => `id${++n}`;
  let state = createWorkshopState(
    { title: 'Lektiecaféen', focus: 'Hvad skaber caféen?', parties: [{ name: 'Boligsocial helhedsplan' }, { name: 'Kommunen' }, { name: 'Skolen', color: '#aa3377' }] },
    deck,
    { id: 'w1', code: 'ACDEFG', newId, now: 1_700_000_000_000 },
  );
  const facilitator = { memberId: 'm0', role: 'facilitator' as const, partyId: '' };
  state = { ...state, members: [{ id: 'm0', name: 'Tovholder', role: 'facilitator', partyId: '', connected: true, language: 'da' }] };
  for (const [i, kindId] of ['residents', 'knowledge', 'own-value'].entries()) {
    const p = areaSlotPoint(3, i, i);
    const result = apply(state, { type: 'place', v: 1, aid: `a${i}`, kindId, x: p.x + 0.25, y: p.y, label: kindId === 'own-value' ? 'Tryghed' : undefined, note: 'Konkret: æøå' }, facilitator, { now: 1_700_000_000_100 + i, newId });
    if (!result.ok) throw new Error(result.code);
    state = result.state;
  }
  return state;
}

/** The plain state as the schema's toJSON shows it: maps keyed by id, optional texts as ''. */
function expectedJson(state: WorkshopState) {
  const text = (t: { da: string; en: string; nb?: string; sv?: string }) => ({ da: t.da, en: t.en, nb: t.nb ?? '', sv: t.sv ?? '' });
  const counts = (id: string) => state.pieces.filter((p) => p.placedByPartyId === id).length;
  return {
    ...state,
    parties: state.parties.map((p) => ({ ...p, pieceCount: counts(p.id) })),
    categories: state.categories.map((c) => ({ ...c, label: text(c.label) })),
    kinds: state.kinds.map((k) => ({ ...k, blank: k.blank === true, label: text(k.label), description: text(k.description) })),
    members: Object.fromEntries(state.members.map((m) => [m.id, m])),
    pieces: Object.fromEntries(state.pieces.map((p) => [p.id, p])),
  };
}

describe('the Colyseus schema mirrors the plain state', () => {
  it('covers every plain field with a matching type', () => {
    expect([pieceFields, partyFields, memberFields]).toEqual([true, true, true]);
  });

  it('reads back exactly as the plain state after mirroring', () => {
    const state = sampleState();
    const schema = new WorkshopSchema();
    const added: string[] = [];
    mirrorState(state, schema, { pieceAdded: (p) => added.push(p.id), pieceRemoved: () => undefined });
    expect(schema.toJSON()).toEqual(expectedJson(state));
    expect(added).toEqual(state.pieces.map((p) => p.id));
  });

  it('follows changes and removals and reports removed pieces', () => {
    const state = sampleState();
    const schema = new WorkshopSchema();
    mirrorState(state, schema, { pieceAdded: () => undefined, pieceRemoved: () => undefined });
    const [first, ...rest] = state.pieces;
    const next: WorkshopState = { ...state, title: 'Ny titel', pieces: rest.map((p) => ({ ...p, note: 'ændret' })), parties: state.parties.slice(0, 2) };
    const removed: string[] = [];
    mirrorState(next, schema, { pieceAdded: () => undefined, pieceRemoved: (p) => removed.push(p.id) });
    expect(removed).toEqual([first!.id]);
    expect(schema.toJSON()).toEqual(expectedJson(next));
  });
});
