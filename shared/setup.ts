/** The facilitator's setup of a new workshop: the HTTP body's schema and the initial state built from it. */
import { z } from 'zod';
import { LANGUAGES, DEFAULT_LANGUAGE } from './i18n/languages.ts';
import { MAX_PARTIES, MIN_PARTIES } from './geometry.ts';
import { initialsOf, nextFreeColor } from './palette.ts';
import type { ValueDeck } from './deck.ts';
import type { Party, WorkshopState } from './types.ts';

import { DEFAULT_MAX_PARTICIPANTS, DEFAULT_RETENTION_MONTHS, FIELD_LIMITS, MAX_PARTICIPANTS, MAX_RETENTION_MONTHS } from './limits.ts';

export { DEFAULT_MAX_PARTICIPANTS, MAX_PARTICIPANTS, DEFAULT_RETENTION_MONTHS, MAX_RETENTION_MONTHS };
/** Dots each participant gets in a dot-vote unless the facilitator says otherwise. */
export const DEFAULT_DOTS = 3;

const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'colour must be #rrggbb')
  .transform((c) => c.toLowerCase());

/** One party as the facilitator enters it. */
export const PartyInput = z
  .object({
    name: z.string().trim().min(1).max(FIELD_LIMITS.partyName),
    shortName: z.string().trim().min(1).max(FIELD_LIMITS.partyShortName).optional(),
    color: color.optional(),
  })
  .strict();

/** Body of `POST /api/workshops`. */
export const WorkshopSetup = z
  .object({
    title: z.string().trim().min(1).max(FIELD_LIMITS.title),
    focus: z.string().trim().max(FIELD_LIMITS.focus).optional(),
    collaboration: z.string().trim().max(FIELD_LIMITS.collaboration).optional(),
    language: z.enum(LANGUAGES).optional(),
    deck: z.enum(['default', 'collaboration-factors']).optional(),
    /** 'guided' runs the phases from the lobby (default); 'free' opens a free board where everything is visible. */
    mode: z.enum(['guided', 'free']).optional(),
    /** Whether the optional partner-view phase is part of the workshop (default: yes). */
    partnerView: z.boolean().optional(),
    maxParticipants: z.number().int().min(2).max(MAX_PARTICIPANTS).optional(),
    retentionMonths: z.number().int().min(1).max(MAX_RETENTION_MONTHS).optional(),
    parties: z.array(PartyInput).min(MIN_PARTIES).max(MAX_PARTIES),
  })
  .strict()
  .superRefine((setup, ctx) => {
    const colors = new Map<string, number>();
    const names = new Map<string, number>();
    const shortNames = new Map<string, number>();
    setup.parties.forEach((p, i) => {
      if (p.color) {
        if (colors.has(p.color)) ctx.addIssue({ code: 'custom', path: ['parties', i, 'color'], message: 'two parties may not share a colour' });
        colors.set(p.color, i);
      }
      const key = p.name.toLowerCase();
      if (names.has(key)) ctx.addIssue({ code: 'custom', path: ['parties', i, 'name'], message: 'two parties may not share a name' });
      names.set(key, i);
      if (p.shortName) {
        const short = p.shortName.toUpperCase();
        if (shortNames.has(short)) ctx.addIssue({ code: 'custom', path: ['parties', i, 'shortName'], message: 'two parties may not share a short name' });
        shortNames.set(short, i);
      }
    });
  });
/** A validated workshop setup. */
export type WorkshopSetup = z.infer<typeof WorkshopSetup>;

/** Parties with every colour and short name filled in: free palette colours, unique initials. */
export function completeParties(inputs: WorkshopSetup['parties'], newId: () => string): Party[] {
  const taken = inputs.flatMap((p) => (p.color ? [p.color] : []));
  const shortNames = new Set<string>(inputs.flatMap((p) => (p.shortName ? [p.shortName.toUpperCase()] : [])));
  return inputs.map((p) => {
    let color = p.color;
    if (!color) {
      color = nextFreeColor(taken);
      taken.push(color);
    }
    let shortName = p.shortName;
    if (!shortName) {
      const base = initialsOf(p.name).slice(0, 5);
      shortName = base;
      for (let n = 2; shortNames.has(shortName.toUpperCase()); n++) shortName = `${base}${n}`;
      shortNames.add(shortName.toUpperCase());
    }
    return { id: newId(), name: p.name, shortName, color };
  });
}

/** The initial state of a new workshop from its setup and deck. */
export function createWorkshopState(
  setup: WorkshopSetup,
  deck: ValueDeck,
  ids: { id: string; code: string; newId: () => string; now: number },
): WorkshopState {
  return {
    id: ids.id,
    code: ids.code,
    title: setup.title,
    focus: setup.focus ?? '',
    collaboration: setup.collaboration ?? '',
    language: setup.language ?? DEFAULT_LANGUAGE,
    deckId: deck.id,
    phase: setup.mode === 'free' ? 'open' : 'lobby',
    open: true,
    approveJoins: false,
    waiting: [],
    createdAt: ids.now,
    parties: completeParties(setup.parties, ids.newId),
    categories: deck.categories,
    kinds: deck.kinds,
    members: [],
    pieces: [],
    partnerView: setup.partnerView ?? true,
    maxParticipants: setup.maxParticipants ?? DEFAULT_MAX_PARTICIPANTS,
    locked: false,
    spotlight: { kind: 'none', id: '' },
    voting: { open: false, dots: DEFAULT_DOTS, shown: false },
    votes: [],
    timer: { durationMs: 0, endsAt: 0, remainingMs: 0, running: false },
    agreement: { sharedValues: [], openQuestions: [], nextSteps: [] },
    retentionMonths: setup.retentionMonths ?? DEFAULT_RETENTION_MONTHS,
    history: [],
    seats: [],
  };
}
