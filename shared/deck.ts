import { z } from 'zod';
import type { Language } from './i18n/languages.ts';

/** A text given in every supported language (Danish and English required, others optional). */
export const LocalizedText = z
  .object({
    da: z.string().min(1).max(200),
    en: z.string().min(1).max(200),
    nb: z.string().min(1).max(200).optional(),
    sv: z.string().min(1).max(200).optional(),
  })
  .strict();
export type LocalizedText = z.infer<typeof LocalizedText>;

const Id = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'lowercase id: a-z, 0-9 and -');
const Color = z.string().regex(/^#[0-9a-f]{6}$/i, 'colour as #rrggbb');

/** One category of value kinds; its colour fills every piece of that category. */
export const ValueCategory = z
  .object({ id: Id, color: Color, label: LocalizedText })
  .strict();
export type ValueCategory = z.infer<typeof ValueCategory>;

/** One kind of value a piece can name; `blank` kinds are named by the placer. */
export const ValueKind = z
  .object({
    id: Id,
    category: Id,
    icon: Id,
    label: LocalizedText,
    description: LocalizedText,
    blank: z.boolean().optional(),
  })
  .strict();
export type ValueKind = z.infer<typeof ValueKind>;

/** A value deck file (assets/decks/*.json): the catalogue of value kinds for a workshop. */
export const ValueDeck = z
  .object({
    id: Id,
    version: z.number().int().positive(),
    name: LocalizedText,
    description: LocalizedText,
    categories: z.array(ValueCategory).min(1).max(20),
    kinds: z.array(ValueKind).min(1).max(60),
  })
  .strict()
  .superRefine((deck, ctx) => {
    const categoryIds = new Set(deck.categories.map((c) => c.id));
    const seen = new Set<string>();
    deck.kinds.forEach((kind, i) => {
      if (seen.has(kind.id)) ctx.addIssue({ code: 'custom', path: ['kinds', i, 'id'], message: `duplicate kind id ${kind.id}` });
      seen.add(kind.id);
      if (!categoryIds.has(kind.category))
        ctx.addIssue({ code: 'custom', path: ['kinds', i, 'category'], message: `unknown category ${kind.category}` });
    });
  });
export type ValueDeck = z.infer<typeof ValueDeck>;

/** The text in `lang`, falling back to Danish when a language has no translation. */
export function localized(text: LocalizedText, lang: Language): string {
  // a mirrored text carries '' for a language it was not given
  return text[lang] || text.da;
}
