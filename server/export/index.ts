/** The facilitator's exports: the board as PNG, the PDF report, the CSV of pieces and the JSON workshop file. */
export { boardSvg, xmlEscape, BOARD_SVG_WIDTH, type BoardSvgOptions } from './boardSvg.ts';
export { exportPng, exportPngAsync, POSTER_WIDTH, type PngOptions } from './exportPng.ts';
export { exportPdf, type PdfOptions } from './exportPdf.ts';
export { exportCsv, csvField, CSV_COLUMNS, type CsvOptions } from './exportCsv.ts';
export { exportModel, formatDate, type ExportOptions, type AgreementInput } from './model.ts';
export { exportText, type ExportStringKey } from './strings.ts';
export { toWorkshopFile, parseWorkshopFile, stateFromWorkshopFile, WorkshopFile, WORKSHOP_FILE_FORMAT } from '../../shared/workshopFile.ts';

/** Longest file name stem. */
const NAME_MAX = 60;
const FALLBACK = 'vaerdispil';
/** Danish and other letters that plain accent stripping would get wrong or drop. */
const SPELLED_OUT: Record<string, string> = { æ: 'ae', ø: 'oe', å: 'aa', ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', œ: 'oe', ð: 'd', þ: 'th', ł: 'l' };

/**
 * A safe file name for an export of the workshop titled `title`: lower-case ASCII letters,
 * digits and dashes, at most 60 characters, 'vaerdispil' when nothing is left
 * ("Lektiecaféen 2026", "pdf" → "lektiecafeen-2026.pdf").
 */
export function exportFileName(title: string, ext: string): string {
  const stem = title
    .toLowerCase()
    .replace(/[æøåäöüßœðþł]/g, (ch) => SPELLED_OUT[ch] ?? ch)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, NAME_MAX)
    .replace(/-+$/, '');
  const extension = ext.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 8);
  return `${stem || FALLBACK}${extension ? `.${extension}` : ''}`;
}
