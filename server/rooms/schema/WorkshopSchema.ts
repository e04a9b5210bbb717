/**
 * The Colyseus mirror of the plain WorkshopState (shared/types.ts). Only the room writes it,
 * through mirror.ts; a test checks that a mirrored state reads back as the plain one.
 */
import { schema, t, type SchemaType } from '@colyseus/schema';

/** Mirror of LocalizedText. */
export const LocalizedTextSchema = schema({ da: t.string(), en: t.string(), nb: t.string(), sv: t.string() }, 'LocalizedText');
export type LocalizedTextSchema = SchemaType<typeof LocalizedTextSchema>;

/** Mirror of ValueCategory. */
export const CategorySchema = schema({ id: t.string(), color: t.string(), label: LocalizedTextSchema }, 'ValueCategory');
export type CategorySchema = SchemaType<typeof CategorySchema>;

/** Mirror of ValueKind. */
export const KindSchema = schema(
  {
    id: t.string(),
    category: t.string(),
    icon: t.string(),
    label: LocalizedTextSchema,
    description: LocalizedTextSchema,
    blank: t.boolean(),
  },
  'ValueKind',
);
export type KindSchema = SchemaType<typeof KindSchema>;

/** Mirror of Party, plus how many pieces the party has placed (visible to all, even in hidden phases). */
export const PartySchema = schema(
  { id: t.string(), name: t.string(), shortName: t.string(), color: t.string(), pieceCount: t.uint16() },
  'Party',
);
export type PartySchema = SchemaType<typeof PartySchema>;

/** Mirror of Member. */
export const MemberSchema = schema(
  { id: t.string(), name: t.string(), role: t.string(), partyId: t.string(), connected: t.boolean(), language: t.string() },
  'Member',
);
export type MemberSchema = SchemaType<typeof MemberSchema>;

/** Mirror of PlacedPiece. */
export const PieceSchema = schema(
  {
    id: t.string(),
    kindId: t.string(),
    label: t.string(),
    areaPartyId: t.string(),
    placedByPartyId: t.string(),
    placedByMemberId: t.string(),
    byFacilitator: t.boolean(),
    x: t.float64(),
    y: t.float64(),
    scale: t.float64(),
    note: t.string(),
    importance: t.uint8(),
    heldBy: t.string(),
    placedAt: t.float64(),
  },
  'PlacedPiece',
);
export type PieceSchema = SchemaType<typeof PieceSchema>;

/** Mirror of Vote. */
export const VoteSchema = schema({ id: t.string(), memberId: t.string(), pieceId: t.string() }, 'Vote');
export type VoteSchema = SchemaType<typeof VoteSchema>;

/** Mirror of Voting. */
export const VotingSchema = schema({ open: t.boolean(), dots: t.uint8(), shown: t.boolean() }, 'Voting');
/** Mirror of Timer. */
export const TimerSchema = schema({ durationMs: t.float64(), endsAt: t.float64(), remainingMs: t.float64(), running: t.boolean() }, 'Timer');
/** Mirror of Spotlight. */
export const SpotlightSchema = schema({ kind: t.string(), id: t.string() }, 'Spotlight');
/** Mirror of AgreementItem and NextStep (ownerPartyId is '' for items that have none). */
export const AgreementItemSchema = schema({ id: t.string(), text: t.string(), ownerPartyId: t.string() }, 'AgreementItem');
export type AgreementItemSchema = SchemaType<typeof AgreementItemSchema>;
/** Mirror of Agreement. */
export const AgreementSchema = schema(
  { sharedValues: t.array(AgreementItemSchema), openQuestions: t.array(AgreementItemSchema), nextSteps: t.array(AgreementItemSchema) },
  'Agreement',
);
export type AgreementSchema = SchemaType<typeof AgreementSchema>;

/** The room state. Pieces and votes are per-viewer (`.view()`): a client receives only those added to its StateView. The undo history stays on the server. */
export const WorkshopSchema = schema(
  {
    id: t.string(),
    code: t.string(),
    title: t.string(),
    focus: t.string(),
    collaboration: t.string(),
    language: t.string(),
    deckId: t.string(),
    phase: t.string(),
    open: t.boolean(),
    approveJoins: t.boolean(),
    waiting: t.array('string'),
    createdAt: t.float64(),
    parties: t.array(PartySchema),
    categories: t.array(CategorySchema),
    kinds: t.array(KindSchema),
    members: t.map(MemberSchema),
    pieces: t.map(PieceSchema).view(),
    partnerView: t.boolean(),
    maxParticipants: t.uint16(),
    retentionMonths: t.uint8(),
    locked: t.boolean(),
    spotlight: SpotlightSchema,
    voting: VotingSchema,
    votes: t.map(VoteSchema).view(),
    timer: TimerSchema,
    agreement: AgreementSchema,
  },
  'Workshop',
);
export type WorkshopSchema = SchemaType<typeof WorkshopSchema>;
