/**
 * The board drawn with Pixi: the collaboration at the centre, the party areas around it as
 * jigsaw pieces, placed value pieces, and live drags. It only draws the plain state it is
 * given ("the board is the state's picture"); input is BoardInput's, in board space, through
 * the hit tests and drag feedback this class offers.
 * It renders on change, not every frame, so software WebGL on small machines keeps up.
 */
// the strict CSP (no unsafe-eval) needs Pixi's eval-free shader and uniform code paths
import 'pixi.js/unsafe-eval';
import { Application, Container, Graphics, Sprite, Text, Texture } from 'pixi.js';
import { BOARD_SIZE, CENTER, INNER_RADIUS, OUTER_RADIUS, PIECE_SIZE, areaAngles, areaFocus, areaIndexAt, areaLabelPoint, areaOutline, type Point } from '../../shared/geometry.ts';
import type { Perception } from '../../shared/reveal.ts';
import { localized } from '../../shared/deck.ts';
import { textColorOn } from '../../shared/palette.ts';
import type { Language } from '../../shared/i18n/languages.ts';
import type { PlacedPiece, WorkshopState } from '../../shared/types.ts';
import type { RemoteDrag } from '../net/WorkshopConnection.ts';
import { iconImage } from './icons.ts';
import { AREA_LABEL, AREA_STYLE, BOARD_COLORS, BOARD_FONT, CENTRE_STYLE, COUNT_RING, MARK_COLORS, PIECE_STYLE, SPOTLIGHT_STYLE, VOTE_BADGE, areaNameWidth } from '../../shared/boardStyle.ts';
import type { BoardSurface } from './BoardInput.ts';

const FONT = BOARD_FONT;
const { ink: INK, navy: NAVY, paper: PAPER } = BOARD_COLORS;

/** A piece being dragged by this person, drawn under the finger. */
export interface LocalDrag {
  x: number;
  y: number;
  pieceId?: string;
  kindId?: string;
  label?: string;
}

/** What a piece looks like, independent of where it lies. */
interface PieceLook {
  kindId: string;
  label: string;
  importance: number;
  hasNote: boolean;
  edge: string;
  fill: string;
  icon: string;
  lang: Language;
  /** How the value stands after the reveal, when it is shown. */
  mark?: Perception;
  /** Dots on the piece, when shown. */
  votes?: number;
}

/** Extra layers of meaning drawn over the board: perception marks, dots, hidden counts, spotlight. */
export interface Decorations {
  marks: ReadonlyMap<string, Perception>;
  votes: ReadonlyMap<string, number>;
  /** Pieces placed per party, shown in the areas while pieces are hidden; null when all is visible. */
  counts: ReadonlyMap<string, number> | null;
  /** What to show the pieces' counts against (the deck's size) for the progress rings. */
  countOf: number;
  spotlight: { kind: 'none' | 'party' | 'piece'; id: string };
  /** Zoom to the spotlight (the shared screen does; personal screens only highlight). */
  zoom: boolean;
  /** The viewer's own party, whose count is not drawn (its pieces are). */
  ownParty?: string;
}

const SPOTLIGHT = BOARD_COLORS.spotlight;

/** The drawing of one piece, rebuilt only when its look changes. */
class PieceView extends Container {
  key = '';
  readonly halo = new Graphics();
  readonly tag = new Text({ text: '', style: { fontFamily: FONT, fontSize: 15, fontWeight: '700', fill: PAPER } });
  readonly tagBg = new Graphics();

  draw(look: PieceLook): void {
    const key = JSON.stringify(look);
    if (key === this.key) return;
    this.key = key;
    // the halo and the dragger's tag live across redraws; everything else is rebuilt
    const keep = new Set<Container>([this.halo, this.tag, this.tagBg]);
    this.removeChildren().forEach((c) => {
      if (!keep.has(c)) c.destroy({ children: true });
    });
    const { width: w, height: h } = PIECE_SIZE;
    const body = new Graphics()
      .roundRect(-w / 2, -h / 2, w, h, PIECE_STYLE.radius)
      .fill({ color: look.fill })
      .stroke({ color: look.edge, width: PIECE_STYLE.edgeWidth, alignment: 1 });
    const text = new Text({
      text: look.label,
      style: { fontFamily: FONT, fontSize: PIECE_STYLE.labelSize, fontWeight: '600', fill: INK, wordWrap: true, wordWrapWidth: w - 50, lineHeight: PIECE_STYLE.labelSize + 1 },
    });
    text.anchor.set(0, 0.5);
    text.position.set(-w / 2 + PIECE_STYLE.labelX, -4);
    // long words are shrunk to fit rather than broken mid-word
    const fit = Math.min(1, (h - 10) / text.height, (w - 50) / text.width);
    if (fit < 1) text.scale.set(fit);
    const icon = new Sprite(Texture.EMPTY);
    icon.anchor.set(0.5);
    icon.position.set(-w / 2 + PIECE_STYLE.iconX, 0);
    icon.width = icon.height = PIECE_STYLE.iconSize;
    void iconImage(look.icon, INK).then((img) => {
      if (icon.destroyed) return;
      icon.texture = Texture.from(img);
      icon.width = icon.height = PIECE_STYLE.iconSize;
      this.emit('redraw');
    });
    const dots = new Graphics();
    const dot = PIECE_STYLE.importance;
    for (let i = 0; i < look.importance; i++) dots.circle(-w / 2 + dot.x + i * dot.step, h / 2 - dot.fromBottom, dot.radius).fill({ color: INK });
    const note = PIECE_STYLE.note;
    if (look.hasNote) dots.roundRect(w / 2 - note.fromRight, -h / 2 + note.top, note.width, note.height, note.radius).stroke({ color: INK, width: note.line });
    const badges = new Container();
    if (look.mark) {
      // a shape per perception as well as a colour, so it reads without colour vision
      const mark = new Graphics();
      const color = MARK_COLORS[look.mark];
      const at = { x: w / 2 - 2, y: -h / 2 + 2 };
      if (look.mark === 'shared') {
        mark.circle(at.x, at.y, 13).fill({ color }).stroke({ color: PAPER, width: 3 });
        mark.moveTo(at.x - 6, at.y).lineTo(at.x - 1, at.y + 5).lineTo(at.x + 7, at.y - 5).stroke({ color: PAPER, width: 3.5 });
      } else if (look.mark === 'blind-spot') {
        mark.poly([at.x, at.y - 14, at.x + 14, at.y + 11, at.x - 14, at.y + 11]).fill({ color }).stroke({ color: PAPER, width: 3 });
        mark.circle(at.x, at.y + 3, 3).fill({ color: PAPER });
      } else {
        mark.rect(at.x - 11, at.y - 11, 22, 22).fill({ color }).stroke({ color: PAPER, width: 3 });
        mark.rect(at.x - 4, at.y - 4, 8, 8).fill({ color: PAPER });
      }
      badges.addChild(mark);
    }
    if (look.votes) {
      const { radius, inset, ring, textSize } = VOTE_BADGE;
      const badge = new Graphics().circle(w / 2 - inset, h / 2 - inset, radius).fill({ color: NAVY }).stroke({ color: PAPER, width: ring });
      const count = new Text({ text: String(look.votes), style: { fontFamily: FONT, fontSize: textSize, fontWeight: '800', fill: PAPER } });
      count.anchor.set(0.5);
      count.position.set(w / 2 - inset, h / 2 - inset);
      badges.addChild(badge, count);
    }
    this.addChild(this.halo, body, icon, text, dots, badges, this.tagBg, this.tag);
  }

  /** Mark the piece as dragged by a party: a thick halo in its colour and its short name above. */
  setDraggedBy(color: string | undefined, name = ''): void {
    this.halo.clear();
    this.tagBg.clear();
    this.tag.text = '';
    if (!color) return;
    const { width: w, height: h } = PIECE_SIZE;
    this.halo.roundRect(-w / 2 - 9, -h / 2 - 9, w + 18, h + 18, 16).fill({ color, alpha: 0.45 });
    if (name) {
      this.tag.text = name;
      this.tag.style.fill = textColorOn(color);
      this.tag.anchor.set(0.5, 1);
      this.tag.position.set(0, -h / 2 - 12);
      this.tagBg.roundRect(-this.tag.width / 2 - 6, -h / 2 - 14 - this.tag.height, this.tag.width + 12, this.tag.height + 4, 6).fill({ color });
    }
  }
}

/** The Pixi board. */
export class BoardScene implements BoardSurface {
  readonly app = new Application();
  private readonly world = new Container();
  private readonly areaLayer = new Container();
  private readonly highlight = new Graphics();
  private readonly pieceLayer = new Container();
  private readonly ghostLayer = new Container();
  private readonly countLayer = new Container();
  private readonly spotlightRing = new Graphics();
  private decorations: Decorations = { marks: new Map(), votes: new Map(), counts: null, countOf: 15, spotlight: { kind: 'none', id: '' }, zoom: false };
  /** Pieces appearing in the reveal: when each started growing. */
  private readonly revealing = new Map<string, number>();
  private zoomTarget = { scale: 1, x: 0, y: 0 };
  private zoomCurrent = { scale: 1, x: 0, y: 0 };
  private readonly pieces = new Map<string, PieceView>();
  private readonly ghosts = new Map<string, PieceView>();
  private localView = new PieceView();
  private areaKey = '';
  private state: WorkshopState | undefined;
  private drags: ReadonlyMap<string, RemoteDrag> = new Map();
  private local: LocalDrag | undefined;
  private lang: Language = 'da';
  private highlighted = -1;
  /** Pieces flying back after a refused move: where they are drawn until they land. */
  private readonly flying = new Map<string, Point>();
  /** A placed piece drawn at its drop until the state holding it arrives. */
  private awaitedPiece: string | undefined;
  private awaitTimer: ReturnType<typeof setTimeout> | undefined;
  private renderQueued = false;
  private resizeObserver: ResizeObserver | undefined;
  scale = 1;

  private readonly host: HTMLElement;

  constructor(host: HTMLElement) {
    this.host = host;
  }

  /** Create the canvas inside the host element. */
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
    this.world.addChild(this.areaLayer, this.countLayer, this.highlight, this.spotlightRing, this.pieceLayer, this.ghostLayer);
    this.app.stage.addChild(this.world);
    this.localView.alpha = 0.92;
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.host);
    this.resize();
  }

  /** Fit the square board into the host element. */
  resize(): void {
    const w = Math.max(1, this.host.clientWidth);
    const h = Math.max(1, this.host.clientHeight);
    this.app.renderer.resize(w, h);
    this.scale = Math.min(w, h) / BOARD_SIZE;
    this.applyZoom(true);
  }

  /** Place the world: the whole board, or zoomed to the spotlight. `jump` skips the animation. */
  private applyZoom(jump = false): void {
    // Pixi 8 reports the renderer's size in CSS pixels already (resolution is applied below it)
    const w = this.app.renderer.width;
    const h = this.app.renderer.height;
    const focus = this.decorations.zoom ? this.spotlightBounds() : undefined;
    const fit = focus ? Math.min(w / focus.size, h / focus.size) : Math.min(w, h) / BOARD_SIZE;
    const centre = focus ?? { x: BOARD_SIZE / 2, y: BOARD_SIZE / 2 };
    this.zoomTarget = { scale: fit, x: w / 2 - centre.x * fit, y: h / 2 - centre.y * fit };
    if (jump) this.zoomCurrent = { ...this.zoomTarget };
    // a time-based ease, so the zoom takes the same 400 ms on a slow machine as on a fast one
    const from = { ...this.zoomCurrent };
    const start = performance.now();
    const step = (now: number) => {
      const t = jump ? 1 : Math.min(1, (now - start) / 400);
      const e = 1 - (1 - t) ** 3;
      const target = this.zoomTarget;
      this.zoomCurrent = { scale: from.scale + (target.scale - from.scale) * e, x: from.x + (target.x - from.x) * e, y: from.y + (target.y - from.y) * e };
      this.world.scale.set(this.zoomCurrent.scale);
      this.world.position.set(this.zoomCurrent.x, this.zoomCurrent.y);
      this.requestRender();
      if (t < 1) requestAnimationFrame(step);
    };
    step(performance.now());
  }

  /** The square (centre and side) the spotlight zooms to. */
  private spotlightBounds(): { x: number; y: number; size: number } | undefined {
    const state = this.state;
    const spot = this.decorations.spotlight;
    if (!state || spot.kind === 'none') return undefined;
    if (spot.kind === 'piece') {
      const piece = state.pieces.find((p) => p.id === spot.id);
      return piece ? { x: piece.x, y: piece.y, size: PIECE_SIZE.width * 3 } : undefined;
    }
    const index = state.parties.findIndex((p) => p.id === spot.id);
    if (index < 0) return undefined;
    return areaFocus(state.parties.length, index);
  }

  /** Client (CSS pixel) coordinates → board coordinates. */
  toBoard(clientX: number, clientY: number): Point {
    const rect = this.app.canvas.getBoundingClientRect();
    const k = this.world.scale.x;
    return { x: (clientX - rect.left - this.world.x) / k, y: (clientY - rect.top - this.world.y) / k };
  }

  /** Board coordinates → client (CSS pixel) coordinates. */
  toClient(p: Point): Point {
    const rect = this.app.canvas.getBoundingClientRect();
    const k = this.world.scale.x;
    return { x: rect.left + this.world.x + p.x * k, y: rect.top + this.world.y + p.y * k };
  }

  /** The topmost placed piece under board point `p`. */
  pieceAt(p: Point): PlacedPiece | undefined {
    const pieces = this.state?.pieces ?? [];
    for (let i = pieces.length - 1; i >= 0; i--) {
      const piece = pieces[i]!;
      if (Math.abs(p.x - piece.x) <= PIECE_SIZE.width / 2 && Math.abs(p.y - piece.y) <= PIECE_SIZE.height / 2) return piece;
    }
    return undefined;
  }

  /** The party whose area holds board point `p`, if any. */
  areaAt(p: Point): string | undefined {
    const parties = this.state?.parties ?? [];
    return parties[areaIndexAt(parties.length, p)]?.id;
  }

  /** Outline the area under `p` as the drop target (none when undefined). */
  highlightAt(p: Point | undefined): void {
    this.setHighlight(p && this.state ? areaIndexAt(this.state.parties.length, p) : -1);
  }

  setLanguage(lang: Language): void {
    this.lang = lang;
    this.areaKey = '';
    if (this.state) this.setState(this.state);
  }

  setState(state: WorkshopState): void {
    this.state = state;
    if (this.awaitedPiece && state.pieces.some((p) => p.id === this.awaitedPiece)) this.stopAwaiting();
    this.drawAreas(state);
    this.drawCounts();
    this.drawSpotlight();
    this.drawPieces();
  }

  /** Marks, dots, hidden counts and the spotlight. */
  setDecorations(decorations: Decorations): void {
    const spotChanged = JSON.stringify(decorations.spotlight) !== JSON.stringify(this.decorations.spotlight) || decorations.zoom !== this.decorations.zoom;
    this.decorations = decorations;
    this.drawCounts();
    this.drawSpotlight();
    this.drawPieces();
    if (spotChanged) this.applyZoom();
  }

  /** Let every piece now on the board grow into place, one after another (the reveal). */
  playReveal(): void {
    const now = performance.now();
    (this.state?.pieces ?? []).forEach((p, i) => this.revealing.set(p.id, now + i * 40));
    const step = () => {
      this.drawPieces();
      if (this.revealing.size > 0) requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }

  private drawCounts(): void {
    this.countLayer.removeChildren().forEach((c) => c.destroy({ children: true }));
    const state = this.state;
    const counts = this.decorations.counts;
    if (!state || !counts) return;
    const n = state.parties.length;
    state.parties.forEach((party, i) => {
      if (party.id === this.decorations.ownParty) return; // a party sees its own pieces, not a count
      const count = counts.get(party.id) ?? 0;
      const { start, end } = areaAngles(n, i);
      const mid = (start + end) / 2;
      const r = (INNER_RADIUS + OUTER_RADIUS) / 2 - COUNT_RING.inset;
      const at = { x: CENTER.x + r * Math.cos(mid), y: CENTER.y + r * Math.sin(mid) };
      const share = Math.min(1, count / Math.max(1, this.decorations.countOf));
      const ring = new Graphics()
        .circle(at.x, at.y, COUNT_RING.radius)
        .fill({ color: PAPER, alpha: 0.85 })
        .stroke({ color: BOARD_COLORS.rule, width: COUNT_RING.track });
      if (share > 0) ring.moveTo(at.x, at.y - COUNT_RING.radius).arc(at.x, at.y, COUNT_RING.radius, -Math.PI / 2, -Math.PI / 2 + share * 2 * Math.PI).stroke({ color: party.color, width: COUNT_RING.track });
      const number = new Text({ text: String(count), style: { fontFamily: FONT, fontSize: COUNT_RING.numberSize, fontWeight: '800', fill: INK } });
      number.anchor.set(0.5);
      number.position.set(at.x, at.y - 6);
      // the count is of pieces this party has placed (anywhere), so it carries the party's short name
      const who = new Text({ text: party.shortName, style: { fontFamily: FONT, fontSize: COUNT_RING.nameSize, fontWeight: '700', fill: INK } });
      who.anchor.set(0.5);
      who.position.set(at.x, at.y + 22);
      this.countLayer.addChild(ring, number, who);
    });
    this.requestRender();
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
      const piece = state.pieces.find((p) => p.id === spot.id);
      const m = SPOTLIGHT_STYLE.pieceMargin;
      if (piece) this.spotlightRing.roundRect(piece.x - PIECE_SIZE.width / 2 - m, piece.y - PIECE_SIZE.height / 2 - m, PIECE_SIZE.width + 2 * m, PIECE_SIZE.height + 2 * m, 18).stroke({ color: SPOTLIGHT, width: SPOTLIGHT_STYLE.pieceWidth });
    }
    this.requestRender();
  }

  setDrags(drags: ReadonlyMap<string, RemoteDrag>): void {
    this.drags = drags;
    this.drawPieces();
  }

  setLocalDrag(drag: LocalDrag | undefined): void {
    this.awaitedPiece = undefined;
    clearTimeout(this.awaitTimer);
    this.local = drag;
    this.drawPieces();
  }

  /** Keep the local drag drawn where it is until the state holds piece `pieceId`, or 1.5 s pass. */
  holdLocalDragUntil(pieceId: string | undefined): void {
    if (pieceId && this.state?.pieces.some((p) => p.id === pieceId)) return this.setLocalDrag(undefined);
    this.awaitedPiece = pieceId ?? '';
    clearTimeout(this.awaitTimer);
    this.awaitTimer = setTimeout(() => this.stopAwaiting(), 1500);
  }

  private stopAwaiting(): void {
    if (this.awaitedPiece === undefined) return;
    this.awaitedPiece = undefined;
    clearTimeout(this.awaitTimer);
    this.local = undefined;
    this.drawPieces();
  }

  /** Outline area `index` as the drop target (-1 for none). */
  setHighlight(index: number): void {
    if (index === this.highlighted) return;
    this.highlighted = index;
    this.highlight.clear();
    if (index >= 0 && this.state) {
      const party = this.state.parties[index];
      const outline = areaOutline(this.state.parties.length, index);
      this.highlight.poly(outline.flatMap((p) => [p.x, p.y])).fill({ color: party?.color ?? '#000', alpha: AREA_STYLE.highlightAlpha }).stroke({ color: party?.color ?? '#000', width: AREA_STYLE.highlightWidth });
    }
    this.requestRender();
  }

  /** Animate a piece from `from` back to where the state has it (a refused move). */
  flyBack(pieceId: string, from: Point): void {
    const piece = this.state?.pieces.find((p) => p.id === pieceId);
    if (!piece) return;
    const start = performance.now();
    const step = (now: number) => {
      const t = Math.min(1, (now - start) / 260);
      const ease = 1 - (1 - t) ** 3;
      this.flying.set(pieceId, { x: from.x + (piece.x - from.x) * ease, y: from.y + (piece.y - from.y) * ease });
      if (t >= 1) this.flying.delete(pieceId);
      this.drawPieces();
      if (t < 1) requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }

  private look(kindId: string, label: string, importance: number, note: string, edge: string): PieceLook {
    const state = this.state!;
    const kind = state.kinds.find((k) => k.id === kindId);
    const category = state.categories.find((c) => c.id === kind?.category);
    return {
      kindId,
      label: label || (kind ? localized(kind.label, this.lang) : kindId),
      importance,
      hasNote: note !== '',
      edge,
      fill: category?.color ?? BOARD_COLORS.noCategory,
      icon: kind?.icon ?? 'pencil',
      lang: this.lang,
    };
  }

  private drawAreas(state: WorkshopState): void {
    const key = JSON.stringify([state.parties, state.collaboration, state.title, this.lang]);
    if (key === this.areaKey) return;
    this.areaKey = key;
    this.highlighted = -1;
    this.highlight.clear();
    this.areaLayer.removeChildren().forEach((c) => c.destroy({ children: true }));
    const n = state.parties.length;
    state.parties.forEach((party, i) => {
      const outline = areaOutline(n, i);
      const area = new Graphics()
        .poly(outline.flatMap((p) => [p.x, p.y]))
        .fill({ color: party.color, alpha: AREA_STYLE.fillAlpha })
        .stroke({ color: party.color, width: AREA_STYLE.strokeWidth, alignment: 0.5 });
      const at = areaLabelPoint(n, i);
      const badge = new Text({ text: party.shortName, style: { fontFamily: FONT, fontSize: AREA_LABEL.badgeSize, fontWeight: '800', fill: textColorOn(party.color) } });
      badge.anchor.set(0.5);
      const pad = AREA_LABEL.badgePadding;
      const badgeBg = new Graphics().roundRect(-badge.width / 2 - pad, -badge.height / 2 - 3, badge.width + 2 * pad, badge.height + 6, AREA_LABEL.badgeRadius).fill({ color: party.color });
      const name = new Text({ text: party.name, style: { fontFamily: FONT, fontSize: AREA_LABEL.nameSize, fontWeight: '600', fill: INK, align: 'center', wordWrap: true, wordWrapWidth: areaNameWidth(n) } });
      name.anchor.set(0.5, 0);
      name.position.set(0, badge.height / 2 + AREA_LABEL.nameGap);
      const label = new Container();
      label.addChild(badgeBg, badge, name);
      // keep labels inside the board on the bottom half
      label.position.set(at.x, at.y > CENTER.y ? at.y - AREA_LABEL.lowerLift - name.height : at.y);
      this.areaLayer.addChild(area, label);
    });
    const centre = new Graphics().circle(CENTER.x, CENTER.y, INNER_RADIUS - CENTRE_STYLE.inset).fill({ color: PAPER }).stroke({ color: NAVY, width: CENTRE_STYLE.strokeWidth });
    const title = new Text({
      text: state.collaboration || state.title,
      style: { fontFamily: FONT, fontSize: CENTRE_STYLE.titleSize, fontWeight: '700', fill: NAVY, align: 'center', wordWrap: true, wordWrapWidth: INNER_RADIUS * CENTRE_STYLE.titleWidthShare, breakWords: true },
    });
    title.anchor.set(0.5);
    title.position.set(CENTER.x, CENTER.y);
    if (title.height > INNER_RADIUS * 1.5) title.scale.set((INNER_RADIUS * 1.5) / title.height);
    this.areaLayer.addChild(centre, title);
    this.requestRender();
  }

  private drawPieces(): void {
    const state = this.state;
    if (!state) return;
    const partyColor = (id: string) => state.parties.find((p) => p.id === id)?.color ?? BOARD_COLORS.noParty;
    const partyName = (id: string) => state.parties.find((p) => p.id === id)?.shortName ?? '';
    const dragOf = new Map<string, RemoteDrag>();
    for (const drag of this.drags.values()) if (drag.pieceId) dragOf.set(drag.pieceId, drag);

    const seen = new Set<string>();
    for (const piece of state.pieces) {
      seen.add(piece.id);
      let view = this.pieces.get(piece.id);
      if (!view) {
        view = new PieceView();
        view.on('redraw', () => this.requestRender());
        this.pieces.set(piece.id, view);
        this.pieceLayer.addChild(view);
      }
      view.draw({
        ...this.look(piece.kindId, piece.label, piece.importance, piece.note, partyColor(piece.placedByPartyId)),
        mark: this.decorations.marks.get(piece.id),
        votes: this.decorations.votes.get(piece.id),
      });
      const growFrom = this.revealing.get(piece.id);
      if (growFrom !== undefined) {
        const t = Math.max(0, Math.min(1, (performance.now() - growFrom) / 350));
        view.scale.set(0.2 + 0.8 * (1 - (1 - t) ** 3));
        if (t >= 1) this.revealing.delete(piece.id);
      } else if (view.scale.x !== 1) view.scale.set(1);
      const remote = dragOf.get(piece.id);
      const mine = this.local?.pieceId === piece.id;
      const at = mine ? this.local! : remote ?? this.flying.get(piece.id) ?? piece;
      view.position.set(at.x, at.y);
      view.alpha = mine ? 0.25 : 1;
      view.setDraggedBy(remote ? partyColor(remote.partyId) || NAVY : undefined, remote ? partyName(remote.partyId) : '');
      if (remote) this.pieceLayer.addChild(view); // on top while dragged
    }
    for (const [id, view] of this.pieces) {
      if (!seen.has(id)) {
        view.destroy({ children: true });
        this.pieces.delete(id);
      }
    }

    // tray drags of others: ghost pieces tinted in the dragger's party colour
    const ghostIds = new Set<string>();
    for (const drag of this.drags.values()) {
      if (!drag.kindId) continue;
      ghostIds.add(drag.memberId);
      let ghost = this.ghosts.get(drag.memberId);
      if (!ghost) {
        ghost = new PieceView();
        ghost.on('redraw', () => this.requestRender());
        this.ghosts.set(drag.memberId, ghost);
        this.ghostLayer.addChild(ghost);
      }
      const color = drag.partyId ? partyColor(drag.partyId) : NAVY;
      ghost.draw(this.look(drag.kindId, '', 1, '', color));
      ghost.setDraggedBy(color, partyName(drag.partyId));
      ghost.alpha = 0.9;
      ghost.position.set(drag.x, drag.y);
    }
    for (const [id, ghost] of this.ghosts) {
      if (!ghostIds.has(id)) {
        ghost.destroy({ children: true });
        this.ghosts.delete(id);
      }
    }

    // my own drag, under the finger
    if (this.local) {
      const piece = this.local.pieceId ? state.pieces.find((p) => p.id === this.local!.pieceId) : undefined;
      const kindId = piece?.kindId ?? this.local.kindId ?? '';
      this.localView.draw(this.look(kindId, piece?.label ?? this.local.label ?? '', piece?.importance ?? 1, piece?.note ?? '', NAVY));
      this.localView.position.set(this.local.x, this.local.y);
      if (!this.localView.parent) this.ghostLayer.addChild(this.localView);
    } else if (this.localView.parent) {
      this.localView.parent.removeChild(this.localView);
    }
    this.requestRender();
  }

  /** Draw once on the next animation frame. */
  requestRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      if (this.app.renderer) this.app.render();
      this.host.dataset.renders = String(Number(this.host.dataset.renders ?? 0) + 1);
    });
  }

  destroy(): void {
    this.resizeObserver?.disconnect();
    this.app.destroy(true, { children: true });
  }
}
