/**
 * The whole board drawn once as SVG from the plain state — the same look as the live board
 * (jigsaw areas in the parties' colours, the collaboration in the centre, pieces in their
 * category colour edged in the placing party's colour) plus a title band and a legend.
 * Every image export (PNG poster, the PDF's board) is a rasterisation of this drawing.
 */
import { CENTER, INNER_RADIUS, OUTER_RADIUS, PIECE_SIZE, areaLabelPoint, areaOutline, type Point } from '../../shared/geometry.ts';
import { ARRANGED_PHASES, shownPieces } from '../../shared/layout.ts';
import type { Perception } from '../../shared/reveal.ts';
import { localized } from '../../shared/deck.ts';
import { textColorOn } from '../../shared/palette.ts';
import { t } from '../../shared/i18n/index.ts';
import type { PlacedPiece, WorkshopState } from '../../shared/types.ts';
import { FONT_FAMILY, clampLines, textWidth, wrapText } from './fonts.ts';
import { iconGroup } from './icons.ts';
import { exportModel, type ExportModel, type ExportOptions } from './model.ts';
import { exportText } from './strings.ts';
import { AREA_LABEL, AREA_STYLE, BOARD_COLORS, CENTRE_STYLE, MARK_COLORS, PIECE_STYLE, areaNameWidth } from '../../shared/boardStyle.ts';

/** Options of the board drawing. */
export interface BoardSvgOptions extends ExportOptions {
  /** Draw the title band (title, focus question, date) above the board; default true. */
  titleBand?: boolean;
  /** Which legends to draw under the board; default all, `false` for none. The marks' legend is drawn only from the reveal on, when the pieces carry marks. */
  legend?: { parties?: boolean; categories?: boolean; marks?: boolean } | false;
}

/** Width of the drawing in board units (the board itself is BOARD_SIZE wide). */
export const BOARD_SVG_WIDTH = 1100;
const PAD = 40;
const INNER_WIDTH = BOARD_SVG_WIDTH - 2 * PAD;
const { ink: INK, navy: NAVY, muted: MUTED } = BOARD_COLORS;
/** Where a line's baseline sits below its visual centre, as a share of the font size. */
const CENTRE_TO_BASELINE = 0.36;

const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** `text` safe inside XML text and attribute values. */
export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const num = (n: number) => String(Math.round(n * 100) / 100);

interface TextStyle {
  size: number;
  bold?: boolean;
  fill?: string;
  anchor?: 'start' | 'middle' | 'end';
  /** A light outline behind the letters so text stays readable over fills. */
  halo?: string;
}

/** Lines of text, the first line's visual centre at `y`, one line every `step` units. */
function textLines(lines: readonly string[], x: number, y: number, step: number, style: TextStyle): string {
  const attrs = [
    `x="${num(x)}"`,
    `font-size="${num(style.size)}"`,
    `font-weight="${style.bold ? 700 : 400}"`,
    `fill="${xmlEscape(style.fill ?? INK)}"`,
    style.anchor && style.anchor !== 'start' ? `text-anchor="${style.anchor}"` : '',
    style.halo ? `stroke="${style.halo}" stroke-width="${num(style.size * 0.22)}" stroke-linejoin="round" paint-order="stroke"` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return lines
    .map((line, i) => `<text ${attrs} y="${num(y + i * step + style.size * CENTRE_TO_BASELINE)}">${xmlEscape(line)}</text>`)
    .join('');
}

/** The largest of `sizes` at which `text` wraps into at most `maxLines` lines of `width`; the smallest size clamps. */
function fitText(text: string, width: number, sizes: readonly number[], maxLines: number, bold: boolean): { lines: string[]; size: number } {
  const words = text.split(/\s+/).filter(Boolean);
  for (const size of sizes) {
    // shrink rather than cut a word in two, as long as a smaller size is left to try
    if (size !== sizes[sizes.length - 1] && words.some((w) => textWidth(w, size, bold) > width)) continue;
    const lines = wrapText(text, width, size, bold);
    if (lines.length <= maxLines) return { lines, size };
  }
  const size = sizes[sizes.length - 1]!;
  return { lines: clampLines(wrapText(text, width, size, bold), maxLines, width, size, bold), size };
}

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function grow(box: Box, minX: number, minY: number, maxX: number, maxY: number): void {
  box.minX = Math.min(box.minX, minX);
  box.minY = Math.min(box.minY, minY);
  box.maxX = Math.max(box.maxX, maxX);
  box.maxY = Math.max(box.maxY, maxY);
}

const pathOf = (points: readonly Point[]) => `M${points.map((p) => `${num(p.x)} ${num(p.y)}`).join('L')}Z`;

/** The party areas, their labels and the collaboration circle. */
function drawAreas(model: ExportModel): string {
  const { state } = model;
  const n = state.parties.length;
  const out: string[] = [];
  state.parties.forEach((party, i) => {
    out.push(
      `<path d="${pathOf(areaOutline(n, i))}" fill="${xmlEscape(party.color)}" fill-opacity="${AREA_STYLE.fillAlpha}" stroke="${xmlEscape(party.color)}" stroke-width="${AREA_STYLE.strokeWidth}" stroke-linejoin="round"/>`,
    );
  });
  state.parties.forEach((party, i) => {
    const at = { ...areaLabelPoint(n, i) };
    const badgeSize = AREA_LABEL.badgeSize;
    const badgeW = textWidth(party.shortName, badgeSize, true) + 2 * AREA_LABEL.badgePadding;
    const badgeH = 34;
    const nameSize = AREA_LABEL.nameSize;
    const nameStep = 21;
    const nameWidth = areaNameWidth(n);
    const nameLines = clampLines(wrapText(party.name, nameWidth, nameSize, true), 3, nameWidth, nameSize, true);
    const nameH = nameLines.length * nameStep;
    // labels in the lower half sit above their point so they stay inside the board (as on the live board)
    const y = at.y > CENTER.y ? at.y - AREA_LABEL.lowerLift - nameH : at.y;
    // and labels at the far left or right move in until they fit inside the ring
    const halfWidth = Math.max(badgeW, ...nameLines.map((line) => textWidth(line, nameSize, true))) / 2;
    const top = y - badgeH / 2;
    const bottom = y + badgeH / 2 + AREA_LABEL.nameGap + nameH;
    const reach = Math.sqrt(Math.max(0, OUTER_RADIUS ** 2 - Math.max((top - CENTER.y) ** 2, (bottom - CENTER.y) ** 2))) - 14;
    at.x = Math.min(Math.max(at.x, CENTER.x - reach + halfWidth), CENTER.x + reach - halfWidth);
    out.push(
      `<rect x="${num(at.x - badgeW / 2)}" y="${num(y - badgeH / 2)}" width="${num(badgeW)}" height="${badgeH}" rx="${AREA_LABEL.badgeRadius}" fill="${xmlEscape(party.color)}"/>`,
      textLines([party.shortName], at.x, y, 0, { size: badgeSize, bold: true, fill: textColorOn(party.color), anchor: 'middle' }),
      textLines(nameLines, at.x, y + badgeH / 2 + AREA_LABEL.nameGap + nameStep / 2, nameStep, { size: nameSize, bold: true, anchor: 'middle', halo: '#ffffff' }),
    );
  });
  out.push(`<circle cx="${CENTER.x}" cy="${CENTER.y}" r="${INNER_RADIUS - CENTRE_STYLE.inset}" fill="${BOARD_COLORS.paper}" stroke="${NAVY}" stroke-width="${CENTRE_STYLE.strokeWidth}"/>`);
  const centreText = state.collaboration || state.title;
  const { lines, size } = fitText(centreText, INNER_RADIUS * CENTRE_STYLE.titleWidthShare, [CENTRE_STYLE.titleSize, 21, 18, 16, 14], 5, true);
  const step = size * 1.2;
  out.push(textLines(lines, CENTER.x, CENTER.y - ((lines.length - 1) * step) / 2, step, { size, bold: true, fill: NAVY, anchor: 'middle' }));
  return out.join('');
}

const { width: PW, height: PH } = PIECE_SIZE;
const LABEL_X = -PW / 2 + PIECE_STYLE.labelX;
/** The label's width, less the corner a vote badge takes when the piece has votes. */
const LABEL_WIDTH = PW - 50;
const BADGE_RADIUS = 11;

/** The reveal's mark centred at (x, y): a shape per perception as well as a colour, as on the live board, so it reads without colour vision. */
function markShape(perception: Perception, x: number, y: number, r: number): string {
  const color = MARK_COLORS[perception];
  const ring = `stroke="#ffffff" stroke-width="${num(r * 0.24)}"`;
  if (perception === 'shared') {
    return (
      `<circle cx="${num(x)}" cy="${num(y)}" r="${num(r)}" fill="${color}" ${ring}/>` +
      `<path d="M${num(x - r * 0.46)} ${num(y)}L${num(x - r * 0.08)} ${num(y + r * 0.38)}L${num(x + r * 0.54)} ${num(y - r * 0.38)}" fill="none" stroke="#ffffff" stroke-width="${num(r * 0.27)}" stroke-linecap="round" stroke-linejoin="round"/>`
    );
  }
  if (perception === 'blind-spot') {
    return (
      `<path d="M${num(x)} ${num(y - r * 1.08)}L${num(x + r * 1.08)} ${num(y + r * 0.85)}L${num(x - r * 1.08)} ${num(y + r * 0.85)}Z" fill="${color}" ${ring} stroke-linejoin="round"/>` +
      `<circle cx="${num(x)}" cy="${num(y + r * 0.23)}" r="${num(r * 0.23)}" fill="#ffffff"/>`
    );
  }
  return (
    `<rect x="${num(x - r * 0.85)}" y="${num(y - r * 0.85)}" width="${num(r * 1.7)}" height="${num(r * 1.7)}" fill="${color}" ${ring}/>` +
    `<rect x="${num(x - r * 0.31)}" y="${num(y - r * 0.31)}" width="${num(r * 0.62)}" height="${num(r * 0.62)}" fill="#ffffff"/>`
  );
}

/**
 * One piece where the layout shows it, at its size. Everything it carries stays inside its own
 * rectangle (the layout packs pieces close): the reveal's mark in the top-left corner, dots and
 * the note sign along the bottom, the vote count in the top-right corner, the placer's tag in the
 * bottom-right one.
 */
function drawPiece(model: ExportModel, piece: PlacedPiece, mark: Perception | undefined): string {
  const kind = model.kind(piece.kindId);
  const fill = model.category(piece.kindId)?.color ?? BOARD_COLORS.noCategory;
  const placer = model.party(piece.placedByPartyId);
  const edge = placer?.color ?? BOARD_COLORS.noParty;
  const votes = model.hasVotes ? model.votes(piece.id) : 0;
  const labelWidth = LABEL_WIDTH - (votes > 0 ? 2 * BADGE_RADIUS : 0);
  const { lines, size } = fitText(model.valueLabel(piece), labelWidth, [17, 15.5, 14, 13], 2, true);
  const step = size * 1.06;
  const parts = [
    `<rect x="${-PW / 2 + 2}" y="${-PH / 2 + 2}" width="${PW - 4}" height="${PH - 4}" rx="10" fill="${xmlEscape(fill)}" stroke="${xmlEscape(edge)}" stroke-width="4"/>`,
    iconGroup(kind?.icon ?? 'pencil', -PW / 2 + 10, -8, 24, INK),
    textLines(lines, LABEL_X, -6 - ((lines.length - 1) * step) / 2, step, { size, bold: true }),
  ];
  for (let i = 0; i < Math.max(0, Math.min(3, piece.importance)); i++) parts.push(`<circle cx="${-PW / 2 + 46 + i * 11}" cy="${PH / 2 - 9}" r="3.5" fill="${INK}"/>`);
  if (piece.note) parts.push(`<rect x="${-PW / 2 + 80}" y="${PH / 2 - 15}" width="9" height="11" rx="2" fill="none" stroke="${INK}" stroke-width="2"/>`);
  if (placer) {
    // the placer's short name in a corner: who placed a piece is never told by colour alone
    const tagSize = 12;
    const tagW = textWidth(placer.shortName, tagSize, true) + 10;
    parts.push(
      `<rect x="${num(PW / 2 - tagW - 5)}" y="${PH / 2 - 20}" width="${num(tagW)}" height="16" rx="4" fill="${xmlEscape(placer.color)}" stroke="#ffffff" stroke-width="1.5"/>`,
      textLines([placer.shortName], PW / 2 - 5 - tagW / 2, PH / 2 - 12, 0, { size: tagSize, bold: true, fill: textColorOn(placer.color), anchor: 'middle' }),
    );
  }
  if (votes > 0) {
    const [cx, cy] = [PW / 2 - BADGE_RADIUS - 4, -PH / 2 + BADGE_RADIUS + 4];
    parts.push(`<circle cx="${cx}" cy="${cy}" r="${BADGE_RADIUS}" fill="${NAVY}" stroke="#ffffff" stroke-width="2"/>`, textLines([String(votes)], cx, cy, 0, { size: 14, bold: true, fill: '#ffffff', anchor: 'middle' }));
  }
  if (mark) parts.push(markShape(mark, -PW / 2 + 12, -PH / 2 + 12, 9));
  return `<g transform="translate(${num(piece.x)} ${num(piece.y)}) scale(${num(piece.scale)})">${parts.join('')}</g>`;
}

/** Whether the board shows the reveal's marks: from the reveal on, as the live board does. */
const showsMarks = (model: ExportModel) => ARRANGED_PHASES.includes(model.state.phase);

/** The board (areas and pieces where the layout shows them) in board units, and the box it covers. */
function drawBoard(model: ExportModel): { svg: string; bounds: Box } {
  const bounds: Box = { minX: CENTER.x - OUTER_RADIUS - 4, minY: CENTER.y - OUTER_RADIUS - 4, maxX: CENTER.x + OUTER_RADIUS + 4, maxY: CENTER.y + OUTER_RADIUS + 4 };
  const bodies: string[] = [];
  const marks = showsMarks(model);
  for (const piece of shownPieces(model.state)) {
    if (!Number.isFinite(piece.x) || !Number.isFinite(piece.y) || !Number.isFinite(piece.scale)) continue;
    bodies.push(drawPiece(model, piece, marks ? model.perception(piece) : undefined));
    const [w, h] = [(PW * piece.scale) / 2, (PH * piece.scale) / 2];
    grow(bounds, piece.x - w, piece.y - h, piece.x + w, piece.y + h);
  }
  return { svg: drawAreas(model) + bodies.join(''), bounds };
}

/** The title band: party colours, title, focus question and date; returns its height. */
function drawTitleBand(model: ExportModel, top: number): { svg: string; height: number } {
  const { state, lang } = model;
  const out: string[] = [];
  const stripe = BOARD_SVG_WIDTH / Math.max(1, state.parties.length);
  state.parties.forEach((p, i) => out.push(`<rect x="${num(i * stripe)}" y="0" width="${num(stripe + 0.5)}" height="14" fill="${xmlEscape(p.color)}"/>`));
  let y = top;
  const title = fitText(state.title, INNER_WIDTH, [40, 34, 30], 2, true);
  const titleStep = title.size * 1.2;
  out.push(textLines(title.lines, PAD, y + titleStep / 2, titleStep, { size: title.size, bold: true, fill: NAVY }));
  y += title.lines.length * titleStep + 6;
  if (state.focus) {
    const focus = fitText(state.focus, INNER_WIDTH, [22, 19], 3, false);
    const step = focus.size * 1.3;
    out.push(textLines(focus.lines, PAD, y + step / 2, step, { size: focus.size }));
    y += focus.lines.length * step + 4;
  }
  out.push(textLines([`${model.date} · ${t(lang, 'app.name')}`], PAD, y + 14, 0, { size: 17, fill: MUTED }));
  y += 36;
  out.push(`<rect x="${PAD}" y="${num(y)}" width="${INNER_WIDTH}" height="2" fill="${BOARD_COLORS.rule}"/>`);
  return { svg: out.join(''), height: y + 2 - top };
}

/** Items laid out left to right, wrapping into rows; returns the drawing and its height. */
function flow(items: { width: number; draw: (x: number, y: number) => string }[], top: number, rowHeight: number, gap: number): { svg: string; height: number } {
  const out: string[] = [];
  let x = PAD;
  let y = top;
  for (const item of items) {
    if (x > PAD && x + item.width > PAD + INNER_WIDTH) {
      x = PAD;
      y += rowHeight;
    }
    out.push(item.draw(x, y));
    x += item.width + gap;
  }
  return { svg: out.join(''), height: items.length ? y - top + rowHeight : 0 };
}

/** The legend: parties (colour and short name and name), categories, how to read a piece, and the reveal's marks. */
function drawLegend(model: ExportModel, top: number, show: { parties: boolean; categories: boolean; marks: boolean }): { svg: string; height: number } {
  const { state, lang } = model;
  const out: string[] = [];
  let y = top;
  const heading = (text: string) => {
    out.push(textLines([text], PAD, y + 11, 0, { size: 19, bold: true, fill: NAVY }));
    y += 34;
  };
  const maxName = INNER_WIDTH - 120;
  if (show.parties && state.parties.length) {
    heading(exportText(lang, 'export.parties'));
    const items = state.parties.map((p) => {
      const badgeW = textWidth(p.shortName, 16, true) + 16;
      const name = clampLines([p.name], 1, maxName, 17, false)[0]!;
      const nameW = Math.min(textWidth(name, 17), maxName);
      return {
        width: badgeW + 10 + nameW,
        draw: (x: number, cy: number) =>
          `<rect x="${num(x)}" y="${num(cy)}" width="${num(badgeW)}" height="28" rx="6" fill="${xmlEscape(p.color)}"/>` +
          textLines([p.shortName], x + badgeW / 2, cy + 14, 0, { size: 16, bold: true, fill: textColorOn(p.color), anchor: 'middle' }) +
          textLines([name], x + badgeW + 10, cy + 14, 0, { size: 17 }),
      };
    });
    const rows = flow(items, y, 40, 34);
    out.push(rows.svg);
    y += rows.height + 12;
  }
  const categories = state.categories.filter((c) => state.kinds.some((k) => k.category === c.id));
  if (show.categories && categories.length) {
    heading(exportText(lang, 'export.categories'));
    const items = categories.map((c) => {
      const label = localized(c.label, lang);
      return {
        width: 26 + 10 + textWidth(label, 17),
        draw: (x: number, cy: number) =>
          `<rect x="${num(x)}" y="${num(cy + 1)}" width="26" height="26" rx="6" fill="${xmlEscape(c.color)}" stroke="#00000040" stroke-width="1"/>` +
          textLines([label], x + 36, cy + 14, 0, { size: 17 }),
      };
    });
    const rows = flow(items, y, 40, 34);
    out.push(rows.svg);
    y += rows.height + 6;
    const key = exportText(lang, 'export.key') + (model.hasVotes ? ` ${exportText(lang, 'export.key.votes')}` : '');
    const keyLines = wrapText(key, INNER_WIDTH, 15);
    out.push(textLines(keyLines, PAD, y + 10, 20, { size: 15, fill: MUTED }));
    y += keyLines.length * 20 + 4;
  }
  if (show.marks && showsMarks(model)) {
    y += 8;
    heading(exportText(lang, 'export.perceptions'));
    for (const perception of ['shared', 'blind-spot', 'unseen'] as const) {
      const explain = wrapText(`${exportText(lang, `export.perception.${perception}`)}: ${exportText(lang, `export.perception.${perception}.explain`)}`, INNER_WIDTH - 40, 16);
      out.push(markShape(perception, PAD + 13, y + 13, 12), textLines(explain, PAD + 40, y + 13, 20, { size: 16 }));
      y += Math.max(32, explain.length * 20 + 10);
    }
  }
  return { svg: out.join(''), height: y - top };
}

/** The whole board of `state` as an SVG document (text in Noto Sans; user text escaped). */
export function boardSvg(state: WorkshopState, options: BoardSvgOptions = {}): string {
  const model = exportModel(state, options);
  const parts: string[] = [];
  let y = PAD;
  if (options.titleBand !== false) {
    const band = drawTitleBand(model, PAD + 10);
    parts.push(band.svg);
    y = PAD + 10 + band.height + 24;
  }
  const board = drawBoard(model);
  const { bounds } = board;
  const scale = Math.min(1, INNER_WIDTH / (bounds.maxX - bounds.minX));
  const offsetX = (BOARD_SVG_WIDTH - (bounds.maxX - bounds.minX) * scale) / 2 - bounds.minX * scale;
  const offsetY = y - bounds.minY * scale;
  parts.push(`<g transform="translate(${num(offsetX)} ${num(offsetY)}) scale(${num(scale)})">${board.svg}</g>`);
  y += (bounds.maxY - bounds.minY) * scale + 24;
  const legend = options.legend ?? {};
  if (legend !== false && (legend.parties !== false || legend.categories !== false || legend.marks !== false)) {
    const drawn = drawLegend(model, y, { parties: legend.parties !== false, categories: legend.categories !== false, marks: legend.marks !== false });
    y += drawn.height;
    parts.push(drawn.svg);
  }
  const height = Math.ceil(y + PAD - 16);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${BOARD_SVG_WIDTH}" height="${height}" viewBox="0 0 ${BOARD_SVG_WIDTH} ${height}" font-family="${FONT_FAMILY}">` +
    `<title>${xmlEscape(state.title)}</title>` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    parts.join('') +
    `</svg>`
  );
}
