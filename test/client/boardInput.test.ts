/**
 * The board input's two gestures, driven with plain pointer samples against a fake board:
 * which intents a tap, a drag, a drop in an area, a drop outside, a refusal and a cancel emit,
 * and what the input shows meanwhile. No browser: the gestures know the DOM only through ports.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DRAG_THRESHOLD_PX, LONG_PRESS_MS, PieceGesture, TrayGesture, type ActIntent, type BoardSurface, type IntentAnswer, type NoticeIntent, type PointerSample, type TrayFeedback } from '../../client/scenes/BoardInput.ts';
import type { Point } from '../../shared/geometry.ts';
import type { PlacedPiece } from '../../shared/types.ts';

/** Party A's area is the left half of the board; the right half is outside every area. */
const areaAt = (p: Point) => (p.x < 500 ? 'party-a' : undefined);

const PIECE: PlacedPiece = {
  id: 'piece-1',
  kindId: 'residents',
  label: '',
  areaPartyId: 'party-a',
  placedByPartyId: 'party-a',
  placedByMemberId: 'm1',
  byFacilitator: false,
  x: 200,
  y: 300,
  scale: 1,
  note: '',
  importance: 1,
  heldBy: '',
  placedAt: 1,
};

const at = (clientX: number, clientY: number, pointerId = 1): PointerSample => ({ pointerId, clientX, clientY });
/** Let answered promises run their continuations. */
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A board whose client coordinates are board units, recording what the input shows. */
function fakeBoard() {
  const shown: string[] = [];
  const surface: BoardSurface = {
    toBoard: (x, y) => ({ x, y }),
    toClient: (p) => ({ ...p }),
    pieceAt: () => PIECE,
    areaAt,
    setLocalDrag: (drag) => shown.push(drag ? `local ${drag.pieceId ?? drag.kindId} ${drag.x},${drag.y}${drag.label ? ` "${drag.label}"` : ''}` : 'local none'),
    holdLocalDragUntil: (pieceId) => shown.push(`hold until ${pieceId}`),
    highlightAt: (p) => shown.push(p ? `highlight ${areaAt(p) ?? 'outside'}` : 'highlight none'),
    flyBack: (pieceId, from) => shown.push(`fly back ${pieceId} from ${from.x},${from.y}`),
  };
  return { surface, shown };
}

/** A sink that records intents and answers each act with what `answers` says (ok by default). */
function fakeSink(answers: Partial<Record<ActIntent['type'], IntentAnswer>> = {}) {
  const acts: ActIntent[] = [];
  const notices: NoticeIntent[] = [];
  return {
    acts,
    notices,
    sink: {
      act: (intent: ActIntent) => {
        acts.push(intent);
        return Promise.resolve(answers[intent.type] ?? { ok: true as const, ...(intent.type === 'place' ? { pieceId: 'new-piece' } : {}) });
      },
      notify: (intent: NoticeIntent) => void notices.push(intent),
    },
  };
}

describe('PieceGesture', () => {
  const press = (options: { answers?: Partial<Record<ActIntent['type'], IntentAnswer>>; mayTouch?: boolean } = {}) => {
    const board = fakeBoard();
    const sink = fakeSink(options.answers);
    const onDone = vi.fn();
    // pressed 10 units right of the piece's centre
    const gesture = new PieceGesture({ piece: PIECE, down: at(210, 300), surface: board.surface, sink: sink.sink, mayTouch: () => options.mayTouch ?? true, onDone });
    return { gesture, onDone, ...board, ...sink };
  };

  it('a tap opens the piece\'s details and sends nothing', () => {
    const { gesture, acts, notices, onDone } = press();
    gesture.move(at(212, 301));
    gesture.up(at(212, 301));
    expect(acts).toEqual([]);
    expect(notices).toEqual([{ type: 'open-details', pieceId: 'piece-1' }]);
    expect(onDone).toHaveBeenCalledOnce();
    expect(gesture.done).toBe(true);
  });

  it(`a move under ${DRAG_THRESHOLD_PX} px is still a tap`, () => {
    const { gesture, acts, notices } = press();
    gesture.move(at(210 + DRAG_THRESHOLD_PX - 1, 300));
    gesture.up(at(210 + DRAG_THRESHOLD_PX - 1, 300));
    expect(acts).toEqual([]);
    expect(notices.map((n) => n.type)).toEqual(['open-details']);
  });

  it('a drag grabs, shows its live position once held, and moves the piece to the area it is dropped in', async () => {
    const { gesture, acts, notices, shown } = press();
    gesture.move(at(250, 320));
    expect(acts).toEqual([{ type: 'grab', pieceId: 'piece-1' }]);
    await flush();
    gesture.move(at(310, 340));
    await flush();
    // the piece keeps the grip: pressed 10 right of its centre, so its centre is 10 left of the pointer
    expect(notices).toEqual([
      { type: 'drag', pieceId: 'piece-1', at: { x: 240, y: 320 } },
      { type: 'drag', pieceId: 'piece-1', at: { x: 300, y: 340 } },
    ]);
    gesture.up(at(310, 340));
    await flush();
    expect(notices.at(-1)).toEqual({ type: 'drag-stop' });
    expect(acts).toEqual([{ type: 'grab', pieceId: 'piece-1' }, { type: 'move', pieceId: 'piece-1', areaPartyId: 'party-a', at: { x: 300, y: 340 } }]);
    expect(shown).toEqual(['local piece-1 240,320', 'highlight party-a', 'local piece-1 300,340', 'highlight party-a', 'local none', 'highlight none']);
  });

  it('a drop outside every area releases the piece, says so, and the piece flies back', async () => {
    const { gesture, acts, notices, shown } = press();
    gesture.move(at(700, 300));
    await flush();
    gesture.up(at(700, 300));
    await flush();
    expect(acts.map((a) => a.type)).toEqual(['grab', 'release']);
    expect(notices.map((n) => n.type)).toEqual(['drag', 'drag-stop', 'drop-outside']);
    expect(shown.at(-1)).toBe('fly back piece-1 from 690,300');
  });

  it('a refused move lets the piece fly back', async () => {
    const { gesture, shown } = press({ answers: { move: { ok: false } } });
    gesture.move(at(300, 300));
    await flush();
    gesture.up(at(300, 300));
    await flush();
    expect(shown.at(-1)).toBe('fly back piece-1 from 290,300');
  });

  it('a refused grab ends the drag at once: no live positions, nothing on release', async () => {
    const { gesture, acts, notices, shown, onDone } = press({ answers: { grab: { ok: false } } });
    gesture.move(at(300, 300));
    await flush();
    expect(gesture.done).toBe(true);
    expect(onDone).toHaveBeenCalledOnce();
    expect(shown.slice(-3)).toEqual(['fly back piece-1 from 290,300', 'local none', 'highlight none']);
    gesture.move(at(320, 300));
    gesture.up(at(320, 300));
    await flush();
    expect(acts).toEqual([{ type: 'grab', pieceId: 'piece-1' }]);
    expect(notices).toEqual([]);
  });

  it('a piece this person may not touch is never grabbed: lifting the pointer opens its details', () => {
    const { gesture, acts, notices, shown } = press({ mayTouch: false });
    gesture.move(at(300, 300));
    gesture.up(at(300, 300));
    expect(acts).toEqual([]);
    expect(shown).toEqual([]);
    expect(notices).toEqual([{ type: 'open-details', pieceId: 'piece-1' }]);
  });

  it('a cancel (Escape, or the browser taking the pointer) flies the piece back and releases what was held', async () => {
    const { gesture, acts, shown } = press();
    gesture.move(at(300, 300));
    await flush();
    gesture.cancel();
    await flush();
    expect(acts.map((a) => a.type)).toEqual(['grab', 'release']);
    expect(shown).toContain('fly back piece-1 from 290,300');
    // the pointer coming up afterwards changes nothing
    gesture.up(at(300, 300));
    await flush();
    expect(acts.map((a) => a.type)).toEqual(['grab', 'release']);
  });

  it('follows only the pointer that pressed', () => {
    const { gesture, acts, notices } = press();
    gesture.move(at(400, 300, 2));
    gesture.up(at(400, 300, 2));
    expect(acts).toEqual([]);
    expect(notices).toEqual([]);
    expect(gesture.done).toBe(false);
  });
});

describe('TrayGesture', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const press = (options: { answers?: Partial<Record<ActIntent['type'], IntentAnswer>>; label?: { label?: string } | null; overBoard?: boolean } = {}) => {
    const board = fakeBoard();
    const sink = fakeSink(options.answers);
    const feedback: string[] = [];
    const ports: TrayFeedback = {
      showMeaning: () => feedback.push('meaning'),
      hideMeaning: (later) => feedback.push(later ? 'hide meaning later' : 'hide meaning'),
      showChip: () => feedback.push('chip'),
      moveChip: () => undefined,
      chipHome: () => feedback.push('chip home'),
      removeChip: () => feedback.push('chip removed'),
      ghostHome: (from) => feedback.push(`ghost home from ${from.x},${from.y}`),
      overBoard: () => options.overBoard ?? true,
    };
    const labelFor = vi.fn(async () => (options.label === undefined ? {} : options.label));
    const gesture = new TrayGesture({ kindId: 'residents', down: at(900, 900), surface: board.surface, sink: sink.sink, feedback: ports, labelFor });
    return { gesture, feedback, labelFor, ...board, ...sink };
  };
  /** Let promises settle under fake timers. */
  const settle = () => vi.advanceTimersByTimeAsync(1);

  it(`a press held for ${LONG_PRESS_MS} ms shows the value's meaning, and lifting sends nothing`, async () => {
    const { gesture, feedback, acts, notices } = press();
    vi.advanceTimersByTime(LONG_PRESS_MS);
    expect(feedback).toEqual(['meaning']);
    await gesture.up(at(900, 900));
    expect(feedback).toEqual(['meaning', 'hide meaning later']);
    expect(acts).toEqual([]);
    expect(notices).toEqual([]);
  });

  it('a drag onto an area shows itself to others and places the value there on the drop', async () => {
    const { gesture, feedback, acts, notices, shown } = press();
    gesture.move(at(600, 600)); // on the board, outside any area
    gesture.move(at(300, 400));
    expect(feedback).toEqual(['hide meaning', 'chip']);
    vi.advanceTimersByTime(LONG_PRESS_MS);
    expect(feedback).not.toContain('meaning');
    await gesture.up(at(300, 400));
    await settle();
    expect(notices).toEqual([
      { type: 'drag', kindId: 'residents', at: { x: 600, y: 600 } },
      { type: 'drag', kindId: 'residents', at: { x: 300, y: 400 } },
      { type: 'drag-stop' },
    ]);
    expect(acts).toEqual([{ type: 'place', kindId: 'residents', areaPartyId: 'party-a', at: { x: 300, y: 400 } }]);
    expect(feedback.at(-1)).toBe('chip removed');
    expect(shown.slice(-2)).toEqual(['local residents 300,400', 'hold until new-piece']);
  });

  it('a drop on the board outside every area says so and the chip flies home', async () => {
    const { gesture, feedback, acts, notices } = press();
    gesture.move(at(700, 400));
    await gesture.up(at(700, 400));
    expect(acts).toEqual([]);
    expect(notices.map((n) => n.type)).toEqual(['drag', 'drag-stop', 'drag-end', 'drop-outside']);
    expect(feedback.at(-1)).toBe('chip home');
  });

  it('a drop off the board (or over something above it) ends the drag quietly', async () => {
    const { gesture, feedback, acts, notices, shown } = press({ overBoard: false });
    gesture.move(at(300, 400));
    await gesture.up(at(300, 400));
    expect(acts).toEqual([]);
    expect(notices.map((n) => n.type)).toEqual(['drag-stop', 'drag-end']);
    expect(shown).toEqual(['highlight none', 'highlight none']);
    expect(feedback.at(-1)).toBe('chip home');
  });

  it('a blank value is named before it is placed; giving up places nothing', async () => {
    const named = press({ label: { label: 'Tryghed' } });
    named.gesture.move(at(300, 400));
    await named.gesture.up(at(300, 400));
    await settle();
    expect(named.acts).toEqual([{ type: 'place', kindId: 'residents', areaPartyId: 'party-a', at: { x: 300, y: 400 }, label: 'Tryghed' }]);
    expect(named.shown).toContain('local residents 300,400 "Tryghed"');

    const gaveUp = press({ label: null });
    gaveUp.gesture.move(at(300, 400));
    await gaveUp.gesture.up(at(300, 400));
    await settle();
    expect(gaveUp.acts).toEqual([]);
    expect(gaveUp.notices.at(-1)).toEqual({ type: 'drag-end' });
  });

  it('a refused place takes the piece away and a copy of the value flies home from the drop', async () => {
    const { gesture, feedback, shown } = press({ answers: { place: { ok: false } } });
    gesture.move(at(300, 400));
    await gesture.up(at(300, 400));
    await settle();
    expect(shown.at(-1)).toBe('local none');
    expect(feedback.at(-1)).toBe('ghost home from 300,400');
  });

  it('a cancel drops nothing: the chip flies home and the others\' ghost goes', async () => {
    const { gesture, feedback, acts, notices } = press();
    gesture.move(at(300, 400));
    await gesture.cancel();
    expect(acts).toEqual([]);
    expect(notices.map((n) => n.type)).toEqual(['drag', 'drag-stop', 'drag-end']);
    expect(feedback.at(-1)).toBe('chip home');
    await gesture.up(at(300, 400));
    expect(notices).toHaveLength(3);
  });
});
