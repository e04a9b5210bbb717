/**
 * Other people's drags as this screen draws them: positions arriving about 30 times a second are
 * drawn at the display's rate between the two around the drawn moment (a little in the past), so
 * the motion is smooth even when batches come unevenly; a pause is not smeared; a batch is taken
 * whole; a dropped drag waits where it was dropped for the state that shows the drop, or expires.
 * Driven with fake timers: the clock is the fake Date.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DragTrack, LINGER_MS, RemoteDrags } from '../../client/scenes/remoteDrags.ts';
import { applyDragBatch, type RemoteDrag } from '../../client/net/WorkshopConnection.ts';

const drag = (memberId: string, x: number, y = 100, more: Partial<RemoteDrag> = {}): RemoteDrag => ({ memberId, partyId: 'party-a', pieceId: `piece-${memberId}`, x, y, ...more });
const now = () => Date.now();
/** Let the fake clock run `ms` milliseconds. */
const wait = (ms: number) => vi.advanceTimersByTime(ms);

describe('DragTrack', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => vi.useRealTimers());

  it('shows the first position at once, then moves between positions one interval behind', () => {
    const track = new DragTrack();
    track.add(0, 0, now());
    expect(track.at(now())).toEqual({ x: 0, y: 0 });
    for (let i = 1; i <= 10; i++) {
      wait(1000 / 30);
      track.add(i * 30, 0, now());
    }
    const delay = track.delay;
    expect(delay).toBeGreaterThan(1000 / 30);
    expect(delay).toBeLessThan(80);
    // drawn `delay` ms in the past, on the straight line between the positions around that moment
    const t = now();
    const drawn = track.at(t);
    const expected = ((t - delay) / (1000 / 30)) * 30;
    // (the fake clock counts whole milliseconds)
    expect(Math.abs(drawn.x - expected)).toBeLessThan(2);
    expect(track.moving(t)).toBe(true);
    // once the drawn moment passes the newest position, the drag stands there and needs no more frames
    wait(200);
    expect(track.at(now())).toEqual({ x: 300, y: 0 });
    expect(track.moving(now())).toBe(false);
  });

  it('moves smoothly at 60 frames a second from 30 uneven batches a second', () => {
    const track = new DragTrack();
    const drawn: number[] = [];
    // the dragger sends a position 10 units on every 33 ms; the network bunches some in pairs and delays others
    const arrivals: number[] = [];
    for (let i = 0, t = 0; i < 60; i++) {
      t += i % 5 === 3 ? 10 : i % 5 === 4 ? 56 : 1000 / 30;
      arrivals.push(t);
    }
    let sent = 0;
    for (let frame = 0; frame * (1000 / 60) < 2000; frame++) {
      const t = frame * (1000 / 60);
      vi.setSystemTime(t);
      while (sent < arrivals.length && arrivals[sent]! <= t) {
        track.add((sent + 1) * 10, 0, arrivals[sent]!);
        sent++;
      }
      if (sent > 0) drawn.push(track.at(t).x);
    }
    const steps = drawn.slice(10, -10).map((x, i, all) => (i === 0 ? 0 : x - all[i - 1]!)).slice(1);
    // never backwards, and no frame moves more than 1.5× the even pace (5 units a frame): the bunched batches do not show
    for (const step of steps) {
      expect(step).toBeGreaterThanOrEqual(0);
      expect(step).toBeLessThanOrEqual(7.5);
    }
    // and it does move in (almost) every frame
    expect(steps.filter((s) => s === 0).length).toBeLessThan(steps.length * 0.15);
  });

  it('does not glide through a pause: the piece stands still until just before the next position', () => {
    const track = new DragTrack();
    for (let i = 0; i < 5; i++) {
      track.add(i * 10, 0, now());
      wait(1000 / 30);
    }
    wait(2000);
    track.add(500, 0, now());
    // right after the pause the piece is still where it stopped, not halfway along a two-second glide
    expect(track.at(now()).x).toBe(40);
    wait(track.delay + 1);
    expect(track.at(now()).x).toBe(500);
  });
});

describe('RemoteDrags', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(10_000);
  });
  afterEach(() => vi.useRealTimers());

  it('takes a batch whole: every drag in it is shown from the same frame on', () => {
    const drags = new RemoteDrags();
    const live = new Map([
      ['m1', drag('m1', 100)],
      ['m2', drag('m2', 200)],
    ]);
    expect(drags.update(live, now())).toBe(true);
    expect(drags.shown(now()).map((d) => [d.drag.memberId, d.x, d.dropped])).toEqual([
      ['m1', 100, false],
      ['m2', 200, false],
    ]);
    // the same batch again changes nothing
    expect(drags.update(live, now())).toBe(false);
  });

  it('keeps a dropped piece where it was dropped until the state shows the drop', () => {
    const drags = new RemoteDrags();
    drags.update(new Map([['m1', drag('m1', 100)]]), now());
    wait(33);
    drags.update(new Map([['m1', drag('m1', 130)]]), now());
    wait(33);
    // the drag ended (the drop is on its way through the store): the piece waits at the drop point
    drags.update(new Map(), now());
    wait(200);
    expect(drags.shown(now())).toEqual([expect.objectContaining({ x: 130, dropped: true })]);
    // a state that does not yet show the drop changes nothing
    expect(drags.settle(() => false)).toBe(false);
    expect(drags.size).toBe(1);
    // the state that shows it lets the drag go
    expect(drags.settle((d) => d.memberId === 'm1')).toBe(true);
    expect(drags.shown(now())).toEqual([]);
  });

  it('lets a dropped drag go after LINGER_MS when no state shows its drop (refused or cancelled)', () => {
    const drags = new RemoteDrags();
    drags.update(new Map([['m1', drag('m1', 100, 100, { pieceId: undefined, kindId: 'residents' })]]), now());
    drags.update(new Map(), now());
    expect(drags.nextExpiry()).toBe(now() + LINGER_MS);
    wait(LINGER_MS - 1);
    expect(drags.expire(now())).toBe(false);
    wait(1);
    expect(drags.expire(now())).toBe(true);
    expect(drags.size).toBe(0);
  });

  it('starts afresh when a member drags something else', () => {
    const drags = new RemoteDrags();
    drags.update(new Map([['m1', drag('m1', 100)]]), now());
    wait(33);
    drags.update(new Map([['m1', drag('m1', 900, 100, { pieceId: 'other' })]]), now());
    // no glide from the first piece's place to the second piece's
    expect(drags.shown(now())).toEqual([expect.objectContaining({ x: 900 })]);
  });

  it('needs frames only while a drag moves', () => {
    const drags = new RemoteDrags();
    drags.update(new Map([['m1', drag('m1', 100)]]), now());
    expect(drags.animating(now())).toBe(false);
    wait(33);
    drags.update(new Map([['m1', drag('m1', 200)]]), now());
    expect(drags.animating(now())).toBe(true);
    wait(500);
    expect(drags.animating(now())).toBe(false);
  });
});

describe('applyDragBatch', () => {
  it('takes others\' positions and ends, skips our own (it rides along in a shared frame), and says whether anything changed', () => {
    const drags = new Map<string, RemoteDrag>();
    expect(applyDragBatch(drags, { moves: [drag('me', 10), drag('a', 20)], ends: [] }, 'me')).toBe(true);
    expect([...drags.keys()]).toEqual(['a']);
    // only our own position, and the end of our own drag: nothing to draw anew
    expect(applyDragBatch(drags, { moves: [drag('me', 11)], ends: ['me'] }, 'me')).toBe(false);
    expect([...drags.keys()]).toEqual(['a']);
    expect(applyDragBatch(drags, { moves: [drag('a', 30), drag('b', 5)], ends: [] }, 'me')).toBe(true);
    expect(drags.get('a')?.x).toBe(30);
    expect(applyDragBatch(drags, { moves: [], ends: ['a', 'nobody'] }, 'me')).toBe(true);
    expect([...drags.keys()]).toEqual(['b']);
    expect(applyDragBatch(drags, { moves: [], ends: ['nobody'] }, 'me')).toBe(false);
  });
});
