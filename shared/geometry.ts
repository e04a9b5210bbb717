/**
 * The board in a fixed logical space (BOARD_SIZE × BOARD_SIZE units, never pixels): the
 * collaboration in a circle at the centre, one ring-shaped area per party around it.
 * Which area holds a point is decided on the plain polygons; the jigsaw tabs are decoration.
 */
import { AREA_LABEL, areaNameWidth } from './boardStyle.ts';

/** Width and height of the board space. */
export const BOARD_SIZE = 1000;
/** The centre of the board. */
export const CENTER = { x: BOARD_SIZE / 2, y: BOARD_SIZE / 2 } as const;
/** Radius of the collaboration circle in the middle. */
export const INNER_RADIUS = 150;
/** Outer radius of the party areas. */
export const OUTER_RADIUS = 490;
/** Size of a placed piece in board units. */
export const PIECE_SIZE = { width: 176, height: 58 } as const;
/** Fewest and most parties a board is laid out for. */
export const MIN_PARTIES = 2;
export const MAX_PARTIES = 8;

/** A point in board space. */
export interface Point {
  x: number;
  y: number;
}

const ARC_STEPS_PER_AREA = 24;

function polar(radius: number, angle: number): Point {
  return { x: CENTER.x + radius * Math.cos(angle), y: CENTER.y + radius * Math.sin(angle) };
}

/** The angles (radians, clockwise from the top) where area `index` of `count` starts and ends. */
export function areaAngles(count: number, index: number): { start: number; end: number } {
  const span = (2 * Math.PI) / count;
  const start = -Math.PI / 2 + index * span;
  return { start, end: start + span };
}

/** The plain polygon of a party's area, used to decide where a piece lies. */
export function areaPolygon(count: number, index: number): Point[] {
  const { start, end } = areaAngles(count, index);
  const outer: Point[] = [];
  const inner: Point[] = [];
  for (let s = 0; s <= ARC_STEPS_PER_AREA; s++) {
    const a = start + ((end - start) * s) / ARC_STEPS_PER_AREA;
    outer.push(polar(OUTER_RADIUS, a));
    inner.push(polar(INNER_RADIUS, a));
  }
  return [...outer, ...inner.reverse()];
}

/** True when `p` lies inside `polygon` (even-odd rule). */
export function pointInPolygon(p: Point, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

const polygonCache = new Map<number, Point[][]>();

/** The polygons of every area on a board of `count` parties (cached: they never change). */
export function areaPolygons(count: number): Point[][] {
  let polygons = polygonCache.get(count);
  if (!polygons) {
    polygons = Array.from({ length: count }, (_, i) => areaPolygon(count, i));
    polygonCache.set(count, polygons);
  }
  return polygons;
}

/**
 * The index of the party area holding `p`, or -1 when it lies in the centre or off the board.
 * Decided in polar coordinates, so the seams between areas have no gaps; it agrees with
 * `areaPolygon` everywhere but within a hair of the arcs.
 */
export function areaIndexAt(count: number, p: Point): number {
  if (!Number.isFinite(p.x) || !Number.isFinite(p.y) || count < 1) return -1;
  const dx = p.x - CENTER.x;
  const dy = p.y - CENTER.y;
  const r = Math.hypot(dx, dy);
  if (r < INNER_RADIUS || r > OUTER_RADIUS) return -1;
  // angle clockwise from the top, in [0, 2π)
  const turn = (Math.atan2(dy, dx) + Math.PI / 2 + 2 * Math.PI) % (2 * Math.PI);
  return Math.min(count - 1, Math.floor(turn / ((2 * Math.PI) / count)));
}

/** A good spot for a label of area `index`: in the outer part of the area, on its middle angle. */
export function areaLabelPoint(count: number, index: number): Point {
  const { start, end } = areaAngles(count, index);
  return polar(OUTER_RADIUS - 34, (start + end) / 2);
}

/** A rectangle in board space, by its edges. */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Height of the short-name badge of an area's label (its type size and padding above and below). */
const LABEL_BADGE_HEIGHT = AREA_LABEL.badgeSize + 12;
/** Room for two lines of the party's name under the badge (the drawers wrap it at areaNameWidth). */
const LABEL_NAME_HEIGHT = AREA_LABEL.nameGap + 2 * (AREA_LABEL.nameSize + 4);

/**
 * The space the label of area `index` (badge and name) takes, which the layout keeps free of
 * pieces. Labels in the lower half sit above their point (as both drawers place them), and a
 * label near the far left or right may be drawn moved inwards: the box covers both places.
 */
export function areaLabelBox(count: number, index: number): Box {
  const at = areaLabelPoint(count, index);
  const half = areaNameWidth(count) / 2 + 4;
  const height = LABEL_BADGE_HEIGHT + LABEL_NAME_HEIGHT;
  // a label in the lower half is lifted above its point by AREA_LABEL.lowerLift and its name's height
  const top = at.y > CENTER.y ? at.y + 4 - height : at.y - LABEL_BADGE_HEIGHT / 2 - 2;
  const bottom = top + height;
  // how far in a label must move to stay inside the outer rim (the poster moves it so)
  const reach = Math.sqrt(Math.max(0, OUTER_RADIUS ** 2 - Math.max((top - CENTER.y) ** 2, (bottom - CENTER.y) ** 2))) - 14;
  const inward = Math.min(Math.max(at.x, CENTER.x - reach + half), CENTER.x + reach - half);
  return { left: Math.min(at.x, inward) - half, top, right: Math.max(at.x, inward) + half, bottom };
}

/** A spot well inside area `index`, different for each `slot` (a drop point for tests and tools; the layout decides where pieces lie). */
export function areaSlotPoint(count: number, index: number, slot: number): Point {
  const { start, end } = areaAngles(count, index);
  const rings = [INNER_RADIUS + 75, INNER_RADIUS + 150, INNER_RADIUS + 225, INNER_RADIUS + 295];
  const perRing = Math.max(1, Math.floor(((end - start) * rings[0]!) / PIECE_SIZE.width));
  const ring = rings[Math.floor(slot / perRing) % rings.length]!;
  const along = ((slot % perRing) + 0.5) / perRing;
  return polar(ring, start + (end - start) * (0.15 + 0.7 * along));
}

// ---- decoration: the jigsaw outline ---------------------------------------------------------

const TAB_DEPTH = 34;
const TAB_RADIUS = 23;

/** Points of a jigsaw knob on the straight edge a→b, bulging along the unit normal `n`. */
function knobEdge(a: Point, b: Point, n: Point): Point[] {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy);
  const ux = dx / len;
  const uy = dy / len;
  const mid = { x: a.x + dx / 2, y: a.y + dy / 2 };
  const neck = TAB_RADIUS * 0.6;
  const c = { x: mid.x + n.x * TAB_DEPTH, y: mid.y + n.y * TAB_DEPTH };
  // walk the round head from the neck's start side, around the far side, to the neck's end side
  const startAngle = Math.atan2(mid.y - uy * neck - c.y, mid.x - ux * neck - c.x);
  const endAngle = Math.atan2(mid.y + uy * neck - c.y, mid.x + ux * neck - c.x);
  // go the long way round: the direction that passes the point farthest along n
  const far = Math.atan2(n.y, n.x);
  let sweep = endAngle - startAngle;
  const passesFar = (from: number, delta: number) => {
    const t = (((far - from) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    return delta > 0 ? t < delta : t > 2 * Math.PI + delta;
  };
  if (!passesFar(startAngle, sweep)) sweep = sweep > 0 ? sweep - 2 * Math.PI : sweep + 2 * Math.PI;
  const pts: Point[] = [a, { x: mid.x - ux * neck, y: mid.y - uy * neck }];
  for (let s = 1; s < 16; s++) {
    const t = startAngle + (sweep * s) / 16;
    pts.push({ x: c.x + TAB_RADIUS * Math.cos(t), y: c.y + TAB_RADIUS * Math.sin(t) });
  }
  pts.push({ x: mid.x + ux * neck, y: mid.y + uy * neck }, b);
  return pts;
}

/** The unit vector pointing clockwise (towards growing angles) across a radial edge at `angle`. */
function clockwise(angle: number): Point {
  return { x: -Math.sin(angle), y: Math.cos(angle) };
}

/**
 * The outline of area `index` with jigsaw knobs: each area has a knob into its clockwise
 * neighbour and a socket for its counter-clockwise neighbour's knob, so neighbours fit together.
 */
export function areaOutline(count: number, index: number): Point[] {
  const { start, end } = areaAngles(count, index);
  const pts: Point[] = [];
  for (let s = 0; s <= ARC_STEPS_PER_AREA; s++) pts.push(polar(OUTER_RADIUS, start + ((end - start) * s) / ARC_STEPS_PER_AREA));
  // outer end → inner end, along the edge shared with the clockwise neighbour: a knob
  pts.push(...knobEdge(polar(OUTER_RADIUS, end), polar(INNER_RADIUS, end), clockwise(end)).slice(1));
  for (let s = ARC_STEPS_PER_AREA; s >= 0; s--) pts.push(polar(INNER_RADIUS, start + ((end - start) * s) / ARC_STEPS_PER_AREA));
  // inner start → outer start, along the edge shared with the counter-clockwise neighbour: a socket
  pts.push(...knobEdge(polar(INNER_RADIUS, start), polar(OUTER_RADIUS, start), clockwise(start)).slice(1));
  return pts;
}

/** The round head of the knob that area `index`'s counter-clockwise neighbour puts into it (in its socket), as a disc. */
export function knobInside(count: number, index: number): { x: number; y: number; r: number } {
  const { start } = areaAngles(count, index);
  const a = polar(INNER_RADIUS, start);
  const b = polar(OUTER_RADIUS, start);
  const n = clockwise(start);
  return { x: (a.x + b.x) / 2 + n.x * TAB_DEPTH, y: (a.y + b.y) / 2 + n.y * TAB_DEPTH, r: TAB_RADIUS };
}

/** The square (centre and side) that shows area `index` whole, knobs included, with a margin: what a spotlight zooms to. */
export function areaFocus(count: number, index: number): { x: number; y: number; size: number } {
  const outline = areaOutline(count, index);
  const xs = outline.map((p) => p.x);
  const ys = outline.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return { x: (minX + maxX) / 2, y: (minY + maxY) / 2, size: Math.max(maxX - minX, maxY - minY) * 1.12 };
}
