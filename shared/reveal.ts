/**
 * What the reveal shows: for each party, its own view (pieces it placed in its own area)
 * against its partners' view (pieces others placed in its area), and the balance of value
 * across parties. Pure functions over the plain state, shared by the board, the shared
 * screen and the exports.
 */
import type { PlacedPiece, WorkshopState } from './types.ts';

/** How one value kind stands for a party after the reveal. */
export type Perception = 'shared' | 'blind-spot' | 'unseen';

/** One value kind (a blank kind counts once per distinct name) in a party's area. */
export interface PerceivedValue {
  /** kindId, or kindId + ':' + the lower-cased name for blank "own value" pieces. */
  key: string;
  kindId: string;
  label: string;
  perception: Perception;
  /** The party's own piece, if it placed one. */
  own: PlacedPiece | undefined;
  /** Pieces partners placed for this value in the party's area. */
  partners: PlacedPiece[];
}

/** A party's side of the reveal. */
export interface PartyComparison {
  partyId: string;
  values: PerceivedValue[];
  shared: number;
  blindSpots: number;
  unseen: number;
}

/** The key under which pieces count as "the same value". */
export function valueKey(piece: Pick<PlacedPiece, 'kindId' | 'label'>): string {
  return piece.label ? `${piece.kindId}:${piece.label.trim().toLowerCase()}` : piece.kindId;
}

/** Compare own view and partners' view for one party. Values are ordered as the deck orders kinds. */
export function compareParty(state: Pick<WorkshopState, 'pieces' | 'kinds'>, partyId: string): PartyComparison {
  const inArea = state.pieces.filter((p) => p.areaPartyId === partyId);
  const byKey = new Map<string, { own?: PlacedPiece; partners: PlacedPiece[] }>();
  for (const piece of inArea) {
    const key = valueKey(piece);
    const entry = byKey.get(key) ?? { partners: [] };
    if (piece.placedByPartyId === partyId) entry.own ??= piece;
    else entry.partners.push(piece);
    byKey.set(key, entry);
  }
  const order = new Map(state.kinds.map((k, i) => [k.id, i]));
  const values: PerceivedValue[] = [...byKey.entries()].map(([key, { own, partners }]) => {
    const any = own ?? partners[0]!;
    const perception: Perception = own && partners.length > 0 ? 'shared' : own ? 'unseen' : 'blind-spot';
    return { key, kindId: any.kindId, label: any.label, perception, own, partners };
  });
  values.sort((a, b) => (order.get(a.kindId) ?? 999) - (order.get(b.kindId) ?? 999) || a.label.localeCompare(b.label));
  return {
    partyId,
    values,
    shared: values.filter((v) => v.perception === 'shared').length,
    blindSpots: values.filter((v) => v.perception === 'blind-spot').length,
    unseen: values.filter((v) => v.perception === 'unseen').length,
  };
}

/** How much value one party received. */
export interface PartyBalance {
  partyId: string;
  /** Pieces in the party's area (its own and its partners'). */
  pieces: number;
  ownPieces: number;
  partnerPieces: number;
  /** Sum of the importance of the pieces in its area. */
  importance: number;
  /** True when the party received clearly less than the others: the question "is this meaningful for all?". */
  low: boolean;
}

/** A party is flagged when it has no pieces, or under half of the average. */
const LOW_SHARE = 0.5;

/** The balance overview: per party, what it received, and who received too little. */
export function balance(state: Pick<WorkshopState, 'pieces' | 'parties'>): PartyBalance[] {
  const rows = state.parties.map((party) => {
    const inArea = state.pieces.filter((p) => p.areaPartyId === party.id);
    const own = inArea.filter((p) => p.placedByPartyId === party.id).length;
    return {
      partyId: party.id,
      pieces: inArea.length,
      ownPieces: own,
      partnerPieces: inArea.length - own,
      importance: inArea.reduce((sum, p) => sum + p.importance, 0),
      low: false,
    };
  });
  const total = rows.reduce((sum, r) => sum + r.importance, 0);
  const average = rows.length ? total / rows.length : 0;
  for (const row of rows) row.low = row.pieces === 0 || (total > 0 && row.importance < average * LOW_SHARE);
  return rows;
}
