/**
 * Other people's live drags as this screen draws them. Positions arrive in batches about 30 times
 * a second (fewer on a busy network); drawn as they come, a drag would jump from spot to spot. Each
 * dragger's positions are kept with the time they arrived, and the board draws each drag a little
 * in the past — one arrival interval — between the two positions around that moment, so it moves
 * smoothly at the display's rate. A drag that ended stays where it was dropped until the state
 * that shows the drop arrives (the piece in its new place), or a short while passes (a refused or
 * cancelled drop), so the piece never jumps back and forth.
 * Pure: no Pixi, no DOM; the time is always passed in.
 */
import type { Point } from '../../shared/geometry.ts';
import type { RemoteDrag } from '../net/WorkshopConnection.ts';

/** The interval positions are expected at when nothing is known yet (the dragger's send rate). */
const EXPECTED_INTERVAL_MS = 1000 / 30;
/** A gap longer than this is a pause in the drag, not a slow network: it does not count towards the interval. */
const PAUSE_MS = 250;
/** How long an ended drag waits for the state that shows its drop. */
export const LINGER_MS = 2000;

/** One position of a drag and when it is drawn (ms, the caller's clock). */
interface Sample {
  t: number;
  x: number;
  y: number;
}

/**
 * One dragger's positions, and where to draw the drag at any moment. Positions leave the dragger
 * evenly (dragCoalescer.ts) but arrive bunched or late; each is given a time to be drawn at one
 * usual interval after the one before (never before it arrived, never more than an interval after
 * it), so the drawn motion keeps the dragger's even pace.
 */
export class DragTrack {
  private samples: Sample[] = [];
  /** The usual time between two arrivals, smoothed. */
  private interval = EXPECTED_INTERVAL_MS;
  private lastArrival = Number.NEGATIVE_INFINITY;

  /** A position that arrived at `t`. */
  add(x: number, y: number, t: number): void {
    const last = this.samples.at(-1);
    const gap = t - this.lastArrival;
    this.lastArrival = t;
    if (!last) {
      this.samples.push({ t, x, y });
      return;
    }
    if (gap >= PAUSE_MS) {
      // after a pause the piece stood still until just before this position: it must not glide all through the pause
      this.samples.push({ t: Math.max(last.t, t - this.interval), x: last.x, y: last.y }, { t, x, y });
      return;
    }
    this.interval += (Math.max(1, gap) - this.interval) * 0.2;
    this.samples.push({ t: Math.min(Math.max(t, last.t + this.interval), t + this.interval), x, y });
  }

  /** How far in the past the drag is drawn: enough that the position after the drawn moment has (almost always) arrived. */
  get delay(): number {
    return Math.min(150, this.interval * 1.5 + 8);
  }

  /** Where to draw the drag at time `now`. */
  at(now: number): Point {
    const s = this.samples;
    const first = s[0];
    if (!first) return { x: NaN, y: NaN };
    const t = now - this.delay;
    // samples older than the one just before the drawn moment are not needed again
    while (s.length > 2 && s[1]!.t <= t) s.shift();
    if (t <= s[0]!.t || s.length === 1) return { x: s[0]!.x, y: s[0]!.y };
    const a = s[0]!;
    const b = s[1]!;
    if (t >= b.t) return { x: b.x, y: b.y };
    const k = (t - a.t) / (b.t - a.t);
    return { x: a.x + (b.x - a.x) * k, y: a.y + (b.y - a.y) * k };
  }

  /** The newest position that arrived. */
  get last(): Point {
    const last = this.samples.at(-1);
    return last ? { x: last.x, y: last.y } : { x: NaN, y: NaN };
  }

  /** True while the drawn position has not yet reached the newest one (more frames are needed). */
  moving(now: number): boolean {
    const last = this.samples.at(-1);
    return !!last && this.samples.length > 1 && now - this.delay < last.t;
  }
}

/** A drag as the board draws it now. */
export interface ShownDrag {
  drag: RemoteDrag;
  x: number;
  y: number;
  /** The drag ended and waits where it was dropped for the state that shows the drop. */
  dropped: boolean;
}

interface Entry {
  drag: RemoteDrag;
  track: DragTrack;
  /** When the drag ended (it lingers), if it did. */
  endedAt?: number;
}

/** What makes two drags of one member the same drag: the same piece, or the same value from the tray. */
const sameDrag = (a: RemoteDrag, b: RemoteDrag) => a.pieceId === b.pieceId && a.kindId === b.kindId;

/** Every remote drag this screen draws: the live ones, interpolated, and the dropped ones waiting for their state. */
export class RemoteDrags {
  private readonly entries = new Map<string, Entry>();

  /**
   * The drags live now, by member (the connection's map after a batch): new positions are added
   * at `now`; a drag no longer live stays where it was dropped. Returns whether anything changed.
   */
  update(live: ReadonlyMap<string, RemoteDrag>, now: number): boolean {
    let changed = false;
    for (const [memberId, drag] of live) {
      const entry = this.entries.get(memberId);
      if (!entry || entry.endedAt !== undefined || !sameDrag(entry.drag, drag)) {
        const track = new DragTrack();
        track.add(drag.x, drag.y, now);
        this.entries.set(memberId, { drag, track });
        changed = true;
      } else if (entry.drag !== drag) {
        const last = entry.track.last;
        if (last.x !== drag.x || last.y !== drag.y) {
          entry.track.add(drag.x, drag.y, now);
          changed = true;
        }
        entry.drag = drag;
      }
    }
    for (const [memberId, entry] of this.entries) {
      if (entry.endedAt === undefined && !live.has(memberId)) {
        entry.endedAt = now;
        changed = true;
      }
    }
    return changed;
  }

  /** Let go of the dropped drags whose drop `shows` says the state now shows (or that has no more use for them). */
  settle(shows: (drag: RemoteDrag) => boolean): boolean {
    let changed = false;
    for (const [memberId, entry] of this.entries) {
      if (entry.endedAt !== undefined && shows(entry.drag)) {
        this.entries.delete(memberId);
        changed = true;
      }
    }
    return changed;
  }

  /** Let go of dropped drags that waited LINGER_MS for their state in vain (a refused or cancelled drop). */
  expire(now: number): boolean {
    let changed = false;
    for (const [memberId, entry] of this.entries) {
      if (entry.endedAt !== undefined && now - entry.endedAt >= LINGER_MS) {
        this.entries.delete(memberId);
        changed = true;
      }
    }
    return changed;
  }

  /** Forget every drag (the connection was lost, the board is drawn anew). */
  clear(): void {
    this.entries.clear();
  }

  /** When the first dropped drag will expire, if any waits. */
  nextExpiry(): number | undefined {
    let next: number | undefined;
    for (const entry of this.entries.values()) {
      if (entry.endedAt !== undefined) next = Math.min(next ?? Number.POSITIVE_INFINITY, entry.endedAt + LINGER_MS);
    }
    return next;
  }

  /** Every drag to draw at `now`, where to draw it. */
  shown(now: number): ShownDrag[] {
    const out: ShownDrag[] = [];
    for (const { drag, track, endedAt } of this.entries.values()) {
      // a dropped drag glides on to where it was dropped and waits there
      const at = track.at(now);
      out.push({ drag, x: at.x, y: at.y, dropped: endedAt !== undefined });
    }
    return out;
  }

  /** True while some drag is still moving towards its newest position: the board needs another frame. */
  animating(now: number): boolean {
    for (const entry of this.entries.values()) if (entry.track.moving(now)) return true;
    return false;
  }

  /** How many drags are drawn (live and dropped). */
  get size(): number {
    return this.entries.size;
  }
}
