/**
 * The parts of the board screen's side panel: who I am, undo and my dots, the link to continue on
 * another device, the read-only results (agreement, reveal, balance), the tray, and who has
 * joined. Each part is built once and updated in place from every state: what can take the focus
 * (undo, the tray's values, the "place for" choice) is never rebuilt, and read-only content is
 * redrawn only when what it shows has changed.
 */
import { h, showKeyed, setAttr, setText, syncChildren, type Children } from '../dom.ts';
import { language, tr } from '../i18n.ts';
import { localized } from '../../shared/deck.ts';
import { PHASE_RULES } from '../../shared/phases.ts';
import type { ValueKind } from '../../shared/deck.ts';
import { rememberedSeat, type ActionAnswer, type ClientState, type WorkshopConnection } from '../net/WorkshopConnection.ts';
import { iconSvg } from '../scenes/icons.ts';
import { partyChip, presenceList } from './common.ts';
import { qrSvg } from './qr.ts';
import { seatUrl } from '../../shared/links.ts';
import { agreementPanel, balancePanel, revealed, revealPanel } from './workshopViews.ts';

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
      dotsLeft.hidden = !(state.voting.open && participant);
      setText(dotsLeft, tr('vote.left', { count: connection.dotsLeft() }));
      voteHidden.hidden = !(state.voting.open && !state.voting.shown && participant);
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

/** The tray of value kinds to drag onto the board (and the facilitator's "place for" choice). */
export function trayPart(connection: WorkshopConnection): Part & { tray: HTMLElement; placeFor(): string } {
  const isFacilitator = connection.me.role === 'facilitator';
  const placeForText = h('span');
  const placeFor = h('select', { id: 'place-for' });
  const heading = h('h2', { id: 'tray-heading' });
  const hint = h('p', { class: 'tray-hint' });
  const tray = h('div', { class: 'tray', role: 'list' });
  const element = h('div', { class: 'tray-block' }, isFacilitator ? h('label', { class: 'place-for' }, placeForText, placeFor) : null, heading, hint, tray);
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
      setAttr(tray, 'aria-label', tr('board.tray'));
      syncChildren(tray, state.kinds, (kind) => kind.id, trayItem, (item, kind) => updateTrayItem(item, kind, state));
    },
  };
}

function trayItem(kind: ValueKind): HTMLElement {
  return h('div', { class: 'tray-item', role: 'listitem', tabindex: '0', dataset: { kind: kind.id } }, h('span', {}));
}

function updateTrayItem(item: HTMLElement, kind: ValueKind, state: ClientState): void {
  const category = state.categories.find((c) => c.id === kind.category);
  setAttr(item, 'title', localized(kind.description, language()));
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
  return el;
}
