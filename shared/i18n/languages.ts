/** Languages the interface can be shown in; Danish is the default. */
export const LANGUAGES = ['da', 'en', 'nb', 'sv'] as const;
/** A supported interface language code. */
export type Language = (typeof LANGUAGES)[number];
/** The language used when nothing else is chosen. */
export const DEFAULT_LANGUAGE: Language = 'da';

/** The BCP 47 locale each language formats dates and numbers with (Norwegian is bokmål). */
export const LOCALES: Readonly<Record<Language, string>> = { da: 'da-DK', en: 'en-GB', nb: 'nb-NO', sv: 'sv-SE' };

/**
 * The field separator a spreadsheet with each language's usual regional settings expects in a CSV
 * it opens with a double-click: ';' where the decimal sign is a comma (Danish, Norwegian, Swedish),
 * ',' in English. A file with the other one opens as a single column.
 */
export const CSV_SEPARATORS = { da: ';', nb: ';', sv: ';', en: ',' } as const satisfies Readonly<Record<Language, ';' | ','>>;
