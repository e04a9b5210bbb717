/** The facilitator's moves that shape the workshop itself: its texts, its parties and its value kinds. */
import { MAX_PARTIES } from '../geometry.ts';
import { nextFreeColor, initialsOf } from '../palette.ts';
import { WORKSHOP_CAPS } from '../limits.ts';
import type { Party } from '../types.ts';
import { NO_SPOTLIGHT } from './board.ts';
import { FACILITATOR, refuse, type Move } from './move.ts';

/** Change the workshop's title, focus question, collaboration, partner view, seats or retention. */
export const updateWorkshop: Move<'update-workshop'> = {
  roles: FACILITATOR,
  change: (state, action) => {
    const next = { ...state };
    if (action.title !== undefined) next.title = action.title.trim() || state.title;
    if (action.focus !== undefined) next.focus = action.focus.trim();
    if (action.collaboration !== undefined) next.collaboration = action.collaboration.trim();
    if (action.partnerView !== undefined) next.partnerView = action.partnerView;
    if (action.maxParticipants !== undefined) next.maxParticipants = action.maxParticipants;
    if (action.retentionMonths !== undefined) next.retentionMonths = action.retentionMonths;
    return { ok: true, state: next, events: [{ type: 'workshop-updated' }] };
  },
};

/** Rename or recolour a party; colours and short names stay unique. */
export const updateParty: Move<'update-party'> = {
  roles: FACILITATOR,
  change: (state, action) => {
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
  },
};

/** Add a party, and with it an area of the board, while the board is still empty. */
export const addParty: Move<'add-party'> = {
  roles: FACILITATOR,
  change: (state, action, _actor, ctx) => {
    if (state.parties.length >= MAX_PARTIES) return refuse('too-many-parties');
    const color = action.color?.toLowerCase() ?? nextFreeColor(state.parties.map((p) => p.color));
    if (state.parties.some((p) => p.color === color)) return refuse('color-taken');
    const shortName = action.shortName?.trim() || initialsOf(action.name);
    if (state.parties.some((p) => p.shortName.toUpperCase() === shortName.toUpperCase())) return refuse('short-name-taken');
    if (state.pieces.length > 0) return refuse('board-not-empty'); // adding an area re-cuts the board under placed pieces
    const party: Party = { id: ctx.newId(), name: action.name.trim(), shortName, color };
    return { ok: true, state: { ...state, parties: [...state.parties, party] }, events: [{ type: 'party-added', partyId: party.id }] };
  },
};

/** Remove a party nobody acts for, while the board is still empty; two parties always remain. */
export const removeParty: Move<'remove-party'> = {
  roles: FACILITATOR,
  change: (state, action) => {
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
  },
};

/** How the ids of a workshop's own value kinds begin. */
const CUSTOM_KIND_PREFIX = 'custom-';

/** Add a value kind of the workshop's own to the tray, in one of the deck's categories. */
export const addKind: Move<'add-kind'> = {
  roles: FACILITATOR,
  change: (state, action, _actor, ctx) => {
    if (!state.categories.some((c) => c.id === action.category)) return refuse('unknown-category');
    if (state.kinds.filter((k) => k.id.startsWith(CUSTOM_KIND_PREFIX)).length >= WORKSHOP_CAPS.customKinds) return refuse('too-many-kinds');
    const label = action.label.trim();
    const description = (action.description ?? '').trim() || label;
    const kind = { id: `${CUSTOM_KIND_PREFIX}${ctx.newId().toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12)}`, category: action.category, icon: 'pencil', label: { da: label, en: label }, description: { da: description, en: description } };
    return { ok: true, state: { ...state, kinds: [...state.kinds, kind] }, events: [{ type: 'changed' }] };
  },
};
