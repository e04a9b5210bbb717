/**
 * Comparing a board with an earlier one (the follow-up dialogue a year later): per party,
 * which values are new, which remain and which are gone. Parties are matched by name
 * (case-insensitively), values by kind and, for blank kinds, by name — ids differ between
 * workshops, what people called things does not.
 */
import { valueKey } from './reveal.ts';
import type { PlacedPiece, WorkshopState } from './types.ts';

/** How one value of a party changed between the boards. */
export type Change = 'new' | 'remains' | 'gone';

/** One value in the comparison. */
export interface ComparedValue {
  key: string;
  kindId: string;
  label: string;
  change: Change;
}

/** One party's side of the comparison (matched by name; `earlierPartyId` is '' when the party is new). */
export interface PartyChange {
  partyId: string;
  earlierPartyId: string;
  name: string;
  values: ComparedValue[];
  counts: Record<Change, number>;
}

const norm = (name: string) => name.trim().toLowerCase();

function valuesIn(state: Pick<WorkshopState, 'pieces'>, partyId: string): Map<string, PlacedPiece> {
  const values = new Map<string, PlacedPiece>();
  for (const piece of state.pieces) if (piece.areaPartyId === partyId && !values.has(valueKey(piece))) values.set(valueKey(piece), piece);
  return values;
}

/** Compare `current` with `earlier`, party by party (the current board's parties, in its order). */
export function compareBoards(earlier: Pick<WorkshopState, 'parties' | 'pieces'>, current: Pick<WorkshopState, 'parties' | 'pieces' | 'kinds'>): PartyChange[] {
  const order = new Map(current.kinds.map((k, i) => [k.id, i]));
  return current.parties.map((party) => {
    const before = earlier.parties.find((p) => norm(p.name) === norm(party.name));
    const now = valuesIn(current, party.id);
    const then = before ? valuesIn(earlier, before.id) : new Map<string, PlacedPiece>();
    const values: ComparedValue[] = [];
    for (const [key, piece] of now) values.push({ key, kindId: piece.kindId, label: piece.label, change: then.has(key) ? 'remains' : 'new' });
    for (const [key, piece] of then) if (!now.has(key)) values.push({ key, kindId: piece.kindId, label: piece.label, change: 'gone' });
    values.sort((a, b) => (order.get(a.kindId) ?? 999) - (order.get(b.kindId) ?? 999) || a.label.localeCompare(b.label));
    const counts = { new: 0, remains: 0, gone: 0 };
    for (const v of values) counts[v.change]++;
    return { partyId: party.id, earlierPartyId: before?.id ?? '', name: party.name, values, counts };
  });
}
