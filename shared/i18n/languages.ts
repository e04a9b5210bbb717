/** Languages the interface can be shown in; Danish is the default. */
export const LANGUAGES = ['da', 'en', 'nb', 'sv'] as const;
/** A supported interface language code. */
export type Language = (typeof LANGUAGES)[number];
/** The language used when nothing else is chosen. */
export const DEFAULT_LANGUAGE: Language = 'da';

/** The BCP 47 locale each language formats dates and numbers with (Norwegian is bokmål). */
export const LOCALES: Readonly<Record<Language, string>> = { da: 'da-DK', en: 'en-GB', nb: 'nb-NO', sv: 'sv-SE' };
