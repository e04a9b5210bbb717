/**
 * Where pieces lie, decided by the rules and stored, so every screen, a reload and the exports
 * show the same picture. Each party's area is cut into sub-zones, one per placing party: the
 * area's own party first, then each partner in party order. A sub-zone is a fixed set of tiles of
 * its area (from the geometry and the number of parties only) and lays its pieces out in slots,
 * at the largest size of PIECE_LIMITS.scales at which they all fit: pieces shrink as it fills and
 * never overlap or leave their area. A sub-zone holds the pieces of one party in one area, which a
 * viewer sees all or none of (shared/view.ts canSeePiece), so what anyone sees never depends on
 * pieces hidden from them. From the reveal on, each area is arranged afresh by how its values are
 * perceived (revealArrangement), which the board, the PNG and the PDF all draw.
 * Pure: imports nothing but the shared geometry, limits and reveal.
 */
import { CENTER, INNER_RADIUS, OUTER_RADIUS, PIECE_SIZE, areaAngles, areaLabelBox, knobInside, type Box, type Point } from './geometry.ts';
import { PIECE_LIMITS } from './limits.ts';
import { compareParty } from './reveal.ts';
import type { Party, Phase, PlacedPiece, WorkshopState } from './types.ts';

/** Space between two pieces (half of it on each side of a piece). */
export const PIECE_GAP = 3;
/** Least distance from a piece to its area's edge. */
const EDGE_MARGIN = 3;
/** The smallest size a piece shrinks to. */
export const MIN_SCALE: number = PIECE_LIMITS.scales[PIECE_LIMITS.scales.length - 1]!;
/**
 * Sizes below the smallest, only for laying out a board that holds more than the caps allow (one
 * stored before there were caps): the rules never place at them.
 */
const OVERFLOW_SCALES = [0.4, 0.35, 0.3] as const;
/** The phases whose board shows the reveal arrangement instead of the sub-zones. */
export const ARRANGED_PHASES: readonly Phase[] = ['reveal', 'dialogue', 'agreement'];

/** Where a piece lies and how large it is: its centre, and its size as a share of PIECE_SIZE. */
export interface Slot {
  x: number;
  y: number;
  scale: number;
}

/** The rectangle a piece at `slot` covers. */
export function pieceBox(slot: Slot): Box {
  const w = (PIECE_SIZE.width * slot.scale) / 2;
  const h = (PIECE_SIZE.height * slot.scale) / 2;
  return { left: slot.x - w, top: slot.y - h, right: slot.x + w, bottom: slot.y + h };
}

/** True when two rectangles share more than an edge. */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** What the containment test needs of one area: the directions of its two edges, and the box around it. */
interface AreaShape {
  ax: number;
  ay: number;
  bx: number;
  by: number;
  bounds: Box;
}

const shapeCache = new Map<string, AreaShape>();

function shapeOf(count: number, index: number): AreaShape {
  const key = `${count}:${index}`;
  let shape = shapeCache.get(key);
  if (!shape) {
    const { start, end } = areaAngles(count, index);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let s = 0; s <= 64; s++) {
      const a = start + ((end - start) * s) / 64;
      for (const r of [INNER_RADIUS, OUTER_RADIUS]) {
        xs.push(CENTER.x + r * Math.cos(a));
        ys.push(CENTER.y + r * Math.sin(a));
      }
    }
    const bounds = { left: Math.min(...xs) - 1, top: Math.min(...ys) - 1, right: Math.max(...xs) + 1, bottom: Math.max(...ys) + 1 };
    shape = { ax: Math.cos(start), ay: Math.sin(start), bx: Math.cos(end), by: Math.sin(end), bounds };
    shapeCache.set(key, shape);
  }
  return shape;
}

/** True when `box` lies inside area `index` of `count`, at least `margin` from its edges. */
export function boxInArea(count: number, index: number, box: Box, margin = 0): boolean {
  return insideShape(shapeOf(count, index), box.left, box.top, box.right, box.bottom, margin);
}

/** True when the point (x, y) is within the outer circle less `margin`, and `margin` inside both edges of the area's wedge. */
function cornerInside(shape: AreaShape, x: number, y: number, margin: number): boolean {
  const dx = x - CENTER.x;
  const dy = y - CENTER.y;
  const outer = OUTER_RADIUS - margin;
  return dx * dx + dy * dy <= outer * outer && shape.ax * dy - shape.ay * dx >= margin && dx * shape.by - dy * shape.bx >= margin;
}

/** The containment test on a known shape (an area spans at most half the ring, so its wedge is convex and its corners decide). */
function insideShape(shape: AreaShape, left: number, top: number, right: number, bottom: number, margin: number): boolean {
  if (!cornerInside(shape, left, top, margin) || !cornerInside(shape, right, top, margin)) return false;
  if (!cornerInside(shape, left, bottom, margin) || !cornerInside(shape, right, bottom, margin)) return false;
  const nearX = Math.min(Math.max(CENTER.x, left), right) - CENTER.x;
  const nearY = Math.min(Math.max(CENTER.y, top), bottom) - CENTER.y;
  const inner = INNER_RADIUS + margin;
  return nearX * nearX + nearY * nearY >= inner * inner;
}

// ---- tiles: the area's room at the smallest size ------------------------------------------

/** A tile holds one piece of the smallest size with half a gap around it; touching tiles make the room of bigger pieces. */
const TILE = { width: PIECE_SIZE.width * MIN_SCALE + PIECE_GAP, height: PIECE_SIZE.height * MIN_SCALE + PIECE_GAP } as const;

interface Tile {
  row: number;
  left: number;
}

/** The tiles of one area, in rows from `top` down, in reading order. */
interface AreaTiles {
  top: number;
  tiles: Tile[];
}

/** The sizes at which one sub-zone (or a whole area, for the reveal) lays pieces out. */
interface Tier {
  scale: number;
  /** The slots at this size, in reading order (rows from the top, each from the left). */
  slots: Slot[];
  /** True for the sizes below the smallest, never used to place. */
  overflow: boolean;
}

/** The room of one sub-zone, or of a whole area. */
interface Room {
  /** Sizes with strictly more slots the smaller they get; the first fits fewest, largest pieces. */
  tiers: Tier[];
  /** Most pieces it holds: its slots at the smallest size, bounded by the table's cap. */
  capacity: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** A disc a piece keeps off (a neighbour's knob in the area's socket). */
interface Disc {
  x: number;
  y: number;
  r: number;
}

/** True when the rectangle comes within the disc. */
function boxTouchesDisc(box: Box, disc: Disc): boolean {
  const dx = Math.max(box.left - disc.x, 0, disc.x - box.right);
  const dy = Math.max(box.top - disc.y, 0, disc.y - box.bottom);
  return dx * dx + dy * dy < disc.r * disc.r;
}

/** True when a piece filling the box of `width` × `height` at (left, top), less half a gap all round, lies inside the area (`margin` in from its edges), off its label and off `avoid`. */
function boxFits(shape: AreaShape, label: Box, left: number, top: number, width: number, height: number, margin = EDGE_MARGIN, avoid?: Disc): boolean {
  const half = PIECE_GAP / 2;
  const l = left + half;
  const t = top + half;
  const r = left + width - half;
  const b = top + height - half;
  const onLabel = l < label.right && label.left < r && t < label.bottom && label.top < b;
  if (onLabel || !insideShape(shape, l, t, r, b, margin)) return false;
  return !avoid || !boxTouchesDisc({ left: l, top: t, right: r, bottom: b }, avoid);
}

/** The lefts of boxes of `width` × `height` that fit in the row at `top`, packed and centred in each stretch where they fit. */
function rowBoxes(shape: AreaShape, label: Box, top: number, width: number, height: number, margin = EDGE_MARGIN, avoid?: Disc): number[] {
  const fits = (x: number) => boxFits(shape, label, x, top, width, height, margin, avoid);
  const step = 3;
  const { bounds } = shape;
  const from = bounds.left - step;
  const to = bounds.right;
  const lefts: number[] = [];
  let runStart: number | undefined;
  for (let x = from; x <= to + step; x += step) {
    const ok = x <= to && fits(x);
    if (ok && runStart === undefined) runStart = x;
    if (!ok && runStart !== undefined) {
      // find the run's exact ends between the last miss and the first hit (and back)
      let inA = runStart;
      let outA = runStart - step;
      let inB = x - step;
      let outB = x;
      for (let k = 0; k < 10; k++) {
        const midA = (inA + outA) / 2;
        if (fits(midA)) inA = midA;
        else outA = midA;
        const midB = (inB + outB) / 2;
        if (fits(midB)) inB = midB;
        else outB = midB;
      }
      const n = Math.floor((inB - inA) / width + 1e-9) + 1;
      const first = inA + (inB - inA - (n - 1) * width) / 2;
      for (let j = 0; j < n; j++) lefts.push(first + j * width);
      runStart = undefined;
    }
  }
  return lefts;
}

/** The tiles of area `index`: rows at the vertical offset that fits the most of them. */
function areaTiles(count: number, index: number): AreaTiles {
  const label = areaLabelBox(count, index);
  let best: AreaTiles = { top: 0, tiles: [] };
  const shape = shapeOf(count, index);
  const { bounds } = shape;
  for (let offset = 0; offset < TILE.height; offset += 1.5) {
    const top = bounds.top + offset;
    const tiles: Tile[] = [];
    for (let row = 0; top + (row + 1) * TILE.height <= bounds.bottom; row++) {
      for (const left of rowBoxes(shape, label, top + row * TILE.height, TILE.width, TILE.height)) tiles.push({ row, left });
    }
    if (tiles.length > best.tiles.length) best = { top, tiles };
  }
  return best;
}

/**
 * Pieces of size `scale` in the room the `tiles` make together: rows of pieces from the top of
 * the tiles, each row packed and centred in the stretches every tile row under it covers.
 */
function packTiles(count: number, index: number, area: AreaTiles, tiles: readonly Tile[], scale: number): Slot[] {
  if (tiles.length === 0) return [];
  const label = areaLabelBox(count, index);
  const rows = new Map<number, [number, number][]>();
  for (const tile of tiles) {
    const spans = rows.get(tile.row) ?? [];
    const last = spans.at(-1);
    // tiles of a row come left to right; touching ones make one stretch
    if (last && Math.abs(last[1] - tile.left) < 1e-6) last[1] = tile.left + TILE.width;
    else spans.push([tile.left, tile.left + TILE.width]);
    rows.set(tile.row, spans);
  }
  const firstRow = Math.min(...rows.keys());
  const lastRow = Math.max(...rows.keys());
  const boxW = PIECE_SIZE.width * scale + PIECE_GAP;
  const boxH = PIECE_SIZE.height * scale + PIECE_GAP;
  const bottom = area.top + (lastRow + 1) * TILE.height;
  // rows of pieces may start lower than the first row of tiles: the start that fits the most wins
  let best: Slot[] = [];
  for (let shift = 0; shift < boxH - 1e-6; shift += TILE.height / 2) {
    const slots = packRows(count, index, area, rows, area.top + firstRow * TILE.height + shift, bottom, boxW, boxH, scale, label);
    if (slots.length > best.length) best = slots;
  }
  return best;
}

/** Rows of pieces of size `scale` from `start` down to `bottom`, in the stretches each tile row under them covers. */
function packRows(count: number, index: number, area: AreaTiles, rows: ReadonlyMap<number, [number, number][]>, start: number, bottom: number, boxW: number, boxH: number, scale: number, label: Box): Slot[] {
  const slots: Slot[] = [];
  for (let top = start; top + boxH <= bottom + 1e-6; top += boxH) {
    const from = Math.floor((top - area.top) / TILE.height + 1e-6);
    const to = Math.ceil((top + boxH - area.top) / TILE.height - 1e-6) - 1;
    let spans: [number, number][] = rows.get(from) ?? [];
    for (let row = from + 1; row <= to; row++) spans = intersect(spans, rows.get(row) ?? []);
    for (const [left, right] of spans) {
      const n = Math.floor((right - left) / boxW + 1e-6);
      const first = left + (right - left - n * boxW) / 2;
      for (let j = 0; j < n; j++) {
        const slot = { x: round(first + j * boxW + boxW / 2), y: round(top + boxH / 2), scale };
        const box = pieceBox(slot);
        // a big piece over the seam of two tiles could still touch a curve or the label: check it whole
        if (boxInArea(count, index, box) && !boxesOverlap(box, label)) slots.push(slot);
      }
    }
  }
  return slots;
}

/** The stretches two lists of sorted, disjoint stretches share. */
function intersect(a: readonly [number, number][], b: readonly [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [l1, r1] of a) {
    for (const [l2, r2] of b) {
      const l = Math.max(l1, l2);
      const r = Math.min(r1, r2);
      if (r - l > 1e-6) out.push([l, r]);
    }
  }
  return out;
}

/** The room `tiles` make: a tier per size that holds more than the size before, then the overflow sizes. */
function roomOf(count: number, index: number, area: AreaTiles, tiles: readonly Tile[], cap: number): Room {
  const tiers: Tier[] = [];
  for (const scale of PIECE_LIMITS.scales) {
    const slots = packTiles(count, index, area, tiles, scale);
    // once a size holds the cap, smaller ones serve only a board past the caps
    const overflow = (tiers.at(-1)?.slots.length ?? 0) >= cap;
    if (slots.length > (tiers.at(-1)?.slots.length ?? 0)) tiers.push({ scale, slots, overflow });
  }
  const capacity = Math.min(cap, tiers.filter((t) => !t.overflow).at(-1)?.slots.length ?? 0);
  for (const scale of OVERFLOW_SCALES) {
    const slots = packTiles(count, index, area, tiles, scale);
    if (slots.length > (tiers.at(-1)?.slots.length ?? 0)) tiers.push({ scale, slots, overflow: true });
  }
  return { tiers, capacity };
}

/**
 * Pieces of size `scale` laid over the whole area, straight from its shape (nothing is cut into
 * sub-zones at the reveal): rows at the vertical offset that fits the most.
 */
function packArea(count: number, index: number, scale: number, margin = EDGE_MARGIN, avoid?: Disc): Slot[] {
  const shape = shapeOf(count, index);
  const label = areaLabelBox(count, index);
  const boxW = PIECE_SIZE.width * scale + PIECE_GAP;
  const boxH = PIECE_SIZE.height * scale + PIECE_GAP;
  let best: Slot[] = [];
  for (let offset = 0; offset < boxH; offset += 3) {
    const slots: Slot[] = [];
    for (let top = shape.bounds.top + offset; top + boxH <= shape.bounds.bottom; top += boxH) {
      for (const left of rowBoxes(shape, label, top, boxW, boxH, margin, avoid)) slots.push({ x: round(left + boxW / 2), y: round(top + boxH / 2), scale });
    }
    if (slots.length > best.length) best = slots.filter((slot) => boxInArea(count, index, pieceBox(slot)) && !boxesOverlap(pieceBox(slot), label));
  }
  return best;
}

/**
 * The room of a whole area for the reveal: each size packed over the area's shape, and at the
 * smallest size its tiles, so it always holds what its sub-zones together hold (`capacity`).
 */
function wholeRoom(count: number, index: number, area: AreaTiles, capacity: number): Room {
  const tiers: Tier[] = [];
  for (const scale of [...PIECE_LIMITS.scales, ...OVERFLOW_SCALES]) {
    const overflow = !(PIECE_LIMITS.scales as readonly number[]).includes(scale);
    const packed = scale === MIN_SCALE ? packTiles(count, index, area, area.tiles, scale) : packArea(count, index, scale);
    if (packed.length > (tiers.at(-1)?.slots.length ?? 0)) tiers.push({ scale, slots: packed, overflow });
  }
  return { tiers, capacity };
}

/** One area's rooms: each sub-zone's, and its tiles (the whole area's room for the reveal is wholeRoomOf's). */
interface AreaRooms {
  zones: Room[];
  tiles: AreaTiles;
}

const roomCache = new Map<string, AreaRooms>();

/** The rooms of area `index` on a board of `count` parties (computed once, then cached: they never change). */
function areaRooms(count: number, index: number): AreaRooms {
  const key = `${count}:${index}`;
  const cached = roomCache.get(key);
  if (cached) return cached;
  const area = areaTiles(count, index);
  // the own party's sub-zone lies on the outer side (where the area is widest), the partners' inwards
  const { start, end } = areaAngles(count, index);
  const outerBelow = Math.sin((start + end) / 2) > 0.3;
  const order = [...area.tiles].sort((a, b) => (outerBelow ? b.row - a.row : a.row - b.row) || a.left - b.left);
  const partners = count - 1;
  const own = Math.max(0, Math.min(order.length - partners, Math.round(order.length * PIECE_LIMITS.ownShare)));
  const rest = order.length - own;
  const sizes = [own, ...Array.from({ length: partners }, (_, i) => Math.floor(rest / partners) + (i < rest % partners ? 1 : 0))];
  const zones: Room[] = [];
  let from = 0;
  sizes.forEach((size, zone) => {
    const tiles = order.slice(from, from + size).sort((a, b) => a.row - b.row || a.left - b.left);
    from += size;
    zones.push(roomOf(count, index, area, tiles, zone === 0 ? PIECE_LIMITS.perSubZone.own : PIECE_LIMITS.perSubZone.partner));
  });
  const rooms = { zones, tiles: area };
  roomCache.set(key, rooms);
  return rooms;
}

const wholeCache = new Map<string, Room>();

/** The room of area `index` as a whole, for the reveal (computed once it is first needed, then cached). */
function wholeRoomOf(count: number, index: number): Room {
  const key = `${count}:${index}`;
  let room = wholeCache.get(key);
  if (!room) {
    const { zones, tiles } = areaRooms(count, index);
    room = wholeRoom(count, index, tiles, zones.reduce((sum, z) => sum + z.capacity, 0));
    wholeCache.set(key, room);
  }
  return room;
}

// ---- sub-zones and slots of pieces -----------------------------------------------------------

/** A sub-zone: the area it lies in and its place among the area's sub-zones (0 for the area's own party). */
export interface SubZone {
  area: number;
  zone: number;
}

/** The sub-zone of a piece of party `placerId` in the area of party `areaId`, or undefined when either is not a party. */
export function subZoneOf(parties: readonly Pick<Party, 'id'>[], areaId: string, placerId: string): SubZone | undefined {
  const area = parties.findIndex((p) => p.id === areaId);
  const placer = parties.findIndex((p) => p.id === placerId);
  if (area < 0 || placer < 0) return undefined;
  // partners in party order, the area's own party left out
  return { area, zone: placer === area ? 0 : placer < area ? placer + 1 : placer };
}

/** How many pieces sub-zone `zone` of area `area` holds on a board of `count` parties. */
export function subZoneCapacity(count: number, area: number, zone: number): number {
  return areaRooms(count, area).zones[zone]?.capacity ?? 0;
}

/** The sizes sub-zone `zone` of area `area` lays pieces at on a board of `count` parties, largest first, with their slots in reading order (for tests and for showing where a drop would land). */
export function subZoneSizes(count: number, area: number, zone: number): readonly { scale: number; slots: readonly Slot[] }[] {
  const room = areaRooms(count, area).zones[zone];
  return room ? room.tiers.filter((t) => !t.overflow).map(({ scale, slots }) => ({ scale, slots: slots.slice(0, room.capacity) })) : [];
}

/** The sizes a whole area is laid out at for the reveal, largest first, with their slots in reading order. */
export function areaSizes(count: number, area: number): readonly { scale: number; slots: readonly Slot[] }[] {
  return wholeRoomOf(count, area).tiers.filter((t) => !t.overflow).map(({ scale, slots }) => ({ scale, slots }));
}

/** How many pieces area `area` holds: the sum of its sub-zones, all of which its reveal arrangement fits. */
export function areaCapacity(count: number, area: number): number {
  return areaRooms(count, area).zones.reduce((sum, z) => sum + z.capacity, 0);
}

const sameSpot = (slot: Slot, piece: Slot) => Math.abs(slot.x - piece.x) < 0.5 && Math.abs(slot.y - piece.y) < 0.5;

/** The slot index each piece holds at its size, in the pieces' order; undefined when it holds none (or one an earlier piece holds). */
function indicesOf(room: Room, pieces: readonly Slot[]): (number | undefined)[] {
  const taken = new Set<number>();
  return pieces.map((piece) => {
    const slots = room.tiers.find((t) => t.scale === piece.scale)?.slots ?? [];
    const index = slots.findIndex((slot) => sameSpot(slot, piece));
    if (index < 0 || taken.has(index)) return undefined;
    taken.add(index);
    return index;
  });
}

/** The tier pieces holding slot indices up to `highest` are laid at: the largest size with that many slots (the smallest when none has). */
function tierFor(room: Room, highest: number): number {
  const tier = room.tiers.findIndex((t) => t.slots.length > highest);
  return tier < 0 ? room.tiers.length - 1 : tier;
}

/**
 * A free slot index for one more piece, looking from tier `from` down to smaller sizes: the one
 * nearest to `near` (the first in reading order without it); `prefer` first, when it is free.
 * Only slots below the capacity, unless `overflow` allows the sizes past the smallest.
 */
function pick(room: Room, taken: ReadonlySet<number>, from: number, near: Point | undefined, prefer: number | undefined, overflow: boolean): number | undefined {
  const limit = overflow ? Number.POSITIVE_INFINITY : room.capacity;
  if (prefer !== undefined && prefer < limit && !taken.has(prefer) && prefer < (room.tiers.at(-1)?.slots.length ?? 0)) return prefer;
  for (let t = Math.max(0, from); t < room.tiers.length; t++) {
    const tier = room.tiers[t]!;
    if (tier.overflow && !overflow) break;
    let best: number | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    tier.slots.forEach((slot, i) => {
      if (i >= limit || taken.has(i)) return;
      const distance = near ? Math.hypot(slot.x - near.x, slot.y - near.y) : i;
      if (distance < bestDistance) [best, bestDistance] = [i, distance];
    });
    if (best !== undefined) return best;
  }
  return undefined;
}

/** The pieces of one sub-zone at the positions and size their slot indices give (one shared size for the sub-zone). */
function position(room: Room, pieces: readonly PlacedPiece[], indices: readonly number[]): PlacedPiece[] {
  const tier = room.tiers[tierFor(room, Math.max(-1, ...indices))];
  if (!tier) return [...pieces];
  return pieces.map((piece, i) => {
    // past even the smallest overflow size a board too full for any layout stacks its last pieces
    const slot = tier.slots[Math.min(indices[i]!, tier.slots.length - 1)]!;
    return slot.x === piece.x && slot.y === piece.y && tier.scale === piece.scale ? piece : { ...piece, x: slot.x, y: slot.y, scale: tier.scale };
  });
}

/** The pieces of `pieces` in sub-zone `zone`, with their positions in `pieces`. */
function zoneMembers(parties: readonly Pick<Party, 'id'>[], pieces: readonly PlacedPiece[], zone: SubZone): number[] {
  const members: number[] = [];
  pieces.forEach((p, i) => {
    const z = subZoneOf(parties, p.areaPartyId, p.placedByPartyId);
    if (z && z.area === zone.area && z.zone === zone.zone) members.push(i);
  });
  return members;
}

/**
 * Lay out sub-zone `zone` of `pieces` again: pieces on a slot of their size keep its index, the
 * others (a board laid out by an older version, or an import) take the nearest free slot to where
 * they lie, in order; then all take the size their indices need.
 */
function settle(parties: readonly Pick<Party, 'id'>[], pieces: readonly PlacedPiece[], zone: SubZone): PlacedPiece[] {
  const members = zoneMembers(parties, pieces, zone);
  if (members.length === 0) return [...pieces];
  const room = areaRooms(parties.length, zone.area).zones[zone.zone]!;
  const own = members.map((i) => pieces[i]!);
  const found = indicesOf(room, own);
  const taken = new Set(found.filter((i): i is number => i !== undefined));
  const indices = found.map((index, k) => {
    if (index !== undefined) return index;
    const next = pick(room, taken, tierFor(room, Math.max(-1, ...taken)), own[k], undefined, true) ?? (room.tiers.at(-1)?.slots.length ?? 1) - 1;
    taken.add(next);
    return next;
  });
  const laid = position(room, own, indices);
  const out = [...pieces];
  members.forEach((i, k) => (out[i] = laid[k]!));
  return out;
}

/** Where to put a piece: near a point (a drop), and for an undo the slot it held before. */
export interface Placement {
  near?: Point;
  /** The place the piece held before (an undo puts it back there when that slot is free). */
  before?: Slot;
}

/**
 * `pieces` with `piece` put into its sub-zone (replacing the piece with its id, if there is one):
 * in the same sub-zone it takes the free slot nearest to `near` at the sub-zone's present size (or
 * stays where it is without `near`); elsewhere the nearest free slot to `near` (the first in reading
 * order without it), its former slot for an undo. The sub-zones it left and entered are laid out
 * again, at the size their pieces now need. Undefined when its sub-zone is full or it names no party.
 */
export function putPiece(parties: readonly Pick<Party, 'id'>[], pieces: readonly PlacedPiece[], piece: PlacedPiece, where: Placement = {}): PlacedPiece[] | undefined {
  const zone = subZoneOf(parties, piece.areaPartyId, piece.placedByPartyId);
  if (!zone) return undefined;
  const room = areaRooms(parties.length, zone.area).zones[zone.zone]!;
  const oldAt = pieces.findIndex((p) => p.id === piece.id);
  const old = oldAt >= 0 ? pieces[oldAt]! : undefined;
  const oldZone = old ? subZoneOf(parties, old.areaPartyId, old.placedByPartyId) : undefined;
  const stays = old !== undefined && oldZone?.area === zone.area && oldZone.zone === zone.zone;
  // a piece leaving its sub-zone frees its slot there first; one that stays keeps its turn
  let board = [...pieces];
  if (old && !stays) {
    board.splice(oldAt, 1);
    if (oldZone) board = settle(parties, board, oldZone);
  }
  board = settle(parties, board, zone);
  const members = zoneMembers(parties, board, zone).filter((i) => board[i]!.id !== piece.id);
  if (members.length >= room.capacity) return undefined;
  const others = members.map((i) => board[i]!);
  const indices = indicesOf(room, others) as number[];
  const taken = new Set(indices);
  let from = tierFor(room, Math.max(-1, ...indices));
  // an undo's former slot first; a piece that stays and is given no point keeps its own
  let prefer = where.before ? indicesOf(room, [where.before])[0] : undefined;
  if (stays) {
    const current = indicesOf(room, [...others, board[oldAt]!]).at(-1);
    // a move within the sub-zone chooses among the slots of the size it shows now
    from = tierFor(room, Math.max(-1, ...indices, current ?? -1));
    if (!where.near) prefer ??= current;
  }
  const index = pick(room, taken, from, where.near ?? where.before, prefer, false);
  if (index === undefined) return undefined;
  const laid = position(room, [...others, piece], [...indices, index]);
  const out = [...board];
  members.forEach((i, k) => (out[i] = laid[k]!));
  const placed = laid.at(-1)!;
  if (stays) out[oldAt] = placed;
  else if (old) out.splice(oldAt, 0, placed);
  else out.push(placed);
  return out;
}

/** `pieces` without the piece `pieceId`, its sub-zone laid out again (its pieces may grow back). */
export function takePiece(parties: readonly Pick<Party, 'id'>[], pieces: readonly PlacedPiece[], pieceId: string): PlacedPiece[] {
  const at = pieces.findIndex((p) => p.id === pieceId);
  if (at < 0) return [...pieces];
  const piece = pieces[at]!;
  const rest = pieces.filter((_, i) => i !== at);
  const zone = subZoneOf(parties, piece.areaPartyId, piece.placedByPartyId);
  return zone ? settle(parties, rest, zone) : rest;
}

/** Every sub-zone of the board laid out (for a board from an older version or a file): pieces already on their slots stay. */
export function layOutBoard(parties: readonly Pick<Party, 'id'>[], pieces: readonly PlacedPiece[]): PlacedPiece[] {
  let out = [...pieces];
  const seen = new Set<string>();
  for (const piece of pieces) {
    const zone = subZoneOf(parties, piece.areaPartyId, piece.placedByPartyId);
    if (!zone || seen.has(`${zone.area}:${zone.zone}`)) continue;
    seen.add(`${zone.area}:${zone.zone}`);
    out = settle(parties, out, zone);
  }
  return out;
}

/**
 * The free slot after (direction 1) or before (-1) the piece's own in its sub-zone, in reading
 * order at the present size, as a point to send as a move's `near` (the arrow keys); undefined at
 * the end of the sub-zone or for a piece that is not on the board.
 */
export function neighbourSlot(state: Pick<WorkshopState, 'parties' | 'pieces'>, pieceId: string, direction: 1 | -1): Point | undefined {
  const piece = state.pieces.find((p) => p.id === pieceId);
  const zone = piece && subZoneOf(state.parties, piece.areaPartyId, piece.placedByPartyId);
  if (!piece || !zone) return undefined;
  const room = areaRooms(state.parties.length, zone.area).zones[zone.zone]!;
  const members = zoneMembers(state.parties, state.pieces, zone).map((i) => state.pieces[i]!);
  const indices = indicesOf(room, members);
  const own = indices[members.indexOf(piece)];
  if (own === undefined) return undefined;
  const taken = new Set(indices.filter((i): i is number => i !== undefined));
  const tier = room.tiers[tierFor(room, Math.max(...taken))]!;
  for (let i = own + direction; i >= 0 && i < Math.min(room.capacity, tier.slots.length); i += direction) {
    if (!taken.has(i)) return { x: tier.slots[i]!.x, y: tier.slots[i]!.y };
  }
  return undefined;
}

// ---- the reveal arrangement --------------------------------------------------------------------

/**
 * The order of an area's pieces at the reveal: its shared values first (the own piece, then the
 * partners' beside it), then what only the party saw (unseen by partners), then what only partners
 * saw (the party's blind spots); any piece the comparison does not name comes last.
 */
function revealOrder(state: Pick<WorkshopState, 'pieces' | 'kinds'>, partyId: string): PlacedPiece[] {
  // in the order they were placed, not as a list happens to hold them (a client sorts its own, an undo appends)
  const pieces = [...state.pieces].sort((a, b) => a.placedAt - b.placedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const { values } = compareParty({ pieces, kinds: state.kinds }, partyId);
  const ordered: PlacedPiece[] = [];
  for (const perception of ['shared', 'unseen', 'blind-spot'] as const) {
    for (const value of values) {
      if (value.perception !== perception) continue;
      if (value.own) ordered.push(value.own);
      ordered.push(...value.partners);
    }
  }
  const named = new Set(ordered.map((p) => p.id));
  return [...ordered, ...pieces.filter((p) => p.areaPartyId === partyId && !named.has(p.id))];
}

/**
 * The `n` slots of `slots` nearest the middle of area `index` (half-way out and half-way round),
 * in their reading order: an area with few values shows them together in its middle, clear of its
 * edges and the neighbours' knobs, not crowded into its top corner.
 */
function middleSlots(count: number, index: number, slots: readonly Slot[], n: number): readonly Slot[] {
  if (n >= slots.length) return slots;
  const { start, end } = areaAngles(count, index);
  const radius = (INNER_RADIUS + OUTER_RADIUS) / 2;
  const middle = { x: CENTER.x + radius * Math.cos((start + end) / 2), y: CENTER.y + radius * Math.sin((start + end) / 2) };
  const distance = (slot: Slot) => Math.hypot(slot.x - middle.x, slot.y - middle.y);
  const nearest = new Set(
    slots
      .map((slot, i) => ({ i, d: distance(slot) }))
      .sort((a, b) => a.d - b.d || a.i - b.i)
      .slice(0, n)
      .map(({ i }) => i),
  );
  return slots.filter((_, i) => nearest.has(i));
}

/** How far in from its edges an area lays out its values at the reveal when they leave it room. */
const ROOMY_MARGIN = 16;
const roomyCache = new Map<string, Slot[]>();

/**
 * `n` slots for an area's values at the reveal, off the neighbour's knob in its socket and, where
 * they leave room, ROOMY_MARGIN in from its edges: at the largest size down to `scale` (the tight
 * layout's), or one size smaller to keep off the knob, nearest its middle; undefined when the
 * values need the tight layout, knob or not (a full area).
 */
function roomySlots(count: number, index: number, scale: number, n: number): readonly Slot[] | undefined {
  const sizes: readonly number[] = PIECE_LIMITS.scales;
  const smaller = sizes.find((size) => size < scale);
  for (const size of sizes) {
    // one size smaller than the tight layout's only to keep off the knob, never for the margin
    if (size < scale && size !== smaller) return undefined;
    for (const margin of size < scale ? [EDGE_MARGIN] : [ROOMY_MARGIN, EDGE_MARGIN]) {
      const key = `${count}:${index}:${size}:${margin}`;
      let slots = roomyCache.get(key);
      if (!slots) {
        const knob = knobInside(count, index);
        slots = packArea(count, index, size, margin, { ...knob, r: knob.r + Math.max(margin, PIECE_GAP) / 2 });
        roomyCache.set(key, slots);
      }
      if (slots.length >= n) return middleSlots(count, index, slots, n);
    }
  }
  return undefined;
}

/**
 * Where every piece lies from the reveal on: each area laid out whole (no sub-zones, since
 * nothing is hidden any more) at the largest size that fits its pieces, in the reveal order,
 * on the slots nearest the area's middle. Pieces of an area that is not a party's keep their
 * stored place.
 */
export function revealArrangement(state: Pick<WorkshopState, 'parties' | 'pieces' | 'kinds'>): Map<string, Slot> {
  const arranged = new Map<string, Slot>();
  state.parties.forEach((party, index) => {
    const ordered = revealOrder(state, party.id);
    if (ordered.length === 0) return;
    const whole = wholeRoomOf(state.parties.length, index);
    const tier = whole.tiers[tierFor(whole, ordered.length - 1)];
    if (!tier) return;
    const slots = roomySlots(state.parties.length, index, tier.scale, ordered.length) ?? middleSlots(state.parties.length, index, tier.slots, ordered.length);
    ordered.forEach((piece, i) => arranged.set(piece.id, slots[Math.min(i, slots.length - 1)]!));
  });
  return arranged;
}

/**
 * The pieces as the board shows them in the state's phase: where the layout stored them, or
 * from the reveal on where the reveal arrangement puts them. Every drawing (the live board, the
 * shared screen, the PNG and the PDF) draws these.
 */
export function shownPieces(state: Pick<WorkshopState, 'parties' | 'pieces' | 'kinds' | 'phase'>): PlacedPiece[] {
  if (!ARRANGED_PHASES.includes(state.phase)) return state.pieces;
  const arranged = revealArrangement(state);
  return state.pieces.map((piece) => {
    const slot = arranged.get(piece.id);
    return slot ? { ...piece, x: slot.x, y: slot.y, scale: slot.scale } : piece;
  });
}
