/**
 * The facilitator's A4 report: title, focus question, date and parties, the board, per party
 * a table of its value pieces (own view against partners' view), the balance overview and,
 * when there is one, the agreement. Text in the workshop's language, Noto Sans embedded.
 */
import PDFDocument from 'pdfkit';
import { textColorOn } from '../../shared/palette.ts';
import { balance } from '../../shared/reveal.ts';
import { LOCALES, t } from '../../shared/i18n/index.ts';
import type { Perception } from '../../shared/reveal.ts';
import type { Party, WorkshopState } from '../../shared/types.ts';
import { boardSvg } from './boardSvg.ts';
import { FONT_FILES } from './fonts.ts';
import { opaquePng, rasterize } from './raster.ts';
import { exportModel, formatDate, type ExportModel, type ExportOptions } from './model.ts';
import { compareBoards } from '../../shared/compare.ts';
import { localized } from '../../shared/deck.ts';
import { exportText, type ExportStringKey } from './strings.ts';

/** Options of the PDF report. */
export interface PdfOptions extends ExportOptions {
  /** Width in pixels of the board image in the report; default 1800 (about 260 dpi on the page). */
  boardWidth?: number;
  /** An earlier board to compare with (the follow-up a year later): adds a section of new / remaining / gone values. */
  compareWith?: WorkshopState;
}

const REGULAR = FONT_FILES.regular;
const BOLD = FONT_FILES.bold;
const INK = '#1b1b1b';
const NAVY = '#1f3a5f';
const MUTED = '#5b6570';
const RULE = '#d5dae0';
const HEADER_FILL = '#eef1f5';
const PERCEPTION_COLOR: Record<Perception, string> = { shared: '#1b6e45', 'blind-spot': '#a4470f', unseen: '#5b3f8c' };

const MARGIN = { top: 56, bottom: 64, left: 50, right: 50 };

/** A table column: its header, width (points) and alignment. */
interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

/** A table cell: text, optionally bold and coloured, or a drawing of its own. */
interface Cell {
  text: string;
  bold?: boolean;
  color?: string;
  size?: number;
  /** Draw into the cell (x and width inside its padding, y and height of the whole row). */
  draw?: (x: number, y: number, width: number, height: number) => void;
}

/** A table row; `repeat` cells replace empty ones when the row opens a new page (a value group split by a page break). */
interface Row {
  cells: Cell[];
  repeat?: Cell[];
  /** Draw a rule above the row (the start of a group). */
  ruleAbove?: boolean;
  /** A coloured swatch with a short name drawn at the start of the first cell. */
  party?: Party;
  /** A note under the row, spanning from column `noteFrom` to the right edge. */
  note?: { label: string; text: string };
}

const CELL_PAD_X = 4;
const CELL_PAD_Y = 4;
const TABLE_SIZE = 8.5;
/** Groups of rows up to this height (points) are kept on one page. */
const KEEP_TOGETHER = 160;

/** Drawing helpers over one pdfkit document, keeping track of where the next thing goes. */
class Report {
  readonly doc: PDFKit.PDFDocument;
  readonly width: number;

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
    this.width = doc.page.width - MARGIN.left - MARGIN.right;
  }

  get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  /** Start a new page when `height` points do not fit on this one; true when it did. */
  ensure(height: number): boolean {
    if (this.doc.y + height <= this.bottom) return false;
    this.doc.addPage();
    this.doc.x = MARGIN.left;
    this.doc.y = MARGIN.top;
    return true;
  }

  text(text: string, options: { size?: number; bold?: boolean; color?: string; gap?: number; x?: number; width?: number } = {}): void {
    const { doc } = this;
    doc.font(options.bold ? BOLD : REGULAR).fontSize(options.size ?? 10).fillColor(options.color ?? INK);
    const x = options.x ?? MARGIN.left;
    const width = options.width ?? this.width - (x - MARGIN.left);
    this.ensure(doc.heightOfString(text, { width }));
    doc.text(text, x, doc.y, { width });
    doc.y += options.gap ?? 0;
  }

  heading(text: string, level: 1 | 2 = 1): void {
    const size = level === 1 ? 17 : 13;
    // a heading never ends a page: keep room for what follows it
    this.ensure(size * 1.4 + (level === 1 ? 80 : 60));
    if (level === 1) this.doc.y += 4;
    this.text(text, { size, bold: true, color: NAVY, gap: level === 1 ? 6 : 4 });
  }

  /** Width of a party's swatch at font `size`. */
  swatchWidth(party: Party, size = 8): number {
    this.doc.font(BOLD).fontSize(size);
    return this.doc.widthOfString(party.shortName) + size * 1.2;
  }

  /** A party's colour with its short name in it (never colour alone), at (x, y); returns its width. */
  swatch(party: Party, x: number, y: number, size = 8): number {
    const { doc } = this;
    const w = this.swatchWidth(party, size);
    const h = size * 1.75;
    doc.roundedRect(x, y, w, h, 2.5).fill(party.color);
    doc.fillColor(textColorOn(party.color)).text(party.shortName, x, y + (h - size * 1.36) / 2 + 0.3, { width: w, align: 'center', lineBreak: false });
    return w;
  }

  /** The parties as a list: swatch with the short name, then the name; in two columns when there are many. */
  partyList(parties: readonly Party[]): void {
    const { doc } = this;
    const columns = parties.length > 3 ? 2 : 1;
    const colWidth = this.width / columns;
    const size = 10.5;
    for (let start = 0; start < parties.length; start += columns) {
      const row = parties.slice(start, start + columns);
      doc.font(REGULAR).fontSize(size);
      const layout = row.map((party) => {
        const w = this.swatchWidth(party, 8.5);
        return { party, w, height: doc.heightOfString(party.name, { width: colWidth - w - 16 }) };
      });
      const height = Math.max(...layout.map((l) => l.height), 16) + 4;
      this.ensure(height);
      const y = doc.y;
      layout.forEach(({ party, w }, i) => {
        const x = MARGIN.left + i * colWidth;
        this.swatch(party, x, y + 1, 8.5);
        doc.font(REGULAR).fontSize(size).fillColor(INK).text(party.name, x + w + 7, y + 0.5, { width: colWidth - w - 16 });
      });
      doc.x = MARGIN.left;
      doc.y = y + height;
    }
    doc.y += 4;
  }

  private cellHeight(cell: Cell, width: number): number {
    this.doc.font(cell.bold ? BOLD : REGULAR).fontSize(cell.size ?? TABLE_SIZE);
    return cell.text ? this.doc.heightOfString(cell.text, { width: width - 2 * CELL_PAD_X }) : 0;
  }

  private tableHeader(columns: readonly Column[]): void {
    const { doc } = this;
    const height = Math.max(...columns.map((c) => this.cellHeight({ text: c.header, bold: true }, c.width))) + 2 * CELL_PAD_Y;
    const y = doc.y;
    doc.rect(MARGIN.left, y, this.width, height).fill(HEADER_FILL);
    let x = MARGIN.left;
    for (const column of columns) {
      doc.font(BOLD).fontSize(TABLE_SIZE).fillColor(NAVY).text(column.header, x + CELL_PAD_X, y + CELL_PAD_Y, { width: column.width - 2 * CELL_PAD_X, align: column.align ?? 'left' });
      x += column.width;
    }
    doc.y = y + height;
  }

  /** Height of a row's note line (0 without one). */
  private noteHeight(row: Row, width: number): number {
    if (!row.note) return 0;
    this.doc.font(REGULAR).fontSize(TABLE_SIZE);
    return this.doc.heightOfString(`${row.note.label} ${row.note.text}`, { width: width - 2 * CELL_PAD_X }) + 2;
  }

  /**
   * A table that breaks across pages, repeating its header (and a split group's first cells)
   * on each new page. Row notes span from column `noteFrom` to the right edge, under the row.
   */
  table(columns: readonly Column[], rows: readonly Row[], options: { noteFrom?: number; continued?: string } = {}): void {
    const noteFrom = options.noteFrom ?? 0;
    const { doc } = this;
    const headerHeight = Math.max(...columns.map((c) => this.cellHeight({ text: c.header, bold: true }, c.width))) + 2 * CELL_PAD_Y;
    const noteX = MARGIN.left + columns.slice(0, noteFrom).reduce((sum, c) => sum + c.width, 0);
    const noteWidth = MARGIN.left + this.width - noteX;
    const swatchWidth = (party: Party | undefined) => (party ? this.swatchWidth(party, 7) + 5 : 0);
    const cellsHeight = (cells: readonly Cell[], party?: Party) =>
      Math.max(TABLE_SIZE * 1.75, ...cells.map((cell, i) => this.cellHeight(cell, columns[i]!.width - (i === 0 ? swatchWidth(party) : 0)))) + 2 * CELL_PAD_Y;
    const rowHeight = (row: Row, cells: readonly Cell[]) => cellsHeight(cells, row.party) + this.noteHeight(row, noteWidth);
    // the header never stands alone at the foot of a page
    this.ensure(headerHeight + (rows[0] ? rowHeight(rows[0], rows[0].cells) : 0));
    this.tableHeader(columns);
    let firstOnPage = true;
    rows.forEach((row, index) => {
      let cells = row.cells;
      // a short group (a value and its pieces) moves to the next page whole rather than split
      let needed = rowHeight(row, cells);
      if (row.ruleAbove) {
        for (let next = index + 1; next < rows.length && !rows[next]!.ruleAbove; next++) needed += rowHeight(rows[next]!, rows[next]!.cells);
        if (needed > KEEP_TOGETHER) needed = rowHeight(row, cells);
      }
      if (this.ensure(needed)) {
        // say whose table goes on here
        if (options.continued) this.text(options.continued, { size: 10, bold: true, color: NAVY, gap: 3 });
        this.tableHeader(columns);
        firstOnPage = true;
      }
      if (firstOnPage && row.repeat) cells = cells.map((cell, i) => (cell.text === '' && row.repeat?.[i] ? row.repeat[i]! : cell));
      const height = cellsHeight(cells, row.party);
      const y = doc.y;
      if (row.ruleAbove && !firstOnPage) doc.moveTo(MARGIN.left, y).lineTo(MARGIN.left + this.width, y).lineWidth(0.6).strokeColor(RULE).stroke();
      let x = MARGIN.left;
      cells.forEach((cell, i) => {
        const column = columns[i]!;
        const indent = i === 0 ? swatchWidth(row.party) : 0;
        if (i === 0 && row.party) this.swatch(row.party, x + CELL_PAD_X, y + CELL_PAD_Y, 7);
        if (cell.text) {
          doc.font(cell.bold ? BOLD : REGULAR).fontSize(cell.size ?? TABLE_SIZE).fillColor(cell.color ?? INK);
          doc.text(cell.text, x + CELL_PAD_X + indent, y + CELL_PAD_Y, { width: column.width - 2 * CELL_PAD_X - indent, align: column.align ?? 'left' });
        }
        cell.draw?.(x + CELL_PAD_X, y, column.width - 2 * CELL_PAD_X, height);
        x += column.width;
      });
      doc.x = MARGIN.left;
      doc.y = y + height;
      if (row.note) {
        const noteTop = y + height - CELL_PAD_Y + 1;
        doc.font(BOLD).fontSize(TABLE_SIZE).fillColor(MUTED).text(`${row.note.label} `, noteX + CELL_PAD_X, noteTop, {
          width: noteWidth - 2 * CELL_PAD_X,
          continued: true,
        });
        doc.font(REGULAR).fillColor(INK).text(row.note.text);
        doc.x = MARGIN.left;
        doc.y = y + rowHeight(row, cells);
      }
      firstOnPage = false;
    });
    doc.moveTo(MARGIN.left, doc.y).lineTo(MARGIN.left + this.width, doc.y).lineWidth(0.8).strokeColor(NAVY).stroke();
    doc.y += 10;
  }

  bullets(lines: readonly string[]): void {
    for (const line of lines) {
      const { doc } = this;
      doc.font(REGULAR).fontSize(10.5);
      const height = doc.heightOfString(line, { width: this.width - 16 });
      this.ensure(height + 3);
      const y = doc.y;
      doc.fillColor(NAVY).text('•', MARGIN.left + 2, y, { lineBreak: false });
      doc.fillColor(INK).text(line, MARGIN.left + 16, y, { width: this.width - 16 });
      doc.x = MARGIN.left;
      doc.y += 3;
    }
    this.doc.y += 4;
  }
}

/** Column widths that fill `total`: the flexible column (width 0) takes what the others leave. */
function fill(columns: Column[], total: number): Column[] {
  const fixed = columns.reduce((sum, c) => sum + c.width, 0);
  return columns.map((c) => (c.width === 0 ? { ...c, width: total - fixed } : c));
}

/** Page 1: who, what, when, and the board. */
function coverPage(report: Report, model: ExportModel, boardPng: Buffer): void {
  const { doc } = report;
  const { state, lang } = model;
  report.text(`${t(lang, 'app.name')} · ${exportText(lang, 'export.report')}`.toUpperCase(), { size: 8.5, bold: true, color: MUTED, gap: 4 });
  report.text(state.title, { size: 22, bold: true, color: NAVY, gap: 4 });
  if (state.focus) report.text(state.focus, { size: 12.5, gap: 4 });
  const facts = [`${exportText(lang, 'export.date')}: ${model.date}`];
  if (state.collaboration) facts.unshift(`${t(lang, 'board.center')}: ${state.collaboration}`);
  report.text(facts.join('   ·   '), { size: 9.5, color: MUTED, gap: 10 });
  report.heading(exportText(lang, 'export.parties'), 2);
  report.partyList(state.parties);

  // a PNG's size is in its IHDR chunk, right after the signature
  const image = { width: boardPng.readUInt32BE(16), height: boardPng.readUInt32BE(20) };
  let room = report.bottom - doc.y - 6;
  if (room < 330) {
    doc.addPage();
    doc.y = MARGIN.top;
    room = report.bottom - doc.y;
  }
  const scale = Math.min(report.width / image.width, room / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  doc.image(boardPng, MARGIN.left + (report.width - w) / 2, doc.y + 2, { width: w, height: h });
  doc.y += h + 8;
}

const perceptionCell = (model: ExportModel, perception: Perception): Cell => ({
  text: exportText(model.lang, `export.perception.${perception}` as ExportStringKey),
  bold: true,
  color: PERCEPTION_COLOR[perception],
});

/** Per party: the values in its area, own view against partners' view. */
function valuesSection(report: Report, model: ExportModel): void {
  const { doc } = report;
  const { state, lang } = model;
  doc.addPage();
  doc.y = MARGIN.top;
  report.heading(exportText(lang, 'export.values'));
  report.text(exportText(lang, 'export.values.lead'), { size: 10, gap: 6 });
  for (const perception of ['shared', 'blind-spot', 'unseen'] as const) {
    const y = doc.y;
    doc.font(BOLD).fontSize(9.5).fillColor(PERCEPTION_COLOR[perception]).text(exportText(lang, `export.perception.${perception}`), MARGIN.left, y, { width: 78 });
    doc.font(REGULAR).fontSize(9.5).fillColor(INK).text(exportText(lang, `export.perception.${perception}.explain`), MARGIN.left + 80, y, { width: report.width - 80 });
    doc.y += 2;
  }
  doc.y += 8;

  const votes = model.hasVotes;
  const columns: Column[] = [
    { header: exportText(lang, 'export.col.value'), width: votes ? 112 : 124 },
    { header: exportText(lang, 'export.col.perception'), width: votes ? 66 : 72 },
    { header: exportText(lang, 'export.col.placedBy'), width: 0 },
    { header: exportText(lang, 'export.col.view'), width: votes ? 62 : 70 },
    { header: t(lang, 'board.piece.importance'), width: 62, align: 'center' },
    ...(votes ? [{ header: exportText(lang, 'export.col.votes'), width: 50, align: 'center' as const }] : []),
  ];
  model.comparisons.forEach((comparison, index) => {
    const party = state.parties[index]!;
    report.ensure(150);
    doc.y += 6;
    const y = doc.y;
    const w = report.swatch(party, MARGIN.left, y + 1, 9.5);
    doc.font(BOLD).fontSize(13).fillColor(NAVY).text(party.name, MARGIN.left + w + 8, y, { width: report.width - w - 8 });
    doc.y += 1;
    report.text(
      exportText(lang, 'export.summary', { values: comparison.values.length, shared: comparison.shared, blindSpots: comparison.blindSpots, unseen: comparison.unseen }),
      { size: 9, color: MUTED, gap: 5 },
    );
    if (comparison.values.length === 0) {
      report.text(exportText(lang, 'export.party.empty'), { size: 10, color: MUTED, gap: 10 });
      return;
    }
    const rows: Row[] = [];
    for (const value of comparison.values) {
      const pieces = [...(value.own ? [value.own] : []), ...value.partners];
      const label = model.valueLabel(value.own ?? value.partners[0]!);
      pieces.forEach((piece, i) => {
        const placer = model.party(piece.placedByPartyId);
        const own = piece.placedByPartyId === party.id;
        const first: Cell[] = [{ text: label, bold: true }, perceptionCell(model, value.perception)];
        rows.push({
          ruleAbove: i === 0,
          cells: [
            ...(i === 0 ? first : [{ text: '' }, { text: '' }]),
            { text: placer ? `${placer.name} (${placer.shortName})` : '' },
            { text: exportText(lang, own ? 'export.view.own' : 'export.view.partner'), color: own ? INK : MUTED },
            { text: String(piece.importance) },
            ...(votes ? [{ text: String(model.votes(piece.id)) }] : []),
          ],
          note: piece.note ? { label: `${exportText(lang, 'export.col.note')}:`, text: piece.note } : undefined,
          repeat: [{ text: `${label} ${exportText(lang, 'export.continued')}`, bold: true }, perceptionCell(model, value.perception)],
        });
      });
    }
    report.table(fill(columns, report.width), rows, { noteFrom: 2, continued: `${party.name} (${party.shortName}) ${exportText(lang, 'export.continued')}` });
  });
}

/** The balance: what each party received, and the question when one received little. */
function balanceSection(report: Report, model: ExportModel): void {
  const { doc } = report;
  const { state, lang } = model;
  const rows = balance(state);
  // heading, lead and the whole (short) table stay together
  report.ensure(Math.min(report.bottom - MARGIN.top, 90 + rows.length * 24));
  report.heading(exportText(lang, 'export.balance'));
  report.text(exportText(lang, 'export.balance.lead'), { size: 10, gap: 8 });
  const maxImportance = Math.max(1, ...rows.map((r) => r.importance));
  const columns = fill(
    [
      { header: exportText(lang, 'export.col.party'), width: 0 },
      { header: exportText(lang, 'export.col.pieces'), width: 46, align: 'center' },
      { header: exportText(lang, 'export.col.own'), width: 40, align: 'center' },
      { header: exportText(lang, 'export.col.fromPartners'), width: 70, align: 'center' },
      { header: exportText(lang, 'export.col.importanceSum'), width: 150 },
      { header: '', width: 36 },
    ],
    report.width,
  );
  report.table(
    columns,
    rows.map((row, i) => {
      const party = state.parties[i]!;
      const bar: Cell = {
        text: '',
        draw: (x, y, width) => {
          const w = (row.importance / maxImportance) * (width - 24);
          if (w > 0) doc.rect(x, y + CELL_PAD_Y + 1.5, w, 9).fill(party.color);
          doc.font(BOLD).fontSize(TABLE_SIZE).fillColor(INK).text(String(row.importance), x + w + 4, y + CELL_PAD_Y, { lineBreak: false });
        },
      };
      return {
        party,
        ruleAbove: true,
        cells: [
          { text: party.name },
          { text: String(row.pieces) },
          { text: String(row.ownPieces) },
          { text: String(row.partnerPieces) },
          bar,
          row.low ? { text: exportText(lang, 'export.balance.low'), bold: true, color: '#a4470f' } : { text: '' },
        ],
      };
    }),
  );
  const low = rows.filter((r) => r.low).map((r) => state.parties.find((p) => p.id === r.partyId)!.name);
  if (low.length) {
    const warning = exportText(lang, 'export.balance.warning');
    const detail = exportText(lang, 'export.balance.warningDetail', { parties: low.join(', ') });
    doc.font(BOLD).fontSize(11.5);
    const h1 = doc.heightOfString(warning, { width: report.width - 24 });
    doc.font(REGULAR).fontSize(10);
    const h2 = doc.heightOfString(detail, { width: report.width - 24 });
    report.ensure(h1 + h2 + 24);
    const y = doc.y;
    doc.roundedRect(MARGIN.left, y, report.width, h1 + h2 + 20, 5).fillAndStroke('#fff4e0', '#e69f00');
    doc.font(BOLD).fontSize(11.5).fillColor(INK).text(warning, MARGIN.left + 12, y + 8, { width: report.width - 24 });
    doc.font(REGULAR).fontSize(10).fillColor(INK).text(detail, MARGIN.left + 12, doc.y + 2, { width: report.width - 24 });
    doc.x = MARGIN.left;
    doc.y = y + h1 + h2 + 30;
  }
}

/** The agreement: shared values, open questions, next steps with their owners. */
function agreementSection(report: Report, model: ExportModel): void {
  const agreement = model.agreement;
  if (!agreement) return;
  const { lang } = model;
  report.heading(exportText(lang, 'export.agreement'));
  if (agreement.sharedValues.length) {
    report.heading(exportText(lang, 'export.agreement.sharedValues'), 2);
    report.bullets(agreement.sharedValues);
  }
  if (agreement.openQuestions.length) {
    report.heading(exportText(lang, 'export.agreement.openQuestions'), 2);
    report.bullets(agreement.openQuestions);
  }
  if (agreement.nextSteps.length) {
    report.heading(exportText(lang, 'export.agreement.nextSteps'), 2);
    const columns = fill([{ header: exportText(lang, 'export.agreement.step'), width: 0 }, { header: exportText(lang, 'export.agreement.owner'), width: 190 }], report.width);
    report.table(
      columns,
      agreement.nextSteps.map((step) => ({
        ruleAbove: true,
        cells: [{ text: step.text, size: 10 }, { text: step.owner ? step.owner.name : '–', size: 10 }],
      })),
    );
  }
}

/** Per party: the values that are new, remain or are gone since the earlier board. */
function comparisonSection(report: Report, model: ExportModel, state: WorkshopState, earlier: WorkshopState): void {
  const { lang } = model;
  report.heading(exportText(lang, 'export.compare'));
  report.text(exportText(lang, 'export.compare.lead', { title: earlier.title, date: formatDate(earlier.createdAt, lang) }), { size: 10, color: MUTED, gap: 8 });
  const name = (piece: { kindId: string; label: string }) => {
    const kind = state.kinds.find((k) => k.id === piece.kindId) ?? earlier.kinds.find((k) => k.id === piece.kindId);
    return piece.label || (kind ? localized(kind.label, lang) : piece.kindId);
  };
  const columns = fill([{ header: exportText(lang, 'export.col.value'), width: 0 }, { header: exportText(lang, 'export.compare.change'), width: 140 }], report.width);
  for (const party of compareBoards(earlier, state)) {
    report.heading(party.name, 2);
    if (party.values.length === 0) {
      report.text(exportText(lang, 'export.party.empty'), { size: 10, color: MUTED });
      continue;
    }
    report.table(
      columns,
      party.values.map((value) => ({ ruleAbove: true, cells: [{ text: name(value), size: 10 }, { text: exportText(lang, `export.compare.${value.change}`), size: 10, bold: value.change !== 'remains' }] })),
    );
  }
}

/** Title and page number at the foot of every page. */
function footers(report: Report, model: ExportModel): void {
  const { doc } = report;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // writing below the bottom margin would start a new page: lift the margin while drawing the footer
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 40;
    doc.moveTo(MARGIN.left, y - 6).lineTo(doc.page.width - MARGIN.right, y - 6).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.font(REGULAR).fontSize(8).fillColor(MUTED);
    let title = model.state.title;
    while (title.length > 1 && doc.widthOfString(`${title}…`) > report.width - 100) title = title.slice(0, -1);
    doc.text(title === model.state.title ? title : `${title.trimEnd()}…`, MARGIN.left, y, { lineBreak: false });
    doc.text(exportText(model.lang, 'export.page', { page: i + 1, pages: range.count }), MARGIN.left + report.width - 90, y, { width: 90, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottomMargin;
  }
}

/** The board image for the report: the board and its category legend (the parties are listed in text above it). */
function reportBoardPng(state: WorkshopState, options: PdfOptions): Buffer {
  const svg = boardSvg(state, { ...options, titleBand: false, legend: { parties: false, categories: true } });
  return opaquePng(rasterize(svg, options.boardWidth ?? 1800));
}

/** The report of `state` as a PDF (A4, in the workshop's language unless told otherwise). */
export function exportPdf(state: WorkshopState, options: PdfOptions = {}): Promise<Buffer> {
  const model = exportModel(state, options);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    font: REGULAR,
    lang: LOCALES[model.lang],
    displayTitle: true,
    info: {
      Title: state.title,
      Subject: state.focus || exportText(model.lang, 'export.report'),
      Creator: t(model.lang, 'app.name'),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    const report = new Report(doc);
    coverPage(report, model, reportBoardPng(state, options));
    valuesSection(report, model);
    balanceSection(report, model);
    agreementSection(report, model);
    if (options.compareWith) comparisonSection(report, model, state, options.compareWith);
    footers(report, model);
    doc.end();
  } catch (error) {
    doc.destroy();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  return done;
}
