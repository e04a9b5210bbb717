/**
 * What the board says about itself in screen space, at a fixed readable size whatever the zoom:
 * while pieces are hidden, who has placed how many ("Placed so far: BH 3 · KOM 5"), never inside
 * an area, where it would read as "n in this area" and sit where people drop pieces; from the
 * reveal on, the legend of the marks (shared, blind spot, unseen) with the same shapes, colours
 * and words as the exports. Where the canvas is wider than the board both stand as lists in the
 * margin beside it, the counts at the top and the legend at the bottom; otherwise as strips along
 * the canvas's top and bottom edges, whose bands the board opens clear of (insets()).
 */
import { Container, Graphics, Text } from 'pixi.js';
import { textColorOn } from '../../shared/palette.ts';
import type { Perception } from '../../shared/reveal.ts';
import { BOARD_COLORS, BOARD_FONT } from '../../shared/boardStyle.ts';
import { drawMark } from './PieceView.ts';

const { ink: INK, paper: PAPER, rule: RULE } = BOARD_COLORS;

/** One party's count in the strip. */
export interface PlacedCount {
  shortName: string;
  name: string;
  color: string;
  count: number;
}

/** One entry of the marks' legend. */
export interface LegendEntry {
  perception: Perception;
  text: string;
}

/** The type size of the strips for a canvas of this size (CSS px): readable on a phone, large on a big screen. */
export function overlayTextPx(width: number, height: number): number {
  return Math.round(Math.min(26, Math.max(13, (Math.min(width, height) / 1000) * 22)));
}

/** Screen-space strips over the board. */
export class BoardOverlay extends Container {
  private readonly placed = new Container();
  private readonly legend = new Container();
  private placedContent: { title: string; rows: readonly PlacedCount[] } | null = null;
  private legendContent: readonly LegendEntry[] | null = null;
  private size = { width: 0, height: 0 };
  /** The whole board's square in the canvas (CSS px), which the lists keep clear of where there is room. */
  private board = { x: 0, y: 0, size: 0 };
  private key = '';
  /** The bands along the canvas's top and bottom edges that the strips take (0 for lists in the margin). */
  private bands = { top: 0, bottom: 0 };

  constructor() {
    super();
    this.addChild(this.placed, this.legend);
  }

  /** Who has placed how many (null: nothing hidden, no strip). */
  setPlaced(title: string, rows: readonly PlacedCount[] | null): void {
    this.placedContent = rows ? { title, rows } : null;
    this.redraw();
  }

  /** The marks' legend (null: no marks shown, no legend). */
  setLegend(entries: readonly LegendEntry[] | null): void {
    this.legendContent = entries;
    this.redraw();
  }

  /** The canvas changed size; `board` is where the whole board lies in it. */
  layout(width: number, height: number, board: { x: number; y: number; size: number }): void {
    this.size = { width, height };
    this.board = board;
    this.redraw();
  }

  /** How much of the canvas's top and bottom edges the strips take, so the board can open clear of them. */
  insets(): { top: number; bottom: number } {
    return { ...this.bands };
  }

  /** The strips' rectangles in canvas CSS px (for tests: they must stay clear of the areas' drop spots where the canvas allows). */
  rects(): { placed?: { x: number; y: number; width: number; height: number }; legend?: { x: number; y: number; width: number; height: number } } {
    const rect = (c: Container) => (c.children.length ? c.getBounds().rectangle : undefined);
    const placed = rect(this.placed);
    const legend = rect(this.legend);
    return { ...(placed ? { placed: { x: placed.x, y: placed.y, width: placed.width, height: placed.height } } : {}), ...(legend ? { legend: { x: legend.x, y: legend.y, width: legend.width, height: legend.height } } : {}) };
  }

  private redraw(): void {
    const key = JSON.stringify([this.placedContent, this.legendContent, this.size, this.board]);
    if (key === this.key) return;
    this.key = key;
    const { width, height } = this.size;
    const px = overlayTextPx(width, height);
    // the margin beside the board, if it is wide enough for a list
    const margin = Math.max(0, this.board.x);

    this.bands = { top: 0, bottom: 0 };
    for (const c of this.placed.removeChildren()) c.destroy({ children: true });
    const placed = this.placedContent;
    if (placed && width > 0) {
      const shown = place((size) => countItems(placed.title, placed.rows, size), px, margin, width);
      this.placed.addChild(shown.panel);
      this.placed.position.set(shown.pad, shown.pad);
      if (!shown.list) this.bands.top = shown.panel.height + 2 * shown.pad;
    }

    for (const c of this.legend.removeChildren()) c.destroy({ children: true });
    const legend = this.legendContent;
    if (legend && width > 0) {
      const shown = place((size) => legendItems(legend, size), px, margin, width);
      this.legend.addChild(shown.panel);
      this.legend.position.set(shown.pad, Math.max(shown.pad, height - shown.pad - shown.panel.height));
      if (!shown.list) this.bands.bottom = shown.panel.height + 2 * shown.pad;
    }
  }
}

/** The counts' items at type size `px`: the title, then each party's chip and count. */
function countItems(title: string, rows: readonly PlacedCount[], px: number): Container[] {
  const items: Container[] = [new Text({ text: title, style: { fontFamily: BOARD_FONT, fontSize: px, fontWeight: '700', fill: INK } })];
  for (const row of rows) {
    const item = new Container();
    const chip = new Text({ text: row.shortName, style: { fontFamily: BOARD_FONT, fontSize: px, fontWeight: '800', fill: textColorOn(row.color) } });
    const count = new Text({ text: String(row.count), style: { fontFamily: BOARD_FONT, fontSize: px, fontWeight: '800', fill: INK } });
    const chipPad = Math.round(px * 0.35);
    chip.position.set(chipPad, 0);
    const bg = new Graphics().roundRect(0, -2, chip.width + 2 * chipPad, chip.height + 4, Math.round(px * 0.3)).fill({ color: row.color });
    count.position.set(chip.width + 2 * chipPad + Math.round(px * 0.3), 0);
    item.addChild(bg, chip, count);
    item.label = `${row.shortName} ${row.count}`;
    items.push(item);
  }
  return items;
}

/** The legend's items at type size `px`: each mark with its word. */
function legendItems(entries: readonly LegendEntry[], px: number): Container[] {
  return entries.map((entry) => {
    const item = new Container();
    const r = px * 0.5;
    const mark = drawMark(new Graphics(), entry.perception, r, px * 0.6, r);
    const text = new Text({ text: entry.text, style: { fontFamily: BOARD_FONT, fontSize: px, fontWeight: '600', fill: INK } });
    text.position.set(2 * r + Math.round(px * 0.35), 0);
    item.addChild(mark, text);
    return item;
  });
}

/** Smallest type a list in the margin may shrink to before it goes to a strip over the board instead. */
const MIN_MARGIN_PX = 14;

/**
 * The items `build` makes at a type size, as a list in the margin of width `margin` (shrunk to
 * fit, down to MIN_MARGIN_PX) or, when they do not fit there, as a strip across the canvas.
 */
function place(build: (px: number) => Container[], px: number, margin: number, width: number): { panel: Container; pad: number; list: boolean } {
  for (let size = px; size >= MIN_MARGIN_PX; size--) {
    const pad = Math.round(size * 0.5);
    const items = build(size);
    const widest = Math.max(...items.map((i) => i.width));
    if (widest + 4 * pad <= margin) return { panel: panel(items, widest + 2 * pad, pad, Math.round(size * 0.6), true), pad, list: true };
    for (const item of items) item.destroy({ children: true });
  }
  const pad = Math.round(px * 0.5);
  return { panel: panel(build(px), width - 2 * pad, pad, Math.round(px * 0.6), false), pad, list: false };
}

/** Items in rows (wrapping at `maxWidth`; one item a row as a `list`) on a paper panel. */
function panel(items: Container[], maxWidth: number, pad: number, gap: number, list: boolean): Container {
  const out = new Container();
  const bg = new Graphics();
  out.addChild(bg);
  let x = pad;
  let y = pad * 0.6;
  let rowHeight = 0;
  let widest = 0;
  for (const item of items) {
    const w = item.width;
    if (x > pad && (list || x + w > maxWidth - pad)) {
      x = pad;
      y += rowHeight + pad * 0.5;
      rowHeight = 0;
    }
    item.position.set(x, y);
    out.addChild(item);
    x += w + gap;
    widest = Math.max(widest, x - gap + pad);
    rowHeight = Math.max(rowHeight, item.height);
  }
  bg.roundRect(0, 0, widest, y + rowHeight + pad * 0.6, pad).fill({ color: PAPER, alpha: 0.94 }).stroke({ color: RULE, width: 1.5 });
  return out;
}
