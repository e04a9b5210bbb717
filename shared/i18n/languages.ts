/** Languages the interface can be shown in; Danish is the default, nb and sv follow. */
export const LANGUAGES = ['da', 'en'] as const;
/** A supported interface language code. */
export type Language = (typeof LANGUAGES)[number];
/** The language used when nothing else is chosen. */
export const DEFAULT_LANGUAGE: Language = 'da';
