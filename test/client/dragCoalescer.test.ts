/**
 * The dragger's live positions: however fast pointer events come (60 or 120 a second, several in
 * one frame), at most 30 positions a second go out, the newest each time, the last one of a pause
 * always, and a quiet drag's first position at once. Driven with fake timers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DRAG_SENDS_PER_SECOND, DragCoalescer, type CoalescerClock } from '../../client/scenes/dragCoalescer.ts';

const fakeClock: CoalescerClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A coalescer that records what it sends and when. */
function recorder() {
  const sent: { at: number; value: number }[] = [];
  const coalescer = new DragCoalescer<number>((value) => sent.push({ at: Date.now(), value }), { clock: fakeClock });
  return { sent, coalescer };
}

/** Push a position every 1000/hz ms for `ms` ms, starting now; returns the last position pushed. */
function pointerAt(coalescer: DragCoalescer<number>, hz: number, ms: number, from = 0): number {
  const step = 1000 / hz;
  let value = from;
  for (let t = 0; t < ms; t += step) {
    coalescer.push(++value);
    vi.advanceTimersByTime(step);
  }
  return value;
}

describe('DragCoalescer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it('sends a quiet drag\'s first position at once, without a timer', () => {
    const { sent, coalescer } = recorder();
    coalescer.push(1);
    expect(sent).toEqual([{ at: 1_000_000, value: 1 }]);
  });

  it.each([60, 120, 144, 240])('sends at most %s → 30 positions a second, evenly spaced, the newest each time', (hz) => {
    const { sent, coalescer } = recorder();
    const last = pointerAt(coalescer, hz, 1000);
    vi.advanceTimersByTime(100);
    expect(DRAG_SENDS_PER_SECOND).toBe(30);
    // one second of movement: 30 intervals' worth, plus the first position sent at once
    expect(sent.length).toBeLessThanOrEqual(31);
    expect(sent.length).toBeGreaterThanOrEqual(29);
    const inFirstSecond = sent.filter((s) => s.at < 1_000_000 + 1000);
    expect(inFirstSecond.length).toBeLessThanOrEqual(30);
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(1000 / 30 - 1e-6);
    // never an old position after a newer one, and the last one always goes out
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.value).toBeGreaterThan(sent[i - 1]!.value);
    expect(sent.at(-1)!.value).toBe(last);
  });

  it('keeps only the newest of several positions within one frame', () => {
    const { sent, coalescer } = recorder();
    coalescer.push(1);
    coalescer.push(2);
    coalescer.push(3);
    coalescer.push(4);
    expect(sent.map((s) => s.value)).toEqual([1]);
    vi.advanceTimersByTime(Math.ceil(1000 / 30));
    expect(sent.map((s) => s.value)).toEqual([1, 4]);
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(2);
  });

  it('sends the last position of a pause, and the first after the pause at once', () => {
    const { sent, coalescer } = recorder();
    const last = pointerAt(coalescer, 120, 200);
    vi.advanceTimersByTime(500);
    expect(sent.at(-1)!.value).toBe(last);
    const before = sent.length;
    coalescer.push(999);
    expect(sent).toHaveLength(before + 1);
    expect(sent.at(-1)!.value).toBe(999);
  });

  it('drops a waiting position when the drag ends (the drop goes out instead)', () => {
    const { sent, coalescer } = recorder();
    coalescer.push(1);
    coalescer.push(2);
    coalescer.cancel();
    vi.advanceTimersByTime(1000);
    expect(sent.map((s) => s.value)).toEqual([1]);
  });

  it('flush sends the waiting position now', () => {
    const { sent, coalescer } = recorder();
    coalescer.push(1);
    coalescer.push(2);
    coalescer.flush();
    expect(sent.map((s) => s.value)).toEqual([1, 2]);
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(2);
  });
});
