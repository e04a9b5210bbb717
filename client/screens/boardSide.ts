/**
 * The parts of the board screen's side panel: who I am, undo and my dots, the link to continue on
 * another device, the read-only results (agreement, reveal, balance), the tray, and who has
 * joined. Each part is built once and updated in place from every state: what can take the focus
 * (undo, the tray's values, the "place for" choice) is never rebuilt, and read-only content is
 * redrawn only when what it shows has changed.
 */
import { h, showKeyed, setAttr, setText, syncChildren, type Children } from '../dom.ts';
import { language, tr, type MessageKey } from '../i18n.ts';
import { boardText, type TextPiece } from '../a11y/boardText.ts';
import { localized } from '../../shared/deck.ts';
import { PHASE_RULES } from '../../shared/phases.ts';
import type { ValueKind } from '../../shared/deck.ts';
import { rememberedSeat, type ActionAnswer, type ClientState, type WorkshopConnection } from '../net/WorkshopConnection.ts';
import { iconSvg } from '../scenes/icons.ts';
import { partyChip, presenceList } from './common.ts';
import { qrSvg } from './qr.ts';
import { seatUrl } from '../../shared/links.ts';
import { agreementPanel, balancePanel, revealed, revealPanel, undoShown } from './workshopViews.ts';
import { votingOpenNow } from '../../shared/moves/voting.ts';
import { DRAG_THRESHOLD_PX, LONG_PRESS_MS } from '../scenes/BoardInput.ts';

/** A part of a screen: its element, made once, and how it follows the state. */
export interface Part {
  element: HTMLElement;
  update(state: ClientState): void;
}

/** "You are Anna for Kommunen" (or the facilitator's line), with the party's chip. */
export function youLine(connection: WorkshopConnection): Part {
  const element = h('p', { class: 'you', id: 'you' });
  return {
    element,
    update(state) {
      if (connection.me.role === 'facilitator') return showKeyed(element, `f|${language()}`, () => tr('board.youFacilitator'));
      const party = state.parties.find((p) => p.id === connection.me.partyId);
      const name = connection.member()?.name ?? '';
      showKeyed(element, JSON.stringify([language(), party, name]), () => (party ? [partyChip(party), ' ', tr('board.you', { name, party: party.name })] : ''));
    },
  };
}

/** Undo, and while the dot-vote is open a participant's dots left and whether the result is hidden. */
export function boardActions(connection: WorkshopConnection, refused: (answer: ActionAnswer) => void): Part {
  const undo = h('button', { type: 'button', id: 'undo', onclick: async () => refused(await connection.act('undo', {})) });
  const dotsLeft = h('span', { class: 'dots-left', id: 'dots-left' });
  const voteHidden = h('p', { class: 'muted' });
  const participant = connection.me.role === 'participant';
  return {
    element: h('div', {}, h('p', { class: 'row' }, undo, dotsLeft), voteHidden),
    update(state) {
      setText(undo, `↶ ${tr('undo')}`);
      // nothing to undo in the lobby, nor where the phase or the lock lets nothing change
      undo.hidden = !undoShown(state, connection.me.role);
      // a lock pauses the vote: no dots to spend meanwhile
      dotsLeft.hidden = !(votingOpenNow(state) && participant);
      setText(dotsLeft, tr('vote.left', { count: connection.dotsLeft() }));
      voteHidden.hidden = !(votingOpenNow(state) && !state.voting.shown && participant);
      setText(voteHidden, tr('vote.hidden'));
    },
  };
}

/** A participant's personal link (and QR) to continue as the same person on another device; null for others. */
export function otherDevice(connection: WorkshopConnection): Part | null {
  const seat = rememberedSeat(connection.state.id);
  if (connection.me.role !== 'participant' || !seat) return null;
  const url = seatUrl(connection.linkBase(), connection.state.code, seat);
  const qr = h('div', { class: 'qr small-qr', 'aria-hidden': 'true' });
  qr.innerHTML = qrSvg(url);
  const summary = h('summary');
  const help = h('p', { class: 'muted' });
  return {
    element: h('details', { class: 'other-device', id: 'other-device' }, summary, help, qr, h('code', { class: 'seat-link' }, url)),
    update() {
      setText(summary, tr('board.otherDevice'));
      setText(help, tr('board.otherDevice.help'));
    },
  };
}

/** The agreement (in its phase) and, once revealed, the comparison and the balance: read-only. */
export function results(): Part {
  const element = h('div', {});
  return {
    element,
    update(state) {
      const key = JSON.stringify([language(), state.phase, state.parties, state.kinds.map((k) => [k.id, k.label]), state.pieces.map((p) => [p.id, p.kindId, p.label, p.areaPartyId, p.placedByPartyId, p.importance]), state.agreement]);
      showKeyed(element, key, (): Children => [state.phase === 'agreement' ? agreementPanel(state) : null, revealed(state.phase) ? [revealPanel(state), balancePanel(state)] : null]);
    },
  };
}

/** Who has joined, per party: read-only. */
export function presence(): Part {
  const element = h('div', {});
  return {
    element,
    update(state) {
      const people = state.members.filter((m) => m.role === 'participant').map((m) => [m.id, m.name, m.partyId, m.connected]);
      showKeyed(element, JSON.stringify([language(), state.parties, people]), () => [h('h2', {}, tr('board.joined')), presenceList(state)]);
    },
  };
}

/**
 * The tray of value kinds (and the facilitator's "place for" choice). Each value is a button: a
 * drag places it where it is dropped, and a press — a click, a tap, Enter or Space — calls
 * `onPick`, which opens "Place in …" (WCAG 2.5.7: no function needs a drag). A press that became a
 * drag or a long press (the value's meaning) is not a pick.
 */
export function trayPart(connection: WorkshopConnection, onPick?: (kindId: string, item: HTMLElement) => void): Part & { tray: HTMLElement; placeFor(): string } {
  const isFacilitator = connection.me.role === 'facilitator';
  const placeForText = h('span');
  const placeFor = h('select', { id: 'place-for' });
  const heading = h('h2', { id: 'tray-heading' });
  const hint = h('p', { class: 'tray-hint' });
  const describe = h('span', { id: 'tray-describe', hidden: true });
  const tray = h('div', { class: 'tray', role: 'list', 'aria-labelledby': 'tray-heading' });
  const element = h('div', { class: 'tray-block' }, isFacilitator ? h('label', { class: 'place-for' }, placeForText, placeFor) : null, heading, hint, describe, tray);
  // a press is a pick only when it stayed a press: not a drag, not a long press
  let press: { x: number; y: number; at: number; moved: number } | undefined;
  tray.addEventListener('pointerdown', (e) => (press = { x: e.clientX, y: e.clientY, at: performance.now(), moved: 0 }), true);
  tray.addEventListener('pointermove', (e) => {
    if (press) press.moved = Math.max(press.moved, Math.hypot(e.clientX - press.x, e.clientY - press.y));
  }, true);
  tray.addEventListener('click', (e) => {
    const item = (e.target as Element | null)?.closest?.<HTMLElement>('.tray-item[data-kind]');
    const wasPointer = e.detail > 0 && press !== undefined;
    const dragged = wasPointer && (press!.moved >= DRAG_THRESHOLD_PX || performance.now() - press!.at >= LONG_PRESS_MS);
    press = undefined;
    if (!item?.dataset.kind || dragged) return;
    onPick?.(item.dataset.kind, item);
  });
  return {
    element,
    tray,
    placeFor: () => (isFacilitator ? placeFor.value : ''),
    update(state) {
      element.hidden = !(isFacilitator || PHASE_RULES[state.phase].placing !== 'none');
      setText(placeForText, tr('board.placeFor'));
      setAttr(placeFor, 'aria-label', tr('board.placeFor'));
      const choices = [{ id: '', text: tr('board.placeFor.area') }, ...state.parties.map((p) => ({ id: p.id, text: `${p.shortName} · ${p.name}` }))];
      syncChildren(placeFor, choices, (c) => c.id, (c) => h('option', { value: c.id }), (option, c) => setText(option, c.text));
      setText(heading, tr('board.tray'));
      setText(hint, tr('board.tray.hint'));
      setText(describe, tr('tray.describe'));
      syncChildren(tray, state.kinds, (kind) => kind.id, trayItem, (item, kind) => updateTrayItem(item, kind, state));
    },
  };
}

/** One value of the tray: a list item holding the value's button and its meaning (read as the button's description). */
function trayItem(kind: ValueKind): HTMLElement {
  const meaningId = `tray-meaning-${kind.id}`;
  return h(
    'div',
    { role: 'listitem', class: 'tray-entry' },
    h('button', { type: 'button', class: 'tray-item', 'aria-haspopup': 'dialog', 'aria-describedby': `${meaningId} tray-describe`, dataset: { kind: kind.id } }, h('span', {})),
    h('span', { id: meaningId, hidden: true }),
  );
}

function updateTrayItem(entry: HTMLElement, kind: ValueKind, state: ClientState): void {
  const item = entry.firstElementChild as HTMLElement;
  const category = state.categories.find((c) => c.id === kind.category);
  const meaning = localized(kind.description, language());
  setAttr(item, 'title', meaning);
  setText(entry.lastElementChild!, meaning);
  item.style.background = category?.color ?? '#ddd';
  if (item.dataset.icon !== kind.icon) {
    item.dataset.icon = kind.icon;
    if (item.firstElementChild instanceof SVGElement) item.firstElementChild.remove();
    item.prepend(svgElement(iconSvg(kind.icon, '#1b1b1b', 22)));
  }
  setText(item.lastElementChild!, localized(kind.label, language()));
}

function svgElement(svg: string): Element {
  const template = document.createElement('template');
  template.innerHTML = svg;
  const el = template.content.firstElementChild!;
  el.setAttribute('aria-hidden', 'true');
  el.setAttribute('focusable', 'false');
  return el;
}

/** What the board's text twin asks the screen to do for a piece (each given the button that asked, to return the focus to). */
export interface TwinActions {
  details(pieceId: string, opener: HTMLElement): void;
  move(pieceId: string, opener: HTMLElement): void;
  remove(pieceId: string, opener: HTMLElement): void;
  /** A key pressed on a piece's "Move to …" button (the arrow keys move a held piece). */
  moveKey(pieceId: string, event: KeyboardEvent, button: HTMLElement): void;
}

/**
 * The board as text, next to the canvas (client/a11y/boardText.ts says what this viewer may know):
 * per area its party and the pieces in it, each piece a button that opens its details, with
 * "Move to …" and "Remove" where the viewer may change it; while pieces are hidden, per other
 * party how many it has placed; the spotlight and the vote's result. Rows are kept by piece and
 * updated in place, so the focus stays where it is while the board changes.
 */
export function boardTwin(connection: WorkshopConnection, actions: TwinActions | null): Part & { focusPiece(pieceId: string, which: 'value' | 'move'): boolean } {
  const title = h('h2', { id: 'board-text-title' });
  const help = h('p', { class: 'muted twin-help' });
  const spotlight = h('p', { class: 'twin-spotlight', id: 'twin-spotlight' });
  const areas = h('div', { class: 'twin-areas' });
  const hiddenTitle = h('h3', { id: 'twin-hidden-title' });
  const hiddenList = h('ul', { class: 'twin-counts' });
  const hidden = h('section', { class: 'twin-hidden', id: 'twin-hidden', 'aria-labelledby': 'twin-hidden-title' }, hiddenTitle, hiddenList);
  const votesTitle = h('h3', { id: 'twin-votes-title' });
  const votesList = h('ol', { class: 'twin-votes-list' });
  const votesNone = h('p', { class: 'muted' });
  const votes = h('section', { class: 'twin-votes', id: 'twin-votes', 'aria-labelledby': 'twin-votes-title' }, votesTitle, votesList, votesNone);
  const element = h('section', { class: 'board-text', id: 'board-text', 'aria-labelledby': 'board-text-title' }, title, actions ? help : null, spotlight, areas, hidden, votes);
  const viewer = () => ({ memberId: connection.me.memberId, role: connection.me.role, partyId: connection.me.partyId });

  const pieceRow = (text: TextPiece): HTMLElement => {
    const id = text.piece.id;
    const value = h('button', { type: 'button', class: 'twin-value', id: `twin-value-${id}`, 'aria-describedby': `twin-desc-${id}` });
    const description = h('span', { class: 'twin-desc', id: `twin-desc-${id}` });
    const move = h('button', { type: 'button', class: 'twin-move', 'aria-haspopup': 'dialog', 'aria-describedby': `twin-value-${id}` });
    const remove = h('button', { type: 'button', class: 'twin-remove', 'aria-describedby': `twin-value-${id}` });
    if (actions) {
      value.addEventListener('click', () => actions.details(id, value));
      move.addEventListener('click', () => actions.move(id, move));
      move.addEventListener('keydown', (event) => actions.moveKey(id, event, move));
      remove.addEventListener('click', () => actions.remove(id, remove));
    } else value.disabled = true;
    return h('li', { class: 'twin-piece', dataset: { piece: id } }, value, ' ', description, h('span', { class: 'twin-actions' }, move, remove));
  };
  const updateRow = (row: HTMLElement, text: TextPiece) => {
    const [value, , actionsBox] = [...row.children] as HTMLElement[];
    const description = row.querySelector<HTMLElement>('.twin-desc')!;
    const [move, remove] = [...actionsBox!.children] as HTMLButtonElement[];
    setText(value!, text.value);
    setText(description, pieceWords(text));
    const editable = !!actions && text.editable;
    move!.hidden = !editable;
    remove!.hidden = !editable;
    if (move!.dataset.held !== 'true') setText(move!, tr('move.button'));
    setText(remove!, tr('twin.remove'));
  };

  return {
    element,
    update(state) {
      const text = boardText(state, viewer(), language());
      setText(title, tr('twin.title'));
      setText(help, tr('twin.help'));
      spotlight.hidden = !text.spotlight;
      setText(spotlight, text.spotlight ? tr('twin.spotlight', { what: text.spotlight }) : '');
      syncChildren(
        areas,
        text.areas,
        (area) => area.party.id,
        (area) => {
          const heading = h('h3', { id: `twin-area-${area.party.id}` });
          return h('section', { class: 'twin-area', dataset: { party: area.party.id }, 'aria-labelledby': `twin-area-${area.party.id}` }, heading, h('ul', { class: 'twin-pieces' }), h('p', { class: 'muted twin-empty' }));
        },
        (section, area) => {
          const [heading, list, empty] = [...section.children] as HTMLElement[];
          // the chip shows the short name; the words say the whole name
          showKeyed(heading!, JSON.stringify([language(), area.party, area.mine]), () => [partyChip(area.party), ' ', tr('place.area', { party: area.party.name }), area.mine ? ` – ${tr('twin.yourArea')}` : '']);
          syncChildren(list!, area.pieces, (p) => p.piece.id, pieceRow, updateRow);
          list!.hidden = area.pieces.length === 0;
          empty!.hidden = area.pieces.length > 0;
          setText(empty!, tr('twin.empty'));
        },
      );
      hidden.hidden = !text.hidden;
      setText(hiddenTitle, tr('hidden.note'));
      syncChildren(hiddenList, text.hidden ?? [], (row) => row.party.id, () => h('li', {}), (li, row) =>
        setText(li, row.count === 0 ? tr('twin.hidden.none', { party: row.party.name }) : tr('twin.hidden.count', { party: row.party.name, count: row.count })),
      );
      votes.hidden = !text.votes;
      setText(votesTitle, tr('twin.votes.title'));
      syncChildren(votesList, text.votes ?? [], (row) => row.piece.piece.id, () => h('li', {}), (li, row) =>
        setText(li, `${row.piece.value} (${row.area.name}): ${tr('vote.count', { count: row.count })}`),
      );
      votesList.hidden = !text.votes?.length;
      votesNone.hidden = !!text.votes?.length;
      setText(votesNone, tr('twin.votes.none'));
    },
    focusPiece(pieceId, which) {
      const row = element.querySelector<HTMLElement>(`.twin-piece[data-piece="${CSS.escape(pieceId)}"]`);
      const target = row?.querySelector<HTMLElement>(which === 'move' ? '.twin-move' : '.twin-value');
      if (!target || target.hidden) return false;
      target.focus();
      return document.activeElement === target;
    },
  };
}

/** A piece's facts in words: who placed it, importance, note, dots, reveal mark, who moves it. */
function pieceWords(text: TextPiece): string {
  const { piece } = text;
  const words: string[] = [];
  if (text.placedBy) words.push(tr(piece.byFacilitator ? 'board.piece.placedByFacilitator' : 'board.piece.placedBy', { party: text.placedBy.name }));
  words.push(tr('twin.importance', { level: tr(`board.piece.importance.${piece.importance}` as MessageKey) }));
  if (piece.note) words.push(tr('twin.note', { note: piece.note }));
  if (text.allDots !== undefined && text.allDots > 0) words.push(tr('twin.allDots', { count: text.allDots }));
  if (text.myDots > 0) words.push(tr('twin.myDots', { count: text.myDots }));
  if (text.mark) words.push(tr(`reveal.${text.mark}` as MessageKey));
  if (text.spotlit) words.push(tr('spotlight.title'));
  if (text.heldBy !== undefined) words.push(tr('board.piece.heldBy', { name: text.heldBy }));
  return words.join(' · ');
}
