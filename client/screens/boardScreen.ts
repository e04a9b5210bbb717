/**
 * The board for participants and the facilitator: the Pixi board, the tray of value kinds,
 * presence, piece details and (for the facilitator) the panel. BoardInput turns pointer and
 * keyboard input into intents; this screen carries them out as actions — the server decides.
 */
import { h, replaceChildren, toast } from '../dom.ts';
import { tr, language, onLanguageChange, useWorkshopLanguage, type Language } from '../i18n.ts';
import { BoardScene } from '../scenes/BoardScene.ts';
import { BoardInput, type ActIntent, type IntentAnswer, type NoticeIntent } from '../scenes/BoardInput.ts';
import { iconSvg } from '../scenes/icons.ts';
import { localized } from '../../shared/deck.ts';
import type { WorkshopState } from '../../shared/types.ts';
import type { WorkshopConnection, ActionAnswer } from '../net/WorkshopConnection.ts';
import { presenceList, topBar, updateTopBar, partyChip } from './common.ts';
import { facilitatorPanel } from './facilitatorPanel.ts';
import { qrSvg } from './sharedScreen.ts';
import { rememberedSeat } from '../net/WorkshopConnection.ts';
import { agreementPanel, balancePanel, decorationsFor, phaseBar, revealed, revealPanel, updatePhaseBar } from './workshopViews.ts';
import { askLabel, pieceDetails } from './pieceDetails.ts';
import { PHASE_RULES } from '../../shared/phases.ts';
import type { MessageKey } from '../i18n.ts';

/** Show the interactive board for `connection` in `root`. */
export function boardScreen(root: HTMLElement, connection: WorkshopConnection, options: { facilitatorKey?: string } = {}): void {
  useWorkshopLanguage(connection.state.language);
  const isFacilitator = connection.me.role === 'facilitator';
  const sendLanguage = (lang: Language) => void connection.act('set-language', { language: lang });
  const bar = topBar({ title: connection.state.title, focus: connection.state.focus, onLanguage: sendLanguage });
  const boardHost = h('div', { class: 'board-host', id: 'board', 'aria-label': tr('board.center') });
  const side = h('aside', { class: 'side' });
  const phases = phaseBar(connection, true);
  replaceChildren(root, h('div', { class: 'board-screen', dataset: { role: connection.me.role } }, bar, phases, h('main', { class: 'board-main' }, boardHost, side)));

  const scene = new BoardScene(boardHost);
  const ready = scene.init().then(() => {
    scene.setLanguage(language());
    scene.setState(connection.state);
    scene.setDecorations(decorationsFor(connection.state, false, connection.me));
    boardHost.dataset.pieces = String(connection.state.pieces.length);
    boardHost.dataset.ready = 'true';
  });

  // ---- side panel: who I am, tray, presence, facilitator panel ----
  const placeFor = h('select', { id: 'place-for', 'aria-label': tr('board.placeFor') });
  const tray = h('div', { class: 'tray', role: 'list', 'aria-label': tr('board.tray') });
  const presence = h('div', {});
  const dynamic = h('div', { class: 'dynamic' });
  /** A participant's personal link (and QR) to continue as the same person on another device. */
  const otherDevice = (() => {
    const seat = rememberedSeat(connection.state.id);
    if (connection.me.role !== 'participant' || !seat) return null;
    const url = `${connection.me.baseUrl || location.origin}/j/${connection.state.code}#seat=${seat}`;
    const qr = h('div', { class: 'qr small-qr', 'aria-hidden': 'true' });
    qr.innerHTML = qrSvg(url);
    return h('details', { class: 'other-device', id: 'other-device' }, h('summary', {}, tr('board.otherDevice')), h('p', { class: 'muted' }, tr('board.otherDevice.help')), qr, h('code', { class: 'seat-link' }, url));
  })();
  const trayBlock = h('div', { class: 'tray-block' });
  const panel = isFacilitator ? facilitatorPanel(connection, options.facilitatorKey ?? '') : null;
  /** Undo, dots, the reveal, the balance and the agreement: redrawn with every state. */
  const drawDynamic = () => {
    const state = connection.state;
    const canPlace = isFacilitator || PHASE_RULES[state.phase].placing !== 'none';
    trayBlock.hidden = !canPlace;
    replaceChildren(
      dynamic,
      connection.me.role !== 'screen'
        ? h('p', { class: 'row' }, h('button', { type: 'button', id: 'undo', onclick: async () => refused(await connection.act('undo', {})) }, `↶ ${tr('undo')}`),
            state.voting.open && connection.me.role === 'participant' ? h('span', { class: 'dots-left', id: 'dots-left' }, tr('vote.left', { count: connection.dotsLeft() })) : null)
        : null,
      state.voting.open && !state.voting.shown && connection.me.role === 'participant' ? h('p', { class: 'muted' }, tr('vote.hidden')) : null,
      connection.me.role === 'participant' ? otherDevice : null,
      state.phase === 'agreement' ? agreementPanel(state) : null,
      revealed(state.phase) ? [revealPanel(state), balancePanel(state)] : null,
    );
  };
  const drawSide = () => {
    const state = connection.state;
    const me = connection.member();
    const party = state.parties.find((p) => p.id === connection.me.partyId);
    replaceChildren(placeFor, h('option', { value: '' }, tr('board.placeFor.area')), state.parties.map((p) => h('option', { value: p.id }, `${p.shortName} · ${p.name}`)));
    drawTray(tray, state);
    replaceChildren(
      trayBlock,
      isFacilitator ? h('label', { class: 'place-for' }, tr('board.placeFor'), placeFor) : null,
      h('h2', { id: 'tray-heading' }, tr('board.tray')),
      h('p', { class: 'tray-hint' }, tr('board.tray.hint')),
      tray,
    );
    drawDynamic();
    replaceChildren(presence, h('h2', {}, tr('board.joined')), presenceList(state));
    replaceChildren(
      side,
      h('p', { class: 'you', id: 'you' }, isFacilitator ? tr('board.youFacilitator') : party ? [partyChip(party), ' ', tr('board.you', { name: me?.name ?? '', party: party.name })] : ''),
      panel?.element ?? null,
      dynamic,
      trayBlock,
      presence,
    );
  };
  let selectedFor = '';
  placeFor.addEventListener('change', () => (selectedFor = placeFor.value));
  drawSide();

  // ---- state from the server ----
  let lastParties = '';
  let lastPhase = connection.state.phase;
  connection.on('state', (state) => {
    updateTopBar(bar, { title: state.title, focus: state.focus, status: connection.status });
    updatePhaseBar(phases);
    scene.setState(state);
    scene.setDecorations(decorationsFor(state, false, connection.me));
    if (state.phase !== lastPhase) {
      lastPhase = state.phase;
      if (!isFacilitator) toast(tr('phase.changed', { phase: tr(`phase.${state.phase}` as MessageKey) }));
      if (state.phase === 'reveal') scene.playReveal();
    }
    drawDynamic();
    details.refresh(state);
    const partiesKey = JSON.stringify([state.parties.map(({ id, name, shortName, color }) => [id, name, shortName, color]), state.kinds.map((k) => k.id)]);
    if (partiesKey !== lastParties) {
      lastParties = partiesKey;
      drawSide();
      placeFor.value = selectedFor;
    } else {
      replaceChildren(presence, h('h2', {}, tr('board.joined')), presenceList(state));
    }
    panel?.refresh(state);
    boardHost.dataset.pieces = String(state.pieces.length);
  });
  connection.on('drags', (drags) => scene.setDrags(drags));
  connection.on('status', (status) => updateTopBar(bar, { title: connection.state.title, focus: connection.state.focus, status }));
  connection.on('error', (error) => toast(error.message, 'error'));
  onLanguageChange((lang) => {
    scene.setLanguage(lang);
    lastParties = '';
    drawSide();
    placeFor.value = selectedFor;
    panel?.refresh(connection.state);
    updatePhaseBar(phases);
    updateTopBar(bar, { title: connection.state.title, focus: connection.state.focus, status: connection.status });
  });

  const details = pieceDetails(connection);

  const refused = (answer: ActionAnswer) => {
    if (!answer.ok) toast(answer.message || (answer.code === 'offline' ? tr('board.offline') : tr('error.generic')), 'error');
  };

  // ---- input on the board and the tray, carried out as actions ----
  /** An intent that changes the board as today's protocol message; a refusal is shown. */
  const act = async (intent: ActIntent): Promise<IntentAnswer> => {
    const answer = await actionFor(intent);
    refused(answer);
    return answer;
  };
  const actionFor = (intent: ActIntent): Promise<ActionAnswer> => {
    switch (intent.type) {
      case 'grab':
      case 'release':
        return connection.act(intent.type, { pieceId: intent.pieceId });
      case 'move':
        return connection.act('move', { pieceId: intent.pieceId, x: round(intent.at.x), y: round(intent.at.y) });
      case 'place':
        // the server finds the area from the point itself today (intent.areaPartyId is for the coming `place {kindId, areaPartyId, near}`)
        return connection.act('place', {
          kindId: intent.kindId,
          x: round(intent.at.x),
          y: round(intent.at.y),
          ...(intent.label ? { label: intent.label } : {}),
          ...(isFacilitator && selectedFor ? { forPartyId: selectedFor } : {}),
        });
    }
  };
  const notify = (intent: NoticeIntent): void => {
    switch (intent.type) {
      case 'drag':
        return connection.drag({ ...('pieceId' in intent ? { pieceId: intent.pieceId } : { kindId: intent.kindId }), x: intent.at.x, y: intent.at.y });
      case 'drag-stop':
        return connection.cancelPendingDrag();
      case 'drag-end':
        return connection.endDrag();
      case 'drop-outside':
        return toast(tr('error.outside-board'), 'error');
      case 'open-details':
        return details.open(intent.pieceId);
    }
  };
  new BoardInput({
    host: boardHost,
    tray,
    surface: scene,
    sink: { act, notify },
    mayTouch: (piece) => connection.mayTouch(piece),
    meaningOf: (kindId) => {
      const kind = connection.kind(kindId);
      return kind ? localized(kind.description, language()) : '';
    },
    labelFor: async (kindId) => {
      if (!connection.kind(kindId)?.blank) return {};
      const label = await askLabel();
      return label ? { label } : null;
    },
  });

  function drawTray(el: HTMLElement, state: WorkshopState): void {
    replaceChildren(
      el,
      state.kinds.map((kind) => {
        const category = state.categories.find((c) => c.id === kind.category);
        return h(
          'div',
          {
            class: 'tray-item',
            role: 'listitem',
            tabindex: '0',
            title: localized(kind.description, language()),
            dataset: { kind: kind.id },
            style: `background:${category?.color ?? '#ddd'}`,
          },
          svgElement(iconSvg(kind.icon, '#1b1b1b', 22)),
          h('span', {}, localized(kind.label, language())),
        );
      }),
    );
  }

  void ready;
}

function svgElement(svg: string): Element {
  const template = document.createElement('template');
  template.innerHTML = svg;
  const el = template.content.firstElementChild!;
  el.setAttribute('aria-hidden', 'true');
  return el;
}

const round = (n: number) => Math.round(n * 10) / 10;
