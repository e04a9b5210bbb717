/**
 * The board drawn with Pixi: the collaboration at the centre, the party areas around it as
 * jigsaw pieces, the value pieces where the layout (shared/layout.ts) put them, and live drags.
 * It only draws the plain state it is given ("the board is the state's picture"); input is
 * BoardInput's, in board space, through the hit tests and feedback this class offers.
 *
 * Drawing cost does not grow with the board: each piece is a display object rebuilt only when its
 * own look changes; the areas and every piece at rest are one layer cached as a texture, drawn
 * again only when the state or the zoom changes; a drag moves one piece above that layer. Nothing
 * is drawn while nothing changes, and remote drags are drawn at the display's rate, interpolated
 * between the positions that arrive (remoteDrags.ts), only while they move.
 *
 * What part of the board shows (camera.ts): the whole board on a large screen; on a phone the
 * area its player works on in this phase, zoomed until labels read; the spotlit area or piece on
 * the shared screen; pinch, pan and wheel in between (BoardInput).
 */
// the strict CSP (no unsafe-eval) needs Pixi's eval-free shader and uniform code paths
import 'pixi.js/unsafe-eval';
import { Application, Container, Graphics, Text } from 'pixi.js';
import { BOARD_SIZE, CENTER, INNER_RADIUS, PIECE_SIZE, areaFocus, areaIndexAt, areaLabelBox, areaLabelPoint, areaOutline, type Box, type Point } from '../../shared/geometry.ts';
import { pieceBox, shownPieces, subZoneOf, subZoneSizes, ARRANGED_PHASES } from '../../shared/layout.ts';
import { localized } from '../../shared/deck.ts';
import { textColorOn } from '../../shared/palette.ts';
import { PHASE_RULES } from '../../shared/phases.ts';
import { t } from '../../shared/i18n/index.ts';
import type { Perception } from '../../shared/reveal.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { PlacedPiece, Role, WorkshopState } from '../../shared/types.ts';
import type { RemoteDrag } from '../net/WorkshopConnection.ts';
import { AREA_LABEL, AREA_STYLE, BOARD_COLORS, BOARD_FONT, CENTRE_STYLE, SPOTLIGHT_STYLE, areaNameWidth } from '../../shared/boardStyle.ts';
import type { BoardSurface, BoardViewport } from './BoardInput.ts';
import { PIECE_PARTS, PieceView, type PieceLook } from './PieceView.ts';
import { BoardOverlay, type PlacedCount } from './BoardOverlay.ts';
import { RemoteDrags } from './remoteDrags.ts';
import { tourStops, type TourStop } from './readingTour.ts';
import { between, boxView, clampView, fitScale, fitView, focusView, maxScale, panBy, sameView, toBoardPoint, toCanvas, zoomAt, type Focus, type View, type ViewportSize } from './camera.ts';

const { ink: INK, navy: NAVY, paper: PAPER } = BOARD_COLORS;
const SPOTLIGHT = BOARD_COLORS.spotlight;

/** Smallest label a phone's opening view shows in its player's area, in CSS px. */
export const MIN_LABEL_PX = 12;
/** The cached layer's texture is never wider than this many device pixels (beyond it the board is drawn directly). */
const MAX_CACHE_PX = 3072;
/** How long a zoom must rest before the cached layer and the letters are drawn again for it. */
const ZOOM_SETTLE_MS = 160;
/** The label size (piece units) an empty area is zoomed for: a two-line label's. */
const TYPICAL_LABEL: number = PIECE_PARTS.labelSizes[1];
/** The share of the board's square a spotlit piece's width takes. */
const PIECE_SPOTLIGHT_SHARE = 0.78;

/** A piece being dragged by this person, drawn under the finger. */
export interface LocalDrag {
  x: number;
  y: number;
  pieceId?: string;
  kindId?: string;
  label?: string;
}

/** Extra layers of meaning drawn over the board: perception marks, dots, hidden counts, spotlight. */
export interface Decorations {
  marks: ReadonlyMap<string, Perception>;
  votes: ReadonlyMap<string, number>;
  /** Pieces placed per party, shown while pieces are hidden; null when all is visible. */
  counts: ReadonlyMap<string, number> | null;
  /** What the counts are out of (the deck's size). */
  countOf: number;
  spotlight: { kind: 'none' | 'party' | 'piece'; id: string };
  /** Zoom to the spotlight (the shared screen does; personal screens only outline it). */
  zoom: boolean;
  /** The viewer's own party. */
  ownParty?: string;
}

/** Who looks at this board: what its opening view is decided by. */
export interface BoardViewer {
  role: Role | string;
  partyId: string;
}

/** A piece as drawn, in client CSS pixels (for tests, and for the DOM drawn over the board). */
export interface DrawnPiece {
  id: string;
  placedByPartyId: string;
  areaPartyId: string;
  left: number;
  top: number;
  width: number;
  height: number;
  /** The label's type size on screen, in CSS px. */
  labelPx: number;
}

/** One drawn frame: the time since the frame before (when frames followed each other) and the work it took, in ms. */
export interface FrameTime {
  interval: number;
  work: number;
}

/** What the board tells about itself to tests and benchmarks (on its host element as `boardProbe`). */
export interface BoardProbe {
  pieces(): DrawnPiece[];
  view(): View & { fit: number };
  frames(): FrameTime[];
  clearFrames(): void;
  overlay(): ReturnType<BoardOverlay['rects']>;
  /** Whether the areas and resting pieces are drawn from the cached texture now. */
  cached(): boolean;
  /** Others' drags as drawn now (board units). */
  drags(): { memberId: string; pieceId?: string; kindId?: string; x: number; y: number; dropped: boolean }[];
}

/** The Pixi board. */
export class BoardScene implements BoardSurface, BoardViewport {
  readonly app = new Application();
  private ready = false;
  private readonly host: HTMLElement;
  // ---- layers (world: board units; overlay: CSS px) ----
  private readonly world = new Container();
  /** Areas, labels, centre and every piece at rest: cached as one texture. */
  private readonly backdrop = new Container();
  private readonly areaLayer = new Container();
  private readonly pieceLayer = new Container();
  private readonly placeable = new Graphics();
  private readonly highlight = new Graphics();
  private readonly spotlightRing = new Graphics();
  /** Pieces that move: dragged by others, flying back, dropped and waiting for their state. */
  private readonly liveLayer = new Container();
  private readonly ghostLayer = new Container();
  private readonly overlay = new BoardOverlay();
  // ---- what is drawn ----
  private state: WorkshopState | undefined;
  /** The pieces where the layout shows them in this phase. */
  private shown: PlacedPiece[] = [];
  private byId = new Map<string, PlacedPiece>();
  private decorations: Decorations = { marks: new Map(), votes: new Map(), counts: null, countOf: 15, spotlight: { kind: 'none', id: '' }, zoom: false };
  private lang: Language = 'da';
  private viewer: BoardViewer | undefined;
  private areaKey = '';
  private readonly pieces = new Map<string, PieceView>();
  private readonly ghosts = new Map<string, PieceView>();
  private readonly localView = new PieceView();
  /** Who drags each live piece now (so its halo is drawn once, not every frame). */
  private readonly draggedBy = new Map<string, string>();
  private liveDrags: ReadonlyMap<string, RemoteDrag> = new Map();
  private readonly remote = new RemoteDrags();
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private local: LocalDrag | undefined;
  private localSource: string | undefined;
  private highlighted = -1;
  private placeableKey = '';
  /** Pieces flying back after a refused move: from where, and when they started. */
  private readonly flying = new Map<string, { from: Point; start: number }>();
  /** Pieces growing into place at the reveal: when each starts. */
  private readonly revealing = new Map<string, number>();
  /** A placed piece drawn at its drop until the state holding it arrives. */
  private awaitedPiece: string | undefined;
  private awaitTimer: ReturnType<typeof setTimeout> | undefined;
  // ---- the camera ----
  private size: ViewportSize = { width: 1, height: 1, top: 0, bottom: 0 };
  private view: View = { scale: 1, x: 0, y: 0 };
  private zoomAnimation: { from: View; to: View; start: number; ms: number } | undefined;
  /** The person moved the view themselves: it stays until the phase changes. */
  private userMoved = false;
  private lastPhase: string | undefined;
  private spotKey = '';
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private cacheResolution = 0;
  private textResolution = 0;
  private readonly viewListeners = new Set<() => void>();
  // ---- frames ----
  private backdropDirty = true;
  private frameQueued = false;
  private frameHandle = 0;
  private lastFrameAt: number | undefined;
  private readonly frameLog: FrameTime[] = [];
  private resizeObserver: ResizeObserver | undefined;

  constructor(host: HTMLElement) {
    this.host = host;
  }

  /** Create the canvas inside the host element; what was set before is drawn now. */
  async init(): Promise<void> {
    await this.app.init({
      backgroundAlpha: 0,
      antialias: true,
      autoStart: false,
      resolution: Math.min(window.devicePixelRatio || 1, 2),
      autoDensity: true,
      width: Math.max(1, this.host.clientWidth),
      height: Math.max(1, this.host.clientHeight),
    });
    this.app.ticker.stop();
    this.app.canvas.classList.add('board-canvas');
    this.host.append(this.app.canvas);
    this.backdrop.addChild(this.areaLayer, this.pieceLayer);
    this.world.addChild(this.backdrop, this.placeable, this.highlight, this.spotlightRing, this.liveLayer, this.ghostLayer);
    this.app.stage.addChild(this.world, this.overlay);
    this.localView.alpha = 0.92;
    this.ready = true;
    const probe: BoardProbe = {
      pieces: () => this.drawnPieces(),
      view: () => ({ ...this.view, fit: fitScale(this.size) }),
      frames: () => [...this.frameLog],
      clearFrames: () => void (this.frameLog.length = 0),
      overlay: () => this.overlay.rects(),
      cached: () => this.backdrop.isCachedAsTexture,
      drags: () => this.remote.shown(performance.now()).map(({ drag, x, y, dropped }) => ({ memberId: drag.memberId, ...(drag.pieceId ? { pieceId: drag.pieceId } : {}), ...(drag.kindId ? { kindId: drag.kindId } : {}), x, y, dropped })),
    };
    (this.host as HTMLElement & { boardProbe?: BoardProbe }).boardProbe = probe;
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.host);
    this.resize();
    if (this.state) this.setState(this.state);
  }

  /** Fit the canvas to the host element. */
  resize(): void {
    if (!this.ready) return;
    const width = Math.max(1, this.host.clientWidth);
    const height = Math.max(1, this.host.clientHeight);
    if (width === this.size.width && height === this.size.height && this.app.renderer.width === width) return;
    this.app.renderer.resize(width, height);
    const fit = fitView({ width, height });
    this.overlay.layout(width, height, { x: fit.x, y: fit.y, size: BOARD_SIZE * fit.scale });
    this.size = { width, height, ...this.overlay.insets() };
    if (this.userMoved) this.setView(clampView(this.size, this.view), true);
    else this.goHome(true);
    this.invalidate();
  }

  /** The strips over the board came or went: the board opens clear of their bands. */
  private fitStrips(): void {
    const { top, bottom } = this.overlay.insets();
    if (top === this.size.top && bottom === this.size.bottom) return;
    this.size = { ...this.size, top, bottom };
    if (this.userMoved) this.setView(clampView(this.size, this.view), true);
    else this.goHome(false);
  }

  // ---- the camera ------------------------------------------------------------------------

  /** The board's scale now, in CSS px per board unit. */
  get scale(): number {
    return this.view.scale;
  }

  /** Call `listener` whenever the part of the board shown changes; returns a function that stops it. */
  onViewChange(listener: () => void): () => void {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  }

  /** Move the board by (dx, dy) CSS px (a pan). */
  panBy(dx: number, dy: number): void {
    if (!this.ready) return;
    this.userMoved = true;
    this.setView(panBy(this.size, this.view, dx, dy), true);
  }

  /** Zoom by `factor` about the client point (clientX, clientY), or the canvas centre. */
  zoomBy(factor: number, clientX?: number, clientY?: number): void {
    if (!this.ready) return;
    this.userMoved = true;
    const rect = this.app.canvas.getBoundingClientRect();
    const at = clientX === undefined || clientY === undefined ? { x: this.size.width / 2, y: this.size.height / 2 } : { x: clientX - rect.left, y: clientY - rect.top };
    this.setView(zoomAt(this.size, this.view, factor, at), true);
  }

  /** Show the whole board. */
  showWholeBoard(): void {
    if (!this.ready) return;
    this.userMoved = true;
    this.setView(fitView(this.size));
  }

  /** Show the area of party `partyId`, zoomed until its labels read. */
  showArea(partyId: string): void {
    const focus = this.areaView(partyId);
    if (!this.ready || !focus) return;
    this.userMoved = true;
    this.setView(focus);
  }

  /** Show the rectangle `box` of the board (board units) as large as the canvas allows. */
  showBox(box: Box): void {
    if (!this.ready) return;
    this.userMoved = true;
    this.setView(boxView(this.size, box));
  }

  /**
   * The reading tour's stops on this canvas (client/scenes/readingTour.ts): none when the whole
   * board, fitted, draws every label at `minLabelPx` or larger; otherwise each area's pieces in
   * as few parts as make all their labels that large.
   */
  readingStops(minLabelPx: number): TourStop[] {
    const state = this.state;
    if (!this.ready || !state) return [];
    const pieces = this.shown.map((piece) => ({
      id: piece.id,
      areaPartyId: piece.areaPartyId,
      box: pieceBox(piece),
      label: (this.pieces.get(piece.id)?.labelSize ?? TYPICAL_LABEL) * piece.scale,
    }));
    const room = { width: this.size.width, height: this.size.height - (this.size.top ?? 0) - (this.size.bottom ?? 0), minLabelPx, maxScale: maxScale(this.size) };
    return tourStops(pieces, state.parties.map((p) => p.id), room, fitScale(this.size));
  }

  /** Back to the view this screen opens with in this phase (the spotlight on the shared screen). */
  resetView(): void {
    this.userMoved = false;
    this.goHome(false);
  }

  /** The view this screen shows by itself: the spotlight (shared screen), a phone's working area, or the whole board. */
  private homeView(): View {
    const spot = this.decorations.zoom ? this.spotlightFocus() : undefined;
    if (spot) return focusView(this.size, spot);
    const area = this.workingArea();
    const view = area ? this.areaView(area) : undefined;
    return view ?? fitView(this.size);
  }

  private goHome(jump: boolean): void {
    if (!this.ready) return;
    this.setView(this.homeView(), jump);
  }

  /**
   * The area a participant works on in this phase (their own; in the partners' view the partner
   * area where their party has placed least), when the whole board would show its labels too
   * small to read; undefined for large screens, facilitators and screens.
   */
  private workingArea(): string | undefined {
    const state = this.state;
    // without being told, a board with an own party is a participant's
    const viewer = this.viewer ?? (this.decorations.ownParty ? { role: 'participant', partyId: this.decorations.ownParty } : undefined);
    if (!state || !viewer || viewer.role !== 'participant' || !viewer.partyId) return undefined;
    if (!state.parties.some((p) => p.id === viewer.partyId)) return undefined;
    if (fitScale(this.size) * this.labelUnits(viewer.partyId) >= MIN_LABEL_PX) return undefined;
    if (PHASE_RULES[state.phase].placing !== 'others') return viewer.partyId;
    const partners = state.parties.filter((p) => p.id !== viewer.partyId);
    const placed = (areaId: string) => state.pieces.filter((p) => p.areaPartyId === areaId && p.placedByPartyId === viewer.partyId).length;
    return partners.reduce<string | undefined>((best, p) => (best === undefined || placed(p.id) < placed(best) ? p.id : best), undefined);
  }

  /** The smallest label in area `partyId` in board units (a full-size piece's when the area is empty). */
  private labelUnits(partyId: string): number {
    let least = Number.POSITIVE_INFINITY;
    for (const piece of this.shown) {
      if (piece.areaPartyId !== partyId) continue;
      least = Math.min(least, (this.pieces.get(piece.id)?.labelSize ?? TYPICAL_LABEL) * piece.scale);
    }
    return Number.isFinite(least) ? least : TYPICAL_LABEL;
  }

  /** Area `partyId` filling the canvas, at least as large as its labels need to read. */
  private areaView(partyId: string): View | undefined {
    const state = this.state;
    const index = state ? state.parties.findIndex((p) => p.id === partyId) : -1;
    if (!state || index < 0) return undefined;
    const focus = areaFocus(state.parties.length, index);
    const readable = Math.min(maxScale(this.size), MIN_LABEL_PX / this.labelUnits(partyId));
    const room = Math.min(this.size.width, this.size.height - (this.size.top ?? 0) - (this.size.bottom ?? 0));
    const scale = Math.max(room / focus.size, readable);
    // zoomed past the area's own size: centre on where this person's pieces go in it
    const centre = scale * focus.size > room * 1.05 ? this.workCentre(index, partyId) : undefined;
    return focusView(this.size, { ...(centre ?? focus), size: room / scale }, scale);
  }

  /**
   * Where in area `index` this person works: their party's sub-zone of it (where the layout puts
   * what they place, shared/layout.ts), or from the reveal on, where the area's pieces lie.
   */
  private workCentre(index: number, areaId: string): Point | undefined {
    const state = this.state!;
    const centreOf = (points: readonly Point[]) => {
      if (points.length === 0) return undefined;
      const xs = points.map((p) => p.x);
      const ys = points.map((p) => p.y);
      return { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: (Math.min(...ys) + Math.max(...ys)) / 2 };
    };
    if (ARRANGED_PHASES.includes(state.phase)) return centreOf(this.shown.filter((p) => p.areaPartyId === areaId));
    const own = this.viewer?.partyId || this.decorations.ownParty;
    const zone = own ? subZoneOf(state.parties, areaId, own) : undefined;
    // every slot of the sub-zone at the smallest size is its whole extent; a sub-zone bent along
    // the ring has its middle off itself, so the slot nearest to their mean is its centre
    const slots = zone ? (subZoneSizes(state.parties.length, index, zone.zone).at(-1)?.slots ?? []) : [];
    if (slots.length === 0) return undefined;
    const mean = { x: slots.reduce((sum, p) => sum + p.x, 0) / slots.length, y: slots.reduce((sum, p) => sum + p.y, 0) / slots.length };
    return slots.reduce((best, p) => (Math.hypot(p.x - mean.x, p.y - mean.y) < Math.hypot(best.x - mean.x, best.y - mean.y) ? p : best));
  }

  /** The square the spotlight shows: the spotlit area whole, or the spotlit piece across most of the board. */
  private spotlightFocus(): Focus | undefined {
    const state = this.state;
    const spot = this.decorations.spotlight;
    if (!state || spot.kind === 'none') return undefined;
    if (spot.kind === 'piece') {
      const piece = this.byId.get(spot.id);
      return piece ? { x: piece.x, y: piece.y, size: (PIECE_SIZE.width * piece.scale) / PIECE_SPOTLIGHT_SHARE } : undefined;
    }
    const index = state.parties.findIndex((p) => p.id === spot.id);
    return index < 0 ? undefined : areaFocus(state.parties.length, index);
  }

  /** Show `view`, at once (`jump`) or in a 400 ms ease. */
  private setView(view: View, jump = false): void {
    if (jump) {
      this.zoomAnimation = undefined;
      this.applyView(view);
    } else if (!sameView(view, this.view)) {
      this.zoomAnimation = { from: { ...this.view }, to: view, start: performance.now(), ms: 400 };
      this.invalidate();
    }
  }

  private applyView(view: View): void {
    if (sameView(view, this.view) && this.world.scale.x === view.scale) return;
    this.view = view;
    this.world.scale.set(view.scale);
    this.world.position.set(view.x, view.y);
    this.host.dataset.view = `${view.scale.toFixed(4)} ${view.x.toFixed(1)} ${view.y.toFixed(1)}`;
    for (const listener of this.viewListeners) listener();
    // the cached layer and the letters are drawn anew for the new zoom once it rests
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.fitDetail(), ZOOM_SETTLE_MS);
    this.invalidate();
  }

  /** Draw the letters and the cached layer at the resolution the zoom now needs. */
  private fitDetail(): void {
    if (!this.ready) return;
    const dpr = this.app.renderer.resolution;
    const device = this.view.scale * dpr;
    // letters: enough device pixels per unit for the largest piece, in steps so small zooms change nothing
    const text = Math.min(4, Math.max(1, Math.ceil(device * 2) / 2));
    if (text !== this.textResolution) {
      this.textResolution = text;
      for (const view of this.pieces.values()) view.setTextResolution(text);
      for (const child of this.areaLayer.children) forEachText(child, (t) => (t.resolution = text));
      this.backdropDirty = true;
    }
    this.updateCachePolicy();
    this.invalidate();
  }

  /** Cache the backdrop as a texture when its size allows and nothing in it animates; otherwise draw it directly. */
  private updateCachePolicy(): void {
    const device = this.view.scale * this.app.renderer.resolution;
    const resolution = Math.ceil(device * 4) / 4;
    const cache = resolution * BOARD_SIZE <= MAX_CACHE_PX && this.revealing.size === 0;
    if (!cache) {
      if (this.backdrop.isCachedAsTexture) this.backdrop.cacheAsTexture(false);
      this.cacheResolution = 0;
    } else if (resolution !== this.cacheResolution || !this.backdrop.isCachedAsTexture) {
      this.cacheResolution = resolution;
      this.backdrop.cacheAsTexture({ resolution, antialias: true });
    }
  }

  // ---- coordinates and hit tests -------------------------------------------------------------

  /** Client (CSS pixel) coordinates → board coordinates. */
  toBoard(clientX: number, clientY: number): Point {
    const rect = this.ready ? this.app.canvas.getBoundingClientRect() : { left: 0, top: 0 };
    return toBoardPoint(this.view, { x: clientX - rect.left, y: clientY - rect.top });
  }

  /** Board coordinates → client (CSS pixel) coordinates. */
  toClient(p: Point): Point {
    const rect = this.ready ? this.app.canvas.getBoundingClientRect() : { left: 0, top: 0 };
    const c = toCanvas(this.view, p);
    return { x: rect.left + c.x, y: rect.top + c.y };
  }

  /** The topmost placed piece under board point `p`. */
  pieceAt(p: Point): PlacedPiece | undefined {
    for (let i = this.shown.length - 1; i >= 0; i--) {
      const piece = this.shown[i]!;
      if (Math.abs(p.x - piece.x) <= (PIECE_SIZE.width * piece.scale) / 2 && Math.abs(p.y - piece.y) <= (PIECE_SIZE.height * piece.scale) / 2) return piece;
    }
    return undefined;
  }

  /** The party whose area holds board point `p`, if any. */
  areaAt(p: Point): string | undefined {
    const parties = this.state?.parties ?? [];
    return parties[areaIndexAt(parties.length, p)]?.id;
  }

  /** Where piece `pieceId` is drawn, in client CSS px (undefined when it is not on the board). */
  pieceRect(pieceId: string): DOMRect | undefined {
    const piece = this.byId.get(pieceId);
    if (!piece) return undefined;
    const a = this.toClient({ x: piece.x - (PIECE_SIZE.width * piece.scale) / 2, y: piece.y - (PIECE_SIZE.height * piece.scale) / 2 });
    const b = this.toClient({ x: piece.x + (PIECE_SIZE.width * piece.scale) / 2, y: piece.y + (PIECE_SIZE.height * piece.scale) / 2 });
    return new DOMRect(a.x, a.y, b.x - a.x, b.y - a.y);
  }

  private drawnPieces(): DrawnPiece[] {
    return this.shown.map((piece) => {
      const rect = this.pieceRect(piece.id)!;
      const labelUnits = (this.pieces.get(piece.id)?.labelSize ?? 0) * piece.scale;
      return { id: piece.id, placedByPartyId: piece.placedByPartyId, areaPartyId: piece.areaPartyId, left: rect.left, top: rect.top, width: rect.width, height: rect.height, labelPx: labelUnits * this.view.scale };
    });
  }

  // ---- what is drawn ------------------------------------------------------------------------

  /** Who looks at this board (decides what a phone opens on). */
  setViewer(viewer: BoardViewer | undefined): void {
    this.viewer = viewer;
    if (!this.userMoved) this.goHome(true);
  }

  setLanguage(lang: Language): void {
    if (lang === this.lang) return;
    this.lang = lang;
    this.areaKey = '';
    if (this.state) this.setState(this.state);
  }

  setState(state: WorkshopState): void {
    const before = this.byId;
    this.state = state;
    // the pieces where the layout shows them in this phase (from the reveal on, arranged by perception)
    this.shown = shownPieces(state);
    this.byId = new Map(this.shown.map((p) => [p.id, p]));
    if (this.awaitedPiece && this.byId.has(this.awaitedPiece)) this.stopAwaiting();
    // a dropped drag stays until the state shows its drop: the piece let go, or a new piece of its dragger
    const now = performance.now();
    this.remote.update(this.liveDrags, now);
    this.remote.settle((drag) => {
      if (drag.pieceId) return this.byId.get(drag.pieceId)?.heldBy !== drag.memberId;
      return this.shown.some((p) => !before.has(p.id) && p.placedByMemberId === drag.memberId);
    });
    if (!this.ready) return;
    const first = this.lastPhase === undefined;
    const phaseChanged = state.phase !== this.lastPhase;
    this.lastPhase = state.phase;
    this.drawAreas(state);
    this.drawPieces();
    this.drawSpotlight();
    this.drawOverlay();
    this.redrawPlaceable();
    if (phaseChanged) {
      // a new phase shows what to work on now, whatever the person zoomed to before
      this.userMoved = false;
      this.goHome(first);
    } else if (!this.userMoved && this.decorations.zoom) this.goHome(false);
    this.invalidate();
  }

  /** Marks, dots, hidden counts and the spotlight. */
  setDecorations(decorations: Decorations): void {
    const spotKey = `${decorations.zoom}|${decorations.spotlight.kind}|${decorations.spotlight.id}`;
    const newViewer = decorations.ownParty !== this.decorations.ownParty;
    this.decorations = decorations;
    if (!this.ready || !this.state) return;
    this.drawPieces();
    this.drawSpotlight();
    this.drawOverlay();
    if (newViewer && !this.userMoved) this.goHome(true);
    if (spotKey !== this.spotKey) {
      this.spotKey = spotKey;
      if (decorations.zoom) {
        this.userMoved = false;
        this.goHome(false);
      }
    }
    this.invalidate();
  }

  /** Let every piece now on the board grow into place, one after another (the reveal). */
  playReveal(): void {
    if (!this.ready) return;
    const now = performance.now();
    this.shown.forEach((p, i) => this.revealing.set(p.id, now + i * Math.min(40, 2000 / Math.max(1, this.shown.length))));
    this.updateCachePolicy();
    this.invalidate();
  }

  setDrags(drags: ReadonlyMap<string, RemoteDrag>): void {
    this.liveDrags = drags;
    if (this.remote.update(drags, performance.now())) this.invalidate();
    this.scheduleExpiry();
  }

  private scheduleExpiry(): void {
    clearTimeout(this.expiryTimer);
    const next = this.remote.nextExpiry();
    if (next === undefined) return;
    this.expiryTimer = setTimeout(() => {
      if (this.remote.expire(performance.now())) this.invalidate();
      this.scheduleExpiry();
    }, Math.max(0, next - performance.now()) + 5);
  }

  setLocalDrag(drag: LocalDrag | undefined): void {
    this.awaitedPiece = undefined;
    clearTimeout(this.awaitTimer);
    this.local = drag;
    this.drawLocal();
  }

  /** Keep the local drag drawn where it is until the state holds piece `pieceId`, or 1.5 s pass. */
  holdLocalDragUntil(pieceId: string | undefined): void {
    if (pieceId && this.byId.has(pieceId)) return this.setLocalDrag(undefined);
    this.awaitedPiece = pieceId ?? '';
    clearTimeout(this.awaitTimer);
    this.awaitTimer = setTimeout(() => this.stopAwaiting(), 1500);
  }

  private stopAwaiting(): void {
    if (this.awaitedPiece === undefined) return;
    this.awaitedPiece = undefined;
    clearTimeout(this.awaitTimer);
    this.local = undefined;
    this.drawLocal();
  }

  /** Outline the area under `p` as the drop target (none when undefined). */
  highlightAt(p: Point | undefined): void {
    this.setHighlight(p && this.state ? areaIndexAt(this.state.parties.length, p) : -1);
  }

  /** Outline area `index` as the drop target (-1 for none). */
  setHighlight(index: number): void {
    if (index === this.highlighted) return;
    this.highlighted = index;
    this.highlight.clear();
    const party = this.state?.parties[index];
    if (party && this.state) {
      const outline = areaOutline(this.state.parties.length, index).flatMap((p) => [p.x, p.y]);
      this.highlight.poly(outline).fill({ color: party.color, alpha: AREA_STYLE.highlightAlpha / 2 }).stroke({ color: party.color, width: AREA_STYLE.highlightWidth });
    }
    this.invalidate();
  }

  /**
   * Mark the areas a value may be placed in now (tap-to-place and the keyboard's "Place in …"
   * choose among them); an empty list takes the marks away.
   */
  highlightAreas(partyIds: readonly string[]): void {
    const key = partyIds.join(',');
    if (key === this.placeableKey) return;
    this.placeableKey = key;
    this.redrawPlaceable();
  }

  private redrawPlaceable(): void {
    this.placeable.clear();
    const state = this.state;
    if (!state || !this.placeableKey) return this.invalidate();
    const ids = new Set(this.placeableKey.split(','));
    state.parties.forEach((party, i) => {
      if (!ids.has(party.id)) return;
      const outline = areaOutline(state.parties.length, i).flatMap((p) => [p.x, p.y]);
      this.placeable.poly(outline).fill({ color: party.color, alpha: 0.08 }).stroke({ color: party.color, width: 10, alpha: 0.75 });
    });
    this.invalidate();
  }

  /** Animate a piece from `from` back to where the state has it (a refused move). */
  flyBack(pieceId: string, from: Point): void {
    if (!this.byId.has(pieceId)) return;
    this.flying.set(pieceId, { from, start: performance.now() });
    this.drawPieces();
    this.invalidate();
  }

  private look(kindId: string, label: string, importance: number, note: string, partyId: string | undefined): PieceLook {
    const state = this.state!;
    const kind = state.kinds.find((k) => k.id === kindId);
    const category = state.categories.find((c) => c.id === kind?.category);
    const party = partyId ? state.parties.find((p) => p.id === partyId) : undefined;
    return {
      label: label || (kind ? localized(kind.label, this.lang) : kindId),
      fill: category?.color ?? BOARD_COLORS.noCategory,
      edge: party?.color ?? (partyId === undefined ? NAVY : BOARD_COLORS.noParty),
      tag: party?.shortName ?? '',
      icon: kind?.icon ?? 'pencil',
      importance,
      hasNote: note !== '',
    };
  }

  private drawAreas(state: WorkshopState): void {
    const key = JSON.stringify([state.parties.map((p) => [p.id, p.name, p.shortName, p.color]), state.collaboration, state.title, this.lang]);
    if (key === this.areaKey) return;
    this.areaKey = key;
    this.highlighted = -1;
    this.highlight.clear();
    for (const c of this.areaLayer.removeChildren()) c.destroy({ children: true });
    const n = state.parties.length;
    const resolution = this.textResolution || undefined;
    state.parties.forEach((party, i) => {
      const outline = areaOutline(n, i);
      const area = new Graphics()
        .poly(outline.flatMap((p) => [p.x, p.y]))
        .fill({ color: party.color, alpha: AREA_STYLE.fillAlpha })
        .stroke({ color: party.color, width: AREA_STYLE.strokeWidth, alignment: 0.5 });
      const at = areaLabelPoint(n, i);
      const box = areaLabelBox(n, i);
      const half = areaNameWidth(n) / 2 + 4;
      // a label near the far left or right is drawn moved inwards, as the layout keeps room for (areaLabelBox)
      const x = Math.abs(box.left + half - at.x) < 0.01 ? box.right - half : box.left + half;
      const badge = new Text({ text: party.shortName, resolution, style: { fontFamily: BOARD_FONT, fontSize: AREA_LABEL.badgeSize, fontWeight: '800', fill: textColorOn(party.color) } });
      badge.anchor.set(0.5);
      const pad = AREA_LABEL.badgePadding;
      const badgeBg = new Graphics().roundRect(-badge.width / 2 - pad, -badge.height / 2 - 3, badge.width + 2 * pad, badge.height + 6, AREA_LABEL.badgeRadius).fill({ color: party.color });
      const name = new Text({ text: party.name, resolution, style: { fontFamily: BOARD_FONT, fontSize: AREA_LABEL.nameSize, fontWeight: '600', fill: INK, align: 'center', wordWrap: true, wordWrapWidth: areaNameWidth(n) } });
      name.anchor.set(0.5, 0);
      name.position.set(0, badge.height / 2 + AREA_LABEL.nameGap);
      const label = new Container();
      label.addChild(badgeBg, badge, name);
      // labels in the lower half sit above their point, so they stay inside the board
      label.position.set(x, at.y > CENTER.y ? at.y - AREA_LABEL.lowerLift - name.height : at.y);
      this.areaLayer.addChild(area, label);
    });
    const centre = new Graphics().circle(CENTER.x, CENTER.y, INNER_RADIUS - CENTRE_STYLE.inset).fill({ color: PAPER }).stroke({ color: NAVY, width: CENTRE_STYLE.strokeWidth });
    const title = new Text({
      text: state.collaboration || state.title,
      resolution,
      style: { fontFamily: BOARD_FONT, fontSize: CENTRE_STYLE.titleSize, fontWeight: '700', fill: NAVY, align: 'center', wordWrap: true, wordWrapWidth: INNER_RADIUS * CENTRE_STYLE.titleWidthShare, breakWords: true },
    });
    title.anchor.set(0.5);
    title.position.set(CENTER.x, CENTER.y);
    if (title.height > INNER_RADIUS * 1.5) title.scale.set((INNER_RADIUS * 1.5) / title.height);
    this.areaLayer.addChild(centre, title);
    this.redrawPlaceable();
    this.backdropDirty = true;
  }

  /** Bring every resting piece's drawing up to date: its look, size and place (the live ones are placed each frame). */
  private drawPieces(): void {
    const state = this.state;
    if (!state || !this.ready) return;
    const seen = new Set<string>();
    for (const piece of this.shown) {
      seen.add(piece.id);
      let view = this.pieces.get(piece.id);
      if (!view) {
        view = new PieceView();
        if (this.textResolution) view.setTextResolution(this.textResolution);
        const made = view;
        view.onRedraw = () => {
          if (made.parent === this.pieceLayer) this.backdropDirty = true;
          this.invalidate();
        };
        view.label = piece.id;
        this.pieces.set(piece.id, view);
        this.pieceLayer.addChild(view);
        this.backdropDirty = true;
      }
      const changed = view.draw({
        ...this.look(piece.kindId, piece.label, piece.importance, piece.note, piece.placedByPartyId),
        ...(this.decorations.marks.has(piece.id) ? { mark: this.decorations.marks.get(piece.id)! } : {}),
        ...(this.decorations.votes.get(piece.id) ? { votes: this.decorations.votes.get(piece.id)! } : {}),
      });
      const alpha = this.localSource === piece.id ? 0.25 : 1;
      const resting = view.parent === this.pieceLayer;
      if (resting && (changed || view.x !== piece.x || view.y !== piece.y || view.scale.x !== piece.scale || view.alpha !== alpha)) {
        view.position.set(piece.x, piece.y);
        if (!this.revealing.has(piece.id)) view.scale.set(piece.scale);
        view.alpha = alpha;
        this.backdropDirty = true;
      }
    }
    for (const [id, view] of this.pieces) {
      if (seen.has(id)) continue;
      if (view.parent === this.pieceLayer) this.backdropDirty = true;
      view.destroy({ children: true });
      this.pieces.delete(id);
      this.draggedBy.delete(id);
      this.flying.delete(id);
    }
    this.invalidate();
  }

  /** This person's own drag, under the finger. */
  private drawLocal(): void {
    const source = this.local?.pieceId;
    if (source !== this.localSource) {
      this.localSource = source;
      this.drawPieces();
    }
    if (this.local && this.state) {
      const piece = this.local.pieceId ? this.byId.get(this.local.pieceId) : undefined;
      const kindId = piece?.kindId ?? this.local.kindId ?? '';
      this.localView.draw(this.look(kindId, piece?.label ?? this.local.label ?? '', piece?.importance ?? 1, piece?.note ?? '', undefined));
      this.localView.position.set(this.local.x, this.local.y);
      this.localView.scale.set(piece?.scale ?? 1);
      if (this.localView.parent !== this.ghostLayer) this.ghostLayer.addChild(this.localView);
    } else if (this.localView.parent) {
      this.localView.parent.removeChild(this.localView);
    }
    this.invalidate();
  }

  private drawSpotlight(): void {
    this.spotlightRing.clear();
    const state = this.state;
    const spot = this.decorations.spotlight;
    if (!state || spot.kind === 'none') return;
    if (spot.kind === 'party') {
      const index = state.parties.findIndex((p) => p.id === spot.id);
      if (index >= 0) this.spotlightRing.poly(areaOutline(state.parties.length, index).flatMap((p) => [p.x, p.y])).stroke({ color: SPOTLIGHT, width: SPOTLIGHT_STYLE.areaWidth });
    } else {
      const piece = this.byId.get(spot.id);
      if (!piece) return;
      const [w, h] = [PIECE_SIZE.width * piece.scale, PIECE_SIZE.height * piece.scale];
      const m = SPOTLIGHT_STYLE.pieceMargin * Math.max(0.5, piece.scale);
      this.spotlightRing.roundRect(piece.x - w / 2 - m, piece.y - h / 2 - m, w + 2 * m, h + 2 * m, 14).stroke({ color: SPOTLIGHT, width: SPOTLIGHT_STYLE.pieceWidth * Math.max(0.5, piece.scale) });
    }
  }

  /** The strips in screen space: who has placed how many while pieces are hidden, the marks' legend from the reveal on. */
  private drawOverlay(): void {
    const state = this.state;
    if (!state) return;
    const counts = this.decorations.counts;
    const rows: PlacedCount[] | null = counts ? state.parties.map((p) => ({ shortName: p.shortName, name: p.name, color: p.color, count: counts.get(p.id) ?? 0 })) : null;
    this.overlay.setPlaced(t(this.lang, 'board.placed.title'), rows);
    const marks = ARRANGED_PHASES.includes(state.phase) && this.shown.length > 0;
    this.overlay.setLegend(marks ? (['shared', 'blind-spot', 'unseen'] as const).map((perception) => ({ perception, text: t(this.lang, `export.perception.${perception}`) })) : null);
    this.fitStrips();
  }

  // ---- frames ---------------------------------------------------------------------------------

  /** Something changed: draw once on the next animation frame. */
  invalidate(): void {
    if (this.frameQueued || !this.ready) return;
    this.frameQueued = true;
    this.frameHandle = requestAnimationFrame((now) => this.frame(now));
  }

  /** Kept for callers of the old name: draw once on the next animation frame. */
  requestRender(): void {
    this.invalidate();
  }

  /** One frame: move what moves, bring the cached layer up to date if it must be, draw. */
  private frame(now: number): void {
    this.frameQueued = false;
    if (!this.ready || !this.app.renderer) return;
    const started = performance.now();
    const clock = started;
    let more = false;

    const zoom = this.zoomAnimation;
    if (zoom) {
      const k = Math.min(1, (clock - zoom.start) / zoom.ms);
      this.applyView(between(zoom.from, zoom.to, 1 - (1 - k) ** 3));
      if (k >= 1) this.zoomAnimation = undefined;
      else more = true;
    }

    more = this.placeLivePieces(clock) || more;

    if (this.revealing.size) {
      for (const [id, from] of this.revealing) {
        const view = this.pieces.get(id);
        const piece = this.byId.get(id);
        if (!view || !piece) {
          this.revealing.delete(id);
          continue;
        }
        const k = Math.max(0, Math.min(1, (clock - from) / 350));
        view.scale.set(piece.scale * (0.2 + 0.8 * (1 - (1 - k) ** 3)));
        if (k >= 1) this.revealing.delete(id);
      }
      if (this.revealing.size === 0) this.updateCachePolicy();
      else more = true;
    }

    if (this.backdropDirty && this.backdrop.isCachedAsTexture) this.backdrop.updateCacheTexture();
    this.backdropDirty = false;
    this.app.render();
    const ended = performance.now();
    const interval = this.lastFrameAt === undefined ? Number.NaN : now - this.lastFrameAt;
    this.frameLog.push({ interval, work: ended - started });
    if (this.frameLog.length > 2000) this.frameLog.splice(0, 1000);
    this.host.dataset.renders = String(Number(this.host.dataset.renders ?? 0) + 1);
    this.lastFrameAt = more ? now : undefined;
    if (more) this.invalidate();
  }

  /**
   * Put every moving piece where it is drawn now: remote drags (interpolated), dropped ones
   * waiting for their state, pieces flying back; pieces that stopped moving go back to rest in
   * the cached layer. Returns whether another frame is needed.
   */
  private placeLivePieces(now: number): boolean {
    const state = this.state;
    if (!state) return false;
    let more = this.remote.animating(now);
    const live = new Set<string>();
    const ghostIds = new Set<string>();
    const party = (id: string) => state.parties.find((p) => p.id === id);
    for (const shown of this.remote.shown(now)) {
      const { drag } = shown;
      const color = party(drag.partyId)?.color ?? NAVY;
      const name = party(drag.partyId)?.shortName ?? '';
      if (drag.pieceId) {
        const view = this.pieces.get(drag.pieceId);
        if (!view) continue;
        live.add(drag.pieceId);
        this.makeLive(view);
        view.position.set(shown.x, shown.y);
        const key = `${color}|${name}`;
        if (this.draggedBy.get(drag.pieceId) !== key) {
          this.draggedBy.set(drag.pieceId, key);
          view.setDraggedBy(color, name);
        }
      } else if (drag.kindId) {
        ghostIds.add(drag.memberId);
        let ghost = this.ghosts.get(drag.memberId);
        if (!ghost) {
          ghost = new PieceView();
          ghost.onRedraw = () => this.invalidate();
          ghost.alpha = 0.9;
          this.ghosts.set(drag.memberId, ghost);
          this.ghostLayer.addChildAt(ghost, 0);
        }
        if (ghost.draw(this.look(drag.kindId, '', 1, '', drag.partyId))) ghost.setDraggedBy(color, name);
        ghost.position.set(shown.x, shown.y);
      }
    }
    for (const [memberId, ghost] of this.ghosts) {
      if (ghostIds.has(memberId)) continue;
      ghost.destroy({ children: true });
      this.ghosts.delete(memberId);
    }
    for (const [id, flight] of this.flying) {
      const view = this.pieces.get(id);
      const piece = this.byId.get(id);
      if (!view || !piece || live.has(id)) {
        this.flying.delete(id);
        continue;
      }
      const k = Math.min(1, (now - flight.start) / 260);
      const e = 1 - (1 - k) ** 3;
      live.add(id);
      this.makeLive(view);
      view.position.set(flight.from.x + (piece.x - flight.from.x) * e, flight.from.y + (piece.y - flight.from.y) * e);
      if (k >= 1) this.flying.delete(id);
      else more = true;
    }
    // pieces that stopped moving rest again where the state has them
    for (const view of [...this.liveLayer.children]) {
      const id = view.label;
      if (live.has(id)) continue;
      if (view instanceof PieceView) {
        const piece = this.byId.get(id);
        view.setDraggedBy(undefined);
        this.draggedBy.delete(id);
        if (piece) {
          view.position.set(piece.x, piece.y);
          view.scale.set(piece.scale);
          this.pieceLayer.addChild(view);
          this.backdropDirty = true;
        } else view.parent?.removeChild(view);
      }
    }
    return more;
  }

  private makeLive(view: PieceView): void {
    if (view.parent === this.liveLayer) return;
    this.liveLayer.addChild(view);
    view.alpha = 1;
    this.backdropDirty = true;
  }

  destroy(): void {
    this.ready = false;
    cancelAnimationFrame(this.frameHandle);
    clearTimeout(this.settleTimer);
    clearTimeout(this.expiryTimer);
    clearTimeout(this.awaitTimer);
    this.resizeObserver?.disconnect();
    this.app.destroy(true, { children: true });
  }
}

/** Call `run` on every Text inside `node`. */
function forEachText(node: Container, run: (text: Text) => void): void {
  if (node instanceof Text) run(node);
  for (const child of node.children) forEachText(child, run);
}
