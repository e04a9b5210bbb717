import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ValueDeck } from '../../shared/deck.ts';
import { createWorkshopState } from '../../shared/setup.ts';
import { apply } from '../../shared/rules.ts';
import { areaSlotPoint } from '../../shared/geometry.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { PlacedPiece, Party, Member, Vote, WorkshopState } from '../../shared/types.ts';
import { WorkshopSchema, type PieceSchema, type PartySchema, type MemberSchema, type VoteSchema } from '../../server/rooms/schema/WorkshopSchema.ts';
import { mirrorState, type MirrorHooks } from '../../server/rooms/mirror.ts';

const noHooks: MirrorHooks = { pieceAdded: () => undefined, pieceRemoved: () => undefined, voteAdded: () => undefined, voteRemoved: () => undefined };

// Compile-time half of the check: every plain field exists on the schema with the same type.
type Covers<S, P> = { [K in keyof P]-?: K extends keyof S ? (S[K] extends P[K] ? true : false) : false }[keyof P];
const pieceFields: Covers<PieceSchema, PlacedPiece> = true;
const partyFields: Covers<PartySchema, Party> = true;
const memberFields: Covers<MemberSchema, Member> = true;
const voteFields: Covers<VoteSchema, Vote> = true;

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
    const result = apply(state, { type: 'place', v: PROTOCOL_VERSION, aid: `a${i}`, kindId, areaPartyId: state.parties[i]!.id, near: { x: p.x + 0.25, y: p.y }, label: kindId === 'own-value' ? 'Tryghed' : undefined, note: 'Konkret: æøå' }, facilitator, { now: 1_700_000_000_100 + i, newId });
    if (!result.ok) throw new Error(result.code);
    state = result.state;
  }
  return {
    ...state,
    votes: [{ id: 'v1', memberId: 'm0', pieceId: state.pieces[0]!.id }],
    voting: { open: true, dots: 3, shown: false },
    agreement: { sharedValues: [{ id: 'a1', text: 'Trivsel' }], openQuestions: [], nextSteps: [{ id: 'a2', text: 'Møde i marts', ownerPartyId: state.parties[0]!.id }] },
    spotlight: { kind: 'party', id: state.parties[1]!.id },
    timer: { durationMs: 600_000, endsAt: 1_700_000_600_000, remainingMs: 600_000, running: true },
    locked: true,
  };
}

/** The plain state as the schema's toJSON shows it: maps keyed by id, optional texts as ''. */
function expectedJson(state: WorkshopState) {
  const text = (t: { da: string; en: string; nb?: string; sv?: string }) => ({ da: t.da, en: t.en, nb: t.nb ?? '', sv: t.sv ?? '' });
  const counts = (id: string) => state.pieces.filter((p) => p.placedByPartyId === id).length;
  const { history: _history, seats: _seats, ...shown } = state;
  const item = (i: { id: string; text: string; ownerPartyId?: string }) => ({ id: i.id, text: i.text, ownerPartyId: i.ownerPartyId ?? '' });
  return {
    ...shown,
    agreement: { sharedValues: state.agreement.sharedValues.map(item), openQuestions: state.agreement.openQuestions.map(item), nextSteps: state.agreement.nextSteps.map(item) },
    votes: Object.fromEntries(state.votes.map((v) => [v.id, v])),
    parties: state.parties.map((p) => ({ ...p, pieceCount: counts(p.id) })),
    categories: state.categories.map((c) => ({ ...c, label: text(c.label) })),
    kinds: state.kinds.map((k) => ({ ...k, blank: k.blank === true, label: text(k.label), description: text(k.description) })),
    members: Object.fromEntries(state.members.map((m) => [m.id, m])),
    pieces: Object.fromEntries(state.pieces.map((p) => [p.id, p])),
  };
}

describe('the Colyseus schema mirrors the plain state', () => {
  it('covers every plain field with a matching type', () => {
    expect([pieceFields, partyFields, memberFields, voteFields]).toEqual([true, true, true, true]);
  });

  it('reads back exactly as the plain state after mirroring', () => {
    const state = sampleState();
    const schema = new WorkshopSchema();
    const added: string[] = [];
    mirrorState(state, schema, { ...noHooks, pieceAdded: (p) => added.push(p.id) });
    expect(schema.toJSON()).toEqual(expectedJson(state));
    expect(added).toEqual(state.pieces.map((p) => p.id));
  });

  it('follows changes and removals and reports removed pieces', () => {
    const state = sampleState();
    const schema = new WorkshopSchema();
    mirrorState(state, schema, noHooks);
    const [first, ...rest] = state.pieces;
    const next: WorkshopState = { ...state, title: 'Ny titel', pieces: rest.map((p) => ({ ...p, note: 'ændret' })), parties: state.parties.slice(0, 2) };
    const removed: string[] = [];
    mirrorState(next, schema, { ...noHooks, pieceRemoved: (p) => removed.push(p.id) });
    expect(removed).toEqual([first!.id]);
    expect(schema.toJSON()).toEqual(expectedJson(next));
  });
});
