import { da, type MessageKey } from './da.ts';
import { en } from './en.ts';
import { nb } from './nb.ts';
import { sv } from './sv.ts';
import { DEFAULT_LANGUAGE, LANGUAGES, LOCALES, type Language } from './languages.ts';

export { LANGUAGES, DEFAULT_LANGUAGE, LOCALES, type Language, type MessageKey };

/** One complete string table per language: a key missing from (or added to) any table is a compile error. */
export const STRINGS: Record<Language, Record<MessageKey, string>> = { da, en, nb, sv };

/** The plural categories a table may give a variant for, as `key.one`, `key.few` …; the plain key is `other`. */
export const PLURAL_CATEGORIES: readonly Intl.LDMLPluralRule[] = ['zero', 'one', 'two', 'few', 'many'];

const pluralRules = new Map<Language, Intl.PluralRules>();

/** The plural category of `count` in `lang` (Intl.PluralRules, made once per language). */
export function pluralCategory(lang: Language, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(Object.hasOwn(LOCALES, lang) ? LOCALES[lang] : LOCALES[DEFAULT_LANGUAGE]);
    pluralRules.set(lang, rules);
  }
  return rules.select(count);
}

/**
 * The string `key` in `lang`, with `{name}` placeholders filled from `params`.
 * A numeric `count` picks the variant `key.<category>` of its plural category in `lang`
 * (`board.pieces.one` for 1 in Danish), where the table has one; otherwise `key` itself.
 */
export function t(lang: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  const count = params.count;
  const lookup = (language: Language): string | undefined => {
    const table: Partial<Record<string, string>> | undefined = Object.hasOwn(STRINGS, language) ? STRINGS[language] : undefined;
    if (!table) return undefined;
    const plural = typeof count === 'number' ? table[`${key}.${pluralCategory(language, count)}`] : undefined;
    return plural || table[key];
  };
  // the language's own words (its plural form before its plain one); Danish only when the language has neither
  const template = lookup(lang) || lookup(DEFAULT_LANGUAGE) || key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** True when `value` names a supported language. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
