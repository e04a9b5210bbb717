/**
 * What the board says about itself in screen space, at a fixed readable size whatever the zoom:
 * while pieces are hidden, who has placed how many ("Placed so far: BH 3 · KOM 5") in a strip
 * along the top edge — never inside an area, where it would read as "n in this area" and sit where
 * people drop pieces; from the reveal on, the legend of the marks (shared, blind spot, unseen) in
 * a strip along the bottom edge, with the same shapes, colours and words as the exports.
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
  private key = '';

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

  /** The canvas changed size. */
  layout(width: number, height: number): void {
    this.size = { width, height };
    this.redraw();
  }

  /** The strips' rectangles in canvas CSS px (for tests: they must stay clear of the areas' drop spots where the canvas allows). */
  rects(): { placed?: { x: number; y: number; width: number; height: number }; legend?: { x: number; y: number; width: number; height: number } } {
    const rect = (c: Container) => (c.children.length ? c.getBounds().rectangle : undefined);
    const placed = rect(this.placed);
    const legend = rect(this.legend);
    return { ...(placed ? { placed: { x: placed.x, y: placed.y, width: placed.width, height: placed.height } } : {}), ...(legend ? { legend: { x: legend.x, y: legend.y, width: legend.width, height: legend.height } } : {}) };
  }

  private redraw(): void {
    const key = JSON.stringify([this.placedContent, this.legendContent, this.size]);
    if (key === this.key) return;
    this.key = key;
    const { width, height } = this.size;
    const px = overlayTextPx(width, height);
    const pad = Math.round(px * 0.5);
    const gap = Math.round(px * 0.6);

    for (const c of this.placed.removeChildren()) c.destroy({ children: true });
    if (this.placedContent && width > 0) {
      const items: Container[] = [];
      const title = new Text({ text: this.placedContent.title, style: { fontFamily: BOARD_FONT, fontSize: px, fontWeight: '700', fill: INK } });
      items.push(title);
      for (const row of this.placedContent.rows) {
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
      this.placed.addChild(panel(items, width - 2 * pad, pad, gap));
      this.placed.position.set(pad, pad);
    }

    for (const c of this.legend.removeChildren()) c.destroy({ children: true });
    if (this.legendContent && width > 0) {
      const items: Container[] = [];
      for (const entry of this.legendContent) {
        const item = new Container();
        const r = px * 0.5;
        const mark = drawMark(new Graphics(), entry.perception, r, px * 0.6, r);
        const text = new Text({ text: entry.text, style: { fontFamily: BOARD_FONT, fontSize: px, fontWeight: '600', fill: INK } });
        text.position.set(2 * r + Math.round(px * 0.35), 0);
        item.addChild(mark, text);
        items.push(item);
      }
      const strip = panel(items, width - 2 * pad, pad, gap);
      this.legend.addChild(strip);
      this.legend.position.set(pad, Math.max(pad, height - pad - strip.height));
    }
  }
}

/** Items in rows (wrapping at `maxWidth`) on a paper panel. */
function panel(items: Container[], maxWidth: number, pad: number, gap: number): Container {
  const out = new Container();
  const bg = new Graphics();
  out.addChild(bg);
  let x = pad;
  let y = pad * 0.6;
  let rowHeight = 0;
  let widest = 0;
  for (const item of items) {
    const w = item.width;
    if (x > pad && x + w > maxWidth - pad) {
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
