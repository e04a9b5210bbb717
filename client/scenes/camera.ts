/**
 * Which part of the board a screen shows, and how large: the whole board fitted into the canvas,
 * an area or a piece filling most of it (a spotlight, a phone's own area), and the pinch, pan and
 * wheel moves in between — always kept so that some of the board stays in view.
 * Pure: board units in, CSS pixels of the canvas out; no Pixi, no DOM.
 */
import { BOARD_SIZE, type Box, type Point } from '../../shared/geometry.ts';

/** Where the board is drawn: a board point p lies at (p.x * scale + x, p.y * scale + y) CSS px in the canvas. */
export interface View {
  scale: number;
  x: number;
  y: number;
}

/**
 * The canvas in CSS pixels, and the bands along its top and bottom edges that strips drawn over
 * the board take (the board opens below and above them, and may be panned under them).
 */
export interface ViewportSize {
  width: number;
  height: number;
  top?: number;
  bottom?: number;
}

/** The canvas less its strips: where the board opens. */
function safe(size: ViewportSize): { top: number; height: number } {
  const top = Math.max(0, size.top ?? 0);
  return { top, height: Math.max(1, size.height - top - Math.max(0, size.bottom ?? 0)) };
}

/** A square of the board to show: its centre and side, in board units. */
export interface Focus {
  x: number;
  y: number;
  size: number;
}

/** How far past the whole board's fit one may zoom in (a piece's label large on any screen). */
const MAX_ZOOM_OVER_FIT = 8;
/** Least zoom cap in CSS px per board unit, so a phone can always zoom to read the smallest piece. */
const MIN_MAX_SCALE = 3;

/** The scale at which the whole board fits the canvas (less its strips). */
export function fitScale(size: ViewportSize): number {
  return Math.max(1e-6, Math.min(size.width, safe(size).height) / BOARD_SIZE);
}

/** The largest scale allowed on this canvas. */
export function maxScale(size: ViewportSize): number {
  return Math.max(fitScale(size) * MAX_ZOOM_OVER_FIT, MIN_MAX_SCALE);
}

/** The whole board, centred (between the strips). */
export function fitView(size: ViewportSize): View {
  const scale = fitScale(size);
  const { top, height } = safe(size);
  return { scale, x: (size.width - BOARD_SIZE * scale) / 2, y: top + (height - BOARD_SIZE * scale) / 2 };
}

/** The square `focus` filling the canvas between the strips (at least `minScale`), as centred on it as the board's edges allow. */
export function focusView(size: ViewportSize, focus: Focus, minScale = 0): View {
  const { top, height } = safe(size);
  const scale = Math.max(Math.min(size.width, height) / Math.max(1, focus.size), minScale);
  return clampView(size, { scale, x: size.width / 2 - focus.x * scale, y: top + height / 2 - focus.y * scale });
}

/** The rectangle `box` (board units) as large as the canvas between the strips allows, centred on it as far as the board's edges allow. */
export function boxView(size: ViewportSize, box: Box): View {
  const { top, height } = safe(size);
  const scale = Math.min(size.width / Math.max(1, box.right - box.left), height / Math.max(1, box.bottom - box.top));
  const x = (box.left + box.right) / 2;
  const y = (box.top + box.bottom) / 2;
  return clampView(size, { scale, x: size.width / 2 - x * scale, y: top + height / 2 - y * scale });
}

/**
 * `view` within bounds: never smaller than the whole board's fit nor larger than maxScale; along
 * each axis the board is centred (between the strips) when it is narrower than that room, and
 * otherwise covers it.
 */
export function clampView(size: ViewportSize, view: View): View {
  const scale = Math.min(maxScale(size), Math.max(fitScale(size), view.scale));
  const room = safe(size);
  const along = (offset: number, from: number, extent: number) => {
    const board = BOARD_SIZE * scale;
    if (board <= extent + 1e-6) return from + (extent - board) / 2;
    return Math.min(from, Math.max(from + extent - board, offset));
  };
  // keep the board point at the canvas centre where it was when the scale had to change
  const k = scale / view.scale;
  const x = size.width / 2 - (size.width / 2 - view.x) * k;
  const y = size.height / 2 - (size.height / 2 - view.y) * k;
  return { scale, x: along(x, 0, size.width), y: along(y, room.top, room.height) };
}

/** Zoom by `factor` about the canvas point `at` (CSS px), which keeps showing the same board point. */
export function zoomAt(size: ViewportSize, view: View, factor: number, at: Point): View {
  const scale = Math.min(maxScale(size), Math.max(fitScale(size), view.scale * factor));
  const k = scale / view.scale;
  return clampView(size, { scale, x: at.x - (at.x - view.x) * k, y: at.y - (at.y - view.y) * k });
}

/** Move the board by (dx, dy) CSS px. */
export function panBy(size: ViewportSize, view: View, dx: number, dy: number): View {
  return clampView(size, { ...view, x: view.x + dx, y: view.y + dy });
}

/** The view part of the way from `from` to `to` (0 … 1). */
export function between(from: View, to: View, t: number): View {
  return { scale: from.scale + (to.scale - from.scale) * t, x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t };
}

/** True when two views draw the board (almost) alike. */
export function sameView(a: View, b: View): boolean {
  return Math.abs(a.scale - b.scale) < 1e-4 * Math.max(a.scale, b.scale) && Math.abs(a.x - b.x) < 0.25 && Math.abs(a.y - b.y) < 0.25;
}

/** Board point → canvas point (CSS px). */
export function toCanvas(view: View, p: Point): Point {
  return { x: p.x * view.scale + view.x, y: p.y * view.scale + view.y };
}

/** Canvas point (CSS px) → board point. */
export function toBoardPoint(view: View, p: Point): Point {
  return { x: (p.x - view.x) / view.scale, y: (p.y - view.y) / view.scale };
}
