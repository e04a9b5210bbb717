/**
 * The shared screen's reading tour (client/scenes/readingTour.ts) on boards laid out by the real
 * rules: every piece is in exactly one stop; at each stop, filling the screen, every label in it
 * reads; no tour when the whole board reads; and the camera shows a stop's box whole (boxView).
 */
import { describe, expect, it } from 'vitest';
import { boxScale, tourStops, TOUR_MARGIN, type TourPiece } from '../../client/scenes/readingTour.ts';
import { boxView, fitScale, maxScale, toCanvas } from '../../client/scenes/camera.ts';
import { areaSlotPoint } from '../../shared/geometry.ts';
import { layOutBoard, pieceBox, shownPieces } from '../../shared/layout.ts';
import { makeWorkshop } from '../shared/fixtures.ts';
import { mulberry32 } from '../seeded.ts';
import type { Phase, PlacedPiece } from '../../shared/types.ts';

/** A seeded random source, so a failure can be replayed. */
const random = mulberry32;

const NAMES = ['Boligsocial helhedsplan', 'Kommunen', 'Skolen', 'Jobcentret', 'Frivilligcentret', 'Biblioteket', 'Boligforeningen', 'Sundhedshuset'];

/** A board of `parties` parties, each placing `perParty` values (most in its own area), as the rules lay it out in `phase`. */
function board(parties: number, perParty: number, phase: Phase, rand: () => number): { pieces: TourPiece[]; order: string[] } {
  const state = makeWorkshop(NAMES.slice(0, parties));
  const kinds = state.kinds.filter((k) => !k.blank);
  const placed: PlacedPiece[] = [];
  let n = 0;
  state.parties.forEach((placer, p) => {
    for (let i = 0; i < perParty; i++) {
      const area = rand() < 0.6 ? p : Math.floor(rand() * parties);
      const at = areaSlotPoint(parties, area, i);
      placed.push({ id: `p${++n}`, kindId: kinds[Math.floor(rand() * kinds.length)]!.id, label: '', areaPartyId: state.parties[area]!.id, placedByPartyId: placer.id, placedByMemberId: '', byFacilitator: false, x: at.x, y: at.y, scale: 1, note: '', importance: 1, heldBy: '', placedAt: n } as PlacedPiece);
    }
  });
  const laid = { ...state, phase, pieces: layOutBoard(state.parties, placed) };
  // a label's size as a piece draws it: 13 to 20.5 units at full size (PieceView's sizes), times the piece's scale
  const pieces = shownPieces(laid).map((p) => ({ id: p.id, areaPartyId: p.areaPartyId, box: pieceBox(p), label: (13 + rand() * 7.5) * p.scale }));
  return { pieces, order: state.parties.map((p) => p.id) };
}

/** The shared screen's board at 1920 × 1080: a square of about 940 px, 18 px labels. */
const SCREEN = { width: 940, height: 940, minLabelPx: 18, maxScale: maxScale({ width: 940, height: 940 }) };
const fit = fitScale(SCREEN);

describe('the reading tour', () => {
  it('has no stops when the whole board reads', () => {
    const { pieces, order } = board(3, 3, 'reveal', random(1));
    const large = { ...SCREEN, width: 3000, height: 3000 };
    expect(tourStops(pieces, order, large, fitScale(large))).toEqual([]);
  });

  it('puts a real workshop (8 parties × 15 values) on the 1080p screen in stops where every label reads, each piece in exactly one', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = random(seed);
      const phase: Phase = (['reveal', 'dialogue', 'open'] as const)[seed % 3]!;
      const { pieces, order } = board(8, 5 + Math.floor(rand() * 16), phase, rand);
      // the whole board does not read: that is why there is a tour
      expect(pieces.some((p) => p.label * fit < SCREEN.minLabelPx), `seed ${seed}`).toBe(true);
      const stops = tourStops(pieces, order, SCREEN, fit);
      const seen = stops.flatMap((s) => s.pieceIds);
      expect(new Set(seen).size, `seed ${seed}: no piece twice`).toBe(seen.length);
      expect([...seen].sort(), `seed ${seed}: every piece`).toEqual(pieces.map((p) => p.id).sort());
      const byId = new Map(pieces.map((p) => [p.id, p]));
      for (const stop of stops) {
        const scale = Math.min(SCREEN.maxScale, boxScale(SCREEN, stop.box));
        for (const id of stop.pieceIds) {
          const piece = byId.get(id)!;
          expect(piece.areaPartyId, `seed ${seed}: a stop holds one area`).toBe(stop.areaPartyId);
          expect(piece.label * scale, `seed ${seed}: ${id} at stop ${stop.areaPartyId} ${stop.part}/${stop.parts}`).toBeGreaterThanOrEqual(SCREEN.minLabelPx - 1e-6);
          // the stop's box holds the piece whole, with the margin
          expect(piece.box.left - stop.box.left).toBeGreaterThanOrEqual(TOUR_MARGIN - 1e-9);
          expect(stop.box.bottom - piece.box.bottom).toBeGreaterThanOrEqual(TOUR_MARGIN - 1e-9);
        }
      }
      // areas come in the parties' order, their parts numbered 1 … n
      const areas = [...new Set(stops.map((s) => s.areaPartyId))];
      expect(areas).toEqual(order.filter((id) => areas.includes(id)));
      for (const id of areas) expect(stops.filter((s) => s.areaPartyId === id).map((s) => s.part)).toEqual(stops.filter((s) => s.areaPartyId === id).map((_, i) => i + 1));
    }
  });

  it('splits an area only when one view of it cannot make its labels read', () => {
    const { pieces, order } = board(8, 15, 'reveal', random(7));
    const stops = tourStops(pieces, order, SCREEN, fit);
    for (const stop of stops.filter((s) => s.parts > 1)) {
      const area = pieces.filter((p) => p.areaPartyId === stop.areaPartyId);
      const whole = { left: Math.min(...area.map((p) => p.box.left)) - TOUR_MARGIN, top: Math.min(...area.map((p) => p.box.top)) - TOUR_MARGIN, right: Math.max(...area.map((p) => p.box.right)) + TOUR_MARGIN, bottom: Math.max(...area.map((p) => p.box.bottom)) + TOUR_MARGIN };
      const scale = Math.min(SCREEN.maxScale, boxScale(SCREEN, whole));
      expect(area.some((p) => p.label * scale < SCREEN.minLabelPx)).toBe(true);
    }
    // 8 × 15 on this screen: about one stop per area, never a stop per piece
    expect(stops.length).toBeLessThan(pieces.length / 3);
  });

  it('is the same tour for the same board (every screen of a workshop tours alike)', () => {
    const a = board(8, 12, 'reveal', random(3));
    const b = board(8, 12, 'reveal', random(3));
    expect(tourStops(a.pieces, a.order, SCREEN, fit)).toEqual(tourStops(b.pieces, b.order, SCREEN, fit));
  });
});

describe('boxView', () => {
  it('shows a box whole and as large as the canvas allows, below a kept band', () => {
    const size = { width: 940, height: 940, top: 60, bottom: 0 };
    for (const box of [
      { left: 400, top: 20, right: 700, bottom: 300 },
      { left: 10, top: 600, right: 200, bottom: 990 },
      { left: 480, top: 480, right: 520, bottom: 520 },
    ]) {
      const view = boxView(size, box);
      const a = toCanvas(view, { x: box.left, y: box.top });
      const b = toCanvas(view, { x: box.right, y: box.bottom });
      expect(a.x).toBeGreaterThanOrEqual(-0.5);
      expect(a.y).toBeGreaterThanOrEqual(size.top - 0.5);
      expect(b.x).toBeLessThanOrEqual(size.width + 0.5);
      expect(b.y).toBeLessThanOrEqual(size.height + 0.5);
      // one side of the box fills its side of the room (unless the zoom is at its cap)
      const filled = Math.max((b.x - a.x) / size.width, (b.y - a.y) / (size.height - size.top));
      expect(view.scale >= maxScale(size) - 1e-9 || filled > 0.99).toBe(true);
    }
  });
});
