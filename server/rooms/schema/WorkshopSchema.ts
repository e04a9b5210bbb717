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
    note: t.string(),
    importance: t.uint8(),
    heldBy: t.string(),
    placedAt: t.float64(),
  },
  'PlacedPiece',
);
export type PieceSchema = SchemaType<typeof PieceSchema>;

/** The room state. Pieces are per-viewer (`.view()`): a client receives only those added to its StateView. */
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
    createdAt: t.float64(),
    parties: t.array(PartySchema),
    categories: t.array(CategorySchema),
    kinds: t.array(KindSchema),
    members: t.map(MemberSchema),
    pieces: t.map(PieceSchema).view(),
  },
  'Workshop',
);
export type WorkshopSchema = SchemaType<typeof WorkshopSchema>;
