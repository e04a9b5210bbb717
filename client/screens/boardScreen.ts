/**
 * The board for participants and the facilitator, composed of small parts: the top and phase
 * bars, the Pixi board, the side panel's parts (boardSide.ts), the facilitator's panel, and the
 * piece details. BoardInput turns pointer and keyboard input into intents; this screen carries
 * them out as actions — the server decides — and hands every new state to each part.
 */
import { h, replaceChildren, toast } from '../dom.ts';
import { tr, language, onLanguageChange, useWorkshopLanguage, type Language, type MessageKey } from '../i18n.ts';
import { BoardScene } from '../scenes/BoardScene.ts';
import { BoardInput, type ActIntent, type IntentAnswer, type NoticeIntent } from '../scenes/BoardInput.ts';
import { localized } from '../../shared/deck.ts';
import type { WorkshopConnection, ActionAnswer, ClientState } from '../net/WorkshopConnection.ts';
import { drawerHandle, seatMovedNotice, topBar, updateTopBar } from './common.ts';
import { facilitatorPanel } from './facilitatorPanel.ts';
import { decorationsFor, dropRefusal, phaseBar } from './workshopViews.ts';
import { labelFor, pieceDetails } from './pieceDetails.ts';
import { boardActions, otherDevice, presence, results, trayPart, youLine, type Part } from './boardSide.ts';
import { boardAccess } from '../a11y/boardAccess.ts';

/** Show the interactive board for `connection` in `root`. */
export function boardScreen(root: HTMLElement, connection: WorkshopConnection, options: { facilitatorKey?: string } = {}): void {
  useWorkshopLanguage(connection.state.language);
  const isFacilitator = connection.me.role === 'facilitator';
  const sendLanguage = (lang: Language) => void connection.act('set-language', { language: lang });
  const bar = topBar({ title: connection.state.title, focus: connection.state.focus, onLanguage: sendLanguage });
  // a picture of the board for screen readers: everything on it is in the text twin (boardAccess)
  const boardHost = h('div', { class: 'board-host', id: 'board', role: 'img', 'aria-label': tr('board.label') });
  const phases = phaseBar(connection, true);

  const refused = (answer: ActionAnswer) => {
    if (!answer.ok) toast(answer.message || (answer.code === 'offline' ? tr('board.offline') : tr('error.generic')), 'error');
  };

  // ---- the side panel: each part made once, updated in place ----
  const panel = isFacilitator ? facilitatorPanel(connection, options.facilitatorKey ?? '') : null;
  const you = youLine(connection);
  const actions = boardActions(connection, refused);
  const device = otherDevice(connection);
  const result = results();
  const tray = trayPart(connection, (kindId, item) => access.pick(kindId, item));
  const people = presence();
  // keyboard and screen-reader play: "Place in …", the text twin with "Move to …", announcements
  const access = boardAccess({
    connection,
    host: boardHost,
    board: () => scene,
    placeFor: () => tray.placeFor(),
    labelFor: (kindId) => labelFor(connection, kindId),
    openDetails: (pieceId, from) => details.open(pieceId, from),
    refused,
  });
  const parts: Part[] = [you, actions, ...(device ? [device] : []), result, tray, access.twin, people];
  const side = h(
    'aside',
    { class: 'side' },
    you.element,
    panel?.element ?? null,
    h('div', { class: 'dynamic' }, actions.element, device?.element ?? null, result.element),
    tray.element,
    access.twin.element,
    people.element,
  );
  // on a phone the side panel is a drawer under the board: its handle opens the rest
  side.prepend(drawerHandle(side));
  replaceChildren(root, h('div', { class: 'board-screen', dataset: { role: connection.me.role } }, bar, phases.element, h('main', { class: 'board-main' }, access.heading, boardHost, side)));
  access.focusHeading();

  const scene = new BoardScene(boardHost);
  void scene.init().then(() => {
    scene.setLanguage(language());
    scene.setViewer(connection.me);
    scene.setState(connection.state);
    scene.setDecorations(decorationsFor(connection.state, false, connection.me));
    boardHost.dataset.pieces = String(connection.state.pieces.length);
    boardHost.dataset.ready = 'true';
  });
  const details = pieceDetails(connection, access.fallback);

  /** Every part follows the state (and the language: each part writes its own words). */
  const update = (state: ClientState) => {
    updateTopBar(bar, { title: state.title, focus: state.focus, status: connection.status });
    phases.update();
    for (const part of parts) part.update(state);
    panel?.refresh(state);
    details.refresh(state);
    access.update(state);
  };
  update(connection.state);

  // ---- state from the server ----
  let lastPhase = connection.state.phase;
  connection.on('state', (state) => {
    scene.setState(state);
    scene.setDecorations(decorationsFor(state, false, connection.me));
    if (state.phase !== lastPhase) {
      lastPhase = state.phase;
      if (!isFacilitator) toast(tr('phase.changed', { phase: tr(`phase.${state.phase}` as MessageKey) }));
      if (state.phase === 'reveal') scene.playReveal();
    }
    update(state);
    boardHost.dataset.pieces = String(state.pieces.length);
  });
  connection.on('drags', (drags) => scene.setDrags(drags));
  connection.on('status', (status) => updateTopBar(bar, { title: connection.state.title, focus: connection.state.focus, status }));
  // the seat went on on another device: say so here, and offer to take it back
  connection.on('error', (error) => (error.code === 'seat-taken' ? seatMovedNotice(root, connection.state.title) : toast(error.message, 'error')));
  onLanguageChange((lang) => {
    scene.setLanguage(lang);
    update(connection.state);
  });

  // ---- input on the board and the tray, carried out as actions ----
  /** An intent that changes the board, as today's protocol message; a refusal is shown. */
  const act = async (intent: ActIntent): Promise<IntentAnswer> => {
    const answer = await actionFor(intent);
    // a drop in the wrong area for the phase is answered with where the piece goes instead
    refused(intent.type === 'place' || intent.type === 'move' ? dropRefusal(connection.state, connection.me, intent.areaPartyId, answer) : answer);
    return answer;
  };
  const actionFor = (intent: ActIntent): Promise<ActionAnswer> => {
    switch (intent.type) {
      case 'grab':
      case 'release':
        return connection.act(intent.type, { pieceId: intent.pieceId });
      case 'move':
        // the server lays the piece out: the drop says only which area and near which point
        return connection.act('move', { pieceId: intent.pieceId, areaPartyId: intent.areaPartyId, near: { x: round(intent.at.x), y: round(intent.at.y) } });
      case 'place': {
        const forParty = tray.placeFor();
        return connection.act('place', {
          kindId: intent.kindId,
          areaPartyId: intent.areaPartyId,
          near: { x: round(intent.at.x), y: round(intent.at.y) },
          ...(intent.label ? { label: intent.label } : {}),
          ...(forParty ? { forPartyId: forParty } : {}),
        });
      }
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
    tray: tray.tray,
    surface: scene,
    viewport: scene,
    sink: { act, notify },
    mayTouch: (piece) => connection.mayTouch(piece),
    meaningOf: (kindId) => {
      const kind = connection.kind(kindId);
      return kind ? localized(kind.description, language()) : '';
    },
    labelFor: (kindId) => labelFor(connection, kindId),
  });
}

const round = (n: number) => Math.round(n * 10) / 10;
