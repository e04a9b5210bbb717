/** Shared test fixtures: the default deck, a deterministic rule context, workshops, actors and actions. */
import { readFileSync } from 'node:fs';
import { ValueDeck } from '../../shared/deck.ts';
import { WorkshopSetup, createWorkshopState } from '../../shared/setup.ts';
import { areaSlotPoint, type Point } from '../../shared/geometry.ts';
import type { Action, RuleContext } from '../../shared/rules.ts';
import type { Actor, WorkshopState } from '../../shared/types.ts';

/** The built-in default deck, parsed the way the server parses it. */
export const DEFAULT_DECK: ValueDeck = ValueDeck.parse(
  JSON.parse(readFileSync(new URL('../../assets/decks/default.json', import.meta.url), 'utf8')),
);

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
  const setup = WorkshopSetup.parse({ title: 'Lektiecaféen', parties: partyNames.map((name) => ({ name })) });
  return createWorkshopState(setup, DEFAULT_DECK, { id: 'ws-1', code: 'ACDEFG', newId: () => `party-${++n}`, now: NOW });
}

/** A participant of `partyId`. */
export const participant = (memberId: string, partyId: string): Actor => ({ memberId, role: 'participant', partyId });
/** The facilitator. */
export const FACILITATOR: Actor = { memberId: 'fac', role: 'facilitator', partyId: '' };
/** The shared screen. */
export const SCREEN: Actor = { memberId: 'screen', role: 'screen', partyId: '' };

type ActionOf<T extends Action['type']> = Extract<Action, { type: T }>;
/** The body of an action of type `T` without its envelope (type, v, aid). */
export type ActionBody<T extends Action['type']> = Omit<ActionOf<T>, 'type' | 'v' | 'aid'>;

/** An action of type `T` with a valid envelope. */
export function action<T extends Action['type']>(type: T, body: ActionBody<T>): Action {
  return { type, v: 1, aid: `aid-${type}`, ...body } as unknown as Action;
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
