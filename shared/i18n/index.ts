import { da, type MessageKey } from './da.ts';
import { en } from './en.ts';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages.ts';

export { LANGUAGES, DEFAULT_LANGUAGE, type Language, type MessageKey };

/** One string table per language; add nb and sv here when their tables exist. */
export const STRINGS: Record<Language, Record<MessageKey, string>> = { da, en };

/** The string `key` in `lang`, with `{name}` placeholders filled from `params`. */
export function t(lang: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  // a `.one` variant, where a table has one, is used for a count of exactly 1
  const singular = params.count === 1 ? (`${key}.one` as MessageKey) : undefined;
  const table = STRINGS[lang] ?? STRINGS[DEFAULT_LANGUAGE];
  const template = (singular && (table[singular] ?? STRINGS[DEFAULT_LANGUAGE][singular])) || table[key] || STRINGS[DEFAULT_LANGUAGE][key] || key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** True when `value` names a supported language. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
