/**
 * The process's load gauge (server/rooms/loadGauge.ts): no drag frame gap while the event loop is
 * mostly idle, the whole gap once it is busy, in proportion between; the gauge follows the loop's
 * utilisation within about a second of samples.
 */
import { describe, expect, it } from 'vitest';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { BUSY_FROM, DRAG_FRAME_GAP_MS, IDLE_BELOW, LoadGauge, gapFor } from '../../server/rooms/loadGauge.ts';

describe('the drag frame gap', () => {
  it('is 0 on an idle loop, the whole gap on a busy one, and grows in between', () => {
    expect(gapFor(0)).toBe(0);
    expect(gapFor(IDLE_BELOW)).toBe(0);
    expect(gapFor(BUSY_FROM)).toBeCloseTo(DRAG_FRAME_GAP_MS, 9);
    expect(gapFor(1)).toBeCloseTo(DRAG_FRAME_GAP_MS, 9);
    const middle = gapFor((IDLE_BELOW + BUSY_FROM) / 2);
    expect(middle).toBeCloseTo(DRAG_FRAME_GAP_MS / 2, 9);
    let last = -1;
    for (let u = 0; u <= 1; u += 0.05) {
      expect(gapFor(u)).toBeGreaterThanOrEqual(last);
      last = gapFor(u);
    }
  });
});

describe('the load gauge', () => {
  /** A loop whose busy share over each 250 ms step the test sets. */
  function fakeLoop() {
    let idle = 0;
    let active = 0;
    const read = (previous?: EventLoopUtilization): EventLoopUtilization => {
      const d = previous ? { idle: idle - previous.idle, active: active - previous.active } : { idle, active };
      return { ...d, utilization: d.active / Math.max(1e-9, d.active + d.idle) };
    };
    return {
      read,
      step(busy: number) {
        active += 250 * busy;
        idle += 250 * (1 - busy);
      },
    };
  }

  it('follows the loop: up within about a second of busy samples, down again when it idles', () => {
    const loop = fakeLoop();
    const gauge = new LoadGauge(loop.read);
    gauge.sample();
    expect(gauge.gap()).toBe(0);
    for (let i = 0; i < 8; i++) {
      loop.step(0.95);
      gauge.sample();
    }
    expect(gauge.utilization).toBeGreaterThan(0.9);
    expect(gauge.gap()).toBeCloseTo(DRAG_FRAME_GAP_MS, 6);
    for (let i = 0; i < 12; i++) {
      loop.step(0.05);
      gauge.sample();
    }
    expect(gauge.utilization).toBeLessThan(IDLE_BELOW);
    expect(gauge.gap()).toBe(0);
  });

  it('does not jump on one busy sample', () => {
    const loop = fakeLoop();
    const gauge = new LoadGauge(loop.read);
    gauge.sample();
    loop.step(1);
    gauge.sample();
    expect(gauge.utilization).toBeLessThan(0.5);
  });
});
