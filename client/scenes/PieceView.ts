/**
 * The drawing of one value piece, built once and rebuilt only when its look changes (its label,
 * colours, marks, dots, votes), never when it merely moves: moving a piece moves its container.
 * Everything is drawn inside the piece's own rectangle (the layout packs pieces close): the label
 * on top in up to two lines, and along the bottom the reveal's mark, the value's icon, the
 * importance dots, the note sign, the vote count and the placing party's short name — so who
 * placed a piece never rests on its edge colour alone.
 */
import { CanvasTextMetrics, Container, Graphics, Sprite, Text, TextStyle, Texture } from 'pixi.js';
import { PIECE_SIZE } from '../../shared/geometry.ts';
import { textColorOn } from '../../shared/palette.ts';
import type { Perception } from '../../shared/reveal.ts';
import { BOARD_COLORS, BOARD_FONT, MARK_COLORS, PIECE_STYLE } from '../../shared/boardStyle.ts';
import { iconImage } from './icons.ts';

const { ink: INK, navy: NAVY, paper: PAPER } = BOARD_COLORS;
const W = PIECE_SIZE.width;
const H = PIECE_SIZE.height;

/**
 * The live board's piece, in the piece's own units (PIECE_SIZE, before the layout's scale): the
 * label takes the top and is as large as fits (in one or two lines, the whole width), and the row
 * along the bottom carries the small signs, the reveal's mark first.
 */
export const PIECE_PARTS = {
  /** Inset of the label and the bottom row from the piece's left and right edges. */
  inset: 8,
  /** The label's box: from the top edge down to the bottom row. */
  labelTop: -H / 2 + 2,
  labelBottom: H / 2 - 14,
  /** Label sizes tried, largest first: the first at which it fits in two lines is used (20.5 reads ≥ 18 px at 1080p). */
  labelSizes: [20.5, 19, 17.5, 16, 14.5, 13],
  /** The reveal's mark at the start of the bottom row: its radius (it may reach onto the piece's edge). */
  markRadius: 8,
  /** The bottom row's centre line and the height of its signs (its tag sits on the piece's edge). */
  rowY: H / 2 - 8.5,
  rowHeight: 13,
  tagSize: 12,
} as const;

/** What a piece looks like, independent of where it lies. */
export interface PieceLook {
  label: string;
  /** The category's colour (the body). */
  fill: string;
  /** The placing party's colour (the edge and the tag). */
  edge: string;
  /** The placing party's short name, on the tag. */
  tag: string;
  icon: string;
  importance: number;
  hasNote: boolean;
  /** How the value stands after the reveal, when it is shown. */
  mark?: Perception;
  /** Dots on the piece, when shown. */
  votes?: number;
}

const iconTextures = new Map<string, Texture>();
const iconWaits = new Map<string, Promise<Texture>>();

/** Icon `id` as a texture: at once when it was made before, else when its image is decoded (made once per icon). */
function iconTexture(id: string): Texture | Promise<Texture> {
  const ready = iconTextures.get(id);
  if (ready) return ready;
  let wait = iconWaits.get(id);
  if (!wait) {
    wait = iconImage(id, INK, 48).then((img) => {
      const texture = Texture.from(img);
      iconTextures.set(id, texture);
      return texture;
    });
    iconWaits.set(id, wait);
  }
  return wait;
}

const styleCache = new Map<string, TextStyle>();

/** The label's style at `size` wrapping at `width` (shared by every piece: styles are compared, not copied). */
function labelStyle(size: number, width: number): TextStyle {
  const key = `${size}|${width}`;
  let style = styleCache.get(key);
  if (!style) {
    style = new TextStyle({ fontFamily: BOARD_FONT, fontSize: size, fontWeight: '700', fill: INK, wordWrap: true, wordWrapWidth: width, lineHeight: size, align: 'left' });
    styleCache.set(key, style);
  }
  return style;
}

/** How wide a label may run: the piece less its insets. */
const LABEL_WIDTH = W - 2 * PIECE_PARTS.inset;
/** The most a label is narrowed (drawn condensed) to keep its size rather than shrink: letters keep their height. */
const MOST_CONDENSED = 0.9;

/** How a label is drawn: its type size, the width it wraps at, and how much it is narrowed (1: not at all). */
export interface LabelFit {
  size: number;
  wrap: number;
  condense: number;
}

/**
 * The largest of PIECE_PARTS.labelSizes at which a label fits its box in two lines: as it is, or
 * narrowed by up to MOST_CONDENSED (a long word keeps the size that reads across a room).
 */
export function labelFit(label: string): LabelFit {
  const height = PIECE_PARTS.labelBottom - PIECE_PARTS.labelTop;
  // lines count by their line height: a font's own ascent and descent may reach a little past the box
  const fits = (lines: number, size: number) => lines <= 2 && lines * size <= height + 1;
  for (const size of PIECE_PARTS.labelSizes) {
    const plain = CanvasTextMetrics.measureText(label, labelStyle(size, LABEL_WIDTH));
    if (fits(plain.lines.length, size) && plain.maxLineWidth <= LABEL_WIDTH + 0.5) return { size, wrap: LABEL_WIDTH, condense: 1 };
    const wide = LABEL_WIDTH / MOST_CONDENSED;
    const narrowed = CanvasTextMetrics.measureText(label, labelStyle(size, wide));
    if (fits(narrowed.lines.length, size) && narrowed.maxLineWidth <= wide + 0.5) return { size, wrap: wide, condense: Math.min(1, LABEL_WIDTH / narrowed.maxLineWidth) };
  }
  const size = PIECE_PARTS.labelSizes[PIECE_PARTS.labelSizes.length - 1]!;
  const last = CanvasTextMetrics.measureText(label, labelStyle(size, LABEL_WIDTH));
  return { size, wrap: LABEL_WIDTH, condense: Math.min(1, LABEL_WIDTH / Math.max(1, last.maxLineWidth)) };
}

/** The reveal's mark centred at (x, y) with radius r: a shape per perception as well as a colour (as in the exports). */
export function drawMark(g: Graphics, perception: Perception, x: number, y: number, r: number): Graphics {
  const color = MARK_COLORS[perception];
  const ring = { color: PAPER, width: r * 0.24 };
  if (perception === 'shared') {
    g.circle(x, y, r).fill({ color }).stroke(ring);
    g.moveTo(x - r * 0.46, y).lineTo(x - r * 0.08, y + r * 0.38).lineTo(x + r * 0.54, y - r * 0.38).stroke({ color: PAPER, width: r * 0.27, cap: 'round', join: 'round' });
  } else if (perception === 'blind-spot') {
    g.poly([x, y - r * 1.08, x + r * 1.08, y + r * 0.85, x - r * 1.08, y + r * 0.85]).fill({ color }).stroke({ ...ring, join: 'round' });
    g.circle(x, y + r * 0.23, r * 0.23).fill({ color: PAPER });
  } else {
    g.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7).fill({ color }).stroke(ring);
    g.rect(x - r * 0.31, y - r * 0.31, r * 0.62, r * 0.62).fill({ color: PAPER });
  }
  return g;
}

/** One piece's display object. */
export class PieceView extends Container {
  /** The look it shows now (as a key, to tell a real change). */
  private key = '';
  private labelPx = 0;
  private readonly halo = new Graphics();
  private readonly dragTag = new Text({ text: '', style: { fontFamily: BOARD_FONT, fontSize: 16, fontWeight: '700', fill: PAPER } });
  private readonly dragTagBg = new Graphics();
  private textResolution = 0;
  /** Called when something it draws changed by itself (an icon arrived). */
  onRedraw: () => void = () => undefined;

  /** Show `look`; returns false when it already did (nothing was rebuilt). */
  draw(look: PieceLook): boolean {
    const key = JSON.stringify(look);
    if (key === this.key) return false;
    this.key = key;
    const keep = new Set<Container>([this.halo, this.dragTag, this.dragTagBg]);
    for (const child of this.removeChildren()) if (!keep.has(child)) child.destroy({ children: true });
    const { inset, rowY, rowHeight, tagSize } = PIECE_PARTS;
    const body = new Graphics()
      .roundRect(-W / 2, -H / 2, W, H, PIECE_STYLE.radius)
      .fill({ color: look.fill })
      .stroke({ color: look.edge, width: PIECE_STYLE.edgeWidth, alignment: 1 });

    const fit = labelFit(look.label);
    const size = fit.size;
    const label = new Text({ text: look.label, style: labelStyle(size, fit.wrap) });
    if (this.textResolution) label.resolution = this.textResolution;
    label.anchor.set(0, 0.5);
    label.scale.x = fit.condense;
    label.position.set(-W / 2 + inset, (PIECE_PARTS.labelTop + PIECE_PARTS.labelBottom) / 2);
    this.labelPx = size;

    // the bottom row, left to right: the reveal's mark, icon, importance, note … votes, the placer's tag at the right
    const row = new Graphics();
    let x = -W / 2 + inset;
    if (look.mark) {
      const r = PIECE_PARTS.markRadius;
      drawMark(row, look.mark, x + r, rowY, r);
      x += 2 * r + 4;
    }
    const icon = new Sprite(Texture.EMPTY);
    icon.anchor.set(0.5);
    icon.position.set(x + rowHeight / 2, rowY);
    const setIcon = (texture: Texture) => {
      icon.texture = texture;
      icon.width = icon.height = rowHeight + 2;
    };
    const texture = iconTexture(look.icon);
    if (texture instanceof Texture) setIcon(texture);
    else
      void texture.then((t) => {
        if (icon.destroyed) return;
        setIcon(t);
        this.onRedraw();
      });
    x += rowHeight + 5;
    const dot = PIECE_STYLE.importance;
    for (let i = 0; i < Math.min(3, look.importance); i++) row.circle(x + dot.radius + i * 9, rowY, dot.radius).fill({ color: INK });
    x += 3 * 9 + 2;
    if (look.hasNote) {
      const note = PIECE_STYLE.note;
      row.roundRect(x, rowY - note.height / 2, note.width, note.height, note.radius).stroke({ color: INK, width: note.line });
    }

    const parts: Container[] = [this.halo, body, label, row, icon];
    let right = W / 2 - inset;
    if (look.tag) {
      const tagText = new Text({ text: look.tag, style: { fontFamily: BOARD_FONT, fontSize: tagSize, fontWeight: '800', fill: textColorOn(look.edge) } });
      if (this.textResolution) tagText.resolution = this.textResolution;
      tagText.anchor.set(1, 0.5);
      tagText.position.set(right - 4, rowY);
      const tagBg = new Graphics().roundRect(right - tagText.width - 8, rowY - rowHeight / 2, tagText.width + 8, rowHeight, 4).fill({ color: look.edge });
      parts.push(tagBg, tagText);
      right -= tagText.width + 12;
    }
    if (look.votes) {
      const votes = new Text({ text: String(look.votes), style: { fontFamily: BOARD_FONT, fontSize: tagSize, fontWeight: '800', fill: PAPER } });
      if (this.textResolution) votes.resolution = this.textResolution;
      votes.anchor.set(0.5);
      const r = rowHeight / 2 + 1;
      const width = Math.max(2 * r, votes.width + 8);
      votes.position.set(right - width / 2, rowY);
      parts.push(new Graphics().roundRect(right - width, rowY - r, width, 2 * r, r).fill({ color: NAVY }), votes);
    }
    this.addChild(...parts, this.dragTagBg, this.dragTag);
    return true;
  }

  /** The label's type size in the piece's own units (before any scale). */
  get labelSize(): number {
    return this.labelPx;
  }

  /** Draw text for `resolution` device pixels per unit, so a zoomed-in board keeps sharp letters. */
  setTextResolution(resolution: number): void {
    if (resolution === this.textResolution) return;
    this.textResolution = resolution;
    for (const child of this.children) if (child instanceof Text && child !== this.dragTag) child.resolution = resolution;
  }

  /** Mark the piece as dragged by a party: a halo in its colour and its short name above (nothing when `color` is undefined). */
  setDraggedBy(color: string | undefined, name = ''): void {
    this.halo.clear();
    this.dragTagBg.clear();
    this.dragTag.text = '';
    if (!color) return;
    this.halo.roundRect(-W / 2 - 9, -H / 2 - 9, W + 18, H + 18, 16).fill({ color, alpha: 0.45 });
    if (name) {
      this.dragTag.text = name;
      this.dragTag.style.fill = textColorOn(color);
      this.dragTag.anchor.set(0.5, 1);
      this.dragTag.position.set(0, -H / 2 - 12);
      this.dragTagBg.roundRect(-this.dragTag.width / 2 - 6, -H / 2 - 14 - this.dragTag.height, this.dragTag.width + 12, this.dragTag.height + 4, 6).fill({ color });
    }
  }
}
