/**
 * Playing the board without dragging and without seeing it, with the same rules as a drag (the
 * server decides): "Place in …" for each tray value (the keyboard's way, and the phone's
 * tap-to-place: pick a value, then a choice or an area on the board), the text twin's "Move to …",
 * arrow keys for a held piece, and "Remove"; the live announcements of what others do; the page's
 * title and heading. The board screen creates one and hands it every state.
 */
import { localized } from '../../shared/deck.ts';
import { neighbourSlot } from '../../shared/layout.ts';
import type { Point } from '../../shared/geometry.ts';
import type { Party } from '../../shared/types.ts';
import { h, setAttr, setText, toast } from '../dom.ts';
import { language, tr, type MessageKey } from '../i18n.ts';
import type { ActionAnswer, ClientState, WorkshopConnection } from '../net/WorkshopConnection.ts';
import { DRAG_THRESHOLD_PX } from '../scenes/BoardInput.ts';
import { boardTwin, type Part } from '../screens/boardSide.ts';
import { timerLeft } from '../screens/workshopViews.ts';
import { Announcements, boardChanges, timerMoment } from './announcements.ts';
import { announce } from './announcer.ts';
import { mayEdit, valueName, type Viewer } from './boardText.ts';
import { showMenu, type OpenMenu } from './choiceMenu.ts';
import { focusElement, focusLost } from './focus.ts';
import { setPageTitle } from './pageTitle.ts';
import { moveTargets, placeTargets } from './targets.ts';

/** What of the drawn board the keyboard and tap-to-place need. */
export interface BoardAreas {
  toBoard(clientX: number, clientY: number): Point;
  /** The party whose area holds `p`. */
  areaAt(p: Point): string | undefined;
  /** Outline area `index` (-1 for none). */
  setHighlight(index: number): void;
}

/** What the board screen gives the accessible board. */
export interface BoardAccessOptions {
  connection: WorkshopConnection;
  /** The element the board is drawn in (#board). */
  host: HTMLElement;
  /** The drawn board (asked for only when needed: it is made after this). */
  board(): BoardAreas;
  /** The facilitator's "place for" party ('' for the area's own). */
  placeFor(): string;
  /** The name of a blank value ({} for other values, null when the person gave up). */
  labelFor(kindId: string): Promise<{ label?: string } | null>;
  /** Open piece `pieceId`'s details; the focus goes back to `from` when they close. */
  openDetails(pieceId: string, from: HTMLElement): void;
  /** Show a refused action. */
  refused(answer: ActionAnswer): void;
}

/** How long a piece the person acted on counts as "mine" (its change is not announced as another party's). */
const MINE_MS = 5_000;
/** How long a focus request for a piece waits for the state that shows it. */
const FOCUS_WAIT_MS = 4_000;

/** The accessible board for one board screen. */
export function boardAccess(options: BoardAccessOptions) {
  const { connection, host } = options;
  const viewer = (): Viewer => ({ memberId: connection.me.memberId, role: connection.me.role, partyId: connection.me.partyId });
  const partyName = (id: string) => connection.state.parties.find((p) => p.id === id)?.name ?? '';
  const areaWords = (area: Pick<Party, 'id' | 'name'>) => (area.id === connection.me.partyId && connection.me.role === 'participant' ? tr('place.myArea', { party: area.name }) : tr('place.area', { party: area.name }));
  const highlight = (partyId: string | undefined) => options.board().setHighlight(partyId ? connection.state.parties.findIndex((p) => p.id === partyId) : -1);

  /** Pieces this person acted on lately, by id, with when. */
  const mine = new Map<string, number>();
  const markMine = (pieceId: string) => mine.set(pieceId, Date.now());
  const recentMine = () => {
    const now = Date.now();
    for (const [id, at] of mine) if (now - at > MINE_MS) mine.delete(id);
    return new Set(mine.keys());
  };
  /** A piece to focus once the state shows it where it went. */
  let focusWanted: { pieceId: string; which: 'value' | 'move'; until: number } | undefined;

  const act = async (...args: Parameters<WorkshopConnection['act']>): Promise<ActionAnswer> => {
    const answer = await connection.act(...args);
    options.refused(answer);
    return answer;
  };

  // ---- "Place in …" and tap-to-place ----
  let armed: { kindId: string; item: HTMLElement; targets: Party[]; menu: OpenMenu } | undefined;

  const place = async (kindId: string, areaPartyId: string, item: HTMLElement) => {
    const kind = connection.kind(kindId);
    const named = await options.labelFor(kindId);
    if (!named) return void focusElement(item);
    const forParty = options.placeFor();
    const answer = await act('place', { kindId, areaPartyId, ...(named.label ? { label: named.label } : {}), ...(forParty ? { forPartyId: forParty } : {}) });
    if (answer.ok) {
      const value = named.label || (kind ? localized(kind.label, language()) : kindId);
      announce(tr('place.done', { value, party: partyName(areaPartyId) }));
    }
    // the value's button is what was acted on: the focus stays (or comes back) there
    if (focusLost()) focusElement(item);
  };

  /** Open "Place in …" for the tray value `kindId` (its button `item`). */
  const pick = (kindId: string, item: HTMLElement) => {
    const state = connection.state;
    const kind = connection.kind(kindId);
    const value = kind ? localized(kind.label, language()) : kindId;
    const targets = placeTargets(state, viewer());
    const waiting = state.waiting.includes(connection.me.memberId);
    const emptyText = waiting ? tr('join.waiting') : state.locked ? tr('error.board-locked') : `${tr('place.none')} ${tr(`phase.do.${state.phase}` as MessageKey)}`;
    const menu = showMenu({
      title: tr('place.title', { value }),
      note: tr('place.tapArea'),
      emptyText,
      opener: item,
      choices: targets.map((area) => ({
        id: area.id,
        label: areaWords(area),
        onFocus: () => highlight(area.id),
        onChoose: () => void place(kindId, area.id, item),
      })),
      keepOpenOn: (target) => host.contains(target),
      onClose: () => {
        if (armed?.menu === menu) armed = undefined;
        highlight(undefined);
      },
    });
    armed = targets.length ? { kindId, item, targets, menu } : undefined;
  };

  // while a value is picked, a tap on an area of the board it may go in places it there (the drag input does not see the tap)
  let tap: { pointerId: number; x: number; y: number } | undefined;
  host.addEventListener('pointerdown', (event) => {
    if (!armed || !event.isPrimary) return;
    event.stopImmediatePropagation();
    tap = { pointerId: event.pointerId, x: event.clientX, y: event.clientY };
  }, true);
  host.addEventListener('pointerup', (event) => {
    const start = tap;
    tap = undefined;
    if (!armed || !start || start.pointerId !== event.pointerId) return;
    event.stopImmediatePropagation();
    if (Math.hypot(event.clientX - start.x, event.clientY - start.y) >= DRAG_THRESHOLD_PX) return;
    const board = options.board();
    const areaPartyId = board.areaAt(board.toBoard(event.clientX, event.clientY));
    const target = armed.targets.find((p) => p.id === areaPartyId);
    if (!target) return;
    const { kindId, item, menu } = armed;
    menu.close(true);
    void place(kindId, target.id, item);
  }, true);

  // ---- the text twin: details, "Move to …", the arrow keys, "Remove" ----
  let held: { pieceId: string; button: HTMLElement; from: Point; steps: (1 | -1)[]; busy: boolean; stop(): void } | undefined;
  /** A piece just put down with Enter or Space: the same key's click must not open its menu again. */
  let justDropped: { pieceId: string; until: number } | undefined;

  const valueOf = (pieceId: string) => {
    const piece = connection.state.pieces.find((p) => p.id === pieceId);
    return piece ? valueName(connection.state, piece, language()) : '';
  };

  const moveTo = async (pieceId: string, area: Party) => {
    const value = valueOf(pieceId);
    markMine(pieceId);
    const answer = await act('move', { pieceId, areaPartyId: area.id });
    if (answer.ok) {
      announce(tr('move.done', { value, party: area.name }));
      focusWanted = { pieceId, which: 'move', until: Date.now() + FOCUS_WAIT_MS };
      focusWhenShown();
    }
  };

  /** Pick piece `pieceId` up: the arrow keys on its "Move to …" button move it from free place to free place. */
  const hold = (pieceId: string, button: HTMLElement) => {
    const piece = connection.state.pieces.find((p) => p.id === pieceId);
    if (!piece) return;
    held?.stop();
    const stop = () => {
      if (held?.pieceId !== pieceId) return;
      held = undefined;
      delete button.dataset.held;
      setAttr(button, 'aria-pressed', false);
      button.removeEventListener('blur', onBlur);
      highlight(undefined);
    };
    const onBlur = () => stop();
    held = { pieceId, button, from: { x: piece.x, y: piece.y }, steps: [], busy: false, stop };
    button.dataset.held = 'true';
    setAttr(button, 'aria-pressed', 'true');
    button.addEventListener('blur', onBlur);
    highlight(piece.areaPartyId);
    focusElement(button);
    announce(tr('move.held', { value: valueName(connection.state, piece, language()) }));
  };

  /** Resolves once the state shows what `test` looks for (or after `ms`): an answer can come before the state that holds its change. */
  const stateShows = (test: (state: ClientState) => boolean, ms = 3_000) =>
    new Promise<void>((resolve) => {
      if (test(connection.state)) return resolve();
      const done = () => {
        clearTimeout(timer);
        off();
        resolve();
      };
      const timer = setTimeout(done, ms);
      const off = connection.on('state', (state) => {
        if (test(state)) done();
      });
    });

  /** Move the held piece one free place on (1) or back (-1); presses made meanwhile wait their turn, each from where the last one put it. */
  const step = async (direction: 1 | -1) => {
    const now = held;
    if (!now) return;
    now.steps.push(direction);
    if (now.busy) return;
    now.busy = true;
    for (let next = now.steps.shift(); next !== undefined && held === now; next = now.steps.shift()) {
      const near = neighbourSlot(connection.state, now.pieceId, next);
      if (!near) {
        announce(tr('move.end'));
        continue;
      }
      const at = connection.state.pieces.find((p) => p.id === now.pieceId);
      markMine(now.pieceId);
      const answer = await act('move', { pieceId: now.pieceId, near });
      if (!answer.ok) break;
      await stateShows((state) => {
        const piece = state.pieces.find((p) => p.id === now.pieceId);
        return !piece || !at || piece.x !== at.x || piece.y !== at.y || piece.areaPartyId !== at.areaPartyId;
      });
      announce(tr(next === 1 ? 'move.next' : 'move.previous'));
    }
    now.steps.length = 0;
    now.busy = false;
  };

  const putDown = async (back: boolean) => {
    const now = held;
    if (!now) return;
    const value = valueOf(now.pieceId);
    now.stop();
    justDropped = { pieceId: now.pieceId, until: Date.now() + 500 };
    const piece = connection.state.pieces.find((p) => p.id === now.pieceId);
    if (back && piece && (piece.x !== now.from.x || piece.y !== now.from.y)) {
      markMine(now.pieceId);
      if ((await act('move', { pieceId: now.pieceId, near: now.from })).ok) announce(tr('move.back', { value }));
      return;
    }
    announce(tr('move.down', { value }));
  };

  const twin = boardTwin(connection, {
    details: (pieceId, opener) => options.openDetails(pieceId, opener),
    move(pieceId, opener) {
      if (held?.pieceId === pieceId) return;
      if (justDropped?.pieceId === pieceId && Date.now() < justDropped.until) return;
      const state = connection.state;
      const piece = state.pieces.find((p) => p.id === pieceId);
      if (!piece) return;
      const here = state.parties.find((p) => p.id === piece.areaPartyId);
      const choices = [
        ...(here && mayEdit(state, viewer(), piece) ? [{ id: 'arrows', label: tr('move.arrows'), onFocus: () => highlight(here.id), onChoose: () => hold(pieceId, opener) }] : []),
        ...moveTargets(state, viewer(), piece).map((area) => ({ id: area.id, label: areaWords(area), onFocus: () => highlight(area.id), onChoose: () => void moveTo(pieceId, area) })),
      ];
      showMenu({ title: tr('move.title', { value: valueName(state, piece, language()) }), emptyText: tr('move.none'), opener, choices, onClose: () => highlight(undefined) });
    },
    async remove(pieceId) {
      const value = valueOf(pieceId);
      markMine(pieceId);
      // the row goes with the piece: the focus guard moves the focus to the row beside it
      if ((await act('remove', { pieceId })).ok) announce(tr('twin.removed', { value }));
    },
    moveKey(pieceId, event) {
      if (held?.pieceId !== pieceId) return;
      switch (event.key) {
        case 'ArrowDown':
        case 'ArrowRight':
          event.preventDefault();
          return void step(1);
        case 'ArrowUp':
        case 'ArrowLeft':
          event.preventDefault();
          return void step(-1);
        case 'Enter':
        case ' ':
          event.preventDefault();
          return void putDown(false);
        case 'Escape':
          event.preventDefault();
          event.stopPropagation();
          return void putDown(true);
      }
    },
  });

  const focusWhenShown = () => {
    if (!focusWanted) return;
    if (Date.now() > focusWanted.until) focusWanted = undefined;
    else if (twin.focusPiece(focusWanted.pieceId, focusWanted.which)) focusWanted = undefined;
  };

  // ---- what changed, said; the page's title and heading ----
  const heading = h('h1', { class: 'visually-hidden', id: 'screen-heading', tabindex: '-1' });
  const announcements = new Announcements(announce, language);
  let before: ClientState = connection.state;
  let timeLeft = timerLeft(connection.state, connection.serverNow());
  setInterval(() => {
    const state = connection.state;
    const left = timerLeft(state, connection.serverNow());
    const moment = state.timer.durationMs > 0 ? timerMoment(timeLeft, left) : undefined;
    timeLeft = left;
    if (moment) announcements.timerMoment(moment);
  }, 1_000);
  connection.on('status', (status) => {
    if (status === 'reconnecting') announce(tr('board.reconnecting'));
    if (status === 'closed') announce(tr('board.disconnected'));
  });

  /** Follow a new state (and the language): announce what changed, title the page, keep the focus. */
  const update = (state: ClientState) => {
    announcements.add(boardChanges(before, state, viewer(), recentMine(), language()), state);
    before = state;
    setPageTitle(tr(`phase.${state.phase}` as MessageKey), state.title);
    setText(heading, state.title);
    setAttr(host, 'aria-label', tr('board.label'));
    if (held && !state.pieces.some((p) => p.id === held!.pieceId)) held.stop();
    focusWhenShown();
  };

  return {
    /** The text twin, a part of the side panel. */
    twin: twin as Part,
    /** The screen's heading (visually hidden: the top bar shows the title). */
    heading,
    pick,
    update,
    /** Move the focus to the screen's heading (after joining). */
    focusHeading: () => focusElement(heading),
    /** Where the focus goes when what had it is gone: the text twin's heading. */
    fallback: (): HTMLElement | null => twin.element.querySelector('h2'),
  };
}
