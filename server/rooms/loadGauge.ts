/**
 * How busy this process is, for the drag fan-out: the share of the last second its one event loop
 * spent working (Node's event-loop utilisation), sampled four times a second. Every room of the
 * process shares that loop, so it is the measure of whether frames are worth saving.
 *
 * dragFrameGap turns it into the least time between two drag frames to a receiver (DragFanout):
 * none while the loop is mostly idle — a drag goes out at the end of its turn, as fast as it came —
 * rising to DRAG_FRAME_GAP_MS as the loop fills, so a busy process sends each receiver one frame
 * per 1/30 s with every dragger's latest position in it instead of one per drag.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** Least time between two drag frames to a receiver on a busy process: the rate at which a dragger sends (client/scenes/dragCoalescer.ts). */
export const DRAG_FRAME_GAP_MS = 1000 / 30;
/** Below this share of busy loop, drags are not held back at all. */
export const IDLE_BELOW = 0.1;
/** From this share of busy loop on, frames are kept the whole DRAG_FRAME_GAP_MS apart. */
export const BUSY_FROM = 0.35;

/** The gap (ms) for a loop busy `utilization` of the time: 0 up to IDLE_BELOW, DRAG_FRAME_GAP_MS from BUSY_FROM, in proportion between. */
export function gapFor(utilization: number): number {
  const k = (utilization - IDLE_BELOW) / (BUSY_FROM - IDLE_BELOW);
  return DRAG_FRAME_GAP_MS * Math.min(1, Math.max(0, k));
}

/** A sampler of the loop's utilisation over about the last second. */
export class LoadGauge {
  private readonly read: (previous?: EventLoopUtilization) => EventLoopUtilization;
  private last: EventLoopUtilization | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** The utilisation of the last samples, smoothed over about a second. */
  utilization = 0;

  constructor(read: (previous?: EventLoopUtilization) => EventLoopUtilization = (previous) => performance.eventLoopUtilization(previous)) {
    this.read = read;
  }

  /** Take one sample: the utilisation since the previous one, folded into the running value. */
  sample(): void {
    const now = this.read();
    if (this.last) {
      const delta = this.read(this.last);
      // four samples a second: each moves the value a third of the way, so it follows within a second
      this.utilization += (delta.utilization - this.utilization) / 3;
    }
    this.last = now;
  }

  /** Sample four times a second from now on (the timer never keeps the process alive). */
  start(): void {
    if (this.timer) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), 250);
    this.timer.unref();
  }

  /** The drag frame gap for how busy the loop is now. */
  gap(): number {
    return gapFor(this.utilization);
  }
}

let shared: LoadGauge | undefined;

/** The process's gauge, started on first use. */
export function processLoad(): LoadGauge {
  if (!shared) {
    shared = new LoadGauge();
    shared.start();
  }
  return shared;
}
