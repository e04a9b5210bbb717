/** /screen/CODE: the meeting room's big screen. Read-only: the board, the code, a QR code and who is here. */
import qrcode from 'qrcode-generator';
import { h, replaceChildren } from '../dom.ts';
import { tr, onLanguageChange, useWorkshopLanguage, language } from '../i18n.ts';
import { findWorkshop } from '../net/api.ts';
import { WorkshopConnection } from '../net/WorkshopConnection.ts';
import { BoardScene } from '../scenes/BoardScene.ts';
import { presenceList, topBar, updateTopBar } from './common.ts';
import { errorText } from './errors.ts';
import { agreementPanel, balancePanel, decorationsFor, phaseBar, revealed, revealPanel, updatePhaseBar } from './workshopViews.ts';
import { toast } from '../dom.ts';
import type { MessageKey } from '../i18n.ts';

/** An SVG QR code of `text`, made in the browser (nothing is sent anywhere). */
export function qrSvg(text: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return qr.createSvgTag({ cellSize: 8, margin: 2, scalable: true });
}

/** Show the shared screen for the workshop with `code`. */
export async function sharedScreen(root: HTMLElement, code: string): Promise<void> {
  const info = await findWorkshop(code).catch(() => undefined);
  if (!info) {
    replaceChildren(root, topBar({}), h('main', { class: 'page' }, h('p', { class: 'error-text' }, tr('start.join.notFound'))));
    return;
  }
  useWorkshopLanguage(info.language);
  let connection: WorkshopConnection;
  try {
    connection = await WorkshopConnection.join({ role: 'screen', workshopId: info.id, code: info.code, language: language() });
  } catch (error) {
    replaceChildren(root, topBar({}), h('main', { class: 'page' }, h('p', { class: 'error-text' }, errorText(error))));
    return;
  }
  const joinUrl = connection.me.baseUrl ? `${connection.me.baseUrl}/j/${info.code}` : info.participantUrl;
  const bar = topBar({ title: connection.state.title, focus: connection.state.focus });
  const boardHost = h('div', { class: 'board-host', id: 'board' });
  const side = h('aside', { class: 'side' });
  const phases = phaseBar(connection, true);
  replaceChildren(root, h('div', { class: 'board-screen shared', dataset: { role: 'screen' } }, bar, phases, h('main', { class: 'board-main' }, boardHost, side)));
  const scene = new BoardScene(boardHost);
  await scene.init();
  scene.setLanguage(language());

  const qr = h('div', { class: 'qr', 'aria-hidden': 'true' });
  qr.innerHTML = qrSvg(joinUrl);
  const presence = h('div', {});
  const results = h('div', { class: 'results' });
  const joinBlock = h('div', { class: 'join-block' });
  const drawSide = () => {
    replaceChildren(
      joinBlock,
      h('div', {}, h('div', { class: 'muted' }, tr('screen.join')), h('div', { class: 'join-url', id: 'join-url' }, joinUrl.replace(/^https?:\/\//, ''))),
      h('div', {}, h('div', { class: 'muted' }, tr('screen.code')), h('div', { class: 'code-big', id: 'screen-code' }, info.code)),
      h('div', {}, h('div', { class: 'muted' }, tr('screen.scan')), qr),
    );
    replaceChildren(side, results, joinBlock, presence);
  };
  /** Before the reveal the room needs the code; after it, the comparison and the balance. */
  const drawResults = () => {
    const state = connection.state;
    const after = revealed(state.phase);
    joinBlock.hidden = after;
    replaceChildren(results, state.phase === 'agreement' ? agreementPanel(state) : null, after ? [revealPanel(state), balancePanel(state)] : null);
  };
  const drawPresence = () => replaceChildren(presence, h('h2', {}, tr('board.joined')), presenceList(connection.state));
  drawSide();
  drawPresence();
  let lastPhase = connection.state.phase;
  const update = () => {
    scene.setState(connection.state);
    scene.setDecorations(decorationsFor(connection.state, true));
    updatePhaseBar(phases);
    drawResults();
    if (connection.state.phase !== lastPhase) {
      lastPhase = connection.state.phase;
      toast(tr('phase.changed', { phase: tr(`phase.${lastPhase}` as MessageKey) }));
      if (lastPhase === 'reveal') scene.playReveal();
    }
    drawPresence();
    updateTopBar(bar, { title: connection.state.title, focus: connection.state.focus, status: connection.status });
    boardHost.dataset.pieces = String(connection.state.pieces.length);
  };
  update();
  boardHost.dataset.ready = 'true';
  connection.on('state', update);
  connection.on('drags', (drags) => scene.setDrags(drags));
  connection.on('status', update);
  onLanguageChange((lang) => {
    scene.setLanguage(lang);
    drawSide();
    update();
  });
  // the shared screen has no cursor, no tray, no pointer handling at all: it only shows
}
