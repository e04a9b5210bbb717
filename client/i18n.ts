/** The interface language of this browser: the person's own choice, else the workshop's, else Danish. */
import { t, isLanguage, LANGUAGES, DEFAULT_LANGUAGE, type Language, type MessageKey } from '../shared/i18n/index.ts';

const STORAGE_KEY = 'vaerdispil.language';
let current: Language = readStored() ?? DEFAULT_LANGUAGE;
const listeners = new Set<(lang: Language) => void>();

function readStored(): Language | undefined {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

/** The language strings are shown in now. */
export function language(): Language {
  return current;
}

/** Use the workshop's language unless this person has chosen one. */
export function useWorkshopLanguage(workshopLanguage: Language): void {
  if (!readStored()) setLanguage(workshopLanguage, false);
}

/** Switch language (remembered in this browser when `remember`). */
export function setLanguage(lang: Language, remember = true): void {
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }
  if (lang === current) return;
  current = lang;
  document.documentElement.lang = lang;
  for (const listener of listeners) listener(lang);
}

/** Call `listener` whenever the language changes; returns a function that stops it. */
export function onLanguageChange(listener: (lang: Language) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A string in the current language. */
export function tr(key: MessageKey, params?: Record<string, string | number>): string {
  return t(current, key, params);
}

export { LANGUAGES, type Language, type MessageKey };
