/** The exports' strings live in the shared tables (shared/i18n); this picks the export ones. */
import { t, type Language, type MessageKey } from '../../shared/i18n/index.ts';

/** A key of the export strings. */
export type ExportStringKey = Extract<MessageKey, `export.${string}`>;

/** An export string in `lang`, with `{name}` placeholders filled. */
export function exportText(lang: Language, key: ExportStringKey, params: Record<string, string | number> = {}): string {
  return t(lang, key, params);
}
