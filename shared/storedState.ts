/**
 * The workshop state as stores keep it: versioned, lifted from every older shape by `migrate`,
 * and checked with zod on every read, so a store never hands out a state it only assumes is right.
 * Pure (zod only), like the rest of shared/.
 */
import { z } from 'zod';
import { LANGUAGES } from './i18n/languages.ts';
import { layOutBoard } from './layout.ts';
import { DEFAULT_DOTS, DEFAULT_MAX_PARTICIPANTS, DEFAULT_RETENTION_MONTHS } from './setup.ts';
import { PHASES, ROLES, type WorkshopState } from './types.ts';

/**
 * Each step lifts a stored state from version `index` to `index + 1`. Append new steps when
 * WorkshopState grows; never edit one that has shipped, since stored workshops already depend on it.
 */
const STEPS: readonly ((state: Record<string, unknown>) => Record<string, unknown>)[] = [
  // 0 → 1. Version 0 is every state written before states carried a version: the bare state
  // object. Fields were added to it over time (git history of shared/types.ts): the workshop
  // tools (lock, spotlight, votes, timer, agreement, undo history, partner view, participant
  // limit) in ada3839, retentionMonths in e029624, seats in 22bbad2. A field that is missing
  // gets the value a new workshop starts with.
  (state) => ({
    partnerView: true,
    maxParticipants: DEFAULT_MAX_PARTICIPANTS,
    locked: false,
    spotlight: { kind: 'none', id: '' },
    voting: { open: false, dots: DEFAULT_DOTS, shown: false },
    votes: [],
    timer: { durationMs: 0, endsAt: 0, remainingMs: 0, running: false },
    agreement: { sharedValues: [], openQuestions: [], nextSteps: [] },
    retentionMonths: DEFAULT_RETENTION_MONTHS,
    history: [],
    seats: [],
    ...state,
  }),
  // 1 → 2. Pieces got a size (`scale`) when the board began to lay them out (shared/layout.ts)
  // instead of leaving them where they were dropped, on top of each other. Every piece, and every
  // piece the undo history remembers, starts at full size; then the board's pieces are laid out,
  // each into the free slot of its sub-zone nearest to where it lay.
  (state) => {
    const sized = (piece: unknown) => (isRecord(piece) ? { scale: 1, ...piece } : piece);
    const history = Array.isArray(state.history)
      ? state.history.map((h: unknown) => (isRecord(h) ? { ...h, before: sized(h.before), after: sized(h.after) } : h))
      : state.history;
    const pieces = Array.isArray(state.pieces) ? state.pieces.map(sized) : state.pieces;
    // a state too broken to lay out is left for the check after the steps to name what is wrong
    const board = z.object({ parties: z.array(z.object({ id: z.string() })), pieces: z.array(Piece) }).safeParse({ parties: state.parties, pieces });
    return { ...state, history, pieces: board.success ? layOutBoard(board.data.parties, board.data.pieces) : pieces };
  },
];

/** The version of the stored state this code writes; older ones are lifted on read, newer ones refused. */
export const STORED_STATE_VERSION = STEPS.length;

// The schema checks shape, not product limits: a limit tightened later must not make a stored
// workshop unreadable. Unknown keys are dropped, so only what WorkshopState names comes out.
const Text = z.object({ da: z.string(), en: z.string(), nb: z.string().optional(), sv: z.string().optional() });
const Piece = z.object({
  id: z.string(),
  kindId: z.string(),
  label: z.string(),
  areaPartyId: z.string(),
  placedByPartyId: z.string(),
  placedByMemberId: z.string(),
  byFacilitator: z.boolean(),
  x: z.number(),
  y: z.number(),
  scale: z.number(),
  note: z.string(),
  importance: z.number(),
  heldBy: z.string(),
  placedAt: z.number(),
});
const AgreementLine = z.object({ id: z.string(), text: z.string() });

/** The zod schema of WorkshopState; the check below keeps it and the type in shared/types.ts the same. */
export const WorkshopStateSchema = z.object({
  id: z.string().min(1),
  code: z.string().min(1),
  title: z.string(),
  focus: z.string(),
  collaboration: z.string(),
  language: z.enum(LANGUAGES),
  deckId: z.string(),
  phase: z.enum(PHASES),
  open: z.boolean(),
  // fields added with a default instead of a step: a state without them reads as one where they never mattered
  approveJoins: z.boolean().default(false),
  waiting: z.array(z.string()).default([]),
  createdAt: z.number(),
  parties: z.array(z.object({ id: z.string(), name: z.string(), shortName: z.string(), color: z.string() })),
  categories: z.array(z.object({ id: z.string(), color: z.string(), label: Text })),
  kinds: z.array(
    z.object({ id: z.string(), category: z.string(), icon: z.string(), label: Text, description: Text, blank: z.boolean().optional() }),
  ),
  members: z.array(
    z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES), partyId: z.string(), connected: z.boolean(), language: z.enum(LANGUAGES) }),
  ),
  pieces: z.array(Piece),
  partnerView: z.boolean(),
  maxParticipants: z.number(),
  locked: z.boolean(),
  spotlight: z.object({ kind: z.enum(['none', 'party', 'piece']), id: z.string() }),
  voting: z.object({ open: z.boolean(), dots: z.number(), shown: z.boolean() }),
  votes: z.array(z.object({ id: z.string(), memberId: z.string(), pieceId: z.string() })),
  timer: z.object({ durationMs: z.number(), endsAt: z.number(), remainingMs: z.number(), running: z.boolean() }),
  agreement: z.object({
    sharedValues: z.array(AgreementLine),
    openQuestions: z.array(AgreementLine),
    nextSteps: z.array(AgreementLine.extend({ ownerPartyId: z.string() })),
  }),
  retentionMonths: z.number(),
  history: z.array(
    z.object({
      id: z.string(),
      memberId: z.string(),
      partyId: z.string(),
      type: z.enum(['place', 'move', 'edit', 'remove', 'undo']),
      pieceId: z.string(),
      before: Piece.nullable(),
      after: Piece.nullable(),
      undone: z.boolean(),
    }),
  ),
  seats: z.array(z.object({ memberId: z.string(), tokenHash: z.string(), banned: z.boolean().default(false), leftAt: z.number().default(0) })),
});

/** True when A and B are the same type (not merely assignable one way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
// Compile-time proof: `npm run typecheck` fails on this line when WorkshopState (shared/types.ts)
// and WorkshopStateSchema drift apart. Then update the schema, and add a STEP if stored states change.
true satisfies Same<z.infer<typeof WorkshopStateSchema>, WorkshopState>;

/** A state as a store keeps it: the version it was written with, and the state. */
export interface StoredState {
  version: number;
  state: WorkshopState;
}

/** The stored form of `state` at the current version (a copy: later changes to `state` do not reach it). */
export function toStoredState(state: WorkshopState): StoredState {
  return { version: STORED_STATE_VERSION, state: structuredClone(state) };
}

/** The stored form of `state` as JSON text, for stores that keep text. */
export function storedStateJson(state: WorkshopState): string {
  return JSON.stringify({ version: STORED_STATE_VERSION, state } satisfies StoredState);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** How many problems a refusal names. */
const MAX_REPORTED_ISSUES = 3;

/**
 * Read a stored state of any version — a StoredState, or a bare state written before states had
 * a version — lift it to the current WorkshopState and check it. Throws a message naming what is
 * wrong when it is not a workshop state or was written by a newer server.
 */
export function migrate(raw: unknown): WorkshopState {
  if (!isRecord(raw)) throw new Error(`stored state: expected an object, got ${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : typeof raw}`);
  let version = 0;
  let state: unknown = raw;
  // a bare state has no `version`; a StoredState has both `version` and `state`
  if ('version' in raw) {
    version = typeof raw.version === 'number' ? raw.version : Number.NaN;
    if (!Number.isInteger(version) || version < 1) throw new Error(`stored state: version ${JSON.stringify(raw.version)} is not a version`);
    if (version > STORED_STATE_VERSION) {
      throw new Error(`stored state: version ${version} is newer than this server's ${STORED_STATE_VERSION}; upgrade the server`);
    }
    state = raw.state;
  }
  if (!isRecord(state)) throw new Error(`stored state (version ${version}): expected the workshop state as an object`);
  let lifted = state;
  for (let step = version; step < STORED_STATE_VERSION; step++) lifted = STEPS[step]!(lifted);
  const parsed = WorkshopStateSchema.safeParse(lifted);
  if (!parsed.success) {
    const where = typeof lifted.id === 'string' ? ` of workshop ${lifted.id}` : '';
    const issues = parsed.error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => `${issue.path.map(String).join('.') || '(state)'}: ${issue.message}`);
    const more = parsed.error.issues.length - MAX_REPORTED_ISSUES;
    throw new Error(`stored state${where} (version ${version}) is not a workshop state: ${issues.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`);
  }
  return parsed.data;
}

/** Read a stored state kept as JSON text (see storedStateJson). */
export function readStoredStateJson(text: string): WorkshopState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`stored state: not valid JSON (${error instanceof Error ? error.message : 'unreadable'})`);
  }
  return migrate(raw);
}
