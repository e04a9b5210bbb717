/**
 * Copies the plain WorkshopState into its Colyseus schema, touching only what changed so
 * that patches stay small. The plain state is the truth; the schema is its projection.
 */
import type { LocalizedText } from '../../shared/deck.ts';
import type { WorkshopState } from '../../shared/types.ts';
import {
  CategorySchema,
  KindSchema,
  LocalizedTextSchema,
  MemberSchema,
  PartySchema,
  PieceSchema,
  VoteSchema,
  AgreementItemSchema,
  type WorkshopSchema,
} from './schema/WorkshopSchema.ts';

type Scalar = string | number | boolean;

/** Assign each scalar field of `source` to `target` where it differs. */
function assignScalars<T extends object>(target: T, source: { [K in keyof T]?: unknown }, keys: readonly (keyof T & string)[]): void {
  for (const key of keys) {
    const value = source[key] as Scalar | undefined;
    if (value !== undefined && (target as Record<string, unknown>)[key] !== value) (target as Record<string, unknown>)[key] = value;
  }
}

function syncText(target: LocalizedTextSchema, text: LocalizedText): void {
  assignScalars(target, { da: text.da, en: text.en, nb: text.nb ?? '', sv: text.sv ?? '' }, ['da', 'en', 'nb', 'sv']);
}

/** Hooks the room uses to keep each client's view of pieces in step with what it may see. */
export interface MirrorHooks {
  pieceAdded(piece: PieceSchema): void;
  pieceRemoved(piece: PieceSchema): void;
  voteAdded(vote: VoteSchema): void;
  voteRemoved(vote: VoteSchema): void;
}

/** Bring `target` in line with `state`. */
export function mirrorState(state: WorkshopState, target: WorkshopSchema, hooks: MirrorHooks): void {
  assignScalars(target, state, ['id', 'code', 'title', 'focus', 'collaboration', 'language', 'deckId', 'phase', 'open', 'approveJoins', 'createdAt', 'partnerView', 'maxParticipants', 'locked', 'retentionMonths']);
  if (target.waiting.join() !== state.waiting.join()) {
    target.waiting.clear();
    target.waiting.push(...state.waiting);
  }
  assignScalars(target.spotlight, state.spotlight, ['kind', 'id']);
  assignScalars(target.voting, state.voting, ['open', 'dots', 'shown']);
  assignScalars(target.timer, state.timer, ['durationMs', 'endsAt', 'remainingMs', 'running']);
  for (const list of ['sharedValues', 'openQuestions', 'nextSteps'] as const) {
    const rows = target.agreement[list];
    const items = state.agreement[list] as { id: string; text: string; ownerPartyId?: string }[];
    items.forEach((item, i) => {
      let row = rows[i];
      if (!row) {
        row = new AgreementItemSchema();
        rows.push(row);
      }
      assignScalars(row, { id: item.id, text: item.text, ownerPartyId: item.ownerPartyId ?? '' }, ['id', 'text', 'ownerPartyId']);
    });
    while (rows.length > items.length) rows.pop();
  }

  const counts = new Map<string, number>();
  for (const piece of state.pieces) counts.set(piece.placedByPartyId, (counts.get(piece.placedByPartyId) ?? 0) + 1);
  state.parties.forEach((party, i) => {
    let row = target.parties[i];
    if (!row) {
      row = new PartySchema();
      target.parties.push(row);
    }
    assignScalars(row, { ...party, pieceCount: counts.get(party.id) ?? 0 }, ['id', 'name', 'shortName', 'color', 'pieceCount']);
  });
  while (target.parties.length > state.parties.length) target.parties.pop();

  // the deck changes rarely (custom kinds come later): rebuild only when its ids differ
  if (target.categories.map((c) => c.id).join() !== state.categories.map((c) => c.id).join()) {
    target.categories.clear();
    for (const category of state.categories) {
      const row = new CategorySchema();
      assignScalars(row, category, ['id', 'color']);
      syncText(row.label, category.label);
      target.categories.push(row);
    }
  }
  if (target.kinds.map((k) => k.id).join() !== state.kinds.map((k) => k.id).join()) {
    target.kinds.clear();
    for (const kind of state.kinds) {
      const row = new KindSchema();
      assignScalars(row, { ...kind, blank: kind.blank === true }, ['id', 'category', 'icon', 'blank']);
      syncText(row.label, kind.label);
      syncText(row.description, kind.description);
      target.kinds.push(row);
    }
  }

  const memberIds = new Set<string>();
  for (const member of state.members) {
    memberIds.add(member.id);
    let row = target.members.get(member.id);
    if (!row) {
      row = new MemberSchema();
      target.members.set(member.id, row);
    }
    assignScalars(row, member, ['id', 'name', 'role', 'partyId', 'connected', 'language']);
  }
  for (const id of [...target.members.keys()]) if (!memberIds.has(id)) target.members.delete(id);

  const pieceIds = new Set<string>();
  for (const piece of state.pieces) {
    pieceIds.add(piece.id);
    let row = target.pieces.get(piece.id);
    const added = !row;
    if (!row) row = new PieceSchema();
    assignScalars(row, piece, [
      'id', 'kindId', 'label', 'areaPartyId', 'placedByPartyId', 'placedByMemberId', 'byFacilitator', 'x', 'y', 'scale', 'note', 'importance', 'heldBy', 'placedAt',
    ]);
    if (added) {
      target.pieces.set(piece.id, row);
      hooks.pieceAdded(row);
    }
  }
  for (const [id, row] of [...target.pieces.entries()]) {
    if (!pieceIds.has(id)) {
      hooks.pieceRemoved(row);
      target.pieces.delete(id);
    }
  }

  const voteIds = new Set<string>();
  for (const vote of state.votes) {
    voteIds.add(vote.id);
    if (target.votes.has(vote.id)) continue;
    const row = new VoteSchema();
    assignScalars(row, vote, ['id', 'memberId', 'pieceId']);
    target.votes.set(vote.id, row);
    hooks.voteAdded(row);
  }
  for (const [id, row] of [...target.votes.entries()]) {
    if (!voteIds.has(id)) {
      hooks.voteRemoved(row);
      target.votes.delete(id);
    }
  }
}
