/**
 * What part of the board a screen shows (camera.ts) and the gestures that move it (ViewGesture):
 * the whole board fitted, an area filling the canvas, zoom about a point that stays put, a pan
 * that never loses the board, and a pinch, a pan and a tap from plain pointer samples.
 */
import { describe, expect, it } from 'vitest';
import { clampView, fitScale, fitView, focusView, maxScale, panBy, toBoardPoint, toCanvas, zoomAt } from '../../client/scenes/camera.ts';
import { ViewGesture, type BoardViewport, type PointerSample } from '../../client/scenes/BoardInput.ts';
import { BOARD_SIZE } from '../../shared/geometry.ts';

const PHONE = { width: 390, height: 520 };
const SCREEN = { width: 1400, height: 960 };

describe('camera', () => {
  it('fits the whole board, centred', () => {
    const view = fitView(SCREEN);
    expect(view.scale).toBeCloseTo(0.96);
    expect(toCanvas(view, { x: 500, y: 500 })).toEqual({ x: 700, y: 480 });
  });

  it('shows a square of the board filling the canvas, at least at the scale asked for', () => {
    const view = focusView(PHONE, { x: 700, y: 300, size: 400 });
    expect(view.scale).toBeCloseTo(390 / 400);
    const centre = toBoardPoint(view, { x: 195, y: 260 });
    expect(centre.x).toBeCloseTo(700);
    expect(centre.y).toBeCloseTo(300);
    expect(focusView(PHONE, { x: 700, y: 300, size: 900 }, 0.7).scale).toBe(0.7);
  });

  it('zooms about a point that stays under the finger', () => {
    const view = fitView(PHONE);
    const at = { x: 250, y: 300 };
    const before = toBoardPoint(view, at);
    const zoomed = zoomAt(PHONE, view, 2, at);
    expect(zoomed.scale).toBeCloseTo(view.scale * 2);
    const after = toBoardPoint(zoomed, at);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
  });

  it('never zooms out past the whole board nor in past the cap', () => {
    expect(zoomAt(PHONE, fitView(PHONE), 0.1, { x: 0, y: 0 }).scale).toBe(fitScale(PHONE));
    expect(zoomAt(PHONE, fitView(PHONE), 1000, { x: 0, y: 0 }).scale).toBe(maxScale(PHONE));
  });

  it('keeps the board covering the canvas when panning a zoomed board, and centred where it is narrower', () => {
    const zoomed = { scale: 1, x: -300, y: -200 };
    const far = panBy(PHONE, zoomed, 5000, 5000);
    expect(far.x).toBe(0);
    expect(far.y).toBe(0);
    const other = panBy(PHONE, zoomed, -5000, -5000);
    expect(other.x).toBe(PHONE.width - BOARD_SIZE);
    expect(other.y).toBe(PHONE.height - BOARD_SIZE);
    // at the fit the board is narrower than the canvas's height: it stays centred that way
    const fitted = clampView(PHONE, { ...fitView(PHONE), y: 0 });
    expect(fitted.y).toBeCloseTo((PHONE.height - BOARD_SIZE * fitScale(PHONE)) / 2);
  });

  it('opens the board clear of the strips along the canvas\'s edges, and lets it be panned under them', () => {
    const withStrips = { ...PHONE, top: 40, bottom: 30 };
    const view = fitView(withStrips);
    expect(view.scale).toBeCloseTo(390 / 1000);
    // centred between the strips
    expect(view.y + 500 * view.scale).toBeCloseTo(40 + (520 - 70) / 2);
    const tall = { width: 400, height: 400, top: 50, bottom: 50 };
    expect(fitView(tall).scale).toBeCloseTo(0.3);
    expect(fitView(tall).y).toBeCloseTo(50);
    // zoomed in, the board may go under a strip up to the canvas's edge, but not leave the room between them bare
    const zoomed = panBy(tall, { scale: 1, x: -300, y: -300 }, 0, 5000);
    expect(zoomed.y).toBe(50);
  });
});

describe('ViewGesture', () => {
  /** A viewport that records the pans and zooms asked of it. */
  const recorder = () => {
    const calls: string[] = [];
    const viewport: BoardViewport = {
      panBy: (dx, dy) => calls.push(`pan ${dx},${dy}`),
      zoomBy: (factor, x, y) => calls.push(`zoom ${factor.toFixed(2)} at ${x},${y}`),
    };
    return { calls, viewport };
  };
  const at = (clientX: number, clientY: number, pointerId = 1): PointerSample => ({ pointerId, clientX, clientY });

  it('pans with one pointer once it moved past the threshold', () => {
    const { calls, viewport } = recorder();
    const gesture = new ViewGesture({ down: at(100, 100), viewport });
    gesture.move(at(102, 101));
    expect(calls).toEqual([]);
    gesture.move(at(120, 110));
    gesture.move(at(130, 110));
    expect(calls).toEqual(['pan 20,10', 'pan 10,0']);
  });

  it('pinches with two: zooms by the change of their distance about their midpoint, and pans with it', () => {
    const { calls, viewport } = recorder();
    const gesture = new ViewGesture({ down: at(100, 100, 1), viewport });
    expect(gesture.add(at(200, 100, 2))).toBe(true);
    gesture.move(at(300, 100, 2));
    expect(calls).toEqual(['pan 50,0', 'zoom 2.00 at 200,100']);
    // a third finger is not part of it
    expect(gesture.add(at(50, 50, 3))).toBe(false);
  });

  it('a press that never moved is a tap; a pinch or pan never is', () => {
    const taps: PointerSample[] = [];
    const { viewport } = recorder();
    const tap = new ViewGesture({ down: at(100, 100), viewport, onTap: (e) => taps.push(e) });
    tap.up(at(101, 100));
    expect(taps).toEqual([at(101, 100)]);
    expect(tap.done).toBe(true);
    const pan = new ViewGesture({ down: at(100, 100), viewport, onTap: (e) => taps.push(e) });
    pan.move(at(150, 100));
    pan.up(at(150, 100));
    const pinch = new ViewGesture({ down: at(100, 100, 1), viewport, onTap: (e) => taps.push(e) });
    pinch.add(at(200, 100, 2));
    pinch.up(at(200, 100, 2));
    expect(pinch.done).toBe(false);
    pinch.up(at(100, 100, 1));
    expect(pinch.done).toBe(true);
    expect(taps).toHaveLength(1);
  });
});
