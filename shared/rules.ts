/**
 * The board rules as a pure function: apply(state, action, actor, ctx) either accepts an
 * action and returns the next state, or refuses it with a stable code. Nothing here
 * touches the network, the clock or randomness: the caller passes `now` and `newId`.
 */
import { areaIndexAt } from './geometry.ts';
import { PHASE_RULES } from './phases.ts';
import { nextFreeColor, initialsOf } from './palette.ts';
import { MAX_PARTIES } from './geometry.ts';
import type { ClientMessage, RejectionCode } from './protocol.ts';
import type { Actor, HistoryEntry, Party, Phase, PlacedPiece, WorkshopState } from './types.ts';

/** A state-changing action: a parsed client message without its envelope fields. */
export type Action =
  | ({ type: 'place' } & ClientMessage<'place'>)
  | ({ type: 'grab' } & ClientMessage<'grab'>)
  | ({ type: 'release' } & ClientMessage<'release'>)
  | ({ type: 'move' } & ClientMessage<'move'>)
  | ({ type: 'edit' } & ClientMessage<'edit'>)
  | ({ type: 'remove' } & ClientMessage<'remove'>)
  | ({ type: 'update-workshop' } & ClientMessage<'update-workshop'>)
  | ({ type: 'update-party' } & ClientMessage<'update-party'>)
  | ({ type: 'add-party' } & ClientMessage<'add-party'>)
  | ({ type: 'remove-party' } & ClientMessage<'remove-party'>)
  | ({ type: 'set-phase' } & ClientMessage<'set-phase'>)
  | ({ type: 'set-open' } & ClientMessage<'set-open'>)
  | ({ type: 'kick' } & ClientMessage<'kick'>)
  | ({ type: 'lock' } & ClientMessage<'lock'>)
  | ({ type: 'spotlight' } & ClientMessage<'spotlight'>)
  | ({ type: 'voting' } & ClientMessage<'voting'>)
  | ({ type: 'vote' } & ClientMessage<'vote'>)
  | ({ type: 'unvote' } & ClientMessage<'unvote'>)
  | ({ type: 'timer' } & ClientMessage<'timer'>)
  | ({ type: 'agreement-add' } & ClientMessage<'agreement-add'>)
  | ({ type: 'agreement-update' } & ClientMessage<'agreement-update'>)
  | ({ type: 'agreement-remove' } & ClientMessage<'agreement-remove'>)
  | ({ type: 'add-kind' } & ClientMessage<'add-kind'>)
  | ({ type: 'undo' } & ClientMessage<'undo'>);

/** The types of action the rules know. */
export const ACTION_TYPES: ReadonlySet<string> = new Set<Action['type']>([
  'place', 'grab', 'release', 'move', 'edit', 'remove', 'update-workshop', 'update-party', 'add-party', 'remove-party',
  'set-phase', 'set-open', 'kick', 'lock', 'spotlight', 'voting', 'vote', 'unvote', 'timer',
  'agreement-add', 'agreement-update', 'agreement-remove', 'add-kind', 'undo',
]);

/** Actions only the facilitator may take. */
export const FACILITATOR_ACTIONS: ReadonlySet<string> = new Set<Action['type']>([
  'update-workshop', 'update-party', 'add-party', 'remove-party', 'set-phase', 'set-open', 'kick', 'lock', 'spotlight',
  'voting', 'timer', 'agreement-add', 'agreement-update', 'agreement-remove', 'add-kind',
]);

/** How many undoable piece changes a workshop remembers. */
export const HISTORY_LIMIT = 500;

/** What an accepted action changed, for logs and for the answer to its sender. */
export type RuleEvent =
  | { type: 'piece-placed'; pieceId: string }
  | { type: 'piece-grabbed'; pieceId: string }
  | { type: 'piece-released'; pieceId: string }
  | { type: 'piece-moved'; pieceId: string }
  | { type: 'piece-edited'; pieceId: string }
  | { type: 'piece-removed'; pieceId: string }
  | { type: 'workshop-updated' }
  | { type: 'party-updated'; partyId: string }
  | { type: 'party-added'; partyId: string }
  | { type: 'party-removed'; partyId: string }
  | { type: 'phase-changed'; phase: Phase }
  | { type: 'member-kicked'; memberId: string }
  | { type: 'views-changed' }
  | { type: 'changed' };

/** The result of applying an action: the next state, or a refusal with a stable code. */
export type ApplyResult =
  | { ok: true; state: WorkshopState; events: RuleEvent[] }
  | { ok: false; code: RejectionCode };

/** What the rules need from the world: the time and fresh ids. */
export interface RuleContext {
  now: number;
  newId: () => string;
}

const refuse = (code: RejectionCode): ApplyResult => ({ ok: false, code });
const NO_SPOTLIGHT = { kind: 'none', id: '' } as const;

/** The party whose area holds (x, y), or undefined when the point is in the centre or off the board. */
export function partyAt(state: WorkshopState, x: number, y: number): Party | undefined {
  return state.parties[areaIndexAt(state.parties.length, { x, y })];
}

/** Why `actor` may not change pieces of `placedByPartyId` now, or null when they may. */
function mayTouchPieces(state: WorkshopState, actor: Actor, placedByPartyId: string): RejectionCode | null {
  if (actor.role === 'screen') return 'read-only';
  if (actor.role === 'facilitator') return null;
  if (actor.partyId !== placedByPartyId) return 'not-your-party';
  if (state.locked) return 'board-locked';
  if (!PHASE_RULES[state.phase].editing) return 'phase-closed';
  return null;
}

/** Record an undoable piece change by `actor`, keeping the history bounded. */
function remember(state: WorkshopState, actor: Actor, ctx: RuleContext, type: HistoryEntry['type'], pieceId: string, before: PlacedPiece | null, after: PlacedPiece | null, undoneId?: string): HistoryEntry[] {
  const entry: HistoryEntry = { id: ctx.newId(), memberId: actor.memberId, partyId: actor.partyId, type, pieceId, before, after, undone: false };
  const history = undoneId ? state.history.map((h) => (h.id === undoneId ? { ...h, undone: true } : h)) : state.history;
  return [...history, entry].slice(-HISTORY_LIMIT);
}

/** The piece's lasting content, ignoring who holds it right now. */
function samePiece(a: PlacedPiece | null | undefined, b: PlacedPiece | null): boolean {
  if (!a || !b) return !a && !b;
  return JSON.stringify({ ...a, heldBy: '' }) === JSON.stringify({ ...b, heldBy: '' });
}

/** Whether a party's placing rule allows a piece of `placer` in the area of `area` in this phase. */
function placingAllowed(state: WorkshopState, actor: Actor, placerId: string, areaId: string): boolean {
  if (actor.role === 'facilitator') return true;
  const placing = PHASE_RULES[state.phase].placing;
  if (placing === 'any') return true;
  if (placing === 'own') return placerId === areaId;
  if (placing === 'others') return placerId !== areaId;
  return false;
}

function findPiece(state: WorkshopState, pieceId: string): PlacedPiece | undefined {
  return state.pieces.find((p) => p.id === pieceId);
}

function duplicateOf(state: WorkshopState, candidate: Pick<PlacedPiece, 'id' | 'kindId' | 'label' | 'areaPartyId' | 'placedByPartyId'>, blank: boolean): boolean {
  return state.pieces.some(
    (p) =>
      p.id !== candidate.id &&
      p.kindId === candidate.kindId &&
      p.areaPartyId === candidate.areaPartyId &&
      p.placedByPartyId === candidate.placedByPartyId &&
      // several blank "own value" pieces may lie in one area as long as their names differ
      (!blank || p.label.trim().toLowerCase() === candidate.label.trim().toLowerCase()),
  );
}

function withPiece(state: WorkshopState, pieceId: string, change: Partial<PlacedPiece>): WorkshopState {
  return { ...state, pieces: state.pieces.map((p) => (p.id === pieceId ? { ...p, ...change } : p)) };
}

/** Apply one action by `actor` to `state`. Pure: the input state is never modified. */
export function apply(state: WorkshopState, action: Action, actor: Actor, ctx: RuleContext): ApplyResult {
  if (FACILITATOR_ACTIONS.has(action.type) && actor.role !== 'facilitator') return refuse(actor.role === 'screen' ? 'read-only' : 'facilitator-only');
  switch (action.type) {
    case 'place': {
      if (actor.role === 'screen') return refuse('read-only');
      if (state.locked && actor.role !== 'facilitator') return refuse('board-locked');
      const kind = state.kinds.find((k) => k.id === action.kindId);
      if (!kind) return refuse('unknown-value-kind');
      let placerId = actor.partyId;
      if (action.forPartyId !== undefined) {
        if (actor.role !== 'facilitator' && action.forPartyId !== actor.partyId) return refuse('not-your-party');
        placerId = action.forPartyId;
      }
      const area = partyAt(state, action.x, action.y);
      if (!area) return refuse('outside-board');
      // the facilitator placing without saying for whom places on behalf of the area's own party
      if (actor.role === 'facilitator' && placerId === '') placerId = area.id;
      if (!state.parties.some((p) => p.id === placerId)) return refuse('unknown-party');
      if (!placingAllowed(state, actor, placerId, area.id)) return refuse('phase-closed');
      const label = (action.label ?? '').trim();
      if (kind.blank && label === '') return refuse('label-required');
      if (duplicateOf(state, { id: '', kindId: kind.id, label: kind.blank ? label : '', areaPartyId: area.id, placedByPartyId: placerId }, kind.blank === true)) return refuse('duplicate-piece');
      const piece: PlacedPiece = {
        id: ctx.newId(),
        kindId: kind.id,
        label: kind.blank ? label : '',
        areaPartyId: area.id,
        placedByPartyId: placerId,
        placedByMemberId: actor.memberId,
        byFacilitator: actor.role === 'facilitator',
        x: action.x,
        y: action.y,
        note: (action.note ?? '').trim(),
        importance: action.importance ?? 2,
        heldBy: '',
        placedAt: ctx.now,
      };
      const history = remember(state, actor, ctx, 'place', piece.id, null, piece);
      return { ok: true, state: { ...state, pieces: [...state.pieces, piece], history }, events: [{ type: 'piece-placed', pieceId: piece.id }] };
    }
    case 'grab': {
      const piece = findPiece(state, action.pieceId);
      if (!piece) return refuse('unknown-piece');
      const why = mayTouchPieces(state, actor, piece.placedByPartyId);
      if (why) return refuse(why);
      if (piece.heldBy !== '' && piece.heldBy !== actor.memberId) return refuse('piece-held-by-other');
      return { ok: true, state: withPiece(state, piece.id, { heldBy: actor.memberId }), events: [{ type: 'piece-grabbed', pieceId: piece.id }] };
    }
    case 'release': {
      const piece = findPiece(state, action.pieceId);
      if (!piece) return refuse('unknown-piece');
      if (actor.role === 'screen') return refuse('read-only');
      if (piece.heldBy !== actor.memberId) return refuse('not-holding');
      return { ok: true, state: withPiece(state, piece.id, { heldBy: '' }), events: [{ type: 'piece-released', pieceId: piece.id }] };
    }
    case 'move': {
      const piece = findPiece(state, action.pieceId);
      if (!piece) return refuse('unknown-piece');
      const why = mayTouchPieces(state, actor, piece.placedByPartyId);
      if (why) return refuse(why);
      if (piece.heldBy !== '' && piece.heldBy !== actor.memberId) return refuse('piece-held-by-other');
      const area = partyAt(state, action.x, action.y);
      if (!area) return refuse('outside-board');
      if (area.id !== piece.areaPartyId && !placingAllowed(state, actor, piece.placedByPartyId, area.id)) return refuse('phase-closed');
      const kind = state.kinds.find((k) => k.id === piece.kindId);
      if (duplicateOf(state, { ...piece, areaPartyId: area.id }, kind?.blank === true)) return refuse('duplicate-piece');
      const moved: PlacedPiece = { ...piece, x: action.x, y: action.y, areaPartyId: area.id, heldBy: '' };
      const next = withPiece(state, piece.id, moved);
      return { ok: true, state: { ...next, history: remember(state, actor, ctx, 'move', piece.id, piece, moved) }, events: [{ type: 'piece-moved', pieceId: piece.id }] };
    }
    case 'edit': {
      const piece = findPiece(state, action.pieceId);
      if (!piece) return refuse('unknown-piece');
      const why = mayTouchPieces(state, actor, piece.placedByPartyId);
      if (why) return refuse(why);
      const kind = state.kinds.find((k) => k.id === piece.kindId);
      const change: Partial<PlacedPiece> = {};
      if (action.note !== undefined) change.note = action.note.trim();
      if (action.importance !== undefined) change.importance = action.importance;
      if (action.label !== undefined && kind?.blank) {
        const label = action.label.trim();
        if (label === '') return refuse('label-required');
        if (duplicateOf(state, { ...piece, label }, true)) return refuse('duplicate-piece');
        change.label = label;
      }
      const edited: PlacedPiece = { ...piece, ...change };
      const next = withPiece(state, piece.id, change);
      return { ok: true, state: { ...next, history: remember(state, actor, ctx, 'edit', piece.id, piece, edited) }, events: [{ type: 'piece-edited', pieceId: piece.id }] };
    }
    case 'remove': {
      const piece = findPiece(state, action.pieceId);
      if (!piece) return refuse('unknown-piece');
      const why = mayTouchPieces(state, actor, piece.placedByPartyId);
      if (why) return refuse(why);
      if (piece.heldBy !== '' && piece.heldBy !== actor.memberId) return refuse('piece-held-by-other');
      return {
        ok: true,
        state: {
          ...state,
          pieces: state.pieces.filter((p) => p.id !== piece.id),
          votes: state.votes.filter((v) => v.pieceId !== piece.id),
          spotlight: state.spotlight.kind === 'piece' && state.spotlight.id === piece.id ? NO_SPOTLIGHT : state.spotlight,
          history: remember(state, actor, ctx, 'remove', piece.id, { ...piece, heldBy: '' }, null),
        },
        events: [{ type: 'piece-removed', pieceId: piece.id }],
      };
    }
    case 'update-workshop': {
      const next = { ...state };
      if (action.title !== undefined) next.title = action.title.trim() || state.title;
      if (action.focus !== undefined) next.focus = action.focus.trim();
      if (action.collaboration !== undefined) next.collaboration = action.collaboration.trim();
      if (action.partnerView !== undefined) next.partnerView = action.partnerView;
      if (action.maxParticipants !== undefined) next.maxParticipants = action.maxParticipants;
      if (action.retentionMonths !== undefined) next.retentionMonths = action.retentionMonths;
      return { ok: true, state: next, events: [{ type: 'workshop-updated' }] };
    }
    case 'update-party': {
      const party = state.parties.find((p) => p.id === action.partyId);
      if (!party) return refuse('unknown-party');
      const others = state.parties.filter((p) => p.id !== party.id);
      const color = action.color?.toLowerCase();
      if (color && others.some((p) => p.color === color)) return refuse('color-taken');
      const shortName = action.shortName?.trim();
      if (shortName && others.some((p) => p.shortName.toUpperCase() === shortName.toUpperCase())) return refuse('short-name-taken');
      const updated: Party = {
        ...party,
        name: action.name?.trim() || party.name,
        shortName: shortName || party.shortName,
        color: color ?? party.color,
      };
      return {
        ok: true,
        state: { ...state, parties: state.parties.map((p) => (p.id === party.id ? updated : p)) },
        events: [{ type: 'party-updated', partyId: party.id }],
      };
    }
    case 'add-party': {
      if (state.parties.length >= MAX_PARTIES) return refuse('too-many-parties');
      const color = action.color?.toLowerCase() ?? nextFreeColor(state.parties.map((p) => p.color));
      if (state.parties.some((p) => p.color === color)) return refuse('color-taken');
      const shortName = action.shortName?.trim() || initialsOf(action.name);
      if (state.parties.some((p) => p.shortName.toUpperCase() === shortName.toUpperCase())) return refuse('short-name-taken');
      if (state.pieces.length > 0) return refuse('board-not-empty'); // adding an area re-cuts the board under placed pieces
      const party: Party = { id: ctx.newId(), name: action.name.trim(), shortName, color };
      return { ok: true, state: { ...state, parties: [...state.parties, party] }, events: [{ type: 'party-added', partyId: party.id }] };
    }
    case 'remove-party': {
      const party = state.parties.find((p) => p.id === action.partyId);
      if (!party) return refuse('unknown-party');
      if (state.parties.length <= 2) return refuse('too-few-parties');
      if (state.pieces.length > 0) return refuse('board-not-empty');
      if (state.members.some((m) => m.partyId === party.id) || state.agreement.nextSteps.some((s) => s.ownerPartyId === party.id)) return refuse('party-in-use');
      return {
        ok: true,
        state: {
          ...state,
          parties: state.parties.filter((p) => p.id !== party.id),
          spotlight: state.spotlight.kind === 'party' && state.spotlight.id === party.id ? NO_SPOTLIGHT : state.spotlight,
        },
        events: [{ type: 'party-removed', partyId: party.id }],
      };
    }
    case 'set-phase': {
      if (action.phase === 'partner-view' && !state.partnerView) return refuse('phase-closed');
      // the agreement phase locks the board; going back opens it again
      const locked = action.phase === 'agreement' ? true : state.phase === 'agreement' ? false : state.locked;
      return {
        ok: true,
        state: { ...state, phase: action.phase, locked, pieces: state.pieces.map((p) => (p.heldBy ? { ...p, heldBy: '' } : p)) },
        events: [{ type: 'phase-changed', phase: action.phase }, { type: 'views-changed' }],
      };
    }
    case 'set-open':
      return { ok: true, state: { ...state, open: action.open }, events: [{ type: 'changed' }] };
    case 'kick': {
      const member = state.members.find((m) => m.id === action.memberId);
      if (!member || member.role !== 'participant') return refuse('unknown-member');
      return {
        ok: true,
        state: {
          ...releaseHolds(state, member.id),
          members: state.members.filter((m) => m.id !== member.id),
          votes: state.votes.filter((v) => v.memberId !== member.id),
        },
        events: [{ type: 'member-kicked', memberId: member.id }],
      };
    }
    case 'lock': {
      // a lock takes pieces out of participants' hands, so nothing stays held against the facilitator
      const facilitatorIds = new Set(state.members.filter((m) => m.role === 'facilitator').map((m) => m.id));
      const pieces = action.locked ? state.pieces.map((p) => (p.heldBy && !facilitatorIds.has(p.heldBy) ? { ...p, heldBy: '' } : p)) : state.pieces;
      return { ok: true, state: { ...state, locked: action.locked, pieces }, events: [{ type: 'changed' }] };
    }
    case 'spotlight': {
      if (action.kind === 'party' && !state.parties.some((p) => p.id === action.id)) return refuse('unknown-party');
      if (action.kind === 'piece' && !state.pieces.some((p) => p.id === action.id)) return refuse('unknown-piece');
      return { ok: true, state: { ...state, spotlight: { kind: action.kind, id: action.kind === 'none' ? '' : action.id } }, events: [{ type: 'changed' }] };
    }
    case 'voting': {
      const voting = { ...state.voting };
      if (action.open !== undefined) voting.open = action.open;
      if (action.dots !== undefined) voting.dots = action.dots;
      if (action.shown !== undefined) voting.shown = action.shown;
      return { ok: true, state: { ...state, voting }, events: [{ type: 'changed' }, { type: 'views-changed' }] };
    }
    case 'vote': {
      if (actor.role !== 'participant') return refuse(actor.role === 'screen' ? 'read-only' : 'not-a-voter');
      if (!state.voting.open) return refuse('voting-closed');
      if (state.locked) return refuse('board-locked');
      const piece = findPiece(state, action.pieceId);
      // in a hidden phase a participant could name a piece it cannot see: refuse it the same way
      if (!piece || (PHASE_RULES[state.phase].hidden && piece.placedByPartyId !== actor.partyId)) return refuse('unknown-piece');
      if (state.votes.filter((v) => v.memberId === actor.memberId).length >= state.voting.dots) return refuse('no-dots-left');
      return { ok: true, state: { ...state, votes: [...state.votes, { id: ctx.newId(), memberId: actor.memberId, pieceId: piece.id }] }, events: [{ type: 'changed' }] };
    }
    case 'unvote': {
      if (actor.role !== 'participant') return refuse(actor.role === 'screen' ? 'read-only' : 'not-a-voter');
      if (!state.voting.open) return refuse('voting-closed');
      if (state.locked) return refuse('board-locked');
      const mine = state.votes.findLast((v) => v.memberId === actor.memberId && v.pieceId === action.pieceId);
      if (!mine) return refuse('no-vote-here');
      return { ok: true, state: { ...state, votes: state.votes.filter((v) => v !== mine) }, events: [{ type: 'changed' }] };
    }
    case 'timer': {
      const timer = { ...state.timer };
      const left = timer.running ? Math.max(0, timer.endsAt - ctx.now) : timer.remainingMs;
      if (action.op === 'start') {
        const remaining = left > 0 ? left : timer.durationMs;
        if (remaining <= 0) return refuse('timer-not-set');
        Object.assign(timer, { running: true, endsAt: ctx.now + remaining, remainingMs: remaining });
      } else if (action.op === 'pause') {
        Object.assign(timer, { running: false, endsAt: 0, remainingMs: left });
      } else {
        const duration = action.seconds !== undefined ? action.seconds * 1000 : timer.durationMs;
        Object.assign(timer, { durationMs: duration, running: false, endsAt: 0, remainingMs: duration });
      }
      return { ok: true, state: { ...state, timer }, events: [{ type: 'changed' }] };
    }
    case 'agreement-add': {
      if (action.list === 'nextSteps' && !state.parties.some((p) => p.id === action.ownerPartyId)) return refuse('unknown-party');
      const agreement = { ...state.agreement };
      if (action.list === 'nextSteps') agreement.nextSteps = [...agreement.nextSteps, { id: ctx.newId(), text: action.text, ownerPartyId: action.ownerPartyId! }];
      else agreement[action.list] = [...agreement[action.list], { id: ctx.newId(), text: action.text }];
      return { ok: true, state: { ...state, agreement }, events: [{ type: 'changed' }] };
    }
    case 'agreement-update': {
      const agreement = { ...state.agreement };
      const list = agreement[action.list] as { id: string; text: string; ownerPartyId?: string }[];
      const item = list.find((i) => i.id === action.itemId);
      if (!item) return refuse('unknown-item');
      if (action.ownerPartyId !== undefined && (action.list !== 'nextSteps' || !state.parties.some((p) => p.id === action.ownerPartyId))) return refuse('unknown-party');
      const updated = { ...item, ...(action.text !== undefined ? { text: action.text } : {}), ...(action.ownerPartyId !== undefined ? { ownerPartyId: action.ownerPartyId } : {}) };
      (agreement as Record<string, unknown>)[action.list] = list.map((i) => (i.id === item.id ? updated : i));
      return { ok: true, state: { ...state, agreement }, events: [{ type: 'changed' }] };
    }
    case 'agreement-remove': {
      const list = state.agreement[action.list] as { id: string }[];
      if (!list.some((i) => i.id === action.itemId)) return refuse('unknown-item');
      return { ok: true, state: { ...state, agreement: { ...state.agreement, [action.list]: list.filter((i) => i.id !== action.itemId) } }, events: [{ type: 'changed' }] };
    }
    case 'add-kind': {
      if (!state.categories.some((c) => c.id === action.category)) return refuse('unknown-category');
      const label = action.label.trim();
      const description = (action.description ?? '').trim() || label;
      const kind = { id: `custom-${ctx.newId().toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12)}`, category: action.category, icon: 'pencil', label: { da: label, en: label }, description: { da: description, en: description } };
      return { ok: true, state: { ...state, kinds: [...state.kinds, kind] }, events: [{ type: 'changed' }] };
    }
    case 'undo': {
      if (actor.role === 'screen') return refuse('read-only');
      const target = state.history.findLast((h) => !h.undone && h.type !== 'undo' && (actor.role === 'facilitator' || h.memberId === actor.memberId));
      if (!target) return refuse('nothing-to-undo');
      if (actor.role !== 'facilitator') {
        if (state.locked) return refuse('board-locked');
        if (!PHASE_RULES[state.phase].editing && !(target.type === 'place' && PHASE_RULES[state.phase].placing !== 'none')) return refuse('phase-closed');
      }
      const current = findPiece(state, target.pieceId);
      if (!samePiece(current, target.after)) return refuse('undo-conflict');
      if (current && current.heldBy !== '' && current.heldBy !== actor.memberId) return refuse('piece-held-by-other');
      const restored = target.before ? { ...target.before, heldBy: '' } : null;
      if (restored) {
        // bringing back an old position or name must not make two pieces of one value in one area
        const kind = state.kinds.find((k) => k.id === restored.kindId);
        if (duplicateOf(state, restored, kind?.blank === true)) return refuse('undo-conflict');
      }
      let pieces = state.pieces;
      if (!restored) pieces = pieces.filter((p) => p.id !== target.pieceId);
      else if (current) pieces = pieces.map((p) => (p.id === target.pieceId ? restored : p));
      else pieces = [...pieces, restored];
      const votes = restored ? state.votes : state.votes.filter((v) => v.pieceId !== target.pieceId);
      const spotlight = !restored && state.spotlight.kind === 'piece' && state.spotlight.id === target.pieceId ? NO_SPOTLIGHT : state.spotlight;
      return {
        ok: true,
        state: { ...state, pieces, votes, spotlight, history: remember(state, actor, ctx, 'undo', target.pieceId, current ?? null, restored, target.id) },
        events: [restored ? (current ? { type: 'piece-edited', pieceId: target.pieceId } : { type: 'piece-placed', pieceId: target.pieceId }) : { type: 'piece-removed', pieceId: target.pieceId }],
      };
    }
  }
}

/** Why `actor` may not show a live drag of this piece or tray kind, or null when they may. */
export function checkDrag(state: WorkshopState, drag: { pieceId?: string; kindId?: string }, actor: Actor): RejectionCode | null {
  if (actor.role === 'screen') return 'read-only';
  if (drag.pieceId !== undefined) {
    const piece = findPiece(state, drag.pieceId);
    if (!piece) return 'unknown-piece';
    return piece.heldBy === actor.memberId ? null : 'not-holding';
  }
  if (!state.kinds.some((k) => k.id === drag.kindId)) return 'unknown-value-kind';
  if (actor.role !== 'facilitator' && state.locked) return 'board-locked';
  if (actor.role !== 'facilitator' && PHASE_RULES[state.phase].placing === 'none') return 'phase-closed';
  return null;
}

/** Release every piece `memberId` holds, where it lies (used when a person disconnects). */
export function releaseHolds(state: WorkshopState, memberId: string): WorkshopState {
  if (!state.pieces.some((p) => p.heldBy === memberId)) return state;
  return { ...state, pieces: state.pieces.map((p) => (p.heldBy === memberId ? { ...p, heldBy: '' } : p)) };
}
