import { describe, it, expect } from 'vitest';
import {
  BOARD_SIZE,
  CENTER,
  INNER_RADIUS,
  MAX_PARTIES,
  MIN_PARTIES,
  OUTER_RADIUS,
  areaAngles,
  areaIndexAt,
  areaLabelPoint,
  areaOutline,
  areaPolygon,
  areaPolygons,
  areaSlotPoint,
  pointInPolygon,
  type Point,
} from '../../shared/geometry.ts';

const COUNTS = Array.from({ length: MAX_PARTIES - MIN_PARTIES + 1 }, (_, i) => MIN_PARTIES + i);

const polar = (radius: number, angle: number): Point => ({ x: CENTER.x + radius * Math.cos(angle), y: CENTER.y + radius * Math.sin(angle) });

/** The area a point belongs to by plain trigonometry, independent of the polygons. */
function expectedIndex(count: number, p: Point): number {
  const r = Math.hypot(p.x - CENTER.x, p.y - CENTER.y);
  if (r < INNER_RADIUS || r > OUTER_RADIUS) return -1;
  const fromTop = Math.atan2(p.y - CENTER.y, p.x - CENTER.x) + Math.PI / 2;
  const turn = ((fromTop % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
  return Math.floor(turn / ((2 * Math.PI) / count)) % count;
}

/** How far `p` is from every seam and rim, so the approximated arcs and float noise cannot matter. */
function clearOfEdges(count: number, p: Point, margin: number): boolean {
  const dx = p.x - CENTER.x;
  const dy = p.y - CENTER.y;
  const r = Math.hypot(dx, dy);
  if (Math.abs(r - INNER_RADIUS) < margin || Math.abs(r - OUTER_RADIUS) < margin) return false;
  for (let i = 0; i < count; i++) {
    const { start } = areaAngles(count, i);
    // distance from p to the seam ray at `start`, when p lies on its side of the centre
    const along = dx * Math.cos(start) + dy * Math.sin(start);
    const across = Math.abs(-dx * Math.sin(start) + dy * Math.cos(start));
    if (along > 0 && across < margin) return false;
  }
  return true;
}

describe.each(COUNTS)('a board of %i parties', (count) => {
  it('has areas that start at the top and follow one another round the circle', () => {
    expect(areaAngles(count, 0).start).toBeCloseTo(-Math.PI / 2, 12);
    for (let i = 0; i < count; i++) {
      const { start, end } = areaAngles(count, i);
      expect(end - start).toBeCloseTo((2 * Math.PI) / count, 12);
      if (i > 0) expect(start).toBeCloseTo(areaAngles(count, i - 1).end, 12);
    }
    expect(areaAngles(count, count - 1).end).toBeCloseTo((3 * Math.PI) / 2, 12);
  });

  it('finds each area at its middle angle and middle radius', () => {
    for (let i = 0; i < count; i++) {
      const { start, end } = areaAngles(count, i);
      expect(areaIndexAt(count, polar((INNER_RADIUS + OUTER_RADIUS) / 2, (start + end) / 2)), `area ${i}`).toBe(i);
    }
  });

  it('finds each area at its label point', () => {
    for (let i = 0; i < count; i++) expect(areaIndexAt(count, areaLabelPoint(count, i)), `area ${i}`).toBe(i);
  });

  it.each([
    ['the centre', CENTER],
    ['just inside the collaboration circle', polar(INNER_RADIUS - 1, 0.3)],
    ['a corner of the board', { x: 0, y: 0 }],
    ['the far corner', { x: BOARD_SIZE, y: BOARD_SIZE }],
    ['far off the board', { x: -5000, y: 1e9 }],
    ['NaN', { x: Number.NaN, y: 200 }],
    ['NaN y', { x: 200, y: Number.NaN }],
    ['Infinity', { x: Number.POSITIVE_INFINITY, y: 500 }],
    ['-Infinity', { x: 500, y: Number.NEGATIVE_INFINITY }],
  ])('finds no area at %s', (_name, p) => {
    expect(areaIndexAt(count, p)).toBe(-1);
  });

  it('finds no area just beyond the outer radius, all round', () => {
    for (let k = 0; k < 360; k++) expect(areaIndexAt(count, polar(OUTER_RADIUS + 1, (k * Math.PI) / 180)), `angle ${k}°`).toBe(-1);
  });

  it('puts each point of a grid over the board in at most one area, the one trigonometry says', () => {
    const polygons = areaPolygons(count);
    expect(polygons).toHaveLength(count);
    // an irregular step and offset so the grid does not line up with seams
    for (let x = 0.37; x < BOARD_SIZE; x += 9.71) {
      for (let y = 0.53; y < BOARD_SIZE; y += 9.71) {
        const p = { x, y };
        const holders = polygons.flatMap((polygon, i) => (pointInPolygon(p, polygon) ? [i] : []));
        expect(holders.length, `(${x}, ${y})`).toBeLessThanOrEqual(1);
        const index = areaIndexAt(count, p);
        // decided in polar coordinates: exactly what trigonometry says, everywhere
        expect(index, `(${x}, ${y})`).toBe(expectedIndex(count, p));
        // the polygons approximate the arcs by chords (at most ~1.05 units inside the outer circle)
        if (clearOfEdges(count, p, 1.5)) expect(index, `(${x}, ${y}) against the polygons`).toBe(holders[0] ?? -1);
      }
    }
  });

  it('puts the point at the top of the ring, on the seam between the last and the first area, in the first', () => {
    expect(areaIndexAt(count, { x: 500, y: 100 })).toBe(0);
    for (let r = INNER_RADIUS; r <= OUTER_RADIUS; r += 10) expect(areaIndexAt(count, { x: CENTER.x, y: CENTER.y - r }), `r=${r}`).toBe(0);
    // a hair either side of the seam
    expect(areaIndexAt(count, { x: 500.001, y: 100 })).toBe(0);
    expect(areaIndexAt(count, { x: 499.999, y: 100 })).toBe(count - 1);
  });

  it('leaves no gap on any seam: every seam point lies in one of its two areas', () => {
    for (let i = 0; i < count; i++) {
      const { start } = areaAngles(count, i);
      const before = (i + count - 1) % count;
      for (let r = INNER_RADIUS + 0.01; r <= OUTER_RADIUS - 0.01; r += 5) {
        for (const nudge of [0, 1e-12, -1e-12, 1e-9, -1e-9]) {
          expect([before, i], `seam ${i} r=${r} nudge ${nudge}`).toContain(areaIndexAt(count, polar(r, start + nudge)));
        }
        expect(areaIndexAt(count, polar(r, start + 1e-6)), `seam ${i} r=${r}`).toBe(i);
        expect(areaIndexAt(count, polar(r, start - 1e-6)), `seam ${i} r=${r}`).toBe(before);
      }
    }
  });

  it('counts both rims as part of the ring', () => {
    for (let k = 0; k < 36; k++) {
      // quarter-step angles never land on a seam for 2..8 areas
      const angle = -Math.PI / 2 + ((k + 0.25) * 2 * Math.PI) / 36;
      const expected = Math.floor(((k + 0.25) * count) / 36);
      // a hair inside each rim, so float noise in cos/sin cannot push the point out
      expect(areaIndexAt(count, polar(INNER_RADIUS + 1e-9, angle)), `inner rim, k=${k}`).toBe(expected);
      expect(areaIndexAt(count, polar(OUTER_RADIUS - 1e-9, angle)), `outer rim, k=${k}`).toBe(expected);
      expect(areaIndexAt(count, polar(INNER_RADIUS - 1e-6, angle)), `inside the centre, k=${k}`).toBe(-1);
    }
    expect(areaIndexAt(count, { x: 500, y: 500 - INNER_RADIUS })).toBe(0);
    expect(areaIndexAt(count, { x: 500, y: 500 - OUTER_RADIUS })).toBe(0);
  });

  it('covers the whole ring between the circles', () => {
    // half-step angles never land exactly on a seam for 2..8 areas (see the seam note in the report)
    const steps = 720;
    for (let r = INNER_RADIUS + 2; r <= OUTER_RADIUS - 2; r += 8) {
      for (let k = 0; k < steps; k++) {
        const angle = -Math.PI / 2 + ((k + 0.5) * 2 * Math.PI) / steps;
        const index = areaIndexAt(count, polar(r, angle));
        expect(index, `r=${r} k=${k}`).toBe(Math.floor(((k + 0.5) * count) / steps));
      }
    }
  });

  it('puts the default slots 0..11 of every area inside that area', () => {
    for (let i = 0; i < count; i++) {
      for (let slot = 0; slot < 12; slot++) {
        const p = areaSlotPoint(count, i, slot);
        expect(areaIndexAt(count, p), `area ${i} slot ${slot}`).toBe(i);
      }
    }
  });

  it('gives distinct slots for the first round of every area', () => {
    for (let i = 0; i < count; i++) {
      const points = Array.from({ length: 4 }, (_, slot) => areaSlotPoint(count, i, slot));
      const keys = new Set(points.map((p) => `${p.x.toFixed(3)},${p.y.toFixed(3)}`));
      // the first four slots never coincide: they spread along a ring, or over four rings when an area is narrow
      expect(keys.size, `area ${i}`).toBe(4);
    }
  });

  it('has plain polygons whose vertices lie on the two circles', () => {
    for (let i = 0; i < count; i++) {
      for (const p of areaPolygon(count, i)) {
        const r = Math.hypot(p.x - CENTER.x, p.y - CENTER.y);
        expect(Math.min(Math.abs(r - INNER_RADIUS), Math.abs(r - OUTER_RADIUS))).toBeLessThan(1e-9);
      }
    }
  });

  it('draws closed outlines that stay on the board and in the ring', () => {
    for (let i = 0; i < count; i++) {
      const outline = areaOutline(count, i);
      expect(outline.length).toBeGreaterThan(areaPolygon(count, i).length);
      const first = outline[0]!;
      const last = outline.at(-1)!;
      expect(Math.hypot(first.x - last.x, first.y - last.y), `area ${i} closes`).toBeLessThan(1e-9);
      for (const p of outline) {
        expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
        expect(p.x).toBeGreaterThanOrEqual(0);
        expect(p.x).toBeLessThanOrEqual(BOARD_SIZE);
        expect(p.y).toBeGreaterThanOrEqual(0);
        expect(p.y).toBeLessThanOrEqual(BOARD_SIZE);
        // the jigsaw tabs sit on the seams, never past the rims
        const r = Math.hypot(p.x - CENTER.x, p.y - CENTER.y);
        expect(r).toBeGreaterThanOrEqual(INNER_RADIUS - 1e-9);
        expect(r).toBeLessThanOrEqual(OUTER_RADIUS + 1e-9);
      }
    }
  });
});

describe.each(COUNTS)('jigsaw outlines of %i areas', (count) => {
  const near = (p: Point, q: Point) => Math.hypot(p.x - q.x, p.y - q.y) < 1e-6;

  it.each(Array.from({ length: count }, (_, i) => i))('area %i pokes a knob into its clockwise neighbour, which has the matching socket', (i) => {
    const next = (i + 1) % count;
    const outline = areaOutline(count, i);
    const neighbour = areaOutline(count, next);
    const { start, end } = areaAngles(count, i);
    // signed distance across the radial seam at `angle`, positive on its clockwise side
    const across = (p: Point, angle: number) => -(p.x - CENTER.x) * Math.sin(angle) + (p.y - CENTER.y) * Math.cos(angle);
    // the knob: outline points clearly across the clockwise seam, inside the neighbour's plain area
    const knob = outline.filter((p) => across(p, end) > 1);
    expect(knob.length, 'knob points').toBeGreaterThan(5);
    for (const p of knob) expect(areaIndexAt(count, p), `(${p.x}, ${p.y})`).toBe(next);
    // the knob's tip reaches well across the seam
    expect(Math.max(...knob.map((p) => across(p, end)))).toBeGreaterThan(20);
    // and every knob point is also a point of the neighbour's outline: the two pieces fit
    for (const p of knob) expect(neighbour.some((q) => near(p, q)), `(${p.x}, ${p.y})`).toBe(true);
    // nothing pokes out across the counter-clockwise seam: there the area has a socket
    if (count > 2) expect(outline.filter((p) => across(p, start) < -1)).toEqual([]);
  });
});

describe('areaIndexAt with no areas', () => {
  it.each([0, -1])('finds nothing on a board of %s areas', (count) => {
    expect(areaIndexAt(count, { x: 500, y: 200 })).toBe(-1);
  });
});

describe('areaPolygons', () => {
  it('returns the same polygons as areaPolygon, cached', () => {
    expect(areaPolygons(5)).toBe(areaPolygons(5));
    expect(areaPolygons(5)).toEqual(Array.from({ length: 5 }, (_, i) => areaPolygon(5, i)));
  });
});

describe('pointInPolygon', () => {
  const square = [
    { x: 0, y: 0 },
    { x: 10, y: 0 },
    { x: 10, y: 10 },
    { x: 0, y: 10 },
  ];
  it.each([
    [{ x: 5, y: 5 }, true],
    [{ x: 9.99, y: 0.01 }, true],
    [{ x: 15, y: 5 }, false],
    [{ x: -1, y: 5 }, false],
    [{ x: 5, y: 11 }, false],
  ])('%o in a 10×10 square: %s', (p, inside) => {
    expect(pointInPolygon(p, square)).toBe(inside);
  });
});
