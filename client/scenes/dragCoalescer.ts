/**
 * The dragger's side of a live drag: pointer events come as fast as the screen makes them (60,
 * 120 or more a second, several per frame on some devices), but the others need at most
 * DRAG_SENDS_PER_SECOND positions a second — they interpolate between them. The coalescer keeps
 * only the newest position and lets one out at most every 1/30 s: at once when the last one went
 * out long enough ago (a quiet drag waits for nothing), else at the end of the interval, so the
 * last position of a pause is always sent.
 */

/** Most live positions a dragger sends per second, whatever the screen's refresh rate. */
export const DRAG_SENDS_PER_SECOND = 30;

/** The clock and timer the coalescer runs on (the browser's by default; fake ones in tests). */
export interface CoalescerClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const browserClock: CoalescerClock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Newest-wins rate limiting of values sent to `send`: at most `perSecond` a second, the latest always delivered. */
export class DragCoalescer<T> {
  private readonly send: (value: T) => void;
  private readonly interval: number;
  private readonly clock: CoalescerClock;
  private pending: { value: T } | undefined;
  private timer: unknown;
  private lastSent = Number.NEGATIVE_INFINITY;

  constructor(send: (value: T) => void, options: { perSecond?: number; clock?: CoalescerClock } = {}) {
    this.send = send;
    this.interval = 1000 / (options.perSecond ?? DRAG_SENDS_PER_SECOND);
    this.clock = options.clock ?? browserClock;
  }

  /** A new position: it replaces any not yet sent. */
  push(value: T): void {
    this.pending = { value };
    if (this.timer !== undefined) return;
    const wait = this.lastSent + this.interval - this.clock.now();
    if (wait <= 0) this.flush();
    // timers count in whole milliseconds: rounding up keeps the rate at or under the limit
    else this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, Math.ceil(wait));
  }

  /** Send the waiting position now, if there is one. */
  flush(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    this.lastSent = this.clock.now();
    this.send(pending.value);
  }

  /** Forget the waiting position (the drag ended: a drop or its end goes out instead). */
  cancel(): void {
    this.pending = undefined;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
