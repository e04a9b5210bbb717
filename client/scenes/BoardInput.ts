/**
 * Input on the board and its tray — mouse, pen and touch through pointer events, and the
 * keyboard — turned into intents: "place kind K in area A at P", "move piece X to area A at P",
 * "grab", "release", "open the details of X", "tap on the board at P", and the live positions of
 * a drag (at most 30 a second, whatever the screen's rate: dragCoalescer.ts). The input knows
 * nothing of the connection or the protocol: the screen carries each intent out (as the
 * `place {kindId, areaPartyId, near}` and `move` actions, the server choosing the slot) and
 * answers it, and the input shows the outcome — a refused piece flies back, a refused value
 * flies home to the tray.
 *
 * Three gestures, each a small state machine over plain pointer samples, so they can be driven
 * without a browser: PieceGesture (a placed piece dragged to a new spot, or tapped to open it),
 * TrayGesture (a value dragged from the tray onto the board) and ViewGesture (the board panned
 * with one pointer, pinched with two, or tapped). BoardInput wires them to the DOM: pointer
 * capture, the chip under the finger, the long-press meaning, the wheel's zoom, and Escape.
 */
import { BOARD_SIZE, type Point } from '../../shared/geometry.ts';
import type { PlacedPiece } from '../../shared/types.ts';
import type { LocalDrag } from './BoardScene.ts';
import { DragCoalescer } from './dragCoalescer.ts';

/** How far (CSS px) a pointer must travel before a press becomes a drag. */
export const DRAG_THRESHOLD_PX = 6;
/** How long a press on a tray value lasts before its meaning is shown. */
export const LONG_PRESS_MS = 550;
/** How far outside the board (board units) a dragged piece may be drawn. */
const DRAG_MARGIN = 50;

// ---- intents: what the input asks for ----

/** An intent the server answers; the input shows the outcome. */
export type ActIntent =
  | { type: 'grab'; pieceId: string }
  | { type: 'release'; pieceId: string }
  | { type: 'move'; pieceId: string; areaPartyId: string; at: Point }
  | { type: 'place'; kindId: string; areaPartyId: string; at: Point; label?: string };

/** An intent nobody answers: live drag positions, the ends of a drag, and opening a piece. */
export type NoticeIntent =
  | { type: 'drag'; pieceId: string; at: Point }
  | { type: 'drag'; kindId: string; at: Point }
  /** No more live positions: a drop (or nothing) follows. */
  | { type: 'drag-stop' }
  /** A drag from the tray ended without a piece: the others' ghost of it goes. */
  | { type: 'drag-end' }
  /** Something was dropped on the board, but in no party's area. */
  | { type: 'drop-outside' }
  | { type: 'open-details'; pieceId: string }
  /** A tap on the board where no piece lies (in an area, or not): what tap-to-place places with. */
  | { type: 'tap'; at: Point; areaPartyId?: string };

/** Every intent the board input emits. */
export type BoardIntent = ActIntent | NoticeIntent;

/** The answer to an ActIntent: whether it was done (and the new piece's id for a place). */
export type IntentAnswer = { ok: true; pieceId?: string } | { ok: false };

/** Where the input's intents go. */
export interface IntentSink {
  /** Carry out an intent that changes the board and answer it. */
  act(intent: ActIntent): Promise<IntentAnswer>;
  /** Pass on an intent that needs no answer. */
  notify(intent: NoticeIntent): void;
}

// ---- what the input needs of the board ----

/** The drawn board as the input sees it: coordinates, hit tests and the drag's own feedback. */
export interface BoardSurface {
  /** Client (CSS pixel) coordinates → board units. */
  toBoard(clientX: number, clientY: number): Point;
  /** Board units → client coordinates. */
  toClient(p: Point): Point;
  /** The topmost placed piece under `p`. */
  pieceAt(p: Point): PlacedPiece | undefined;
  /** The party whose area holds `p`, if any. */
  areaAt(p: Point): string | undefined;
  /** Draw this person's own drag (nothing when undefined). */
  setLocalDrag(drag: LocalDrag | undefined): void;
  /** Keep the local drag drawn where it was dropped until the state holds piece `pieceId` (or a short while passes). */
  holdLocalDragUntil(pieceId: string | undefined): void;
  /** Outline the area under `p` as the drop target (none when undefined). */
  highlightAt(p: Point | undefined): void;
  /** Let a piece fly from `from` back to where the state has it. */
  flyBack(pieceId: string, from: Point): void;
}

/** What the input may do to the part of the board shown: pinch, pan and wheel. */
export interface BoardViewport {
  /** Move the board by (dx, dy) CSS px. */
  panBy(dx: number, dy: number): void;
  /** Zoom by `factor` about the client point (clientX, clientY). */
  zoomBy(factor: number, clientX?: number, clientY?: number): void;
}

/** One pointer event, reduced to what the gestures use. */
export interface PointerSample {
  pointerId: number;
  clientX: number;
  clientY: number;
}

const travelled = (a: PointerSample, b: PointerSample) => Math.hypot(b.clientX - a.clientX, b.clientY - a.clientY);
const clampBoard = (n: number) => Math.max(-DRAG_MARGIN, Math.min(BOARD_SIZE + DRAG_MARGIN, n));

/**
 * A press on a placed piece: past the threshold it becomes a drag (grab, live positions, then
 * move or release at the drop); without moving it is a tap that opens the piece's details.
 */
export class PieceGesture {
  /** True once the gesture is over (dropped, tapped or cancelled); later events are ignored. */
  done = false;
  private dragging = false;
  private grab: Promise<IntentAnswer> | undefined;
  private current: Point;
  private readonly offset: Point;
  private readonly piece: PlacedPiece;
  private readonly down: PointerSample;
  private readonly surface: BoardSurface;
  private readonly sink: IntentSink;
  private readonly mayTouch: (piece: PlacedPiece) => boolean;
  private readonly onDone: () => void;

  constructor(options: { piece: PlacedPiece; down: PointerSample; surface: BoardSurface; sink: IntentSink; mayTouch: (piece: PlacedPiece) => boolean; onDone?: () => void }) {
    this.piece = options.piece;
    this.down = options.down;
    this.surface = options.surface;
    this.sink = options.sink;
    this.mayTouch = options.mayTouch;
    this.onDone = options.onDone ?? (() => undefined);
    const start = this.surface.toBoard(this.down.clientX, this.down.clientY);
    // the piece keeps its place relative to the finger, wherever on it the press was
    this.offset = { x: this.piece.x - start.x, y: this.piece.y - start.y };
    this.current = { x: this.piece.x, y: this.piece.y };
  }

  /** The pointer this gesture follows. */
  get pointerId(): number {
    return this.down.pointerId;
  }

  /** The pointer moved. */
  move(e: PointerSample): void {
    if (this.done || e.pointerId !== this.down.pointerId) return;
    if (!this.dragging) {
      if (travelled(this.down, e) < DRAG_THRESHOLD_PX || !this.mayTouch(this.piece)) return;
      this.dragging = true;
      const grab = this.sink.act({ type: 'grab', pieceId: this.piece.id });
      this.grab = grab;
      void grab.then((answer) => {
        if (!answer.ok) this.cancel(false);
      });
    }
    const p = this.surface.toBoard(e.clientX, e.clientY);
    const at = { x: clampBoard(p.x + this.offset.x), y: clampBoard(p.y + this.offset.y) };
    this.current = at;
    this.surface.setLocalDrag({ pieceId: this.piece.id, ...at });
    this.surface.highlightAt(at);
    // others see the drag only once the piece is really held
    void this.grab?.then((answer) => {
      if (answer.ok && this.dragging) this.sink.notify({ type: 'drag', pieceId: this.piece.id, at });
    });
  }

  /** The pointer was lifted: a drop, or a tap. */
  up(e: PointerSample): void {
    if (this.done || e.pointerId !== this.down.pointerId) return;
    this.finish();
    if (!this.dragging) {
      this.sink.notify({ type: 'open-details', pieceId: this.piece.id });
      return;
    }
    this.dragging = false;
    const dropAt = this.current;
    this.sink.notify({ type: 'drag-stop' });
    void this.grab!.then(async (answer) => {
      if (!answer.ok) return;
      const areaPartyId = this.surface.areaAt(dropAt);
      if (!areaPartyId) this.sink.notify({ type: 'drop-outside' });
      const result = areaPartyId ? await this.sink.act({ type: 'move', pieceId: this.piece.id, areaPartyId, at: dropAt }) : await this.sink.act({ type: 'release', pieceId: this.piece.id });
      if (!areaPartyId || !result.ok) this.surface.flyBack(this.piece.id, dropAt);
    });
    this.surface.setLocalDrag(undefined);
    this.surface.highlightAt(undefined);
  }

  /**
   * Stop without a drop (the browser took the pointer, Escape, or the grab was refused): the
   * piece flies back, and a piece that was held is released.
   */
  cancel(release = true): void {
    if (this.done) return;
    this.finish();
    if (this.dragging) this.surface.flyBack(this.piece.id, this.current);
    this.dragging = false;
    this.surface.setLocalDrag(undefined);
    this.surface.highlightAt(undefined);
    if (release) {
      void this.grab?.then((answer) => {
        if (answer.ok) void this.sink.act({ type: 'release', pieceId: this.piece.id });
      });
    }
  }

  private finish(): void {
    this.done = true;
    this.onDone();
  }
}

/**
 * A press on the board where no piece lies: one pointer pans the board once it moves past the
 * threshold, two pinch it (zoom about their midpoint, pan with it); a press that never moved is a
 * tap. A pointer lifted from a pinch leaves the other panning.
 */
export class ViewGesture {
  /** True once every pointer of the gesture is up (or it was cancelled); later events are ignored. */
  done = false;
  private moved = false;
  private readonly pointers = new Map<number, Point>();
  private readonly first: PointerSample;
  private readonly viewport: BoardViewport;
  private readonly onTap: (at: PointerSample) => void;
  private readonly onDone: () => void;

  constructor(options: { down: PointerSample; viewport: BoardViewport; onTap?: (at: PointerSample) => void; onDone?: () => void }) {
    this.first = options.down;
    this.viewport = options.viewport;
    this.onTap = options.onTap ?? (() => undefined);
    this.onDone = options.onDone ?? (() => undefined);
    this.pointers.set(options.down.pointerId, { x: options.down.clientX, y: options.down.clientY });
  }

  /** The first pointer of the gesture. */
  get pointerId(): number {
    return this.first.pointerId;
  }

  /** Whether the gesture follows pointer `id`. */
  follows(id: number): boolean {
    return this.pointers.has(id);
  }

  /** Another pointer came down on the board: with two, the gesture pinches (a third is ignored). */
  add(e: PointerSample): boolean {
    if (this.done || this.pointers.size >= 2) return false;
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    this.moved = true;
    return true;
  }

  /** A pointer moved. */
  move(e: PointerSample): void {
    const before = this.pointers.get(e.pointerId);
    if (this.done || !before) return;
    const now = { x: e.clientX, y: e.clientY };
    if (this.pointers.size === 1) {
      if (!this.moved && travelled(this.first, e) < DRAG_THRESHOLD_PX) return;
      this.moved = true;
      this.pointers.set(e.pointerId, now);
      this.viewport.panBy(now.x - before.x, now.y - before.y);
      return;
    }
    const [a, b] = [...this.pointers.values()] as [Point, Point];
    const midBefore = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    const spanBefore = Math.hypot(a.x - b.x, a.y - b.y);
    this.pointers.set(e.pointerId, now);
    const [c, d] = [...this.pointers.values()] as [Point, Point];
    const midNow = { x: (c.x + d.x) / 2, y: (c.y + d.y) / 2 };
    const spanNow = Math.hypot(c.x - d.x, c.y - d.y);
    this.viewport.panBy(midNow.x - midBefore.x, midNow.y - midBefore.y);
    if (spanBefore > 4 && spanNow > 4) this.viewport.zoomBy(spanNow / spanBefore, midNow.x, midNow.y);
  }

  /** A pointer was lifted: the last one ends the gesture (a tap when nothing moved). */
  up(e: PointerSample): void {
    if (this.done || !this.pointers.delete(e.pointerId)) return;
    if (this.pointers.size > 0) return;
    this.done = true;
    this.onDone();
    if (!this.moved) this.onTap(e);
  }

  /** Stop (the browser took a pointer, or Escape). */
  cancel(): void {
    if (this.done) return;
    this.done = true;
    this.pointers.clear();
    this.onDone();
  }
}

/** What a tray drag shows outside the board: the chip under the finger and the value's meaning. */
export interface TrayFeedback {
  /** Show the value's meaning next to its tray item (a long press). */
  showMeaning(): void;
  /** Hide the meaning, at once or after a while (so a long press can be read). */
  hideMeaning(later: boolean): void;
  /** Put a copy of the tray item under the pointer. */
  showChip(): void;
  moveChip(clientX: number, clientY: number): void;
  /** Let the chip fly back to its tray item (nothing was placed). */
  chipHome(): void;
  /** Take the chip away (the board draws the piece from here on). */
  removeChip(): void;
  /** A refused place: a copy of the item flies from `from` (client coordinates) back to the tray. */
  ghostHome(from: Point): void;
  /** Whether the client point is over the board itself (not over something drawn above it). */
  overBoard(clientX: number, clientY: number): boolean;
}

/**
 * A press on a value in the tray: held still it shows the value's meaning; past the threshold
 * a chip follows the pointer, and over the board the drag is shown to others; a drop in an
 * area places the value there (a blank value is named first).
 */
export class TrayGesture {
  /** True once the gesture is over; later events are ignored. */
  done = false;
  private chipShown = false;
  private board: Point | undefined;
  private readonly longPress: ReturnType<typeof setTimeout>;
  private readonly kindId: string;
  private readonly down: PointerSample;
  private readonly surface: BoardSurface;
  private readonly sink: IntentSink;
  private readonly feedback: TrayFeedback;
  private readonly labelFor: (kindId: string) => Promise<{ label?: string } | null>;
  private readonly onDone: () => void;

  constructor(options: {
    kindId: string;
    down: PointerSample;
    surface: BoardSurface;
    sink: IntentSink;
    feedback: TrayFeedback;
    /** The name of a blank value ({} for other values, null when the person gave up naming it). */
    labelFor: (kindId: string) => Promise<{ label?: string } | null>;
    onDone?: () => void;
  }) {
    this.kindId = options.kindId;
    this.down = options.down;
    this.surface = options.surface;
    this.sink = options.sink;
    this.feedback = options.feedback;
    this.labelFor = options.labelFor;
    this.onDone = options.onDone ?? (() => undefined);
    this.longPress = setTimeout(() => this.feedback.showMeaning(), LONG_PRESS_MS);
  }

  /** The pointer this gesture follows. */
  get pointerId(): number {
    return this.down.pointerId;
  }

  /** The pointer moved. */
  move(e: PointerSample): void {
    if (this.done || e.pointerId !== this.down.pointerId) return;
    if (!this.chipShown) {
      if (travelled(this.down, e) < DRAG_THRESHOLD_PX) return;
      clearTimeout(this.longPress);
      this.feedback.hideMeaning(false);
      this.feedback.showChip();
      this.chipShown = true;
    }
    this.feedback.moveChip(e.clientX, e.clientY);
    const p = this.surface.toBoard(e.clientX, e.clientY);
    const onBoard = p.x >= 0 && p.y >= 0 && p.x <= BOARD_SIZE && p.y <= BOARD_SIZE && this.feedback.overBoard(e.clientX, e.clientY);
    this.board = onBoard ? p : undefined;
    this.surface.highlightAt(this.board);
    if (this.board) this.sink.notify({ type: 'drag', kindId: this.kindId, at: this.board });
  }

  /** The pointer was lifted: a drop where it is. */
  up(e: PointerSample): Promise<void> {
    if (this.done || e.pointerId !== this.down.pointerId) return Promise.resolve();
    return this.finish(this.board);
  }

  /** Stop without a drop (the browser took the pointer, or Escape). */
  cancel(): Promise<void> {
    if (this.done) return Promise.resolve();
    return this.finish(undefined);
  }

  private async finish(dropAt: Point | undefined): Promise<void> {
    this.done = true;
    this.onDone();
    clearTimeout(this.longPress);
    this.feedback.hideMeaning(true);
    this.surface.highlightAt(undefined);
    if (!this.chipShown) return;
    this.sink.notify({ type: 'drag-stop' });
    const areaPartyId = dropAt ? this.surface.areaAt(dropAt) : undefined;
    if (!dropAt || !areaPartyId) {
      this.sink.notify({ type: 'drag-end' });
      if (dropAt) this.sink.notify({ type: 'drop-outside' });
      this.feedback.chipHome();
      return;
    }
    this.feedback.removeChip();
    const named = await this.labelFor(this.kindId);
    if (!named) {
      this.sink.notify({ type: 'drag-end' });
      return;
    }
    const { label } = named;
    this.surface.setLocalDrag({ kindId: this.kindId, label, ...dropAt });
    const answer = await this.sink.act({ type: 'place', kindId: this.kindId, areaPartyId, at: dropAt, ...(label ? { label } : {}) });
    if (answer.ok) {
      // keep the piece under the finger until the state that holds it arrives
      this.surface.holdLocalDragUntil(answer.pieceId);
    } else {
      this.surface.setLocalDrag(undefined);
      this.feedback.ghostHome(this.surface.toClient(dropAt));
    }
  }
}

/** What BoardInput is given: the board's element, the tray's, and what decides each gesture. */
export interface BoardInputOptions {
  /** The element the board is drawn in. */
  host: HTMLElement;
  /** The tray: items are `.tray-item[data-kind]` inside it (redrawn freely; input is delegated). */
  tray: HTMLElement;
  surface: BoardSurface;
  sink: IntentSink;
  /** Pinch, pan and wheel move the board shown here (none when absent). */
  viewport?: BoardViewport;
  /** Whether this person may pick up `piece` (the server decides; this only saves a refused grab). */
  mayTouch(piece: PlacedPiece): boolean;
  /** The meaning of a value, shown on a long press. */
  meaningOf(kindId: string): string;
  /** The name of a blank value, asked for at its drop ({} for other values, null when given up). */
  labelFor(kindId: string): Promise<{ label?: string } | null>;
  /** Where the chip and the meaning are put (the document's body by default). */
  overlay?: HTMLElement;
}

/** A gesture in progress, with what the DOM needs to end it. */
interface Active {
  gesture: PieceGesture | TrayGesture | ViewGesture;
  stop(): void;
}

/** How much a wheel's deltaY (in px) zooms, and a trackpad pinch's (which comes as ctrl + wheel). */
const WHEEL_ZOOM = 0.0015;
const PINCH_ZOOM = 0.01;

/** Pointer and keyboard input on the board and the tray, as intents to `options.sink`. */
export class BoardInput {
  private readonly options: BoardInputOptions;
  /** The intents out: live positions coalesced to at most DRAG_SENDS_PER_SECOND, whatever the screen's rate. */
  private readonly sink: IntentSink;
  private readonly drags: DragCoalescer<NoticeIntent>;
  private active: Active | undefined;
  private readonly onHostDown = (e: PointerEvent) => this.pressBoard(e);
  private readonly onWheel = (e: WheelEvent) => {
    const viewport = this.options.viewport;
    if (!viewport || this.active) return;
    // the board zooms under the wheel (and a trackpad's pinch, which comes as ctrl + wheel) instead of the page
    e.preventDefault();
    const px = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
    viewport.zoomBy(Math.exp(-e.deltaY * px * (e.ctrlKey ? PINCH_ZOOM : WHEEL_ZOOM)), e.clientX, e.clientY);
  };
  private readonly onTrayDown = (e: PointerEvent) => this.pressTray(e);
  private readonly onContextMenu = (e: Event) => {
    // a long press on a tray value shows its meaning, not the browser's menu
    if ((e.target as Element | null)?.closest?.('.tray-item')) e.preventDefault();
  };
  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && this.active) {
      e.preventDefault();
      void this.active.gesture.cancel();
    }
  };

  constructor(options: BoardInputOptions) {
    this.options = options;
    const out = options.sink;
    this.drags = new DragCoalescer((intent) => out.notify(intent));
    this.sink = {
      act: (intent) => out.act(intent),
      notify: (intent) => {
        if (intent.type === 'drag') return this.drags.push(intent);
        // a drag's end or its drop goes out instead of a position still waiting
        if (intent.type === 'drag-stop' || intent.type === 'drag-end') this.drags.cancel();
        out.notify(intent);
      },
    };
    options.host.addEventListener('pointerdown', this.onHostDown);
    options.host.addEventListener('wheel', this.onWheel, { passive: false });
    options.tray.addEventListener('pointerdown', this.onTrayDown);
    options.tray.addEventListener('contextmenu', this.onContextMenu);
    document.addEventListener('keydown', this.onKey);
  }

  /** Stop listening (and drop any gesture in progress). */
  destroy(): void {
    void this.active?.gesture.cancel();
    this.drags.cancel();
    this.options.host.removeEventListener('pointerdown', this.onHostDown);
    this.options.host.removeEventListener('wheel', this.onWheel);
    this.options.tray.removeEventListener('pointerdown', this.onTrayDown);
    this.options.tray.removeEventListener('contextmenu', this.onContextMenu);
    document.removeEventListener('keydown', this.onKey);
  }

  /** A press on the board: on a piece it picks the piece up (or opens it); elsewhere it pans, pinches or taps. */
  private pressBoard(down: PointerEvent): void {
    const { surface, mayTouch, host, viewport } = this.options;
    const sink = this.sink;
    // a second finger on the board while the first pans: a pinch
    if (this.active?.gesture instanceof ViewGesture && this.active.gesture.add(down)) {
      down.preventDefault();
      host.setPointerCapture(down.pointerId);
      return;
    }
    if (!down.isPrimary || down.button > 0 || this.active) return;
    const piece = surface.pieceAt(surface.toBoard(down.clientX, down.clientY));
    // where nothing can be picked up — no piece, or one this person may not move — the board pans (a tap opens the piece)
    if (!piece || (viewport && !mayTouch(piece))) {
      if (!viewport) return;
      // a finger must not scroll or zoom the page meanwhile; a mouse press keeps its default (focus leaves a field)
      if (down.pointerType !== 'mouse') down.preventDefault();
      host.setPointerCapture(down.pointerId);
      const onTap = (e: PointerSample) => {
        if (piece) return sink.notify({ type: 'open-details', pieceId: piece.id });
        const at = surface.toBoard(e.clientX, e.clientY);
        const areaPartyId = surface.areaAt(at);
        sink.notify({ type: 'tap', at, ...(areaPartyId ? { areaPartyId } : {}) });
      };
      this.follow(host, new ViewGesture({ down, viewport, onTap, onDone: () => this.stop() }));
      return;
    }
    down.preventDefault();
    host.setPointerCapture(down.pointerId);
    const gesture = new PieceGesture({ piece, down, surface, sink, mayTouch, onDone: () => this.stop() });
    this.follow(host, gesture);
  }

  private pressTray(down: PointerEvent): void {
    const item = (down.target as Element | null)?.closest?.<HTMLElement>('.tray-item[data-kind]');
    const kindId = item?.dataset.kind;
    if (!item || !kindId || !down.isPrimary || down.button > 0 || this.active) return;
    down.preventDefault();
    item.setPointerCapture(down.pointerId);
    const { surface, labelFor } = this.options;
    const sink = this.sink;
    const gesture = new TrayGesture({ kindId, down, surface, sink, labelFor, feedback: this.trayFeedback(item, kindId), onDone: () => this.stop() });
    this.follow(item, gesture);
  }

  /** Send `el`'s pointer events to `gesture` until it is done. */
  private follow(el: HTMLElement, gesture: PieceGesture | TrayGesture | ViewGesture): void {
    const move = (e: PointerEvent) => gesture.move(e);
    const up = (e: PointerEvent) => void gesture.up(e);
    const cancel = (e: PointerEvent) => {
      if (gesture instanceof ViewGesture ? gesture.follows(e.pointerId) : e.pointerId === gesture.pointerId) void gesture.cancel();
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', cancel);
    this.active = {
      gesture,
      stop: () => {
        el.removeEventListener('pointermove', move);
        el.removeEventListener('pointerup', up);
        el.removeEventListener('pointercancel', cancel);
      },
    };
  }

  private stop(): void {
    this.active?.stop();
    this.active = undefined;
  }

  /** The chip, the meaning and the flights home of one tray item, in the DOM. */
  private trayFeedback(item: HTMLElement, kindId: string): TrayFeedback {
    const overlay = this.options.overlay ?? document.body;
    let chip: HTMLElement | undefined;
    let tip: HTMLElement | undefined;
    const copyOfItem = () => {
      const copy = item.cloneNode(true) as HTMLElement;
      copy.classList.add('drag-chip');
      copy.style.width = `${item.offsetWidth}px`;
      overlay.append(copy);
      return copy;
    };
    return {
      showMeaning: () => {
        tip = document.createElement('div');
        tip.className = 'tooltip';
        tip.setAttribute('role', 'tooltip');
        tip.textContent = this.options.meaningOf(kindId);
        const rect = item.getBoundingClientRect();
        tip.style.left = `${Math.max(8, Math.min(rect.left, innerWidth - 270))}px`;
        tip.style.top = `${Math.max(8, rect.top - 70)}px`;
        overlay.append(tip);
      },
      hideMeaning: (later) => {
        const shown = tip;
        if (later) setTimeout(() => shown?.remove(), 2500);
        else shown?.remove();
      },
      showChip: () => {
        chip = copyOfItem();
      },
      moveChip: (x, y) => {
        if (!chip) return;
        chip.style.left = `${x}px`;
        chip.style.top = `${y}px`;
      },
      chipHome: () => {
        if (chip) flyHome(chip, item);
      },
      removeChip: () => chip?.remove(),
      ghostHome: (from) => {
        const ghost = copyOfItem();
        ghost.style.left = `${from.x}px`;
        ghost.style.top = `${from.y}px`;
        flyHome(ghost, item);
      },
      overBoard: (x, y) => !!document.elementFromPoint(x, y)?.closest('.board-host'),
    };
  }
}

/** Animate a drag chip back to the tray item it came from, then remove it. */
function flyHome(chip: HTMLElement, item: HTMLElement): void {
  const rect = item.getBoundingClientRect();
  requestAnimationFrame(() => {
    chip.classList.add('flying');
    chip.style.left = `${rect.left + rect.width / 2}px`;
    chip.style.top = `${rect.top + rect.height / 2}px`;
    setTimeout(() => chip.remove(), 320);
  });
}
