/**
 * The JSON export of a whole workshop — setup, deck, board, votes and agreement — that can be
 * imported to reopen or copy it. Never holds the facilitator key or its hash. Pure (zod only):
 * the server writes and reads it, and the client may check a file before uploading it.
 */
import { z } from 'zod';
import { LANGUAGES } from './i18n/languages.ts';
import { LocalizedText, ValueCategory, ValueKind } from './deck.ts';
import { BOARD_SIZE, MAX_PARTIES, MIN_PARTIES } from './geometry.ts';
import { layOutBoard } from './layout.ts';
import { LABEL_MAX, NAME_MAX, NOTE_MAX } from './protocol.ts';
import { FIELD_LIMITS, MAX_AGREEMENT_LINES } from './limits.ts';
import { MAX_PARTICIPANTS, MAX_RETENTION_MONTHS } from './limits.ts';
import { PHASES, ROLES, type Agreement, type Vote, type WorkshopState } from './types.ts';

/** The format tag of this version of the file. */
export const WORKSHOP_FILE_FORMAT = 'vaerdispil/1';

/** Bounds on list lengths, so a file cannot make the importer hold absurd amounts. */
const MAX_KINDS = 200;
const MAX_MEMBERS = 1000;
const MAX_PIECES = 2000;
const MAX_VOTES = 10_000;
/** Longest line of the agreement (as the agreement messages allow). */

const id = z.string().min(1).max(64).regex(/^[\w-]+$/, 'id: letters, digits, _ and -');
const optionalId = z.union([z.literal(''), id]);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour as #rrggbb');
// the board's generous margin, as in the protocol: pieces lie in it, never at infinity
const coordinate = z.number().finite().min(-BOARD_SIZE).max(2 * BOARD_SIZE);
const time = z.number().int().min(0).max(8.64e15);

const FileParty = z
  .object({ id, name: z.string().min(1).max(FIELD_LIMITS.partyName), shortName: z.string().min(1).max(FIELD_LIMITS.partyShortName), color })
  .strict();

const FileMember = z
  .object({ id, name: z.string().max(NAME_MAX), role: z.enum(ROLES), partyId: optionalId, language: z.enum(LANGUAGES) })
  .strict();

const FilePiece = z
  .object({
    id,
    kindId: id,
    label: z.string().max(LABEL_MAX),
    areaPartyId: id,
    placedByPartyId: id,
    placedByMemberId: optionalId,
    byFacilitator: z.boolean(),
    x: coordinate,
    y: coordinate,
    /** The piece's size as laid out; files written before pieces had one lack it. */
    scale: z.number().min(0.1).max(1).optional(),
    note: z.string().max(NOTE_MAX),
    importance: z.number().int().min(1).max(3),
    placedAt: time,
  })
  .strict();

const FileVote = z.object({ id, memberId: id, pieceId: id }).strict();

const AgreementLine = z.object({ id, text: z.string().min(1).max(FIELD_LIMITS.agreementText) }).strict();
const FileAgreement = z
  .object({
    sharedValues: z.array(AgreementLine).max(MAX_AGREEMENT_LINES),
    openQuestions: z.array(AgreementLine).max(MAX_AGREEMENT_LINES),
    nextSteps: z.array(AgreementLine.extend({ ownerPartyId: id }).strict()).max(MAX_AGREEMENT_LINES),
  })
  .strict();

/** The workshop inside a file: every lasting field of the state; nothing transient (holds, timer, spotlight, presence, undo history). */
const FileWorkshop = z
  .object({
    id,
    code: z.string().min(1).max(FIELD_LIMITS.typedJoinCode),
    title: z.string().min(1).max(FIELD_LIMITS.title),
    focus: z.string().max(FIELD_LIMITS.focus),
    collaboration: z.string().max(FIELD_LIMITS.collaboration),
    language: z.enum(LANGUAGES),
    deckId: id,
    phase: z.enum(PHASES),
    open: z.boolean(),
    createdAt: time,
    partnerView: z.boolean(),
    maxParticipants: z.number().int().min(2).max(MAX_PARTICIPANTS),
    locked: z.boolean(),
    retentionMonths: z.number().int().min(1).max(MAX_RETENTION_MONTHS),
    parties: z.array(FileParty).min(MIN_PARTIES).max(MAX_PARTIES),
    categories: z.array(ValueCategory).min(1).max(20),
    kinds: z.array(ValueKind).min(1).max(MAX_KINDS),
    members: z.array(FileMember).max(MAX_MEMBERS),
    pieces: z.array(FilePiece).max(MAX_PIECES),
    voting: z.object({ open: z.boolean(), dots: z.number().int().min(1).max(10), shown: z.boolean() }).strict(),
    votes: z.array(FileVote).max(MAX_VOTES),
    agreement: FileAgreement,
  })
  .strict()
  .superRefine((w, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const unique = (list: { id: string }[], name: string) => {
      const seen = new Set<string>();
      list.forEach((item, i) => {
        if (seen.has(item.id)) issue([name, i, 'id'], `duplicate id ${item.id}`);
        seen.add(item.id);
      });
      return seen;
    };
    const parties = unique(w.parties, 'parties');
    const categories = unique(w.categories, 'categories');
    const kinds = new Map(w.kinds.map((k) => [k.id, k]));
    unique(w.kinds, 'kinds');
    unique(w.members, 'members');
    const pieces = unique(w.pieces, 'pieces');
    unique(w.votes, 'votes');
    const colors = new Set<string>();
    w.parties.forEach((p, i) => {
      if (colors.has(p.color.toLowerCase())) issue(['parties', i, 'color'], 'two parties may not share a colour');
      colors.add(p.color.toLowerCase());
    });
    w.kinds.forEach((k, i) => {
      if (!categories.has(k.category)) issue(['kinds', i, 'category'], `unknown category ${k.category}`);
    });
    w.members.forEach((m, i) => {
      if (m.role === 'participant' && !parties.has(m.partyId)) issue(['members', i, 'partyId'], `unknown party ${m.partyId}`);
    });
    w.pieces.forEach((p, i) => {
      const kind = kinds.get(p.kindId);
      if (!kind) issue(['pieces', i, 'kindId'], `unknown value kind ${p.kindId}`);
      else if (kind.blank && p.label.trim() === '') issue(['pieces', i, 'label'], 'a blank value kind needs a name');
      if (!parties.has(p.areaPartyId)) issue(['pieces', i, 'areaPartyId'], `unknown party ${p.areaPartyId}`);
      if (!parties.has(p.placedByPartyId)) issue(['pieces', i, 'placedByPartyId'], `unknown party ${p.placedByPartyId}`);
    });
    w.votes.forEach((v, i) => {
      if (!pieces.has(v.pieceId)) issue(['votes', i, 'pieceId'], `unknown piece ${v.pieceId}`);
    });
    w.agreement.nextSteps.forEach((s, i) => {
      if (!parties.has(s.ownerPartyId)) issue(['agreement', 'nextSteps', i, 'ownerPartyId'], `unknown party ${s.ownerPartyId}`);
    });
  });

/** A workshop file: the format tag, when it was exported, and the workshop. */
export const WorkshopFile = z
  .object({
    format: z.literal(WORKSHOP_FILE_FORMAT),
    exportedAt: z.iso.datetime(),
    workshop: FileWorkshop,
  })
  .strict();
/** A validated workshop file. */
export type WorkshopFile = z.infer<typeof WorkshopFile>;

/** What may replace the state's own fields in a file. */
export interface WorkshopFileExtras {
  /** When the file was made; default now. Pass it to get the same file for the same state. */
  exportedAt?: Date | number;
  votes?: readonly Vote[];
  agreement?: Agreement;
}

const text = (t: LocalizedText): LocalizedText => ({
  da: t.da,
  en: t.en,
  ...(t.nb !== undefined ? { nb: t.nb } : {}),
  ...(t.sv !== undefined ? { sv: t.sv } : {}),
});

/** The file for `state`: only the lasting fields, copied field by field so nothing else (secrets included) slips in. */
export function toWorkshopFile(state: WorkshopState, extras: WorkshopFileExtras = {}): WorkshopFile {
  const agreement = extras.agreement ?? state.agreement;
  return {
    format: WORKSHOP_FILE_FORMAT,
    exportedAt: new Date(extras.exportedAt ?? Date.now()).toISOString(),
    workshop: {
      id: state.id,
      code: state.code,
      title: state.title,
      focus: state.focus,
      collaboration: state.collaboration,
      language: state.language,
      deckId: state.deckId,
      phase: state.phase,
      open: state.open,
      createdAt: state.createdAt,
      partnerView: state.partnerView,
      maxParticipants: state.maxParticipants,
      locked: state.locked,
      retentionMonths: state.retentionMonths,
      parties: state.parties.map((p) => ({ id: p.id, name: p.name, shortName: p.shortName, color: p.color })),
      categories: state.categories.map((c) => ({ id: c.id, color: c.color, label: text(c.label) })),
      kinds: state.kinds.map((k) => ({
        id: k.id,
        category: k.category,
        icon: k.icon,
        label: text(k.label),
        description: text(k.description),
        ...(k.blank ? { blank: true } : {}),
      })),
      members: state.members.map((m) => ({ id: m.id, name: m.name, role: m.role, partyId: m.partyId, language: m.language })),
      pieces: state.pieces.map((p) => ({
        id: p.id,
        kindId: p.kindId,
        label: p.label,
        areaPartyId: p.areaPartyId,
        placedByPartyId: p.placedByPartyId,
        placedByMemberId: p.placedByMemberId,
        byFacilitator: p.byFacilitator,
        x: p.x,
        y: p.y,
        scale: p.scale,
        note: p.note,
        importance: p.importance,
        placedAt: p.placedAt,
      })),
      voting: { open: state.voting.open, dots: state.voting.dots, shown: state.voting.shown },
      votes: (extras.votes ?? state.votes).map((v) => ({ id: v.id, memberId: v.memberId, pieceId: v.pieceId })),
      agreement: {
        sharedValues: agreement.sharedValues.map((l) => ({ id: l.id, text: l.text })),
        openQuestions: agreement.openQuestions.map((l) => ({ id: l.id, text: l.text })),
        nextSteps: agreement.nextSteps.map((l) => ({ id: l.id, text: l.text, ownerPartyId: l.ownerPartyId })),
      },
    },
  };
}

/** The state a file reopens as: nobody connected, nothing held, no timer, spotlight or undo history. */
export function stateFromWorkshopFile(file: WorkshopFile): WorkshopState {
  const w = file.workshop;
  return {
    ...w,
    members: w.members.map((m) => ({ ...m, connected: false })),
    // laid out as this version lays a board out: pieces of an older file, or moved by hand, take free slots near where they lay
    pieces: layOutBoard(w.parties, w.pieces.map((p) => ({ ...p, scale: p.scale ?? 1, heldBy: '' }))),
    spotlight: { kind: 'none', id: '' },
    timer: { durationMs: 0, endsAt: 0, remainingMs: 0, running: false },
    history: [],
    // seats are tokens of the people in the original workshop: a file never carries them
    seats: [],
    // nobody of the original workshop is waiting in the new one
    approveJoins: false,
    waiting: [],
  };
}

/** The outcome of reading a file: the file, or what is wrong with it (path and reason). */
export type ParseWorkshopFileResult = { ok: true; file: WorkshopFile } | { ok: false; message: string };

/** How many problems a rejection names. */
const MAX_REPORTED_ISSUES = 3;

/** Read and validate a workshop file, given as JSON text or as the parsed value. Never throws. */
export function parseWorkshopFile(json: unknown): ParseWorkshopFileResult {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      return { ok: false, message: `(file): not valid JSON (${error instanceof Error ? error.message : 'unreadable'})` };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: `(file): expected a workshop file (a JSON object with format "${WORKSHOP_FILE_FORMAT}"), got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` };
  }
  const format = (value as { format?: unknown }).format;
  if (format !== WORKSHOP_FILE_FORMAT) {
    // another program's JSON or another version: say so, rather than list every field it lacks
    return { ok: false, message: `format: expected "${WORKSHOP_FILE_FORMAT}", got ${format === undefined ? 'nothing' : JSON.stringify(format).slice(0, 40)}` };
  }
  const parsed = WorkshopFile.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => `${issue.path.map(String).join('.') || '(file)'}: ${issue.message}`);
    const more = parsed.error.issues.length - MAX_REPORTED_ISSUES;
    return { ok: false, message: issues.join('; ') + (more > 0 ? ` (and ${more} more)` : '') };
  }
  return { ok: true, file: parsed.data };
}
