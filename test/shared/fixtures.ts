/** Shared test fixtures: the decks, a deterministic rule context, workshops, actors, actions and the rule-test helpers. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { ValueDeck } from '../../shared/deck.ts';
import { WorkshopSetup, createWorkshopState } from '../../shared/setup.ts';
import { areaSlotPoint, type Point } from '../../shared/geometry.ts';
import { apply, type Action, type ApplyResult, type RuleContext, type RuleEvent } from '../../shared/rules.ts';
import { PROTOCOL_VERSION, type ClientMessageType, type RejectionCode } from '../../shared/protocol.ts';
import type { Actor, Member, Phase, PlacedPiece, Role, WorkshopState } from '../../shared/types.ts';

const loadDeck = (file: string): ValueDeck =>
  ValueDeck.parse(JSON.parse(readFileSync(new URL(`../../assets/decks/${file}`, import.meta.url), 'utf8')));

/** The built-in default deck, parsed the way the server parses it. */
export const DEFAULT_DECK: ValueDeck = loadDeck('default.json');
/** The second built-in deck: the six collaboration factors. */
export const COLLABORATION_DECK: ValueDeck = loadDeck('collaboration-factors.json');

/** A fixed clock for every test. */
export const NOW = 1_767_225_600_000;

/** A rule context with a fixed clock and ids `id-1`, `id-2`, … in order of issue. */
export function makeCtx(now = NOW): RuleContext {
  let n = 0;
  return { now, newId: () => `id-${++n}` };
}

/** A workshop in phase 'open' with the default deck and one party per name (ids `party-1`, …). */
export function makeWorkshop(partyNames: readonly string[] = ['Kommunen', 'Skolen', 'Klubben']): WorkshopState {
  let n = 0;
  const setup = WorkshopSetup.parse({ mode: 'free', title: 'Lektiecaféen', parties: partyNames.map((name) => ({ name })) });
  return createWorkshopState(setup, DEFAULT_DECK, { id: 'ws-1', code: 'ACDEFG', newId: () => `party-${++n}`, now: NOW });
}

/** A participant of `partyId`. */
export const participant = (memberId: string, partyId: string): Actor => ({ memberId, role: 'participant', partyId });
/** The facilitator. */
export const FACILITATOR: Actor = { memberId: 'fac', role: 'facilitator', partyId: '' };
/** The shared screen. */
export const SCREEN: Actor = { memberId: 'screen', role: 'screen', partyId: '' };

/** The member record of a connected person. */
export const member = (id: string, role: Role, partyId = ''): Member => ({ id, name: id.toUpperCase(), role, partyId, connected: true, language: 'da' });

type ActionOf<T extends Action['type']> = Extract<Action, { type: T }>;
/** The body of an action of type `T` without its envelope (type, v, aid). */
export type ActionBody<T extends Action['type']> = Omit<ActionOf<T>, 'type' | 'v' | 'aid'>;

/** An action of type `T` with a valid envelope. */
export function action<T extends Action['type']>(type: T, body: ActionBody<T>): Action {
  return { type, v: PROTOCOL_VERSION, aid: `aid-${type}`, ...body } as unknown as Action;
}

/** A point well inside area `index` of a board with `count` parties. */
export const inArea = (count: number, index: number, slot = 0): Point => areaSlotPoint(count, index, slot);

/** Freeze `value` and everything reachable from it, so any mutation throws in strict-mode code. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

/**
 * One good payload per client message type. The Record type makes a missing type a compile
 * error; every string is already trimmed, so the parsed message equals the payload.
 */
export const VALID_PAYLOADS: Record<ClientMessageType, Record<string, unknown>> = {
  place: { v: PROTOCOL_VERSION, aid: 'a-1', kindId: 'residents', areaPartyId: 'party-2', near: { x: 500, y: 250 }, label: 'Glæde', note: 'færre udsættelser', importance: 3, forPartyId: 'party-1' },
  grab: { v: PROTOCOL_VERSION, aid: 'a-2', pieceId: 'piece_1' },
  release: { v: PROTOCOL_VERSION, aid: 'a-3', pieceId: 'piece-1' },
  move: { v: PROTOCOL_VERSION, aid: 'a-4', pieceId: 'piece-1', areaPartyId: 'party-3', near: { x: 120.5, y: 880.25 } },
  edit: { v: PROTOCOL_VERSION, aid: 'a-5', pieceId: 'piece-1', note: 'x', importance: 1, label: 'Stolthed' },
  remove: { v: PROTOCOL_VERSION, aid: 'a-6', pieceId: 'piece-1' },
  drag: { v: PROTOCOL_VERSION, x: 10, y: 20, pieceId: 'piece-1' },
  'drag-end': { v: PROTOCOL_VERSION },
  'update-workshop': { v: PROTOCOL_VERSION, aid: 'a-7', title: 'Lektiecaféen', focus: 'Hvad skaber vi?', collaboration: 'Caféen', partnerView: false, maxParticipants: 60 },
  'update-party': { v: PROTOCOL_VERSION, aid: 'a-8', partyId: 'party-1', name: 'Kommunen', shortName: 'KOMMUN', color: '#A1b2C3' },
  'add-party': { v: PROTOCOL_VERSION, aid: 'a-9', name: 'Jobcentret', shortName: 'JC', color: '#123abc' },
  'remove-party': { v: PROTOCOL_VERSION, aid: 'a-10', partyId: 'party-3' },
  'set-phase': { v: PROTOCOL_VERSION, aid: 'a-12', phase: 'own-value' },
  'set-open': { v: PROTOCOL_VERSION, aid: 'a-13', open: false },
  kick: { v: PROTOCOL_VERSION, aid: 'a-14', memberId: 'member-7' },
  'set-approval': { v: PROTOCOL_VERSION, aid: 'a-28', approveJoins: true },
  admit: { v: PROTOCOL_VERSION, aid: 'a-29', memberId: 'member-8' },
  lock: { v: PROTOCOL_VERSION, aid: 'a-15', locked: true },
  spotlight: { v: PROTOCOL_VERSION, aid: 'a-16', kind: 'party', id: 'party-2' },
  voting: { v: PROTOCOL_VERSION, aid: 'a-17', open: true, dots: 5, shown: false },
  vote: { v: PROTOCOL_VERSION, aid: 'a-18', pieceId: 'piece-1' },
  unvote: { v: PROTOCOL_VERSION, aid: 'a-19', pieceId: 'piece-1' },
  timer: { v: PROTOCOL_VERSION, aid: 'a-20', op: 'reset', seconds: 300 },
  'agreement-add': { v: PROTOCOL_VERSION, aid: 'a-21', list: 'nextSteps', text: 'Mødes igen i maj', ownerPartyId: 'party-2' },
  'agreement-update': { v: PROTOCOL_VERSION, aid: 'a-22', list: 'nextSteps', itemId: 'item-1', text: 'Mødes igen i juni', ownerPartyId: 'party-1' },
  'agreement-remove': { v: PROTOCOL_VERSION, aid: 'a-23', list: 'openQuestions', itemId: 'item-2' },
  'add-kind': { v: PROTOCOL_VERSION, aid: 'a-24', label: 'Arbejdsglæde', description: 'Glæde ved arbejdet', category: 'people' },
  undo: { v: PROTOCOL_VERSION, aid: 'a-25' },
  'create-co-key': { v: PROTOCOL_VERSION, aid: 'a-26' },
  'rotate-key': { v: PROTOCOL_VERSION, aid: 'a-27' },
  'set-language': { v: PROTOCOL_VERSION, aid: 'a-11', language: 'en' },
};

// ---- rule-test helpers ---------------------------------------------------------------------------

/** Codes only the protocol layer produces; no rule returns them (a timer without a length is timer-not-set, not bad-message). */
export type ProtocolOnlyCode = 'unknown-message' | 'protocol-version' | 'bad-message';
/** A code the rules (apply, checkDrag) may return. */
export type RuleCode = Exclude<RejectionCode, ProtocolOnlyCode>;

/** Apply, asserting that the input state is neither mutated (it is frozen) nor changed (deep-equal to a clone). */
export function attempt(state: WorkshopState, a: Action, actor: Actor, ctx: RuleContext): ApplyResult {
  deepFreeze(state);
  const before = structuredClone(state);
  const result = apply(state, a, actor, ctx);
  expect(state).toEqual(before);
  return result;
}

/** Apply an action that must be accepted; returns the next state and events. */
export function accept(state: WorkshopState, a: Action, actor: Actor, ctx: RuleContext): { state: WorkshopState; events: RuleEvent[] } {
  const result = attempt(state, a, actor, ctx);
  if (!result.ok) throw new Error(`expected ${a.type} by ${actor.memberId} to be accepted, got ${result.code}`);
  return result;
}

/** Apply an action that must be refused with `code` (and leave the state unchanged). */
export function refuse(state: WorkshopState, a: Action, actor: Actor, ctx: RuleContext, code: RuleCode): void {
  expect(attempt(state, a, actor, ctx)).toEqual({ ok: false, code });
}

/** The outcome of an attempt as 'ok' or the refusal code, for table rows. */
export const outcome = (r: ApplyResult): string => (r.ok ? 'ok' : r.code);

/** The piece `id` of `state`; throws when it is not there. */
export const pieceOf = (state: WorkshopState, id: string): PlacedPiece => {
  const piece = state.pieces.find((p) => p.id === id);
  if (!piece) throw new Error(`no piece ${id}`);
  return piece;
};

/** The id of the piece an accepted place reported. */
export const placedId = (events: RuleEvent[]): string => {
  const e = events[0];
  if (e?.type !== 'piece-placed') throw new Error('expected piece-placed');
  return e.pieceId;
};

/** The state in another phase, nothing else changed (not even the lock: use set-phase for that). */
export const inPhase = (state: WorkshopState, phase: Phase): WorkshopState => ({ ...state, phase });

/**
 * A workshop of three parties (A, B, C) in phase 'open' with four pieces and the members
 * a1, a2 (A), b1 (B), c1 (C), the facilitator and the screen:
 * pA  — A's 'residents' in A's area;          pB — B's 'core-task' in B's area;
 * pHeld — A's 'knowledge' in B's area, held by a1; pOwn — A's blank 'own-value' named "Glæde" in A's area.
 * `empty` is the same workshop before anyone joined or placed anything.
 */
export function world() {
  const ctx = makeCtx();
  const empty = deepFreeze(makeWorkshop());
  const A = empty.parties[0]!;
  const B = empty.parties[1]!;
  const C = empty.parties[2]!;
  const a1 = participant('a1', A.id);
  const a2 = participant('a2', A.id);
  const b1 = participant('b1', B.id);
  const c1 = participant('c1', C.id);
  const at = (index: number, slot = 0) => inArea(3, index, slot);
  /** Where a drop at `at(index, slot)` goes: the area under it, and the point as `near`. */
  const to = (index: number, slot = 0) => ({ areaPartyId: empty.parties[index]!.id, near: at(index, slot) });
  const place = (kindId: string, index: number, slot = 0, extra: { label?: string } = {}) =>
    action('place', { kindId, ...to(index, slot), ...extra });

  let s: WorkshopState = {
    ...empty,
    members: [member('fac', 'facilitator'), member('screen', 'screen'), member('a1', 'participant', A.id), member('a2', 'participant', A.id), member('b1', 'participant', B.id), member('c1', 'participant', C.id)],
  };
  let r = accept(s, place('residents', 0), a1, ctx);
  const pA = placedId(r.events);
  s = r.state;
  r = accept(s, place('core-task', 1), b1, ctx);
  const pB = placedId(r.events);
  s = r.state;
  r = accept(s, place('knowledge', 1, 1), a1, ctx);
  const pHeld = placedId(r.events);
  s = accept(r.state, action('grab', { pieceId: pHeld }), a1, ctx).state;
  r = accept(s, place('own-value', 0, 1, { label: 'Glæde' }), a1, ctx);
  const pOwn = placedId(r.events);
  s = deepFreeze(r.state);
  return { ctx, empty, s, A, B, C, a1, a2, b1, c1, at, to, place, pA, pB, pHeld, pOwn };
}
/** The fixture world of the rule tests. */
export type World = ReturnType<typeof world>;
