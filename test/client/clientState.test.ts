/**
 * The client's state is what the server sends, read without a cast: a state mirrored into the
 * room's schema, sent as its JSON and turned back by toClientState is the plain state again —
 * with each party's piece count, without the server-only history and seats — and choices the
 * schema carries as plain strings (phase, role, language, spotlight) come back as their types.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValueDeck, localized } from '../../shared/deck.ts';
import { createWorkshopState } from '../../shared/setup.ts';
import { apply } from '../../shared/rules.ts';
import { areaSlotPoint } from '../../shared/geometry.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';
import type { WorkshopState } from '../../shared/types.ts';
import { WorkshopSchema } from '../../server/rooms/schema/WorkshopSchema.ts';
import { mirrorState, type MirrorHooks } from '../../server/rooms/mirror.ts';
import { toClientState, type SentState } from '../../client/net/WorkshopConnection.ts';

const noHooks: MirrorHooks = { pieceAdded: () => undefined, pieceRemoved: () => undefined, voteAdded: () => undefined, voteRemoved: () => undefined };
const deck = ValueDeck.parse(JSON.parse(readFileSync(new URL('../../assets/decks/default.json', import.meta.url), 'utf8')));

function sampleState(): WorkshopState {
  let n = 0;
  const newId = () => `id${++n}`;
  let state = createWorkshopState({ title: 'Lektiecaféen', focus: 'Hvad skaber caféen?', parties: [{ name: 'Boligsocial helhedsplan' }, { name: 'Kommunen' }, { name: 'Skolen' }] }, deck, { id: 'w1', code: 'ACDEFG', newId, now: 1_700_000_000_000 });
  const facilitator = { memberId: 'm0', role: 'facilitator' as const, partyId: '' };
  state = {
    ...state,
    members: [
      { id: 'm0', name: 'Tovholder', role: 'facilitator', partyId: '', connected: true, language: 'da' },
      { id: 'm1', name: 'Anna', role: 'participant', partyId: state.parties[1]!.id, connected: false, language: 'en' },
    ],
  };
  for (const [i, kindId] of ['residents', 'knowledge', 'own-value'].entries()) {
    const p = areaSlotPoint(3, i, i);
    const result = apply(state, { type: 'place', v: PROTOCOL_VERSION, aid: `a${i}`, kindId, areaPartyId: state.parties[i]!.id, near: p, label: kindId === 'own-value' ? 'Tryghed' : undefined, forPartyId: state.parties[i % 2]!.id }, facilitator, { now: 1_700_000_000_300 - i, newId });
    if (!result.ok) throw new Error(result.code);
    state = result.state;
  }
  return {
    ...state,
    phase: 'dialogue',
    votes: [{ id: 'v1', memberId: 'm1', pieceId: state.pieces[0]!.id }],
    voting: { open: true, dots: 3, shown: false },
    agreement: { sharedValues: [{ id: 'a1', text: 'Trivsel' }], openQuestions: [{ id: 'a3', text: 'Hvem betaler?' }], nextSteps: [{ id: 'a2', text: 'Møde i marts', ownerPartyId: state.parties[0]!.id }] },
    spotlight: { kind: 'piece', id: state.pieces[1]!.id },
    timer: { durationMs: 600_000, endsAt: 1_700_000_600_000, remainingMs: 600_000, running: true },
  };
}

/** What the room sends for `state`: its schema's JSON. */
function sent(state: WorkshopState): SentState {
  const schema = new WorkshopSchema();
  mirrorState(state, schema, noHooks);
  return schema.toJSON();
}

describe('toClientState', () => {
  it('gives back the plain state the room mirrored, with piece counts and without server-only parts', () => {
    const state = sampleState();
    const client = toClientState(sent(state));
    const count = (partyId: string) => state.pieces.filter((p) => p.placedByPartyId === partyId).length;
    expect(client).toEqual({
      ...state,
      parties: state.parties.map((p) => ({ ...p, pieceCount: count(p.id) })),
      kinds: state.kinds.map((k) => ({ ...k, blank: k.blank === true })),
      // oldest first, however the map happens to be ordered
      pieces: [...state.pieces].sort((a, b) => a.placedAt - b.placedAt),
      history: [],
      seats: [],
    });
    expect(client.parties.map((p) => p.pieceCount)).toEqual([2, 1, 0]);
  });

  it('drops the empty text the schema stands in for a missing translation, so the Danish shows instead', () => {
    const state = sampleState();
    const kind = { ...state.kinds[0]!, label: { da: 'Beboerne', en: 'Residents' } };
    const client = toClientState(sent({ ...state, kinds: [kind, ...state.kinds.slice(1)] }));
    expect(client.kinds[0]!.label).toEqual({ da: 'Beboerne', en: 'Residents' });
    expect(localized(client.kinds[0]!.label, 'nb')).toBe('Beboerne');
  });

  it('reads a state in which this client may see no piece and no vote yet (the server then leaves them out)', () => {
    const { pieces: _pieces, votes: _votes, ...json } = sent(sampleState());
    const client = toClientState(json);
    expect([client.pieces, client.votes]).toEqual([[], []]);
  });

  it('never lets an unknown choice through as if it were one', () => {
    const json = sent(sampleState());
    const odd: SentState = { ...json, phase: 'intermission', language: 'xx', spotlight: { kind: 'everything', id: '' }, members: { m9: { id: 'm9', name: 'X', role: 'admin', partyId: '', connected: true, language: 'fr' } } };
    const client = toClientState(odd);
    expect([client.phase, client.language, client.spotlight.kind]).toEqual(['lobby', 'da', 'none']);
    expect(client.members).toEqual([{ id: 'm9', name: 'X', role: 'screen', partyId: '', connected: true, language: 'da' }]);
  });
});
