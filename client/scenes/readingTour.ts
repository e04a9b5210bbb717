/**
 * The shared screen's reading tour: when the whole board, fitted to the screen, draws some value's
 * label smaller than people across the room can read (a real workshop: 8 parties × 15 values on a
 * 1920 × 1080 screen), the screen shows the board part by part — each area in turn, zoomed until
 * every label in it reads, and split into as few parts as that needs — between views of the whole.
 * This module decides the parts (the stops); the screen (client/screens/screenTour.ts) walks them.
 * Pure: board units in, boxes out; no Pixi, no DOM.
 */
import type { Box } from '../../shared/geometry.ts';

/** What the tour needs of one drawn piece: its area, the rectangle it covers and its label's size, in board units. */
export interface TourPiece {
  id: string;
  areaPartyId: string;
  box: Box;
  /** The label's type size as drawn (its font size times the piece's scale), in board units. */
  label: number;
}

/** One stop: a part of one area's pieces and the box around them that the screen fills with. */
export interface TourStop {
  areaPartyId: string;
  /** The piece ids this stop shows readable. */
  pieceIds: string[];
  /** The box the screen shows (board units): the pieces' box, with a margin. */
  box: Box;
  /** Which part of its area this is (1-based) and of how many. */
  part: number;
  parts: number;
}

/** The room the board is drawn in (CSS px) and the least label size that reads there. */
export interface TourRoom {
  width: number;
  height: number;
  /** The smallest label, in CSS px, people must be able to read. */
  minLabelPx: number;
  /** The largest zoom the screen allows (CSS px per board unit). */
  maxScale: number;
}

/** Space kept around a stop's pieces (board units), so no piece touches the screen's edge. */
export const TOUR_MARGIN = 14;

/** The scale at which `box` fills the room (the smaller of its two ratios). */
export function boxScale(room: Pick<TourRoom, 'width' | 'height'>, box: Box): number {
  return Math.min(room.width / Math.max(1, box.right - box.left), room.height / Math.max(1, box.bottom - box.top));
}

/** The box around `pieces` with TOUR_MARGIN on every side. */
function around(pieces: readonly TourPiece[]): Box {
  let left = Number.POSITIVE_INFINITY;
  let top = Number.POSITIVE_INFINITY;
  let right = Number.NEGATIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  for (const { box } of pieces) {
    left = Math.min(left, box.left);
    top = Math.min(top, box.top);
    right = Math.max(right, box.right);
    bottom = Math.max(bottom, box.bottom);
  }
  return { left: left - TOUR_MARGIN, top: top - TOUR_MARGIN, right: right + TOUR_MARGIN, bottom: bottom + TOUR_MARGIN };
}

/** True when every label of `pieces` reads at `scale`. */
function readsAt(pieces: readonly TourPiece[], scale: number, minLabelPx: number): boolean {
  return pieces.every((p) => p.label * scale >= minLabelPx - 1e-9);
}

/** True when the whole board at `fit` (CSS px per board unit) draws every label readable: no tour is needed. */
export function boardReads(pieces: readonly TourPiece[], fit: number, minLabelPx: number): boolean {
  return readsAt(pieces, fit, minLabelPx);
}

/**
 * The parts of one area's pieces: the whole when its box, filling the room, draws every label
 * readable; otherwise split across the box's longer side at the median piece, each half again as
 * needed. A single piece is always one part (at the screen's largest zoom it reads, or nothing does).
 */
function parts(pieces: readonly TourPiece[], room: TourRoom): TourPiece[][] {
  const box = around(pieces);
  const scale = Math.min(room.maxScale, boxScale(room, box));
  if (pieces.length <= 1 || readsAt(pieces, scale, room.minLabelPx)) return [[...pieces]];
  // split along the side that, relative to the room, limits the zoom
  const wide = (box.right - box.left) / room.width >= (box.bottom - box.top) / room.height;
  const centre = (p: TourPiece) => (wide ? p.box.left + p.box.right : p.box.top + p.box.bottom);
  const sorted = [...pieces].sort((a, b) => centre(a) - centre(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const half = Math.ceil(sorted.length / 2);
  return [...parts(sorted.slice(0, half), room), ...parts(sorted.slice(half), room)];
}

/**
 * The tour's stops, area by area in `areaOrder` (areas without pieces are left out), each area in
 * as few parts as make all its labels read. Every piece is in exactly one stop. Empty when the
 * whole board already reads at `fit`.
 */
export function tourStops(pieces: readonly TourPiece[], areaOrder: readonly string[], room: TourRoom, fit: number): TourStop[] {
  if (boardReads(pieces, fit, room.minLabelPx)) return [];
  const stops: TourStop[] = [];
  for (const areaPartyId of areaOrder) {
    const inArea = pieces.filter((p) => p.areaPartyId === areaPartyId);
    if (inArea.length === 0) continue;
    const split = parts(inArea, room);
    split.forEach((group, i) => {
      stops.push({ areaPartyId, pieceIds: group.map((p) => p.id), box: around(group), part: i + 1, parts: split.length });
    });
  }
  return stops;
}
