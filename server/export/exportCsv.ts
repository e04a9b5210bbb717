/**
 * One row per placed piece, for analysis in a spreadsheet: RFC 4180 quoting, CRLF line
 * ends and a UTF-8 byte order mark so Excel opens æøå correctly. The separator is the one a
 * spreadsheet in the export's language expects when the file is opened with a double-click.
 */
import { localized } from '../../shared/deck.ts';
import { CSV_SEPARATORS, type Language } from '../../shared/i18n/languages.ts';
import type { PlacedPiece, WorkshopState } from '../../shared/types.ts';
import { exportModel, type ExportOptions } from './model.ts';
import { exportText, type ExportStringKey } from './strings.ts';

/** The columns, in order, by their header's string key. */
export const CSV_COLUMNS = [
  'export.col.party',
  'export.col.value',
  'export.col.category',
  'export.col.placedBy',
  'export.col.view',
  'export.col.note',
  'export.col.importance',
  'export.col.votes',
  'export.col.perception',
] as const satisfies readonly ExportStringKey[];

/** Options of the CSV export. */
export interface CsvOptions extends ExportOptions {
  /** The field separator: ',' (RFC 4180, the default) or ';' (what Excel with Danish settings expects on double-click: see CSV_DELIMITERS). */
  delimiter?: CsvDelimiter;
}

/** A CSV field separator. */
export type CsvDelimiter = ',' | ';';

/** The separator Excel expects by default in each language's usual regional settings (one fact in shared/i18n/languages.ts, which the facilitator panel reads too). */
export const CSV_DELIMITERS: Readonly<Record<Language, CsvDelimiter>> = CSV_SEPARATORS;

/** The separator asked for in the API's `?sep=` (';' or ',', or their names); undefined for anything else, which means the language's default. */
export function parseCsvDelimiter(value: unknown): CsvDelimiter | undefined {
  if (value === ';' || value === 'semicolon') return ';';
  if (value === ',' || value === 'comma') return ',';
  return undefined;
}

/** One field quoted as RFC 4180 asks: in quotes when it holds a quote, a separator or a line break. */
export function csvField(value: string | number): string {
  let text = String(value);
  // a cell starting like a formula would run in the spreadsheet: make it plain text
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The pieces of `state` as CSV text (header in the workshop's language, BOM first, CRLF line ends). */
export function exportCsv(state: WorkshopState, options: CsvOptions = {}): string {
  const model = exportModel(state, options);
  const { lang } = model;
  const partyOrder = new Map(state.parties.map((p, i) => [p.id, i]));
  const kindOrder = new Map(state.kinds.map((k, i) => [k.id, i]));
  // grouped as the report is: by area, then as the deck orders values, then by who placed it
  const pieces = [...state.pieces].sort(
    (a: PlacedPiece, b: PlacedPiece) =>
      (partyOrder.get(a.areaPartyId) ?? 99) - (partyOrder.get(b.areaPartyId) ?? 99) ||
      (kindOrder.get(a.kindId) ?? 999) - (kindOrder.get(b.kindId) ?? 999) ||
      a.label.localeCompare(b.label) ||
      (partyOrder.get(a.placedByPartyId) ?? 99) - (partyOrder.get(b.placedByPartyId) ?? 99),
  );
  const rows: (string | number)[][] = [CSV_COLUMNS.map((key) => exportText(lang, key))];
  for (const piece of pieces) {
    const category = model.category(piece.kindId);
    rows.push([
      model.party(piece.areaPartyId)?.name ?? '',
      model.valueLabel(piece),
      category ? localized(category.label, lang) : '',
      model.party(piece.placedByPartyId)?.name ?? '',
      exportText(lang, piece.placedByPartyId === piece.areaPartyId ? 'export.view.own' : 'export.view.partner'),
      piece.note,
      piece.importance,
      model.votes(piece.id),
      exportText(lang, `export.perception.${model.perception(piece)}`),
    ]);
  }
  return '\ufeff' + rows.map((row) => row.map(csvField).join(options.delimiter ?? ',')).join('\r\n') + '\r\n';
}
