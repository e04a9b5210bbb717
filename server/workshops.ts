/** Creating and finding workshops: the one place that turns a setup into a stored workshop. */
import { createWorkshopState, type WorkshopSetup } from '../shared/setup.ts';
import { isJoinCode, normalizeJoinCode } from '../shared/joinCode.ts';
import type { ValueDeck } from '../shared/deck.ts';
import type { WorkshopState } from '../shared/types.ts';
import { stateFromWorkshopFile, type WorkshopFile } from '../shared/workshopFile.ts';
import { PIECE_LIMITS, WORKSHOP_CAPS } from '../shared/limits.ts';
import { sentStateChars } from '../shared/moves/index.ts';
import type { WorkshopStore, StoredWorkshop } from './storage/WorkshopStore.ts';
import { hashKey, newFacilitatorKey, newId, newJoinCode } from './secrets.ts';

/**
 * What in `state` is past a cap a workshop in play could never pass (PIECE_LIMITS, WORKSHOP_CAPS),
 * or undefined: an imported file must not make a workshop larger than playing one could.
 */
export function pastCaps(state: WorkshopState): string | undefined {
  if (state.pieces.length > PIECE_LIMITS.perBoard) return `pieces: ${state.pieces.length} > ${PIECE_LIMITS.perBoard}`;
  for (const party of state.parties) {
    const placed = state.pieces.filter((p) => p.placedByPartyId === party.id).length;
    if (placed > PIECE_LIMITS.perParty) return `pieces of ${party.shortName}: ${placed} > ${PIECE_LIMITS.perParty}`;
  }
  const custom = state.kinds.filter((k) => k.id.startsWith('custom-')).length;
  if (custom > WORKSHOP_CAPS.customKinds) return `custom kinds: ${custom} > ${WORKSHOP_CAPS.customKinds}`;
  if (state.members.length > WORKSHOP_CAPS.members) return `members: ${state.members.length} > ${WORKSHOP_CAPS.members}`;
  const chars = sentStateChars(state);
  if (chars > WORKSHOP_CAPS.stateChars) return `size: ${chars} > ${WORKSHOP_CAPS.stateChars} characters`;
  return undefined;
}

/** What a facilitator gets back when a workshop is created (the key is shown once and never stored). */
export interface CreatedWorkshop {
  stored: StoredWorkshop;
  facilitatorKey: string;
}

/** Workshop creation and look-up on top of a store. */
export class Workshops {
  readonly store: WorkshopStore;
  readonly decks: Map<string, ValueDeck>;

  constructor(store: WorkshopStore, decks: Map<string, ValueDeck>) {
    this.store = store;
    this.decks = decks;
  }

  /** Create and store a workshop from a validated setup. */
  async create(setup: WorkshopSetup, now = Date.now()): Promise<CreatedWorkshop> {
    const deck = this.decks.get(setup.deck ?? 'default');
    if (!deck) throw new Error(`unknown deck ${setup.deck}`);
    const code = await this.freeCode();
    const facilitatorKey = newFacilitatorKey();
    const state = createWorkshopState(setup, deck, { id: newId(), code, newId, now });
    const stored: StoredWorkshop = { state, facilitatorKeyHash: hashKey(facilitatorKey), updatedAt: now };
    await this.store.create(stored);
    return { stored, facilitatorKey };
  }

  /**
   * A new workshop from an imported file: 'copy' continues the board (pieces, votes, agreement),
   * 'template' reuses setup, parties and deck on an empty board. Either way it gets a new id,
   * code and key, and nobody from the old one is a member.
   */
  async importFile(file: WorkshopFile, as: 'copy' | 'template', now = Date.now()): Promise<CreatedWorkshop> {
    const old = stateFromWorkshopFile(file);
    const code = await this.freeCode();
    const facilitatorKey = newFacilitatorKey();
    const state: WorkshopState = {
      ...old,
      id: newId(),
      code,
      open: true,
      createdAt: now,
      members: [],
      pieces: as === 'copy' ? old.pieces.map((p) => ({ ...p, placedByMemberId: '' })) : [],
      votes: [],
      phase: as === 'copy' ? old.phase : 'lobby',
      locked: as === 'copy' ? old.locked : false,
      agreement: as === 'copy' ? old.agreement : { sharedValues: [], openQuestions: [], nextSteps: [] },
      history: [],
    };
    const stored: StoredWorkshop = { state, facilitatorKeyHash: hashKey(facilitatorKey), updatedAt: now };
    await this.store.create(stored);
    return { stored, facilitatorKey };
  }

  private async freeCode(): Promise<string> {
    let code = newJoinCode();
    // a clash is rare (25^8 codes for new workshops); try a few before giving up
    for (let tries = 0; (await this.store.idForCode(code)) !== undefined; tries++) {
      if (tries > 20) throw new Error('could not find a free join code');
      code = newJoinCode();
    }
    return code;
  }

  /** The workshop a person's typed code points to, or undefined. */
  async byCode(input: string): Promise<StoredWorkshop | undefined> {
    const code = normalizeJoinCode(input);
    if (!isJoinCode(code)) return undefined;
    const id = await this.store.idForCode(code);
    return id === undefined ? undefined : this.store.get(id);
  }
}
