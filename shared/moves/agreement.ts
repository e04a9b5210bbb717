/** The facilitator's moves on the agreement: its shared values, open questions and next steps. */
import { FACILITATOR, refuse, type Move } from './move.ts';

/** Add a line to one of the agreement's lists; a next step names the party that owns it. */
export const agreementAdd: Move<'agreement-add'> = {
  roles: FACILITATOR,
  change: (state, action, _actor, ctx) => {
    if (action.list === 'nextSteps' && !state.parties.some((p) => p.id === action.ownerPartyId)) return refuse('unknown-party');
    const agreement = { ...state.agreement };
    if (action.list === 'nextSteps') agreement.nextSteps = [...agreement.nextSteps, { id: ctx.newId(), text: action.text, ownerPartyId: action.ownerPartyId! }];
    else agreement[action.list] = [...agreement[action.list], { id: ctx.newId(), text: action.text }];
    return { ok: true, state: { ...state, agreement }, events: [{ type: 'changed' }] };
  },
};

/** Change the text of a line, or the owner of a next step. */
export const agreementUpdate: Move<'agreement-update'> = {
  roles: FACILITATOR,
  change: (state, action) => {
    const agreement = { ...state.agreement };
    const list = agreement[action.list] as { id: string; text: string; ownerPartyId?: string }[];
    const item = list.find((i) => i.id === action.itemId);
    if (!item) return refuse('unknown-item');
    if (action.ownerPartyId !== undefined && (action.list !== 'nextSteps' || !state.parties.some((p) => p.id === action.ownerPartyId))) return refuse('unknown-party');
    const updated = { ...item, ...(action.text !== undefined ? { text: action.text } : {}), ...(action.ownerPartyId !== undefined ? { ownerPartyId: action.ownerPartyId } : {}) };
    (agreement as Record<string, unknown>)[action.list] = list.map((i) => (i.id === item.id ? updated : i));
    return { ok: true, state: { ...state, agreement }, events: [{ type: 'changed' }] };
  },
};

/** Remove a line from one of the agreement's lists. */
export const agreementRemove: Move<'agreement-remove'> = {
  roles: FACILITATOR,
  change: (state, action) => {
    const list = state.agreement[action.list] as { id: string }[];
    if (!list.some((i) => i.id === action.itemId)) return refuse('unknown-item');
    return { ok: true, state: { ...state, agreement: { ...state.agreement, [action.list]: list.filter((i) => i.id !== action.itemId) } }, events: [{ type: 'changed' }] };
  },
};
