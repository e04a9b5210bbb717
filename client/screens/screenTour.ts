/**
 * The shared screen's reading tour (the stops: client/scenes/readingTour.ts). When the whole board
 * draws some label smaller than READABLE_PX_AT_1080 (scaled to the screen's height), the screen
 * shows the whole board, then each area in turn — zoomed until every label in it reads, in parts
 * where one view is not enough — and starts again, a stop every TOUR_DWELL_MS. A caption at the
 * top of the side beside the board (never over it) says what is shown; its buttons step back and on and pause the tour (moving content a
 * person can stop: WCAG 2.2.2). The facilitator's spotlight takes the screen while it is on; the
 * tour goes on from the whole board when it is cleared. No tour while the board reads whole, or
 * while the screen draws no pieces (the hidden phases).
 */
import { h, setText } from '../dom.ts';
import { tr } from '../i18n.ts';
import type { BoardScene } from '../scenes/BoardScene.ts';
import type { TourStop } from '../scenes/readingTour.ts';
import type { ClientState } from '../net/WorkshopConnection.ts';

/** The least label size on a 1080 px tall screen that reads from across a meeting room (issue 8), in CSS px. */
export const READABLE_PX_AT_1080 = 18;
/** How long each stop stays on the screen. */
export const TOUR_DWELL_MS = 12_000;

/** The least readable label on this screen: READABLE_PX_AT_1080 at 1080 px, in proportion to the screen's height elsewhere. */
export function readablePx(screenHeight: number): number {
  return (READABLE_PX_AT_1080 * screenHeight) / 1080;
}

/** What the tour shows now: the whole board, or one of the stops. */
type Position = { kind: 'whole' } | { kind: 'stop'; index: number };

/** The tour as the shared screen holds it. */
export interface ScreenTour {
  /** The caption and its buttons, for the top of the side beside the board. */
  element: HTMLElement;
  /** After every state change, resize and language change. */
  update(state: ClientState): void;
}

/** The reading tour of `scene` on this shared screen. */
export function screenTour(scene: BoardScene, screenHeight: () => number): ScreenTour {
  let stops: TourStop[] = [];
  let position: Position = { kind: 'whole' };
  let paused = false;
  let spotlit = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let parties: ClientState['parties'] = [];
  let phase: ClientState['phase'] | undefined;

  const caption = h('span', { class: 'tour-caption', id: 'tour-caption' });
  const swatch = h('span', { class: 'tour-swatch', 'aria-hidden': 'true' });
  const counter = h('span', { class: 'tour-count', id: 'tour-count' });
  const back = h('button', { type: 'button', class: 'tour-button', id: 'tour-back', onclick: () => step(-1) }, '◀');
  const pause = h('button', { type: 'button', class: 'tour-button tour-pause', id: 'tour-pause', 'aria-pressed': 'false', onclick: () => setPaused(!paused) });
  const next = h('button', { type: 'button', class: 'tour-button', id: 'tour-next', onclick: () => step(1) }, '▶');
  const element = h('div', { class: 'screen-tour', id: 'screen-tour', role: 'group', hidden: true }, swatch, caption, counter, h('span', { class: 'tour-buttons' }, back, pause, next));

  const active = () => stops.length > 0 && !spotlit;

  /** Show what `position` says, and (unless paused) the next stop after TOUR_DWELL_MS. */
  const show = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    element.hidden = !active();
    element.dataset.position = position.kind === 'whole' ? 'whole' : String(position.index + 1);
    element.dataset.area = position.kind === 'stop' ? (stops[position.index]?.areaPartyId ?? '') : '';
    element.dataset.stops = String(stops.length);
    element.dataset.paused = String(paused);
    if (!active()) return;
    const stop = position.kind === 'stop' ? stops[position.index] : undefined;
    if (stop) scene.showBox(stop.box);
    else scene.showWholeBoard();
    label(stop);
    if (!paused) timer = setTimeout(() => step(1), TOUR_DWELL_MS);
  };

  /** The caption's words, the area's colour, and the buttons' names in the screen's language. */
  const label = (stop: TourStop | undefined) => {
    const party = stop ? parties.find((p) => p.id === stop.areaPartyId) : undefined;
    setText(caption, !stop ? tr('tour.whole') : stop.parts > 1 ? tr('tour.areaPart', { party: party?.name ?? '', part: stop.part, parts: stop.parts }) : tr('tour.area', { party: party?.name ?? '' }));
    swatch.hidden = !party;
    if (party) swatch.style.background = party.color;
    setText(counter, position.kind === 'stop' ? `${position.index + 1}/${stops.length}` : '');
    element.setAttribute('aria-label', tr('tour.label'));
    back.setAttribute('aria-label', tr('tour.back'));
    next.setAttribute('aria-label', tr('tour.next'));
    // one name whether pressed or not (WCAG 4.1.2: a toggle says its state by aria-pressed, not by new words)
    setText(pause, tr('tour.pause'));
    pause.setAttribute('aria-pressed', String(paused));
  };

  /** One stop on (1) or back (-1), the whole board between the last stop and the first. */
  const step = (by: 1 | -1) => {
    const count = stops.length + 1;
    const at = position.kind === 'whole' ? 0 : position.index + 1;
    const to = (at + by + count) % count;
    position = to === 0 ? { kind: 'whole' } : { kind: 'stop', index: to - 1 };
    show();
  };

  const setPaused = (value: boolean) => {
    paused = value;
    show();
  };

  return {
    element,
    update(state) {
      parties = state.parties;
      const wasActive = active();
      const spotlightOn = state.spotlight.kind !== 'none';
      const previous = position.kind === 'stop' ? stops[position.index] : undefined;
      const before = JSON.stringify(stops.map((s) => [s.pieceIds, s.box]));
      stops = scene.readingStops(readablePx(screenHeight()));
      const changed = JSON.stringify(stops.map((s) => [s.pieceIds, s.box])) !== before;
      const spotlightChanged = spotlightOn !== spotlit;
      spotlit = spotlightOn;
      if (!active()) {
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
        element.hidden = true;
        // the spotlight, or the whole board that now reads, takes the screen back
        if (wasActive || spotlightChanged) scene.resetView();
        return;
      }
      // a new phase starts the tour again from the whole board (the board itself went back to it)
      const phaseChanged = state.phase !== phase;
      phase = state.phase;
      if (!wasActive || phaseChanged || spotlightChanged) {
        position = { kind: 'whole' };
        show();
        return;
      }
      if (!changed) {
        label(position.kind === 'stop' ? stops[position.index] : undefined);
        return;
      }
      // the pieces moved: stay with the same area's part where there still is one
      if (previous) {
        const same = stops.findIndex((s) => s.areaPartyId === previous.areaPartyId && s.part === Math.min(previous.part, s.parts));
        position = same >= 0 ? { kind: 'stop', index: same } : { kind: 'whole' };
      }
      const stop = position.kind === 'stop' ? stops[position.index] : undefined;
      if (stop) scene.showBox(stop.box);
      label(stop);
    },
  };
}
